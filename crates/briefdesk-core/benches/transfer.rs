//! Benchmarks of import and export: exporting a 50-brief issue to every format (budget: under
//! 10 ms for all five together; the issue's view model is built once, as the app's export
//! dialog does) and importing 10,000 briefs of briefing text (budget: under 2 s), both on a
//! library file on disk. Then the editor's autosave and search while imports of 10,000 briefs
//! run: everything on the writer's connection (as the app once did), searches on reader
//! connections with the import holding the writer throughout (as it did next), and the import
//! stored in parts that a save gets in between (as it does now). With
//! `BRIEFDESK_BENCH_IMPORT_PHASES=1`, where an import's time goes instead (`import_phases`).
//!
//! Run as a test (`cargo test --benches`), it only checks each operation once on small inputs.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use briefdesk_core::export::{self, ExportFormat};
use briefdesk_core::import::ImportOptions;
use briefdesk_core::{ImportStart, Library, Publication};
use chrono::NaiveDate;
use criterion::Criterion;

#[path = "common/timing.rs"]
mod timing;
use timing::p95;

const ISSUE_BRIEFS: usize = 50;
const IMPORT_BRIEFS: usize = 10_000;
const SEED: u64 = 0x5eed_b41e_f100;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let benchmarking =
        args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list");
    let dir = tempfile::tempdir().expect("a scratch folder");
    if !benchmarking {
        let (lib, _) = issue_library(&dir.path().join("smoke-export.sqlite3"), 5);
        for format in ExportFormat::ALL {
            assert!(
                !lib.export_issue(1, format, None)
                    .expect("export")
                    .is_empty()
            );
        }
        let report = import_into(&dir.path().join("smoke-import.sqlite3"), &briefing_text(20));
        assert_eq!(report, 20);
        for mode in [Beside::Shared, Beside::Readers, Beside::Parts] {
            time_beside_import(dir.path(), &briefing_text(20), mode);
        }
        import_phases(dir.path(), &briefing_text(20));
        return;
    }

    let (lib, markdown_path) = issue_library(&dir.path().join("export.sqlite3"), ISSUE_BRIEFS);
    let sizes: Vec<String> = ExportFormat::ALL
        .iter()
        .map(|f| {
            let out = lib.export_issue(1, *f, None).expect("export");
            format!("{} {} KB", f.as_str(), out.len().div_ceil(1024))
        })
        .collect();
    println!(
        "Issue of {ISSUE_BRIEFS} briefs; outputs: {}; its Markdown is in {}",
        sizes.join(", "),
        markdown_path.display()
    );
    let text = briefing_text(IMPORT_BRIEFS);
    println!(
        "Import input: {IMPORT_BRIEFS} briefs, {:.1} MB of briefing text",
        text.len() as f64 / 1_048_576.0
    );

    println!("\nPlain timing:");
    p95(
        "export/all_formats (one view, five renders)",
        2,
        200,
        || export_all(&lib),
    );
    p95(
        "export/all_formats (five separate export_issue calls)",
        2,
        200,
        || {
            ExportFormat::ALL
                .iter()
                .map(|f| lib.export_issue(1, *f, None).expect("export").len())
                .sum()
        },
    );
    for format in ExportFormat::ALL {
        p95(&format!("export/{}", format.as_str()), 2, 200, || {
            lib.export_issue(1, format, None).expect("export").len()
        });
    }
    let mut round = 0;
    let mut cpu = Vec::new();
    p95("import/10k_briefing_text", 2, 10, || {
        round += 1;
        let before = thread_cpu();
        let n = import_into(&dir.path().join(format!("import-{round}.sqlite3")), &text);
        cpu.push(thread_cpu().saturating_sub(before));
        n
    });
    cpu.sort();
    println!(
        "    on a CPU (this thread), median: {:.0} ms",
        cpu[cpu.len() / 2].as_secs_f64() * 1000.0
    );
    // What of the import is reading the text, the rest being storing it.
    p95("import/10k_briefing_text, parsing only", 1, 5, || {
        briefdesk_core::import::parse(text.as_bytes(), Default::default())
            .expect("the generated text parses")
            .briefs
            .len()
    });
    if std::env::var_os("BRIEFDESK_BENCH_IMPORT_PHASES").is_some() {
        import_phases(dir.path(), &text);
        return;
    }
    for mode in [Beside::Shared, Beside::Readers, Beside::Parts] {
        time_beside_import(dir.path(), &text, mode);
    }
    println!();
    // `cargo xtask bench` wants the p95 figures only.
    if std::env::var_os("BRIEFDESK_BENCH_P95_ONLY").is_some() {
        return;
    }

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut export = criterion.benchmark_group("export");
    export.bench_function("all_formats_50_briefs", |b| b.iter(|| export_all(&lib)));
    export.finish();
    let mut import = criterion.benchmark_group("import");
    import
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    import.bench_function("briefing_text_10k", |b| {
        b.iter(|| {
            round += 1;
            import_into(&dir.path().join(format!("import-{round}.sqlite3")), &text)
        })
    });
    import.finish();
    criterion.final_summary();
}

/// Where an import's time goes: the same import of 10,000 briefs into a fresh library file with
/// one kind of trigger taken away at a time (`BRIEFDESK_BENCH_IMPORT_PHASES=1`; for finding
/// what to make quicker, not a figure of the product).
fn import_phases(dir: &std::path::Path, text: &str) {
    // The triggers an import of plain briefs fires (no tags, no issue).
    const FTS: &str = "DROP TRIGGER briefs_fts_insert; DROP TRIGGER sources_fts_insert;
                       DROP TRIGGER brief_tags_fts_insert;";
    const RAW_TEXT: &str = "DROP TRIGGER briefs_fts_insert;
        CREATE TRIGGER briefs_fts_insert AFTER INSERT ON briefs BEGIN
            INSERT INTO brief_fts (rowid, headline, body, sources, tags)
            SELECT rowid, headline, body, sources, tags FROM brief_fts_source WHERE id = new.id;
        END;";
    const TEAM: &str =
        "DROP TRIGGER team_queue_brief_insert; DROP TRIGGER team_queue_source_insert;
                        DROP TRIGGER team_queue_tag_link;";
    // The search index made again with other options (and the one trigger a plain import fires).
    let fts_with = |options: &str| {
        format!(
            "DROP TRIGGER briefs_fts_insert; DROP TABLE brief_fts;
             CREATE VIRTUAL TABLE brief_fts USING fts5 (headline, body, sources, tags, {options});
             CREATE TRIGGER briefs_fts_insert AFTER INSERT ON briefs BEGIN
                 INSERT INTO brief_fts (rowid, headline, body, sources, tags)
                 SELECT rowid, briefdesk_index_text(headline), briefdesk_index_text(body),
                        briefdesk_index_text(sources), briefdesk_index_text(tags)
                 FROM brief_fts_source WHERE id = new.id;
             END;"
        )
    };
    let no_delete = fts_with("content = '', tokenize = 'porter unicode61 remove_diacritics 2'");
    let no_porter = fts_with(
        "content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'",
    );
    let variants: [(&str, &str); 6] = [
        ("as shipped", ""),
        ("without the search index's triggers", FTS),
        (
            "search index without briefdesk_index_text (raw text)",
            RAW_TEXT,
        ),
        ("without the team outbox's triggers", TEAM),
        ("search index without contentless_delete", &no_delete),
        ("search index without the porter stemmer", &no_porter),
    ];
    let mut round = 0;
    for (name, sql) in variants {
        // On a shared machine the wall time says more about the load than about the import;
        // the time this thread spent on a CPU does not.
        let mut cpu = Vec::new();
        p95(&format!("import_phases/{name}"), 1, 5, || {
            round += 1;
            let path = dir.join(format!("phases-{round}.sqlite3"));
            drop(Library::open(&path).expect("a scratch library"));
            let conn = rusqlite::Connection::open(&path).expect("a raw connection");
            conn.execute_batch(sql).expect("the variant's triggers");
            drop(conn);
            let before = thread_cpu();
            let n = import_into(&path, text);
            cpu.push(thread_cpu().saturating_sub(before));
            n
        });
        cpu.sort();
        if let Some(median) = cpu.get(cpu.len() / 2) {
            println!(
                "    on a CPU (this thread), median: {:.0} ms",
                median.as_secs_f64() * 1000.0
            );
        }
    }
}

/// The time this thread has spent on a CPU (Linux's schedstat; zero elsewhere).
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// How often the editor's window asks for a save (its autosave delay, `AUTOSAVE_DELAY_MS`) and
/// for a search (its debounce, `SEARCH_DEBOUNCE_MS`) while the editor keeps typing.
const SAVE_EVERY: Duration = Duration::from_millis(700);
const SEARCH_EVERY: Duration = Duration::from_millis(120);
/// Imports of 10,000 briefs run back to back while the window saves and searches.
const IMPORTS_BESIDE: usize = 3;

type Asked = Vec<(std::time::Instant, Duration)>;

/// How the window's commands reach the library while an import runs.
#[derive(Clone, Copy, PartialEq)]
enum Beside {
    /// Everything on the writer's one connection, the import holding it throughout (the app
    /// before reader connections).
    Shared,
    /// Searches on reader connections; the import holds the writer throughout (the app before
    /// imports in parts).
    Readers,
    /// Searches on reader connections; the import read and checked on a reader, then stored
    /// part by part, taking the writer for each part only (the app now).
    Parts,
}

/// Autosave latency (p99) and search latency (p95) while imports of 10,000 briefs run, as the
/// app's commands reach the library: every write on the one writer connection (behind a
/// mutex, as `AppState` holds it), each search as `mode` says.
///
/// Each is timed from when the window asked for it to its answer, waiting included. Saves go
/// one after another, as the editor's do (a save asked for while one is on its way waits for
/// it); each search runs on a thread of its own, as the app's commands do on tokio's blocking
/// pool. Only those asked for while an import ran are counted.
fn time_beside_import(dir: &std::path::Path, text: &str, mode: Beside) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    let readers = mode != Beside::Shared;
    let (name, connection) = match mode {
        Beside::Shared => ("shared", "one shared connection"),
        Beside::Readers => ("readers", "searches on reader connections"),
        Beside::Parts => (
            "parts",
            "searches on reader connections, the import in parts",
        ),
    };
    let path = dir.join(format!("beside-{name}.sqlite3"));
    let mut lib = Library::open(&path).expect("a scratch library");
    // A library that already holds 10,000 briefs, and the brief being edited.
    import_into_library(&mut lib, text);
    let edited = lib
        .create_brief(&briefdesk_core::BriefDraft {
            headline: "Xinhua: The brief being edited".into(),
            body: "Typed while an import runs.".into(),
            ..briefdesk_core::BriefDraft::default()
        })
        .expect("the edited brief");
    let writer = Arc::new(Mutex::new(lib));
    let finished = Arc::new(AtomicBool::new(false));

    // Saves waiting for the writer, which an import in parts lets go first between its parts
    // (as `AppState::change_in_steps` does).
    let waiting = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let saver = {
        let (writer, finished, waiting) = (
            Arc::clone(&writer),
            Arc::clone(&finished),
            Arc::clone(&waiting),
        );
        std::thread::spawn(move || {
            let mut version = edited.version;
            let mut draft = briefdesk_core::BriefDraft::from(&edited);
            let start = Instant::now();
            let mut asked_for: Asked = Vec::new();
            for tick in 0.. {
                if finished.load(Ordering::SeqCst) {
                    break;
                }
                let asked = start + SAVE_EVERY * tick;
                if let Some(wait) = asked.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
                draft.notes.push('x');
                waiting.fetch_add(1, Ordering::SeqCst);
                let mut lib = writer.lock().expect("the writer");
                waiting.fetch_sub(1, Ordering::SeqCst);
                version = lib
                    .update_brief_from(edited.id, version, &draft)
                    .expect("the autosave")
                    .version;
                drop(lib);
                asked_for.push((asked, asked.elapsed()));
            }
            asked_for
        })
    };
    let searcher = {
        let (writer, finished) = (Arc::clone(&writer), Arc::clone(&finished));
        let idle: Arc<Mutex<Vec<Library>>> = Arc::new(Mutex::new(Vec::new()));
        let path = path.clone();
        std::thread::spawn(move || {
            let answered: Arc<Mutex<Asked>> = Arc::new(Mutex::new(Vec::new()));
            let mut searches = Vec::new();
            while !finished.load(Ordering::SeqCst) {
                std::thread::sleep(SEARCH_EVERY);
                let (writer, idle, path, answered) = (
                    Arc::clone(&writer),
                    Arc::clone(&idle),
                    path.clone(),
                    Arc::clone(&answered),
                );
                searches.push(std::thread::spawn(move || {
                    let asked = Instant::now();
                    let hits = if readers {
                        let reader = idle.lock().expect("the readers").pop();
                        let reader = reader
                            .unwrap_or_else(|| Library::open_reader(&path).expect("a reader"));
                        let hits = reader.search("sanctions ministry", 50);
                        idle.lock().expect("the readers").push(reader);
                        hits
                    } else {
                        let lib = writer.lock().expect("the writer");
                        lib.search("sanctions ministry", 50)
                    };
                    black_box(hits.expect("the search"));
                    answered
                        .lock()
                        .expect("the answers")
                        .push((asked, asked.elapsed()));
                }));
            }
            for search in searches {
                search.join().expect("a search");
            }
            std::mem::take(&mut *answered.lock().expect("the answers"))
        })
    };
    let mut imports = Vec::new();
    for _ in 0..IMPORTS_BESIDE {
        std::thread::sleep(SAVE_EVERY);
        if mode == Beside::Parts {
            let began = Instant::now();
            import_in_parts(&writer, &waiting, &path, text);
            imports.push((began, Instant::now()));
            continue;
        }
        let mut lib = writer.lock().expect("the writer");
        let began = Instant::now();
        import_into_library(&mut lib, text);
        imports.push((began, Instant::now()));
        drop(lib);
    }
    std::thread::sleep(SAVE_EVERY * 2);
    finished.store(true, Ordering::SeqCst);
    let during = |thread: std::thread::JoinHandle<Asked>| {
        let all = thread.join().expect("the window's thread");
        all.into_iter()
            .filter(|(asked, _)| imports.iter().any(|(a, b)| a <= asked && asked < b))
            .map(|(_, took)| took)
            .collect::<Vec<_>>()
    };
    let saves = during(saver);
    let searches = during(searcher);
    let import_ms = imports
        .iter()
        .map(|(a, b)| format!("{:.0}", (*b - *a).as_secs_f64() * 1000.0))
        .collect::<Vec<_>>()
        .join(", ");
    // Readers in the middle of a read keep the writer's checkpoint from emptying the WAL.
    let mut wal = path.clone().into_os_string();
    wal.push("-wal");
    let wal_mb = std::fs::metadata(&wal).map_or(0.0, |m| m.len() as f64 / 1_048_576.0);
    println!(
        "beside_import/{name}: {IMPORTS_BESIDE} imports of the input took {import_ms} ms; \
         the WAL file is {wal_mb:.1} MB after them"
    );
    timing::report(
        &format!("beside_import/{name}/autosave ({connection})"),
        &saves,
        0.99,
    );
    timing::report(
        &format!("beside_import/{name}/search ({connection})"),
        &searches,
        0.95,
    );
}

/// Imports `text` (again) as the app does: read and checked on a reader connection, then stored
/// part by part, the writer taken for each part and released between them, and read back for
/// the report on the reader.
fn import_in_parts(
    writer: &std::sync::Mutex<Library>,
    waiting: &std::sync::atomic::AtomicUsize,
    path: &std::path::Path,
    text: &str,
) -> usize {
    let options = ImportOptions {
        import_duplicates: true,
        ..ImportOptions::default()
    };
    let reader = Library::open_reader(path).expect("a reader");
    let run = reader
        .prepare_import(text.as_bytes(), &options, &mut |_| {})
        .expect("the generated text reads");
    let started = writer
        .lock()
        .expect("the writer")
        .start_prepared_import(run, &mut |_| {})
        .expect("the import starts");
    let ImportStart::InParts(mut run) = started else {
        panic!("a library of one editor imports in parts");
    };
    loop {
        for _ in 0..50 {
            if waiting.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let mut lib = writer.lock().expect("the writer");
        if lib.import_part(&mut run, &mut |_| {}).expect("a part") {
            let committed = lib
                .commit_import(run, &mut |_| {})
                .expect("the import finishes");
            drop(lib);
            // Read back for the report on the reader, as the app does.
            return committed.report(&reader).expect("the report").briefs.len();
        }
    }
}

/// Imports `text` (again: its duplicates are stored too) into `lib`.
fn import_into_library(lib: &mut Library, text: &str) -> usize {
    let options = ImportOptions {
        import_duplicates: true,
        ..ImportOptions::default()
    };
    let report = lib
        .import(text.as_bytes(), &options)
        .expect("the generated text imports");
    report.briefs.len()
}

/// Every format of one issue, as the app's export dialog makes them: the issue is read and its
/// view model built once, then rendered five times.
fn export_all(lib: &Library) -> usize {
    let view = lib.issue_view(1).expect("the issue's view model");
    ExportFormat::ALL
        .iter()
        .map(|f| black_box(export::render(&view, *f, None).expect("export")).len())
        .sum()
}

/// Imports `text` into a new library file and returns how many briefs it stored.
fn import_into(path: &std::path::Path, text: &str) -> usize {
    let mut lib = Library::open(path).expect("a scratch library");
    let report = lib
        .import(text.as_bytes(), &ImportOptions::default())
        .expect("the generated text imports");
    report.briefs.len()
}

/// A library holding issue No. 1 with `briefs` briefs in three sections. Also writes the issue's
/// Markdown beside it (for comparing with pandoc).
fn issue_library(path: &std::path::Path, briefs: usize) -> (Library, std::path::PathBuf) {
    let mut lib = Library::open(path).expect("a scratch library");
    lib.set_publication(&Publication {
        name: "China Briefing".into(),
        tagline: "The week in China, in short".into(),
        footer: "You receive this because you subscribed. Reply to unsubscribe.".into(),
        default_template: ExportFormat::Html,
        ..Publication::default()
    })
    .expect("publication settings");
    let date = NaiveDate::from_ymd_opt(2020, 12, 8).expect("a date");
    lib.create_issue(1, "China Briefing", date)
        .expect("issue 1");
    for section in ["Domestic", "International", "Economy"] {
        lib.add_section(1, section, None).expect("a section");
    }
    let report = lib
        .import(
            briefing_text(briefs).as_bytes(),
            &ImportOptions {
                issue: Some(1),
                section: Some("Domestic".into()),
                ..ImportOptions::default()
            },
        )
        .expect("the generated text imports");
    // Spread the briefs over the sections, as an editor would.
    for (i, brief) in report.briefs.iter().enumerate() {
        let section = ["Domestic", "International", "Economy"][i % 3];
        let at = lib
            .issue(1)
            .expect("issue 1")
            .sections
            .iter()
            .find(|s| s.name == section)
            .map_or(0, |s| s.briefs.iter().filter(|b| b.id != brief.id).count());
        lib.move_in_issue(1, brief.id, Some(section), at)
            .expect("moving a brief");
    }
    let markdown = lib
        .export_issue(1, ExportFormat::Markdown, None)
        .expect("markdown");
    let markdown_path = path.with_extension("md");
    std::fs::write(&markdown_path, markdown).expect("writing the Markdown");
    (lib, markdown_path)
}

/// `count` briefs in the house style: headline, two paragraphs of about 40 words (the second a
/// block quote now and then, with a link now and then), `Source: Outlet, Date`, URL. About
/// 730 bytes a brief, so 10,000 of them stay under the import's 8 MB limit.
fn briefing_text(count: usize) -> String {
    const OUTLETS: [&str; 8] = [
        "Radio Free Asia",
        "Xinhua",
        "South China Morning Post",
        "Caixin",
        "Nikkei Asia",
        "Global Times",
        "Reuters",
        "LTN",
    ];
    const WORDS: [&str; 40] = [
        "ministry",
        "province",
        "officials",
        "announced",
        "pilot",
        "program",
        "internet",
        "security",
        "trade",
        "tariffs",
        "export",
        "semiconductor",
        "court",
        "ruling",
        "council",
        "policy",
        "investment",
        "factory",
        "regional",
        "report",
        "committee",
        "agreement",
        "sanctions",
        "statement",
        "according",
        "spokesperson",
        "data",
        "growth",
        "quarter",
        "network",
        "platform",
        "regulators",
        "draft",
        "rules",
        "county",
        "residents",
        "survey",
        "vessel",
        "coast",
        "guard",
    ];
    let mut rng = Rng(SEED);
    let mut text = String::from("Skip to content\n\n");
    let sentence = |rng: &mut Rng, words: usize| {
        let mut s = String::new();
        for i in 0..words {
            let word = WORDS[rng.below(WORDS.len())];
            if i == 0 {
                let mut c = word.chars();
                if let Some(first) = c.next() {
                    s.extend(first.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push(' ');
                s.push_str(word);
            }
        }
        s.push('.');
        s
    };
    for i in 0..count {
        let outlet = OUTLETS[rng.below(OUTLETS.len())];
        let _ = writeln!(
            text,
            "{}: {} No. {i}\n",
            outlet,
            sentence(&mut rng, 8).trim_end_matches('.')
        );
        for p in 0..2 {
            let mut paragraph: Vec<String> = (0..3).map(|_| sentence(&mut rng, 12)).collect();
            if rng.below(4) == 0 {
                paragraph.push("Read the [full statement](https://example.org/statement).".into());
            }
            let quote = if p == 1 && rng.below(3) == 0 {
                "> "
            } else {
                ""
            };
            let _ = writeln!(text, "{quote}{}\n", paragraph.join(" ").trim());
        }
        let day = 1 + rng.below(28);
        let _ = writeln!(
            text,
            "Source: {outlet}, November {day}, 2020\nhttps://example.org/{}/2020/11/{day}/story-{i}.html\n",
            outlet.to_lowercase().replace(' ', "-")
        );
    }
    text
}

/// xorshift64: the same text on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
