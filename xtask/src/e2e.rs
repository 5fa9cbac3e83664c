//! The end-to-end run: Xvfb, tauri-driver (which drives WebKitWebDriver), and the WebdriverIO
//! specs in ui/e2e against the real debug build, each run on its own library and XDG folders.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{setup, sh};

/// What one run drives: which specs, on which library, with its artifacts where.
struct Suite<'a> {
    /// Folder of the spec files, relative to the repository root.
    dir: &'a str,
    /// How the spec files' names end.
    suffix: &'a str,
    /// Folder (under target/) for this run's library, XDG folders and screenshots.
    work: &'a str,
    /// A library to copy in and open instead of a new, empty one.
    library: Option<&'a Path>,
    /// The app and CLI to drive; the debug build when not given.
    binaries: Option<&'a Installed<'a>>,
    /// Which specs, as BRIEFDESK_E2E_ONLY would choose them (which it overrides).
    only: Option<&'a str>,
    /// More environment for the app and the specs (e.g. the package test's update feed).
    env: &'a [(&'a str, String)],
}

/// An installed app and CLI to run specs against instead of the build tree's.
pub struct Installed<'a> {
    pub app: &'a Path,
    pub cli: &'a Path,
}

/// The end-to-end specs, `ui/e2e/*.e2e.mjs`, on one fresh library.
pub fn run() -> Result<()> {
    run_suite(&Suite {
        dir: "ui/e2e",
        suffix: ".e2e.mjs",
        work: "target/e2e",
        library: None,
        binaries: None,
        only: None,
        env: &[],
    })
}

/// The first-run spec against an installed app (`cargo xtask test-package`), in `work`;
/// returns the library it left there.
pub fn run_first_run_installed(installed: &Installed, work: &str) -> Result<PathBuf> {
    run_suite(&Suite {
        dir: "ui/e2e",
        suffix: ".e2e.mjs",
        work,
        library: None,
        binaries: Some(installed),
        only: Some("00-first-run"),
        env: &[],
    })?;
    Ok(sh::root().join(work).join("library.sqlite3"))
}

/// The update spec (`ui/e2e/package/updates.package.mjs`) against the installed app, on a copy
/// of `library`, with the feed and the package named in `env`; returns the library it used.
pub fn run_updates_installed(
    installed: &Installed,
    work: &str,
    library: &Path,
    env: &[(&str, String)],
) -> Result<PathBuf> {
    run_suite(&Suite {
        dir: "ui/e2e/package",
        suffix: ".package.mjs",
        work,
        library: Some(library),
        binaries: Some(installed),
        only: Some("updates"),
        env,
    })?;
    Ok(sh::root().join(work).join("library.sqlite3"))
}

/// The performance scripts, `ui/e2e/perf/*.perf.mjs`, on a copy of a large library (too slow
/// for `cargo xtask test`; see ui/e2e/perf/README.md).
pub fn run_perf(library: &Path) -> Result<()> {
    run_suite(&Suite {
        dir: "ui/e2e/perf",
        suffix: ".perf.mjs",
        work: "target/e2e-perf",
        library: Some(library),
        binaries: None,
        only: None,
        env: &[],
    })
}

/// Launch to a painted library window (ui/e2e/perf/startup.perf.mjs) of the release build
/// `cargo xtask bundle` made, on a copy of `library`.
pub fn run_startup(library: &Path) -> Result<()> {
    // BRIEFDESK_STARTUP_PROFILE=debug times the debug build instead: its page is the same
    // bundle (ui/dist is embedded in both), so it answers questions about the page in minutes.
    let profile = std::env::var("BRIEFDESK_STARTUP_PROFILE").unwrap_or_else(|_| "release".into());
    let release = sh::root().join("target").join(profile);
    let exe = std::env::consts::EXE_SUFFIX;
    let (app, cli) = (
        release.join(format!("briefdesk-app{exe}")),
        release.join(format!("briefdesk{exe}")),
    );
    run_suite(&Suite {
        dir: "ui/e2e/perf",
        suffix: ".perf.mjs",
        work: "target/e2e-startup",
        library: Some(library),
        binaries: Some(&Installed {
            app: &app,
            cli: &cli,
        }),
        only: Some("startup"),
        env: &[],
    })
}

/// The README's screenshots, `ui/e2e/shots/*.shot.mjs`, written into docs/.
pub fn run_screenshots() -> Result<()> {
    run_suite(&Suite {
        dir: "ui/e2e/shots",
        suffix: ".shot.mjs",
        work: "target/e2e-shots",
        library: None,
        binaries: None,
        only: None,
        env: &[],
    })
}

fn run_suite(suite: &Suite) -> Result<()> {
    let root = sh::root();
    let (app, cli) = match suite.binaries {
        Some(installed) => (installed.app.to_path_buf(), installed.cli.to_path_buf()),
        None => (
            root.join("target/debug/briefdesk-app"),
            root.join("target/debug/briefdesk"),
        ),
    };
    if !app.is_file() {
        bail!(
            "{} is missing: build it first (cargo xtask e2e does)",
            app.display()
        );
    }
    let work = fresh_dir(&root.join(suite.work))?;
    let home = work.join("home");
    for sub in ["data", "cache", "config"] {
        std::fs::create_dir_all(home.join(sub))
            .with_context(|| format!("cannot create {}", home.display()))?;
    }
    let library = work.join("library.sqlite3");
    if let Some(source) = suite.library {
        // A copy: opening upgrades and writes to the library, and the original stays as it was.
        std::fs::copy(source, &library).with_context(|| {
            format!("cannot copy {} to {}", source.display(), library.display())
        })?;
    }

    let xvfb = Xvfb::start()?;
    let bus = SessionBus::start()?;
    let port = free_port()?;
    let native_port = free_port()?;
    let driver_program = if sh::on_path("tauri-driver") {
        PathBuf::from("tauri-driver")
    } else {
        setup::cargo_bin("tauri-driver")
    };
    let mut driver = Command::new(&driver_program);
    driver
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("DISPLAY", &xvfb.display)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        // The app's log (state/briefdesk/logs/briefdesk.log) stays with the run's files.
        .env("XDG_STATE_HOME", home.join("state"))
        .env("BRIEFDESK_LIBRARY", &library)
        // The run's own D-Bus session bus: a second launch of the app finds the running one
        // there (the clipper's links). GTK's file chooser still keeps its settings in memory
        // (no dconf service on this bus), and no accessibility bus is started.
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("GSETTINGS_BACKEND", "memory")
        .env("NO_AT_BRIDGE", "1")
        // No GPU under Xvfb; WebKit's DMA-BUF renderer would only log errors.
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        // No spec reaches the internet: the app's daily update check asks a closed port on this
        // machine (and says nothing), unless the suite names a feed of its own below.
        .env(
            "BRIEFDESK_UPDATE_ENDPOINT",
            "http://127.0.0.1:9/latest.json",
        )
        .envs(suite.env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::null());
    let driver = Terminated(driver.spawn().context("cannot start tauri-driver")?);
    wait_for_port(port, Duration::from_secs(20))?;

    let specs_found = spec_files(&root.join(suite.dir), suite.suffix, suite.only)?;
    let mut specs = Command::new("node");
    specs
        .args(["--test", "--test-concurrency=1"])
        .args(&specs_found)
        .current_dir(root.join("ui"))
        .env("BRIEFDESK_APP", &app)
        .env("BRIEFDESK_E2E_LIBRARY", &library)
        .env("BRIEFDESK_CLI", &cli)
        .env("BRIEFDESK_E2E_ARTIFACTS", &work)
        // The specs reach the app's native dialogs and clipboard on this display (xdotool, xclip).
        .env("DISPLAY", &xvfb.display)
        .env("WEBDRIVER_PORT", port.to_string())
        // A spec that drives two app windows starts a second tauri-driver of its own (one
        // WebKitWebDriver holds one session): ui/e2e/team-two-windows.e2e.mjs.
        .env("BRIEFDESK_TAURI_DRIVER", &driver_program)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .envs(suite.env.iter().map(|(k, v)| (k, v)));
    let result = sh::run(specs);
    drop(driver);
    drop(bus);
    drop(xvfb);
    result
}

/// A child process stopped with SIGTERM when dropped, so tauri-driver can stop WebKitWebDriver.
struct Terminated(Child);

impl Drop for Terminated {
    fn drop(&mut self) {
        let pid = self.0.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Xvfb {
    _process: Terminated,
    display: String,
}

impl Xvfb {
    /// Starts Xvfb on a free display; it reports the number it took through `-displayfd`.
    fn start() -> Result<Xvfb> {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start Xvfb (apt-get install xvfb)")?;
        let stdout = child.stdout.take().context("Xvfb has no stdout")?;
        let process = Terminated(child);
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .context("Xvfb did not report a display")?;
        let number = line.trim();
        if number.is_empty() {
            bail!("Xvfb did not start");
        }
        Ok(Xvfb {
            _process: process,
            display: format!(":{number}"),
        })
    }
}

/// A D-Bus session bus of the run's own, so that no app of the machine's desktop (or of another
/// run) answers for the app under test.
struct SessionBus {
    _process: Terminated,
    address: String,
}

impl SessionBus {
    fn start() -> Result<SessionBus> {
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start dbus-daemon (apt-get install dbus-daemon)")?;
        let stdout = child.stdout.take().context("dbus-daemon has no stdout")?;
        let process = Terminated(child);
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .context("dbus-daemon did not report its address")?;
        let address = line.trim().to_string();
        if address.is_empty() {
            bail!("dbus-daemon did not start");
        }
        Ok(SessionBus {
            _process: process,
            address,
        })
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free local port")?;
    Ok(listener.local_addr()?.port())
}

fn wait_for_port(port: u16, limit: Duration) -> Result<()> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("tauri-driver did not listen on port {port} within {limit:?}")
}

/// The spec files, `dir/*suffix`, in name order; none is an error, not a pass.
fn spec_files(dir: &Path, suffix: &str, only: Option<&str>) -> Result<Vec<PathBuf>> {
    let only = only
        .map(str::to_string)
        .or_else(|| std::env::var("BRIEFDESK_E2E_ONLY").ok());
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .filter(|path| match &only {
            // While working on some specs: `BRIEFDESK_E2E_ONLY=first-run,transfer cargo xtask e2e`.
            // The file name only: the folder's path may hold any word (a worktree named xss).
            Some(only) if !only.is_empty() => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default();
                only.split(',').any(|word| name.contains(word))
            }
            _ => true,
        })
        .collect();
    specs.sort();
    if specs.is_empty() {
        bail!("no specs (*{suffix}) in {}", dir.display());
    }
    Ok(specs)
}

/// An empty folder for this run's library, XDG folders and screenshots.
pub fn fresh_dir(path: &Path) -> Result<PathBuf> {
    if path.exists() {
        std::fs::remove_dir_all(path)
            .with_context(|| format!("cannot clear {}", path.display()))?;
    }
    std::fs::create_dir_all(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(path.to_path_buf())
}
