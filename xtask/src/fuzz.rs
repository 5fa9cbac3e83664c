//! `cargo xtask fuzz [SECONDS]`: every cargo-fuzz target in fuzz/ for a set time each, one after
//! another, with libFuzzer's own limits for hangs and memory. Fails when any target leaves a
//! crash, timeout or out-of-memory input, and says where it is.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::sh;

/// The targets in fuzz/fuzz_targets, in the order they run.
const TARGETS: [&str; 8] = [
    "import_text",
    "import_markdown",
    "import_json",
    "import_bookmarks",
    "import_csv",
    "import_rich",
    "render_markdown",
    "import_export",
];

/// libFuzzer's limits: an input taking over 10 s is a hang, over 2 GB of memory is unbounded
/// growth; inputs up to 1 MB (imports refuse files over 8 MB before parsing anything).
const LIBFUZZER_FLAGS: [&str; 4] = [
    "-timeout=10",
    "-rss_limit_mb=2048",
    "-max_len=1048576",
    "-print_final_stats=1",
];

/// What one target's run reported.
#[derive(Default)]
struct Figures {
    execs: Option<u64>,
    execs_per_sec: Option<u64>,
    coverage: Option<String>,
    features: Option<String>,
    corpus: Option<String>,
    peak_rss_mb: Option<u64>,
    seconds: u64,
}

pub fn run(seconds: Option<&str>) -> Result<()> {
    let seconds = seconds.unwrap_or("60");
    let Ok(seconds) = seconds.parse::<u32>() else {
        bail!("fuzz: {seconds:?} is not a number of seconds");
    };
    let toolchain = Toolchain::pick();
    install_cargo_fuzz(&toolchain)?;
    let root = sh::root();
    // Build every target first, so the time column is fuzzing time, not compiling time.
    sh::run(fuzz_command(&toolchain, "build", None))?;
    let mut figures = Vec::new();
    let mut failures = Vec::new();
    for target in TARGETS {
        let artifacts = root.join("fuzz/artifacts").join(target);
        let before = findings(&artifacts);
        // New inputs go to the first corpus directory only: the committed seeds are read, never
        // changed, and what a run finds is kept for the next run under target/.
        let work = root.join("target/fuzz-corpus").join(target);
        std::fs::create_dir_all(&work)
            .with_context(|| format!("cannot create {}", work.display()))?;
        let mut cmd = fuzz_command(&toolchain, "run", Some(target));
        cmd.arg(&work)
            .arg(root.join("fuzz/corpus").join(target))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .args(LIBFUZZER_FLAGS);
        let started = Instant::now();
        let (ok, mut found) = run_reporting(cmd)?;
        found.seconds = started.elapsed().as_secs();
        let new: Vec<PathBuf> = findings(&artifacts)
            .into_iter()
            .filter(|f| !before.contains(f))
            .collect();
        if !ok || !new.is_empty() {
            failures.push(format!(
                "{target}: {}",
                if new.is_empty() {
                    "cargo fuzz failed (see its output above)".to_string()
                } else {
                    new.iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ));
        }
        figures.push((target, found));
    }
    print_figures(&figures, &toolchain);
    if !failures.is_empty() {
        bail!(
            "fuzz: {} target(s) failed; reproduce with `cargo fuzz run TARGET FILE` in fuzz/, \
             fix, and add the input to fuzz/corpus/TARGET/:\n  {}",
            failures.len(),
            failures.join("\n  ")
        );
    }
    println!("\nxtask fuzz: no crash, hang or runaway memory in {seconds} s per target");
    Ok(())
}

/// `cargo fuzz build|run [TARGET]` with the flags both share, so a run reuses the build.
fn fuzz_command(toolchain: &Toolchain, sub: &str, target: Option<&str>) -> Command {
    let mut cmd = toolchain.cargo_fuzz();
    cmd.arg(sub);
    cmd.args(target);
    cmd.arg("--target-dir")
        .arg(sh::root().join("target/fuzz"))
        // Overflow and other debug assertions are bugs here as in the tests.
        .arg("--debug-assertions");
    if toolchain.stable {
        cmd.args(["--sanitizer", "none"]);
    }
    cmd
}

/// cargo-fuzz wants nightly (for the sanitizers); without a nightly toolchain, stable runs it
/// with RUSTC_BOOTSTRAP=1 and no sanitizer (libFuzzer's coverage still works).
struct Toolchain {
    stable: bool,
}

impl Toolchain {
    fn pick() -> Toolchain {
        let nightly = Command::new("rustup")
            .args(["toolchain", "list"])
            .output()
            .is_ok_and(|out| {
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .any(|l| l.starts_with("nightly"))
            });
        Toolchain { stable: !nightly }
    }

    fn cargo(&self) -> Command {
        let mut cmd = if self.stable {
            let mut cmd = Command::new("cargo");
            cmd.env("RUSTC_BOOTSTRAP", "1");
            cmd
        } else {
            let mut cmd = Command::new("rustup");
            cmd.args(["run", "nightly", "cargo"]);
            cmd
        };
        // `cargo xtask` runs under the stable cargo: keep its choices from leaking into the
        // fuzz build.
        for var in [
            "RUSTUP_TOOLCHAIN",
            "CARGO",
            "RUSTC",
            "RUSTDOC",
            "CARGO_TARGET_DIR",
        ] {
            cmd.env_remove(var);
        }
        cmd.current_dir(sh::root());
        cmd
    }

    fn cargo_fuzz(&self) -> Command {
        let mut cmd = self.cargo();
        cmd.arg("fuzz");
        cmd
    }
}

fn install_cargo_fuzz(toolchain: &Toolchain) -> Result<()> {
    let mut probe = toolchain.cargo_fuzz();
    probe
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if probe.status().is_ok_and(|s| s.success()) {
        return Ok(());
    }
    let mut install = Command::new("cargo");
    install.args(["install", "cargo-fuzz", "--locked"]);
    sh::run(install)
}

/// Runs cargo fuzz, passing its output through (except libFuzzer's lines per new input and newly
/// covered function) and
/// picking out the figures of the run.
fn run_reporting(mut cmd: Command) -> Result<(bool, Figures)> {
    let shown = format!("{cmd:?}");
    eprintln!("xtask: {shown}");
    let mut child = cmd
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {shown}"))?;
    let mut figures = Figures::default();
    let mut quiet = 0u64;
    if let Some(stderr) = child.stderr.take() {
        // Bytes, not lines of UTF-8: a crash report may quote the input.
        for line in BufReader::new(stderr).split(b'\n') {
            let line = line.context("reading cargo fuzz's output")?;
            let line = String::from_utf8_lossy(&line);
            read_figures(&line, &mut figures);
            let new_input =
                line.starts_with('#') && (line.contains("\tNEW ") || line.contains("\tREDUCE "));
            if new_input || line.starts_with("\tNEW_FUNC") {
                quiet += 1;
                continue;
            }
            eprintln!("{line}");
        }
    }
    let status = child.wait().context("waiting for cargo fuzz")?;
    eprintln!("({quiet} lines about new inputs and newly covered functions not shown)");
    Ok((status.success(), figures))
}

/// Reads libFuzzer's status lines (`#123 DONE cov: 456 ft: 789 corp: 12/3456b …`) and final stats.
fn read_figures(line: &str, figures: &mut Figures) {
    let stat = |name: &str| {
        line.strip_prefix(name)
            .and_then(|rest| rest.trim().parse::<u64>().ok())
    };
    if let Some(n) = stat("stat::number_of_executed_units:") {
        figures.execs = Some(n);
    } else if let Some(n) = stat("stat::average_exec_per_sec:") {
        figures.execs_per_sec = Some(n);
    } else if let Some(n) = stat("stat::peak_rss_mb:") {
        figures.peak_rss_mb = Some(n);
    } else if line.starts_with('#') {
        let mut words = line.split_whitespace();
        while let Some(word) = words.next() {
            let slot = match word {
                "cov:" => &mut figures.coverage,
                "ft:" => &mut figures.features,
                "corp:" => &mut figures.corpus,
                _ => continue,
            };
            *slot = words.next().map(str::to_string);
        }
    }
}

fn print_figures(figures: &[(&str, Figures)], toolchain: &Toolchain) {
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
    let number = |v: Option<u64>| v.map_or_else(|| "?".into(), |n| n.to_string());
    println!(
        "\nxtask fuzz ({}):",
        if toolchain.stable {
            "stable with RUSTC_BOOTSTRAP=1, no sanitizer"
        } else {
            "nightly, AddressSanitizer"
        }
    );
    println!(
        "{:<16} {:>6} {:>11} {:>8} {:>6} {:>6} {:>14} {:>8}",
        "target", "time", "execs", "execs/s", "cov", "ft", "corpus", "peak MB"
    );
    for (target, f) in figures {
        println!(
            "{:<16} {:>5}s {:>11} {:>8} {:>6} {:>6} {:>14} {:>8}",
            target,
            f.seconds,
            number(f.execs),
            number(f.execs_per_sec),
            shown(&f.coverage),
            shown(&f.features),
            shown(&f.corpus),
            number(f.peak_rss_mb),
        );
    }
}

/// The crash, timeout, out-of-memory and leak inputs libFuzzer saved for a target.
fn findings(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                ["crash-", "timeout-", "oom-", "leak-"]
                    .iter()
                    .any(|k| n.starts_with(k))
            })
        })
        .collect()
}
