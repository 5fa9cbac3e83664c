//! The team library under load: ten replicas on this machine, each making 1,000 edits and
//! syncing at once after each (as the app does after an edit), through one PostgreSQL server the
//! benchmark starts itself. It prints the time until every replica holds every edit, the latency
//! from an edit (committed in its library) to it being in each other replica's library, p50 and
//! p95 over every (edit, other replica) pair, and the server's CPU time over the run (from
//! /proc/<pid>/stat of the postmaster and its processes). Goal: p95 under 2 s while online.
//!
//! `cargo bench -p briefdesk-team --bench sync_load`. Each replica signs in as its own editor
//! login (so the server's row-level security is in the path) and makes a mix of edits, drawn
//! from a seeded generator: 60 % the body of its own brief (numbered: these give the latency),
//! 15 % the headline or the notes of a brief it shares with one other replica (the headline both
//! change: merges and conflicts under load; a conflict is settled at once, as its editor would,
//! keeping their own side or taking the team's), 15 % the issue all replicas compose (its own
//! brief moved to another section or place, its own section renamed, the issue retitled), and
//! 10 % a review step on its own brief (submit, approve, request changes). After its last edit a
//! replica keeps syncing every 20 ms until it has seen everyone's last numbered edit; then all
//! sync in turn until nothing moves, and the run checks that every replica holds the server's
//! library (every part of every brief, the review included, and the issue).
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

    use briefdesk_core::library::dump::LibraryDump;
    use briefdesk_core::{BriefDraft, IssuePatch, Library, ReviewAction, ReviewState, SourceDraft};
    use briefdesk_team::{Role, ServerAddress};
    use uuid::Uuid;

    use crate::support::{self, PgServer};

    /// Briefs in the library besides the replicas' own, so a pull is not of an empty table.
    const OTHER_BRIEFS: usize = 200;

    /// The issue every replica composes.
    const ISSUE: u32 = 1;

    /// One step of a replica's run.
    #[derive(Clone, Copy, PartialEq)]
    enum Step {
        /// The body of its own brief, numbered.
        Own,
        /// The headline of the brief it shares (the other replica changes it too).
        SharedHeadline,
        /// The notes of the brief it shares.
        SharedNotes,
        /// The issue: its own brief moved, its own section renamed, the issue retitled.
        Issue,
        /// A review step on its own brief.
        Review,
    }

    /// Replica `r`'s steps: the same for a given replica on every run.
    fn plan(r: usize, edits: usize) -> Vec<Step> {
        let mut rng =
            Rng(0x9E37_79B9_7F4A_7C15 ^ (r as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        (0..edits)
            .map(|_| match rng.below(100) {
                0..=59 => Step::Own,
                60..=67 => Step::SharedHeadline,
                68..=74 => Step::SharedNotes,
                75..=89 => Step::Issue,
                _ => Step::Review,
            })
            .collect()
    }

    /// A small seeded generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// What one replica measured.
    struct Replica {
        /// When each of its edits committed here (index: edit number - 1).
        edited: Vec<Instant>,
        /// Per other replica: (the highest edit number seen, when it was first seen).
        seen: HashMap<usize, Vec<(usize, Instant)>>,
        syncs: usize,
        errors: usize,
        /// Conflicts its syncs found (each settled at once).
        conflicts: usize,
        /// Edits the library itself turned down (none expected).
        failed_edits: usize,
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
        // One brief per pair of replicas, which both edit.
        let shared: Vec<Uuid> = (0..replicas.div_ceil(2))
            .map(|p| {
                first
                    .create_brief(&draft(&format!("Shared brief {p}"), 0))
                    .unwrap()
                    .id
            })
            .collect();
        for i in 0..OTHER_BRIEFS {
            first
                .create_brief(&draft(&format!("Brief {i}"), 0))
                .unwrap();
        }
        // The issue they compose: a section per replica holding its own brief.
        first
            .create_issue(
                ISSUE,
                "The load issue",
                chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            )
            .unwrap();
        for (r, id) in owned.iter().enumerate() {
            first.add_section(ISSUE, &section_name(r, 0), None).unwrap();
            first
                .move_to_issue(*id, ISSUE, Some(&section_name(r, 0)))
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
        let plans: Vec<Vec<Step>> = (0..replicas).map(|r| plan(r, edits)).collect();
        // How many numbered edits each replica makes: the last one seen is the end.
        let finals: Vec<usize> = plans
            .iter()
            .map(|p| p.iter().filter(|s| **s == Step::Own).count())
            .collect();
        let logins_again = logins.clone();
        let barrier = Arc::new(Barrier::new(replicas + 1));
        let threads: Vec<_> = libs
            .into_iter()
            .zip(logins)
            .enumerate()
            .map(|(r, (lib, address))| {
                let barrier = barrier.clone();
                let work = Work {
                    me: r,
                    owned: owned.clone(),
                    shared: shared[r / 2],
                    plan: plans[r].clone(),
                    finals: finals.clone(),
                };
                std::thread::spawn(move || replica(lib, &address, &work, &barrier))
            })
            .collect();
        barrier.wait();
        let start = Instant::now();
        let mut results: Vec<Replica> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        // The shared briefs, the issue and the reviews: everyone syncs in turn (settling any
        // conflict keeping their own side) until a round moves nothing.
        let mut rounds = 0;
        for round in 1..=20 {
            rounds = round;
            let mut moved = 0;
            for (r, result) in results.iter_mut().enumerate() {
                for conflict in result.lib.brief_conflicts().unwrap() {
                    result.lib.resolve_brief_conflict(conflict.id, &[]).unwrap();
                    result.conflicts += 1;
                    moved += 1;
                }
                let report = rt
                    .block_on(async {
                        let mut client = briefdesk_team::connect(&logins_again[r]).await?;
                        briefdesk_team::sync(&mut client, &mut result.lib).await
                    })
                    .unwrap();
                moved += report.pushed
                    + report.stale
                    + report.pulled.applied
                    + report.pulled.merged
                    + report.pulled.conflicts
                    + report.pulled.restored;
            }
            if moved == 0 {
                break;
            }
        }
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
        let server_library = rt.block_on(async {
            let mut client = briefdesk_team::connect(&admin).await.unwrap();
            briefdesk_team::download(&mut client).await.unwrap()
        });
        let on_server = comparable(&server_library.dump);
        for (r, result) in results.iter().enumerate() {
            assert!(
                comparable(&result.lib.export_all().unwrap()) == on_server,
                "replica {r} differs from the server"
            );
            let state = result.lib.team_replica().unwrap().unwrap();
            assert_eq!((state.waiting, state.conflicts), (0, 0), "replica {r}");
            assert!(
                result.lib.refused_briefs().unwrap().is_empty(),
                "replica {r}"
            );
        }
        let numbered: usize = finals.iter().sum();
        assert_eq!(latencies.len(), (replicas - 1) * numbered);

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
        let conflicts: usize = results.iter().map(|r| r.conflicts).sum();
        let failed_edits: usize = results.iter().map(|r| r.failed_edits).sum();
        let count = |step: Step| plans.iter().flatten().filter(|s| **s == step).count();
        let reviewed = server_library
            .dump
            .briefs
            .iter()
            .filter_map(|b| b.review.as_ref())
            .map(|r| r.steps.len())
            .sum::<usize>();
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
            "edits: {} own-brief bodies (numbered), {} shared headlines, {} shared notes, {} issue, {} review ({reviewed} review steps on the server); {failed_edits} turned down by the library",
            count(Step::Own),
            count(Step::SharedHeadline),
            count(Step::SharedNotes),
            count(Step::Issue),
            count(Step::Review)
        );
        println!(
            "every numbered edit everywhere: {:.1} s after the start ({:.1} s after the last edit); all converged (every brief, review and the issue equal to the server's on every replica) {:.1} s after the start, {rounds} rounds of syncing in turn, the last one quiet",
            (converged - start).as_secs_f64(),
            converged.saturating_duration_since(last_edit).as_secs_f64(),
            wall.as_secs_f64()
        );
        println!("conflicts: {conflicts}, each settled by its editor");
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
            assert_eq!((errors, failed_edits), (0, 0));
        }
    }

    /// What one replica is to do.
    struct Work {
        me: usize,
        owned: Vec<Uuid>,
        shared: Uuid,
        plan: Vec<Step>,
        /// Per replica, its number of numbered edits.
        finals: Vec<usize>,
    }

    /// One editor: its planned edits, each followed by a sync; then syncing until it has every
    /// other replica's last numbered edit.
    fn replica(
        mut lib: Library,
        address: &ServerAddress,
        work: &Work,
        barrier: &Barrier,
    ) -> Replica {
        let me = work.me;
        let rt = runtime();
        let mut client = rt.block_on(briefdesk_team::connect(address)).unwrap();
        let mut rng = Rng(0x2545_F491_4F6C_DD1D ^ (me as u64 + 7));
        let mut edited = Vec::with_capacity(work.finals[me]);
        let mut seen: HashMap<usize, Vec<(usize, Instant)>> = (0..work.owned.len())
            .filter(|k| *k != me)
            .map(|k| (k, Vec::new()))
            .collect();
        let (mut syncs, mut errors, mut conflicts, mut failed_edits) = (0, 0, 0, 0);
        let (mut n, mut renamed) = (0, 0);
        barrier.wait();
        let mut steps = work.plan.iter();
        loop {
            let done = match steps.next() {
                Some(step) => {
                    let ok = match step {
                        Step::Own => {
                            n += 1;
                            let ok = update(&mut lib, work.owned[me], |d| d.body = body(n));
                            edited.push(Instant::now());
                            ok
                        }
                        Step::SharedHeadline => update(&mut lib, work.shared, |d| {
                            d.headline = format!("Shared, as replica {me} put it ({n})");
                        }),
                        Step::SharedNotes => update(&mut lib, work.shared, |d| {
                            d.notes = format!("Replica {me}'s note ({n})");
                        }),
                        Step::Issue => issue_step(&mut lib, &mut rng, work, &mut renamed),
                        Step::Review => review_step(&mut lib, &mut rng, work.owned[me]),
                    };
                    if !ok {
                        failed_edits += 1;
                    }
                    false
                }
                None => {
                    std::thread::sleep(Duration::from_millis(20));
                    true
                }
            };
            syncs += 1;
            match rt.block_on(briefdesk_team::sync(&mut client, &mut lib)) {
                Ok(report) if report.pulled.conflicts > 0 => {
                    // Settled at once, as the editor would: half the time their own side.
                    for conflict in lib.brief_conflicts().unwrap() {
                        let theirs: Vec<&str> = if rng.below(2) == 0 {
                            conflict.parts.iter().map(String::as_str).collect()
                        } else {
                            Vec::new()
                        };
                        lib.resolve_brief_conflict(conflict.id, &theirs).unwrap();
                        conflicts += 1;
                    }
                }
                Ok(_) => {}
                Err(_) => {
                    errors += 1;
                    if let Ok(again) = rt.block_on(briefdesk_team::connect(address)) {
                        client = again;
                    }
                }
            }
            let now = Instant::now();
            let mut all_seen = done;
            for (k, sightings) in seen.iter_mut() {
                let text = lib.brief(work.owned[*k]).unwrap().body;
                let number = edit_number(&text);
                if sightings.last().is_none_or(|(last, _)| number > *last) {
                    sightings.push((number, now));
                }
                all_seen &= number == work.finals[*k];
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
            conflicts,
            failed_edits,
            lib,
        }
    }

    /// Changes brief `id` as `change` says; false if the library turned it down.
    fn update(lib: &mut Library, id: Uuid, change: impl FnOnce(&mut BriefDraft)) -> bool {
        let Ok(brief) = lib.brief(id) else {
            return false;
        };
        let mut d = BriefDraft::from(&brief);
        change(&mut d);
        said(lib.update_brief(id, &d))
    }

    /// Composing the shared issue: this replica's brief moved to a section and place, its own
    /// section renamed, or the issue retitled.
    fn issue_step(lib: &mut Library, rng: &mut Rng, work: &Work, renamed: &mut usize) -> bool {
        let me = work.me;
        let Ok(issue) = lib.issue(ISSUE) else {
            return false;
        };
        match rng.below(5) {
            0..=2 => {
                let section = &issue.sections[rng.below(issue.sections.len())];
                // Within its own section the places run to the last brief's, elsewhere one on.
                let here = section.briefs.iter().any(|b| b.id == work.owned[me]);
                let at = rng.below(section.briefs.len() + usize::from(!here));
                said(lib.move_in_issue(ISSUE, work.owned[me], Some(&section.name), at))
            }
            3 => {
                let Some(old) = issue
                    .sections
                    .iter()
                    .find(|s| s.name.starts_with(&format!("Section {me} ")))
                else {
                    return false;
                };
                *renamed += 1;
                said(lib.rename_section(ISSUE, &old.name, &section_name(me, *renamed)))
            }
            _ => {
                let patch = IssuePatch {
                    title: Some(format!("The load issue, as replica {me} titled it")),
                    ..IssuePatch::default()
                };
                said(lib.update_issue(ISSUE, &patch))
            }
        }
    }

    /// The next review step on brief `id`, each one an editor may take.
    fn review_step(lib: &mut Library, rng: &mut Rng, id: Uuid) -> bool {
        let Ok(brief) = lib.brief(id) else {
            return false;
        };
        let action = match brief.review.map(|r| r.state) {
            Some(ReviewState::InReview) if rng.below(2) == 0 => ReviewAction::Approve,
            Some(ReviewState::InReview) => ReviewAction::RequestChanges,
            _ => ReviewAction::Submit,
        };
        said(lib.review_brief(id, action, "Load note"))
    }

    /// Whether an edit was taken; says why not when it was turned down.
    fn said<T>(result: briefdesk_core::Result<T>) -> bool {
        result
            .map_err(|e| eprintln!("an edit turned down: {e}"))
            .is_ok()
    }

    fn section_name(r: usize, version: usize) -> String {
        format!("Section {r} v{version}")
    }

    /// Every part of every brief (review included) and the issues, comparable across libraries.
    fn comparable(dump: &LibraryDump) -> String {
        let mut briefs: Vec<String> = dump
            .briefs
            .iter()
            .map(|b| {
                let mut tags: Vec<String> = b.tags.iter().map(|t| t.to_lowercase()).collect();
                tags.sort();
                format!(
                    "{} {:?} {:?} {:?} {:?} {:?} {:?}",
                    b.id, b.headline, b.body, b.notes, tags, b.status, b.review
                )
            })
            .collect();
        briefs.sort();
        let issues: Vec<String> = dump
            .issues
            .iter()
            .map(|i| {
                let sections: Vec<String> = i
                    .sections
                    .iter()
                    .map(|s| format!("{}={:?}", s.name, s.briefs))
                    .collect();
                format!("{} {} [{}]", i.number, i.title, sections.join("; "))
            })
            .collect();
        format!("{}\n{}", briefs.join("\n"), issues.join("\n"))
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
