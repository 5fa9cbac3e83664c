//! The library at the size an editor reaches after years of work: 100,000 briefs.
//!
//! `cargo bench -p briefdesk-core --bench library` first makes (once) a library of 100,000
//! generated briefs under `target/bench-data/`, reused by later runs while `DATA_VERSION` and
//! `BRIEFS` stay the same. It then times 200 runs of each operation with `Instant` and prints
//! `p95 <name>: X ms` lines (the design's budget is a p95, which criterion does not report),
//! and finally runs the criterion benchmarks `search/two_words`, `search/prefix` and
//! `list/filtered_page_200`.
//!
//! Run as a test (`cargo test --benches`), it only checks the operations once on a small
//! in-memory library.
//!
//! Environment:
//! - `BRIEFDESK_BENCH_P95_ONLY=1`: only the p95 figures, not the criterion benchmarks.
//! - `BRIEFDESK_BENCH_MARKDOWN=1`: also write the same briefs as 100,000 Markdown files under
//!   `target/bench-data/markdown-100k/` (once), which `cargo xtask bench` searches with ripgrep.
//! - `BRIEFDESK_BENCH_API_FULL=1`: also time creating all 100,000 briefs through
//!   `Library::create_brief`, into a scratch file library and into an in-memory one (the cached
//!   library is made by a faster path, one transaction).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use briefdesk_core::{BriefDraft, BriefQuery, Library, SourceDraft, Status};
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeDelta, Utc};
use criterion::Criterion;

#[path = "common/timing.rs"]
mod timing;
use timing::p95;

/// Bump when the generator changes, so cached libraries are made again.
const DATA_VERSION: u32 = 3;
const BRIEFS: usize = 100_000;
const SEED: u64 = 0x00b1_2ef5_dec5_2020;
/// How many briefs to push through `create_brief` to quote its speed when making the cache.
const API_SAMPLE: usize = 2_000;
/// Runs per operation for the p95 figures.
const P95_RUNS: usize = 200;
/// The number of hits the library pane asks for.
const SEARCH_LIMIT: u32 = 50;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let benchmarking =
        args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list");
    if !benchmarking {
        smoke_test();
        return;
    }

    let corpus = Corpus::new();
    if std::env::var_os("BRIEFDESK_BENCH_API_FULL").is_some() {
        time_create_brief(&corpus, BRIEFS);
    }
    let path = cached_library(&corpus);
    if std::env::var_os("BRIEFDESK_BENCH_MARKDOWN").is_some() {
        markdown_copy(&path);
    }
    let lib = Library::open(&path).expect("opening the benchmark library");
    let ops = Operations::new(&corpus);
    ops.describe(&lib, &path);

    println!("\nPlain timing, {P95_RUNS} runs each (after 10 warm-up runs):");
    for (name, op) in ops.all() {
        p95(name, 10, P95_RUNS, || op(&lib));
    }
    time_deep_pages(&lib);
    // Every other shape a query takes: word forms, scripts without spaces, one letter, mixed.
    for (name, text) in SEARCH_SHAPES {
        println!(
            "{name}: {text:?} matches {} briefs",
            count_matches_at(&path, text)
        );
        p95(name, 10, P95_RUNS, || {
            black_box(lib.search(black_box(text), SEARCH_LIMIT).expect("search")).len()
        });
    }
    println!();
    if std::env::var_os("BRIEFDESK_BENCH_P95_ONLY").is_some() {
        return;
    }

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut search = criterion.benchmark_group("search");
    search.bench_function("two_words", |b| b.iter(|| (ops.two_words)(&lib)));
    search.bench_function("prefix", |b| b.iter(|| (ops.prefix)(&lib)));
    search.finish();
    let mut list = criterion.benchmark_group("list");
    list.bench_function("filtered_page_200", |b| {
        b.iter(|| (ops.filtered_page)(&lib))
    });
    list.finish();
    criterion.final_summary();
}

/// The library pane's page of 100 briefs: the first, and one near the end of the 100,000 found
/// by OFFSET and from the cursor of the page before it (keyset paging), as the list scrolls.
fn time_deep_pages(lib: &Library) {
    const PAGE: u32 = 100;
    let deep = BRIEFS as u32 - 2 * PAGE;
    let query = |after, offset| BriefQuery {
        after,
        offset,
        limit: PAGE,
        ..BriefQuery::default()
    };
    let before = lib
        .list_briefs(&query(None, deep - PAGE))
        .expect("the page before the deep one");
    let cursor = before.next.expect("a full page has a next");
    let by_offset = lib.list_briefs(&query(None, deep)).expect("list");
    let by_cursor = lib
        .list_briefs(&query(Some(cursor.clone()), 0))
        .expect("list");
    assert_eq!(by_offset.items, by_cursor.items, "the same page either way");
    let list = |q: BriefQuery| move || black_box(lib.list_briefs(&q).expect("list")).items.len();
    p95("list/first_page_100", 10, P95_RUNS, list(query(None, 0)));
    p95(
        &format!("list/deep_page_100 (offset {deep})"),
        10,
        P95_RUNS,
        list(query(None, deep)),
    );
    p95(
        "list/deep_page_100 (after the page before)",
        10,
        P95_RUNS,
        list(query(Some(cursor), 0)),
    );
}

type Op = Box<dyn Fn(&Library) -> usize>;

/// Query shapes timed beside the criterion ones (p95 only).
const SEARCH_SHAPES: [(&str, &str); 8] = [
    ("search/word_form", "sanctioned "),
    ("search/one_letter", "s"),
    ("search/two_letters", "th"),
    // The shortest prefix (see text_search::MIN_PREFIX), of many common words.
    ("search/three_letters", "sta"),
    ("search/cjk_word", "空气污染"),
    ("search/cjk_one_char", "京"),
    ("search/cjk_two_chars", "半导"),
    ("search/mixed", "sanctions 制裁"),
];

fn count_matches_at(path: &Path, text: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("a raw connection");
    count_matches(&conn, text)
}

/// The operations measured, built from the corpus so the queries hit what was generated.
struct Operations {
    two_words_text: String,
    prefix_text: String,
    page_query: BriefQuery,
    two_words: Op,
    prefix: Op,
    filtered_page: Op,
}

impl Operations {
    fn new(corpus: &Corpus) -> Operations {
        let two_words_text = format!(
            "{} {}",
            corpus.vocab[Corpus::MID_RANKS.0],
            corpus.vocab[Corpus::MID_RANKS.1]
        );
        let prefix_text = Corpus::PREFIX.to_string();
        let page_query = BriefQuery {
            tags: vec![Corpus::PAGE_TAG.to_string()],
            status: Some(Status::Ready),
            limit: 200,
            ..BriefQuery::default()
        };
        let search = |text: String| -> Op {
            Box::new(move |lib: &Library| {
                black_box(lib.search(black_box(&text), SEARCH_LIMIT).expect("search")).len()
            })
        };
        let query = page_query.clone();
        Operations {
            two_words: search(two_words_text.clone()),
            prefix: search(prefix_text.clone()),
            filtered_page: Box::new(move |lib: &Library| {
                black_box(lib.list_briefs(black_box(&query)).expect("list"))
                    .items
                    .len()
            }),
            two_words_text,
            prefix_text,
            page_query,
        }
    }

    fn all(&self) -> [(&'static str, &Op); 3] {
        [
            ("search/two_words", &self.two_words),
            ("search/prefix", &self.prefix),
            ("list/filtered_page_200", &self.filtered_page),
        ]
    }

    /// Says what each operation works on: how many briefs match.
    fn describe(&self, lib: &Library, path: &Path) {
        let conn = rusqlite::Connection::open(path).expect("a raw connection");
        let matches = |text: &str| count_matches(&conn, text);
        let mut words = self.two_words_text.split(' ');
        let (first, second) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        println!(
            "search/two_words: {:?} matches {} briefs ({first:?} alone {}, {second:?}* alone {})",
            self.two_words_text,
            matches(&self.two_words_text),
            matches(&format!("{first} ")),
            matches(second),
        );
        println!(
            "search/prefix: {:?} matches {} briefs; each search returns the best {SEARCH_LIMIT}",
            self.prefix_text,
            matches(&self.prefix_text)
        );
        let text: i64 = conn
            .query_row(
                "SELECT sum(length(CAST(headline AS BLOB)) + length(CAST(body AS BLOB))
                          + length(CAST(sources AS BLOB)) + length(CAST(tags AS BLOB)))
                 FROM brief_fts_source",
                [],
                |r| r.get(0),
            )
            .expect("text size");
        let file = std::fs::metadata(path).map_or(0, |m| m.len());
        let index: i64 = conn
            .query_row(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'brief_fts%'",
                [],
                |r| r.get(0),
            )
            .unwrap_or(-1);
        println!(
            "library: {:.1} MB on disk for {:.1} MB of brief text ({:.2}x); the search index {:.1} MB",
            file as f64 / 1e6,
            text as f64 / 1e6,
            file as f64 / text as f64,
            index as f64 / 1e6
        );
        let page = lib.list_briefs(&self.page_query).expect("list");
        println!(
            "list/filtered_page_200: tag {:?} + status ready matches {} briefs; page of {}",
            Corpus::PAGE_TAG,
            page.total,
            page.items.len()
        );
    }
}

/// How many briefs a search for `text` matches in all (`Library::search` returns at most 500).
fn count_matches(conn: &rusqlite::Connection, text: &str) -> i64 {
    let Some(expr) = briefdesk_core::text_search::match_expression(text) else {
        return 0;
    };
    conn.query_row(
        "SELECT count(*) FROM brief_fts WHERE brief_fts MATCH ?1",
        [expr],
        |r| r.get(0),
    )
    .expect("counting matches")
}

/// Run under `cargo test --benches`: every operation works on a small library and finds something.
fn smoke_test() {
    let corpus = Corpus::new();
    let mut lib = Library::open_in_memory().expect("an in-memory library");
    let mut rng = Rng(SEED);
    for i in 0..1_500 {
        lib.create_brief(&corpus.brief(&mut rng, i).draft)
            .expect("a generated brief is valid");
    }
    let ops = Operations::new(&corpus);
    for (name, op) in ops.all() {
        let found = op(&lib);
        assert!(found > 0, "{name} found nothing in the smoke library");
        println!("{name}: {found} results (smoke test)");
    }
}

// ---------------------------------------------------------------------------------------------
// The cached library

fn bench_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir).join("bench-data");
    }
    // A bench binary runs as target/<profile>/deps/library-<hash>.
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .filter(|target| target.join("CACHEDIR.TAG").exists() || target.ends_with("target"))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("bench-data")
}

/// The path of the 100k library, made first if missing or made by another generator version.
fn cached_library(corpus: &Corpus) -> PathBuf {
    let dir = bench_data_dir();
    std::fs::create_dir_all(&dir).expect("creating target/bench-data");
    let path = dir.join("library-100k.sqlite3");
    let marker = dir.join("library-100k.sqlite3.version");
    let key = format!("briefdesk bench data v{DATA_VERSION}, {BRIEFS} briefs, seed {SEED:#x}\n");
    if path.exists() && std::fs::read_to_string(&marker).ok().as_deref() == Some(key.as_str()) {
        println!("Using the cached library {}", path.display());
        return path;
    }

    for stale in [
        &marker,
        &path,
        &path.with_extension("sqlite3-wal"),
        &path.with_extension("sqlite3-shm"),
    ] {
        let _ = std::fs::remove_file(stale);
    }
    println!("Making {} ({BRIEFS} briefs, once)…", path.display());
    time_create_brief(corpus, API_SAMPLE);
    let start = Instant::now();
    generate(corpus, &path);
    println!(
        "  fast path (one transaction): {BRIEFS} briefs in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    verify(&path);
    std::fs::write(&marker, key).expect("writing the cache marker");
    path
}

/// Writes every brief of the library at `path` as a Markdown file (headline, body, sources,
/// tags: the text the search index holds), a thousand to a folder, unless already written.
fn markdown_copy(path: &Path) {
    let dir = bench_data_dir().join("markdown-100k");
    let marker = bench_data_dir().join("markdown-100k.version");
    let key = std::fs::read_to_string(path.with_extension("sqlite3.version"))
        .expect("the library's version marker");
    if dir.is_dir() && std::fs::read_to_string(&marker).ok().as_deref() == Some(key.as_str()) {
        println!("Using the Markdown copy {}", dir.display());
        return;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&marker);
    println!(
        "Writing every brief as Markdown into {} (once)…",
        dir.display()
    );
    let conn = rusqlite::Connection::open(path).expect("a raw connection");
    let mut stmt = conn
        .prepare("SELECT headline, body, sources, tags FROM brief_fts_source ORDER BY rowid")
        .expect("sql");
    let mut rows = stmt.query([]).expect("reading the briefs");
    let mut n = 0usize;
    while let Some(r) = rows.next().expect("a brief") {
        let folder = dir.join(format!("{:03}", n / 1000));
        if n.is_multiple_of(1000) {
            std::fs::create_dir_all(&folder).expect("a Markdown folder");
        }
        let text = |i: usize| {
            r.get::<_, Option<String>>(i)
                .expect("text")
                .unwrap_or_default()
        };
        let file = format!(
            "# {}\n\n{}\n\nSource: {}\n\nTags: {}\n",
            text(0),
            text(1),
            text(2),
            text(3)
        );
        std::fs::write(folder.join(format!("{n:06}.md")), file).expect("a Markdown file");
        n += 1;
    }
    std::fs::write(&marker, key).expect("the Markdown copy's marker");
    println!("  {n} files");
}

/// Times `count` briefs through the public API into a scratch file library (one transaction and
/// one fsync per brief, as when an editor saves), and into an in-memory library (the same work
/// without the disk), and extrapolates to the full size.
fn time_create_brief(corpus: &Corpus, count: usize) {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let file = Library::open(dir.path().join("scratch.sqlite3")).expect("a scratch library");
    let memory = Library::open_in_memory().expect("an in-memory library");
    for (kind, mut lib) in [("file", file), ("in-memory", memory)] {
        let mut rng = Rng(SEED);
        let start = Instant::now();
        for i in 0..count {
            lib.create_brief(&corpus.brief(&mut rng, i).draft)
                .expect("a generated brief is valid");
        }
        let elapsed = start.elapsed().as_secs_f64();
        println!(
            "  create_brief (public API, {kind} library): {count} briefs in {elapsed:.1} s = {:.3} ms each{}",
            elapsed * 1000.0 / count as f64,
            if count < BRIEFS {
                format!(
                    ", about {:.0} s for {BRIEFS}",
                    elapsed / count as f64 * BRIEFS as f64
                )
            } else {
                String::new()
            }
        );
    }
}

/// Writes the generated briefs straight into the schema in one transaction.
///
/// `Library::create_brief` commits (and fsyncs) once per brief, which makes 100,000 briefs
/// slow; this writes the same rows in one transaction without fsync. Each brief's sources and
/// tag links are written before the brief itself, so that the FTS triggers, which index a brief
/// from the `brief_fts_source` view, index each brief once (when its row arrives) instead of once
/// per child row. Foreign keys are off on this raw connection, which allows that order.
fn generate(corpus: &Corpus, path: &Path) {
    // The schema comes from the library itself (all migrations).
    drop(Library::open(path).expect("creating the benchmark library"));

    let mut conn = rusqlite::Connection::open(path).expect("a raw connection");
    briefdesk_core::library::register_functions(&conn).expect("the library's SQL functions");
    conn.pragma_update(None, "synchronous", "OFF")
        .expect("synchronous=OFF");
    conn.pragma_update(None, "foreign_keys", "OFF")
        .expect("foreign_keys=OFF");
    let tx = conn.transaction().expect("a transaction");
    {
        let mut insert_tag = tx
            .prepare("INSERT INTO tags (name, colour) VALUES (?1, ?2)")
            .expect("sql");
        let tag_ids: Vec<i64> = TAGS
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let colour = (i % 3 == 0).then(|| format!("#{:06x}", (i * 0x2f_4a3b) % 0xff_ffff));
                insert_tag
                    .execute(rusqlite::params![name, colour])
                    .expect("a tag");
                tx.last_insert_rowid()
            })
            .collect();
        let mut insert_source = tx
            .prepare(
                "INSERT INTO sources (brief_id, position, outlet, date, url, title)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .expect("sql");
        let mut insert_link = tx
            .prepare("INSERT INTO brief_tags (brief_id, tag_id) VALUES (?1, ?2)")
            .expect("sql");
        let mut insert_brief = tx
            .prepare(
                "INSERT INTO briefs (id, headline, body, status, notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .expect("sql");

        let mut rng = Rng(SEED);
        for i in 0..BRIEFS {
            let brief = corpus.brief(&mut rng, i);
            let id = uuid::Uuid::now_v7().to_string();
            for (position, s) in brief.draft.sources.iter().enumerate() {
                insert_source
                    .execute(rusqlite::params![
                        id,
                        position as i64,
                        s.outlet,
                        s.date,
                        s.url,
                        s.title
                    ])
                    .expect("a source");
            }
            for tag in &brief.tag_indexes {
                insert_link
                    .execute(rusqlite::params![id, tag_ids[*tag]])
                    .expect("a tag link");
            }
            let d = &brief.draft;
            insert_brief
                .execute(rusqlite::params![
                    id,
                    d.headline,
                    d.body,
                    d.status.as_str(),
                    d.notes,
                    stamp(brief.created_at),
                    stamp(brief.updated_at)
                ])
                .expect("a brief");
        }
    }
    tx.commit().expect("committing the benchmark library");
    // No ANALYZE and no FTS 'optimize': the file should plan and search like an editor's own.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpointing the benchmark library");
}

/// Checks the generated file through the library and against the FTS view.
fn verify(path: &Path) {
    let lib = Library::open(path).expect("opening the generated library");
    assert_eq!(lib.info().expect("info").brief_count as usize, BRIEFS);
    let page = lib
        .list_briefs(&BriefQuery {
            limit: 5,
            ..BriefQuery::default()
        })
        .expect("list");
    assert_eq!(page.total as usize, BRIEFS);
    for brief in &page.items {
        assert!(
            !brief.sources.is_empty() && !brief.tags.is_empty(),
            "{brief:?}"
        );
        let found = lib.search(&brief.headline, 50).expect("search by headline");
        assert!(
            found.iter().any(|h| h.id == brief.id),
            "headline search finds {}",
            brief.headline
        );
    }
    drop(lib);
    let conn = rusqlite::Connection::open(path).expect("a raw connection");
    let missing: i64 = conn
        .query_row(
            "SELECT count(*) FROM briefs b WHERE b.rowid % 97 = 0
               AND NOT EXISTS (SELECT 1 FROM brief_fts f WHERE f.rowid = b.rowid)",
            [],
            |r| r.get(0),
        )
        .expect("FTS check");
    assert_eq!(missing, 0, "the fast path left briefs out of the index");
    let indexed: i64 = conn
        .query_row("SELECT count(*) FROM brief_fts", [], |r| r.get(0))
        .expect("FTS count");
    assert_eq!(indexed as usize, BRIEFS);
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

// ---------------------------------------------------------------------------------------------
// The generator

/// SplitMix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }

    fn range(&mut self, low: usize, high_inclusive: usize) -> usize {
        low + self.below(high_inclusive - low + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Draws ranks 0..n with probability proportional to 1 / (rank + 1)^s.
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|k| {
                total += 1.0 / (k as f64).powf(s);
                total
            })
            .collect::<Vec<_>>();
        Zipf(cumulative.into_iter().map(|c| c / total).collect())
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.0.partition_point(|c| *c < u).min(self.0.len() - 1)
    }
}

struct Generated {
    draft: BriefDraft,
    tag_indexes: Vec<usize>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

struct Corpus {
    vocab: Vec<String>,
    words: Zipf,
    outlets: Zipf,
    tags: Zipf,
}

impl Corpus {
    /// Vocabulary ranks of the two-word query: mid-frequency words.
    const MID_RANKS: (usize, usize) = (160, 230);
    const PREFIX: &'static str = "prot";
    const PAGE_TAG: &'static str = "Technology";
    const VOCABULARY: usize = 3_500;

    fn new() -> Corpus {
        let mut vocab: Vec<String> = Vec::with_capacity(Self::VOCABULARY);
        for w in COMMON_WORDS
            .split_whitespace()
            .chain(NEWS_WORDS.split_whitespace())
        {
            if !vocab.iter().any(|v| v == w) {
                vocab.push(w.to_string());
            }
        }
        // The long tail: made-up but pronounceable words (names, rare terms).
        let mut rng = Rng(SEED ^ 0xabcd);
        const ONSETS: [&str; 18] = [
            "b", "ch", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "sh", "t", "w",
            "z",
        ];
        const VOWELS: [&str; 9] = ["a", "e", "i", "o", "u", "ai", "ao", "ei", "ou"];
        const CODAS: [&str; 5] = ["", "n", "ng", "r", "l"];
        while vocab.len() < Self::VOCABULARY {
            let syllables = rng.range(2, 4);
            let word: String = (0..syllables)
                .map(|_| {
                    format!(
                        "{}{}{}",
                        ONSETS[rng.below(ONSETS.len())],
                        VOWELS[rng.below(VOWELS.len())],
                        CODAS[rng.below(CODAS.len())]
                    )
                })
                .collect();
            if !vocab.contains(&word) {
                vocab.push(word);
            }
        }
        Corpus {
            words: Zipf::new(vocab.len(), 1.0),
            outlets: Zipf::new(OUTLETS.len(), 0.8),
            tags: Zipf::new(TAGS.len(), 0.9),
            vocab,
        }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        &self.vocab[self.words.sample(rng)]
    }

    fn brief(&self, rng: &mut Rng, index: usize) -> Generated {
        let (outlet, short, host) = OUTLETS[self.outlets.sample(rng)];

        let headline_words: Vec<String> = (0..rng.range(6, 12))
            .map(|i| {
                let w = self.word(rng);
                if i > 0 && w.len() <= 3 && COMMON_WORDS.split_whitespace().any(|c| c == w) {
                    w.to_string()
                } else {
                    capitalize(w)
                }
            })
            .collect();
        let headline = format!("{short}: {}", headline_words.join(" "));

        let mut body = String::new();
        let mut remaining = rng.range(60, 150);
        let mut sentences_in_paragraph = 0;
        while remaining > 0 {
            let n = rng.range(8, 20).min(remaining);
            remaining -= n;
            let sentence: Vec<&str> = (0..n).map(|_| self.word(rng)).collect();
            if !body.is_empty() {
                body.push_str(if sentences_in_paragraph >= 3 {
                    "\n\n"
                } else {
                    " "
                });
                if sentences_in_paragraph >= 3 {
                    sentences_in_paragraph = 0;
                }
            }
            body.push_str(&capitalize(sentence[0]));
            for w in &sentence[1..] {
                body.push(' ');
                body.push_str(w);
            }
            body.push('.');
            sentences_in_paragraph += 1;
        }

        if rng.chance(1.0 / 12.0) {
            body.push_str("\n\n> ");
            body.push_str(CJK_SENTENCES[rng.below(CJK_SENTENCES.len())]);
        }

        let epoch = NaiveDate::from_ymd_opt(2019, 1, 1).expect("a date");
        let date = epoch + TimeDelta::days(rng.below(5 * 365 + 1) as i64);
        let slug: String = headline_words
            .iter()
            .take(6)
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join("-");
        let mut sources = vec![SourceDraft {
            outlet: outlet.to_string(),
            date: Some(date.to_string()),
            url: Some(format!(
                "https://{host}/news/{}/{slug}-{index}",
                date.format("%Y/%m/%d")
            )),
            title: rng.chance(0.3).then(|| headline_words.join(" ")),
        }];
        if rng.chance(0.25) {
            let (outlet, _, host) = OUTLETS[self.outlets.sample(rng)];
            let later = date + TimeDelta::days(rng.below(4) as i64);
            sources.push(SourceDraft {
                outlet: outlet.to_string(),
                date: Some(later.to_string()),
                url: Some(format!("https://{host}/{}/{slug}", later.format("%Y%m%d"))),
                title: None,
            });
        }

        let mut tag_indexes: Vec<usize> = Vec::new();
        for _ in 0..rng.range(1, 3) {
            let t = self.tags.sample(rng);
            if !tag_indexes.contains(&t) {
                tag_indexes.push(t);
            }
        }
        let status = match rng.below(10) {
            0..=4 => Status::Draft,
            5..=7 => Status::Ready,
            _ => Status::Published,
        };
        let notes = if rng.chance(0.2) {
            format!(
                "Check the {} figure with the {} desk.",
                self.word(rng),
                short
            )
        } else {
            String::new()
        };
        let created_at = epoch.and_hms_opt(6, 0, 0).expect("a time").and_utc()
            + TimeDelta::days((date - epoch).num_days())
            + TimeDelta::seconds(rng.below(36_000) as i64)
            + TimeDelta::microseconds(rng.below(1_000_000) as i64);
        let updated_at = created_at + TimeDelta::seconds(rng.below(10 * 86_400) as i64);

        Generated {
            draft: BriefDraft {
                headline,
                body,
                sources,
                tags: tag_indexes.iter().map(|t| TAGS[*t].to_string()).collect(),
                status,
                notes,
            },
            tag_indexes,
            created_at,
            updated_at,
        }
    }
}

/// Sentences quoted in their own script, one of which ends about one brief in twelve, as
/// editors paste original wording from Chinese, Japanese and Korean sources.
const CJK_SENTENCES: [&str; 8] = [
    "据报道，北京的空气污染在冬季加剧。",
    "外交部发言人表示，中方坚决反对任何形式的制裁。",
    "香港特区政府宣布新的防疫措施。",
    "东京都は水曜日、感染拡大を受けて対策を強化すると発表した。",
    "日本政府は半導体の輸出規制を見直す方針だ。",
    "서울시는 오늘 미세먼지 농도가 높아 비상저감조치를 시행한다고 밝혔다.",
    "북한은 새로운 미사일 시험 발사를 단행했다.",
    "台湾的半导体产业持续增长，出口创下新高。",
];

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The most frequent words of English news prose, most frequent first.
const COMMON_WORDS: &str = "the of to and in a said on for that is was with by as at from its it be
    has have will an are were this which after but not had their also been they more than who
    over would or about new into year under last two up could other people told week since some
    against all while out there first three before when percent state city million according
    report including during public local them she he his her between months national per";

/// Content words of China-watching news briefs, roughly from more to less frequent.
const NEWS_WORDS: &str = "china chinese government officials beijing taiwan party president
    minister ministry police court law security trade company companies market economy economic
    military foreign policy election media news province region county village workers factory
    exports imports tariffs sanctions investment bank banks loans debt property developers housing
    prices inflation growth quarter data statistics shipments sales smartphone semiconductor chips
    technology internet online platform censorship surveillance cameras students university
    teachers schools hospital health vaccine pandemic lockdown quarantine travel border airline
    flights tourism energy coal power electricity solar wind emissions climate water drought floods
    farmers harvest grain pork hong kong xinjiang tibet shanghai shenzhen guangdong wuhan taipei
    kaohsiung tokyo seoul hanoi manila washington brussels london canberra delhi moscow japan korea
    vietnam philippines india russia europe european united states american australia canada
    germany france britain navy coast guard ships aircraft drills exercises missile missiles
    defense army soldiers strait sea island islands disputed waters fishing vessels protest
    protests protesters arrested detained charged trial sentenced prison judge lawyers rights
    activists dissident journalists newspaper television broadcaster reporters interview
    statement spokesman spokeswoman official leader leaders premier council congress committee
    delegates meeting summit talks agreement deal negotiations visit visited delegation embassy
    ambassador consulate diplomats diplomatic relations allies partners support opposition
    criticism warned warning concerns risk crisis pressure campaign program plan plans policy
    rules regulations regulators approval license ban banned restrictions controls measures
    authorities agency bureau department inspection investigation corruption bribery fraud
    scandal probe discipline cadres members membership ideology propaganda education textbooks
    history anniversary celebration national day festival holiday spring lunar moon tradition
    culture religion church churches mosque mosques temple monks believers faith uyghur uyghurs
    tibetan tibetans mongolian minority minorities ethnic language camps detention labor labour
    cotton tomatoes supply chain chains suppliers manufacturers manufacturing production output
    capacity plant plants steel aluminum rare earths lithium batteries electric vehicles cars
    automakers tesla huawei tencent alibaba bytedance tiktok wechat apps users accounts posts
    platforms deleted blocked firewall hackers cyber attack attacks espionage spy spies secrets
    intelligence agents network networks data privacy personal information cloud servers
    artificial intelligence research scientists laboratory space rocket satellite launch mission
    station lunar probe mars exploration ocean arctic antarctic glacier mountain river dam dams
    hydropower mekong yangtze yellow pollution smog air quality environmental protection wildlife
    pandas forest desert sand storm typhoon earthquake rescue victims dead killed injured missing
    accident explosion fire collapse mine miners safety inspectors standards food drugs medicine
    doctors nurses patients cases infections deaths tests testing mass zero covid outbreak virus
    variant omicron hospitals clinics elderly pension retirement population births birth rate
    marriage families children youth unemployment jobs graduates wages income poverty rural urban
    migrants residents households consumers spending retail shopping festival online delivery
    logistics ports shipping containers freight rail railway high speed trains roads bridge
    infrastructure belt road initiative loans lending projects africa latin america pacific
    islands solomon fiji cambodia laos myanmar thailand indonesia malaysia singapore pakistan
    sri lanka nepal bangladesh iran saudi arabia turkey israel ukraine war invasion neutrality
    grain corridor oil gas pipeline imports purchases yuan dollar currency exchange reserves
    stocks shares investors listing ipo exchange regulator evergrande default bonds creditors
    restructuring bankruptcy";

/// About forty outlets: name, short name for headlines, host for URLs.
const OUTLETS: [(&str, &str, &str); 40] = [
    ("Reuters", "Reuters", "www.reuters.com"),
    ("South China Morning Post", "SCMP", "www.scmp.com"),
    ("Radio Free Asia", "RFA", "www.rfa.org"),
    ("Liberty Times Net", "LTN", "news.ltn.com.tw"),
    ("Focus Taiwan", "Focus Taiwan", "focustaiwan.tw"),
    ("Associated Press", "AP", "apnews.com"),
    ("Nikkei Asia", "Nikkei", "asia.nikkei.com"),
    ("Caixin Global", "Caixin", "www.caixinglobal.com"),
    ("Global Times", "Global Times", "www.globaltimes.cn"),
    ("Xinhua", "Xinhua", "english.news.cn"),
    ("Bloomberg", "Bloomberg", "www.bloomberg.com"),
    ("Financial Times", "FT", "www.ft.com"),
    ("The Wall Street Journal", "WSJ", "www.wsj.com"),
    ("The New York Times", "NYT", "www.nytimes.com"),
    ("BBC News", "BBC", "www.bbc.com"),
    ("Voice of America", "VOA", "www.voanews.com"),
    ("Taipei Times", "Taipei Times", "www.taipeitimes.com"),
    ("Hong Kong Free Press", "HKFP", "hongkongfp.com"),
    ("The Standard", "The Standard", "www.thestandard.com.hk"),
    ("Sixth Tone", "Sixth Tone", "www.sixthtone.com"),
    ("China Daily", "China Daily", "www.chinadaily.com.cn"),
    ("People's Daily", "People's Daily", "en.people.cn"),
    ("CGTN", "CGTN", "news.cgtn.com"),
    ("The Paper", "The Paper", "www.thepaper.cn"),
    ("Yicai Global", "Yicai", "www.yicaiglobal.com"),
    ("The Diplomat", "The Diplomat", "thediplomat.com"),
    ("Kyodo News", "Kyodo", "english.kyodonews.net"),
    ("Yonhap", "Yonhap", "en.yna.co.kr"),
    ("The Guardian", "Guardian", "www.theguardian.com"),
    ("Deutsche Welle", "DW", "www.dw.com"),
    ("Agence France-Presse", "AFP", "www.afp.com"),
    ("Axios", "Axios", "www.axios.com"),
    ("Politico", "Politico", "www.politico.com"),
    ("CommonWealth Magazine", "CommonWealth", "english.cw.com.tw"),
    ("United Daily News", "UDN", "udn.com"),
    ("Central News Agency", "CNA", "www.cna.com.tw"),
    ("Apple Daily", "Apple Daily", "hk.appledaily.com"),
    ("Initium Media", "Initium", "theinitium.com"),
    ("ChinaFile", "ChinaFile", "www.chinafile.com"),
    ("Sinocism", "Sinocism", "sinocism.com"),
];

/// About thirty tags, most used first.
const TAGS: [&str; 30] = [
    "China",
    "Taiwan",
    "Economy",
    "Hong Kong",
    "Technology",
    "Diplomacy",
    "Military",
    "Trade",
    "Human Rights",
    "Xinjiang",
    "Media",
    "Courts",
    "Health",
    "Energy",
    "Climate",
    "Semiconductors",
    "Finance",
    "Property",
    "Labour",
    "Education",
    "Elections",
    "Tibet",
    "Religion",
    "Cybersecurity",
    "South China Sea",
    "Belt and Road",
    "Censorship",
    "Agriculture",
    "Protests",
    "COVID-19",
];
