//! What one line of another newsroom's briefing says: a date, an "Author, Outlet | Topic | Date"
//! line, a list of outlets, a numbered or tagged headline, a paper's name over its headlines.

use chrono::{Datelike, NaiveDate};

use super::super::dates::{DateRead, read_date};
use super::super::lines::{is_space, url_start};

/// A date somewhere in a line, with where it is (byte range).
pub(super) struct FoundDate {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
}

/// The first date written in `line`: a run of up to six words that reads as a date ("samedi 19
/// décembre 2020", "17 декабря 2020, Четверг, 19:41"), or a Chinese/Japanese one
/// ("2020年12月30日", or "12月1日" in `year`).
pub(super) fn find_date(line: &str, year: Option<i32>) -> Option<FoundDate> {
    if let Some(found) = find_cjk_date(line, year) {
        return Some(found);
    }
    let words = word_spans(line);
    for i in 0..words.len() {
        // The longest run first, so "19 décembre 2020" wins over "2020".
        for len in (1..=6.min(words.len() - i)).rev() {
            let (start, end) = (words[i].0, words[i + len - 1].1);
            if let DateRead::Date(date) = read_date(&line[start..end], true) {
                return Some(FoundDate { date, start, end });
            }
        }
    }
    None
}

/// Byte ranges of the words of `line` (split at spaces and commas).
fn word_spans(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, c) in line.char_indices() {
        let sep = is_space(c) || matches!(c, ',' | '，' | '(' | ')' | '（' | '）' | '|');
        match (sep, start) {
            (true, Some(s)) => {
                spans.push((s, at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, line.len()));
    }
    spans
}

/// "2020年12月3日" anywhere in a line, or "12月3日" when the page gave the year.
fn find_cjk_date(line: &str, year: Option<i32>) -> Option<FoundDate> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let number_before = |end: usize| -> Option<(usize, u32)> {
        // The digits ending just before char index `end`, as (first char index, value).
        let mut start = end;
        while start > 0 && chars[start - 1].1.is_ascii_digit() && end - start < 4 {
            start -= 1;
        }
        let text: String = chars[start..end].iter().map(|(_, c)| c).collect();
        text.parse().ok().map(|v| (start, v))
    };
    for (k, &(_, c)) in chars.iter().enumerate() {
        if c != '日' && c != '号' {
            continue;
        }
        let Some((day_start, day)) = number_before(k) else {
            continue;
        };
        if day_start == 0 || chars[day_start - 1].1 != '月' {
            continue;
        }
        let Some((month_start, month)) = number_before(day_start - 1) else {
            continue;
        };
        let end = chars.get(k + 1).map_or(line.len(), |(at, _)| *at);
        let written_year = (month_start > 0 && chars[month_start - 1].1 == '年')
            .then(|| number_before(month_start - 1))
            .flatten()
            .filter(|(start, y)| *y >= 1000 && month_start - 1 - start == 4);
        let (start, y) = match written_year {
            Some((start, y)) => (start, i32::try_from(y).ok()?),
            None => (month_start, year?),
        };
        if let Some(date) = NaiveDate::from_ymd_opt(y, month, day) {
            return Some(FoundDate {
                date,
                start: chars[start].0,
                end,
            });
        }
    }
    None
}

/// A year named in a page title ("2020年12月に話題になったニュース", "News of 2020").
pub(super) fn find_year(line: &str) -> Option<i32> {
    if let Some(found) = find_date(line, None) {
        return Some(found.date.year());
    }
    let bytes = line.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|at| {
        let digits = bytes.get(at..at + 4)?;
        let alone = |i: Option<&u8>| i.is_none_or(|b| !b.is_ascii_digit());
        let starts = at == 0 || alone(bytes.get(at - 1));
        (starts && digits.iter().all(u8::is_ascii_digit) && alone(bytes.get(at + 4)))
            .then(|| line[at..at + 4].parse().ok())
            .flatten()
            .filter(|y| (1900..=2100).contains(y))
    })
}

/// A line that is a date and little else: the date starts the line (after a weekday) and what
/// follows is a byline or a time ("31 декабря 2020, 13:38 Текст: Елизавета Булкина").
pub(super) fn date_line(line: &str, year: Option<i32>) -> Option<NaiveDate> {
    let text = line.trim_matches(is_space);
    let found = find_date(text, year)?;
    let before = text[..found.start].trim_matches(|c: char| is_space(c) || c == ',');
    let after = text[found.end..].trim_matches(|c: char| is_space(c) || c == ',');
    let short_rest = after.chars().count() <= 40 && !after.ends_with(['.', '。', '!', '?']);
    (before.is_empty() && short_rest).then_some(found.date)
}

/// A time of day and nothing else: "19:41 Uhr", "10:45", "9h15", "16.19 Uhr", "3:05 pm".
pub(super) fn is_time_line(line: &str) -> bool {
    leading_time(line.trim_matches(is_space)).is_some_and(str::is_empty)
}

/// The text after a leading time of day ("16.19 Uhr: Headline" gives "Headline").
pub(super) fn leading_time(text: &str) -> Option<&str> {
    let digits = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | 'h')))
        .unwrap_or(text.len());
    let time = &text[..end];
    let sep = time.chars().find(|c| matches!(c, ':' | '.' | 'h'))?;
    let mut parts = time.split(sep);
    let (hours, minutes) = (parts.next()?, parts.next()?);
    let seconds_ok = parts.next().is_none_or(digits);
    if !(digits(hours) && digits(minutes) && seconds_ok && parts.next().is_none()) {
        return None;
    }
    let mut rest = text[end..].trim_start_matches(is_space);
    for word in [
        "Uhr", "uhr", "h", "am", "pm", "AM", "PM", "MEZ", "GMT", "UTC",
    ] {
        if let Some(after) = rest.strip_prefix(word)
            && after.chars().next().is_none_or(|c| !c.is_alphanumeric())
        {
            rest = after.trim_start_matches(is_space);
            break;
        }
    }
    // "16.19 Uhr: Headline", "10:45 — Headline": the separator is not the headline's.
    let rest = rest
        .trim_start_matches([':', '-', '–', '—', '|'])
        .trim_start_matches(is_space);
    // "16.12.2020" is a date, not a time with text after it.
    (sep != '.' || !rest.starts_with(|c: char| c.is_ascii_digit())).then_some(rest)
}

/// "Eleanor Ainge Roy, The Guardian | Possum War | July 5, 2017" or "Reuters | 2020/12/27":
/// pipe-separated parts, one of them a date; the outlet is the first part (after its author).
pub(super) fn meta_line(line: &str) -> Option<(String, NaiveDate)> {
    if !line.contains('|') {
        return None;
    }
    let parts: Vec<&str> = line.split('|').map(|p| p.trim_matches(is_space)).collect();
    let date = parts.iter().find_map(|p| match read_date(p, true) {
        DateRead::Date(date) => Some(date),
        _ => None,
    })?;
    let first = parts.first().copied().unwrap_or_default();
    let outlet = first.rsplit([',', '，']).next().unwrap_or(first).trim();
    (!outlet.is_empty() && read_date(first, true) == DateRead::NotADate)
        .then(|| (outlet.to_string(), date))
}

/// "📰 El País, ABC": the outlets an item draws on, listed on a line of their own.
pub(super) fn outlets_line(line: &str) -> Option<Vec<String>> {
    let rest = line.trim_matches(is_space).strip_prefix(['📰', '🗞'])?;
    let rest = rest.trim_start_matches(|c: char| is_space(c) || c == '\u{FE0F}');
    let outlets: Vec<String> = rest
        .split([',', '，', ';', '、'])
        .map(|o| o.trim_matches(is_space).to_string())
        .filter(|o| !o.is_empty())
        .collect();
    (!outlets.is_empty()).then_some(outlets)
}

/// The headline of a numbered line ("1. Headline", "3、标题", "二、标题"), without its number.
pub(super) fn numbered(line: &str) -> Option<&str> {
    let text = line.trim_start_matches(is_space);
    let digits = text
        .find(|c: char| !(c.is_ascii_digit() || "一二三四五六七八九十".contains(c)))
        .filter(|&n| n > 0 && n <= 9)?;
    let rest = &text[digits..];
    let rest = rest.strip_prefix(['.', '、', ')', '．', '）'])?;
    // "1.5 million…" is a number, not a numbering.
    let rest_trim = rest.trim_start_matches(is_space);
    (!rest_trim.is_empty() && !rest_trim.starts_with(|c: char| c.is_ascii_digit()))
        .then_some(rest_trim)
}

/// "【社会】Headline": the bracketed label (a tag) and the rest.
pub(super) fn tagged(line: &str) -> Option<(&str, &str)> {
    let text = line.trim_start_matches(is_space);
    let rest = text.strip_prefix('【')?;
    let (tag, headline) = rest.split_once('】')?;
    let headline = headline.trim_matches(is_space);
    (!tag.is_empty() && tag.chars().count() <= 12 && !headline.is_empty())
        .then_some((tag, headline))
}

/// A date in brackets closing a headline ("…実刑判決(12月2日)", "… (Dec. 2, 2020)"): the
/// headline without it and the date.
pub(super) fn trailing_date(headline: &str, year: Option<i32>) -> Option<(&str, NaiveDate)> {
    let text = headline.trim_end_matches(is_space);
    let inner_end = text.strip_suffix([')', '）'])?;
    let open = inner_end.rfind(['(', '（'])?;
    let inner = &inner_end[open..];
    let inner = inner.trim_start_matches(['(', '（']);
    let found = find_date(inner, year)?;
    // The brackets hold the date and nothing more.
    (found.start == 0 && inner[found.end..].trim().is_empty())
        .then(|| (text[..open].trim_end_matches(is_space), found.date))
}

/// Endings of outlets' names: a short line ending so, alone, is a paper's name over its
/// headlines (`毎日新聞`), not a headline.
const OUTLET_ENDINGS: &[&str] = &[
    "新聞",
    "新闻",
    "日報",
    "日报",
    "通信",
    "通讯社",
    "晚报",
    "時報",
    "时报",
    "新報",
    " Times",
    " Post",
    " Journal",
    " Herald",
    " Tribune",
    " Gazette",
    " News",
    " Zeitung",
    " Rundschau",
    " Allgemeine",
    " Anzeiger",
    " Kurier",
    " Tagblatt",
    " Tageblatt",
    " Presse",
    " Monde",
    " Figaro",
    " País",
    " Mundo",
    " Guardian",
    " Telegraph",
    " Economist",
    " Express",
    " Mail",
];

/// Whether a short line alone names an outlet (a paper's name heading its headlines).
pub(super) fn is_outlet_name(line: &str) -> bool {
    let text = line.trim_matches(is_space);
    let short = text.chars().count() <= 30 && text.split_whitespace().count() <= 4;
    short
        && !text.ends_with(['.', '。', ':', '：', '?', '!'])
        && OUTLET_ENDINGS.iter().any(|end| text.ends_with(end))
}

/// "Outlet: Headline" (the outlet short and glued to its colon, as German press reviews write
/// "WAZ: …"): the outlet and the headline.
pub(super) fn outlet_prefix(line: &str) -> Option<(&str, &str)> {
    let text = line.trim_matches(is_space);
    let (outlet, rest) = text.split_once(':')?;
    let glued = !outlet.ends_with(is_space);
    let words = outlet.split_whitespace().count();
    let name_like = outlet.chars().next().is_some_and(char::is_uppercase)
        && !outlet.contains(['.', ',', '?', '!', '"', '“'])
        && url_start(outlet).is_none();
    let rest = rest.trim_matches(is_space);
    (glued
        && (1..=4).contains(&words)
        && outlet.chars().count() <= 30
        && name_like
        && !rest.is_empty())
    .then_some((outlet, rest))
}

/// "Headline (Outlet)", "Headline — Outlet", "Headline: Outlet": the headline and the outlet,
/// which is short and starts with a capital.
pub(super) fn outlet_suffix(line: &str) -> Option<(&str, &str)> {
    let text = line.trim_matches(is_space);
    let split = if let Some(inner) = text.strip_suffix(')') {
        let open = inner.rfind('(')?;
        Some((&text[..open], &inner[open + 1..]))
    } else {
        [" — ", " – ", " - ", ": "]
            .iter()
            .find_map(|sep| text.rsplit_once(sep))
    };
    let (headline, outlet) = split?;
    let (headline, outlet) = (
        headline.trim_matches(is_space),
        outlet.trim_matches(is_space),
    );
    let words = outlet.split_whitespace().count();
    // An outlet's name is capitalised word by word ("The New York Times", "Le Monde"), save
    // for short joining words; "Tesla mischt beim Impfstoff mit" is a headline's second half.
    let joining = [
        "of", "the", "and", "de", "la", "le", "du", "des", "der", "die", "das", "el", "y",
    ];
    let name_like = outlet
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()) || joining.contains(&w))
        && !outlet.ends_with(['.', '?', '!'])
        && read_date(outlet, true) == DateRead::NotADate;
    ((1..=5).contains(&words) && name_like && headline.split_whitespace().count() >= 2)
        .then_some((headline, outlet))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn dates_are_found_in_lines_in_many_languages() {
        let cases = [
            (
                "Archive actualités du samedi 19 décembre 2020",
                ymd(2020, 12, 19),
            ),
            ("2020年12月30日の社説", ymd(2020, 12, 30)),
            ("2020年12月6日国内外时事政治", ymd(2020, 12, 6)),
            ("23 de mayo de 2025", ymd(2025, 5, 23)),
            ("17 декабря 2020, Четверг, 19:41", ymd(2020, 12, 17)),
            ("Freitag, 13.12.2019", ymd(2019, 12, 13)),
            (
                "Die Presseschau von Freitag, dem 13. November 2020",
                ymd(2020, 11, 13),
            ),
            ("22 décembre 2025 à 15:13", ymd(2025, 12, 22)),
        ];
        for (line, want) in cases {
            assert_eq!(
                find_date(line, None).map(|f| f.date),
                Some(want),
                "{line:?}"
            );
        }
        assert_eq!(
            find_date("ユーキャン新語(12月1日)", Some(2020)).map(|f| f.date),
            Some(ymd(2020, 12, 1))
        );
        assert!(find_date("ユーキャン新語(12月1日)", None).is_none());
    }

    #[test]
    fn date_lines_are_a_date_and_little_else() {
        assert!(date_line("31 декабря 2020, 13:38 Текст: Елизавета Булкина", None).is_some());
        assert!(date_line("17 декабря 2020, Четверг, 19:41", None).is_some());
        assert!(date_line("Die Presseschau von Freitag, dem 13. November 2020", None).is_none());
    }

    #[test]
    fn meta_outlet_and_numbered_lines() {
        assert_eq!(
            meta_line("Eleanor Ainge Roy, The Guardian | Possum War | July 5, 2017"),
            Some(("The Guardian".into(), ymd(2017, 7, 5)))
        );
        assert_eq!(meta_line("Trump | Biden"), None);
        assert_eq!(
            outlets_line("📰 El País, ABC"),
            Some(vec!["El País".into(), "ABC".into()])
        );
        assert_eq!(
            numbered("1. Hermano de Sánchez"),
            Some("Hermano de Sánchez")
        );
        assert_eq!(numbered("3、银保监会依法查处"), Some("银保监会依法查处"));
        assert_eq!(numbered("1.5 million jobs"), None);
        assert_eq!(numbered("2020 was a year"), None);
        assert_eq!(tagged("【社会】見出し"), Some(("社会", "見出し")));
        assert_eq!(
            trailing_date("周庭氏ら実刑判決(12月2日)", Some(2020)),
            Some(("周庭氏ら実刑判決", ymd(2020, 12, 2)))
        );
        assert_eq!(
            outlet_prefix("WAZ: Verunsicherung wächst"),
            Some(("WAZ", "Verunsicherung wächst"))
        );
        assert_eq!(outlet_prefix("Afghanistan : au moins 15 enfants"), None);
        assert_eq!(
            outlet_suffix("Vaccines arrive (Reuters)"),
            Some(("Vaccines arrive", "Reuters"))
        );
        assert_eq!(
            outlet_suffix("Vaccines arrive — Le Monde"),
            Some(("Vaccines arrive", "Le Monde"))
        );
        assert_eq!(
            outlet_suffix("Musk plant Minifabriken: Tesla mischt beim Impfstoff mit"),
            None
        );
        assert!(is_time_line("19:41 Uhr"));
        assert!(is_time_line("9h15"));
        assert!(!is_time_line("16.12.2020"));
        assert_eq!(leading_time("16.19 Uhr: Bahn sinkt"), Some("Bahn sinkt"));
        assert!(is_outlet_name("毎日新聞"));
        assert!(!is_outlet_name("防衛予算 国民の理解深める努力続けよ"));
    }
}
