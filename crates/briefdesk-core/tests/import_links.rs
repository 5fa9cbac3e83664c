//! Bookmarks and read-later exports: each saved link a draft brief, in a library on disk.

use std::path::Path;

use briefdesk_core::import::{self, ImportFormat, ImportOptions, ImportStage};
use briefdesk_core::{BriefQuery, Library};

fn seed(target: &str, name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_browsers_bookmarks_become_drafts_with_folders_and_tags() {
    let parsed = import::parse(
        &seed("import_bookmarks", "firefox.html"),
        ImportFormat::Auto,
    )
    .expect("a bookmarks file parses");
    assert!(
        parsed.layout.starts_with("a bookmarks file"),
        "{}",
        parsed.layout
    );
    let briefs: Vec<_> = parsed.briefs.iter().map(|b| &b.draft).collect();
    assert_eq!(briefs.len(), 2);
    let first = briefs[0];
    assert_eq!(first.headline, "Ministry Announces Internet ID Card Pilot");
    assert_eq!(first.body, "The ministry said the pilot is voluntary.");
    assert_eq!(
        first.tags,
        ["China", "Tech & Trade", "id cards", "surveillance"]
    );
    assert_eq!(first.sources[0].outlet, "rfa.org");
    assert_eq!(
        first.sources[0].url.as_deref(),
        Some("https://www.rfa.org/english/news/china/id-card-11272020.html")
    );
    assert_eq!(first.sources[0].date, None);
    assert_eq!(first.notes, "Saved 2020-11-27.");
    assert_eq!(briefs[1].tags, ["China"]);
    assert_eq!(parsed.briefs[0].line, 11);
    let skipped: Vec<_> = parsed
        .skipped
        .iter()
        .map(|s| (s.line, s.text.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (16, "place:sort=8&maxResults=10"),
            (17, "javascript:alert(1)")
        ]
    );
}

#[test]
fn pocket_and_instapaper_exports_become_drafts() {
    let html = import::parse(&seed("import_bookmarks", "pocket.html"), ImportFormat::Auto)
        .expect("Pocket's HTML parses");
    assert!(html.layout.starts_with("Pocket's export (HTML)"));
    assert_eq!(html.briefs.len(), 3);
    assert_eq!(html.briefs[0].draft.tags, ["japan", "supply chains"]);
    assert_eq!(html.briefs[0].draft.notes, "Saved 2021-03-05.");
    assert_eq!(html.briefs[1].draft.tags, Vec::<String>::new());

    let pocket = import::parse(&seed("import_csv", "pocket.csv"), ImportFormat::Auto)
        .expect("Pocket's CSV parses");
    assert!(pocket.layout.starts_with("Pocket's export (CSV)"));
    assert_eq!(
        pocket.briefs[1].draft.headline,
        "Summit, at last: \"a controlled window\""
    );
    assert_eq!(pocket.briefs[0].draft.tags, ["japan", "supply chains"]);

    let instapaper = import::parse(&seed("import_csv", "instapaper.csv"), ImportFormat::Auto)
        .expect("Instapaper's CSV parses");
    assert!(instapaper.layout.starts_with("Instapaper's export"));
    let first = &instapaper.briefs[0].draft;
    assert_eq!(first.tags, ["China"]);
    assert_eq!(first.body, "The ministry said\nthe pilot is voluntary.");
    assert_eq!(instapaper.briefs[1].line, 4);
    assert_eq!(instapaper.briefs[1].draft.tags, Vec::<String>::new());
}

#[test]
fn links_already_in_the_library_are_reported_not_imported_twice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut lib = Library::open(dir.path().join("links.sqlite3")).expect("a new library");
    let options = ImportOptions::default();
    let first = lib
        .import(&seed("import_bookmarks", "firefox.html"), &options)
        .expect("imported");
    assert_eq!(first.briefs.len(), 2);
    let again = lib
        .import(&seed("import_bookmarks", "firefox.html"), &options)
        .expect("imported again");
    assert_eq!(again.briefs.len(), 0);
    assert_eq!(again.duplicates.len(), 2);
    assert!(again.duplicates.iter().all(|d| d.skipped));
    let stored = lib.list_briefs(&BriefQuery::default()).expect("listed");
    assert_eq!(stored.total, 2);
}

#[test]
fn twenty_thousand_links_import_with_progress() {
    let mut file = String::from("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n");
    for n in 0..20_000 {
        file.push_str(&format!(
            "<DT><A HREF=\"https://news.example/{n}\" ADD_DATE=\"1606473600\">Story {n}</A>\n"
        ));
    }
    file.push_str("</DL><p>\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut lib = Library::open(dir.path().join("many.sqlite3")).expect("a new library");
    let mut stored_steps = 0;
    let mut last_total = 0;
    let report = lib
        .import_with_progress(file.as_bytes(), &ImportOptions::default(), &mut |p| {
            if p.stage == ImportStage::Storing {
                stored_steps += 1;
                last_total = p.total;
            }
        })
        .expect("20,000 links import");
    assert_eq!(report.briefs.len(), 20_000);
    assert_eq!(last_total, 20_000);
    assert!(
        stored_steps > 1,
        "progress was reported {stored_steps} times"
    );
    assert_eq!(report.briefs[19_999].headline, "Story 19999");
}
