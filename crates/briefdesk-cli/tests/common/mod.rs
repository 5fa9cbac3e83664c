//! The `briefdesk` binary run as a script would, on a library file of its own. Every test binary
//! uses a different part of this module, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

pub struct Cli {
    _dir: tempfile::TempDir,
    pub library: PathBuf,
}

impl Cli {
    pub fn new() -> Cli {
        let dir = tempfile::tempdir().expect("temp dir");
        let library = dir.path().join("briefs.sqlite3");
        Cli { _dir: dir, library }
    }

    /// A `Cli` on an existing library file (kept by its owner).
    pub fn at(library: PathBuf) -> Cli {
        Cli {
            _dir: tempfile::tempdir().expect("temp dir"),
            library,
        }
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefdesk"));
        cmd.arg("--library")
            .arg(&self.library)
            .env_remove("BRIEFDESK_LIBRARY");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run briefdesk")
    }

    /// Runs a command that must succeed and returns its JSON output.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "briefdesk {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "briefdesk {args:?} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs a command that must fail; returns its error text.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "briefdesk {args:?} should have failed"
        );
        assert!(out.stdout.is_empty(), "a failing command printed to stdout");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    pub fn add(&self, headline: &str, outlet: &str, date: &str, tags: &[&str]) -> String {
        let url = format!("https://example.org/{}", headline.len());
        let mut args = vec![
            "brief",
            "add",
            "--headline",
            headline,
            "--outlet",
            outlet,
            "--date",
            date,
            "--url",
            &url,
        ];
        for tag in tags {
            args.extend(["--tag", tag]);
        }
        args.push("--json");
        let brief = self.json(&args);
        brief["id"].as_str().expect("id").to_string()
    }

    pub fn snapshot(&self) -> (Value, Value, Value) {
        (
            self.json(&["briefs", "--json"]),
            self.json(&["issues", "--json"]),
            self.json(&["tags", "--json"]),
        )
    }
}

pub fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

pub fn section_headlines(issue: &Value, section: usize) -> Vec<String> {
    issue["sections"][section]["briefs"]
        .as_array()
        .expect("briefs")
        .iter()
        .map(|b| b["headline"].as_str().expect("headline").to_string())
        .collect()
}
