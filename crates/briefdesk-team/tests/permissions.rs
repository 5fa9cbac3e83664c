//! Roles enforced by the server: each role tried against what it must not do, through
//! Briefdesk's own sync and through a plain SQL connection with that role's login.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// A throwaway server from Debian's PostgreSQL package: run on Linux (the Linux CI job and
// `cargo xtask test`); the Windows and macOS jobs build these tests but have no such server.
#![cfg(target_os = "linux")]

mod support;

use briefdesk_core::{BriefDraft, Library, ReviewAction, ReviewState, Status};
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

fn review_on_server(room: &Newsroom, id: Uuid) -> String {
    room.server.psql(
        "newsroom",
        &format!(
            "SELECT doc->'review'->>'state' || ' ' || jsonb_array_length(doc->'review'->'steps')
                    || ' ' || (doc->'review'->'steps'->-1->>'by')
             FROM briefdesk.briefs WHERE id = '{id}'"
        ),
    )
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

/// A contributor submits her brief; the editor sees it in review and approves it with a note;
/// the approval comes back to her with who, when and the note. Her own offline approval is
/// refused by the server and kept with the reason.
#[test]
fn a_submission_is_reviewed_by_an_editor_and_a_contributors_approval_is_refused() {
    let room = Newsroom::start();
    let (mut carol, carol_at) = room.join("carol", "carol-pw");
    let (mut eddie, eddie_at) = room.join("eddie", "eddie-pw");
    let own = carol
        .create_brief(&BriefDraft {
            headline: "Carol's brief".into(),
            ..BriefDraft::default()
        })
        .unwrap()
        .id;
    room.sync(&mut carol, &carol_at);
    carol
        .review_brief(own, ReviewAction::Submit, "Ready when you are")
        .unwrap();
    let report = room.sync(&mut carol, &carol_at);
    assert_eq!(report.pushed, 1);
    assert!(carol.refused_briefs().unwrap().is_empty());
    assert_eq!(review_on_server(&room, own), "in_review 1 carol");
    // The sync told her replica her role and name.
    let state = carol.team_replica().unwrap().unwrap();
    assert_eq!(
        (state.login.as_str(), state.role.as_deref()),
        ("carol", Some("contributor"))
    );
    assert_eq!(
        carol.brief(own).unwrap().review.unwrap().steps[0].name,
        "Carol"
    );

    // On the editor's replica it waits for review.
    room.sync(&mut eddie, &eddie_at);
    let review = eddie.brief(own).unwrap().review.unwrap();
    assert_eq!(review.state, ReviewState::InReview);
    assert_eq!(
        (review.steps[0].by.as_str(), review.steps[0].note.as_str()),
        ("carol", "Ready when you are")
    );

    // Offline, Carol approves her own brief: her library takes it, the server does not.
    carol.review_brief(own, ReviewAction::Approve, "").unwrap();
    room.sync(&mut carol, &carol_at);
    let refused = carol.refused_briefs().unwrap();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(
        refused[0].reason.contains("only an editor may approve"),
        "{}",
        refused[0].reason
    );
    assert_eq!(
        carol.brief(own).unwrap().review.unwrap().state,
        ReviewState::Approved,
        "kept here"
    );
    assert_eq!(review_on_server(&room, own), "in_review 1 carol");

    // The editor approves with a note. Carol's refused approval still stands in her library,
    // so both sides moved the review: a conflict on that part alone, which she settles by
    // taking the team's; then the approval is hers with who, when and the note.
    let before = chrono::Utc::now();
    eddie
        .review_brief(own, ReviewAction::Approve, "Good, runs Monday")
        .unwrap();
    let report = room.sync(&mut eddie, &eddie_at);
    assert_eq!(report.pushed, 1);
    assert!(eddie.refused_briefs().unwrap().is_empty());
    assert_eq!(review_on_server(&room, own), "approved 2 eddie");
    room.sync(&mut carol, &carol_at);
    let conflicts = carol.brief_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].parts, ["review"]);
    carol.resolve_brief_conflict(own, &["review"]).unwrap();
    room.sync(&mut carol, &carol_at);
    let review = carol.brief(own).unwrap().review.unwrap();
    assert_eq!(review.state, ReviewState::Approved);
    let step = &review.steps[1];
    assert_eq!(
        (
            step.action,
            step.by.as_str(),
            step.name.as_str(),
            step.note.as_str()
        ),
        (ReviewAction::Approve, "eddie", "Eddie", "Good, runs Monday")
    );
    assert!(step.at >= before - chrono::Duration::seconds(5));
    assert!(carol.refused_briefs().unwrap().is_empty());
    assert_eq!(carol.team_replica().unwrap().unwrap().waiting, 0);
}

/// What a contributor tries with psql on her own brief's review, refused by the server.
#[test]
fn a_contributor_with_a_plain_sql_client_cannot_approve() {
    let room = Newsroom::start();
    let carol = |sql: &str| room.server.psql_as("carol", "carol-pw", "newsroom", sql);
    let id = Uuid::now_v7();
    let step = |action: &str, by: &str| {
        format!(
            "{{\"action\": \"{action}\", \"by\": \"{by}\", \"name\": \"x\", \
             \"at\": \"2026-01-01T00:00:00Z\", \"note\": \"\"}}"
        )
    };
    let review = |state: &str, steps: &[String]| {
        format!(
            "{{\"state\": \"{state}\", \"steps\": [{}]}}",
            steps.join(", ")
        )
    };
    let set_review = |json: String| {
        format!(
            "UPDATE briefdesk.briefs
             SET doc = jsonb_set(doc, '{{review}}', '{json}'), updated_by = current_user
             WHERE id = '{id}' RETURNING doc->'review'->>'state'"
        )
    };
    assert_eq!(
        carol(&format!(
            "INSERT INTO briefdesk.briefs (id, doc, version, author, updated_by, seq)
             VALUES ('{id}', '{{\"status\": \"draft\"}}', 1, 'carol', 'carol', 0)"
        )),
        Ok(String::new())
    );
    // Approving, or requesting changes, her own brief.
    for action in ["approve", "request_changes"] {
        let state = if action == "approve" {
            "approved"
        } else {
            "draft"
        };
        let err = carol(&set_review(review(state, &[step(action, "carol")]))).unwrap_err();
        assert!(
            err.contains("only an editor may approve"),
            "{action}: {err}"
        );
    }
    // A submission in the editor's name, or a state its step does not lead to.
    let err = carol(&set_review(review("in_review", &[step("submit", "eddie")]))).unwrap_err();
    assert!(err.contains("signed by the login"), "{err}");
    let err = carol(&set_review(review("approved", &[step("submit", "carol")]))).unwrap_err();
    assert!(err.contains("the one its last step leads to"), "{err}");
    // Submitting is hers to do.
    assert_eq!(
        carol(&set_review(review("in_review", &[step("submit", "carol")]))),
        Ok("in_review".into())
    );
    // Once the editor approved it, she cannot rewrite that step as her own, nor clear it.
    room.server.psql(
        "newsroom",
        &set_review(review(
            "approved",
            &[step("submit", "carol"), step("approve", "briefdesk_admin")],
        )),
    );
    let err = carol(&set_review(review("in_review", &[step("submit", "carol")]))).unwrap_err();
    assert!(err.contains("only an editor may rewrite"), "{err}");
    let err = carol(&format!(
        "UPDATE briefdesk.briefs SET doc = doc - 'review' WHERE id = '{id}'"
    ))
    .unwrap_err();
    assert!(err.contains("only an editor may clear"), "{err}");
    assert_eq!(review_on_server(&room, id), "approved 2 briefdesk_admin");
    // A new brief carrying a review others signed (a library uploaded whole): an editor's
    // write, never a contributor's.
    let insert_reviewed = |login: &str| {
        format!(
            "INSERT INTO briefdesk.briefs (id, doc, version, author, updated_by, seq)
             VALUES (gen_random_uuid(), '{{\"status\": \"draft\", \"review\": {}}}', 1,
                     '{login}', '{login}', 0)",
            review(
                "approved",
                &[step("submit", "carol"), step("approve", "someone")]
            )
        )
    };
    let err = carol(&insert_reviewed("carol")).unwrap_err();
    assert!(err.contains("signed by the login"), "{err}");
    assert_eq!(
        room.server
            .psql_as("eddie", "eddie-pw", "newsroom", &insert_reviewed("eddie")),
        Ok(String::new())
    );
    // The editor may.
    assert_eq!(
        room.server.psql_as(
            "eddie",
            "eddie-pw",
            "newsroom",
            &set_review(review(
                "draft",
                &[
                    step("submit", "carol"),
                    step("approve", "briefdesk_admin"),
                    step("request_changes", "eddie")
                ],
            ))
        ),
        Ok("draft".into())
    );
}
