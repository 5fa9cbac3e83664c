//! `cargo xtask bundle`: one release build of the app and the CLI, and the installers for the
//! system it runs on (Tauri's bundler, through the npm `@tauri-apps/cli` the UI installs).
//!
//! The CLI and the third-party notices reach the installers through a config overlay written
//! here (`--config`), not tauri.conf.json: tauri-build checks that every `externalBin` exists,
//! and a debug `cargo build` has no release CLI to point at.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{deb, licences, setup, sh};

/// The installers one run made, and what went into them.
pub struct Bundles {
    /// Every installer file, e.g. target/release/bundle/deb/Briefdesk_0.1.0_amd64.deb.
    pub files: Vec<PathBuf>,
    pub app_binary: PathBuf,
    pub cli_binary: PathBuf,
}

impl Bundles {
    /// The one installer whose name ends with `suffix` (".deb").
    pub fn file(&self, suffix: &str) -> Result<&Path> {
        self.files
            .iter()
            .find(|f| f.to_string_lossy().ends_with(suffix))
            .map(PathBuf::as_path)
            .with_context(|| format!("the bundle made no *{suffix}"))
    }
}

/// What Tauri bundles on this system. AppImage is left out: its tooling is downloaded at build
/// time (the release workflow asks for it with --bundles).
fn default_bundles() -> &'static str {
    if cfg!(target_os = "windows") {
        "msi,nsis"
    } else if cfg!(target_os = "macos") {
        "app,dmg"
    } else {
        "deb,rpm"
    }
}

/// Where the bundler writes each kind's installers, under target/release/bundle/: a folder
/// named after the kind, but `macos` for the .app.
fn target_dirs(options: &Options) -> Vec<String> {
    let bundles = options.bundles.as_deref().unwrap_or(default_bundles());
    bundles
        .split(',')
        .map(|kind| match kind.trim() {
            "app" => "macos".to_string(),
            kind => kind.to_string(),
        })
        .collect()
}

/// `cargo xtask bundle [--target TRIPLE] [--bundles a,b]`: the release workflow builds both
/// macOS architectures on one runner, and Linux's AppImage (the updater's kind) there.
#[derive(Default)]
pub struct Options {
    pub target: Option<String>,
    pub bundles: Option<String>,
    /// The package test's build only: the updater trusts this public key (a throwaway pair made
    /// by the test) and its local feed on http://127.0.0.1, instead of the release key and https.
    pub test_updater_key: Option<String>,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let slot = match arg.as_str() {
                "--target" => &mut options.target,
                "--bundles" => &mut options.bundles,
                other => bail!("bundle: unknown option {other:?} (--target TRIPLE, --bundles a,b)"),
            };
            *slot = Some(
                args.next()
                    .with_context(|| format!("{arg} needs a value"))?
                    .clone(),
            );
        }
        Ok(options)
    }
}

pub fn run(options: &Options) -> Result<Bundles> {
    setup::all(setup::Need::Run)?;
    let root = sh::root();
    let triple = match &options.target {
        Some(t) => t.clone(),
        None => host_triple()?,
    };
    let release = match &options.target {
        Some(t) => root.join("target").join(t).join("release"),
        None => root.join("target/release"),
    };
    let extra = root.join("target/bundle-extra");
    std::fs::create_dir_all(&extra)
        .with_context(|| format!("cannot create {}", extra.display()))?;

    // The CLI first, in the same profile; `tauri build` then builds the app.
    let mut cli_build = vec!["build", "--release", "--locked", "-p", "briefdesk-cli"];
    if let Some(t) = &options.target {
        cli_build.extend(["--target", t]);
    }
    sh::cargo(&cli_build)?;
    let exe = std::env::consts::EXE_SUFFIX;
    let cli_binary = release.join(format!("briefdesk{exe}"));
    // A sidecar is named after the target triple; the bundler installs it as `briefdesk`
    // beside the app (on Linux /usr/bin/briefdesk).
    let sidecar = extra.join(format!("briefdesk-{triple}{exe}"));
    std::fs::copy(&cli_binary, &sidecar).with_context(|| {
        format!(
            "cannot copy {} to {}",
            cli_binary.display(),
            sidecar.display()
        )
    })?;

    let notices = extra.join("THIRD-PARTY-NOTICES.txt");
    licences::write_notices(&notices)?;

    let overlay = extra.join("tauri.bundle.json");
    let signing = std::env::var_os("TAURI_SIGNING_PRIVATE_KEY").is_some_and(|k| !k.is_empty());
    if !signing {
        eprintln!(
            "xtask: TAURI_SIGNING_PRIVATE_KEY is not set: no updater artifacts (see README, Installers)"
        );
    }
    std::fs::write(
        &overlay,
        overlay_config(
            &extra.join("briefdesk"),
            &notices,
            signing,
            options.test_updater_key.as_deref(),
        ),
    )
    .with_context(|| format!("cannot write {}", overlay.display()))?;

    // Installers of an earlier run (another version's name) would be taken for this one's.
    for dir in target_dirs(options) {
        let dir = release.join("bundle").join(dir);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot clear {}", dir.display()))?;
        }
    }
    let bundles = options
        .bundles
        .clone()
        .unwrap_or_else(|| default_bundles().to_string());
    let mut tauri = Command::new("node");
    tauri
        .arg(root.join("ui/node_modules/@tauri-apps/cli/tauri.js"))
        .args(["build", "--ci", "--bundles", &bundles, "--config"])
        .arg(&overlay)
        .current_dir(&root);
    if let Some(t) = &options.target {
        tauri.args(["--target", t]);
    }
    sh::run(tauri)?;

    if target_dirs(options).iter().any(|d| d == "deb") {
        recompress_debs(&release.join("bundle/deb"), &extra, signing)?;
    }

    let mut files = Vec::new();
    for dir in target_dirs(options) {
        let dir = release.join("bundle").join(dir);
        for entry in std::fs::read_dir(&dir)
            .with_context(|| format!("the bundler wrote no {}", dir.display()))?
        {
            let path = entry?.path();
            // The bundler's staging folders are left beside the installers; an .app is a folder.
            if path.is_file() || path.extension().is_some_and(|e| e == "app") {
                files.push(path);
            }
        }
    }
    files.sort();
    let bundles = Bundles {
        files,
        app_binary: release.join(format!("briefdesk-app{exe}")),
        cli_binary,
    };
    println!("\nxtask bundle:");
    for file in bundles
        .files
        .iter()
        .chain([&bundles.app_binary, &bundles.cli_binary])
    {
        println!("  {:>9}  {}", size_text(file), file.display());
    }
    Ok(bundles)
}

/// Tauri's bundler compresses a .deb with gzip; xz makes it about a quarter smaller (the
/// binaries are most of it). Rebuilt by `deb::pack`, the contents and control file unchanged,
/// then signed again (the bundler's signature was of the gzip one) when there is a key.
fn recompress_debs(dir: &Path, scratch: &Path, signing: bool) -> Result<()> {
    if !sh::on_path("dpkg-deb") {
        eprintln!("xtask: no dpkg-deb here: the .deb stays gzip-compressed");
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let deb = entry?.path();
        if deb.extension().is_none_or(|e| e != "deb") {
            continue;
        }
        let tree = crate::e2e::fresh_dir(&scratch.join("deb-tree"))?;
        let mut unpack = Command::new("dpkg-deb");
        unpack.arg("--raw-extract").arg(&deb).arg(&tree);
        sh::run(unpack)?;
        deb::pack(&tree, &deb)?;
        std::fs::remove_dir_all(&tree)
            .with_context(|| format!("cannot remove {}", tree.display()))?;
        if signing {
            sign(&deb, None, env!("CARGO_PKG_VERSION"))?;
        }
    }
    Ok(())
}

/// Signs `file` for the updater (`file.sig` beside it) with the Tauri CLI, binding the signature
/// to `version` (the updater's `requireSignedVersion`). The key is TAURI_SIGNING_PRIVATE_KEY
/// (and its password) from the environment, or the key file given.
pub fn sign(file: &Path, key_file: Option<&Path>, version: &str) -> Result<()> {
    let mut signer = Command::new("node");
    signer
        .arg(sh::root().join("ui/node_modules/@tauri-apps/cli/tauri.js"))
        .args(["signer", "sign", "--app-version", version]);
    if let Some(key) = key_file {
        signer
            .arg("--private-key-path")
            .arg(key)
            .args(["--password", ""])
            .env_remove("TAURI_SIGNING_PRIVATE_KEY");
    }
    signer.arg(file);
    sh::run(signer)
}

/// The bundle settings that depend on this build: the CLI as a sidecar, the notices, and the
/// updater artifacts when there is a key to sign them with (TAURI_SIGNING_PRIVATE_KEY, read by
/// the bundler itself). Tauri merges it over tauri.conf.json (a JSON merge patch).
fn overlay_config(
    sidecar: &Path,
    notices: &Path,
    updater_artifacts: bool,
    test_updater_key: Option<&str>,
) -> String {
    let notices = notices.to_string_lossy();
    let doc = "/usr/share/doc/briefdesk/THIRD-PARTY-NOTICES";
    let mut overlay = serde_json::json!({
        "bundle": {
            "createUpdaterArtifacts": updater_artifacts,
            "externalBin": [sidecar.to_string_lossy()],
            "linux": {
                "deb": { "files": { doc: notices.as_ref() } },
                "rpm": { "files": { doc: notices.as_ref() } },
            },
        },
    });
    if let Some(key) = test_updater_key {
        // Only the package test's build: its feed is a plain-HTTP server on 127.0.0.1.
        overlay["plugins"] = serde_json::json!({
            "updater": { "pubkey": key, "dangerousInsecureTransportProtocol": true },
        });
    }
    if !cfg!(target_os = "linux") {
        // Windows and macOS: beside the app (Linux packages keep it with the docs).
        overlay["bundle"]["resources"] =
            serde_json::json!({ notices.as_ref(): "THIRD-PARTY-NOTICES.txt" });
    }
    // The release workflow imports the signing certificate and names it here (Windows only).
    if let Ok(thumbprint) = std::env::var("BRIEFDESK_WINDOWS_CERTIFICATE_THUMBPRINT") {
        overlay["bundle"]["windows"] = serde_json::json!({
            "certificateThumbprint": thumbprint,
            "digestAlgorithm": "sha256",
            "timestampUrl": "http://timestamp.digicert.com",
        });
    }
    format!("{overlay:#}\n")
}

/// The triple rustc builds for by default (the sidecar's name ends with it).
pub fn host_triple() -> Result<String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .context("cannot run rustc -vV")?;
    let text = String::from_utf8_lossy(&out.stdout);
    match text.lines().find_map(|l| l.strip_prefix("host: ")) {
        Some(triple) => Ok(triple.trim().to_string()),
        None => bail!("rustc -vV names no host triple"),
    }
}

/// A file's size as "5.82 MB" (10^6 bytes, as the goal counts).
pub fn size_text(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(meta) => format!("{:.2} MB", meta.len() as f64 / 1e6),
        Err(_) => "missing".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_is_json_naming_the_sidecar_and_the_notices() {
        let text = overlay_config(
            Path::new("/t/bundle-extra/briefdesk"),
            Path::new("C:\\t\\\"notices\".txt"),
            true,
            None,
        );
        let overlay: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let bundle = &overlay["bundle"];
        assert_eq!(bundle["externalBin"][0], "/t/bundle-extra/briefdesk");
        assert_eq!(bundle["createUpdaterArtifacts"], true);
        for kind in ["deb", "rpm"] {
            assert_eq!(
                bundle["linux"][kind]["files"]["/usr/share/doc/briefdesk/THIRD-PARTY-NOTICES"],
                "C:\\t\\\"notices\".txt"
            );
        }
        assert!(
            overlay.get("plugins").is_none(),
            "a release build keeps tauri.conf.json's key"
        );
        let test = overlay_config(Path::new("b"), Path::new("n"), false, Some("KEY"));
        let test: serde_json::Value = serde_json::from_str(&test).expect("JSON");
        assert_eq!(test["plugins"]["updater"]["pubkey"], "KEY");
    }
}
