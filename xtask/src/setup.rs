//! Installs what Briefdesk needs and the machine lacks: Debian/Ubuntu packages (apt-get, as root
//! or through sudo), the UI's npm packages, and tauri-driver for the end-to-end test.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Result, bail};

use crate::sh;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Run,
    Test,
    /// The package test: Test's, and the tools that check installers.
    Package,
}

/// What the Tauri app needs to build and run on Linux.
const BUILD_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "curl",
    "wget",
    "file",
    "libxdo-dev",
    // OpenSSL's headers: native-tls (the team server's TLS) builds against them.
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "pkg-config",
];

/// What the headless end-to-end test adds.
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "imagemagick",
    // The end-to-end run types a file name into the native save dialog and reads the clipboard.
    "xdotool",
    "xclip",
    // Sources quote Chinese, Japanese and Korean: without a CJK font the window (and the
    // README's screenshots) draw them as boxes. Liberation is the sans the screenshots use.
    "fonts-noto-cjk",
    "fonts-liberation",
    // The bookmarklet's test runs its code in headless Chromium (ui/src/lib/clipper).
    "chromium",
    // The clipper's end-to-end spec hands a link to the running app over a D-Bus session bus.
    "dbus-daemon",
    // The team library's tests start a throwaway server of their own (initdb on a temporary
    // folder, a free port on 127.0.0.1); psql checks what it holds.
    "postgresql",
    // The team library's TLS tests make a CA and the server's certificate at test time.
    "openssl",
    // The team password test keeps a password in a real keychain: gnome-keyring's Secret
    // Service on a D-Bus session bus the test starts (dbus-daemon, above).
    "gnome-keyring",
];

/// What `cargo xtask test-package` adds: desktop-file-validate, rpm to read the .rpm, and sudo,
/// through which the updater installs a .deb (as on an editor's machine without pkexec).
const PACKAGE_PACKAGES: &[&str] = &["desktop-file-utils", "rpm", "sudo"];

/// Programs the tests run, and the package that brings each when it is not on PATH
/// (java runs the Nu HTML Checker on the HTML export).
const TEST_PROGRAMS: &[(&str, &str)] = &[("java", "default-jre-headless")];

pub fn all(need: Need) -> Result<()> {
    system_packages(need)?;
    node_packages()?;
    if need != Need::Run {
        tauri_driver()?;
    }
    Ok(())
}

fn system_packages(need: Need) -> Result<()> {
    if !cfg!(target_os = "linux") || !sh::on_path("dpkg-query") {
        eprintln!(
            "xtask: not a Debian/Ubuntu system; install Tauri's prerequisites yourself (see README)"
        );
        return Ok(());
    }
    let mut wanted: Vec<&str> = BUILD_PACKAGES.to_vec();
    if need != Need::Run {
        wanted.extend(TEST_PACKAGES);
    }
    if need == Need::Package {
        wanted.extend(PACKAGE_PACKAGES);
    }
    let mut missing: Vec<&str> = wanted.into_iter().filter(|p| !installed(p)).collect();
    if need != Need::Run {
        missing.extend(
            TEST_PROGRAMS
                .iter()
                .filter(|(program, _)| !sh::on_path(program))
                .map(|(_, package)| *package),
        );
    }
    apt_install(&missing)
}

/// Installs the Debian package of each program in `wanted` (program, package) that is not on
/// PATH, e.g. ripgrep for `cargo xtask bench`.
pub fn programs(wanted: &[(&str, &str)]) -> Result<()> {
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(program, _)| !sh::on_path(program))
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !cfg!(target_os = "linux") || !sh::on_path("dpkg-query") {
        bail!(
            "not a Debian/Ubuntu system: install {} yourself",
            missing.join(" ")
        );
    }
    apt_install(&missing)
}

/// apt-get install, as root or through sudo.
fn apt_install(missing: &[&str]) -> Result<()> {
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing {}", missing.join(" "));
    let as_root = is_root();
    if !as_root && !sh::on_path("sudo") {
        bail!(
            "missing system packages and no sudo: apt-get install {}",
            missing.join(" ")
        );
    }
    let apt = |args: &[&str]| -> Result<()> {
        let mut cmd = if as_root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !as_root {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        sh::run(cmd)
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(missing.iter().copied());
    apt(&install)
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("install ok installed"))
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// `npm ci` when node_modules is missing or older than the lock file.
fn node_packages() -> Result<()> {
    if !sh::on_path("npm") {
        bail!("npm is missing: install Node.js 20 or newer (https://nodejs.org)");
    }
    let ui = sh::root().join("ui");
    let modified = |p: PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let lock = modified(ui.join("package-lock.json"));
    let installed = modified(ui.join("node_modules/.package-lock.json"));
    if installed.is_none() || lock > installed {
        sh::npm(&["ci", "--no-audit", "--no-fund"])?;
    }
    Ok(())
}

fn tauri_driver() -> Result<()> {
    if sh::on_path("tauri-driver") || cargo_bin("tauri-driver").is_file() {
        return Ok(());
    }
    sh::cargo(&["install", "tauri-driver", "--locked"])
}

/// Where `cargo install` puts a program.
pub fn cargo_bin(program: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    home.join("bin").join(program)
}
