//! A replica's process killed in the middle of a sync: the real `briefdesk team sync` runs as a
//! child process against a real PostgreSQL server and is killed with SIGKILL at random moments
//! (while it opens the library, pushes, pulls or records), round after round, while the editor
//! keeps editing between the rounds and another replica keeps syncing. Afterwards a plain sync
//! must be enough: every edit that was acknowledged (committed to the library) is on the server
//! and in the other replica, none is applied twice (a brief's server version moves on at most
//! once per change made to it), no conflict appears that nobody made, and the replicas converge.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// Linux only: the throwaway server comes from Debian's PostgreSQL package (as in team.rs), and
// "killed" must mean SIGKILL, which no process can catch or clean up after (`Child::kill` sends
// SIGKILL on Unix; on Windows it would be TerminateProcess, a different test).
#![cfg(target_os = "linux")]

mod common;
#[path = "../../briefdesk-team/tests/support/mod.rs"]
mod support;

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use briefdesk_core::{BriefDraft, Library, SourceDraft};
use common::Cli;
use support::PgServer;
use uuid::Uuid;

/// Briefs in the library the team starts from; even ones are Anna's to edit, odd ones Ben's.
const BRIEFS: usize = 40;
const ROUNDS: usize = 12;
const SEEDS: [u64; 3] = [1, 7, 2026];

/// A small deterministic generator (xorshift), so a failing seed can be run again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn draft(headline: &str, body: &str) -> BriefDraft {
    BriefDraft {
        headline: headline.into(),
        body: body.into(),
        sources: vec![SourceDraft {
            outlet: "Reuters".into(),
            date: Some("2020-11-27".into()),
            url: None,
            title: None,
        }],
        tags: vec!["China".into()],
        ..Default::default()
    }
}

/// What the edits acknowledged so far say each brief must end as (`None`: deleted), and how
/// many changes (create, edit, delete) were made to it after the team started.
#[derive(Default)]
struct Expected {
    briefs: BTreeMap<Uuid, Option<(String, String)>>,
    changes: HashMap<Uuid, i64>,
}

impl Expected {
    fn changed(&mut self, id: Uuid, now: Option<(String, String)>) {
        self.briefs.insert(id, now);
        *self.changes.entry(id).or_default() += 1;
    }
}

struct Replica {
    cli: Cli,
    url: String,
}

impl Replica {
    fn team(&self, args: &[&str]) -> serde_json::Value {
        let out = self
            .cli
            .command()
            .args(args)
            .env("BRIEFDESK_TEAM_SERVER", &self.url)
            .env("PGPASSWORD", support::ADMIN_PASSWORD)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "briefdesk {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// `team sync` as a child process, killed with SIGKILL after `after` unless it ended first;
    /// whether it was killed.
    fn sync_killed_after(&self, after: Duration) -> bool {
        let mut child = self
            .cli
            .command()
            .args(["team", "sync", "--json"])
            .env("BRIEFDESK_TEAM_SERVER", &self.url)
            .env("PGPASSWORD", support::ADMIN_PASSWORD)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + after;
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success(), "an unkilled sync failed: {status}");
                return false;
            }
            if Instant::now() >= deadline {
                child.kill().unwrap();
                child.wait().unwrap();
                return true;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
    }

    fn open(&self) -> Library {
        Library::open(&self.cli.library).unwrap()
    }
}

/// The server's version of each brief (deleted ones included).
fn server_versions(server: &PgServer, database: &str) -> HashMap<Uuid, i64> {
    server
        .psql(database, "SELECT id, version FROM briefdesk.briefs")
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (id, version) = l.split_once('|').unwrap();
            (id.parse().unwrap(), version.parse().unwrap())
        })
        .collect()
}

fn contents(lib: &Library) -> BTreeMap<Uuid, (String, String)> {
    lib.export_all()
        .unwrap()
        .briefs
        .into_iter()
        .map(|b| (b.id, (b.headline, b.body)))
        .collect()
}

#[test]
fn a_sync_killed_at_random_moments_loses_nothing_and_applies_nothing_twice() {
    let server = PgServer::start();
    let mut killed = 0;
    let mut finished = 0;
    for seed in SEEDS {
        let (k, f) = run_seed(&server, seed);
        killed += k;
        finished += f;
    }
    eprintln!("{killed} syncs killed part way, {finished} ended before their kill");
    // Random moments that all fell after the end would prove nothing.
    assert!(killed >= SEEDS.len() * ROUNDS / 2, "only {killed} killed");
}

fn run_seed(server: &PgServer, seed: u64) -> (usize, usize) {
    let database = format!("newsroom{seed}");
    server.psql("postgres", &format!("CREATE DATABASE {database}"));
    let url = format!(
        "postgresql://{}@127.0.0.1:{}/{database}",
        support::ADMIN,
        server.port
    );
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let anna = Replica {
        cli: Cli::new(),
        url: url.clone(),
    };
    let mut ids = Vec::new();
    {
        let mut lib = anna.open();
        for i in 0..BRIEFS {
            let body = format!("Brief {i}'s first body. {}", "Padding. ".repeat(40));
            ids.push(
                lib.create_brief(&draft(&format!("Brief {i}"), &body))
                    .unwrap()
                    .id,
            );
        }
    }
    anna.team(&["team", "init", "--json"]);
    let ben = Replica {
        cli: Cli::new(),
        url,
    };
    ben.team(&["team", "join", "--json"]);
    let baseline = server_versions(server, &database);
    let mut expected = Expected::default();
    {
        let lib = anna.open();
        for (id, content) in contents(&lib) {
            expected.briefs.insert(id, Some(content));
        }
    }

    // How long a whole sync of a round's edits takes here, so the kills fall inside one.
    let mut longest = Duration::from_millis(50);
    let mut created: Vec<Uuid> = Vec::new();
    let (mut killed, mut finished) = (0, 0);
    for round in 0..ROUNDS {
        {
            let mut lib = anna.open();
            for _ in 0..8 {
                let id = ids[2 * rng.below(BRIEFS as u64 / 2) as usize];
                let Some(Some((headline, _))) = expected.briefs.get(&id).cloned() else {
                    continue;
                };
                let body = format!("Anna, seed {seed} round {round}: {}", rng.next());
                lib.update_brief(id, &draft(&headline, &body)).unwrap();
                expected.changed(id, Some((headline, body)));
            }
            let headline = format!("New in round {round}");
            let new = lib.create_brief(&draft(&headline, "New.")).unwrap().id;
            expected.changed(new, Some((headline, "New.".into())));
            created.push(new);
            if round % 3 == 2 {
                let gone = created.remove(rng.below(created.len() as u64) as usize);
                lib.delete_brief(gone).unwrap();
                expected.changed(gone, None);
            }
        }
        {
            let mut lib = ben.open();
            for _ in 0..3 {
                let id = ids[2 * rng.below(BRIEFS as u64 / 2) as usize + 1];
                let Some(Some((_, body))) = expected.briefs.get(&id).cloned() else {
                    continue;
                };
                let headline = format!("Ben, seed {seed} round {round}: {}", rng.next());
                lib.update_brief(id, &draft(&headline, &body)).unwrap();
                expected.changed(id, Some((headline, body)));
            }
        }
        ben.team(&["team", "sync", "--json"]);
        if round == 0 {
            let start = Instant::now();
            assert!(!anna.sync_killed_after(Duration::from_secs(60)));
            longest = longest.max(start.elapsed());
            finished += 1;
            continue;
        }
        let after = Duration::from_micros(rng.below(longest.as_micros() as u64 * 5 / 4));
        if anna.sync_killed_after(after) {
            killed += 1;
        } else {
            finished += 1;
        }
    }

    // One plain sync each way, twice, must bring everything into step.
    for _ in 0..2 {
        let report = anna.team(&["team", "sync", "--json"]);
        assert_eq!(report["conflicts"], 0, "seed {seed}: {report}");
        let report = ben.team(&["team", "sync", "--json"]);
        assert_eq!(report["conflicts"], 0, "seed {seed}: {report}");
    }
    let (anna_lib, ben_lib) = (anna.open(), ben.open());
    let (mine, theirs) = (contents(&anna_lib), contents(&ben_lib));
    for lib in [&anna_lib, &ben_lib] {
        let state = lib.team_replica().unwrap().unwrap();
        assert_eq!(
            (state.waiting, state.conflicts),
            (0, 0),
            "seed {seed}: {state:?}"
        );
    }
    for (id, want) in &expected.briefs {
        if theirs.get(id) != want.as_ref() {
            eprintln!(
                "server: {}",
                server.psql(
                    &database,
                    &format!("SELECT version, seq, deleted, doc->>'body' FROM briefdesk.briefs WHERE id = '{id}'")
                )
            );
        }
        assert_eq!(mine.get(id), want.as_ref(), "seed {seed}: Anna's {id}");
        assert_eq!(theirs.get(id), want.as_ref(), "seed {seed}: Ben's {id}");
    }
    assert_eq!(mine, theirs, "seed {seed}: the replicas differ");
    // Each change moved its brief's server version on once at most: one applied twice would
    // show as a version past the count (where edits between two syncs were sent together, the
    // version is below it).
    for (id, version) in server_versions(server, &database) {
        let most = baseline.get(&id).copied().unwrap_or(0)
            + expected.changes.get(&id).copied().unwrap_or(0);
        assert!(
            version <= most,
            "seed {seed}: brief {id} is at server version {version}, past {most}"
        );
    }
    (killed, finished)
}
