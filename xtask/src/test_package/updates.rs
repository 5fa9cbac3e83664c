//! The package test's update cases: the installed app is offered a newer release by a feed on
//! 127.0.0.1 (the same .deb, its version raised, signed with the test's key). A signature made
//! with another key, a download cut short and a server that stalls are each refused, the
//! installed package untouched; then the good one is installed and the app restarts on the
//! same library (ui/e2e/package/updates.package.mjs drives the window).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::{brief_count, installed_version};
use crate::update_feed::{Feed, Mode, Release};
use crate::{bundle, deb, e2e, sh};

/// Where the newer release is made.
const FEED_DIR: &str = "target/package-update-feed";
/// The update spec's library, XDG folders and screenshots.
const WORK: &str = "target/package-update";

/// Two throwaway key pairs: the one the test build trusts, and another.
pub struct Keys {
    pub key: PathBuf,
    /// The trusted public key, as tauri.conf.json holds one (base64).
    pub public: String,
    pub foreign_key: PathBuf,
}

impl Keys {
    pub fn generate(dir: &Path) -> Result<Keys> {
        let dir = e2e::fresh_dir(dir)?;
        let (key, foreign_key) = (dir.join("test.key"), dir.join("foreign.key"));
        for path in [&key, &foreign_key] {
            let mut generate = Command::new("node");
            generate
                .arg(sh::root().join("ui/node_modules/@tauri-apps/cli/tauri.js"))
                .args(["signer", "generate", "--ci", "--force", "--password", ""])
                .arg("--write-keys")
                .arg(path)
                .stdout(std::process::Stdio::null());
            sh::run(generate)?;
        }
        let public_file = dir.join("test.key.pub");
        let public = std::fs::read_to_string(&public_file)
            .with_context(|| format!("cannot read {}", public_file.display()))?
            .trim()
            .to_string();
        Ok(Keys {
            key,
            public,
            foreign_key,
        })
    }
}

/// What the update runs on: the installed package, and the library it must come back to.
pub struct Subject<'a> {
    pub deb: &'a Path,
    pub package: &'a str,
    pub installed: &'a e2e::Installed<'a>,
    pub library: &'a Path,
    pub briefs: u64,
}

/// Runs the update spec; returns a line for the summary.
pub fn check(subject: &Subject, keys: &Keys) -> Result<String> {
    let before = installed_version(subject.package)
        .with_context(|| format!("{} is not installed before the update", subject.package))?;
    let version = next_version(&before)?;
    let release = newer_release(subject.deb, &version, keys)?;
    let feed = Feed::start(release, Mode::BadSignature)?;
    let env = [
        (
            "BRIEFDESK_UPDATE_ENDPOINT",
            format!("{}/latest.json", feed.base()),
        ),
        ("BRIEFDESK_UPDATE_FEED", feed.base()),
        ("BRIEFDESK_PACKAGE", subject.package.to_string()),
        ("BRIEFDESK_UPDATE_VERSION", version.clone()),
    ];
    let library = e2e::run_updates_installed(subject.installed, WORK, subject.library, &env)?;
    drop(feed);
    let after = installed_version(subject.package);
    if after.as_deref() != Some(version.as_str()) {
        bail!(
            "after the update {} is at {after:?}, not {version}",
            subject.package
        );
    }
    let briefs = brief_count(subject.installed.cli, &library)?;
    if briefs != subject.briefs {
        bail!(
            "after the update the library holds {briefs} briefs, not {}",
            subject.briefs
        );
    }
    Ok(format!(
        "{before} → {version}: bad signature, cut-short download and stalled server refused \
         (package unchanged); the signed release installed and the app restarted on its \
         library ({briefs} briefs)"
    ))
}

/// "0.1.0" → "0.1.1".
fn next_version(version: &str) -> Result<String> {
    let (head, last) = version
        .rsplit_once('.')
        .with_context(|| format!("cannot raise the version {version:?}"))?;
    let last: u64 = last
        .parse()
        .with_context(|| format!("cannot raise the version {version:?}"))?;
    Ok(format!("{head}.{}", last + 1))
}

/// The installed .deb again with `version` in its control file, signed with the test key; and
/// the same bytes' signature by the other key.
fn newer_release(deb: &Path, version: &str, keys: &Keys) -> Result<Release> {
    let dir = e2e::fresh_dir(&sh::root().join(FEED_DIR))?;
    let tree = dir.join("tree");
    let mut unpack = Command::new("dpkg-deb");
    unpack.arg("--raw-extract").arg(deb).arg(&tree);
    sh::run(unpack)?;
    let control = tree.join("DEBIAN/control");
    let text = std::fs::read_to_string(&control)
        .with_context(|| format!("cannot read {}", control.display()))?;
    let raised: Vec<String> = text
        .lines()
        .map(|line| match line.strip_prefix("Version:") {
            Some(_) => format!("Version: {version}"),
            None => line.to_string(),
        })
        .collect();
    std::fs::write(&control, raised.join("\n") + "\n")
        .with_context(|| format!("cannot write {}", control.display()))?;
    let newer = dir.join(format!("briefdesk_{version}.deb"));
    deb::pack(&tree, &newer)?;
    bundle::sign(&newer, Some(&keys.key), version)?;
    let foreign_dir = dir.join("foreign");
    std::fs::create_dir_all(&foreign_dir)?;
    let foreign = foreign_dir.join(format!("briefdesk_{version}.deb"));
    std::fs::copy(&newer, &foreign)?;
    bundle::sign(&foreign, Some(&keys.foreign_key), version)?;
    let read = |p: &Path| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    Ok(Release {
        version: version.to_string(),
        package: std::fs::read(&newer)
            .with_context(|| format!("cannot read {}", newer.display()))?,
        signature: read(&sig_of(&newer))?.trim().to_string(),
        foreign_signature: read(&sig_of(&foreign))?.trim().to_string(),
    })
}

fn sig_of(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_version_raises_the_last_number() {
        assert_eq!(next_version("0.1.0").expect("raised"), "0.1.1");
        assert_eq!(next_version("2.10.9").expect("raised"), "2.10.10");
        assert!(next_version("1").is_err());
    }
}
