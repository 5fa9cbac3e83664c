//! TLS to a real PostgreSQL server with `ssl = on` and a certificate signed by a CA made for the
//! test: verified with that CA, a team starts, a replica joins and briefs sync; a CA that did not
//! sign the server's certificate is refused with what to do; `sslmode=require` encrypts; a server
//! without TLS is refused when TLS is required.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// A throwaway server from Debian's PostgreSQL package: run on Linux (the Linux CI job and
// `cargo xtask test`); the Windows and macOS jobs build these tests but have no such server.
#![cfg(target_os = "linux")]

mod support;

use std::collections::HashMap;

use briefdesk_core::{BriefDraft, Library, SourceDraft};
use briefdesk_team::{Error, ServerAddress};
use support::PgServer;
use uuid::Uuid;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn address(server: &PgServer, host: &str, options: &str) -> ServerAddress {
    ServerAddress::parse(&format!(
        "postgresql://{}:{}@{host}:{}/newsroom?{options}",
        support::ADMIN,
        support::ADMIN_PASSWORD,
        server.port
    ))
    .unwrap()
}

fn draft(headline: &str) -> BriefDraft {
    BriefDraft {
        headline: headline.into(),
        body: "Body.".into(),
        sources: vec![SourceDraft {
            outlet: "Reuters".into(),
            date: None,
            url: None,
            title: None,
        }],
        tags: vec!["China".into()],
        ..Default::default()
    }
}

/// Whether this connection is encrypted, as the server sees it.
async fn encrypted(client: &tokio_postgres::Client) -> bool {
    client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

#[test]
fn a_team_over_verified_tls_starts_joins_and_syncs() {
    let server = PgServer::start_tls();
    server.psql("postgres", "CREATE DATABASE newsroom");
    let ca = server.ca_file();
    // The certificate names localhost and 127.0.0.1: both check out against the CA.
    for host in ["localhost", "127.0.0.1"] {
        let address = address(
            &server,
            host,
            &format!("sslmode=verify-full&sslrootcert={}", ca.display()),
        );
        let ok = runtime().block_on(async {
            let client = briefdesk_team::connect(&address).await.unwrap();
            encrypted(&client).await
        });
        assert!(ok, "{host}: the connection is encrypted");
    }
    let address = address(
        &server,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", ca.display()),
    );
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    anna.create_brief(&draft("Huawei sales slump abroad"))
        .unwrap();
    let dump = anna.export_all().unwrap();
    let uploaded = rt.block_on(async {
        let mut client = briefdesk_team::connect(&address).await.unwrap();
        briefdesk_team::migrate(&mut client).await.unwrap();
        briefdesk_team::upload(&mut client, &dump, "Anna")
            .await
            .unwrap()
    });
    let versions: HashMap<Uuid, i64> = dump
        .briefs
        .iter()
        .map(|b| (b.id, i64::from(b.version)))
        .collect();
    anna.become_replica(&address.to_string(), uploaded.seq, &versions)
        .unwrap();

    // The stored address keeps the TLS options: what the app's background sync connects with.
    let stored = anna.team_replica().unwrap().unwrap().server;
    assert!(stored.contains("sslmode=verify-full"), "{stored}");
    assert_eq!(
        ServerAddress::from_stored(&stored).unwrap().to_string(),
        stored
    );
    // (Connecting with it would look the password up in the environment; the URL has it.)
    let again = address;

    let mut ben = Library::open(dir.path().join("ben.sqlite3")).unwrap();
    let downloaded = rt.block_on(async {
        let mut client = briefdesk_team::connect(&again).await.unwrap();
        briefdesk_team::download(&mut client).await.unwrap()
    });
    ben.import_all(&downloaded.dump).unwrap();
    ben.become_replica(&stored, downloaded.seq, &downloaded.versions)
        .unwrap();

    anna.create_brief(&draft("Hong Kong court hears appeal"))
        .unwrap();
    let sent = rt.block_on(async {
        let mut client = briefdesk_team::connect(&again).await.unwrap();
        briefdesk_team::sync(&mut client, &mut anna).await.unwrap()
    });
    assert_eq!(sent.pushed, 1);
    let received = rt.block_on(async {
        let mut client = briefdesk_team::connect(&again).await.unwrap();
        briefdesk_team::sync(&mut client, &mut ben).await.unwrap()
    });
    assert_eq!(received.pulled.applied, 1);
    assert_eq!(
        ben.export_all().unwrap().briefs,
        anna.export_all().unwrap().briefs
    );
}

#[test]
fn a_certificate_from_another_ca_is_refused_with_what_to_do() {
    let server = PgServer::start_tls();
    server.psql("postgres", "CREATE DATABASE newsroom");
    let elsewhere = tempfile::tempdir().unwrap();
    let wrong_ca = support::make_ca(elsewhere.path(), "other-ca");
    let rt = runtime();
    for options in [
        format!("sslmode=verify-full&sslrootcert={}", wrong_ca.display()),
        format!("sslmode=verify-ca&sslrootcert={}", wrong_ca.display()),
        // Without a CA file the OS's trusted roots are used, and none signed the test's CA.
        "sslmode=verify-full".to_owned(),
    ] {
        let address = address(&server, "localhost", &options);
        let err = rt
            .block_on(briefdesk_team::connect(&address))
            .map(|_| ())
            .unwrap_err();
        assert!(matches!(err, Error::Tls { .. }), "{options}: {err}");
        let text = err.to_string();
        assert!(text.contains("certificate"), "{options}: {text}");
        assert!(text.contains("sslrootcert=FILE"), "{options}: {text}");
        assert!(!text.contains(support::ADMIN_PASSWORD), "{text}");
    }
    // A CA file that is not there says which file.
    let address = address(
        &server,
        "localhost",
        "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
    );
    let err = rt
        .block_on(briefdesk_team::connect(&address))
        .map(|_| ())
        .unwrap_err();
    assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
}

#[test]
fn require_encrypts_and_a_server_without_tls_is_refused_when_it_is_required() {
    let with_tls = PgServer::start_tls();
    with_tls.psql("postgres", "CREATE DATABASE newsroom");
    let rt = runtime();
    for options in ["sslmode=require", ""] {
        // On this machine libpq's default (prefer) takes TLS when the server offers it.
        let address = address(&with_tls, "127.0.0.1", options);
        let ok = rt.block_on(async {
            let client = briefdesk_team::connect(&address).await.unwrap();
            encrypted(&client).await
        });
        assert!(ok, "{options:?}: encrypted");
    }
    let plain = address(&with_tls, "127.0.0.1", "sslmode=disable");
    let ok = rt.block_on(async {
        let client = briefdesk_team::connect(&plain).await.unwrap();
        encrypted(&client).await
    });
    assert!(!ok, "sslmode=disable: not encrypted");

    let without_tls = PgServer::start();
    without_tls.psql("postgres", "CREATE DATABASE newsroom");
    let address = address(&without_tls, "127.0.0.1", "sslmode=require");
    let err = rt
        .block_on(briefdesk_team::connect(&address))
        .map(|_| ())
        .unwrap_err();
    assert!(matches!(err, Error::Tls { .. }), "{err}");
    assert!(err.to_string().contains("ssl = on"), "{err}");
}
