//! Roles enforced by the server: each role tried against what it must not do, through
//! Briefdesk's own sync and through a plain SQL connection with that role's login.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// A throwaway server from Debian's PostgreSQL package: run on Linux (the Linux CI job and
// `cargo xtask test`); the Windows and macOS jobs build these tests but have no such server.
#![cfg(target_os = "linux")]

mod support;

use briefdesk_core::{BriefDraft, Library, Status};
use briefdesk_team::{Error, Role, ServerAddress};
use support::PgServer;
use uuid::Uuid;

struct Newsroom {
    server: PgServer,
    dir: tempfile::TempDir,
    rt: tokio::runtime::Runtime,
    /// The admin's brief, which nobody else wrote.
    admins_brief: Uuid,
}

impl Newsroom {
    /// A team started by the admin, with Carol a contributor and Eddie an editor.
    fn start() -> Newsroom {
        let server = PgServer::start();
        server.psql("postgres", "CREATE DATABASE newsroom");
        server.create_login("carol", "carol-pw");
        server.create_login("eddie", "eddie-pw");
        server.create_login("mallory", "mallory-pw");
        let dir = tempfile::tempdir().unwrap();
        let mut admin = Library::open(dir.path().join("admin.sqlite3")).unwrap();
        let admins_brief = admin
            .create_brief(&BriefDraft {
                headline: "The admin's brief".into(),
                ..BriefDraft::default()
            })
            .unwrap()
            .id;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let address = address(&server, support::ADMIN, support::ADMIN_PASSWORD);
        rt.block_on(async {
            let mut client = briefdesk_team::connect(&address).await.unwrap();
            briefdesk_team::migrate(&mut client).await.unwrap();
            briefdesk_team::upload(&mut client, &admin.export_all().unwrap(), "Admin")
                .await
                .unwrap();
            briefdesk_team::grant(&mut client, "carol", Role::Contributor, "Carol")
                .await
                .unwrap();
            briefdesk_team::grant(&mut client, "eddie", Role::Editor, "Eddie")
                .await
                .unwrap();
        });
        Newsroom {
            server,
            dir,
            rt,
            admins_brief,
        }
    }

    fn join(&self, login: &str, password: &str) -> (Library, ServerAddress) {
        let address = address(&self.server, login, password);
        let mut lib = Library::open(self.dir.path().join(format!("{login}.sqlite3"))).unwrap();
        let downloaded = self.rt.block_on(async {
            let mut client = briefdesk_team::connect(&address).await.unwrap();
            briefdesk_team::download(&mut client).await.unwrap()
        });
        lib.import_all(&downloaded.dump).unwrap();
        lib.become_replica(&address.to_string(), downloaded.seq, &downloaded.versions)
            .unwrap();
        (lib, address)
    }

    fn sync(&self, lib: &mut Library, address: &ServerAddress) -> briefdesk_team::SyncReport {
        self.rt.block_on(async {
            let mut client = briefdesk_team::connect(address).await.unwrap();
            briefdesk_team::sync(&mut client, lib).await.unwrap()
        })
    }

    fn headline_on_server(&self, id: Uuid) -> String {
        self.server.psql(
            "newsroom",
            &format!("SELECT doc->>'headline' FROM briefdesk.briefs WHERE id = '{id}'"),
        )
    }
}

fn address(server: &PgServer, login: &str, password: &str) -> ServerAddress {
    ServerAddress::parse(&server.url(login, password, "newsroom")).unwrap()
}

fn retitle(lib: &mut Library, id: Uuid, headline: &str) {
    let mut draft = BriefDraft::from(&lib.brief(id).unwrap());
    draft.headline = headline.into();
    lib.update_brief(id, &draft).unwrap();
}

#[test]
fn a_contributor_cannot_change_anothers_brief_and_keeps_their_edit_with_the_reason() {
    let room = Newsroom::start();
    let (mut carol, at) = room.join("carol", "carol-pw");
    retitle(&mut carol, room.admins_brief, "Carol's headline");
    let own = carol
        .create_brief(&BriefDraft {
            headline: "Carol's own brief".into(),
            ..BriefDraft::default()
        })
        .unwrap()
        .id;
    let report = room.sync(&mut carol, &at);
    assert_eq!(report.pushed, 1, "her own brief went through");
    assert_eq!(
        room.headline_on_server(room.admins_brief),
        "The admin's brief"
    );
    assert_eq!(room.headline_on_server(own), "Carol's own brief");
    // Her edit stays in her library, with the reason, and is not offered again unchanged.
    assert_eq!(
        carol.brief(room.admins_brief).unwrap().headline,
        "Carol's headline"
    );
    let refused = carol.refused_briefs().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].id, room.admins_brief);
    assert!(
        refused[0].reason.contains("only its author or an editor"),
        "{}",
        refused[0].reason
    );
    let state = carol.team_replica().unwrap().unwrap();
    assert_eq!((state.refused, state.waiting), (1, 1));
    assert!(carol.pending_briefs().unwrap().is_empty());

    // Marking her own brief published is an editor's call.
    let mut draft = BriefDraft::from(&carol.brief(own).unwrap());
    draft.status = Status::Published;
    carol.update_brief(own, &draft).unwrap();
    room.sync(&mut carol, &at);
    let refused = carol.refused_briefs().unwrap();
    assert!(
        refused
            .iter()
            .any(|r| r.id == own && r.reason.contains("only an editor may mark")),
        "{refused:?}"
    );
    assert_eq!(
        room.server.psql(
            "newsroom",
            &format!("SELECT doc->>'status' FROM briefdesk.briefs WHERE id = '{own}'")
        ),
        "draft"
    );
}

#[test]
fn an_editor_changes_any_brief() {
    let room = Newsroom::start();
    let (mut eddie, at) = room.join("eddie", "eddie-pw");
    retitle(&mut eddie, room.admins_brief, "Eddie's headline");
    let report = room.sync(&mut eddie, &at);
    assert_eq!(report.pushed, 1);
    assert!(eddie.refused_briefs().unwrap().is_empty());
    assert_eq!(
        room.headline_on_server(room.admins_brief),
        "Eddie's headline"
    );
    assert_eq!(
        room.server.psql(
            "newsroom",
            &format!(
                "SELECT updated_by FROM briefdesk.briefs WHERE id = '{}'",
                room.admins_brief
            )
        ),
        "eddie"
    );
}

#[test]
fn only_an_admin_adds_people() {
    let room = Newsroom::start();
    for (login, password) in [("carol", "carol-pw"), ("eddie", "eddie-pw")] {
        let err = room
            .rt
            .block_on(async {
                let mut client =
                    briefdesk_team::connect(&address(&room.server, login, password)).await?;
                briefdesk_team::grant(&mut client, login, Role::Admin, "Me").await
            })
            .unwrap_err();
        assert!(matches!(err, Error::NotAllowed(_)), "{login}: {err}");
    }
    let err = room
        .rt
        .block_on(async {
            let mut client = briefdesk_team::connect(&address(
                &room.server,
                support::ADMIN,
                support::ADMIN_PASSWORD,
            ))
            .await?;
            briefdesk_team::grant(&mut client, "nobody", Role::Editor, "Nobody").await
        })
        .unwrap_err();
    assert!(err.to_string().contains("no login \"nobody\""), "{err}");
    let members = room.server.psql(
        "newsroom",
        "SELECT string_agg(login || ':' || role, ',' ORDER BY login) FROM briefdesk.members",
    );
    assert_eq!(
        members,
        "briefdesk_admin:admin,carol:contributor,eddie:editor"
    );
}

/// What a contributor tries with psql and their own password, each refused by the server.
#[test]
fn a_contributor_with_a_plain_sql_client_is_held_to_their_role() {
    let room = Newsroom::start();
    let carol = |sql: &str| room.server.psql_as("carol", "carol-pw", "newsroom", sql);
    let admins = room.admins_brief;

    // Another's brief: invisible to her UPDATE, and no DELETE at all.
    assert_eq!(
        carol(&format!(
            "UPDATE briefdesk.briefs SET doc = doc || '{{\"headline\": \"x\"}}' WHERE id = '{admins}' RETURNING id"
        )),
        Ok(String::new())
    );
    let err = carol("DELETE FROM briefdesk.briefs").unwrap_err();
    assert!(err.contains("permission denied"), "{err}");
    // A brief in someone else's name, or already published.
    let err = carol(
        "INSERT INTO briefdesk.briefs (id, doc, version, author, updated_by, seq)
         VALUES (gen_random_uuid(), '{}', 1, 'briefdesk_admin', 'briefdesk_admin', 0)",
    )
    .unwrap_err();
    assert!(err.contains("row-level security"), "{err}");
    let err = carol(
        "INSERT INTO briefdesk.briefs (id, doc, version, author, updated_by, seq)
         VALUES (gen_random_uuid(), '{\"status\": \"published\"}', 1, 'carol', 'carol', 0)",
    )
    .unwrap_err();
    assert!(err.contains("row-level security"), "{err}");
    // Issues, the publication settings and the team's people are not hers to change.
    for sql in [
        "UPDATE briefdesk.issues SET doc = doc",
        "UPDATE briefdesk.publication SET doc = doc",
        "INSERT INTO briefdesk.members (login, display_name, role) VALUES ('mallory', 'M', 'admin')",
        "UPDATE briefdesk.members SET role = 'admin' WHERE login = 'carol'",
    ] {
        let err = carol(sql).unwrap_err();
        assert!(err.contains("permission denied"), "{sql}: {err}");
    }
    // Nor can she make herself an admin.
    let err = carol("GRANT briefdesk_newsroom_admin TO carol").unwrap_err();
    assert!(
        err.contains("permission denied") || err.contains("must have admin option"),
        "{err}"
    );
    // Her own brief she may write.
    assert_eq!(
        carol(
            "INSERT INTO briefdesk.briefs (id, doc, version, author, updated_by, seq)
             VALUES (gen_random_uuid(), '{\"status\": \"draft\"}', 1, 'carol', 'carol', 0)"
        ),
        Ok(String::new())
    );
    assert_eq!(room.headline_on_server(admins), "The admin's brief");

    // A login that is no member of the team reads nothing.
    let err = room
        .server
        .psql_as(
            "mallory",
            "mallory-pw",
            "newsroom",
            "SELECT count(*) FROM briefdesk.briefs",
        )
        .unwrap_err();
    assert!(err.contains("permission denied"), "{err}");
}
