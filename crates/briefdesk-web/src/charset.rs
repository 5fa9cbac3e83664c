//! Bytes of a page to text, in the charset it declares: a byte-order mark first, then the
//! HTTP header, then a `<meta>` in the first 1024 bytes (the HTML standard's prescan), else
//! UTF-8 when the bytes are valid UTF-8 and windows-1252 when not (the web's default).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How the charset was chosen, for "read as GBK (declared by the page)".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    ByteOrderMark,
    HttpHeader,
    MetaTag,
    Sniffed,
}

/// The page's text and the encoding it was read in.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> (String, &'static Encoding) {
    let (encoding, _) = detect(bytes, content_type);
    // decode() also honours and strips a BOM; malformed bytes become U+FFFD, never a failure.
    let (text, used, _) = encoding.decode(bytes);
    (text.into_owned(), used)
}

pub fn detect(bytes: &[u8], content_type: Option<&str>) -> (&'static Encoding, CharsetSource) {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return (encoding, CharsetSource::ByteOrderMark);
    }
    if let Some(encoding) = content_type.and_then(charset_param).and_then(usable) {
        return (encoding, CharsetSource::HttpHeader);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if let Some(encoding) = meta_charset(head).and_then(usable) {
        return (encoding, CharsetSource::MetaTag);
    }
    if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, CharsetSource::Sniffed)
    } else {
        (WINDOWS_1252, CharsetSource::Sniffed)
    }
}

/// A label as the HTML standard takes it: UTF-16 declared in a page that could be read as
/// ASCII to find the declaration cannot be UTF-16, so it means UTF-8; x-user-defined is 1252.
fn usable(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        Some(UTF_8)
    } else if encoding == encoding_rs::X_USER_DEFINED {
        Some(WINDOWS_1252)
    } else {
        Some(encoding)
    }
}

/// `charset=` of a Content-Type value (`text/html; charset="gbk"`).
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
    })
}

/// The charset a `<meta charset=…>` or `<meta http-equiv=Content-Type content="…charset=…">`
/// in `head` declares. Pages declaring a charset do it in ASCII, whatever the charset.
fn meta_charset(head: &[u8]) -> Option<&str> {
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at + 5;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let mut i = c + 7;
            let skip_space = |i: &mut usize| {
                while tag.get(*i).is_some_and(|b| b.is_ascii_whitespace()) {
                    *i += 1;
                }
            };
            skip_space(&mut i);
            if tag.get(i) == Some(&b'=') {
                i += 1;
                skip_space(&mut i);
                while tag.get(i).is_some_and(|b| *b == b'"' || *b == b'\'') {
                    i += 1;
                }
                let value_start = i;
                while tag
                    .get(i)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(b))
                {
                    i += 1;
                }
                if i > value_start {
                    // Same offsets in `head` as in `lower`: lowering ASCII keeps lengths.
                    return std::str::from_utf8(&head[start + value_start..start + i]).ok();
                }
            }
        }
        from = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_wins_over_the_meta_tag_and_the_bom_over_both() {
        let page = b"<meta charset=big5><p>x";
        assert_eq!(detect(page, None).0, encoding_rs::BIG5);
        assert_eq!(
            detect(page, Some("text/html; charset=\"GBK\"")).0,
            encoding_rs::GBK
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), page].concat();
        assert_eq!(
            detect(&with_bom, Some("text/html; charset=gbk")).0,
            encoding_rs::UTF_8
        );
    }

    #[test]
    fn the_http_equiv_form_is_read() {
        let page = br#"<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Shift_JIS">"#;
        assert_eq!(
            detect(page, None),
            (encoding_rs::SHIFT_JIS, CharsetSource::MetaTag)
        );
    }

    #[test]
    fn undeclared_bytes_are_utf8_when_they_can_be_and_1252_when_not() {
        assert_eq!(detect("héllo".as_bytes(), None).0, UTF_8);
        assert_eq!(detect(b"h\xE9llo", None).0, WINDOWS_1252);
        assert_eq!(detect(b"<meta charset=utf-16>", None).0, UTF_8);
        assert_eq!(
            detect(b"<meta charset=nonsense>", Some("text/html")).0,
            UTF_8
        );
    }
}
