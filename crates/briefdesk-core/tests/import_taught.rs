//! Teaching the importer a layout: the editor corrects one brief's lines in the preview, and the
//! correction is applied to every line like them.

use briefdesk_core::import::{self, HintRole, ImportFormat, LineHint, Parsed};

fn parse(text: &str, hints: &[LineHint]) -> Parsed {
    import::parse_with_hints(text.as_bytes(), ImportFormat::Text, hints).expect("text parses")
}

fn hint(line: usize, role: HintRole) -> LineHint {
    LineHint { line, role }
}

fn summary(parsed: &Parsed) -> Vec<(String, String, String)> {
    parsed
        .briefs
        .iter()
        .map(|b| {
            let source = b.draft.sources.first();
            (
                b.draft.headline.clone(),
                source.map(|s| s.outlet.clone()).unwrap_or_default(),
                b.draft.body.clone(),
            )
        })
        .collect()
}

const ARROWS: &str = "Weekly scan\n\n▶ Ports reopen after the strike\n— Reuters\nDockers returned on Monday.\n\n▶ Rail link talks resume\n— AP\nThe ministers met in Johor.\n";

#[test]
fn a_headline_and_an_outlet_marked_once_are_read_in_every_item() {
    // Read alone, no line stands as a headline: everything is one unexplained block.
    let guessed = parse(ARROWS, &[]);
    assert_ne!(guessed.briefs.len(), 2, "{:#?}", summary(&guessed));

    let taught = parse(
        ARROWS,
        &[hint(3, HintRole::Headline), hint(4, HintRole::Outlet)],
    );
    assert_eq!(
        summary(&taught),
        [
            (
                "Ports reopen after the strike".to_string(),
                "Reuters".to_string(),
                "Dockers returned on Monday.".to_string()
            ),
            (
                "Rail link talks resume".to_string(),
                "AP".to_string(),
                "The ministers met in Johor.".to_string()
            ),
        ]
    );
    assert!(
        taught
            .layout
            .ends_with("as taught: outlets on lines like line 4, headlines like line 3"),
        "{}",
        taught.layout
    );
    assert_eq!(taught.skipped.len(), 1, "{:?}", taught.skipped);
}

const BYLINES: &str = "Ports reopen after the strike\nLin Mei, South China Morning Post\n\nDockers returned on Monday.\n\nRail link talks resume\nTim Lee, The Straits Times\n\nThe ministers met in Johor.\n";

#[test]
fn an_outlet_marked_by_its_place_under_the_headline() {
    let taught = parse(
        BYLINES,
        &[hint(1, HintRole::Headline), hint(2, HintRole::Outlet)],
    );
    let got = summary(&taught);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[0].1, "South China Morning Post");
    assert_eq!(got[1].0, "Rail link talks resume");
    assert_eq!(got[1].1, "The Straits Times");
    assert_eq!(got[1].2, "The ministers met in Johor.");
}

#[test]
fn a_line_marked_as_skipped_or_as_body_is_so_everywhere() {
    let text = "Ads by Partner\n\nPorts reopen\n\nDockers returned on Monday.\n\nAds by Partner\n\nRail talks resume\n\nThe ministers met.\n";
    let taught = parse(text, &[hint(7, HintRole::Skip)]);
    assert!(
        taught
            .skipped
            .iter()
            .filter(|s| s.text == "Ads by Partner")
            .count()
            == 2,
        "{:?}",
        taught.skipped
    );
    assert!(
        taught
            .briefs
            .iter()
            .all(|b| !b.draft.body.contains("Ads by"))
    );
}
