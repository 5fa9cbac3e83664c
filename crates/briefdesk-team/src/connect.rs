//! Reaching the team's server: the address an editor gives, the password from where libpq keeps
//! it (never from the library file), and the rule that only a server on this machine may be
//! reached without TLS.

use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::config::Host;
use tokio_postgres::{Client, Config, NoTls};

use crate::error::{Error, Result};
use crate::pgpass;

/// How long a connection attempt may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A team server's address: a `postgresql://login@host:port/database` URL or libpq's
/// `host=… port=… user=… dbname=…`. A password in it is used but never shown or stored.
#[derive(Clone)]
pub struct ServerAddress {
    config: Config,
    shown: String,
}

impl ServerAddress {
    pub fn parse(address: &str) -> Result<ServerAddress> {
        let invalid = |reason: String| Error::Address {
            address: without_password(address),
            reason,
        };
        let mut config = Config::from_str(address).map_err(|e| invalid(e.to_string()))?;
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
        let shown = format!("{login}@{host}:{port}/{database}");
        if !is_this_machine(&config) {
            return Err(Error::NeedsTls { server: shown });
        }
        config.connect_timeout(CONNECT_TIMEOUT);
        config.application_name("briefdesk");
        if config.get_password().is_none() {
            let from_env = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty());
            let password = match from_env {
                Some(p) => Some(p),
                None => pgpass::lookup(&host, port, &database, &login)?,
            };
            if let Some(password) = password {
                config.password(password);
            }
        }
        Ok(ServerAddress { config, shown })
    }

    /// The address a replica stored (`login@host:port/database`, as [`Display`] writes it),
    /// with the password looked up again as [`Self::parse`] does: how the app's background sync
    /// reaches the team the library follows. A Unix socket folder as the host works too.
    pub fn from_stored(stored: &str) -> Result<ServerAddress> {
        let invalid = || Error::Address {
            address: stored.to_owned(),
            reason: "it is not login@host:port/database".into(),
        };
        let (login, rest) = stored.split_once('@').ok_or_else(invalid)?;
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
        ServerAddress::parse(&format!(
            "host={} port={port} user={} dbname={}",
            quote(host),
            quote(login),
            quote(database)
        ))
    }

    /// The login Briefdesk signs in as: the editor's own database login.
    pub fn login(&self) -> &str {
        self.config.get_user().unwrap_or_default()
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
    let (client, connection) = server
        .config
        .connect(NoTls)
        .await
        .map_err(|e| Error::Connect {
            server: server.shown.clone(),
            reason: match e.as_db_error() {
                Some(db) => db.message().to_owned(),
                None => e.to_string(),
            },
        })?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "the team server's connection ended");
        }
    });
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_elsewhere_is_refused_without_tls() {
        let err = ServerAddress::parse("postgresql://anna@db.example.org/newsroom").unwrap_err();
        assert!(matches!(err, Error::NeedsTls { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("anna@db.example.org:5432/newsroom")
        );
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
        let err = ServerAddress::from_stored("anna@db.example.org:5432/newsroom").unwrap_err();
        assert!(matches!(err, Error::NeedsTls { .. }), "{err}");
    }

    #[test]
    fn an_address_without_a_login_says_so() {
        let err = ServerAddress::parse("postgresql://localhost/newsroom").unwrap_err();
        assert!(err.to_string().contains("names no login"), "{err}");
    }
}
