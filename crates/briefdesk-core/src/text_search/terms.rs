//! Typed text into terms and into an FTS5 query; stored text into what the index holds.

/// One thing a search asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word of a spaced script, lowercased; `prefix` while it is still being typed.
    Word { text: String, prefix: bool },
    /// A run of Chinese, Japanese or Korean characters, found anywhere inside such text.
    Cjk(String),
}

/// Characters of scripts written without spaces between words: Han, kana, Hangul (and the
/// marks that live inside their words, such as 々 and ー).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'   // Hangul Jamo
        | '\u{3005}'              // 々
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana (with ー)
        | '\u{3130}'..='\u{318F}' // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}' // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}' // Han extension A
        | '\u{4E00}'..='\u{9FFF}' // Han
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // Han compatibility
        | '\u{FF66}'..='\u{FF9F}' // half-width Katakana
        | '\u{20000}'..='\u{3134F}' // Han extensions B–G
    )
}

/// The characters FTS5's unicode61 tokenizer keeps inside a token (letters, numbers, private use).
pub(crate) fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// What the index stores for `text`: the text itself, with each CJK run replaced by its
/// bigrams and its last character, spaced (`空气污染` → ` 空气 气污 污染 染 `). Every character of
/// a run then starts an indexed token, so a one-character query is a prefix query and a longer
/// one a phrase of its bigrams.
pub fn index_text(text: &str) -> String {
    if !text.chars().any(is_cjk) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() * 3);
    let mut run: Vec<char> = Vec::new();
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else {
            push_run(&mut out, &mut run);
            out.push(c);
        }
    }
    push_run(&mut out, &mut run);
    out
}

fn push_run(out: &mut String, run: &mut Vec<char>) {
    if run.is_empty() {
        return;
    }
    out.push(' ');
    for pair in run.windows(2) {
        out.extend(pair);
        out.push(' ');
    }
    if let Some(last) = run.last() {
        out.push(*last);
    }
    out.push(' ');
    run.clear();
}

/// The terms of typed text: words (the last a prefix unless the editor has typed a space after
/// it or it is shorter than [`MIN_PREFIX`]) and CJK runs. Punctuation and FTS5 syntax are separators, never operators.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut run = String::new();
    let flush_word = |word: &mut String, out: &mut Vec<Term>| {
        if !word.is_empty() {
            out.push(Term::Word {
                text: std::mem::take(word).to_lowercase(),
                prefix: false,
            });
        }
    };
    let flush_run = |run: &mut String, out: &mut Vec<Term>| {
        if !run.is_empty() {
            out.push(Term::Cjk(std::mem::take(run)));
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            run.push(c);
        } else if is_token_char(c) {
            flush_run(&mut run, &mut out);
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            flush_run(&mut run, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_run(&mut run, &mut out);
    let open_ended = text
        .chars()
        .last()
        .is_some_and(|c| is_token_char(c) && !is_cjk(c));
    if open_ended
        && let Some(Term::Word { text, prefix }) = out.last_mut()
        && text.chars().count() >= MIN_PREFIX
    {
        *prefix = true;
    }
    out
}

/// The letters a word must have before it also matches as a prefix. One or two letters begin
/// most of the vocabulary: FTS5 would merge the doclists of thousands of words (0.2-0.6 s on
/// 100,000 briefs) to list nearly every brief. Shorter words match whole (`us`, `eu`, `ai`).
pub const MIN_PREFIX: usize = 3;

/// The FTS5 query for typed text: every term required; `None` when there is nothing to search.
pub fn match_expression(text: &str) -> Option<String> {
    let terms = terms(text);
    if terms.is_empty() {
        return None;
    }
    let parts: Vec<String> = terms
        .iter()
        .map(|term| match term {
            // Quoted, so that words such as AND, NOT or NEAR are words.
            Term::Word { text, prefix: true } => format!("\"{text}\"*"),
            Term::Word { text, .. } => format!("\"{text}\""),
            Term::Cjk(run) => {
                let chars: Vec<char> = run.chars().collect();
                if chars.len() == 1 {
                    // Every indexed piece of a run starts with one of its characters.
                    format!("\"{run}\"*")
                } else {
                    let bigrams: Vec<String> =
                        chars.windows(2).map(|p| p.iter().collect()).collect();
                    format!("\"{}\"", bigrams.join(" "))
                }
            }
        })
        .collect();
    Some(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_syntax_becomes_plain_words() {
        assert_eq!(
            match_expression("\"unbalanced").as_deref(),
            Some("\"unbalanced\"*")
        );
        assert_eq!(
            match_expression("a AND (").as_deref(),
            Some("\"a\" \"and\"")
        );
        assert_eq!(
            match_expression("huawei sal").as_deref(),
            Some("\"huawei\" \"sal\"*")
        );
        assert_eq!(
            match_expression("col:umn -x* ").as_deref(),
            Some("\"col\" \"umn\" \"x\"")
        );
        assert_eq!(match_expression("  ( - * ) "), None);
        // One or two letters are a whole word; the third makes the word a prefix.
        assert_eq!(match_expression("s").as_deref(), Some("\"s\""));
        assert_eq!(
            match_expression("huawei th").as_deref(),
            Some("\"huawei\" \"th\"")
        );
        assert_eq!(match_expression("the").as_deref(), Some("\"the\"*"));
    }

    #[test]
    fn cjk_runs_become_phrases_of_bigrams() {
        assert_eq!(
            match_expression("空气污染").as_deref(),
            Some("\"空气 气污 污染\"")
        );
        assert_eq!(match_expression("污").as_deref(), Some("\"污\"*"));
        assert_eq!(
            match_expression("Beijing空气 sanctions").as_deref(),
            Some("\"beijing\" \"空气\" \"sanctions\"*")
        );
    }

    #[test]
    fn index_text_spaces_out_cjk_runs_only() {
        assert_eq!(index_text("plain words"), "plain words");
        assert_eq!(
            index_text("北京的空气污染。Smog"),
            " 北京 京的 的空 空气 气污 污染 染 。Smog"
        );
        assert_eq!(index_text("서울"), " 서울 울 ");
        assert_eq!(index_text("a中b"), "a 中 b");
    }
}
