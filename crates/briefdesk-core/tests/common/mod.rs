//! Shared fixtures and checks for the integration tests. Every test binary uses a different part
//! of this module, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::collections::BTreeMap;

use briefdesk_core::{Brief, BriefDraft, BriefQuery, Issue, Library, SourceDraft, Status, TagInfo};
use tempfile::TempDir;

/// Runs a test body on an in-memory library, then on a file library, and after the file run
/// checks what only the file shows (gapless stored positions, FTS rows in step with the briefs).
pub fn on_both(mut test: impl FnMut(&mut Library)) {
    eprintln!("-- on an in-memory library");
    test(&mut memory());
    eprintln!("-- on a file library");
    let (_dir, mut lib) = disk();
    test(&mut lib);
    check_stored_invariants(&lib);
}

pub fn memory() -> Library {
    Library::open_in_memory().expect("an in-memory library opens")
}

/// A library in a fresh temporary folder; keep the `TempDir` alive as long as the library.
pub fn disk() -> (TempDir, Library) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let lib = Library::open(dir.path().join("library.sqlite3")).expect("a file library opens");
    (dir, lib)
}

pub fn source(outlet: &str, date: &str, url: &str) -> SourceDraft {
    SourceDraft {
        outlet: outlet.into(),
        date: Some(date.into()),
        url: Some(url.into()),
        title: None,
    }
}

pub fn draft(headline: &str, body: &str, sources: Vec<SourceDraft>, tags: &[&str]) -> BriefDraft {
    BriefDraft {
        headline: headline.into(),
        body: body.into(),
        sources,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        status: Status::Draft,
        notes: String::new(),
    }
}

/// A brief with only a headline (a draft needs no source).
pub fn bare(headline: &str) -> BriefDraft {
    draft(headline, "", Vec::new(), &[])
}

pub fn huawei() -> BriefDraft {
    draft(
        "LTN: Huawei Western Europe Sales Are in Free Fall",
        "Shipments of Huawei handsets to Western Europe dropped by more than half in the third \
         quarter, the Liberty Times reported, citing figures from two market researchers.\n\n\
         > Retailers in Germany and Spain have stopped restocking the brand's flagship models.",
        vec![source(
            "Liberty Times Net",
            "2020-11-26",
            "https://news.ltn.com.tw/news/world/breakingnews/3100001",
        )],
        &["China", "Technology"],
    )
}

pub fn cotton() -> BriefDraft {
    draft(
        "RFA: Farmers in Aksu Told to Plant Cotton on Collective Plots",
        "Village officials in Aksu prefecture ordered households to give up orchards and plant \
         cotton on collective plots this spring, residents told Radio Free Asia.",
        vec![source(
            "Radio Free Asia",
            "2020-11-27",
            "https://www.rfa.org/english/news/uyghur/cotton-plots-11272020100000.html",
        )],
        &["Xinjiang", "Labour"],
    )
}

pub fn chips() -> BriefDraft {
    draft(
        "Focus Taiwan: Hsinchu Opens Second Semiconductor Training Academy",
        "A second academy for chip engineers opened in Hsinchu on Monday, with places for four \
         hundred students a year and teachers drawn from the island's foundries.",
        vec![source(
            "Focus Taiwan",
            "2021-03-08",
            "https://focustaiwan.tw/sci-tech/202103080011",
        )],
        &["Taiwan", "Technology"],
    )
}

pub fn tycoon() -> BriefDraft {
    draft(
        "SCMP: Court Refuses Bail to Publisher Awaiting Security Trial",
        "A High Court judge refused bail to the newspaper publisher on Thursday, ruling that \
         there were no sufficient grounds to believe he would not reoffend.",
        vec![source(
            "South China Morning Post",
            "2020-12-31",
            "https://www.scmp.com/news/hong-kong/politics/article/3115000/court-refuses-bail",
        )],
        &["Hong Kong"],
    )
}

pub fn factories() -> BriefDraft {
    draft(
        "Nikkei: Electronics Makers Move Assembly Lines to Northern Vietnam",
        "Three contract manufacturers said they would move laptop assembly to Bac Giang \
         province by the end of next year, citing tariffs and rising wages.",
        vec![source(
            "Nikkei Asia",
            "2021-06-15",
            "https://asia.nikkei.com/Business/Electronics/Makers-move-assembly-to-Vietnam",
        )],
        &["Vietnam", "Technology"],
    )
}

pub fn sample_drafts() -> Vec<BriefDraft> {
    vec![huawei(), cotton(), chips(), tycoon(), factories()]
}

/// Every brief in the library, most recently edited first.
pub fn all_briefs(lib: &Library) -> Vec<Brief> {
    let page = lib
        .list_briefs(&BriefQuery {
            limit: 1000,
            ..BriefQuery::default()
        })
        .expect("listing every brief");
    assert_eq!(
        page.total as usize,
        page.items.len(),
        "fewer than 1000 briefs in tests"
    );
    page.items
}

/// What the library holds, for checking that a refused change left it unchanged.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub briefs: Vec<Brief>,
    pub tags: Vec<TagInfo>,
    pub issues: Vec<Issue>,
}

pub fn snapshot(lib: &Library) -> Snapshot {
    Snapshot {
        briefs: all_briefs(lib),
        tags: lib.tags().expect("tags"),
        issues: lib.issues().expect("issues"),
    }
}

/// Ids of the briefs a search returns, best first.
pub fn search_ids(lib: &Library, text: &str) -> Vec<uuid::Uuid> {
    lib.search(text, 50)
        .unwrap_or_else(|e| panic!("search {text:?} failed: {e}"))
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// Headlines per section of an issue, as the editor sees it.
pub fn layout(issue: &Issue) -> Vec<(String, Vec<uuid::Uuid>)> {
    issue
        .sections
        .iter()
        .map(|s| (s.name.clone(), s.briefs.iter().map(|b| b.id).collect()))
        .collect()
}

/// For a file library: opens the file beside the library and checks what the public API cannot
/// show — positions are exactly 0..n per section and per issue, and the FTS index holds exactly
/// one row per brief with the text the triggers should have put there.
pub fn check_stored_invariants(lib: &Library) {
    let Some(path) = lib.path() else { return };
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("a second, read-only connection");

    let gapless = |sql: &str, what: &str| {
        let mut groups: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        let mut stmt = conn.prepare(sql).expect("position query");
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .expect("positions");
        for row in rows {
            let (parent, position) = row.expect("position row");
            groups.entry(parent).or_default().push(position);
        }
        for (parent, positions) in groups {
            let expected: Vec<i64> = (0..positions.len() as i64).collect();
            assert_eq!(
                positions, expected,
                "{what} positions of {parent} are not 0..n"
            );
        }
    };
    gapless(
        "SELECT section_id, position FROM issue_briefs ORDER BY section_id, position",
        "brief",
    );
    gapless(
        "SELECT issue_id, position FROM sections ORDER BY issue_id, position",
        "section",
    );

    let counts: (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM briefs), (SELECT count(*) FROM brief_fts)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row counts");
    assert_eq!(counts.0, counts.1, "one FTS row per brief");
    let missing: i64 = conn
        .query_row(
            "SELECT count(*) FROM briefs b
             WHERE NOT EXISTS (SELECT 1 FROM brief_fts f WHERE f.rowid = b.rowid)",
            [],
            |r| r.get(0),
        )
        .expect("FTS rows");
    assert_eq!(missing, 0, "a brief without its FTS row");
    // The index is contentless: that each row holds its brief's current text is shown by
    // finding every brief by its headline, its outlets and its tags, column by column.
    let mut texts = conn
        .prepare("SELECT rowid, headline, sources, tags FROM brief_fts_source")
        .expect("FTS source query");
    let rows = texts
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .expect("FTS source rows");
    let mut found = conn
        .prepare("SELECT count(*) FROM brief_fts WHERE brief_fts MATCH ?1 AND rowid = ?2")
        .expect("FTS probe");
    for row in rows {
        let (rowid, headline, sources, tags) = row.expect("an FTS source row");
        for (column, text) in [("headline", headline), ("sources", sources), ("tags", tags)] {
            let Some(expr) = briefdesk_core::text_search::match_expression(&format!("{text} "))
            else {
                continue;
            };
            let n: i64 = found
                .query_row(
                    rusqlite::params![format!("{column} : ({expr})"), rowid],
                    |r| r.get(0),
                )
                .expect("FTS probe");
            assert_eq!(n, 1, "FTS row {rowid} out of step: {column} {text:?}");
        }
    }

    let unmirrored: i64 = conn
        .query_row(
            "SELECT count(*) FROM brief_tags bt JOIN briefs b ON b.id = bt.brief_id
             WHERE bt.status IS NOT b.status OR bt.updated_at IS NOT b.updated_at",
            [],
            |r| r.get(0),
        )
        .expect("brief_tags mirror comparison");
    assert_eq!(unmirrored, 0, "brief_tags out of step with their briefs");
}
