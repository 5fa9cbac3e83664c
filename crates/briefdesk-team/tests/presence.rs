//! Who is editing which brief, through the team API with two logins on a real server.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// A throwaway server from Debian's PostgreSQL package: run on Linux only (see permissions.rs).
#![cfg(target_os = "linux")]

mod support;

use briefdesk_core::{BriefDraft, Library};
use briefdesk_team::{Presence, Role, ServerAddress};
use support::PgServer;
use uuid::Uuid;

fn address(server: &PgServer, login: &str, password: &str) -> ServerAddress {
    ServerAddress::parse(&server.url(login, password, "newsroom")).unwrap()
}

#[test]
fn others_see_who_has_a_brief_open_until_it_is_closed_or_goes_stale() {
    let server = PgServer::start();
    server.psql("postgres", "CREATE DATABASE newsroom");
    server.create_login("ben", "ben-pw");
    server.create_login("carol", "carol-pw");
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path().join("admin.sqlite3")).unwrap();
    let mut ids = Vec::new();
    for headline in ["First", "Second"] {
        let draft = BriefDraft {
            headline: headline.into(),
            ..BriefDraft::default()
        };
        ids.push(lib.create_brief(&draft).unwrap().id);
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut admin =
            briefdesk_team::connect(&address(&server, support::ADMIN, support::ADMIN_PASSWORD))
                .await
                .unwrap();
        briefdesk_team::migrate(&mut admin).await.unwrap();
        briefdesk_team::upload(&mut admin, &lib.export_all().unwrap(), "Admin")
            .await
            .unwrap();
        briefdesk_team::grant(&mut admin, "ben", Role::Editor, "Ben")
            .await
            .unwrap();
        briefdesk_team::grant(&mut admin, "carol", Role::Contributor, "Carol")
            .await
            .unwrap();

        let ben = briefdesk_team::connect(&address(&server, "ben", "ben-pw"))
            .await
            .unwrap();
        let carol = briefdesk_team::connect(&address(&server, "carol", "carol-pw"))
            .await
            .unwrap();
        briefdesk_team::set_presence(&ben, ids[0], "Ben")
            .await
            .unwrap();
        // Renewed: still one row, not two.
        briefdesk_team::set_presence(&ben, ids[0], "Ben")
            .await
            .unwrap();
        let seen = briefdesk_team::others_editing(&carol).await.unwrap();
        assert_eq!(
            seen,
            [Presence {
                brief_id: ids[0],
                login: "ben".into(),
                display_name: "Ben".into(),
            }]
        );
        // Nobody is told about themselves.
        assert!(
            briefdesk_team::others_editing(&ben)
                .await
                .unwrap()
                .is_empty()
        );

        // Opening another brief moves him there.
        briefdesk_team::set_presence(&ben, ids[1], "Ben")
            .await
            .unwrap();
        let seen = briefdesk_team::others_editing(&carol).await.unwrap();
        assert_eq!(
            seen.iter().map(|p| p.brief_id).collect::<Vec<_>>(),
            [ids[1]]
        );

        // An app that stopped renewing (quit, crashed, offline) is no longer shown.
        server.psql(
            "newsroom",
            "UPDATE briefdesk.presence SET seen_at = now() - interval '61 seconds'",
        );
        assert!(
            briefdesk_team::others_editing(&carol)
                .await
                .unwrap()
                .is_empty()
        );

        // Closed: gone at once.
        briefdesk_team::set_presence(&carol, ids[0], "Carol")
            .await
            .unwrap();
        assert_eq!(briefdesk_team::others_editing(&ben).await.unwrap().len(), 1);
        briefdesk_team::clear_presence(&carol).await.unwrap();
        assert!(
            briefdesk_team::others_editing(&ben)
                .await
                .unwrap()
                .is_empty()
        );
    });

    // Each login writes only its own presence, even with a plain SQL client.
    server.psql(
        "newsroom",
        &format!(
            "INSERT INTO briefdesk.presence (brief_id, login, display_name)
             VALUES ('{}', 'ben', 'Ben')",
            ids[0]
        ),
    );
    let carol = |sql: &str| server.psql_as("carol", "carol-pw", "newsroom", sql);
    assert_eq!(
        carol("DELETE FROM briefdesk.presence WHERE login = 'ben' RETURNING login"),
        Ok(String::new())
    );
    let err = carol(&format!(
        "INSERT INTO briefdesk.presence (brief_id, login, display_name)
         VALUES ('{}', 'ben', 'Ben')",
        Uuid::now_v7()
    ))
    .unwrap_err();
    assert!(err.contains("row-level security"), "{err}");
    assert_eq!(
        server.psql(
            "newsroom",
            &format!(
                "SELECT count(*) FROM briefdesk.presence WHERE login = 'ben' AND brief_id = '{}'",
                ids[0]
            )
        ),
        "1",
        "Ben's row is still there"
    );
}
