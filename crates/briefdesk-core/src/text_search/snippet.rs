//! A hit's snippet: a short stretch of its text around the first matched words, escaped for
//! HTML, with every matched word inside it in `<mark>`.

use super::terms::{Term, is_cjk, is_token_char};

/// Characters of context kept before the first match.
const BEFORE: usize = 30;
/// Characters a snippet holds at most (plus the ellipses).
const LENGTH: usize = 160;

/// The snippet of the first of `columns` (in the order given) where a term matches; the start of
/// the first non-empty column when none does (a match FTS5 found through a word form this
/// highlighter does not know).
pub fn snippet(columns: &[&str], terms: &[Term]) -> String {
    for text in columns {
        let spans = match_spans(text, terms);
        if let Some(first) = spans.first() {
            return cut(text, first.0, &spans);
        }
    }
    columns
        .iter()
        .find(|t| !t.trim().is_empty())
        .map(|text| cut(text, 0, &[]))
        .unwrap_or_default()
}

/// A typed word, with what a word of the text must begin with to be one of its forms.
struct Typed<'a> {
    text: &'a str,
    prefix: bool,
    stem: String,
}

/// Byte ranges of `text` that `terms` match, in order, not overlapping.
fn match_spans(text: &str, terms: &[Term]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let words: Vec<Typed> = terms
        .iter()
        .filter_map(|t| match t {
            Term::Word { text, prefix } => Some(Typed {
                text,
                prefix: *prefix,
                stem: stem(text),
            }),
            Term::Cjk(_) => None,
        })
        .collect();
    if !words.is_empty() {
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            let inside = i < text.len() && is_token_char(c) && !is_cjk(c);
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let word = &text[s..i];
                    // Every form of a typed word begins with its stem: most words of the text
                    // are passed over here, without lowercasing or stemming them.
                    if words.iter().any(|t| begins_with_lowercase(word, &t.stem)) {
                        let word = word.to_lowercase();
                        if words
                            .iter()
                            .any(|t| word_matches(&word, t.text, &t.stem, t.prefix))
                        {
                            spans.push((s, i));
                        }
                    }
                    start = None;
                }
                _ => {}
            }
        }
    }
    for term in terms {
        if let Term::Cjk(run) = term {
            spans.extend(
                text.match_indices(run.as_str())
                    .map(|(i, m)| (i, i + m.len())),
            );
        }
    }
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Whether `word`, lowercased, begins with `lower` (already lowercase). A character at a time,
/// so Greek's final sigma (which `str::to_lowercase` writes ς) counts as σ.
fn begins_with_lowercase(word: &str, lower: &str) -> bool {
    let sigma = |c: char| if c == 'ς' { 'σ' } else { c };
    let mut want = lower.chars().map(sigma);
    for c in word.chars().flat_map(char::to_lowercase).map(sigma) {
        match want.next() {
            None => return true,
            Some(w) if w != c => return false,
            Some(_) => {}
        }
    }
    want.next().is_none()
}

/// Whether a lowercased word of the text is a form of a typed word (`typed_stem` is
/// `stem(typed)`). FTS5's porter stemmer decides what is found; this only needs to agree on the
/// common English forms.
fn word_matches(word: &str, typed: &str, typed_stem: &str, prefix: bool) -> bool {
    if word == typed || (prefix && word.starts_with(typed)) {
        return true;
    }
    let w = stem(word);
    w == typed_stem || (prefix && w.starts_with(typed_stem))
}

/// A rough English stem: the usual inflections off, so that "sanctioned", "sanctions" and
/// "sanction" (or "policy" and "policies") compare equal. It is always a prefix of the word
/// (only endings come off), which `match_spans` relies on.
fn stem(word: &str) -> String {
    let mut w = word.strip_suffix("'s").unwrap_or(word).to_string();
    for suffix in [
        "ingly", "edly", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s",
    ] {
        if let Some(rest) = w.strip_suffix(suffix)
            && rest.chars().count() >= 3
            && !(suffix == "s" && rest.ends_with('s'))
        {
            w = rest.to_string();
            break;
        }
    }
    while w.chars().count() > 3 && (w.ends_with('e') || w.ends_with('y') || w.ends_with('i')) {
        w.pop();
    }
    let chars: Vec<char> = w.chars().collect();
    if let [.., a, b] = chars.as_slice()
        && a == b
        && !"aeiouls".contains(*a)
        && chars.len() > 3
    {
        w.pop();
    }
    w
}

/// The stretch of `text` around byte `from`, escaped, with `spans` marked.
fn cut(text: &str, from: usize, spans: &[(usize, usize)]) -> String {
    let start = start_before(text, from);
    let end = end_after(text, start, spans.first().map_or(from, |s| s.1));
    let mut out = String::with_capacity(end - start + 32);
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for &(s, e) in spans {
        if e <= start || s >= end {
            continue;
        }
        let (s, e) = (s.max(start), e.min(end));
        escape_into(&mut out, &text[at..s]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[s..e]);
        out.push_str("</mark>");
        at = e;
    }
    escape_into(&mut out, &text[at..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

/// Where a snippet whose first match is at `from` starts: up to [`BEFORE`] characters earlier,
/// at a word's start where the text has spaces.
fn start_before(text: &str, from: usize) -> usize {
    let earlier: Vec<(usize, char)> = text[..from].char_indices().collect();
    if earlier.len() <= BEFORE {
        return 0;
    }
    let candidate = earlier[earlier.len() - BEFORE].0;
    match text[candidate..from].find(char::is_whitespace) {
        Some(space) => {
            let after = candidate + space;
            after + text[after..].chars().next().map_or(0, char::len_utf8)
        }
        None => candidate,
    }
}

/// Where a snippet that starts at `start` ends: [`LENGTH`] characters on, never before
/// `at_least`, and at a word's end where the text has spaces.
fn end_after(text: &str, start: usize, at_least: usize) -> usize {
    let Some((limit, _)) = text[start..].char_indices().nth(LENGTH) else {
        return text.len();
    };
    let limit = (start + limit).max(at_least);
    if limit >= text.len() {
        return text.len();
    }
    match text[at_least..limit].rfind(char::is_whitespace) {
        Some(space) if !text[limit..].starts_with(char::is_whitespace) => at_least + space,
        _ => limit,
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::terms;
    use super::*;

    #[test]
    fn word_forms_compare_equal() {
        for (a, b) in [
            ("sanctioned", "sanctions"),
            ("sanction", "sanctioning"),
            ("policy", "policies"),
            ("stopped", "stop"),
            ("rates", "rate"),
        ] {
            assert!(word_matches(a, b, &stem(b), false), "{a} ~ {b}");
            assert!(a.starts_with(&stem(b)) || a.starts_with(&stem(a)), "{a}");
        }
        assert!(!word_matches(
            "sanctuary",
            "sanction",
            &stem("sanction"),
            false
        ));
        assert!(word_matches("sanctions", "sanc", &stem("sanc"), true));
        assert!(begins_with_lowercase("Sanctioned", "sanction"));
        assert!(begins_with_lowercase("ÉTAT", "état"));
        assert!(!begins_with_lowercase("San", "sanction"));
        assert!(begins_with_lowercase("ΟΔΟΣ", &"ΟΔΟΣ".to_lowercase()));
    }

    #[test]
    fn the_snippet_starts_before_the_match_and_marks_it() {
        let body = format!(
            "{} the ministry sanctioned three firms. {}",
            "word ".repeat(40),
            "tail ".repeat(60)
        );
        let s = snippet(&[&body], &terms("sanctions "));
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(
            s.contains("the ministry <mark>sanctioned</mark> three"),
            "{s}"
        );
        assert!(
            !s.contains("wor…") && !s.starts_with("…ord"),
            "cut at a word: {s}"
        );
    }

    #[test]
    fn cjk_words_are_marked_inside_sentences() {
        let body = "据报道，北京的空气污染在冬季加剧。";
        let s = snippet(&[body], &terms("空气污染"));
        assert_eq!(s, "据报道，北京的<mark>空气污染</mark>在冬季加剧。");
        let s = snippet(&["", "人民日报 新疆"], &terms("新 "));
        assert_eq!(s, "人民日报 <mark>新</mark>疆");
    }

    #[test]
    fn escapes_everything_but_the_marks() {
        assert_eq!(
            snippet(&["a <b> hit & 'c'"], &terms("hit ")),
            "a &lt;b&gt; <mark>hit</mark> &amp; &#39;c&#39;"
        );
    }
}
