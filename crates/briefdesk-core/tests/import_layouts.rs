//! The importer measured on briefings in other newsrooms' layouts: real pages, cut to excerpts,
//! in `fixtures/layouts/`. Each file starts with `# from:` (where it comes from), `# layout:`
//! and one `# expect: headline | outlet | date` per item (outlet and date empty when the item
//! names none), then `---` and the text.
//!
//! The report prints the share of items imported exactly (headline, first source's outlet and
//! date all as expected) and fails when it drops below the floor, or when any line of the text is
//! neither placed in a brief nor reported as skipped.

use std::collections::BTreeSet;
use std::path::Path;

use briefdesk_core::import::{self, ImportFormat, Parsed};

/// The share (in percent) the test set must keep; raise it as the importer improves.
const FLOOR_PERCENT: usize = 90;

struct Expected {
    headline: String,
    outlet: String,
    date: String,
}

struct Fixture {
    name: String,
    expected: Vec<Expected>,
    text: String,
}

fn fixtures() -> Vec<Fixture> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("the layouts folder is there")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let all = std::fs::read_to_string(&path).expect("a UTF-8 fixture");
            let (head, text) = all
                .split_once("\n---\n")
                .unwrap_or_else(|| panic!("{}: no --- line", path.display()));
            assert!(
                head.starts_with("# from: "),
                "{}: cite the page",
                path.display()
            );
            let expected = head
                .lines()
                .filter_map(|line| line.strip_prefix("# expect: "))
                .map(|line| {
                    let mut parts = line.split('|').map(str::trim);
                    let mut next = || parts.next().unwrap_or_default().to_string();
                    Expected {
                        headline: next(),
                        outlet: next(),
                        date: next(),
                    }
                })
                .collect();
            Fixture {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                expected,
                text: text.to_string(),
            }
        })
        .collect()
}

/// How many expected items came out exactly, with a line per miss.
fn score(fixture: &Fixture, parsed: &Parsed) -> (usize, Vec<String>) {
    let mut exact = 0;
    let mut misses = Vec::new();
    for want in &fixture.expected {
        let found = parsed
            .briefs
            .iter()
            .find(|b| b.draft.headline == want.headline);
        let Some(found) = found else {
            misses.push(format!("  no brief headed {:?}", want.headline));
            continue;
        };
        let source = found.draft.sources.first();
        let outlet = source.map(|s| s.outlet.as_str()).unwrap_or_default();
        // With no outlet there is no source to hold the date; the importer keeps it in the notes.
        let noted = found
            .draft
            .notes
            .strip_prefix("Dated ")
            .and_then(|rest| rest.get(..10))
            .unwrap_or_default();
        let date = match source {
            Some(source) => source.date.as_deref().unwrap_or_default(),
            None => noted,
        };
        if outlet == want.outlet && date == want.date {
            exact += 1;
        } else {
            misses.push(format!(
                "  {:?}: outlet {outlet:?} date {date:?}, expected {:?} {:?}",
                want.headline, want.outlet, want.date
            ));
        }
    }
    (exact, misses)
}

/// The 1-based numbers of the text's non-blank lines that no brief holds and no skip reports.
fn lost_lines(text: &str, parsed: &Parsed) -> Vec<(usize, String)> {
    let held: BTreeSet<usize> = parsed
        .briefs
        .iter()
        .flat_map(|b| b.placed.iter().map(|p| p.line))
        .chain(parsed.skipped.iter().map(|s| s.line))
        .collect();
    text.split('\n')
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (i + 1, line.to_string()))
        .filter(|(no, _)| !held.contains(no))
        .collect()
}

#[test]
fn other_newsrooms_layouts_are_read_and_nothing_is_lost() {
    let mut total = 0;
    let mut exact = 0;
    let mut lost = Vec::new();
    println!("import of other newsrooms' layouts (tests/fixtures/layouts):");
    for fixture in fixtures() {
        let parsed = import::parse(fixture.text.as_bytes(), ImportFormat::Auto)
            .unwrap_or_else(|e| panic!("{}: {e}", fixture.name));
        let (right, misses) = score(&fixture, &parsed);
        println!(
            "{:>3}/{:<3} {}  [{}]",
            right,
            fixture.expected.len(),
            fixture.name,
            parsed.layout
        );
        for miss in misses {
            println!("{miss}");
        }
        total += fixture.expected.len();
        exact += right;
        for (no, line) in lost_lines(&fixture.text, &parsed) {
            lost.push(format!("{} line {no}: {line:?}", fixture.name));
        }
    }
    let percent = exact * 100 / total.max(1);
    println!("items imported exactly: {exact} of {total} ({percent}%)");
    assert!(lost.is_empty(), "lines lost:\n{}", lost.join("\n"));
    assert!(
        percent >= FLOOR_PERCENT,
        "{percent}% exact is under the floor of {FLOOR_PERCENT}%"
    );
}
