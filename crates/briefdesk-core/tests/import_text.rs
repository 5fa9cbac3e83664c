//! Importing briefing text: the house style, and the many ways editors paste it.

use std::path::Path;

use briefdesk_core::import::{self, ImportFormat, ImportWarning, Parsed, ParsedBrief, Skipped};
use briefdesk_core::{BriefDraft, SourceDraft, Status};
use proptest::prelude::*;

/// Parses briefing text; which line went where (`placed`) is left out of the comparisons here
/// and checked by tests/import_layouts.rs.
fn parse(text: &str) -> Parsed {
    unplaced(import::parse(text.as_bytes(), ImportFormat::Text).expect("briefing text parses"))
}

fn unplaced(mut parsed: Parsed) -> Parsed {
    for brief in &mut parsed.briefs {
        brief.placed.clear();
    }
    parsed
}

fn src(outlet: &str, date: Option<&str>, url: Option<&str>) -> SourceDraft {
    SourceDraft {
        outlet: outlet.into(),
        date: date.map(Into::into),
        url: url.map(Into::into),
        title: None,
    }
}

fn brief(line: usize, headline: &str, body: &str, sources: Vec<SourceDraft>) -> ParsedBrief {
    ParsedBrief {
        line,
        draft: BriefDraft {
            headline: headline.into(),
            body: body.into(),
            sources,
            tags: Vec::new(),
            status: Status::Draft,
            notes: String::new(),
        },
        section: None,
        placed: Vec::new(),
    }
}

fn warning(line: usize, message: &str) -> ImportWarning {
    ImportWarning {
        line,
        message: message.into(),
    }
}

fn skipped(line: usize, text: &str, reason: &str) -> Skipped {
    Skipped {
        line,
        text: text.into(),
        reason: reason.into(),
    }
}

const CHROME: &str = "page chrome, not part of a brief";

/// The one brief of a text, which must parse without warnings or skipped lines.
fn only_brief(text: &str) -> BriefDraft {
    let parsed = parse(text);
    assert_eq!(parsed.warnings, [], "{text:?}");
    assert_eq!(parsed.skipped, [], "{text:?}");
    assert_eq!(parsed.briefs.len(), 1, "{text:?}");
    parsed.briefs[0].draft.clone()
}

#[test]
fn shared_sample_gives_eight_briefs_in_order() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/briefing-sample.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!(
            "note: {} is not here; skipping the shared-sample test",
            path.display()
        );
        return;
    };
    let parsed = import::parse(&bytes, ImportFormat::Text).unwrap();
    assert_eq!(parsed.warnings, []);
    assert_eq!(parsed.skipped, [skipped(1, "Skip to content", CHROME)]);
    let want = [
        (
            "RFA: Ministry of Public Security Announced Internet ID Card Pilot Program",
            "Radio Free Asia",
            "2020-11-27",
            "https://www.rfa.org/mandarin/yataibaodao/renquanfazhi/GF1-11272020050155.html",
        ),
        (
            "China Held the 3rd China Think Tank Forum on International Influence in Beijing",
            "China News",
            "2020-12-06",
            "http://www.chinanews.com/gn/2020/12-06/9355352.shtml",
        ),
        (
            "Chinese Arms Companies’ Sales Increased by 4.8 Percent in 2019",
            "SIPRI",
            "2020-12-07",
            "https://www.sipri.org/media/press-release/2020/global-arms-industry-sales-top-25-companies-85-cent-big-players-active-global-south",
        ),
        (
            "EU Adopts its Own ‘Magnitsky’ Act to Sanction Human Rights Abuses",
            "Radio Free Asia",
            "2020-12-07",
            "https://www.rfa.org/mandarin/yataibaodao/junshiwaijiao/cl-12072020143715.html",
        ),
        (
            "Global Times: German Government Called Off Chinese Acquisition",
            "Global Times",
            "2020-12-05",
            "https://world.huanqiu.com/article/40yJwj40bUN",
        ),
        (
            "LTN: Huawei Western Europe Sales Are in Free Fall",
            "LTN",
            "2020-11-30",
            "https://3c.ltn.com.tw/news/42477",
        ),
        (
            "HK01: Japan Decided to Decommission Unmanned Aircraft Made in China",
            "HK01",
            "2020-11-30",
            "https://bit.ly/36KfyBC",
        ),
        (
            "U.S. Terminates Five PRC-Funded Propaganda Programs Disguised as “Cultural Exchanges”",
            "U.S. State Department",
            "2020-12-04",
            "https://www.state.gov/termination-of-prc-funded-propaganda-programs/",
        ),
    ];
    assert_eq!(parsed.briefs.len(), want.len());
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (got, (headline, outlet, date, url)) in parsed.briefs.iter().zip(want) {
        assert_eq!(got.draft.headline, headline);
        assert_eq!(lines[got.line - 1], headline, "the headline's line number");
        assert_eq!(got.draft.sources, [src(outlet, Some(date), Some(url))]);
        assert_eq!(got.draft.status, Status::Draft);
        assert!(got.draft.tags.is_empty() && got.draft.notes.is_empty());
        // Every body paragraph is a line of the file, word for word, in the house-style places:
        // every other line after the headline, up to the Source line.
        let paragraphs: Vec<&str> = got.draft.body.split("\n\n").collect();
        for (k, paragraph) in paragraphs.iter().enumerate() {
            assert_eq!(
                *paragraph,
                lines[got.line + 1 + 2 * k],
                "{headline}: paragraph {k}"
            );
        }
        let source_line = lines[got.line + 1 + 2 * paragraphs.len()];
        assert!(
            source_line.starts_with("Source: "),
            "{headline}: {source_line}"
        );
    }
    assert_eq!(parsed.briefs[2].draft.body.split("\n\n").count(), 5);
    assert!(parsed.briefs[0].draft.body.contains("“Internet ID Cards”"));
}

#[test]
fn house_style_fixture_parses_exactly() {
    let parsed = parse(include_str!("fixtures/briefing-house-style.txt"));
    assert_eq!(
        parsed.skipped,
        [
            skipped(1, "Skip to content", CHROME),
            skipped(50, "Back to top", CHROME),
        ]
    );
    assert_eq!(parsed.warnings, []);
    assert_eq!(parsed.issue, None);
    assert_eq!(parsed.publication, None);
    let want = [
        brief(
            3,
            "Xinhua: Shanghai Opens Cross-Border Data Pilot Zone in Lingang",
            "Xinhua reported that Shanghai’s Lingang New Area has opened a pilot zone where \
             registered companies may send certain business data abroad after a simplified \
             security review.\n\n\
             The city’s commerce commission said the first twelve companies in the zone include \
             two foreign-owned logistics firms. A spokesperson called the pilot “a controlled \
             window, not an open door.”",
            vec![src(
                "Xinhua",
                Some("2021-03-03"),
                Some("http://www.xinhuanet.com/english/2021-03/03/c_139781234.htm"),
            )],
        ),
        brief(
            12,
            "Nikkei: Japanese Electronics Makers Move Component Lines to Vietnam",
            "Nikkei Asia reported that three Japanese electronics makers plan to move part of \
             their component production from Guangdong to northern Vietnam by the end of next \
             year.\n\n\
             One executive told the paper:\n\n\
             > “We are not leaving China. We are making sure a single lockdown cannot stop every \
             line we run.”\n\n\
             Analysts quoted in the report said the shift mostly concerns capacitors and \
             connectors, not finished \"consumer\" products.",
            vec![src(
                "Nikkei Asia",
                Some("2021-03-05"),
                Some(
                    "https://asia.nikkei.com/Business/Electronics/Japanese-makers-shift-component-lines-to-Vietnam",
                ),
            )],
        ),
        brief(
            25,
            "人民日报：国务院发布乡村振兴新条例",
            "据《人民日报》报道，国务院日前发布新的乡村振兴条例，要求各地在三年内完成农村公路的“村村通”升级。\n\n\
             条例还规定，地方政府须每年公开相关资金的使用情况。",
            vec![src(
                "People’s Daily",
                Some("2021-03-08"),
                Some("http://politics.people.com.cn/n1/2021/0308/c1001-32045678.html"),
            )],
        ),
        brief(
            34,
            "CNA: Singapore and Malaysia Agree on a Timetable for Rail Link Talks",
            "Channel News Asia reported that the transport ministers of Singapore and Malaysia \
             agreed to resume talks on the cross-border rail link, with a first round set for \
             June.",
            vec![src(
                "CNA",
                Some("2021-03-09"),
                Some(
                    "https://www.channelnewsasia.com/news/singapore/rail-link-talks-timetable-14356789",
                ),
            )],
        ),
        brief(
            41,
            "Yonhap: South Korea Summons Chinese Envoy Over Fishing Boats",
            "South Korea’s foreign ministry summoned China’s deputy ambassador after Chinese \
             fishing boats were found operating inside Korea’s exclusive economic zone, Yonhap \
             reported.\n\n\
             The ministry’s statement said Seoul ‘expects concrete measures’ to prevent a \
             recurrence.",
            vec![src(
                "Yonhap",
                Some("2021-03-10"),
                Some("https://en.yna.co.kr/view/AEN20210310004500315"),
            )],
        ),
    ];
    assert_eq!(parsed.briefs, want);
}

#[test]
fn a_story_without_its_source_line_is_a_brief_of_its_own() {
    let parsed = parse(include_str!("fixtures/briefing-missing-source.txt"));
    assert_eq!(
        parsed.briefs,
        [
            brief(
                3,
                "Caixin: Shenzhen Trims Down Payments for Second Homes",
                "The city’s housing bureau said buyers of a second home will put down 40 percent \
                 instead of 50 percent from next month.\n\n\
                 Developers in the Qianhai district welcomed the change, Caixin reported.",
                vec![],
            ),
            brief(
                13,
                "Kyodo: Tokyo Extends Subsidies for Rooftop Solar Panels",
                "Tokyo’s metropolitan government will keep paying up to half the cost of rooftop \
                 panels on new houses until 2027, Kyodo reported.\n\n\
                 The subsidy had been due to end in March.",
                vec![src(
                    "Kyodo News",
                    Some("2021-04-02"),
                    Some("https://english.kyodonews.net/news/2021/04/solar-subsidy.html"),
                )],
            ),
            brief(
                26,
                "Focus Taiwan: Taipei Metro Adds Night Service on Fridays",
                "Taipei’s metro will run until 2 a.m. on Fridays from May, the operator said.",
                vec![],
            ),
            brief(
                32,
                "VnExpress: Hanoi Bans Motorbikes From Two Old Quarter Streets",
                "Hanoi will close two streets of the Old Quarter to motorbikes on weekend \
                 evenings, VnExpress reported.",
                vec![src(
                    "VnExpress International",
                    Some("2021-04-06"),
                    Some("https://e.vnexpress.net/news/hanoi-old-quarter-motorbikes.html"),
                )],
            ),
        ]
    );
    assert_eq!(
        parsed.warnings,
        [
            warning(
                3,
                "\"Caixin: Shenzhen Trims Down Payments for Second Homes\": no Source line; \
                 imported without a source"
            ),
            warning(
                26,
                "\"Focus Taiwan: Taipei Metro Adds Night Service on Fridays\": no Source line; \
                 imported without a source"
            ),
        ]
    );
    assert_eq!(
        parsed.skipped,
        [
            skipped(1, "Skip to content", CHROME),
            skipped(9, "By Reuters Staff", CHROME),
            skipped(11, "3 Min Read", CHROME),
            skipped(17, "Advertisement", CHROME),
            skipped(24, "Advertisement", CHROME),
            skipped(30, "Sponsored", CHROME),
            skipped(39, "5 min read", CHROME),
        ]
    );
}

#[test]
fn the_shared_sample_with_a_source_line_taken_out_still_gives_eight_briefs() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/briefing-sample.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("note: {} is not here; skipping", path.display());
        return;
    };
    let whole = parse(&text);
    // Without the second brief's Source and URL lines.
    let lines: Vec<&str> = text.lines().collect();
    let source = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("Source: "))
        .nth(1)
        .map(|(i, _)| i)
        .expect("a second Source line");
    let cut: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != source && *i != source + 1)
        .map(|(_, l)| *l)
        .collect();
    let parsed = parse(&cut.join("\n"));
    assert_eq!(parsed.briefs.len(), whole.briefs.len());
    for (n, (got, want)) in parsed.briefs.iter().zip(&whole.briefs).enumerate() {
        assert_eq!(got.draft.headline, want.draft.headline);
        assert_eq!(got.draft.body, want.draft.body);
        if n == 1 {
            assert_eq!(got.draft.sources, []);
        } else {
            assert_eq!(got.draft.sources, want.draft.sources);
        }
    }
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].line, parsed.briefs[1].line);
}

#[test]
fn page_clutter_is_skipped_wherever_it_stands() {
    for clutter in [
        "By Reuters Staff",
        "Reuters Staff",
        "By AP staff writers",
        "3 Min Read",
        "12 minute read",
        "Advertisement",
        "ADVERTISEMENT",
        "Sponsored content",
        "Continue reading",
        "Read more",
    ] {
        let parsed = parse(&format!(
            "Headline\n\n{clutter}\n\nBody one.\n{clutter}\nstill body one.\n\n{clutter}\n\n\
             Source: LTN, Nov 30, 2020\nhttps://ltn.com.tw/a\n"
        ));
        assert_eq!(parsed.warnings, [], "{clutter:?}");
        assert_eq!(
            parsed.briefs[0].draft.body, "Body one.\nstill body one.",
            "{clutter:?}"
        );
        assert_eq!(
            parsed.skipped,
            [
                skipped(3, clutter, CHROME),
                skipped(6, clutter, CHROME),
                skipped(9, clutter, CHROME),
            ],
            "{clutter:?}"
        );
    }
}

#[test]
fn auto_reads_briefing_text() {
    let text = include_str!("fixtures/briefing-house-style.txt");
    let auto = import::parse(text.as_bytes(), ImportFormat::Auto).unwrap();
    assert_eq!(unplaced(auto), parse(text));
}

#[test]
fn every_date_style_on_a_source_line() {
    for date in [
        "November 27, 2020",
        "Nov. 27, 2020",
        "Nov 27, 2020",
        "November 27 2020",
        "November 27, 2020.",
        "27 November 2020",
        "27 Nov 2020",
        "2020-11-27",
        "2020/11/27",
    ] {
        let draft = only_brief(&format!(
            "Headline\n\nBody.\n\nSource: Radio Free Asia, {date}\nhttps://www.rfa.org/a.html\n"
        ));
        assert_eq!(
            draft.sources,
            [src(
                "Radio Free Asia",
                Some("2020-11-27"),
                Some("https://www.rfa.org/a.html")
            )],
            "{date:?}"
        );
    }
    let draft =
        only_brief("Headline\n\nBody.\n\nSource: SIPRI, Sept. 3, 2020\nhttps://sipri.org/x\n");
    assert_eq!(draft.sources[0].date.as_deref(), Some("2020-09-03"));
    // A missing comma between outlet and date, and a weekday the outlet does not keep.
    let draft =
        only_brief("H\n\nB.\n\nSource: Radio Free Asia November 27, 2020\nhttps://rfa.org/a\n");
    assert_eq!(draft.sources[0].outlet, "Radio Free Asia");
    let draft = only_brief(
        "H\n\nB.\n\nSource: U.S. State Department, Friday, December 4, 2020\nhttps://state.gov/a\n",
    );
    assert_eq!(
        draft.sources,
        [src(
            "U.S. State Department",
            Some("2020-12-04"),
            Some("https://state.gov/a")
        )]
    );
    // Outlets that end in a weekday-like word keep it.
    let draft =
        only_brief("H\n\nB.\n\nSource: The Mail on Sunday, December 6, 2020\nhttps://a.uk/x\n");
    assert_eq!(draft.sources[0].outlet, "The Mail on Sunday");
    let draft = only_brief("H\n\nB.\n\nSource: The Sun, December 6, 2020\nhttps://a.uk/x\n");
    assert_eq!(draft.sources[0].outlet, "The Sun");
}

#[test]
fn impossible_and_unreadable_dates_warn_with_the_text() {
    let parsed = parse(
        "Feb Headline\n\nBody.\n\nSource: Global Times, February 30, 2020\nhttps://gt.cn/a\n\n\
         Numeric Headline\n\nBody.\n\nSource: Reuters, 12/01/2020\nhttps://reuters.com/a\n",
    );
    assert_eq!(
        parsed
            .briefs
            .iter()
            .map(|b| &b.draft.sources[0])
            .collect::<Vec<_>>(),
        [
            &src("Global Times", None, Some("https://gt.cn/a")),
            &src("Reuters", None, Some("https://reuters.com/a")),
        ]
    );
    assert_eq!(
        parsed.warnings,
        [
            warning(
                5,
                "\"Feb Headline\": \"February 30, 2020\" is not a real date; source \"Global Times\" imported without a date"
            ),
            warning(
                12,
                "\"Numeric Headline\": \"12/01/2020\" is not a date it can read; source \"Reuters\" imported without a date"
            ),
        ]
    );
}

#[test]
fn outlet_may_contain_commas() {
    let draft = only_brief(
        "H\n\nB.\n\nSource: Reuters, Hong Kong, December 1, 2020\nhttps://reuters.com/a\n",
    );
    assert_eq!(
        draft.sources,
        [src(
            "Reuters, Hong Kong",
            Some("2020-12-01"),
            Some("https://reuters.com/a")
        )]
    );
    let draft = only_brief(
        "H\n\nB.\n\nSource: Reuters, Hong Kong, 1 December 2020\nhttps://reuters.com/a\n",
    );
    assert_eq!(draft.sources[0].outlet, "Reuters, Hong Kong");
}

#[test]
fn several_sources_take_url_lines_in_order() {
    let parsed = parse(
        "Huawei Sales Fall in Europe\n\nBody.\n\n\
         Sources: LTN, November 30, 2020; Reuters, Dec. 1, 2020; IDC, 2020-11-29\n\
         https://ltn.com.tw/a\nhttps://reuters.com/b\n\nhttps://idc.com/c\n",
    );
    assert_eq!(parsed.warnings, []);
    assert_eq!(
        parsed.briefs[0].draft.sources,
        [
            src("LTN", Some("2020-11-30"), Some("https://ltn.com.tw/a")),
            src("Reuters", Some("2020-12-01"), Some("https://reuters.com/b")),
            src("IDC", Some("2020-11-29"), Some("https://idc.com/c")),
        ]
    );
}

#[test]
fn extra_url_lines_warn_and_belong_to_the_brief_before() {
    let parsed = parse(
        "First\n\nBody.\n\nSource: LTN, November 30, 2020\nhttps://ltn.com.tw/a\nhttps://ltn.com.tw/b\n\n\
         Second\n\nBody two.\n\nSource: HK01, November 30, 2020\nhttps://hk01.com/c\n",
    );
    assert_eq!(parsed.briefs.len(), 2);
    assert_eq!(
        parsed.briefs[0].draft.sources,
        [src("LTN", Some("2020-11-30"), Some("https://ltn.com.tw/a"))]
    );
    assert_eq!(parsed.briefs[1].draft.headline, "Second");
    assert_eq!(parsed.briefs[1].line, 9);
    assert_eq!(
        parsed.warnings,
        [warning(
            7,
            "\"First\": extra URL https://ltn.com.tw/b has no source to go with; left out"
        )]
    );
}

#[test]
fn url_on_the_source_line() {
    let want = [src(
        "Radio Free Asia",
        Some("2020-11-27"),
        Some("https://www.rfa.org/a.html"),
    )];
    for line in [
        "Source: Radio Free Asia, November 27, 2020, https://www.rfa.org/a.html",
        "Source: Radio Free Asia, November 27, 2020 https://www.rfa.org/a.html",
        "Source: Radio Free Asia, November 27, 2020 (https://www.rfa.org/a.html)",
        "Source: Radio Free Asia, November 27, 2020 <https://www.rfa.org/a.html>",
    ] {
        assert_eq!(
            only_brief(&format!("H\n\nB.\n\n{line}\n")).sources,
            want,
            "{line:?}"
        );
    }
    let draft = only_brief(
        "H\n\nB.\n\nSources: LTN, Nov 30, 2020, https://ltn.com.tw/a?x=1;y=2; HK01, Nov 30, 2020 https://hk01.com/b\n",
    );
    assert_eq!(
        draft.sources,
        [
            src(
                "LTN",
                Some("2020-11-30"),
                Some("https://ltn.com.tw/a?x=1;y=2")
            ),
            src("HK01", Some("2020-11-30"), Some("https://hk01.com/b")),
        ]
    );
    // Mixed: one URL on the line, the other on the next line.
    let draft = only_brief(
        "H\n\nB.\n\nSources: LTN, Nov 30, 2020, https://ltn.com.tw/a; HK01, Nov 30, 2020\nhttps://hk01.com/b\n",
    );
    assert_eq!(draft.sources[1].url.as_deref(), Some("https://hk01.com/b"));
}

#[test]
fn missing_url_or_date_imports_with_a_warning() {
    let parsed = parse(
        "LTN: Huawei Western Europe Sales Are in Free Fall\n\nBody.\n\nSource: LTN, November 30, 2020\n\n\
         HK01: Japan Decommissions Drones\n\nBody.\n\nSource: HK01\nhttps://bit.ly/x\n\n\
         No Source Either Way\n\nBody.\n\nSource: Caixin\n",
    );
    assert_eq!(
        parsed
            .briefs
            .iter()
            .map(|b| b.draft.sources.clone())
            .collect::<Vec<_>>(),
        [
            vec![src("LTN", Some("2020-11-30"), None)],
            vec![src("HK01", None, Some("https://bit.ly/x"))],
            vec![src("Caixin", None, None)],
        ]
    );
    assert_eq!(
        parsed.warnings,
        [
            warning(
                5,
                "\"LTN: Huawei Western Europe Sales Are in Free Fall\": no URL for source \"LTN\""
            ),
            warning(
                11,
                "\"HK01: Japan Decommissions Drones\": no date for source \"HK01\""
            ),
            warning(
                18,
                "\"No Source Either Way\": no date for source \"Caixin\""
            ),
            warning(18, "\"No Source Either Way\": no URL for source \"Caixin\""),
        ]
    );
}

#[test]
fn source_without_outlet_uses_the_url_host() {
    let parsed = parse(
        "H\n\nB.\n\nSource: https://www.rfa.org/a.html\n\nI\n\nC.\n\nSource: November 27, 2020\nhttps://www.rfa.org/b.html\n\nJ\n\nD.\n\nSource: November 27, 2020\n",
    );
    assert_eq!(
        parsed
            .briefs
            .iter()
            .map(|b| b.draft.sources.clone())
            .collect::<Vec<_>>(),
        [
            vec![src("rfa.org", None, Some("https://www.rfa.org/a.html"))],
            vec![src(
                "rfa.org",
                Some("2020-11-27"),
                Some("https://www.rfa.org/b.html")
            )],
            vec![],
        ]
    );
    assert_eq!(
        parsed.warnings,
        [
            warning(
                5,
                "\"H\": the Source line names no outlet; used \"rfa.org\" from the URL"
            ),
            warning(5, "\"H\": no date for source \"rfa.org\""),
            warning(
                11,
                "\"I\": the Source line names no outlet; used \"rfa.org\" from the URL"
            ),
            warning(
                18,
                "\"J\": source \"November 27, 2020\" names no outlet and has no URL; left out"
            ),
        ]
    );
}

#[test]
fn invalid_urls_are_left_out_with_a_warning() {
    let parsed = parse("H\n\nB.\n\nSource: LTN, Nov 30, 2020\nhttps://\n");
    assert_eq!(
        parsed.briefs[0].draft.sources,
        [src("LTN", Some("2020-11-30"), None)]
    );
    assert_eq!(
        parsed.warnings,
        [
            warning(5, "\"H\": no URL for source \"LTN\""),
            warning(6, "\"H\": \"https://\" is not an http(s) URL; left out"),
        ]
    );
}

#[test]
fn crlf_line_endings_and_a_bom() {
    let text = include_str!("fixtures/briefing-house-style.txt");
    let lf = parse(text);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    assert_eq!(
        unplaced(import::parse(&bytes, ImportFormat::Text).unwrap()),
        lf
    );
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r").as_bytes());
    assert_eq!(
        unplaced(import::parse(&bytes, ImportFormat::Auto).unwrap()),
        lf
    );
}

#[test]
fn non_breaking_spaces_count_as_spaces_in_structure_lines_only() {
    let parsed = parse(
        "\u{a0}Skip to content\u{a0}\n\u{a0}\n  RFA:\u{a0}Pilot  Program \n \u{a0} \n\
         Prices rose 5\u{a0}percent in\u{a0}Fujian.\u{a0}\n\u{a0}\n\
         Source:\u{a0}Radio\u{a0}Free Asia,\u{a0}November\u{a0}27,\u{a0}2020\u{a0}\n\
         \u{a0}https://www.rfa.org/a.html\u{a0}\n",
    );
    assert_eq!(parsed.warnings, []);
    assert_eq!(parsed.skipped, [skipped(1, "Skip to content", CHROME)]);
    assert_eq!(
        parsed.briefs,
        [brief(
            3,
            "RFA: Pilot Program",
            // Inside body text a non-breaking space is the editor's choice and stays.
            "Prices rose 5\u{a0}percent in\u{a0}Fujian.",
            vec![src(
                "Radio Free Asia",
                Some("2020-11-27"),
                Some("https://www.rfa.org/a.html")
            )],
        )]
    );
}

#[test]
fn cjk_text_and_full_width_colon() {
    let parsed = parse(
        "香港01：日本決定停用中國製無人機\n\n據報道，日本政府決定更換各地方政府使用的中國製無人機。\n\n\
         Source：HK01, November 30, 2020\nhttps://bit.ly/36KfyBC\n\n\
         新华社：上海启动数据跨境试点\n\n新华社报道，上海临港新片区启动试点。\n\n\
         来源：新华社，2021年3月3日\nhttp://www.xinhuanet.com/a.htm\n",
    );
    assert_eq!(parsed.warnings, []);
    assert_eq!(
        parsed.briefs,
        [
            brief(
                1,
                "香港01：日本決定停用中國製無人機",
                "據報道，日本政府決定更換各地方政府使用的中國製無人機。",
                vec![src(
                    "HK01",
                    Some("2020-11-30"),
                    Some("https://bit.ly/36KfyBC")
                )],
            ),
            brief(
                8,
                "新华社：上海启动数据跨境试点",
                "新华社报道，上海临港新片区启动试点。",
                vec![src(
                    "新华社",
                    Some("2021-03-03"),
                    Some("http://www.xinhuanet.com/a.htm")
                )],
            ),
        ]
    );
}

#[test]
fn quotations_stay_as_written() {
    let draft = only_brief(
        "Headline With “Quotes”\n\n\
         He said, “No.” She said \"yes\" and 'maybe'.\n\n\
         “A paragraph that is all quotation stays a paragraph.”\n\n\
         > A marked quotation\nthat runs over two lines.\n>\n> And a second paragraph.\n\n\
         >Unspaced marker.\n\n\
         Source: LTN, Nov 30, 2020\nhttps://ltn.com.tw/a\n",
    );
    assert_eq!(draft.headline, "Headline With “Quotes”");
    assert_eq!(
        draft.body,
        "He said, “No.” She said \"yes\" and 'maybe'.\n\n\
         “A paragraph that is all quotation stays a paragraph.”\n\n\
         > A marked quotation\n> that runs over two lines.\n>\n> And a second paragraph.\n\n\
         >Unspaced marker."
    );
}

#[test]
fn wrapped_lines_stay_in_their_paragraph() {
    let draft = only_brief(
        "Headline\nFirst body line right under it\ncontinues here.\n\n\
         \tIndented paragraph.\n\n\n\nAfter several blank lines.\n\n\
         Source: LTN, Nov 30, 2020\nhttps://ltn.com.tw/a\n",
    );
    assert_eq!(draft.headline, "Headline");
    assert_eq!(
        draft.body,
        "First body line right under it\ncontinues here.\n\nIndented paragraph.\n\nAfter several blank lines."
    );
}

#[test]
fn chrome_before_between_and_after_briefs_is_skipped() {
    let parsed = parse(
        "Skip to main content\nMenu\n\nHome\n\nFirst\n\nBody.\n\nSource: LTN, Nov 30, 2020\nhttps://ltn.com.tw/a\n\n\
         Share this:\n\nPrint\n\nAdvertisement\n\nSecond\n\nBody.\n\nSource: HK01, Nov 30, 2020\nhttps://hk01.com/b\n\n\
         Back to top\n\n",
    );
    assert_eq!(parsed.warnings, []);
    assert_eq!(
        parsed
            .briefs
            .iter()
            .map(|b| (b.line, b.draft.headline.as_str()))
            .collect::<Vec<_>>(),
        [(6, "First"), (19, "Second")]
    );
    assert_eq!(
        parsed.skipped,
        [
            skipped(1, "Skip to main content", CHROME),
            skipped(2, "Menu", CHROME),
            skipped(4, "Home", CHROME),
            skipped(13, "Share this:", CHROME),
            skipped(15, "Print", CHROME),
            skipped(17, "Advertisement", CHROME),
            skipped(26, "Back to top", CHROME),
        ]
    );
}

#[test]
fn a_title_line_before_the_first_brief_is_skipped() {
    let parsed = parse(
        "China Briefing\n\nRFA: Ministry Announces Internet ID Card Pilot\n\nThe ministry said so.\n\n\
         Source: Radio Free Asia, November 27, 2020\nhttps://rfa.org/a\n",
    );
    assert_eq!(
        parsed.skipped,
        [skipped(
            1,
            "China Briefing",
            "text before the first brief's headline"
        )]
    );
    assert_eq!(parsed.briefs[0].line, 3);
    assert_eq!(parsed.briefs[0].draft.body, "The ministry said so.");
    // A short headline followed by its body is not mistaken for a title.
    let draft = only_brief(
        "Huawei Sales Fall\n\nBy Lin Mei\n\nSales halved.\n\nSource: LTN, Nov 30, 2020\nhttps://ltn.com.tw/a\n",
    );
    assert_eq!(draft.headline, "Huawei Sales Fall");
}

#[test]
fn text_after_the_last_source_is_kept_or_reported() {
    let parsed = parse(
        "First\n\nBody.\n\nSource: LTN, Nov 30, 2020\nhttps://ltn.com.tw/a\n\n\
         Unfinished Brief\n\nIts body, still without a source.\n\nSecond paragraph.\n",
    );
    assert_eq!(parsed.briefs.len(), 2);
    assert_eq!(
        parsed.briefs[1],
        brief(
            8,
            "Unfinished Brief",
            "Its body, still without a source.\n\nSecond paragraph.",
            vec![],
        )
    );
    assert_eq!(
        parsed.warnings,
        [warning(
            8,
            "\"Unfinished Brief\": no Source line; imported without a source"
        )]
    );
    let parsed = parse(
        "First\n\nBody.\n\nSource: LTN, Nov 30, 2020\nhttps://ltn.com.tw/a\n\n© 2020 Some Newspaper\n",
    );
    assert_eq!(parsed.briefs.len(), 1);
    assert_eq!(
        parsed.skipped,
        [skipped(
            8,
            "© 2020 Some Newspaper",
            "a single line with no body and no Source line; not a brief"
        )]
    );
}

#[test]
fn text_with_no_source_lines_is_one_brief() {
    let parsed = parse("Just a Headline\n\nAnd a paragraph.\n");
    assert_eq!(
        parsed.briefs,
        [brief(1, "Just a Headline", "And a paragraph.", vec![])]
    );
    assert_eq!(parsed.warnings.len(), 1);
}

#[test]
fn source_lines_with_no_brief_are_reported() {
    let parsed = parse(
        "Skip to content\n\nSource: LTN, Nov 30, 2020\nhttps://ltn.com.tw/a\n\n\
         First\n\nBody.\n\nSource: HK01, Nov 30, 2020\nhttps://hk01.com/b\n",
    );
    assert_eq!(parsed.briefs.len(), 1);
    assert_eq!(parsed.briefs[0].line, 6);
    assert_eq!(
        parsed.skipped,
        [
            skipped(1, "Skip to content", CHROME),
            skipped(
                3,
                "Source: LTN, Nov 30, 2020",
                "a Source line with no brief before it"
            ),
            skipped(
                4,
                "https://ltn.com.tw/a",
                "a URL after a Source line with no brief before it"
            ),
        ]
    );
}

#[test]
fn a_second_source_line_adds_to_the_same_brief() {
    let draft = only_brief(
        "H\n\nB.\n\nSource: LTN, Nov 30, 2020\nSource: HK01, Dec 1, 2020\nhttps://ltn.com.tw/a\nhttps://hk01.com/b\n",
    );
    assert_eq!(
        draft.sources,
        [
            src("LTN", Some("2020-11-30"), Some("https://ltn.com.tw/a")),
            src("HK01", Some("2020-12-01"), Some("https://hk01.com/b")),
        ]
    );
    let draft = only_brief(
        "H\n\nB.\n\nSource: LTN, Nov 30, 2020\nhttps://ltn.com.tw/a\n\nSource: HK01, Dec 1, 2020\nhttps://hk01.com/b\n",
    );
    assert_eq!(draft.sources.len(), 2);
}

#[test]
fn source_label_alone_on_its_line() {
    let draft =
        only_brief("H\n\nB.\n\nSource:\nRadio Free Asia, November 27, 2020\nhttps://rfa.org/a\n");
    assert_eq!(
        draft.sources,
        [src(
            "Radio Free Asia",
            Some("2020-11-27"),
            Some("https://rfa.org/a")
        )]
    );
}

#[test]
fn ten_thousand_briefs_parse_in_order() {
    let mut text = String::from("Skip to content\n\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "Brief Number {i}: Ministry Announces Internet ID Card Pilot\n\n\
             The ministry announced a pilot program on “Internet ID Cards” in two provinces.\n\n\
             > A marked quotation from the announcement.\n\n\
             Source: Radio Free Asia, November 27, 2020\n\
             https://www.rfa.org/mandarin/{i}.html\n\n"
        ));
    }
    assert!(text.len() < import::MAX_IMPORT_BYTES);
    // Speed is measured by `cargo xtask bench` (benches/transfer.rs), not here.
    let parsed = import::parse(text.as_bytes(), ImportFormat::Text).unwrap();
    assert_eq!(parsed.briefs.len(), 10_000);
    assert_eq!(parsed.warnings, []);
    assert_eq!(
        parsed.briefs[9_999].draft.sources[0].url.as_deref(),
        Some("https://www.rfa.org/mandarin/9999.html")
    );
}

/// Lines an editor's paste is made of, tricky ones included.
const PIECES: &[&str] = &[
    "",
    " \u{a0} ",
    "Skip to content",
    "Share this:",
    "China Held a Think Tank Forum in Beijing",
    "香港01：日本決定停用中國製無人機",
    "The ministry said “the pilot is voluntary.”",
    "> A marked quotation",
    "continued on a second line",
    "Source: Radio Free Asia, November 27, 2020",
    "Sources: LTN, Nov 30, 2020; HK01, 2020/11/30",
    "Source: Reuters, Hong Kong, February 30, 2020, https://reuters.com/a",
    "Source:",
    "Source：",
    "https://www.rfa.org/a.html",
    "http://",
    "https://bit.ly/x y",
    "Back to top",
    "© 2020 Some Newspaper",
];

proptest! {
    /// Whatever the mix, parsing does not panic and no line of text is lost.
    #[test]
    fn no_line_is_lost(
        picks in proptest::collection::vec((0..PIECES.len(), ".{0,12}", any::<bool>()), 0..40)
    ) {
        let lines: Vec<String> = picks
            .iter()
            .map(|(i, noise, add)| format!("{}{}", PIECES[*i], if *add { noise } else { "" }))
            .collect();
        check_no_line_is_lost(&lines.join("\n"))?;
    }
}

const HEADLINES: &[&str] = &[
    "RFA: Ministry Announces Internet ID Card Pilot",
    "Global Times: German Government Called Off Chinese Acquisition",
    "香港01：日本決定停用中國製無人機",
    "U.S. Terminates Five Programs Disguised as “Cultural Exchanges”",
    "EU Adopts its Own ‘Magnitsky’ Act",
];

const PARAGRAPHS: &[&str] = &[
    "The ministry said the pilot is voluntary.",
    "“We are not leaving China,” one executive said.",
    "> A marked quotation from the announcement.",
    "Sales fell by a third in the quarter, the paper reported.",
    "据报道，日本政府决定更换无人机。",
];

const CLUTTER: &[&str] = &[
    "",
    "Advertisement",
    "By Reuters Staff",
    "3 Min Read",
    "Share this:",
];

proptest! {
    /// However many stories lack their Source line, each is its own brief, in order, with its
    /// own body; the ones without a source are named in a warning on their headline's line.
    #[test]
    fn every_story_is_its_own_brief(
        stories in proptest::collection::vec(
            (0..HEADLINES.len(), proptest::collection::vec(0..PARAGRAPHS.len(), 1..4),
             any::<bool>(), 0..CLUTTER.len()),
            1..8,
        )
    ) {
        let mut text = String::new();
        let mut line = 1;
        let mut want = Vec::new();
        for (n, (h, paragraphs, sourced, clutter)) in stories.iter().enumerate() {
            if !CLUTTER[*clutter].is_empty() {
                text.push_str(&format!("{}\n\n", CLUTTER[*clutter]));
                line += 2;
            }
            let headline = HEADLINES[*h];
            text.push_str(&format!("{headline}\n\n"));
            let body: Vec<&str> = paragraphs.iter().map(|&p| PARAGRAPHS[p]).collect();
            text.push_str(&body.join("\n\n"));
            text.push_str("\n\n");
            want.push((line, headline, body.join("\n\n"), *sourced));
            line += 2 + 2 * body.len();
            if *sourced {
                text.push_str(&format!("Source: LTN, Nov 30, 2020\nhttps://ltn.com.tw/{n}\n\n"));
                line += 3;
            }
        }
        let parsed = parse(&text);
        let got: Vec<(usize, &str, &str, bool)> = parsed
            .briefs
            .iter()
            .map(|b| (b.line, b.draft.headline.as_str(), b.draft.body.as_str(), !b.draft.sources.is_empty()))
            .collect();
        let want_ref: Vec<(usize, &str, &str, bool)> =
            want.iter().map(|(l, h, b, s)| (*l, *h, b.as_str(), *s)).collect();
        prop_assert_eq!(got, want_ref);
        let unsourced: Vec<usize> = want.iter().filter(|w| !w.3).map(|w| w.0).collect();
        let warned: Vec<usize> = parsed.warnings.iter().map(|w| w.line).collect();
        prop_assert_eq!(warned, unsourced);
    }
}

/// Every non-blank line that is not a Source line shows up in a brief, a skipped entry or a
/// warning.
fn check_no_line_is_lost(text: &str) -> Result<(), TestCaseError> {
    let Ok(parsed) = import::parse(text.as_bytes(), ImportFormat::Text) else {
        // Empty or otherwise refused input: nothing to account for.
        return Ok(());
    };
    let mut seen = String::new();
    for brief in &parsed.briefs {
        seen.push_str(&brief.draft.headline);
        seen.push('\n');
        seen.push_str(&brief.draft.body);
        seen.push('\n');
        for source in &brief.draft.sources {
            seen.push_str(&source.outlet);
            seen.push(' ');
            seen.push_str(source.url.as_deref().unwrap_or(""));
            seen.push('\n');
        }
    }
    for s in &parsed.skipped {
        seen.push_str(&s.text);
        seen.push('\n');
    }
    for w in &parsed.warnings {
        seen.push_str(&w.message);
        seen.push('\n');
    }
    let normal = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let seen = normal(&seen);
    let invisible = |c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    };
    let mut after_bare_label = false;
    for line in text.split(['\n', '\r']) {
        let trimmed = line.trim_matches(invisible);
        let label = trimmed.to_lowercase().starts_with("source");
        let bare_label = label
            && trimmed
                .trim_end_matches([':', '：', ' '])
                .eq_ignore_ascii_case("source");
        // The line after a bare "Source:" may be read as its content.
        if trimmed.is_empty() || label || after_bare_label {
            after_bare_label = bare_label || (after_bare_label && trimmed.is_empty());
            continue;
        }
        let wanted = normal(trimmed);
        // A colon ending a headline's line only marks it as one ("Headline:" then the body); the
        // headline is stored without it.
        let wanted = wanted
            .trim_start_matches('>')
            .trim_end_matches([':', '：'])
            .trim();
        prop_assert!(
            seen.contains(wanted),
            "line {trimmed:?} is lost in {parsed:#?}"
        );
    }
    Ok(())
}
