//! The window's fence as written: the Content Security Policy in tauri.conf.json and the
//! capabilities in capabilities/. docs/security.md promises both; these tests hold the files to
//! it, so loosening either fails here until the page says why. (ui/e2e/xss.e2e.mjs checks in
//! the running app that the policy is applied.)

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn crate_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CSP's directives, name → sources, from tauri.conf.json (an object or one string).
fn csp() -> Vec<(String, Vec<String>)> {
    let config = json(&crate_file("tauri.conf.json"));
    let csp = &config["app"]["security"]["csp"];
    let split = |sources: &str| sources.split_whitespace().map(str::to_string).collect();
    match csp {
        Value::Object(map) => map
            .iter()
            .map(|(name, sources)| {
                let sources = sources.as_str().map(split).unwrap_or_else(|| {
                    panic!("CSP directive {name} is not a string of sources: {sources}")
                });
                (name.clone(), sources)
            })
            .collect(),
        Value::String(text) => text
            .split(';')
            .filter_map(|d| {
                let mut words = d.split_whitespace();
                let name = words.next()?.to_string();
                Some((name, words.map(str::to_string).collect()))
            })
            .collect(),
        other => panic!("app.security.csp must be set, found {other}"),
    }
}

fn directive(name: &str) -> Vec<String> {
    csp()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, sources)| sources)
        .unwrap_or_else(|| panic!("the CSP has no {name}"))
}

#[test]
fn scripts_come_only_from_the_app_itself() {
    let scripts = directive("script-src");
    assert_eq!(scripts, ["'self'"], "script-src");
    for name in ["script-src", "default-src"] {
        for source in directive(name) {
            let lower = source.to_ascii_lowercase();
            for banned in [
                "'unsafe-inline'",
                "'unsafe-eval'",
                "'wasm-unsafe-eval'",
                "'unsafe-hashes'",
                "'strict-dynamic'",
            ] {
                assert_ne!(lower, banned, "{name} allows {banned}");
            }
        }
    }
    assert_eq!(directive("default-src"), ["'self'"], "default-src");
    assert_eq!(directive("object-src"), ["'none'"], "object-src");
    assert_eq!(directive("base-uri"), ["'none'"], "base-uri");
    assert_eq!(directive("form-action"), ["'none'"], "form-action");
}

#[test]
fn no_directive_names_a_remote_origin() {
    // The IPC channel is the only address the page reaches besides its own files.
    let ipc = ["ipc:", "http://ipc.localhost"];
    for (name, sources) in csp() {
        for source in sources {
            let lower = source.to_ascii_lowercase();
            let keyword = lower.starts_with('\'') && lower.ends_with('\'');
            let ok = keyword || ipc.contains(&lower.as_str()) || lower == "data:";
            assert!(
                ok,
                "{name} allows {source}: no remote origin, scheme or wildcard"
            );
            assert!(!lower.contains('*'), "{name} has a wildcard: {source}");
            if lower == "data:" {
                assert!(
                    matches!(name.as_str(), "img-src" | "font-src"),
                    "data: is only for images and fonts, not {name}"
                );
            }
            if ipc.contains(&lower.as_str()) {
                assert_eq!(name, "connect-src", "the IPC origin belongs in connect-src");
            }
        }
    }
}

/// Permission identifiers named in backticks in docs/security.md's section on capabilities.
fn documented_permissions() -> BTreeSet<String> {
    let page = read(&crate_file("../docs/security.md"));
    let start = page
        .find("## The window's permissions")
        .expect("docs/security.md has a section on the window's permissions");
    let section = &page[start..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |at| at + 3)];
    section
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|word| {
            word.contains(':')
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == ':' || c == '-' || c == '_')
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn capabilities_grant_exactly_the_permissions_docs_security_md_justifies() {
    let documented = documented_permissions();
    assert!(
        !documented.is_empty(),
        "docs/security.md lists no permission"
    );
    let dir = crate_file("capabilities");
    let mut granted = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("src-tauri/capabilities") {
        let path = entry.expect("a capabilities entry").path();
        let name = path.display().to_string();
        assert!(
            path.extension().is_some_and(|e| e == "json"),
            "{name}: only JSON capability files are checked here; check this one too"
        );
        let capability = json(&path);
        assert!(
            capability.get("remote").is_none(),
            "{name}: no remote URL may reach the IPC"
        );
        assert_eq!(capability["windows"], serde_json::json!(["main"]), "{name}");
        for permission in capability["permissions"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no permissions list"))
        {
            let id = permission
                .as_str()
                .or_else(|| permission["identifier"].as_str())
                .unwrap_or_else(|| panic!("{name}: unreadable permission {permission}"));
            assert!(
                documented.contains(id),
                "{name} grants {id}, which docs/security.md does not justify"
            );
            granted.insert(id.to_string());
        }
    }
    assert_eq!(
        granted, documented,
        "docs/security.md lists permissions the capabilities do not grant"
    );
}
