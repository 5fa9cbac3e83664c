//! The third-party code Briefdesk ships and its licences, from Cargo's and npm's metadata:
//! `ui/src/lib/about/licences.json` (committed; the About dialog shows it, `cargo xtask test`
//! fails while it is stale) and the notices file with the licence texts the installers carry.
//!
//! Crates: the normal (not build or dev) dependency tree of the app and the CLI, proc-macros
//! left out (they run only at compile time), on each system the release workflow builds for,
//! so the list is the same wherever it is generated. npm: what package-lock.json does not mark
//! `dev`, i.e. what the UI's `dependencies` bring into the bundle.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::sh;

/// The file the UI embeds, relative to the repository root.
pub const LICENCES_JSON: &str = "ui/src/lib/about/licences.json";

/// The systems the release workflow builds for (.github/workflows/release.yml).
const PLATFORMS: &[&str] = &[
    "x86_64-unknown-linux-gnu",
    "x86_64-pc-windows-msvc",
    "aarch64-apple-darwin",
    "x86_64-apple-darwin",
];

/// The shipped binaries whose dependencies are listed.
const ROOTS: &[&str] = &["briefdesk-app", "briefdesk-cli"];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Package {
    /// "crate" or "npm".
    pub kind: &'static str,
    pub name: String,
    pub version: String,
    /// An SPDX expression as the package states it, or a note that it names a file instead.
    pub licence: String,
    pub url: String,
    /// The package's folder on this machine, where its licence files are (not in the JSON).
    pub dir: Option<PathBuf>,
}

/// Checks (or with `write`, regenerates) ui/src/lib/about/licences.json.
pub fn run(write: bool) -> Result<()> {
    let root = sh::root();
    let text = licences_json(&app_version(&root)?, &packages(&root)?);
    let path = root.join(LICENCES_JSON);
    if write {
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("xtask: wrote {LICENCES_JSON}");
        return Ok(());
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != text {
        bail!(
            "{LICENCES_JSON} is stale (a dependency or the version changed): run `cargo xtask licences`"
        );
    }
    Ok(())
}

/// Writes the notices the installers carry: every package, its licence, and its licence texts.
pub fn write_notices(path: &Path) -> Result<()> {
    let root = sh::root();
    let version = app_version(&root)?;
    let text = notices_text(&version, &packages(&root)?);
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

fn app_version(root: &Path) -> Result<String> {
    let conf = root.join("src-tauri/tauri.conf.json");
    let text = std::fs::read_to_string(&conf)
        .with_context(|| format!("cannot read {}", conf.display()))?;
    let value: Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", conf.display()))?;
    match value["version"].as_str() {
        Some(v) => Ok(v.to_string()),
        None => bail!("{} has no version", conf.display()),
    }
}

/// Every third-party package, crates then npm, each by name.
pub fn packages(root: &Path) -> Result<Vec<Package>> {
    let mut crates = BTreeMap::new();
    for platform in PLATFORMS {
        let out = sh::cargo_command(&[
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--filter-platform",
            platform,
        ])
        .output()
        .context("cannot run cargo metadata")?;
        if !out.status.success() {
            bail!(
                "cargo metadata --filter-platform {platform} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let metadata: Value =
            serde_json::from_slice(&out.stdout).context("cargo metadata printed no JSON")?;
        for package in shipped_crates(&metadata)? {
            crates.insert((package.name.clone(), package.version.clone()), package);
        }
    }
    let mut all: Vec<Package> = crates.into_values().collect();
    all.extend(npm_packages(&root.join("ui"))?);
    Ok(all)
}

/// The crates the roots reach through normal dependencies, without proc-macros or the
/// workspace's own crates.
fn shipped_crates(metadata: &Value) -> Result<Vec<Package>> {
    let empty = Vec::new();
    let packages: HashMap<&str, &Value> = metadata["packages"]
        .as_array()
        .context("cargo metadata lists no packages")?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .context("cargo metadata has no resolve graph")?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let is_proc_macro = |p: &Value| {
        p["targets"].as_array().unwrap_or(&empty).iter().any(|t| {
            t["kind"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .any(|k| k == "proc-macro")
        })
    };
    let mut todo: Vec<&str> = packages
        .iter()
        .filter(|(_, p)| ROOTS.iter().any(|r| p["name"] == *r))
        .map(|(id, _)| *id)
        .collect();
    if todo.len() != ROOTS.len() {
        bail!("cargo metadata is missing one of {ROOTS:?}");
    }
    let mut seen = BTreeSet::new();
    let mut shipped = Vec::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(package) = packages.get(id) else {
            continue;
        };
        if is_proc_macro(package) {
            continue;
        }
        // Path dependencies (no source) are the workspace's own crates.
        if !package["source"].is_null() {
            shipped.push(crate_package(package));
        }
        let Some(node) = nodes.get(id) else { continue };
        for dep in node["deps"].as_array().unwrap_or(&empty) {
            let normal = dep["dep_kinds"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .any(|k| k["kind"].is_null());
            if let (true, Some(pkg)) = (normal, dep["pkg"].as_str()) {
                todo.push(pkg);
            }
        }
    }
    Ok(shipped)
}

fn crate_package(p: &Value) -> Package {
    let text = |key: &str| p[key].as_str().unwrap_or_default().to_string();
    let name = text("name");
    let licence = match p["license"].as_str() {
        Some(l) => l.to_string(),
        None if p["license_file"].is_string() => "see its licence file".into(),
        None => "not stated".into(),
    };
    let url = [text("repository"), text("homepage")]
        .into_iter()
        .find(|u| !u.is_empty())
        .unwrap_or_else(|| format!("https://crates.io/crates/{name}"));
    Package {
        kind: "crate",
        version: text("version"),
        licence,
        url,
        dir: p["manifest_path"]
            .as_str()
            .and_then(|m| Path::new(m).parent().map(Path::to_path_buf)),
        name,
    }
}

/// The UI's packages that are not only for development, from package-lock.json.
fn npm_packages(ui: &Path) -> Result<Vec<Package>> {
    let lock_path = ui.join("package-lock.json");
    let lock: Value = serde_json::from_str(
        &std::fs::read_to_string(&lock_path)
            .with_context(|| format!("cannot read {}", lock_path.display()))?,
    )
    .with_context(|| format!("{} is not JSON", lock_path.display()))?;
    let entries = lock["packages"]
        .as_object()
        .context("package-lock.json has no packages (lockfileVersion 3 expected)")?;
    let mut out = Vec::new();
    for (path, entry) in entries {
        let Some((_, name)) = path.rsplit_once("node_modules/") else {
            continue; // "" is the UI itself
        };
        if entry["dev"] == true {
            continue;
        }
        let dir = ui.join(path);
        let manifest: Value = std::fs::read_to_string(dir.join("package.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        let repository = manifest["repository"]
            .as_str()
            .or_else(|| manifest["repository"]["url"].as_str())
            .map(clean_repository_url);
        let url = manifest["homepage"]
            .as_str()
            .map(str::to_string)
            .or(repository)
            .unwrap_or_else(|| format!("https://www.npmjs.com/package/{name}"));
        out.push(Package {
            kind: "npm",
            name: name.to_string(),
            version: entry["version"].as_str().unwrap_or_default().to_string(),
            licence: entry["license"]
                .as_str()
                .unwrap_or("not stated")
                .to_string(),
            url,
            dir: Some(dir),
        });
    }
    out.sort();
    out.dedup_by(|a, b| a.name == b.name && a.version == b.version);
    Ok(out)
}

/// "git+https://github.com/a/b.git" → "https://github.com/a/b".
fn clean_repository_url(url: &str) -> String {
    let url = url.strip_prefix("git+").unwrap_or(url);
    let url = url.strip_suffix(".git").unwrap_or(url);
    match url.strip_prefix("github:") {
        Some(path) => format!("https://github.com/{path}"),
        None => url.to_string(),
    }
}

/// The committed JSON: the app's version and one object per package, one a line so a
/// dependency change reads as a small diff.
pub fn licences_json(version: &str, packages: &[Package]) -> String {
    let mut text = format!(
        "{{\n  \"version\": {},\n  \"packages\": [\n",
        Value::from(version)
    );
    for (i, p) in packages.iter().enumerate() {
        let line = serde_json::json!({
            "kind": p.kind,
            "name": p.name,
            "version": p.version,
            "licence": p.licence,
            "url": p.url,
        });
        let comma = if i + 1 < packages.len() { "," } else { "" };
        text.push_str(&format!("    {line}{comma}\n"));
    }
    text.push_str("  ]\n}\n");
    text
}

/// Every package with its licence texts as found in its folder; a text already given for an
/// earlier package is named, not repeated (most Apache-2.0 texts are the same file).
pub fn notices_text(version: &str, packages: &[Package]) -> String {
    let mut text = format!(
        "Briefdesk {version}: third-party software\n\n\
         Briefdesk (MIT licence) includes the following crates and npm packages. Each is\n\
         listed with the licence it states and the licence texts it ships.\n"
    );
    let mut given: HashMap<String, String> = HashMap::new();
    for p in packages {
        let title = format!("{} {} ({})", p.name, p.version, p.kind);
        text.push_str(&format!(
            "\n\n{}\n{title}\nLicence: {}\n{}\n",
            "=".repeat(72),
            p.licence,
            p.url
        ));
        for (file, body) in licence_files(p.dir.as_deref()) {
            match given.get(&body) {
                Some(first) => text.push_str(&format!("\n{file}: the same text as {first}'s.\n")),
                None => {
                    text.push_str(&format!("\n--- {file} ---\n{}\n", body.trim_end()));
                    given.insert(body, title.clone());
                }
            }
        }
    }
    text
}

/// The LICENSE*, LICENCE*, COPYING* and NOTICE* files directly in `dir`, by name.
fn licence_files(dir: Option<&Path>) -> Vec<(String, String)> {
    let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) else {
        return Vec::new();
    };
    let mut files: Vec<(String, String)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let upper = name.to_uppercase();
            let wanted = ["LICENSE", "LICENCE", "COPYING", "NOTICE", "UNLICENSE"]
                .iter()
                .any(|w| upper.starts_with(w));
            if !wanted || !e.path().is_file() {
                return None;
            }
            Some((name, std::fs::read_to_string(e.path()).ok()?))
        })
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(kind: &'static str, name: &str, licence: &str) -> Package {
        Package {
            kind,
            name: name.into(),
            version: "1.0.0".into(),
            licence: licence.into(),
            url: format!("https://example.org/{name}"),
            dir: None,
        }
    }

    #[test]
    fn the_json_has_the_version_and_one_package_a_line() {
        let text = licences_json(
            "0.1.0",
            &[
                package("crate", "serde", "MIT OR Apache-2.0"),
                package("npm", "@codemirror/view", "MIT"),
            ],
        );
        let value: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(value["version"], "0.1.0");
        assert_eq!(value["packages"][1]["name"], "@codemirror/view");
        assert_eq!(value["packages"][0]["licence"], "MIT OR Apache-2.0");
        assert_eq!(text.lines().filter(|l| l.contains("\"name\"")).count(), 2);
    }

    #[test]
    fn a_licence_text_given_once_is_named_after_that() {
        let dir = std::env::temp_dir().join(format!("xtask-licences-{}", std::process::id()));
        let (a, b) = (dir.join("a"), dir.join("b"));
        for d in [&a, &b] {
            std::fs::create_dir_all(d).expect("temp dir");
            std::fs::write(d.join("LICENSE-APACHE"), "Apache License 2.0 text").expect("write");
        }
        std::fs::write(a.join("README.md"), "not a licence").expect("write");
        let mut first = package("crate", "first", "Apache-2.0");
        first.dir = Some(a);
        let mut second = package("crate", "second", "Apache-2.0");
        second.dir = Some(b);
        let text = notices_text("0.1.0", &[first, second]);
        std::fs::remove_dir_all(&dir).expect("clean up");
        assert_eq!(text.matches("Apache License 2.0 text").count(), 1);
        assert!(text.contains("LICENSE-APACHE: the same text as first 1.0.0 (crate)'s."));
        assert!(!text.contains("not a licence"));
    }

    #[test]
    fn repository_urls_read_as_web_pages() {
        assert_eq!(
            clean_repository_url("git+https://github.com/a/b.git"),
            "https://github.com/a/b"
        );
        assert_eq!(clean_repository_url("github:a/b"), "https://github.com/a/b");
    }
}
