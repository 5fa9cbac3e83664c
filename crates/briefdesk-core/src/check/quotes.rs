//! "This quotation is not in the source": the passages a brief quotes (block quotes, and
//! words in quotation marks long enough to be a quotation rather than a term) looked for in
//! the readable text kept from its sources' pages.

/// A quotation shorter than this many words is a term or a title ("so-called"), not a claim
/// about what was said.
const MIN_WORDS: usize = 4;
/// The same in Chinese, Japanese and Korean, written without spaces between words.
const MIN_CJK_CHARACTERS: usize = 6;

/// The passages `body` (Markdown) quotes, in order: each block quote whole, then each run of
/// text between “ ” or « » or 「 」 or straight double quotes.
pub fn quotations(body: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut block = String::new();
    let mut prose = String::new();
    for line in body.lines() {
        if let Some(quoted) = line.trim_start().strip_prefix('>') {
            block.push(' ');
            block.push_str(quoted.trim_start_matches('>'));
        } else {
            push_block(&mut found, &mut block);
            prose.push_str(line);
            prose.push('\n');
        }
    }
    push_block(&mut found, &mut block);
    for (open, close) in [('“', '”'), ('«', '»'), ('「', '」'), ('"', '"')] {
        let mut rest = prose.as_str();
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len_utf8()..];
            let Some(end) = after.find(close) else { break };
            let passage = clean(&after[..end]);
            if long_enough(&passage) {
                found.push(passage);
            }
            rest = &after[end + close.len_utf8()..];
        }
    }
    found
}

fn push_block(found: &mut Vec<String>, block: &mut String) {
    let passage = clean(block);
    block.clear();
    // A block quote is a quotation whatever its length, but may itself be in quotation marks.
    let passage = passage
        .trim_matches(|c| matches!(c, '“' | '”' | '"' | '«' | '»' | '「' | '」'))
        .trim()
        .to_string();
    if !passage.is_empty() {
        found.push(passage);
    }
}

fn long_enough(passage: &str) -> bool {
    let words = passage.split_whitespace().count();
    let cjk = passage.chars().filter(|c| is_cjk(*c)).count();
    words >= MIN_WORDS || cjk >= MIN_CJK_CHARACTERS
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}')
}

/// Markdown emphasis and links reduced to their words, whitespace collapsed.
fn clean(text: &str) -> String {
    let without_marks: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    without_marks
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text as compared: lower case, one kind of quotation mark and apostrophe, one kind of dash,
/// no whitespace at all (so line breaks, and spacing in scripts written without it, never
/// decide a match).
fn comparable(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | '`'))
        .map(|c| match c {
            '‘' | '’' | '‚' | '′' | '`' => '\'',
            '“' | '”' | '„' | '«' | '»' | '「' | '」' | '『' | '』' => '"',
            '‐' | '‑' | '‒' | '–' | '—' | '―' => '-',
            other => other,
        })
        .collect()
}

/// The parts of a quotation an editor may have cut: split at ellipses and bracketed insertions
/// ("[the minister]"), each part looked for on its own.
fn parts(passage: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut in_brackets = false;
    let mut chars = passage.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                in_brackets = true;
                parts.push(std::mem::take(&mut current));
            }
            ']' => in_brackets = false,
            '…' if !in_brackets => parts.push(std::mem::take(&mut current)),
            '.' if !in_brackets && chars.peek() == Some(&'.') => {
                while chars.peek() == Some(&'.') {
                    chars.next();
                }
                parts.push(std::mem::take(&mut current));
            }
            _ if !in_brackets => current.push(c),
            _ => {}
        }
    }
    parts.push(current);
    parts
        .iter()
        .map(|p| {
            comparable(p.trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation()))
        })
        .filter(|p| p.chars().count() >= 3)
        .collect()
}

/// The quotations of `body` found in none of `sources` (the readable texts kept of its pages).
pub fn missing_quotations(body: &str, sources: &[&str]) -> Vec<String> {
    let texts: Vec<String> = sources.iter().map(|t| comparable(t)).collect();
    quotations(body)
        .into_iter()
        .filter(|passage| {
            let parts = parts(passage);
            !parts.is_empty()
                && !texts
                    .iter()
                    .any(|text| parts.iter().all(|part| text.contains(part.as_str())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_quotes_and_quoted_sentences_are_quotations_and_terms_are_not() {
        let body = "The minister said “we will not back down on this” and called it a \"so-called\" \
                    strike.\n\n> The port will reopen\n> on Monday.\n\nAfter.";
        assert_eq!(
            quotations(body),
            [
                "The port will reopen on Monday.",
                "we will not back down on this"
            ]
        );
    }

    #[test]
    fn a_quotation_is_found_across_line_breaks_curly_quotes_and_cuts() {
        let source = "He said: “We got what we came for,” adding that the\nstrike’s end was — at last — near.";
        let body = "> We got what we came for\n\nHe said the “strike's end was - at last - near”, \
                    and “we got … came for” and “the [union's] strike's end was”.";
        assert_eq!(missing_quotations(body, &[source]), Vec::<String>::new());
    }

    #[test]
    fn words_the_source_never_said_are_reported() {
        let source = "The authority said cargo would move normally by the weekend.";
        let body = "The authority said “cargo would move normally by Friday”.";
        assert_eq!(
            missing_quotations(body, &[source]),
            ["cargo would move normally by Friday"]
        );
    }

    #[test]
    fn chinese_quotations_are_matched_without_spaces() {
        let source = "码头工人周四返回港口，罢工持续了九天。";
        assert!(missing_quotations("报道说「罢工持续了九天」。", &[source]).is_empty());
        assert_eq!(
            missing_quotations("报道说「罢工持续了十天」。", &[source]),
            ["罢工持续了十天"]
        );
    }
}
