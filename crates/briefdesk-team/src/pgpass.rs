//! libpq's password file (`~/.pgpass`, or `PGPASSFILE`): where a password lives on a machine
//! without a keychain. Like libpq, a file that others can read is ignored, and Briefdesk says so.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The password for this server and login, if the password file has one.
pub fn lookup(host: &str, port: u16, database: &str, login: &str) -> Result<Option<String>> {
    let Some(path) = password_file() else {
        return Ok(None);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::File {
                path: path.display().to_string(),
                reason: e.to_string(),
            });
        }
    };
    check_private(&path)?;
    let port = port.to_string();
    let wanted = [host, port.as_str(), database, login];
    Ok(text
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let fields = split_fields(line);
            (fields.len() == 5).then_some(fields)
        })
        .find(|fields| {
            fields[..4]
                .iter()
                .zip(wanted)
                .all(|(field, want)| field == "*" || field == want)
        })
        .map(|fields| fields[4].clone()))
}

fn password_file() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(file));
    }
    #[cfg(windows)]
    {
        std::env::var_os("APPDATA").map(|d| PathBuf::from(d).join("postgresql").join("pgpass.conf"))
    }
    #[cfg(not(windows))]
    {
        std::env::var_os("HOME").map(|d| PathBuf::from(d).join(".pgpass"))
    }
}

/// `host:port:database:login:password`, where `\:` and `\\` stand for `:` and `\`.
fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| Error::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Error::File {
            path: path.display().to_string(),
            reason: format!(
                "others can read this password file (mode {:o}); make it private with \
                 `chmod 600 {}` so Briefdesk will use it",
                mode & 0o777,
                path.display()
            ),
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<()> {
    // On Windows the file sits in the user's own %APPDATA%, as libpq expects.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_escaped_colons() {
        assert_eq!(
            split_fields(r"localhost:5432:news:anna:pa\:ss\\word"),
            ["localhost", "5432", "news", "anna", r"pa:ss\word"]
        );
    }
}
