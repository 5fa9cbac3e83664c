//! Where a team password comes from and where it is kept: the OS keychain first (macOS Keychain,
//! Windows Credential Manager, the Secret Service on Linux), then `PGPASSWORD`, then libpq's
//! password file. Where no keychain runs (a headless machine, no D-Bus session), Briefdesk says so
//! once and uses the password file, which it writes only when the editor asks. Never the library
//! file, never a log.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Result;
use crate::pgpass;

/// The keychain's service name for team passwords; the account is `login@host:port/database`.
const SERVICE: &str = "Briefdesk team server";

/// Where the password in use came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordSource {
    /// Written in the server address itself.
    Address,
    Keychain,
    /// The `PGPASSWORD` variable.
    Environment,
    PasswordFile,
    /// Typed by the editor when asked.
    Typed,
    None,
}

/// Where [`save`] put a password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    Keychain,
    PasswordFile(PathBuf),
    /// Not kept: no keychain runs here and the editor did not ask for the password file.
    NotSaved {
        reason: String,
    },
}

/// The OS keychain, or a stand-in in tests.
pub trait Keychain {
    /// The password stored for `account`; `Err` with the reason when no keychain runs here.
    fn get(&self, account: &str) -> std::result::Result<Option<String>, String>;
    fn set(&self, account: &str, password: &str) -> std::result::Result<(), String>;
}

/// The keychain the `keyring` crate reaches on this OS.
pub struct OsKeychain;

impl Keychain for OsKeychain {
    fn get(&self, account: &str) -> std::result::Result<Option<String>, String> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(|e| e.to_string())?;
        match entry.get_password() {
            Ok(password) => Ok(Some(password)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn set(&self, account: &str, password: &str) -> std::result::Result<(), String> {
        keyring::Entry::new(SERVICE, account)
            .and_then(|entry| entry.set_password(password))
            .map_err(|e| e.to_string())
    }
}

/// What the lookup found, and a sentence for the editor when the keychain is missing.
pub struct Found {
    pub password: Option<String>,
    pub source: PasswordSource,
    pub notice: Option<String>,
}

/// Where a server's password is: the keychain, then `env_password` (PGPASSWORD), then the
/// password file.
pub fn lookup(
    keychain: &dyn Keychain,
    env_password: Option<String>,
    server: &Server<'_>,
) -> Result<Found> {
    let mut notice = None;
    match keychain.get(&server.account()) {
        Ok(Some(password)) => {
            return Ok(Found {
                password: Some(password),
                source: PasswordSource::Keychain,
                notice: None,
            });
        }
        Ok(None) => {}
        Err(reason) => notice = Some(no_keychain(&reason, env_password.is_some())),
    }
    if let Some(password) = env_password.filter(|p| !p.is_empty()) {
        return Ok(Found {
            password: Some(password),
            source: PasswordSource::Environment,
            notice,
        });
    }
    let password = pgpass::lookup(server.host, server.port, server.database, server.login)?;
    let source = if password.is_some() {
        PasswordSource::PasswordFile
    } else {
        PasswordSource::None
    };
    Ok(Found {
        password,
        source,
        notice,
    })
}

/// The server and login a password belongs to.
pub struct Server<'a> {
    pub login: &'a str,
    pub host: &'a str,
    pub port: u16,
    pub database: &'a str,
}

impl Server<'_> {
    /// The keychain's account name: the server and the login, never the password.
    pub fn account(&self) -> String {
        format!(
            "{}@{}:{}/{}",
            self.login, self.host, self.port, self.database
        )
    }
}

/// Keeps `password` for this server and login: in the keychain; where none runs, in the
/// password file if `to_file` (the editor asked), else nowhere, with the reason.
pub fn save(
    keychain: &dyn Keychain,
    server: &Server<'_>,
    password: &str,
    to_file: bool,
) -> Result<Saved> {
    match keychain.set(&server.account(), password) {
        Ok(()) => Ok(Saved::Keychain),
        Err(reason) if to_file => {
            tracing::info!("no keychain ({reason}); the password goes to the password file");
            let path = pgpass::store(
                server.host,
                server.port,
                server.database,
                server.login,
                password,
            )?;
            Ok(Saved::PasswordFile(path))
        }
        Err(reason) => Ok(Saved::NotSaved { reason }),
    }
}

/// Whether this process has said "no keychain here" already: once is enough.
static SAID: AtomicBool = AtomicBool::new(false);

/// The sentence for the editor (the first time in this process; `None` after).
pub fn once(notice: Option<String>) -> Option<String> {
    let notice = notice?;
    if SAID.swap(true, Ordering::Relaxed) {
        return None;
    }
    tracing::info!("{notice}");
    Some(notice)
}

fn no_keychain(reason: &str, env: bool) -> String {
    let using = if env {
        "PGPASSWORD".to_owned()
    } else {
        pgpass::password_file()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "libpq's password file".to_owned())
    };
    format!("no keychain here; using {using} ({reason})")
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use super::*;

    #[derive(Default)]
    struct Fake {
        stored: RefCell<HashMap<String, String>>,
        missing: bool,
    }

    impl Keychain for Fake {
        fn get(&self, account: &str) -> std::result::Result<Option<String>, String> {
            if self.missing {
                return Err("no D-Bus session".into());
            }
            Ok(self.stored.borrow().get(account).cloned())
        }
        fn set(&self, account: &str, password: &str) -> std::result::Result<(), String> {
            if self.missing {
                return Err("no D-Bus session".into());
            }
            self.stored
                .borrow_mut()
                .insert(account.to_owned(), password.to_owned());
            Ok(())
        }
    }

    const SERVER: Server<'static> = Server {
        login: "anna",
        host: "db.example.org",
        port: 5432,
        database: "newsroom",
    };

    #[test]
    fn the_keychain_comes_before_pgpassword() {
        let keychain = Fake::default();
        let found = lookup(&keychain, Some("from-env".into()), &SERVER).unwrap();
        assert_eq!(found.source, PasswordSource::Environment);
        assert_eq!(found.password.as_deref(), Some("from-env"));
        assert!(
            found.notice.is_none(),
            "a keychain without the entry is no news"
        );

        assert_eq!(
            save(&keychain, &SERVER, "kept", false).unwrap(),
            Saved::Keychain
        );
        assert_eq!(
            keychain
                .stored
                .borrow()
                .get("anna@db.example.org:5432/newsroom")
                .map(String::as_str),
            Some("kept")
        );
        let found = lookup(&keychain, Some("from-env".into()), &SERVER).unwrap();
        assert_eq!(found.source, PasswordSource::Keychain);
        assert_eq!(found.password.as_deref(), Some("kept"));
    }

    #[test]
    fn without_a_keychain_pgpassword_is_used_and_that_is_said() {
        let keychain = Fake {
            missing: true,
            ..Fake::default()
        };
        let found = lookup(&keychain, Some("from-env".into()), &SERVER).unwrap();
        assert_eq!(found.source, PasswordSource::Environment);
        let notice = found.notice.unwrap();
        assert!(
            notice.starts_with("no keychain here; using PGPASSWORD"),
            "{notice}"
        );
        match save(&keychain, &SERVER, "pw", false).unwrap() {
            Saved::NotSaved { reason } => assert!(reason.contains("D-Bus"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
}
