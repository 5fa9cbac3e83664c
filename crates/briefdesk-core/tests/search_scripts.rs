//! Search in every script the sources are written in (words inside Chinese, Japanese and Korean
//! sentences, in every column), English word forms, and snippets cut around what matched.

mod common;

use briefdesk_core::{BriefDraft, Library};
use common::*;
use uuid::Uuid;

struct Ids {
    chinese: Uuid,
    japanese: Uuid,
    korean: Uuid,
    english: Uuid,
    chinese_in_body: Uuid,
}

fn setup(lib: &mut Library) -> Ids {
    let mut add = |d: BriefDraft| lib.create_brief(&d).expect("a brief").id;
    Ids {
        chinese: add(draft(
            "北京空气污染加剧",
            "据报道，北京的空气污染在冬季加剧，Beijing officials said coal heating was to blame.",
            vec![source("人民日报", "2021-01-05", "https://example.cn/a")],
            &["环境"],
        )),
        japanese: add(draft(
            "東京都、新型コロナ対策を強化",
            "東京都は水曜日、感染拡大を受けて対策を強化すると発表した。",
            vec![source("朝日新聞", "2021-01-06", "https://example.jp/b")],
            &["日本"],
        )),
        korean: add(draft(
            "서울시 미세먼지 비상저감조치 시행",
            "서울시는 오늘 미세먼지 농도가 높아 비상저감조치를 시행한다고 밝혔다.",
            vec![source("연합뉴스", "2021-01-07", "https://example.kr/c")],
            &["한국"],
        )),
        english: add(draft(
            "Treasury Sanctions Officials Over Hong Kong",
            "The sanctions freeze the officials' assets in the United States.",
            vec![source("Reuters", "2021-01-08", "https://example.com/d")],
            &["Sanctions"],
        )),
        chinese_in_body: add(draft(
            "Smog Returns to the Capital",
            "A state paper wrote: 当局承认空气污染仍然严重。",
            vec![source(
                "Global Times",
                "2021-01-09",
                "https://example.com/e",
            )],
            &[],
        )),
    }
}

fn sorted(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids
}

#[test]
fn chinese_japanese_and_korean_words_are_found_inside_sentences_in_every_column() {
    on_both(|lib| {
        let ids = setup(lib);
        // Chinese: a word inside a sentence of the body and of the headline, the outlet, a tag.
        assert_eq!(
            search_ids(lib, "空气污染"),
            [ids.chinese, ids.chinese_in_body],
            "ranked: in the headline first"
        );
        assert_eq!(search_ids(lib, "冬季"), [ids.chinese], "body");
        assert_eq!(search_ids(lib, "人民日报"), [ids.chinese], "outlet");
        assert_eq!(search_ids(lib, "日报"), [ids.chinese], "part of the outlet");
        assert_eq!(search_ids(lib, "环境"), [ids.chinese], "tag");
        // Japanese: kanji, katakana, and a word across kanji and kana.
        assert_eq!(search_ids(lib, "対策"), [ids.japanese]);
        assert_eq!(search_ids(lib, "コロナ"), [ids.japanese]);
        assert_eq!(search_ids(lib, "拡大を受け"), [ids.japanese]);
        assert_eq!(search_ids(lib, "朝日"), [ids.japanese], "outlet");
        assert_eq!(search_ids(lib, "日本"), [ids.japanese], "tag");
        // Korean: words with particles attached ("미세먼지가"), the outlet, a tag.
        assert_eq!(search_ids(lib, "미세먼지"), [ids.korean]);
        assert_eq!(search_ids(lib, "먼지"), [ids.korean]);
        assert_eq!(search_ids(lib, "저감"), [ids.korean]);
        assert_eq!(search_ids(lib, "연합뉴스"), [ids.korean], "outlet");
        assert_eq!(search_ids(lib, "한국"), [ids.korean], "tag");
        // Characters out of order, or not next to each other, are no word of the text.
        assert!(search_ids(lib, "气空").is_empty());
        assert!(search_ids(lib, "空污").is_empty());
    });
}

#[test]
fn one_and_two_character_queries() {
    on_both(|lib| {
        let ids = setup(lib);
        // 京 is in 北京 and in 東京: one character, anywhere in a run, even its last.
        assert_eq!(
            sorted(search_ids(lib, "京")),
            sorted(vec![ids.chinese, ids.japanese])
        );
        assert_eq!(
            search_ids(lib, "剧"),
            [ids.chinese],
            "a run's last character"
        );
        assert_eq!(search_ids(lib, "북"), Vec::<Uuid>::new());
        assert_eq!(search_ids(lib, "울"), [ids.korean]);
        assert_eq!(search_ids(lib, "北京"), [ids.chinese]);
        assert_eq!(search_ids(lib, "서울"), [ids.korean]);
        // Latin letters as typed so far: a prefix from the third letter (text_search::MIN_PREFIX);
        // one or two letters are a whole word, not the start of most of the vocabulary.
        assert!(!search_ids(lib, "t").contains(&ids.english), "t");
        assert!(!search_ids(lib, "tr").contains(&ids.english), "tr");
        assert!(search_ids(lib, "tre").contains(&ids.english), "Treasury");
    });
}

#[test]
fn mixed_queries_need_every_part() {
    on_both(|lib| {
        let ids = setup(lib);
        assert_eq!(search_ids(lib, "beijing 空气"), [ids.chinese]);
        assert_eq!(search_ids(lib, "空气 beijing"), [ids.chinese]);
        assert_eq!(
            search_ids(lib, "Beijing空气污染"),
            [ids.chinese],
            "no space between"
        );
        assert_eq!(search_ids(lib, "smog 严重"), [ids.chinese_in_body]);
        assert!(search_ids(lib, "sanctions 空气").is_empty());
        assert!(
            search_ids(lib, "东京 コロナ").is_empty(),
            "東 and 东 are different characters"
        );
        assert_eq!(search_ids(lib, "東京 コロナ"), [ids.japanese]);
    });
}

#[test]
fn cjk_matches_are_highlighted_in_the_snippet() {
    on_both(|lib| {
        setup(lib);
        let hits = lib.search("空气污染", 10).unwrap();
        assert_eq!(
            hits[0].snippet,
            "据报道，北京的<mark>空气污染</mark>在冬季加剧，Beijing officials said coal heating was to blame."
        );
        assert!(
            hits[1]
                .snippet
                .contains("当局承认<mark>空气污染</mark>仍然严重"),
            "{}",
            hits[1].snippet
        );
        let hits = lib.search("먼지", 10).unwrap();
        assert!(
            hits[0].snippet.contains("미세<mark>먼지</mark> 농도"),
            "{}",
            hits[0].snippet
        );
        let hits = lib.search("日报", 10).unwrap();
        assert!(
            hits[0].snippet.contains("人民<mark>日报</mark>"),
            "an outlet hit shows the outlet: {}",
            hits[0].snippet
        );
    });
}

#[test]
fn english_words_match_their_other_forms() {
    on_both(|lib| {
        let ids = setup(lib);
        for typed in [
            "sanctioned ",
            "sanctioning ",
            "sanction",
            "sanctions",
            "SANCTIONED",
        ] {
            assert!(
                search_ids(lib, typed).contains(&ids.english),
                "{typed:?} finds \"sanctions\""
            );
        }
        assert_eq!(search_ids(lib, "official freezes"), [ids.english]);
        let hits = lib.search("sanctioned ", 10).unwrap();
        assert!(
            hits[0]
                .snippet
                .contains("The <mark>sanctions</mark> freeze"),
            "{}",
            hits[0].snippet
        );
    });
}

#[test]
fn a_snippet_is_cut_around_the_matched_words() {
    on_both(|lib| {
        let mut body = "Earlier paragraphs set the scene at length. ".repeat(12);
        body.push_str("Then the ministry announced export controls on gallium and germanium. ");
        body.push_str(&"Later paragraphs follow with more detail. ".repeat(12));
        let id = lib
            .create_brief(&draft("Minerals", &body, vec![], &[]))
            .unwrap()
            .id;
        let hits = lib.search("gallium", 10).unwrap();
        assert_eq!(hits[0].id, id);
        let snippet = &hits[0].snippet;
        let (before, after) = snippet.split_once("<mark>gallium</mark>").expect(snippet);
        assert!(before.starts_with('…') && after.ends_with('…'), "{snippet}");
        assert!(
            before.ends_with("announced export controls on "),
            "words before the match are kept: {snippet}"
        );
        assert!(after.starts_with(" and germanium."), "{snippet}");
        assert!(
            !before.trim_start_matches('…').starts_with(' '),
            "cut at a word: {snippet}"
        );
        assert!(snippet.chars().count() < 200, "{snippet}");
    });
}
