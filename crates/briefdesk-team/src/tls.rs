//! TLS to the team's server: libpq's `sslmode` and `sslrootcert`, taken out of the address (the
//! driver knows neither verify mode nor root certificates) and turned into a connector on the
//! OS's own TLS (native-tls: OpenSSL, Schannel or Security.framework).

use std::path::{Path, PathBuf};

use native_tls::{Certificate, Protocol, TlsConnector};
use postgres_native_tls::MakeTlsConnector;
use tokio_postgres::config::SslMode;

use crate::error::{Error, Result};

/// libpq's `sslmode`, with its meanings: `prefer` and `require` encrypt without checking who
/// answers; `verify-ca` checks the certificate's chain; `verify-full` also its host name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl TlsMode {
    fn parse(value: &str) -> Option<TlsMode> {
        Some(match value {
            "disable" => TlsMode::Disable,
            // libpq's "allow" tries without TLS first; a replica gains nothing from that order.
            "allow" | "prefer" => TlsMode::Prefer,
            "require" => TlsMode::Require,
            "verify-ca" => TlsMode::VerifyCa,
            "verify-full" => TlsMode::VerifyFull,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::Disable => "disable",
            TlsMode::Prefer => "prefer",
            TlsMode::Require => "require",
            TlsMode::VerifyCa => "verify-ca",
            TlsMode::VerifyFull => "verify-full",
        }
    }

    /// Whether the server's certificate is checked, so a password cannot be handed to whoever
    /// sits between here and the server.
    pub fn verifies(self) -> bool {
        matches!(self, TlsMode::VerifyCa | TlsMode::VerifyFull)
    }

    /// The driver's own setting: it negotiates, the connector verifies.
    pub fn driver_mode(self) -> SslMode {
        match self {
            TlsMode::Disable => SslMode::Disable,
            TlsMode::Prefer => SslMode::Prefer,
            TlsMode::Require | TlsMode::VerifyCa | TlsMode::VerifyFull => SslMode::Require,
        }
    }
}

/// The TLS options an address named, and the address without them (for the driver's parser).
#[derive(Debug, PartialEq, Eq)]
pub struct TlsOptions {
    pub mode: Option<TlsMode>,
    pub root_cert: Option<PathBuf>,
}

/// Takes `sslmode` and `sslrootcert` out of a `postgresql://…?…` URL or libpq's `key=value` form.
pub fn split_options(address: &str) -> std::result::Result<(String, TlsOptions), String> {
    let mut options = TlsOptions {
        mode: None,
        root_cert: None,
    };
    let mut take = |key: &str, value: String| -> std::result::Result<bool, String> {
        match key {
            "sslmode" => {
                options.mode = Some(TlsMode::parse(&value).ok_or_else(|| {
                    format!(
                        "sslmode={value} is not one of disable, prefer, require, verify-ca, \
                         verify-full"
                    )
                })?);
                Ok(true)
            }
            "sslrootcert" => {
                options.root_cert = Some(PathBuf::from(value));
                Ok(true)
            }
            _ => Ok(false),
        }
    };
    if address.starts_with("postgresql://") || address.starts_with("postgres://") {
        let Some((base, query)) = address.split_once('?') else {
            return Ok((address.to_owned(), options));
        };
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !take(key, percent_decode(value)?)? {
                kept.push(pair);
            }
        }
        let rest = if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        return Ok((rest, options));
    }
    let mut kept = String::new();
    let mut rest = address;
    while let Some((pair, after)) = next_pair(rest)? {
        let (raw, key, value) = pair;
        if !take(&key, value)? {
            kept.push_str(raw.trim());
            kept.push(' ');
        }
        rest = after;
    }
    Ok((kept.trim_end().to_owned(), options))
}

/// One `key = value` of libpq's form: (its text, key, value unquoted) and what follows.
type Pair<'a> = (&'a str, String, String);

fn next_pair(text: &str) -> std::result::Result<Option<(Pair<'_>, &str)>, String> {
    let start = text.len() - text.trim_start().len();
    let text = &text[start..];
    if text.is_empty() {
        return Ok(None);
    }
    let eq = text
        .find('=')
        .ok_or_else(|| format!("{text:?} is not key=value"))?;
    let key = text[..eq].trim().to_owned();
    let after_eq = &text[eq + 1..];
    let value_start = after_eq.len() - after_eq.trim_start().len();
    let mut value = String::new();
    let mut chars = after_eq[value_start..].char_indices();
    let quoted = after_eq[value_start..].starts_with('\'');
    if quoted {
        chars.next();
    }
    let mut end = after_eq.len() - value_start;
    let mut closed = !quoted;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, next)) = chars.next() {
                    value.push(next);
                }
            }
            '\'' if quoted => {
                end = i + 1;
                closed = true;
                break;
            }
            c if !quoted && c.is_whitespace() => {
                end = i;
                break;
            }
            c => value.push(c),
        }
    }
    if !closed {
        return Err(format!("the value of {key} has no closing quote"));
    }
    let consumed = eq + 1 + value_start + end;
    Ok(Some(((&text[..consumed], key, value), &text[consumed..])))
}

fn percent_decode(value: &str) -> std::result::Result<String, String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    format!("{value:?} has a % that is not followed by two hex digits")
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("{value:?} is not UTF-8"))
}

/// The connector for `mode`: with `root_cert`, only that file's certificates are trusted (a
/// private CA, as libpq does); without it, the OS's trusted roots.
pub fn connector(mode: TlsMode, root_cert: Option<&Path>) -> Result<MakeTlsConnector> {
    let mut builder = TlsConnector::builder();
    builder.min_protocol_version(Some(Protocol::Tlsv12));
    if let Some(file) = root_cert {
        let file_error = |reason: String| Error::File {
            path: file.display().to_string(),
            reason,
        };
        let pem = std::fs::read(file).map_err(|e| {
            file_error(format!(
                "the server's CA certificate (sslrootcert) cannot be read: {e}"
            ))
        })?;
        let certs = pem_certificates(&pem);
        if certs.is_empty() {
            return Err(file_error(
                "holds no PEM certificate (-----BEGIN CERTIFICATE-----)".into(),
            ));
        }
        for cert in certs {
            let cert = Certificate::from_pem(cert)
                .map_err(|e| file_error(format!("a certificate in it cannot be read: {e}")))?;
            builder.add_root_certificate(cert);
        }
        builder.disable_built_in_roots(true);
    }
    // libpq's prefer and require encrypt but check no certificate; verify-ca skips the name.
    builder.danger_accept_invalid_certs(!mode.verifies());
    builder.danger_accept_invalid_hostnames(mode != TlsMode::VerifyFull);
    let connector = builder.build().map_err(|e| Error::Connect {
        server: String::new(),
        reason: format!("the OS's TLS could not be set up: {e}"),
    })?;
    Ok(MakeTlsConnector::new(connector))
}

/// Each `-----BEGIN CERTIFICATE-----` block of a PEM file (a CA file may hold a chain).
fn pem_certificates(pem: &[u8]) -> Vec<&[u8]> {
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    const END: &[u8] = b"-----END CERTIFICATE-----";
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut certs = Vec::new();
    let mut rest = pem;
    while let Some(start) = find(rest, BEGIN) {
        let Some(end) = find(&rest[start..], END) else {
            break;
        };
        let stop = start + end + END.len();
        certs.push(&rest[start..stop]);
        rest = &rest[stop..];
    }
    certs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_out_of_a_url() {
        let (rest, options) = split_options(
            "postgresql://anna@db.example.org/news?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=x",
        )
        .unwrap();
        assert_eq!(
            rest,
            "postgresql://anna@db.example.org/news?application_name=x"
        );
        assert_eq!(options.mode, Some(TlsMode::VerifyFull));
        assert_eq!(options.root_cert, Some(PathBuf::from("/etc/ca.pem")));
        let (rest, options) = split_options("postgresql://anna@localhost/news").unwrap();
        assert_eq!(rest, "postgresql://anna@localhost/news");
        assert_eq!(options.mode, None);
    }

    #[test]
    fn options_come_out_of_key_value_form() {
        let (rest, options) = split_options(
            "host=db.example.org sslmode = require  user=anna sslrootcert='/my ca/it\\'s.pem' dbname=news",
        )
        .unwrap();
        assert_eq!(rest, "host=db.example.org user=anna dbname=news");
        assert_eq!(options.mode, Some(TlsMode::Require));
        assert_eq!(options.root_cert, Some(PathBuf::from("/my ca/it's.pem")));
    }

    #[test]
    fn an_unknown_mode_says_which_are_known() {
        let err = split_options("postgresql://anna@localhost/news?sslmode=maybe").unwrap_err();
        assert!(err.contains("verify-full"), "{err}");
    }

    #[test]
    fn a_pem_chain_gives_each_certificate() {
        let pem = b"junk\n-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n\
                    -----BEGIN CERTIFICATE-----\nBBB\n-----END CERTIFICATE-----\n";
        assert_eq!(pem_certificates(pem).len(), 2);
        assert!(pem_certificates(b"nothing").is_empty());
    }
}
