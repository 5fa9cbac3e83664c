//! Search text in every script: how text is cut into what the full-text index stores, how typed
//! text becomes an FTS5 query, and how a hit's snippet is cut and highlighted. No SQLite here:
//! the library registers [`index_text`] as the SQL function its triggers call, and anything else
//! that is searched the same way (feed items) uses the same three pieces.
//!
//! Latin, Cyrillic and other spaced scripts are left to FTS5's tokenizer (`porter unicode61
//! remove_diacritics 2`: case, accents and English word forms). Chinese, Japanese and Korean
//! runs, which have no spaces between words, are indexed as overlapping two-character pieces
//! (bigrams) plus the run's last character, so any word of one or more characters inside a
//! sentence is found; see docs/search.md for the measurements behind this choice.

mod snippet;
mod terms;

pub use snippet::snippet;
pub use terms::{MIN_PREFIX, Term, index_text, is_cjk, match_expression, terms};
