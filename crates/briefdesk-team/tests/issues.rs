//! Issues, their sections and order, tag colours and the publication settings syncing between
//! replicas through a real PostgreSQL server; and the composing lease.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// A throwaway server from Debian's PostgreSQL package: run on Linux (see tests/sync.rs).
#![cfg(target_os = "linux")]

mod support;

use std::time::Duration;

use briefdesk_core::{BriefDraft, IssueStatus, Library, Status};
use briefdesk_team::{Role, ServerAddress};
use chrono::NaiveDate;
use support::PgServer;
use uuid::Uuid;

struct Team {
    server: PgServer,
    dir: tempfile::TempDir,
    rt: tokio::runtime::Runtime,
}

impl Team {
    /// A team started by the admin from `first`, with Eddie an editor and Carol a contributor.
    fn start(first: &mut Library) -> Team {
        let server = PgServer::start();
        server.psql("postgres", "CREATE DATABASE newsroom");
        server.create_login("eddie", "eddie-pw");
        server.create_login("carol", "carol-pw");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let team = Team {
            server,
            dir: tempfile::tempdir().unwrap(),
            rt,
        };
        let address = team.address(support::ADMIN);
        let dump = first.export_all().unwrap();
        let uploaded = team.rt.block_on(async {
            let mut client = briefdesk_team::connect(&address).await.unwrap();
            briefdesk_team::migrate(&mut client).await.unwrap();
            let uploaded = briefdesk_team::upload(&mut client, &dump, "Anna")
                .await
                .unwrap();
            briefdesk_team::grant(&mut client, "eddie", Role::Editor, "Eddie")
                .await
                .unwrap();
            briefdesk_team::grant(&mut client, "carol", Role::Contributor, "Carol")
                .await
                .unwrap();
            uploaded
        });
        let versions = dump
            .briefs
            .iter()
            .map(|b| (b.id, i64::from(b.version)))
            .collect();
        first
            .become_replica(&address.to_string(), uploaded.seq, &versions)
            .unwrap();
        team
    }

    fn address(&self, login: &str) -> ServerAddress {
        let password = match login {
            support::ADMIN => support::ADMIN_PASSWORD.to_owned(),
            other => format!("{other}-pw"),
        };
        ServerAddress::parse(&self.server.url(login, &password, "newsroom")).unwrap()
    }

    /// A new replica for `login` (the admin's, under another file name, for `admin2`).
    fn join(&self, login: &str, file: &str) -> Library {
        let address = self.address(login);
        let mut lib = Library::open(self.dir.path().join(format!("{file}.sqlite3"))).unwrap();
        let downloaded = self.rt.block_on(async {
            let mut client = briefdesk_team::connect(&address).await.unwrap();
            briefdesk_team::download(&mut client).await.unwrap()
        });
        lib.import_all(&downloaded.dump).unwrap();
        lib.become_replica(&address.to_string(), downloaded.seq, &downloaded.versions)
            .unwrap();
        lib
    }

    fn sync_as(&self, login: &str, lib: &mut Library) -> briefdesk_team::SyncReport {
        let address = self.address(login);
        self.rt.block_on(async {
            let mut client = briefdesk_team::connect(&address).await.unwrap();
            briefdesk_team::sync(&mut client, lib).await.unwrap()
        })
    }

    fn sync(&self, lib: &mut Library) -> briefdesk_team::SyncReport {
        self.sync_as(support::ADMIN, lib)
    }

    fn client(&self, login: &str) -> tokio_postgres::Client {
        let address = self.address(login);
        self.rt.block_on(briefdesk_team::connect(&address)).unwrap()
    }
}

fn brief(lib: &mut Library, headline: &str) -> Uuid {
    lib.create_brief(&BriefDraft {
        headline: headline.into(),
        ..BriefDraft::default()
    })
    .unwrap()
    .id
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()
}

/// Each section of issue `number`: its name and its briefs' headlines in order.
fn order(lib: &Library, number: u32) -> Vec<(String, Vec<String>)> {
    lib.issue(number)
        .unwrap()
        .sections
        .into_iter()
        .map(|s| (s.name, s.briefs.into_iter().map(|b| b.headline).collect()))
        .collect()
}

fn names(v: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    v.iter()
        .map(|(s, b)| ((*s).to_owned(), b.iter().map(|h| (*h).to_owned()).collect()))
        .collect()
}

/// Anna's library with issue No. 12: "World" holding A, B, C and "Tech" holding D.
fn newsroom() -> (Library, tempfile::TempDir, [Uuid; 4]) {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    let ids = ["A", "B", "C", "D"].map(|h| brief(&mut anna, h));
    anna.create_issue(12, "Week 12", day()).unwrap();
    for id in &ids[..3] {
        anna.move_to_issue(*id, 12, Some("World")).unwrap();
    }
    anna.move_to_issue(ids[3], 12, Some("Tech")).unwrap();
    (anna, dir, ids)
}

#[test]
fn a_reorder_on_one_replica_reaches_the_others() {
    let (mut anna, _dir, [a, _, c, d]) = newsroom();
    let team = Team::start(&mut anna);
    let mut ben = team.join(support::ADMIN, "ben");
    let mut eddie = team.join("eddie", "eddie");
    assert_eq!(order(&ben, 12), order(&anna, 12), "join brings the order");

    anna.move_in_issue(12, c, None, 0).unwrap();
    anna.move_in_issue(12, a, Some("Tech"), 1).unwrap();
    anna.move_section(12, "Tech", 0).unwrap();
    assert!(anna.team_replica().unwrap().unwrap().waiting > 0);
    team.sync(&mut anna);
    team.sync(&mut ben);
    team.sync_as("eddie", &mut eddie);
    let expected = names(&[("Tech", &["D", "A"]), ("World", &["C", "B"])]);
    assert_eq!(order(&anna, 12), expected);
    assert_eq!(order(&ben, 12), expected);
    assert_eq!(order(&eddie, 12), expected);

    // Taken out on one, gone on the others; the brief stays in the library.
    eddie.remove_from_issue(12, d).unwrap();
    team.sync_as("eddie", &mut eddie);
    team.sync(&mut ben);
    assert_eq!(
        order(&ben, 12),
        names(&[("Tech", &["A"]), ("World", &["C", "B"])])
    );
    assert!(ben.brief(d).is_ok());
    assert_eq!(ben.team_replica().unwrap().unwrap().waiting, 0);
}

#[test]
fn a_section_renamed_on_one_and_a_brief_moved_on_the_other_both_survive() {
    let (mut anna, _dir, [_, b, _, _]) = newsroom();
    let team = Team::start(&mut anna);
    let mut ben = team.join(support::ADMIN, "ben");
    // Both offline: Anna renames a section and adds one, Ben moves a brief and retitles.
    anna.rename_section(12, "World", "Abroad").unwrap();
    anna.add_section(12, "Culture", None).unwrap();
    ben.move_in_issue(12, b, Some("Tech"), 0).unwrap();
    ben.update_issue(
        12,
        &briefdesk_core::IssuePatch {
            title: Some("Ben's title".into()),
            ..Default::default()
        },
    )
    .unwrap();
    team.sync(&mut anna);
    let report = team.sync(&mut ben);
    assert_eq!(report.pulled.merged, 1, "{report:?}");
    team.sync(&mut anna);
    let expected = names(&[
        ("Abroad", &["A", "C"]),
        ("Tech", &["B", "D"]),
        ("Culture", &[]),
    ]);
    assert_eq!(order(&anna, 12), expected);
    assert_eq!(order(&ben, 12), expected);
    assert_eq!(anna.issue(12).unwrap().title, "Ben's title");
    for lib in [&anna, &ben] {
        assert_eq!(lib.team_replica().unwrap().unwrap().waiting, 0);
    }
}

#[test]
fn a_published_issue_syncs_its_state_and_a_deleted_one_its_delete() {
    let (mut anna, _dir, [a, ..]) = newsroom();
    let team = Team::start(&mut anna);
    let mut ben = team.join(support::ADMIN, "ben");
    anna.publish_issue(12).unwrap();
    anna.create_issue(13, "Week 13", day()).unwrap();
    team.sync(&mut anna);
    team.sync(&mut ben);
    assert_eq!(ben.issue(12).unwrap().status, IssueStatus::Published);
    assert_eq!(ben.brief(a).unwrap().status, Status::Published);
    assert_eq!(ben.issue(13).unwrap().title, "Week 13");

    ben.delete_issue(13).unwrap();
    team.sync(&mut ben);
    team.sync(&mut anna);
    assert!(anna.issue(13).is_err());
    assert_eq!(anna.issues().unwrap().len(), 1);
}

#[test]
fn tag_colours_merges_and_the_publication_settings_sync_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    for (h, tag) in [("One", "China"), ("Two", "PRC")] {
        anna.create_brief(&BriefDraft {
            headline: h.into(),
            tags: vec![tag.into()],
            ..BriefDraft::default()
        })
        .unwrap();
    }
    let team = Team::start(&mut anna);
    let mut ben = team.join(support::ADMIN, "ben");
    anna.recolour_tag("China", Some("#d73a49")).unwrap();
    let mut publication = ben.publication().unwrap();
    publication.name = "The Ben Brief".into();
    ben.set_publication(&publication).unwrap();
    let mut theirs = anna.publication().unwrap();
    theirs.footer = "Anna's footer".into();
    anna.set_publication(&theirs).unwrap();
    team.sync(&mut anna);
    team.sync(&mut ben);
    team.sync(&mut anna);
    assert_eq!(ben.tag("China").unwrap().colour.as_deref(), Some("#d73a49"));
    // Each changed another field: both stay.
    for lib in [&anna, &ben] {
        let p = lib.publication().unwrap();
        assert_eq!(
            (p.name.as_str(), p.footer.as_str()),
            ("The Ben Brief", "Anna's footer")
        );
    }

    ben.merge_tags("PRC", "China").unwrap();
    team.sync(&mut ben);
    team.sync(&mut anna);
    assert!(anna.tag("PRC").is_err(), "the merged tag is gone");
    assert!(
        anna.export_all()
            .unwrap()
            .briefs
            .iter()
            .all(|b| b.tags == ["China"])
    );
    for lib in [&anna, &ben] {
        assert_eq!(lib.team_replica().unwrap().unwrap().waiting, 0);
    }
}

#[test]
fn two_issues_given_one_number_offline_the_second_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    let team = Team::start(&mut anna);
    let mut ben = team.join(support::ADMIN, "ben");
    anna.create_issue(20, "Anna's 20", day()).unwrap();
    ben.create_issue(20, "Ben's 20", day()).unwrap();
    team.sync(&mut anna);
    team.sync(&mut ben);
    // Anna's came first and keeps No. 20; Ben's is kept, under the next number, and sent.
    assert_eq!(ben.issue(20).unwrap().title, "Anna's 20");
    assert_eq!(ben.issue(21).unwrap().title, "Ben's 20");
    team.sync(&mut ben);
    team.sync(&mut anna);
    assert_eq!(anna.issue(21).unwrap().title, "Ben's 20");
    assert_eq!(ben.team_replica().unwrap().unwrap().waiting, 0);
}

#[test]
fn a_contributor_cannot_change_an_issue_and_keeps_the_change_with_the_reason() {
    let (mut anna, _dir, _) = newsroom();
    let team = Team::start(&mut anna);
    let mut carol = team.join("carol", "carol");
    carol.add_section(12, "Carol's section", None).unwrap();
    team.sync_as("carol", &mut carol);
    let refused = carol.refused_issues().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].reason, "only an editor may change issues");
    assert_eq!(carol.team_replica().unwrap().unwrap().refused, 1);
    assert!(
        order(&carol, 12)
            .iter()
            .any(|(s, _)| s == "Carol's section")
    );
    team.sync(&mut anna);
    assert!(!order(&anna, 12).iter().any(|(s, _)| s == "Carol's section"));
}

#[test]
fn the_composing_lease_is_taken_refused_renewed_released_and_runs_out() {
    let (mut anna, _dir, _) = newsroom();
    let team = Team::start(&mut anna);
    let issue = anna.issue(12).unwrap().id;
    let (admin, eddie) = (team.client(support::ADMIN), team.client("eddie"));
    let rt = &team.rt;
    let long = Duration::from_secs(120);

    let taken = rt
        .block_on(briefdesk_team::take_lease(&admin, issue, long))
        .unwrap();
    assert!(taken.mine);
    assert_eq!((taken.number, taken.display_name.as_str()), (12, "Anna"));
    // Refused to another while it runs; they see who composes which issue.
    let refused = rt
        .block_on(briefdesk_team::take_lease(&eddie, issue, long))
        .unwrap();
    assert!(!refused.mine);
    assert_eq!(refused.display_name, "Anna");
    // The holder renews it.
    assert!(
        rt.block_on(briefdesk_team::take_lease(&admin, issue, long))
            .unwrap()
            .mine
    );
    assert_eq!(
        rt.block_on(briefdesk_team::leases(&eddie)).unwrap().len(),
        1
    );
    // Released on close: another takes it.
    assert!(
        !rt.block_on(briefdesk_team::release_lease(&eddie, issue))
            .unwrap()
    );
    assert!(
        rt.block_on(briefdesk_team::release_lease(&admin, issue))
            .unwrap()
    );
    let eddies = rt
        .block_on(briefdesk_team::take_lease(
            &eddie,
            issue,
            Duration::from_millis(300),
        ))
        .unwrap();
    assert!(eddies.mine);
    assert_eq!(eddies.display_name, "Eddie");
    // Not renewed, it runs out, and is another's to take.
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        rt.block_on(briefdesk_team::leases(&admin))
            .unwrap()
            .is_empty()
    );
    assert!(
        rt.block_on(briefdesk_team::take_lease(&admin, issue, long))
            .unwrap()
            .mine
    );
}

#[test]
fn a_contributor_cannot_take_a_lease_even_with_a_plain_sql_client() {
    let (mut anna, _dir, _) = newsroom();
    let team = Team::start(&mut anna);
    let issue = anna.issue(12).unwrap().id;
    let carol = team.client("carol");
    let err = team
        .rt
        .block_on(briefdesk_team::take_lease(
            &carol,
            issue,
            Duration::from_secs(60),
        ))
        .unwrap_err();
    assert!(err.to_string().contains("permission denied"), "{err}");
    let psql = |sql: &str| team.server.psql_as("carol", "carol-pw", "newsroom", sql);
    for sql in [
        format!(
            "INSERT INTO briefdesk.leases VALUES ('{issue}', 'carol', 'Carol', now() + interval '1 hour')"
        ),
        "DELETE FROM briefdesk.leases".to_owned(),
        "UPDATE briefdesk.leases SET holder = 'carol'".to_owned(),
    ] {
        let err = psql(&sql).unwrap_err();
        assert!(err.contains("permission denied"), "{sql}: {err}");
    }
    // An editor cannot take one in another's name, nor write an issue as someone else.
    let eddie = |sql: &str| team.server.psql_as("eddie", "eddie-pw", "newsroom", sql);
    let err = eddie(&format!(
        "INSERT INTO briefdesk.leases VALUES ('{issue}', 'briefdesk_admin', 'Anna', now() + interval '1 hour')"
    ))
    .unwrap_err();
    assert!(err.contains("row-level security"), "{err}");
    let err = eddie("UPDATE briefdesk.issues SET updated_by = 'briefdesk_admin'").unwrap_err();
    assert!(err.contains("row-level security"), "{err}");
}
