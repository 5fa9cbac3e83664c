//! libpq's password file (`~/.pgpass`, or `PGPASSFILE`): where a password lives on a machine
//! without a keychain. Like libpq, a file that others can read is ignored, and Briefdesk says so.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The password for this server and login, if the password file has one.
pub fn lookup(host: &str, port: u16, database: &str, login: &str) -> Result<Option<String>> {
    let Some(path) = password_file() else {
        return Ok(None);
    };
    lookup_in(&path, host, port, database, login)
}

fn lookup_in(
    path: &Path,
    host: &str,
    port: u16,
    database: &str,
    login: &str,
) -> Result<Option<String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::File {
                path: path.display().to_string(),
                reason: e.to_string(),
            });
        }
    };
    check_private(path)?;
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

pub(crate) fn password_file() -> Option<PathBuf> {
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

/// Keeps the password for this server and login in the password file (made readable by its
/// owner only), replacing an earlier line for the same server and login; returns the file.
pub fn store(
    host: &str,
    port: u16,
    database: &str,
    login: &str,
    password: &str,
) -> Result<PathBuf> {
    let path = password_file().ok_or_else(|| Error::File {
        path: "~/.pgpass".into(),
        reason: "there is no home folder to keep a password file in".into(),
    })?;
    store_in(&path, host, port, database, login, password)?;
    Ok(path)
}

fn store_in(
    path: &Path,
    host: &str,
    port: u16,
    database: &str,
    login: &str,
    password: &str,
) -> Result<()> {
    let file_error = |reason: String| Error::File {
        path: path.display().to_string(),
        reason,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => {
            check_private(path)?;
            text
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(file_error(e.to_string())),
    };
    let port = port.to_string();
    let key = [host, port.as_str(), database, login];
    let mut lines: Vec<&str> = text
        .lines()
        .filter(|line| {
            let fields = split_fields(line);
            fields.len() != 5 || fields[..4].iter().zip(key).any(|(f, k)| f != k)
        })
        .collect();
    let escape = |v: &str| v.replace('\\', "\\\\").replace(':', "\\:");
    let line = [host, port.as_str(), database, login, password]
        .map(escape)
        .join(":");
    lines.push(&line);
    let mut out = lines.join("\n");
    out.push('\n');
    // Written beside it and renamed over it, private from the start.
    let temp = path.with_extension("briefdesk-new");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| file_error(e.to_string()))?;
    }
    let write = || -> std::io::Result<()> {
        use std::io::Write;
        let mut file = options.open(&temp)?;
        file.write_all(out.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        file_error(e.to_string())
    })
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
    fn a_stored_password_reads_back_and_replaces_the_old_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(&file, "other:5432:*:ben:bens\nhost:5432:news:anna:old\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        store_in(&file, "host", 5432, "news", "anna", r"pa:ss\word").unwrap();
        assert_eq!(
            lookup_in(&file, "host", 5432, "news", "anna")
                .unwrap()
                .as_deref(),
            Some(r"pa:ss\word")
        );
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            text,
            "other:5432:*:ben:bens\nhost:5432:news:anna:pa\\:ss\\\\word\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn fields_keep_escaped_colons() {
        assert_eq!(
            split_fields(r"localhost:5432:news:anna:pa\:ss\\word"),
            ["localhost", "5432", "news", "anna", r"pa:ss\word"]
        );
    }
}
