//! The team library under load: ten replicas on this machine, each making 1,000 edits and
//! syncing at once after each (as the app does after an edit), through one PostgreSQL server the
//! benchmark starts itself. It prints the time until every replica holds every edit, the latency
//! from an edit (committed in its library) to it being in each other replica's library, p50 and
//! p95 over every (edit, other replica) pair, and the server's CPU time over the run (from
//! /proc/<pid>/stat of the postmaster and its processes). Goal: p95 under 2 s while online.
//!
//! `cargo bench -p briefdesk-team --bench sync_load`. Each replica signs in as its own editor
//! login (so the server's row-level security is in the path) and edits the body of its own
//! brief: no conflicts, only the cost of moving changes. After its last edit a replica keeps
//! syncing every 20 ms until it has seen everyone's last edit.
//!
//! Run as a test (`cargo test --benches`), three replicas make 20 edits each and the run checks
//! that every edit was seen everywhere and every replica ends equal to the server; it never fails
//! on time.
// A benchmark's fixtures: a failure there is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[cfg(target_os = "linux")]
#[path = "../tests/support/mod.rs"]
mod support;

// A throwaway server from Debian's PostgreSQL package: Linux only, like the team's tests.
#[cfg(not(target_os = "linux"))]
fn main() {}

#[cfg(target_os = "linux")]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let benchmarking =
        args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list");
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let (replicas, edits) = if benchmarking { (10, 1_000) } else { (3, 20) };
    load::run(replicas, edits, benchmarking);
}

#[cfg(target_os = "linux")]
mod load {
    use std::collections::HashMap;
    use std::sync::{Arc, Barrier};
    use std::time::{Duration, Instant};

    use briefdesk_core::{BriefDraft, Library, SourceDraft};
    use briefdesk_team::{Role, ServerAddress};
    use uuid::Uuid;

    use crate::support::{self, PgServer};

    /// Briefs in the library besides the replicas' own, so a pull is not of an empty table.
    const OTHER_BRIEFS: usize = 200;

    /// What one replica measured.
    struct Replica {
        /// When each of its edits committed here (index: edit number - 1).
        edited: Vec<Instant>,
        /// Per other replica: (the highest edit number seen, when it was first seen).
        seen: HashMap<usize, Vec<(usize, Instant)>>,
        syncs: usize,
        errors: usize,
        lib: Library,
    }

    pub fn run(replicas: usize, edits: usize, benchmarking: bool) {
        let server = PgServer::start();
        server.psql("postgres", "CREATE DATABASE newsroom");
        let admin =
            ServerAddress::parse(&server.url(support::ADMIN, support::ADMIN_PASSWORD, "newsroom"))
                .unwrap();
        let dir = tempfile::tempdir().unwrap();

        // The first library: one brief per replica (its own to edit) and others around them.
        let mut first = Library::open(dir.path().join("first.sqlite3")).unwrap();
        let owned: Vec<Uuid> = (0..replicas)
            .map(|r| {
                first
                    .create_brief(&draft(&format!("Replica {r}'s brief"), 0))
                    .unwrap()
                    .id
            })
            .collect();
        for i in 0..OTHER_BRIEFS {
            first
                .create_brief(&draft(&format!("Brief {i}"), 0))
                .unwrap();
        }
        let dump = first.export_all().unwrap();
        let rt = runtime();
        let logins: Vec<ServerAddress> = rt.block_on(async {
            let mut client = briefdesk_team::connect(&admin).await.unwrap();
            briefdesk_team::migrate(&mut client).await.unwrap();
            briefdesk_team::upload(&mut client, &dump, "Admin")
                .await
                .unwrap();
            let mut logins = Vec::new();
            for r in 0..replicas {
                let login = format!("editor{r}");
                server.create_login(&login, "editor-pw");
                briefdesk_team::grant(&mut client, &login, Role::Editor, &format!("Editor {r}"))
                    .await
                    .unwrap();
                logins.push(
                    ServerAddress::parse(&server.url(&login, "editor-pw", "newsroom")).unwrap(),
                );
            }
            logins
        });
        let libs: Vec<Library> = logins
            .iter()
            .enumerate()
            .map(|(r, address)| {
                let mut lib = Library::open(dir.path().join(format!("r{r}.sqlite3"))).unwrap();
                let downloaded = rt.block_on(async {
                    let mut client = briefdesk_team::connect(address).await.unwrap();
                    briefdesk_team::download(&mut client).await.unwrap()
                });
                lib.import_all(&downloaded.dump).unwrap();
                lib.become_replica(&address.to_string(), downloaded.seq, &downloaded.versions)
                    .unwrap();
                lib
            })
            .collect();
        drop(first);

        let ticks_before = server.cpu_ticks();
        let barrier = Arc::new(Barrier::new(replicas + 1));
        let threads: Vec<_> = libs
            .into_iter()
            .zip(logins)
            .enumerate()
            .map(|(r, (lib, address))| {
                let barrier = barrier.clone();
                let owned = owned.clone();
                std::thread::spawn(move || replica(r, lib, &address, &owned, edits, &barrier))
            })
            .collect();
        barrier.wait();
        let start = Instant::now();
        let results: Vec<Replica> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        let wall = start.elapsed();
        let ticks = server.cpu_ticks().saturating_sub(ticks_before);

        // Every edit of every replica, as seen by every other: the first sighting of its number
        // or a later one (a replica that has a later edit has this one too: it was overwritten).
        let mut latencies = Vec::new();
        for (j, observer) in results.iter().enumerate() {
            for (k, owner) in results.iter().enumerate() {
                if j == k {
                    continue;
                }
                let sightings = &observer.seen[&k];
                for (i, edited) in owner.edited.iter().enumerate() {
                    let (_, when) = sightings
                        .iter()
                        .find(|(n, _)| *n > i)
                        .unwrap_or_else(|| panic!("replica {j} never saw edit {} of {k}", i + 1));
                    latencies.push(when.saturating_duration_since(*edited));
                }
            }
        }
        latencies.sort();
        let last_edit = results
            .iter()
            .filter_map(|r| r.edited.last())
            .max()
            .copied()
            .unwrap_or(start);
        let converged = results
            .iter()
            .flat_map(|r| r.seen.values().filter_map(|s| s.last().map(|(_, t)| *t)))
            .max()
            .unwrap_or(start);

        // Everyone ends equal to the server, with nothing left over.
        let server_docs = server.psql(
            "newsroom",
            "SELECT string_agg(id::text || '=' || (doc->>'body'), ',' ORDER BY id)
             FROM briefdesk.briefs WHERE NOT deleted",
        );
        for (r, result) in results.iter().enumerate() {
            let mut docs: Vec<(String, String)> = result
                .lib
                .export_all()
                .unwrap()
                .briefs
                .iter()
                .map(|b| (b.id.to_string(), b.body.clone()))
                .collect();
            docs.sort();
            let here: Vec<String> = docs
                .iter()
                .map(|(id, body)| format!("{id}={body}"))
                .collect();
            assert_eq!(
                here.join(","),
                server_docs,
                "replica {r} differs from the server"
            );
            let state = result.lib.team_replica().unwrap().unwrap();
            assert_eq!((state.waiting, state.conflicts), (0, 0), "replica {r}");
        }
        assert_eq!(latencies.len(), replicas * (replicas - 1) * edits);

        let clk_tck: f64 = std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0);
        let cpu = ticks as f64 / clk_tck;
        let pct = |p: usize| latencies[(latencies.len() * p / 100).min(latencies.len() - 1)];
        let syncs: usize = results.iter().map(|r| r.syncs).sum();
        let errors: usize = results.iter().map(|r| r.errors).sum();
        let build = if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        };
        println!(
            "team sync load ({build} build): {replicas} replicas x {edits} edits, {} edits in all",
            replicas * edits
        );
        println!(
            "converged: {:.1} s after the start ({:.1} s after the last edit)",
            (converged - start).as_secs_f64(),
            converged.saturating_duration_since(last_edit).as_secs_f64()
        );
        println!(
            "edit seen by the others: p50 {} ms, p95 {} ms, max {} ms ({} samples)",
            pct(50).as_millis(),
            pct(95).as_millis(),
            latencies.last().map_or(0, Duration::as_millis),
            latencies.len()
        );
        println!(
            "server CPU: {cpu:.1} s over {:.1} s ({:.0}% of one core); {syncs} syncs, {errors} failed",
            wall.as_secs_f64(),
            100.0 * cpu / wall.as_secs_f64().max(0.001)
        );
        if !benchmarking {
            assert_eq!(errors, 0);
        }
    }

    /// One editor: `edits` edits of its own brief, each followed by a sync; then syncing until
    /// it has every other replica's last edit.
    fn replica(
        me: usize,
        mut lib: Library,
        address: &ServerAddress,
        owned: &[Uuid],
        edits: usize,
        barrier: &Barrier,
    ) -> Replica {
        let rt = runtime();
        let mut client = rt.block_on(briefdesk_team::connect(address)).unwrap();
        let mut edited = Vec::with_capacity(edits);
        let mut seen: HashMap<usize, Vec<(usize, Instant)>> = (0..owned.len())
            .filter(|k| *k != me)
            .map(|k| (k, Vec::new()))
            .collect();
        let (mut syncs, mut errors) = (0, 0);
        barrier.wait();
        let mut n = 0;
        loop {
            if n < edits {
                n += 1;
                let mut d = BriefDraft::from(&lib.brief(owned[me]).unwrap());
                d.body = body(n);
                lib.update_brief(owned[me], &d).unwrap();
                edited.push(Instant::now());
            } else {
                std::thread::sleep(Duration::from_millis(20));
            }
            syncs += 1;
            if rt
                .block_on(briefdesk_team::sync(&mut client, &mut lib))
                .is_err()
            {
                errors += 1;
                if let Ok(again) = rt.block_on(briefdesk_team::connect(address)) {
                    client = again;
                }
            }
            let now = Instant::now();
            let mut all_seen = n == edits;
            for (k, sightings) in seen.iter_mut() {
                let text = lib.brief(owned[*k]).unwrap().body;
                let number = edit_number(&text);
                if sightings.last().is_none_or(|(last, _)| number > *last) {
                    sightings.push((number, now));
                }
                all_seen &= number == edits;
            }
            if all_seen {
                break;
            }
        }
        Replica {
            edited,
            seen,
            syncs,
            errors,
            lib,
        }
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    fn body(n: usize) -> String {
        format!("Edit {n}. \"A quote,\" the outlet said.")
    }

    fn edit_number(body: &str) -> usize {
        body.strip_prefix("Edit ")
            .and_then(|rest| rest.split('.').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    fn draft(headline: &str, n: usize) -> BriefDraft {
        BriefDraft {
            headline: headline.into(),
            body: body(n),
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
}
