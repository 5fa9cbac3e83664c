//! Running commands from the repository root, failing loudly with what was run.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

pub fn root() -> PathBuf {
    // xtask/ sits directly under the workspace root.
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

pub fn run(mut cmd: Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    eprintln!("xtask: {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

pub fn cargo_command(args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(args).current_dir(root());
    cmd
}

pub fn cargo(args: &[&str]) -> Result<()> {
    run(cargo_command(args))
}

pub fn npm(args: &[&str]) -> Result<()> {
    // On Windows npm is a .cmd script, which Command does not find by its bare name.
    let mut cmd = Command::new(if cfg!(windows) { "npm.cmd" } else { "npm" });
    cmd.args(args).current_dir(root().join("ui"));
    run(cmd)
}

/// Whether `program` can be started from PATH (on Windows also as program.exe or .cmd).
pub fn on_path(program: &str) -> bool {
    let names: &[String] = &if cfg!(windows) {
        vec![
            format!("{program}.exe"),
            format!("{program}.cmd"),
            program.to_string(),
        ]
    } else {
        vec![program.to_string()]
    };
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| names.iter().any(|n| dir.join(n).is_file()))
    })
}
