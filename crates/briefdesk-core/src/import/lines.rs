//! What a single line of pasted text is: page chrome, a URL, a headline-shaped line; and the
//! whitespace pasted text carries. Shared by the house reader and the layout reader.

/// Lines pasted from web pages that are navigation, not news. Compared lowercased, without a
/// trailing colon or period.
const CHROME_LINES: &[&str] = &[
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "jump to content",
    "jump to navigation",
    "menu",
    "main menu",
    "home",
    "search",
    "close",
    "share",
    "share this",
    "share this article",
    "print",
    "advertisement",
    "back to top",
    "return to top",
    "sponsored",
    "sponsored content",
    "related",
    "related articles",
    "related stories",
    "read more",
    "continue reading",
    "listen to this article",
    "subscribe",
    "comments",
    "more",
    "top",
    "mehr",
    "weiterlesen",
    "lire la suite",
    "en savoir plus",
    "leer más",
    "seguir leyendo",
    "подробнее",
    "читать далее",
    "続きを読む",
    "阅读全文",
    "查看全文",
];

/// The URL if the line is one http(s) URL and nothing else (`<…>` around it allowed).
pub(super) fn url_line(line: &str) -> Option<&str> {
    let text = line.trim_matches(is_space);
    let text = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(text);
    let scheme = text.get(..8)?.to_ascii_lowercase();
    let is_url = scheme == "https://" || scheme.starts_with("http://");
    (is_url && !text.contains(char::is_whitespace)).then_some(text)
}

/// The host of a URL without "www.", to name an outlet the editor left out.
pub(super) fn host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// The chrome lines, matched whole and case-insensitively.
pub(super) fn is_chrome(line: &str) -> bool {
    let text = line
        .trim_matches(is_space)
        .trim_matches(['^', '↑'])
        .trim_end_matches([':', '.', '…', '»', '›', '→'])
        .trim_matches(is_space);
    // Every chrome line is short; skip the lowercase copy for real text.
    if text.len() > 64 {
        return false;
    }
    let lower = one_line(text).to_lowercase();
    CHROME_LINES.contains(&lower.as_str())
        || lower.starts_with("click here")
        || is_reading_time(&lower)
        || is_staff_byline(&lower)
}

/// "3 min read", "5 minute read", "2 mins read".
fn is_reading_time(lower: &str) -> bool {
    let Some((number, rest)) = lower.split_once(' ') else {
        return false;
    };
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && matches!(
            rest,
            "min read" | "mins read" | "minute read" | "minutes read" | "min. read"
        )
}

/// A newsroom's byline rather than a writer's: "By Reuters Staff", "Reuters Staff", "By AP
/// staff writers". A person's byline ("By Lin Mei") may be part of the story and stays.
fn is_staff_byline(lower: &str) -> bool {
    let name = lower.strip_prefix("by ").unwrap_or(lower);
    let words = name.split(' ').count();
    (2..=5).contains(&words)
        && [
            " staff",
            " staff writer",
            " staff writers",
            " staff reporter",
            " staff reporters",
            " newsroom",
        ]
        .iter()
        .any(|tail| name.ends_with(tail))
}

/// A line that reads as a headline: short, starting with a capital (or a script without case),
/// not a quotation or list item, and not ending as a sentence does. A closing quote at the end
/// is allowed ("… Disguised as “Cultural Exchanges”").
pub(super) fn is_headline_shaped(line: &str) -> bool {
    let text = line.trim_matches(is_space);
    let Some(first) = text.chars().find(|c| c.is_alphanumeric()) else {
        return false;
    };
    if first.is_lowercase()
        || text.starts_with(['>', '-', '*', '•', '(', '[', '“', '"', '「'])
        || url_start(text).is_some()
    {
        return false;
    }
    let words = text.split_whitespace().count();
    if words > 20 || text.chars().count() > 160 {
        return false;
    }
    let end = text.trim_end_matches(['”', '"', '’', '\'', '」', '』', ')', '）']);
    !end.ends_with([
        '.', '!', '?', ':', ';', ',', '…', '。', '！', '？', '：', '；', '，',
    ])
}

pub(super) fn ends_like_sentence(line: &str) -> bool {
    line.trim_end_matches(is_space).ends_with([
        '.', '!', '?', ':', '…', '"', '”', '\'', '’', ')', '。', '！', '？', '：', '）', '」', '』',
    ])
}

/// Whitespace of any kind (NBSP included), and the invisible characters pasted text carries.
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

pub(super) fn is_blank(line: &str) -> bool {
    line.chars().all(is_space)
}

/// A structure line with every kind of space made a plain space and invisible characters gone.
pub(super) fn spaces_only(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_space(c) || c.is_whitespace())
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// Collapses runs of whitespace (NBSP included) to one space, as the library does for headlines.
pub(super) fn one_line(text: &str) -> String {
    crate::validate::one_line(text)
}

/// Where an http(s) URL starts in a word, if one does.
pub(super) fn url_start(word: &str) -> Option<usize> {
    let lower = word.to_ascii_lowercase();
    let at = lower.find("https://").or_else(|| lower.find("http://"))?;
    // Only when the URL is not glued to a letter ("xhttp://" is no URL).
    let before = word[..at].chars().next_back();
    before.is_none_or(|c| !c.is_alphanumeric()).then_some(at)
}

/// A headline for a message, in quotes and cut short when long.
pub(super) fn quoted(headline: &str) -> String {
    const MAX: usize = 60;
    if headline.chars().count() <= MAX {
        format!("\"{headline}\"")
    } else {
        let cut: String = headline.chars().take(MAX - 1).collect();
        format!("\"{}…\"", cut.trim_end())
    }
}
