//! Sync through faults, against a real PostgreSQL server: the server killed with SIGKILL during a
//! push and during a pull (and brought back by its own crash recovery), the connection cut in the
//! middle of a transfer, and the server's answer to a push's COMMIT lost (as when the replica's
//! process dies between the server's commit and recording it). After each, the next sync simply
//! works: nothing acknowledged here is lost, nothing is applied twice (each accepted change moves
//! a brief's server version on exactly once), and no conflict appears that nobody made.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// A throwaway server from Debian's PostgreSQL package: run on Linux (the Linux CI job and
// `cargo xtask test`); the Windows and macOS jobs build these tests but have no such server.
#![cfg(target_os = "linux")]

mod support;

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use briefdesk_core::library::dump::DumpBrief;
use briefdesk_core::{BriefDraft, Library, SourceDraft};
use briefdesk_team::ServerAddress;
use support::PgServer;
use support::proxy::{Cut, Proxy};
use uuid::Uuid;

/// How many briefs each test moves: enough that a transfer takes many round trips.
const BRIEFS: usize = 120;

struct Team {
    server: PgServer,
    address: ServerAddress,
    dir: tempfile::TempDir,
}

impl Team {
    /// A server with a team started from a library of `BRIEFS` briefs, and that library.
    fn start() -> (Team, Library) {
        let server = PgServer::start();
        server.psql("postgres", "CREATE DATABASE newsroom");
        let address =
            ServerAddress::parse(&server.url(support::ADMIN, support::ADMIN_PASSWORD, "newsroom"))
                .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
        for i in 0..BRIEFS {
            anna.create_brief(&draft(&format!("Brief {i}"))).unwrap();
        }
        let dump = anna.export_all().unwrap();
        let uploaded = block_on(async {
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
        (
            Team {
                server,
                address,
                dir,
            },
            anna,
        )
    }

    fn join(&self, name: &str) -> Library {
        let mut lib = Library::open(self.dir.path().join(format!("{name}.sqlite3"))).unwrap();
        let downloaded = block_on(async {
            let mut client = briefdesk_team::connect(&self.address).await.unwrap();
            briefdesk_team::download(&mut client).await.unwrap()
        });
        lib.import_all(&downloaded.dump).unwrap();
        lib.become_replica(
            &self.address.to_string(),
            downloaded.seq,
            &downloaded.versions,
        )
        .unwrap();
        lib
    }

    /// The same team reached through `proxy`.
    fn through(&self, proxy: &Proxy) -> ServerAddress {
        ServerAddress::parse(&format!(
            "postgresql://{}:{}@127.0.0.1:{}/newsroom",
            support::ADMIN,
            support::ADMIN_PASSWORD,
            proxy.port
        ))
        .unwrap()
    }

    /// Every brief on the server: its version and, unless deleted, its document.
    fn server_rows(&self) -> BTreeMap<Uuid, (i64, Option<DumpBrief>)> {
        let rows = self.server.psql(
            "newsroom",
            "SELECT coalesce(json_agg(json_build_object(
                 'id', id, 'version', version, 'doc', CASE WHEN deleted THEN NULL ELSE doc END)),
               '[]') FROM briefdesk.briefs",
        );
        #[derive(serde::Deserialize)]
        struct Row {
            id: Uuid,
            version: i64,
            doc: Option<DumpBrief>,
        }
        let rows: Vec<Row> = serde_json::from_str(&rows).unwrap();
        rows.into_iter()
            .map(|r| (r.id, (r.version, r.doc)))
            .collect()
    }
}

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// One sync over a new connection; an error is returned, not a panic (faults make them).
fn sync(
    address: &ServerAddress,
    lib: &mut Library,
) -> briefdesk_team::Result<briefdesk_team::SyncReport> {
    block_on(async {
        let mut client = briefdesk_team::connect(address).await?;
        briefdesk_team::sync(&mut client, lib).await
    })
}

/// A sync on another thread, so the test can break things while it runs.
fn sync_in_background(
    address: &ServerAddress,
    mut lib: Library,
) -> std::thread::JoinHandle<(Library, briefdesk_team::Result<briefdesk_team::SyncReport>)> {
    let address = address.clone();
    std::thread::spawn(move || {
        let result = sync(&address, &mut lib);
        (lib, result)
    })
}

fn draft(headline: &str) -> BriefDraft {
    BriefDraft {
        headline: headline.into(),
        // Long enough that a push or pull of all briefs is many network packets.
        body: "\"A quote,\" the outlet said. ".repeat(20),
        sources: vec![SourceDraft {
            outlet: "Reuters".into(),
            date: Some("2020-11-27".into()),
            url: None,
            title: None,
        }],
        tags: vec!["China".into()],
        ..BriefDraft::default()
    }
}

fn edit(lib: &mut Library, id: Uuid, change: impl FnOnce(&mut BriefDraft)) {
    let mut d = BriefDraft::from(&lib.brief(id).unwrap());
    change(&mut d);
    lib.update_brief(id, &d).unwrap();
}

fn ids(lib: &Library) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = lib
        .export_all()
        .unwrap()
        .briefs
        .iter()
        .map(|b| b.id)
        .collect();
    ids.sort();
    ids
}

/// What an editor wrote, brief by brief, without the per-library version and times.
fn contents(lib: &Library) -> BTreeMap<Uuid, String> {
    lib.export_all()
        .unwrap()
        .briefs
        .iter()
        .map(|d| (d.id, written(d)))
        .collect()
}

fn written(d: &DumpBrief) -> String {
    format!(
        "{}|{}|{:?}|{:?}|{:?}|{}",
        d.headline,
        d.body,
        d.sources.iter().map(|s| &s.outlet).collect::<Vec<_>>(),
        d.tags,
        d.status,
        d.notes
    )
}

/// Every replica holds what the server holds, brief by brief, and has nothing waiting, no
/// conflict and nothing refused.
fn assert_all_in_step(team: &Team, replicas: &[&Library]) {
    let server: BTreeMap<Uuid, String> = team
        .server_rows()
        .into_iter()
        .filter_map(|(id, (_, doc))| Some((id, written(&doc?))))
        .collect();
    for (r, lib) in replicas.iter().enumerate() {
        assert_eq!(contents(lib), server, "replica {r} differs from the server");
        let state = lib.team_replica().unwrap().unwrap();
        assert_eq!(
            (state.waiting, state.conflicts, state.refused),
            (0, 0, 0),
            "replica {r} has work left"
        );
    }
}

/// A second connection that holds a lock (`sql`, inside an open transaction) until dropped.
struct Blocker {
    _client: tokio_postgres::Client,
    // Drives the held connection for as long as the blocker lives.
    _rt: tokio::runtime::Runtime,
}

impl Blocker {
    fn hold(team: &Team, sql: &str) -> Blocker {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = rt.block_on(async {
            let (client, connection) = tokio_postgres::connect(
                &team
                    .server
                    .url(support::ADMIN, support::ADMIN_PASSWORD, "newsroom"),
                tokio_postgres::NoTls,
            )
            .await
            .unwrap();
            tokio::spawn(connection);
            client
                .batch_execute(&format!("BEGIN; {sql}"))
                .await
                .unwrap();
            client
        });
        Blocker {
            _client: client,
            _rt: rt,
        }
    }
}

/// Waits until Briefdesk's connection is blocked on a lock: the sync is in the middle of its
/// work on the server.
fn wait_until_blocked(team: &Team) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let waiting = team.server.psql(
            "newsroom",
            "SELECT count(*) FROM pg_stat_activity
             WHERE application_name = 'briefdesk' AND wait_event_type = 'Lock'",
        );
        if waiting == "1" {
            return;
        }
        assert!(Instant::now() < deadline, "the sync never reached the lock");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_server_killed_during_a_push_loses_nothing_and_applies_nothing_twice() {
    let (team, mut anna) = Team::start();
    let mut ben = team.join("ben");
    let all = ids(&ben);
    for id in &all {
        edit(&mut ben, *id, |d| d.notes = format!("Ben checked {id}"));
    }
    let new = ben.create_brief(&draft("Written offline")).unwrap().id;
    let before = contents(&ben);

    // Another transaction holds the middle brief's row, so the push stops half way through its
    // updates, inside its open transaction; then the whole server is killed.
    let blocker = Blocker::hold(
        &team,
        &format!(
            "SELECT 1 FROM briefdesk.briefs WHERE id = '{}' FOR UPDATE",
            all[BRIEFS / 2]
        ),
    );
    let running = sync_in_background(&team.address, ben);
    wait_until_blocked(&team);
    team.server.kill();
    let (mut ben, result) = running.join().unwrap();
    assert!(result.is_err(), "the push cannot have succeeded");
    drop(blocker);
    assert_eq!(contents(&ben), before, "nothing changed here");
    assert_eq!(
        ben.team_replica().unwrap().unwrap().waiting,
        BRIEFS as i64 + 1
    );

    // The server's crash recovery rolls the half-done push back; the next sync sends it whole.
    team.server.start_again();
    assert!(team.server_rows().values().all(|(v, _)| *v == 1));
    let report = sync(&team.address, &mut ben).unwrap();
    assert_eq!((report.pushed, report.stale), (BRIEFS + 1, 0));
    let report = sync(&team.address, &mut anna).unwrap();
    assert_eq!(report.pulled.applied, BRIEFS + 1);
    assert_eq!(report.pulled.conflicts, 0);

    let rows = team.server_rows();
    for id in &all {
        assert_eq!(
            rows[id].0, 2,
            "brief {id}: one accepted change, one version"
        );
    }
    assert_eq!(rows[&new].0, 1);
    assert_eq!(
        contents(&ben),
        before,
        "every edit acknowledged here is on the server"
    );
    assert_all_in_step(&team, &[&anna, &ben]);
}

#[test]
fn the_server_killed_during_a_pull_leaves_the_replica_as_it_was() {
    let (team, mut anna) = Team::start();
    let ben = team.join("ben");
    for id in ids(&anna) {
        edit(&mut anna, id, |d| d.headline = format!("Anna's {id}"));
    }
    sync(&team.address, &mut anna).unwrap();
    let before = contents(&ben);
    let pulled_before = ben.team_replica().unwrap().unwrap().pulled_seq;

    // The pull's read waits behind a lock on the whole table; the server dies meanwhile.
    let blocker = Blocker::hold(
        &team,
        "LOCK TABLE briefdesk.briefs IN ACCESS EXCLUSIVE MODE",
    );
    let running = sync_in_background(&team.address, ben);
    wait_until_blocked(&team);
    team.server.kill();
    let (mut ben, result) = running.join().unwrap();
    assert!(result.is_err());
    drop(blocker);
    assert_eq!(contents(&ben), before);
    let state = ben.team_replica().unwrap().unwrap();
    assert_eq!((state.pulled_seq, state.waiting), (pulled_before, 0));

    team.server.start_again();
    let report = sync(&team.address, &mut ben).unwrap();
    assert_eq!(report.pulled.applied, BRIEFS);
    assert_eq!((report.pushed, report.pulled.conflicts), (0, 0));
    let again = sync(&team.address, &mut ben).unwrap();
    assert_eq!(again.pulled.applied, 0, "nothing is applied twice");
    assert!(team.server_rows().values().all(|(v, _)| *v == 2));
    assert_all_in_step(&team, &[&anna, &ben]);
}

#[test]
fn a_connection_cut_mid_transfer_resumes_with_the_next_sync() {
    let (team, mut anna) = Team::start();
    let mut ben = team.join("ben");
    let proxy = Proxy::start(team.server.port);
    let via_proxy = team.through(&proxy);

    // A push cut after about a third of what it sends.
    for id in ids(&ben) {
        edit(&mut ben, id, |d| d.body = format!("Ben's body for {id}"));
    }
    let before = contents(&ben);
    proxy.cut(Cut::ToServerAfter(20_000));
    assert!(sync(&via_proxy, &mut ben).is_err());
    assert_eq!(proxy.cuts(), 1, "the push was cut");
    assert_eq!(contents(&ben), before);
    assert!(
        team.server_rows().values().all(|(v, _)| *v == 1),
        "rolled back whole"
    );
    let report = sync(&via_proxy, &mut ben).unwrap();
    assert_eq!((report.pushed, report.stale), (BRIEFS, 0));

    // A pull cut after about a third of what it receives.
    proxy.cut(Cut::ToClientAfter(40_000));
    assert!(sync(&via_proxy, &mut anna).is_err());
    assert_eq!(proxy.cuts(), 2, "the pull was cut");
    assert!(
        contents(&anna).values().all(|c| !c.contains("Ben's body")),
        "a cut pull applies nothing"
    );
    let report = sync(&via_proxy, &mut anna).unwrap();
    assert_eq!(
        (report.pulled.applied, report.pulled.conflicts),
        (BRIEFS, 0)
    );

    assert!(team.server_rows().values().all(|(v, _)| *v == 2));
    assert_all_in_step(&team, &[&anna, &ben]);
}

#[test]
fn a_replica_that_never_heard_the_servers_commit_sends_nothing_twice() {
    let (team, mut anna) = Team::start();
    let mut ben = team.join("ben");
    let proxy = Proxy::start(team.server.port);
    let via_proxy = team.through(&proxy);
    let all = ids(&ben);
    for id in &all[..10] {
        edit(&mut ben, *id, |d| d.notes = format!("Ben's note {id}"));
    }
    let deleted = all[10];
    ben.delete_brief(deleted).unwrap();
    let new = ben.create_brief(&draft("Ben's own")).unwrap().id;
    let before = contents(&ben);

    // The server commits the push; the replica never hears so, exactly as if its process had
    // been killed between the server's commit and recording it.
    proxy.cut(Cut::AnswerToCommit);
    assert!(sync(&via_proxy, &mut ben).is_err());
    assert_eq!(proxy.cuts(), 1);
    let rows = team.server_rows();
    assert_eq!(rows[&all[0]].0, 2, "the server committed the push");
    assert_eq!(
        ben.team_replica().unwrap().unwrap().waiting,
        12,
        "still queued here"
    );

    // The next sync finds its own changes on the server and is in step: no second version, no
    // conflict with itself.
    let report = sync(&via_proxy, &mut ben).unwrap();
    assert_eq!(report.pulled.conflicts, 0);
    let rows = team.server_rows();
    for id in &all[..11] {
        assert_eq!(rows[id].0, 2, "brief {id} was applied twice");
    }
    assert_eq!(rows[&new].0, 1, "the new brief was applied twice");
    assert!(rows[&deleted].1.is_none());
    assert_eq!(contents(&ben), before);

    let report = sync(&team.address, &mut anna).unwrap();
    assert_eq!(report.pulled.conflicts, 0);
    assert_all_in_step(&team, &[&anna, &ben]);
}

#[test]
fn a_brief_edited_again_after_a_lost_commit_answer_is_sent_on_without_a_conflict() {
    let (team, mut anna) = Team::start();
    let mut ben = team.join("ben");
    let proxy = Proxy::start(team.server.port);
    let via_proxy = team.through(&proxy);
    let all = ids(&ben);
    for id in &all[..10] {
        edit(&mut ben, *id, |d| d.notes = format!("Ben's note {id}"));
    }
    proxy.cut(Cut::AnswerToCommit);
    assert!(sync(&via_proxy, &mut ben).is_err());
    assert_eq!(
        team.server_rows()[&all[0]].0,
        2,
        "the server committed the push"
    );

    // Before the next sync, the editor changes the same part of some of those briefs again:
    // the server's copy is their own earlier push, not someone else's change.
    for id in &all[..5] {
        edit(&mut ben, *id, |d| {
            d.notes = format!("Ben's second note {id}")
        });
    }
    let before = contents(&ben);
    let report = sync(&via_proxy, &mut ben).unwrap();
    assert_eq!(
        report.pulled.conflicts, 0,
        "a conflict with itself: {report:?}"
    );
    assert_eq!(ben.team_replica().unwrap().unwrap().conflicts, 0);
    let rows = team.server_rows();
    for id in &all[..5] {
        assert_eq!(
            rows[id].0, 3,
            "brief {id}: one version for each of the two edits"
        );
    }
    for id in &all[5..10] {
        assert_eq!(rows[id].0, 2, "brief {id} was applied twice");
    }
    assert_eq!(contents(&ben), before);
    sync(&team.address, &mut anna).unwrap();
    assert_all_in_step(&team, &[&anna, &ben]);
}
