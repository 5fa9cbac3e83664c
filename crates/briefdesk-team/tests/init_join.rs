//! Starting a team on a real PostgreSQL server and joining it: the library uploaded whole, a new
//! replica holding exactly what the first editor had, and the refusals that keep two teams from
//! mixing on one server.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// A throwaway server from Debian's PostgreSQL package: run on Linux (the Linux CI job and
// `cargo xtask test`); the Windows and macOS jobs build these tests but have no such server.
#![cfg(target_os = "linux")]

mod support;

use briefdesk_core::library::dump::LibraryDump;
use briefdesk_core::{BriefDraft, IssuePatch, Library, SourceDraft, Status};
use briefdesk_team::{Error, Role, ServerAddress};
use chrono::NaiveDate;
use support::PgServer;

fn library_with_a_week_of_work(path: &std::path::Path) -> Library {
    let mut lib = Library::open(path).unwrap();
    let mut ids = Vec::new();
    for (headline, outlet, tags) in [
        (
            "Huawei sales slump abroad",
            "Reuters",
            vec!["China", "Tech"],
        ),
        ("北京空气污染加剧", "人民日报", vec!["China"]),
        ("Hong Kong court hears appeal", "RTHK", vec!["Hong Kong"]),
    ] {
        let brief = lib
            .create_brief(&BriefDraft {
                headline: headline.into(),
                body: format!("\"{headline},\" the outlet said.\n\nA second paragraph."),
                sources: vec![SourceDraft {
                    outlet: outlet.into(),
                    date: Some("2020-11-27".into()),
                    url: Some(format!("https://example.org/{}", ids.len())),
                    title: None,
                }],
                tags: tags.into_iter().map(String::from).collect(),
                status: Status::Draft,
                notes: String::new(),
            })
            .unwrap();
        ids.push(brief.id);
    }
    lib.recolour_tag("China", Some("#cc3333")).unwrap();
    lib.add_tag("Unused", None).unwrap();
    let date = NaiveDate::from_ymd_opt(2020, 12, 1).unwrap();
    lib.create_issue(12, "China Briefing", date).unwrap();
    lib.update_issue(
        12,
        &IssuePatch {
            intro: Some("Good morning.".into()),
            ..IssuePatch::default()
        },
    )
    .unwrap();
    lib.add_to_issue(12, ids[1], Some("Domestic"), None)
        .unwrap();
    lib.add_to_issue(12, ids[0], Some("Domestic"), Some(0))
        .unwrap();
    lib.add_to_issue(12, ids[2], Some("Hong Kong"), None)
        .unwrap();
    lib
}

fn comparable(mut dump: LibraryDump) -> LibraryDump {
    dump.exported_at = chrono::DateTime::UNIX_EPOCH;
    dump.schema_version = 0;
    dump
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn a_library_uploaded_to_a_new_team_comes_back_whole_in_a_new_replica() {
    let server = PgServer::start();
    server.psql("postgres", "CREATE DATABASE newsroom");
    let dir = tempfile::tempdir().unwrap();
    let first = library_with_a_week_of_work(&dir.path().join("anna.sqlite3"));
    let address =
        ServerAddress::parse(&server.url(support::ADMIN, support::ADMIN_PASSWORD, "newsroom"))
            .unwrap();

    runtime().block_on(async {
        let mut client = briefdesk_team::connect(&address).await.unwrap();
        assert_eq!(briefdesk_team::migrate(&mut client).await.unwrap(), 0);
        let dump = first.export_all().unwrap();
        let uploaded = briefdesk_team::upload(&mut client, &dump, "Anna")
            .await
            .unwrap();
        assert_eq!((uploaded.briefs, uploaded.issues), (3, 1));
        assert_eq!(uploaded.tags, first.tags().unwrap().len());

        // What the server holds, as a plain SQL client sees it.
        assert_eq!(
            server.psql("newsroom", "SELECT count(*) FROM briefdesk.briefs"),
            "3"
        );
        assert_eq!(
            server.psql(
                "newsroom",
                "SELECT doc->>'headline' FROM briefdesk.briefs WHERE doc->>'headline' LIKE '北京%'"
            ),
            "北京空气污染加剧"
        );
        let status = briefdesk_team::status(&mut client, &address).await.unwrap();
        assert_eq!(status.login, support::ADMIN);
        assert_eq!(status.seq, uploaded.seq);
        assert_eq!(status.members.len(), 1);
        assert_eq!(status.members[0].role, Role::Admin);
        assert_eq!(status.members[0].display_name, "Anna");

        // A second editor joins: a new replica, the same library.
        let downloaded = briefdesk_team::download(&mut client).await.unwrap();
        assert_eq!(downloaded.seq, uploaded.seq);
        // Three briefs, one issue, and the publication settings (under the nil id).
        assert_eq!(downloaded.versions.len(), 5);
        assert_eq!(downloaded.versions[&uuid::Uuid::nil()], 1);
        let mut second = Library::open(dir.path().join("ben.sqlite3")).unwrap();
        second.import_all(&downloaded.dump).unwrap();
        assert_eq!(
            comparable(second.export_all().unwrap()),
            comparable(first.export_all().unwrap())
        );
        assert_eq!(second.issue(12).unwrap(), first.issue(12).unwrap());
        assert_eq!(
            second.tag("china").unwrap().colour.as_deref(),
            Some("#cc3333")
        );
    });
}

#[test]
fn a_second_team_is_not_started_over_the_first() {
    let server = PgServer::start();
    server.psql("postgres", "CREATE DATABASE newsroom");
    let dir = tempfile::tempdir().unwrap();
    let anna = library_with_a_week_of_work(&dir.path().join("anna.sqlite3"));
    let mut ben = Library::open(dir.path().join("ben.sqlite3")).unwrap();
    ben.create_brief(&BriefDraft {
        headline: "Ben's own brief".into(),
        ..BriefDraft::default()
    })
    .unwrap();
    let address =
        ServerAddress::parse(&server.url(support::ADMIN, support::ADMIN_PASSWORD, "newsroom"))
            .unwrap();
    runtime().block_on(async {
        let mut client = briefdesk_team::connect(&address).await.unwrap();
        briefdesk_team::migrate(&mut client).await.unwrap();
        briefdesk_team::upload(&mut client, &anna.export_all().unwrap(), "Anna")
            .await
            .unwrap();
        // Migrating again changes nothing.
        assert_eq!(
            briefdesk_team::migrate(&mut client).await.unwrap(),
            briefdesk_team::SCHEMA_VERSION
        );
        let err = briefdesk_team::upload(&mut client, &ben.export_all().unwrap(), "Ben")
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::AlreadyTeam {
                    briefs: 3,
                    issues: 1
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("join it"), "{err}");
    });
    assert_eq!(
        server.psql("newsroom", "SELECT count(*) FROM briefdesk.briefs"),
        "3"
    );
    assert_eq!(
        server.psql("newsroom", "SELECT count(*) FROM briefdesk.members"),
        "1"
    );
}

#[test]
fn an_upload_that_fails_half_way_leaves_the_server_empty() {
    let server = PgServer::start();
    server.psql("postgres", "CREATE DATABASE newsroom");
    let dir = tempfile::tempdir().unwrap();
    let anna = library_with_a_week_of_work(&dir.path().join("anna.sqlite3"));
    let mut dump = anna.export_all().unwrap();
    // Two issues with one number: the server's own constraint refuses the second, after the
    // briefs went in.
    let mut twin = dump.issues[0].clone();
    twin.id = uuid::Uuid::now_v7();
    dump.issues.push(twin);
    let address =
        ServerAddress::parse(&server.url(support::ADMIN, support::ADMIN_PASSWORD, "newsroom"))
            .unwrap();
    runtime().block_on(async {
        let mut client = briefdesk_team::connect(&address).await.unwrap();
        briefdesk_team::migrate(&mut client).await.unwrap();
        let err = briefdesk_team::upload(&mut client, &dump, "Anna")
            .await
            .unwrap_err();
        assert!(err.to_string().contains("issues_number"), "{err}");
        let err = briefdesk_team::download(&mut client).await.unwrap_err();
        assert!(matches!(err, Error::NoTeam), "{err}");
    });
    assert_eq!(
        server.psql("newsroom", "SELECT count(*) FROM briefdesk.briefs"),
        "0"
    );
}

#[test]
fn a_server_without_briefdesk_or_unreachable_says_so() {
    let server = PgServer::start();
    let address = ServerAddress::parse(&server.admin_url()).unwrap();
    runtime().block_on(async {
        let mut client = briefdesk_team::connect(&address).await.unwrap();
        let err = briefdesk_team::download(&mut client).await.unwrap_err();
        assert!(err.to_string().contains("briefdesk team init"), "{err}");

        let wrong = ServerAddress::parse(&server.url(support::ADMIN, "wrong", "postgres")).unwrap();
        let err = briefdesk_team::connect(&wrong).await.unwrap_err();
        assert!(matches!(err, Error::Connect { .. }), "{err}");
        assert!(
            err.to_string().contains("password authentication failed"),
            "{err}"
        );
        assert!(
            !err.to_string().contains("wrong"),
            "no password in the message: {err}"
        );
    });
    let port = server.port;
    drop(server);
    let gone = ServerAddress::parse(&format!(
        "postgresql://{}:{}@127.0.0.1:{port}/postgres",
        support::ADMIN,
        support::ADMIN_PASSWORD
    ))
    .unwrap();
    runtime().block_on(async {
        let err = briefdesk_team::connect(&gone).await.unwrap_err();
        assert!(
            err.to_string().contains(&format!("127.0.0.1:{port}")),
            "{err}"
        );
    });
}

#[test]
fn a_schema_from_a_newer_briefdesk_is_left_alone() {
    let server = PgServer::start();
    let address = ServerAddress::parse(&server.admin_url()).unwrap();
    runtime().block_on(async {
        let mut client = briefdesk_team::connect(&address).await.unwrap();
        briefdesk_team::migrate(&mut client).await.unwrap();
    });
    server.psql(
        "postgres",
        "INSERT INTO briefdesk.schema_migrations (version, name) VALUES (99, 'from the future')",
    );
    runtime().block_on(async {
        let mut client = briefdesk_team::connect(&address).await.unwrap();
        let err = briefdesk_team::migrate(&mut client).await.unwrap_err();
        assert!(matches!(err, Error::NewerSchema { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("update Briefdesk"), "{err}");
    });
}
