//! `cargo xtask test-package`: builds the installers (`cargo xtask bundle`), installs the .deb
//! on this machine and checks what an editor gets: the desktop entry and icons, `briefdesk` on
//! the PATH, the installed app passing the first-run spec, and the editor's library and backups
//! untouched by uninstalling and opened again after reinstalling. The .rpm is read, not
//! installed (this is a Debian/Ubuntu machine): its metadata and file list.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::{bundle, e2e, setup, sh};

mod updates;

/// Folder (under the repository) of the spec run's library, XDG folders and screenshots.
const WORK: &str = "target/package-test";
/// The throwaway updater key pairs (outside WORK, which each spec run empties).
const KEYS: &str = "target/package-test-keys";

pub fn run() -> Result<()> {
    if !cfg!(target_os = "linux") || !sh::on_path("dpkg") {
        bail!("test-package installs the .deb: it runs on Debian or Ubuntu only");
    }
    let started = Instant::now();
    let mut times: Vec<(&str, Duration)> = Vec::new();
    setup::all(setup::Need::Package)?;

    // A throwaway key pair: the test build trusts its public key, and the test signs the newer
    // release with it (the release key never comes near a test).
    let keys = updates::Keys::generate(&sh::root().join(KEYS))?;
    let step = Instant::now();
    let bundles = bundle::run(&bundle::Options {
        test_updater_key: Some(keys.public.clone()),
        ..bundle::Options::default()
    })?;
    times.push(("release build and installers", step.elapsed()));
    let deb = bundles.file(".deb")?.to_path_buf();
    let rpm = bundles.file(".rpm")?.to_path_buf();

    let step = Instant::now();
    let control = check_deb_metadata(&deb)?;
    let package = field(&control, "Package")?;
    // A run stopped half-way may have left it installed.
    if installed_version(&package).is_some() {
        apt(&["purge", "-y", "-qq", &package])?;
    }
    install(&deb)?;
    let files = installed_files(&package)?;
    let app = check_desktop_entry(&files)?;
    let cli = check_cli_on_path()?;
    for wanted in [
        "/usr/bin/briefdesk",
        "/usr/share/doc/briefdesk/THIRD-PARTY-NOTICES",
    ] {
        if !files.iter().any(|f| f == Path::new(wanted)) {
            bail!("the .deb does not install {wanted}");
        }
    }
    times.push(("install and check the .deb", step.elapsed()));

    let step = Instant::now();
    let library = e2e::run_first_run_installed(
        &e2e::Installed {
            app: &app,
            cli: &cli,
        },
        WORK,
    )?;
    times.push(("first-run spec on the installed app", step.elapsed()));

    let step = Instant::now();
    // The app backs up on opening; one more from the CLI makes sure there is something to keep.
    run_cli(&cli, &library, &["backup"])?;
    let before = Snapshot::take(&library)?;
    let briefs = brief_count(&cli, &library)?;
    apt(&["purge", "-y", "-qq", &package])?;
    if Path::new("/usr/bin/briefdesk").exists() || installed_version(&package).is_some() {
        bail!("{package} is still installed after apt-get purge");
    }
    let after = Snapshot::take(&library)?;
    if after != before {
        bail!(
            "uninstalling changed the library or its backups:\nbefore: {before:?}\nafter:  {after:?}"
        );
    }
    install(&deb)?;
    let reopened = brief_count(&cli, &library)?;
    if reopened != briefs {
        bail!("after reinstalling, the library holds {reopened} briefs, not {briefs}");
    }
    let backups = backup_count(&cli, &library)?;
    if backups != before.backup_count() {
        bail!(
            "after reinstalling, {backups} backups are listed, not {}",
            before.backup_count()
        );
    }
    times.push(("uninstall, reinstall, reopen", step.elapsed()));

    let step = Instant::now();
    let updated = updates::check(
        &updates::Subject {
            deb: &deb,
            package: &package,
            installed: &e2e::Installed {
                app: &app,
                cli: &cli,
            },
            library: &library,
            briefs,
        },
        &keys,
    )?;
    times.push(("updates: 3 refused, 1 installed", step.elapsed()));

    let step = Instant::now();
    check_rpm(&rpm)?;
    times.push(("read the .rpm", step.elapsed()));
    // Leave the machine as it was: the package test's install is not the editor's.
    apt(&["purge", "-y", "-qq", &package])?;

    println!("\nxtask test-package: passed");
    println!(
        "  .deb      {:>9}  {}",
        bundle::size_text(&deb),
        deb.display()
    );
    println!(
        "  .rpm      {:>9}  {}",
        bundle::size_text(&rpm),
        rpm.display()
    );
    println!(
        "  installed {:>9}  (the .deb's Installed-Size)",
        format!(
            "{:.2} MB",
            field(&control, "Installed-Size")?
                .parse::<f64>()
                .unwrap_or(0.0)
                * 1024.0
                / 1e6
        )
    );
    println!(
        "  app       {:>9}  /usr/bin/{}",
        bundle::size_text(&bundles.app_binary),
        file_name(&app)
    );
    println!(
        "  CLI       {:>9}  /usr/bin/briefdesk",
        bundle::size_text(&bundles.cli_binary)
    );
    println!(
        "  library   {briefs} briefs, {} backups, kept through purge and reinstall",
        before.backup_count()
    );
    println!("  updates   {updated}");
    for (what, time) in &times {
        println!("  {:>6.1} s  {what}", time.as_secs_f64());
    }
    println!("  {:>6.1} s  in all", started.elapsed().as_secs_f64());
    Ok(())
}

/// The .deb's control fields, checked for what a package manager shows an editor.
fn check_deb_metadata(deb: &Path) -> Result<String> {
    let control = output(Command::new("dpkg-deb").arg("--field").arg(deb))?;
    let maintainer = field(&control, "Maintainer")?;
    if !(maintainer.contains('<') && maintainer.ends_with('>')) {
        bail!("the .deb's Maintainer is {maintainer:?}, not a name and an address");
    }
    let description = field(&control, "Description")?;
    if description.lines().count() < 2 {
        bail!("the .deb's Description has no long description: {description:?}");
    }
    for (name, wanted) in [
        ("Homepage", "https://"),
        ("Depends", "libwebkit2gtk-4.1"),
        ("Depends", "libssl3"),
        ("Version", "."),
    ] {
        let value = field(&control, name)?;
        if !value.contains(wanted) {
            bail!("the .deb's {name} is {value:?}");
        }
    }
    Ok(control)
}

/// A control field's value (continuation lines included), from `dpkg-deb --field` output.
fn field(control: &str, name: &str) -> Result<String> {
    let mut lines = control.lines();
    let prefix = format!("{name}:");
    while let Some(line) = lines.next() {
        if let Some(value) = line.strip_prefix(&prefix) {
            let mut value = value.trim().to_string();
            for more in lines.by_ref().take_while(|l| l.starts_with(' ')) {
                value.push('\n');
                value.push_str(more.trim());
            }
            return Ok(value);
        }
    }
    bail!("the .deb has no {name} field")
}

/// The one .desktop file the package installs, valid, starting an installed program, with its
/// icon installed in the sizes its folders name. Returns the program.
fn check_desktop_entry(files: &[PathBuf]) -> Result<PathBuf> {
    let entries: Vec<&PathBuf> = files
        .iter()
        .filter(|f| {
            f.starts_with("/usr/share/applications")
                && f.extension().is_some_and(|e| e == "desktop")
        })
        .collect();
    let [entry] = entries.as_slice() else {
        bail!(
            "the package installs {} desktop entries, not one",
            entries.len()
        );
    };
    let mut validate = Command::new("desktop-file-validate");
    validate.arg(entry);
    let complaints = output(&mut validate)?;
    if !complaints.trim().is_empty() {
        bail!("desktop-file-validate {}: {complaints}", entry.display());
    }
    let text = std::fs::read_to_string(entry)
        .with_context(|| format!("cannot read {}", entry.display()))?;
    let key = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .map(str::trim)
            .with_context(|| format!("{} has no {name}=", entry.display()))
    };
    let exec = key("Exec")?;
    check_link_handler(exec, key("MimeType")?)?;
    let program = exec.split_whitespace().next().unwrap_or_default();
    let program = if program.starts_with('/') {
        PathBuf::from(program)
    } else {
        Path::new("/usr/bin").join(program)
    };
    if !program.is_file() {
        bail!("the desktop entry starts {exec:?}, which is not installed");
    }
    let icon = key("Icon")?;
    let icons: Vec<&PathBuf> = files
        .iter()
        .filter(|f| {
            f.starts_with("/usr/share/icons/hicolor")
                && f.file_name().is_some_and(|n| *n == *format!("{icon}.png"))
        })
        .collect();
    if icons.is_empty() {
        bail!("no icon named {icon:?} is installed");
    }
    for path in icons {
        check_icon(path)?;
    }
    Ok(program)
}

/// An icon in hicolor/NxN/apps (or NxN@2, twice the pixels) is a PNG of that size.
fn check_icon(path: &Path) -> Result<()> {
    let folder = path
        .parent()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (size, scale) = match folder.split_once('@') {
        Some((size, scale)) => (size, scale.parse::<u32>().unwrap_or(0)),
        None => (folder.as_str(), 1),
    };
    let expected = size
        .split_once('x')
        .and_then(|(w, h)| {
            Some((
                w.parse::<u32>().ok()? * scale,
                h.parse::<u32>().ok()? * scale,
            ))
        })
        .with_context(|| format!("{} is not in a size folder", path.display()))?;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let actual = png_size(&bytes).with_context(|| format!("{} is not a PNG", path.display()))?;
    if actual != expected {
        bail!(
            "{} is {}x{}, not {}x{}",
            path.display(),
            actual.0,
            actual.1,
            expected.0,
            expected.1
        );
    }
    Ok(())
}

/// Width and height from a PNG's header (its first chunk is IHDR).
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(..8)? != b"\x89PNG\r\n\x1a\n" || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let word = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    Some((word(16)?, word(20)?))
}

/// `briefdesk` as the PATH finds it is the installed one, and it runs.
fn check_cli_on_path() -> Result<PathBuf> {
    let found = std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("briefdesk"))
                .find(|p| p.is_file())
        })
        .context("briefdesk is not on the PATH after installing")?;
    if found != Path::new("/usr/bin/briefdesk") {
        bail!(
            "the PATH finds {} before /usr/bin/briefdesk",
            found.display()
        );
    }
    let version = output(Command::new("briefdesk").arg("--version"))?;
    let wanted = format!("briefdesk {}", env!("CARGO_PKG_VERSION"));
    if version.trim() != wanted {
        bail!("briefdesk --version printed {version:?}, not {wanted:?}");
    }
    Ok(found)
}

/// The library file and its backups, byte for byte.
#[derive(PartialEq, Eq)]
struct Snapshot {
    library: Vec<u8>,
    backups: Vec<(String, Vec<u8>)>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let sizes: Vec<(&str, usize)> = self
            .backups
            .iter()
            .map(|(n, b)| (n.as_str(), b.len()))
            .collect();
        write!(f, "library {} bytes, backups {sizes:?}", self.library.len())
    }
}

impl Snapshot {
    /// The backups among the folder's files: its hidden notes (when the library was last checked
    /// whole) are kept through a reinstall too, but are not backups.
    fn backup_count(&self) -> usize {
        self.backups
            .iter()
            .filter(|(path, _)| {
                Path::new(path)
                    .file_name()
                    .is_some_and(|name| !name.to_string_lossy().starts_with('.'))
            })
            .count()
    }

    fn take(library: &Path) -> Result<Snapshot> {
        let read =
            |p: &Path| std::fs::read(p).with_context(|| format!("cannot read {}", p.display()));
        let dir = library
            .parent()
            .context("the library has no folder")?
            .join("backups");
        let mut backups = Vec::new();
        for entry in std::fs::read_dir(&dir).with_context(|| format!("no {}", dir.display()))? {
            let path = entry?.path();
            backups.push((path.to_string_lossy().into_owned(), read(&path)?));
        }
        backups.sort();
        if backups.is_empty() {
            bail!("{} holds no backups", dir.display());
        }
        Ok(Snapshot {
            library: read(library)?,
            backups,
        })
    }
}

fn run_cli(cli: &Path, library: &Path, args: &[&str]) -> Result<String> {
    let mut cmd = Command::new(cli);
    cmd.arg("--library").arg(library).args(args);
    output(&mut cmd)
}

fn brief_count(cli: &Path, library: &Path) -> Result<u64> {
    let info: Value = serde_json::from_str(&run_cli(cli, library, &["info", "--json"])?)
        .context("briefdesk info --json printed no JSON")?;
    info["brief_count"]
        .as_u64()
        .context("briefdesk info --json has no brief_count")
}

fn backup_count(cli: &Path, library: &Path) -> Result<usize> {
    let list: Value = serde_json::from_str(&run_cli(cli, library, &["backups", "--json"])?)
        .context("briefdesk backups --json printed no JSON")?;
    list.as_array()
        .map(Vec::len)
        .context("briefdesk backups --json is not a list")
}

/// The .rpm's metadata and file list (rpm -qip, rpm -qlp).
fn check_rpm(rpm: &Path) -> Result<()> {
    let info = output(Command::new("rpm").arg("-qip").arg(rpm))?;
    for (name, wanted) in [
        ("Name", "briefdesk"),
        ("Version", env!("CARGO_PKG_VERSION")),
        ("License", "MIT"),
        ("URL", "https://"),
        ("Summary", "briefs"),
    ] {
        let line = info
            .lines()
            .find(|l| l.starts_with(name) && l[name.len()..].trim_start().starts_with(':'))
            .with_context(|| format!("rpm -qip shows no {name}:\n{info}"))?;
        if !line.contains(wanted) {
            bail!("the .rpm's {line:?} lacks {wanted:?}");
        }
    }
    // Both programs load the system's TLS library (native-tls), which the bundler cannot see.
    let requires = output(Command::new("rpm").arg("-qpR").arg(rpm))?;
    if !requires
        .lines()
        .any(|l| l.trim().starts_with("libssl.so.3"))
    {
        bail!("the .rpm does not require the system's TLS library (libssl.so.3):\n{requires}");
    }
    let files = output(Command::new("rpm").arg("-qlp").arg(rpm))?;
    for wanted in [
        "/usr/bin/briefdesk",
        "/usr/bin/briefdesk-app",
        "/usr/share/doc/briefdesk/THIRD-PARTY-NOTICES",
    ] {
        if !files.lines().any(|l| l == wanted) {
            bail!("the .rpm does not install {wanted}:\n{files}");
        }
    }
    if !files
        .lines()
        .any(|l| l.starts_with("/usr/share/applications/") && l.ends_with(".desktop"))
    {
        bail!("the .rpm installs no desktop entry:\n{files}");
    }
    Ok(())
}

/// The entry hands the browser clipper's `briefdesk://` links to the app: it claims the scheme,
/// and its command line takes the link (`%u`), or a click on a bookmarklet starts the app (or
/// wakes the running one) without the page the editor clipped.
fn check_link_handler(exec: &str, mime_types: &str) -> Result<()> {
    if !mime_types
        .split(';')
        .any(|t| t.trim() == "x-scheme-handler/briefdesk")
    {
        bail!("the desktop entry does not claim briefdesk:// links (MimeType={mime_types})");
    }
    if !exec
        .split_whitespace()
        .skip(1)
        .any(|arg| arg == "%u" || arg == "%U")
    {
        bail!("the desktop entry's Exec={exec} passes no link to the app (no %u)");
    }
    Ok(())
}

fn installed_version(package: &str) -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${Status} ${Version}", package])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.strip_prefix("install ok installed ")
        .map(str::to_string)
}

fn installed_files(package: &str) -> Result<Vec<PathBuf>> {
    let list = output(Command::new("dpkg").args(["-L", package]))?;
    Ok(list.lines().map(PathBuf::from).collect())
}

/// apt-get resolves the .deb's dependencies (WebKitGTK) as an editor's would.
fn install(deb: &Path) -> Result<()> {
    let deb = deb.to_string_lossy();
    apt(&["install", "-y", "-qq", "--no-install-recommends", &deb])
}

/// apt-get as root, through sudo when not root already.
fn apt(args: &[&str]) -> Result<()> {
    let mut cmd = if setup::is_root() {
        Command::new("apt-get")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg("apt-get");
        sudo
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    sh::run(cmd)
}

/// A command's standard output; its failure is an error with its standard error.
fn output(cmd: &mut Command) -> Result<String> {
    let shown = format!("{cmd:?}");
    let out = cmd
        .output()
        .with_context(|| format!("cannot start {shown}"))?;
    if !out.status.success() {
        bail!(
            "{shown} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTROL: &str = "Package: briefdesk\nVersion: 0.1.0\nDescription: Draft briefs.\n Briefdesk is a desktop app.\n More.\nHomepage: https://example.org\n";

    #[test]
    fn a_desktop_entry_must_pass_the_link_it_claims() {
        assert!(check_link_handler("briefdesk-app %u", "x-scheme-handler/briefdesk;").is_ok());
        let err = check_link_handler("briefdesk-app", "x-scheme-handler/briefdesk").unwrap_err();
        assert!(err.to_string().contains("no %u"), "{err}");
        assert!(check_link_handler("briefdesk-app %u", "text/plain;").is_err());
    }

    #[test]
    fn control_fields_keep_their_continuation_lines() {
        assert_eq!(field(CONTROL, "Package").expect("field"), "briefdesk");
        assert_eq!(
            field(CONTROL, "Description").expect("field"),
            "Draft briefs.\nBriefdesk is a desktop app.\nMore."
        );
        assert!(field(CONTROL, "Maintainer").is_err());
    }

    #[test]
    fn a_png_header_gives_its_size_and_anything_else_none() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(256u32.to_be_bytes());
        png.extend(128u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((256, 128)));
        assert_eq!(png_size(b"GIF89a"), None);
        assert_eq!(png_size(&png[..18]), None);
    }
}
