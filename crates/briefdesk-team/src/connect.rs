//! Reaching the team's server: the address an editor gives, the password from where libpq keeps
//! it (never from the library file), and the rule that a server on another machine is reached
//! only over TLS that checks its certificate.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::config::Host;
use tokio_postgres::{Client, Config};

use crate::error::{Error, Result};
use crate::password::{self, OsKeychain, PasswordSource, Saved};
use crate::tls::{self, TlsMode};

/// How long a connection attempt may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A team server's address: a `postgresql://login@host:port/database` URL or libpq's
/// `host=… port=… user=… dbname=…`. A password in it is used but never shown or stored.
#[derive(Clone)]
pub struct ServerAddress {
    config: Config,
    shown: String,
    tls: TlsMode,
    root_cert: Option<PathBuf>,
    /// login, host, port, database: whom a password belongs to.
    login: String,
    host: String,
    port: u16,
    database: String,
    password_source: PasswordSource,
    notice: Option<String>,
}

impl ServerAddress {
    pub fn parse(address: &str) -> Result<ServerAddress> {
        let invalid = |reason: String| Error::Address {
            address: without_password(address),
            reason,
        };
        let (address_rest, options) = tls::split_options(address).map_err(invalid)?;
        let mut config = Config::from_str(&address_rest).map_err(|e| invalid(e.to_string()))?;
        let Some(login) = config.get_user().map(str::to_owned) else {
            return Err(invalid(
                "it names no login (e.g. postgresql://anna@localhost/newsroom)".into(),
            ));
        };
        let hosts = config.get_hosts();
        let Some(host) = hosts.first() else {
            return Err(invalid("it names no host".into()));
        };
        let host = match host {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => path.display().to_string(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let database = config.get_dbname().unwrap_or(&login).to_owned();
        let here = is_this_machine(&config);
        // libpq's default (prefer) on this machine, where no one stands between; a socket has no
        // TLS at all. Elsewhere the certificate is checked unless the address says otherwise.
        let tls_mode = options.mode.unwrap_or(if !here {
            TlsMode::VerifyFull
        } else if matches!(hosts.first(), Some(Host::Unix(_))) {
            TlsMode::Disable
        } else {
            TlsMode::Prefer
        });
        let mut shown = format!("{login}@{host}:{port}/{database}");
        let mut extra = Vec::new();
        if options.mode.is_some() {
            extra.push(format!("sslmode={}", tls_mode.as_str()));
        }
        if let Some(file) = &options.root_cert {
            extra.push(format!("sslrootcert={}", file.display()));
        }
        if !extra.is_empty() {
            shown = format!("{shown}?{}", extra.join("&"));
        }
        if !here && !tls_mode.verifies() {
            return Err(Error::NeedsTls {
                server: shown,
                mode: tls_mode.as_str().to_owned(),
            });
        }
        config.ssl_mode(tls_mode.driver_mode());
        config.connect_timeout(CONNECT_TIMEOUT);
        config.application_name("briefdesk");
        let mut password_source = PasswordSource::Address;
        let mut notice = None;
        if config.get_password().is_none() {
            let env = std::env::var("PGPASSWORD").ok();
            let found = password::lookup(
                &OsKeychain,
                env,
                &password::Server {
                    login: &login,
                    host: &host,
                    port,
                    database: &database,
                },
            )?;
            if let Some(password) = found.password {
                config.password(password);
            }
            password_source = found.source;
            notice = password::once(found.notice);
        }
        Ok(ServerAddress {
            config,
            shown,
            tls: tls_mode,
            root_cert: options.root_cert,
            login,
            host,
            port,
            database,
            password_source,
            notice,
        })
    }

    /// The address a replica stored (`login@host:port/database`, then `?sslmode=…&sslrootcert=…`
    /// when the editor gave them, as [`Display`] writes it),
    /// with the password looked up again as [`Self::parse`] does: how the app's background sync
    /// reaches the team the library follows. A Unix socket folder as the host works too.
    pub fn from_stored(stored: &str) -> Result<ServerAddress> {
        let invalid = || Error::Address {
            address: stored.to_owned(),
            reason: "it is not login@host:port/database".into(),
        };
        let (stored_server, tls_options) = match stored.split_once('?') {
            Some((server, options)) => (server, options),
            None => (stored, ""),
        };
        let (login, rest) = stored_server.split_once('@').ok_or_else(invalid)?;
        let (host_port, database) = rest.rsplit_once('/').ok_or_else(invalid)?;
        let (host, port) = host_port.rsplit_once(':').ok_or_else(invalid)?;
        if login.is_empty()
            || host.is_empty()
            || database.is_empty()
            || port.parse::<u16>().is_err()
        {
            return Err(invalid());
        }
        // libpq's key=value form, quoted: a socket folder or an IPv6 host reads as itself.
        let quote = |v: &str| format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"));
        let mut address = format!(
            "host={} port={port} user={} dbname={}",
            quote(host),
            quote(login),
            quote(database)
        );
        for option in tls_options.split('&').filter(|o| !o.is_empty()) {
            let Some((key @ ("sslmode" | "sslrootcert"), value)) = option.split_once('=') else {
                return Err(invalid());
            };
            address.push_str(&format!(" {key}={}", quote(value)));
        }
        ServerAddress::parse(&address)
    }

    /// The login Briefdesk signs in as: the editor's own database login.
    pub fn login(&self) -> &str {
        &self.login
    }

    /// Where the password came from.
    pub fn password_source(&self) -> PasswordSource {
        self.password_source
    }

    /// "no keychain here; using …": for the editor, the first time this process looked.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The password the editor typed when none was found.
    pub fn set_typed_password(&mut self, password: &str) {
        self.config.password(password);
        self.password_source = PasswordSource::Typed;
    }

    /// Keeps the password in use for this server and login: in the OS keychain; where none
    /// runs, in libpq's password file if `to_file`. Nothing to keep: `None`.
    pub fn save_password(&self, to_file: bool) -> Result<Option<Saved>> {
        let Some(password) = self.config.get_password() else {
            return Ok(None);
        };
        let password = String::from_utf8_lossy(password);
        let server = password::Server {
            login: &self.login,
            host: &self.host,
            port: self.port,
            database: &self.database,
        };
        password::save(&OsKeychain, &server, &password, to_file).map(Some)
    }
}

/// "login@host:port/database", never with the password.
impl std::fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl std::fmt::Debug for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServerAddress({})", self.shown)
    }
}

/// Loopback and Unix sockets only: anything else would carry the password over a network.
fn is_this_machine(config: &Config) -> bool {
    config.get_hosts().iter().all(|host| match host {
        Host::Unix(_) => true,
        Host::Tcp(name) => {
            name == "localhost"
                || name
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
    })
}

/// The address as the editor typed it, with any password in a URL blanked out.
fn without_password(address: &str) -> String {
    let Some((scheme, rest)) = address.split_once("://") else {
        return address.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => address.to_owned(),
    }
}

/// Connects and runs the connection on the current tokio runtime.
pub async fn connect(server: &ServerAddress) -> Result<Client> {
    let connector =
        tls::connector(server.tls, server.root_cert.as_deref()).map_err(|e| match e {
            Error::Connect { reason, .. } => Error::Connect {
                server: server.shown.clone(),
                reason,
            },
            other => other,
        })?;
    let (client, connection) = server
        .config
        .connect(connector)
        .await
        .map_err(|e| connect_error(&server.shown, &e))?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "the team server's connection ended");
        }
    });
    Ok(client)
}

/// The server's own words for a refused login; for a failed TLS handshake, OpenSSL's (or the
/// OS's) reason with what to do about it.
fn connect_error(server: &str, e: &tokio_postgres::Error) -> Error {
    if let Some(db) = e.as_db_error() {
        return Error::Connect {
            server: server.to_owned(),
            reason: db.message().to_owned(),
        };
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(cause) = source {
        if cause.downcast_ref::<native_tls::Error>().is_some() {
            return Error::Tls {
                server: server.to_owned(),
                reason: cause.to_string(),
            };
        }
        source = cause.source();
    }
    let mut reason = e.to_string();
    if let Some(cause) = std::error::Error::source(e) {
        if cause.to_string() == "password missing" {
            reason = "the server asks for a password, and none was found in the keychain, \
                      PGPASSWORD or libpq's password file (`briefdesk team join` asks for it at a \
                      terminal)"
                .to_owned();
        } else {
            reason = format!("{reason}: {cause}");
        }
    }
    if reason.contains("TLS") {
        return Error::Tls {
            server: server.to_owned(),
            reason,
        };
    }
    Error::Connect {
        server: server.to_owned(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_elsewhere_is_refused_without_a_verified_tls() {
        for mode in ["disable", "prefer", "require", "allow"] {
            let err = ServerAddress::parse(&format!(
                "postgresql://anna@db.example.org/newsroom?sslmode={mode}"
            ))
            .unwrap_err();
            assert!(matches!(err, Error::NeedsTls { .. }), "{err}");
            let text = err.to_string();
            assert!(text.contains("anna@db.example.org:5432/newsroom"), "{text}");
            assert!(text.contains("sslrootcert=FILE"), "{text}");
            assert!(text.contains("verify-full"), "{text}");
        }
        let err = ServerAddress::parse("host=10.0.0.7 user=anna dbname=news sslmode=require")
            .unwrap_err();
        assert!(matches!(err, Error::NeedsTls { .. }), "{err}");
    }

    #[test]
    fn a_server_elsewhere_is_verified_by_default() {
        let server = ServerAddress::parse("postgresql://anna@db.example.org/newsroom").unwrap();
        assert_eq!(server.tls, TlsMode::VerifyFull);
        assert_eq!(server.to_string(), "anna@db.example.org:5432/newsroom");
        let server = ServerAddress::parse(
            "postgresql://anna@db.example.org/newsroom?sslmode=verify-ca&sslrootcert=/etc/ca.pem",
        )
        .unwrap();
        assert_eq!(server.tls, TlsMode::VerifyCa);
        assert_eq!(server.root_cert, Some(PathBuf::from("/etc/ca.pem")));
    }

    #[test]
    fn this_machine_prefers_tls_and_a_socket_has_none() {
        let modes = [
            ("postgresql://anna@localhost/newsroom", TlsMode::Prefer),
            (
                "postgresql://anna@127.0.0.1/newsroom?sslmode=require",
                TlsMode::Require,
            ),
            (
                "postgresql://anna@[::1]/newsroom?sslmode=disable",
                TlsMode::Disable,
            ),
            (
                "host=/run/postgresql user=anna dbname=newsroom",
                TlsMode::Disable,
            ),
        ];
        for (address, mode) in modes {
            assert_eq!(
                ServerAddress::parse(address).unwrap().tls,
                mode,
                "{address}"
            );
        }
    }

    #[test]
    fn this_machine_is_accepted() {
        for address in [
            "postgresql://anna@localhost/newsroom",
            "postgresql://anna@127.0.0.1:5433/newsroom",
            "postgresql://anna@[::1]:5433/newsroom",
            "host=/run/postgresql user=anna dbname=newsroom",
        ] {
            let server = ServerAddress::parse(address).unwrap();
            assert_eq!(server.login(), "anna", "{address}");
        }
    }

    #[test]
    fn a_password_is_never_shown() {
        let server = ServerAddress::parse("postgresql://anna:s3cret@localhost/newsroom").unwrap();
        assert_eq!(server.to_string(), "anna@localhost:5432/newsroom");
        assert!(!format!("{server:?}").contains("s3cret"));
        let err =
            ServerAddress::parse("postgresql://anna:s3cret@localhost:notaport/x").unwrap_err();
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }

    #[test]
    fn a_stored_address_reads_back_as_itself() {
        for address in [
            "postgresql://anna@localhost/newsroom",
            "postgresql://anna@127.0.0.1:5433/newsroom",
            "host=/run/postgresql user=anna dbname=newsroom",
        ] {
            let stored = ServerAddress::parse(address).unwrap().to_string();
            let again = ServerAddress::from_stored(&stored).unwrap();
            assert_eq!(again.to_string(), stored, "{address}");
        }
        let err = ServerAddress::from_stored("localhost/newsroom").unwrap_err();
        assert!(
            err.to_string().contains("login@host:port/database"),
            "{err}"
        );
        let err = ServerAddress::from_stored("anna@db.example.org:5432/newsroom?sslmode=require")
            .unwrap_err();
        assert!(matches!(err, Error::NeedsTls { .. }), "{err}");
        // TLS options given at join are kept with the address, so the app's sync uses them too.
        for address in [
            "postgresql://anna@db.example.org/newsroom?sslrootcert=/etc/my%20ca.pem",
            "postgresql://anna@127.0.0.1:5433/newsroom?sslmode=require",
        ] {
            let stored = ServerAddress::parse(address).unwrap().to_string();
            let again = ServerAddress::from_stored(&stored).unwrap();
            assert_eq!(again.to_string(), stored, "{address}");
            assert_eq!(
                (again.tls, again.root_cert),
                {
                    let first = ServerAddress::parse(address).unwrap();
                    (first.tls, first.root_cert)
                },
                "{address}"
            );
        }
    }

    #[test]
    fn an_address_without_a_login_says_so() {
        let err = ServerAddress::parse("postgresql://localhost/newsroom").unwrap_err();
        assert!(err.to_string().contains("names no login"), "{err}");
    }
}
