//! Exports the sample issue through the `briefdesk` CLI in every format, and checks the HTML
//! page and the email with the Nu HTML Checker (npm package vnu-jar): no errors allowed.

use std::path::PathBuf;
use std::process::Command;

use anyhow::Result;

use crate::{e2e, sh};

pub fn run() -> Result<()> {
    let root = sh::root();
    sh::cargo(&["build", "-p", "briefdesk-cli", "--locked"])?;
    let dir = e2e::fresh_dir(&root.join("target/html-check"))?;
    let library = dir.join("library.sqlite3");
    let cli = |args: &[&str]| -> Result<()> {
        let mut cmd = Command::new(root.join("target/debug/briefdesk"));
        cmd.arg("--library").arg(&library).args(args);
        sh::run(cmd)
    };
    cli(&[
        "issue",
        "new",
        "--number",
        "1",
        "--title",
        "China Briefing",
        "--date",
        "2020-12-08",
    ])?;
    let sample = root.join("crates/briefdesk-core/samples/sample-issue.txt");
    cli(&[
        "import",
        &sample.to_string_lossy(),
        "--issue",
        "1",
        "--section",
        "This week",
    ])?;
    for (format, file) in [
        ("markdown", "issue.md"),
        ("html", "issue.html"),
        ("email", "issue-email.html"),
        ("text", "issue.txt"),
        ("json", "issue.json"),
    ] {
        let out = dir.join(file);
        cli(&[
            "export",
            "1",
            "--format",
            format,
            "--out",
            &out.to_string_lossy(),
        ])?;
    }
    validate(&[dir.join("issue.html"), dir.join("issue-email.html")])
}

/// The Nu HTML Checker, installed with the UI's npm packages.
pub fn vnu_jar() -> PathBuf {
    sh::root().join("ui/node_modules/vnu-jar/build/dist/vnu.jar")
}

fn validate(pages: &[PathBuf]) -> Result<()> {
    let mut cmd = Command::new("java");
    cmd.arg("-jar")
        .arg(vnu_jar())
        .arg("--errors-only")
        .args(pages);
    sh::run(cmd)?;
    eprintln!("xtask: the Nu HTML Checker found no errors in {pages:?}");
    Ok(())
}
