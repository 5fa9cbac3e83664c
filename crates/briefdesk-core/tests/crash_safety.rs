//! Nothing acknowledged is lost when the process dies: a writer process applies a stream of
//! edits to a library file, printing each edit's number after its commit returns; the test
//! kills it with SIGKILL at a random moment, reopens the library, checks
//! `PRAGMA integrity_check`, and checks the library holds exactly the first k or k+1 edits of
//! the stream (k = the last acknowledged one; the next may have committed before the kill).
//!
//! The writer is this same test binary, started again to run `crash_writer_process` (ignored
//! in a normal run): nothing extra ships in the product, and the writer uses the real core on
//! a real file in a process of its own.
//!
//! `BRIEFDESK_CRASH_RUNS=500 cargo test -p briefdesk-core --test crash_safety` (or
//! `cargo xtask soak`) runs a longer soak; the default is 20 runs.

mod common;

use std::collections::BTreeMap;

use briefdesk_core::{BriefDraft, Library, SourceDraft, Status};
use chrono::NaiveDate;

/// Edits in the stream.
const EDITS: u32 = 1_200;
const WRITER_LIBRARY: &str = "BRIEFDESK_CRASH_WRITER_LIBRARY";
const WRITER_SEED: &str = "BRIEFDESK_CRASH_WRITER_SEED";

/// A small deterministic generator (SplitMix64): the writer and the replay must agree.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What the stream has done so far, by names that are the same in every library (ids are not).
#[derive(Default)]
struct Stream {
    rng: Option<Rng>,
    /// Brief number -> id in this library, for live briefs.
    briefs: BTreeMap<u32, uuid::Uuid>,
    next_brief: u32,
    issues: u32,
}

impl Stream {
    fn new(seed: u64) -> Stream {
        Stream {
            rng: Some(Rng(seed)),
            ..Stream::default()
        }
    }

    fn rng(&mut self) -> &mut Rng {
        self.rng.get_or_insert(Rng(0))
    }

    fn pick_brief(&mut self) -> Option<(u32, uuid::Uuid)> {
        let n = self.briefs.len();
        if n == 0 {
            return None;
        }
        let i = self.rng().below(n);
        self.briefs.iter().nth(i).map(|(k, v)| (*k, *v))
    }

    /// Applies edit number `step` (from 1) to `lib`: the same edit for the same seed and step.
    fn apply(&mut self, lib: &mut Library, step: u32) {
        let roll = self.rng().below(100);
        let tags = ["China", "Hong Kong", "Taiwan", "Technology", "Xinjiang"];
        match roll {
            _ if self.briefs.len() < 3 || roll < 30 => {
                let n = self.next_brief;
                self.next_brief += 1;
                let tag = tags[self.rng().below(tags.len())];
                let brief = lib
                    .create_brief(&draft(n, step, &[tag]))
                    .expect("create a brief");
                self.briefs.insert(n, brief.id);
            }
            30..=54 => {
                let (n, id) = self.pick_brief().expect("a brief");
                let tag = tags[self.rng().below(tags.len())];
                let mut edit = draft(n, step, &[tag, "Edited"]);
                edit.status = if step.is_multiple_of(2) {
                    Status::Ready
                } else {
                    Status::Draft
                };
                lib.update_brief(id, &edit).expect("update a brief");
            }
            55..=59 => {
                self.issues += 1;
                let date = NaiveDate::from_ymd_opt(2021, 1, 1).expect("date")
                    + chrono::Days::new(u64::from(self.issues));
                lib.create_issue(self.issues, "China Briefing", date)
                    .expect("create an issue");
            }
            60..=74 if self.issues > 0 => {
                let (_, id) = self.pick_brief().expect("a brief");
                let issues = self.issues as usize;
                let number = 1 + self.rng().below(issues) as u32;
                let section = ["Domestic", "International"][self.rng().below(2)];
                if lib.brief(id).expect("the brief").issue.is_some() {
                    lib.remove_from_issue(
                        lib.brief(id).expect("brief").issue.expect("issue").number,
                        id,
                    )
                    .expect("take a brief out of its issue");
                } else {
                    lib.add_to_issue(number, id, Some(section), Some(0))
                        .expect("put a brief in an issue");
                }
            }
            75..=89 if self.issues > 0 => {
                let (_, id) = self.pick_brief().expect("a brief");
                let brief = lib.brief(id).expect("the brief");
                let to = self.rng().below(4);
                let section = ["Domestic", "International"][self.rng().below(2)];
                match brief.issue {
                    Some(place) => {
                        let len = lib
                            .issue(place.number)
                            .expect("its issue")
                            .sections
                            .iter()
                            .find(|s| s.name == section)
                            .map_or(0, |s| s.briefs.len());
                        let to = to.min(len.saturating_sub(usize::from(place.section == section)));
                        lib.move_in_issue(place.number, id, Some(section), to)
                            .expect("move a brief in its issue");
                    }
                    None => {
                        lib.add_to_issue(1, id, Some(section), None)
                            .expect("put a brief in issue 1");
                    }
                }
            }
            90..=94 => {
                let tag = tags[self.rng().below(tags.len())];
                let colour = format!("#{:06x}", self.rng().next() & 0xff_ffff);
                lib.add_tag(tag, Some(&colour)).expect("colour a tag");
            }
            _ => {
                let (n, id) = self.pick_brief().expect("a brief");
                lib.delete_brief(id).expect("delete a brief");
                self.briefs.remove(&n);
            }
        }
    }
}

fn draft(n: u32, step: u32, tags: &[&str]) -> BriefDraft {
    BriefDraft {
        headline: format!("Brief {n}"),
        body: format!(
            "Written by edit {step}.\n\n> A quoted paragraph, {}",
            "long ".repeat(40)
        ),
        sources: vec![SourceDraft {
            outlet: "Radio Free Asia".into(),
            date: Some("2020-11-27".into()),
            url: Some(format!("https://www.rfa.org/english/{n}")),
            title: None,
        }],
        tags: tags.iter().map(|t| t.to_string()).collect(),
        status: Status::Draft,
        notes: String::new(),
    }
}

/// Everything the stream can change, keyed by headline: equal for equal edit prefixes.
fn state(lib: &Library) -> String {
    let briefs: Vec<_> = common::all_briefs(lib)
        .into_iter()
        .map(|b| (b.headline, b.body, b.status, b.tags, b.issue, b.sources))
        .collect();
    let mut briefs = briefs;
    briefs.sort_by(|a, b| a.0.cmp(&b.0));
    let issues: Vec<_> = lib
        .issues()
        .expect("issues")
        .into_iter()
        .map(|i| {
            let sections: Vec<_> = i
                .sections
                .into_iter()
                .map(|s| {
                    (
                        s.name,
                        s.briefs.into_iter().map(|b| b.headline).collect::<Vec<_>>(),
                    )
                })
                .collect();
            (i.number, i.date, sections)
        })
        .collect();
    let tags: Vec<_> = lib
        .tags()
        .expect("tags")
        .into_iter()
        .map(|t| (t.name, t.colour, t.count))
        .collect();
    format!("{briefs:#?}\n{issues:#?}\n{tags:#?}")
}

/// The writer: runs only when the crash test starts this binary for it.
#[test]
#[ignore = "the writer process of every_acknowledged_edit_survives_sigkill, which starts it"]
fn crash_writer_process() {
    let (Some(path), Some(seed)) = (
        std::env::var_os(WRITER_LIBRARY),
        std::env::var(WRITER_SEED).ok().and_then(|s| s.parse().ok()),
    ) else {
        return;
    };
    use std::io::Write;
    let mut lib = Library::open(path).expect("the writer opens the library");
    let mut stream = Stream::new(seed);
    let mut out = std::io::stdout().lock();
    for step in 1..=EDITS {
        stream.apply(&mut lib, step);
        // The edit's transaction has committed: acknowledge it.
        writeln!(out, "ACK {step}").expect("stdout");
        out.flush().expect("stdout");
    }
    writeln!(out, "DONE").expect("stdout");
}

/// Replays the first `k` edits of the stream into a fresh in-memory library.
fn replay(seed: u64, k: u32) -> String {
    let mut lib = Library::open_in_memory().expect("memory");
    let mut stream = Stream::new(seed);
    for step in 1..=k {
        stream.apply(&mut lib, step);
    }
    state(&lib)
}

#[test]
fn the_edit_stream_is_deterministic_and_long_enough() {
    const { assert!(EDITS >= 1_000) };
    assert_eq!(replay(7, 300), replay(7, 300));
    assert_ne!(replay(7, 300), replay(7, 0));
}

// On every system, no `cfg(unix)`: `Child::kill` is SIGKILL on Unix and TerminateProcess on
// Windows, and both end the writer without destructors, flushing or unwinding.
#[test]
fn every_acknowledged_edit_survives_sigkill() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let runs: u32 = std::env::var("BRIEFDESK_CRASH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let base_seed: u64 = std::env::var("BRIEFDESK_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("crash runs: {runs}, seed {base_seed} (BRIEFDESK_CRASH_SEED repeats it)");
    let mut picker = Rng(base_seed);
    let exe = std::env::current_exe().expect("this test binary");
    let started = Instant::now();
    let mut total_acked = 0u64;
    let mut completed = 0;

    for run in 0..runs {
        let seed = picker.next();
        // Every fourth run on disk, where each commit waits for fsync; the others in memory-backed
        // /dev/shm when there is one, where the same commits take a tenth of the time, so more
        // kills land inside SQLite's writes in the time the test has. (A SIGKILL cannot drop
        // what the OS already has, so both test the same promise; power loss is not simulated.)
        let dir = match std::path::Path::new("/dev/shm") {
            shm if run % 4 != 0 && shm.is_dir() => tempfile::tempdir_in(shm),
            _ => tempfile::tempdir(),
        }
        .expect("temp dir");
        let path = dir.path().join("library.sqlite3");
        // Where to kill: after a random number of acknowledgements, then a random pause of up to
        // 3 ms, so the kill lands anywhere in a transaction, a commit, or between edits. One run
        // in six kills during start-up instead (creating the file, migrating).
        let early = picker.below(6) == 0;
        let kill_after = if early {
            0
        } else {
            1 + picker.below(EDITS as usize) as u32
        };
        let pause = Duration::from_micros(picker.below(3_000) as u64);

        let mut child = Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                "crash_writer_process",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WRITER_LIBRARY, &path)
            .env(WRITER_SEED, seed.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the writer");
        let stdout = child.stdout.take().expect("writer stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut acked = 0u32;
        let mut killed = false;
        // The same stream replayed in memory as the acknowledgements arrive (on the other core).
        let mut model = Library::open_in_memory().expect("memory");
        let mut model_stream = Stream::new(seed);
        if early {
            std::thread::sleep(pause * 5);
            child.kill().expect("SIGKILL the writer");
            killed = true;
        }
        for line in lines.by_ref() {
            let line = line.expect("read the writer");
            // libtest may print "test crash_writer_process ... " on the same line.
            if let Some(n) = line
                .rfind("ACK ")
                .and_then(|at| line[at + 4..].trim().parse().ok())
            {
                assert_eq!(n, acked + 1, "acknowledgements come in order");
                acked = n;
                model_stream.apply(&mut model, n);
            }
            if !killed && acked >= kill_after {
                std::thread::sleep(pause);
                // `Child::kill` sends SIGKILL on Unix: no destructor, no flush, no unwinding.
                child.kill().expect("SIGKILL the writer");
                killed = true;
            }
        }
        let status = child.wait().expect("the writer ends");
        if !killed || status.success() {
            completed += 1;
        }
        total_acked += u64::from(acked);

        if !path.exists() {
            assert_eq!(
                acked, 0,
                "run {run}: acknowledged edits but no library file"
            );
            continue;
        }
        {
            let conn = rusqlite::Connection::open(&path).expect("reopen with SQLite");
            let check: String = conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .expect("integrity_check runs");
            assert_eq!(
                check, "ok",
                "run {run} (seed {seed}): integrity_check after SIGKILL"
            );
        }
        let lib = Library::open(&path)
            .unwrap_or_else(|e| panic!("run {run} (seed {seed}, {acked} acked): reopen: {e}"));
        common::check_stored_invariants(&lib);
        let found = state(&lib);
        let exact = state(&model);
        if found != exact && acked < EDITS {
            // The edit after the last acknowledgement may have committed before the kill.
            model_stream.apply(&mut model, acked + 1);
            assert!(
                found == state(&model),
                "run {run} (seed {seed}): the library after SIGKILL holds neither the {acked} \
                 acknowledged edits nor one more\n--- found\n{found}\n--- expected\n{exact}"
            );
        } else {
            assert_eq!(found, exact, "run {run} (seed {seed})");
        }
    }
    eprintln!(
        "{runs} runs, {total_acked} acknowledged edits checked, {completed} ran to the end, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
