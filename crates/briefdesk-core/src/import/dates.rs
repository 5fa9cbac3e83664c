//! Source dates as editors paste them: "November 27, 2020", "Nov. 27, 2020", "2020-11-27",
//! "27. November 2020", "23 de mayo de 2025", "17 декабря 2020", "2020年12月3日"…

use chrono::NaiveDate;

/// Reads a source date written in any of the accepted styles:
///
/// - month first: "November 27, 2020", "Nov. 27, 2020", "Nov 27 2020", "Sept. 3, 2020";
/// - day first: "27 November 2020", "27 Nov 2020";
/// - numeric, year first: "2020-11-27", "2020/11/27", "2020.11.27", "2020年11月27日";
/// - numeric, day first with dots: "13.12.2019" (slashes with the year last stay unread: 11/12
///   is the 11th of December or the 12th of November depending on the country);
/// - month names in English, French, German, Spanish and Russian ("3 décembre 2020",
///   "3. Dezember 2020", "3 de diciembre de 2020", "3 декабря 2020 года");
/// - optionally with a weekday ("Friday, December 4, 2020"), which is not checked, and a time of
///   day ("2020/12/27 11:20:04", "22 décembre 2025 à 15:13"), which is dropped;
/// - with or without commas, with a trailing period.
///
/// Returns `None` for anything else, including dates that do not exist (February 30).
pub fn parse_source_date(text: &str) -> Option<NaiveDate> {
    match read_date(text, true) {
        DateRead::Date(date) => Some(date),
        DateRead::Impossible | DateRead::NotADate => None,
    }
}

/// What [`read_date`] made of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateRead {
    Date(NaiveDate),
    /// Written like a date but not one on the calendar ("February 30, 2020").
    Impossible,
    NotADate,
}

/// Reads a date, telling an impossible one from text that is not a date at all, so the importer
/// can say which. `weekday` allows a leading weekday; the Source-line reader turns it off because
/// outlets end in weekday-like words ("Mail on Sunday, December 6, 2020", "The Sun, …").
pub(super) fn read_date(text: &str, weekday: bool) -> DateRead {
    let text = text.trim().trim_end_matches('.').trim_end();
    // At most four tokens make a date; stopping at five keeps long texts cheap to reject.
    let mut tokens = [""; 5];
    let mut count = 0;
    for token in text
        .split(|c: char| matches!(c, ',' | '，' | '|') || c.is_whitespace())
        .filter(|t| !t.is_empty() && !is_filler(t) && !is_time(t))
        .take(5)
    {
        tokens[count] = token;
        count += 1;
    }
    let ymd = match &tokens[..count] {
        [one] => numeric(one),
        [a, b, c] => named(a, b, c),
        [w, a, b, c] if weekday && is_weekday(w) => named(a, b, c),
        [a, b, c, w] if weekday && is_weekday(w) => named(a, b, c),
        _ => None,
    };
    match ymd {
        Some((y, m, d)) => match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => DateRead::Date(date),
            None => DateRead::Impossible,
        },
        None => DateRead::NotADate,
    }
}

/// "November 27 2020" or "27 November 2020", as (year, month, day).
fn named(a: &str, b: &str, c: &str) -> Option<(i32, u32, u32)> {
    let year = year(c)?;
    if let (Some(m), Some(d)) = (month(a), day(b)) {
        return Some((year, m, d));
    }
    Some((year, month(b)?, day(a)?))
}

/// "2020-11-27", "2020/11/27", "2020.11.27", "2020年11月27日" or "27.11.2020".
fn numeric(text: &str) -> Option<(i32, u32, u32)> {
    if let Some(rest) = text.strip_suffix(['日', '号']) {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        return Some((year(y)?, small_number(m)?, small_number(d)?));
    }
    let sep = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = text.split(sep);
    let (a, m, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    if sep == '.' && a.len() <= 2 {
        return Some((year(c)?, small_number(m)?, small_number(a)?));
    }
    Some((year(a)?, small_number(m)?, small_number(c)?))
}

/// Words that sit between a date's parts in some languages ("23 de mayo de 2025", "3 декабря
/// 2020 года", "le 3 décembre", "am 3. Dezember"), and the words before a time ("à 15:13").
fn is_filler(token: &str) -> bool {
    let lower = token.to_lowercase();
    matches!(
        lower.as_str(),
        "de" | "del"
            | "le"
            | "am"
            | "den"
            | "the"
            | "of"
            | "года"
            | "г."
            | "г"
            | "à"
            | "a"
            | "um"
            | "at"
            | "в"
            | "uhr"
            | "h"
            | "-"
            | "–"
            | "—"
    )
}

/// A time of day: "11:20", "11:20:04", "9h15", "0:55:51".
fn is_time(token: &str) -> bool {
    let digits_and = |sep: char| {
        let mut parts = token.split(sep);
        let all = parts.clone().count();
        (2..=3).contains(&all)
            && parts.all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    };
    digits_and(':') || (token.contains('h') && digits_and('h'))
}

fn year(text: &str) -> Option<i32> {
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// A day of the month, allowing "27th", "27." (continental style) and "1er" (French).
fn day(text: &str) -> Option<u32> {
    let text = text.strip_suffix('.').unwrap_or(text);
    let text = text.strip_suffix("er").unwrap_or(text);
    let digits = match text.len().checked_sub(2).and_then(|at| text.get(at..)) {
        Some(suffix)
            if ["st", "nd", "rd", "th"]
                .iter()
                .any(|s| s.eq_ignore_ascii_case(suffix)) =>
        {
            &text[..text.len() - 2]
        }
        _ => text,
    };
    small_number(digits)
}

/// One or two digits (a month or day number; range is checked by the calendar).
fn small_number(text: &str) -> Option<u32> {
    if (1..=2).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month names in French, German, Spanish and Russian (nominative and genitive), by month.
const OTHER_MONTHS: [&[&str]; 12] = [
    &["janvier", "januar", "jänner", "enero", "январь", "января"],
    &[
        "février",
        "fevrier",
        "februar",
        "febrero",
        "февраль",
        "февраля",
    ],
    &["mars", "märz", "maerz", "marzo", "март", "марта"],
    &["avril", "april", "abril", "апрель", "апреля"],
    &["mai", "mayo", "май", "мая"],
    &["juin", "juni", "junio", "июнь", "июня"],
    &["juillet", "juli", "julio", "июль", "июля"],
    &["août", "aout", "august", "agosto", "август", "августа"],
    &[
        "septembre",
        "september",
        "septiembre",
        "setiembre",
        "сентябрь",
        "сентября",
    ],
    &["octobre", "oktober", "octubre", "октябрь", "октября"],
    &["novembre", "november", "noviembre", "ноябрь", "ноября"],
    &[
        "décembre",
        "decembre",
        "dezember",
        "diciembre",
        "декабрь",
        "декабря",
    ],
];

/// A month's full name (English, French, German, Spanish, Russian) or an abbreviation of three to
/// five letters ("Sept", "déc.", "Dez", "janv."), any case, with or without a period.
fn month(text: &str) -> Option<u32> {
    let name = text.strip_suffix('.').unwrap_or(text).to_lowercase();
    let letters = name.chars().count();
    if letters < 3 || !name.chars().all(char::is_alphabetic) {
        return None;
    }
    let names = |m: usize| {
        MONTHS
            .get(m)
            .into_iter()
            .copied()
            .chain(OTHER_MONTHS[m].iter().copied())
    };
    let abbreviation = letters <= 5 && (letters == 3 || text.ends_with('.') || name == "sept");
    let at = (0..12).find(|&m| {
        names(m).any(|full| full == name || (abbreviation && full.starts_with(name.as_str())))
    })?;
    u32::try_from(at + 1).ok()
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Weekdays in French, German, Spanish and Russian, which are allowed and ignored like English
/// ones.
const OTHER_WEEKDAYS: [&str; 30] = [
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
    "mercoledì",
];

fn is_weekday(text: &str) -> bool {
    let name = text.strip_suffix('.').unwrap_or(text).to_lowercase();
    // "Fri", "Tues", "Thurs" as well as the full name.
    WEEKDAYS
        .iter()
        .any(|w| *w == name || ((3..=5).contains(&name.len()) && w.starts_with(name.as_str())))
        || OTHER_WEEKDAYS.contains(&name.as_str())
}

/// Whether `text` is a weekday's full name ("Friday"), for dropping one between outlet and date.
pub(super) fn is_full_weekday(text: &str) -> bool {
    WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn month_first_styles() {
        let want = ymd(2020, 11, 27);
        for text in [
            "November 27, 2020",
            "Nov. 27, 2020",
            "Nov 27, 2020",
            "november 27, 2020",
            "NOV. 27, 2020",
            "November 27 2020",
            "November 27, 2020.",
            "Nov. 27 2020.",
            "  November  27 ,2020 ",
            "November 27th, 2020",
            "Nov.\u{a0}27,\u{a0}2020",
        ] {
            assert_eq!(parse_source_date(text), want, "{text:?}");
        }
        assert_eq!(parse_source_date("Sept. 3, 2020"), ymd(2020, 9, 3));
        assert_eq!(parse_source_date("Sep 3, 2020"), ymd(2020, 9, 3));
        assert_eq!(parse_source_date("May 5, 2021"), ymd(2021, 5, 5));
        assert_eq!(parse_source_date("June 1, 2021"), ymd(2021, 6, 1));
    }

    #[test]
    fn day_first_styles() {
        let want = ymd(2020, 11, 27);
        for text in [
            "27 November 2020",
            "27 Nov 2020",
            "27 Nov. 2020",
            "27 November, 2020",
            "27 November 2020.",
            "27. November 2020",
        ] {
            assert_eq!(parse_source_date(text), want, "{text:?}");
        }
    }

    #[test]
    fn numeric_styles() {
        let want = ymd(2020, 11, 27);
        for text in [
            "2020-11-27",
            "2020/11/27",
            "2020.11.27",
            "2020-11-27.",
            "2020年11月27日",
        ] {
            assert_eq!(parse_source_date(text), want, "{text:?}");
        }
        assert_eq!(parse_source_date("2020-1-5"), ymd(2020, 1, 5));
    }

    #[test]
    fn other_languages_and_times() {
        let want = ymd(2020, 12, 3);
        for text in [
            "3 décembre 2020",
            "jeudi 3 décembre 2020",
            "3 déc. 2020",
            "3. Dezember 2020",
            "Donnerstag, 3. Dezember 2020",
            "03.12.2020",
            "3 de diciembre de 2020",
            "3 декабря 2020 года",
            "3 декабря 2020, Четверг, 19:41",
            "2020/12/03 11:20:04",
            "2020-12-03 9:05",
            "3 décembre 2020 à 15:13",
            "December 3, 2020 at 11:20",
        ] {
            assert_eq!(parse_source_date(text), want, "{text:?}");
        }
        assert_eq!(parse_source_date("1er mai 2021"), ymd(2021, 5, 1));
        assert_eq!(parse_source_date("31.02.2020"), None);
        assert_eq!(read_date("12/03/2020", true), DateRead::NotADate);
    }

    #[test]
    fn weekday_is_allowed_and_ignored() {
        assert_eq!(
            parse_source_date("Friday, December 4, 2020"),
            ymd(2020, 12, 4)
        );
        assert_eq!(parse_source_date("Fri. 4 Dec 2020"), ymd(2020, 12, 4));
        assert_eq!(
            read_date("Friday, December 4, 2020", false),
            DateRead::NotADate
        );
    }

    #[test]
    fn impossible_dates_are_none() {
        for text in [
            "February 30, 2020",
            "Feb. 30, 2020",
            "30 Feb 2020",
            "2020-02-30",
            "2021-02-29",
            "2020-13-01",
            "November 0, 2020",
            "November 32, 2020",
        ] {
            assert_eq!(parse_source_date(text), None, "{text:?}");
            assert_eq!(read_date(text, true), DateRead::Impossible, "{text:?}");
        }
        assert_eq!(parse_source_date("2020-02-29"), ymd(2020, 2, 29));
    }

    #[test]
    fn non_dates_are_none() {
        for text in [
            "",
            "   ",
            "Radio Free Asia",
            "November 2020",
            "November 27",
            "27/11/2020",
            "11/27/2020",
            "Nov 27, 20",
            "Novem 27, 2020",
            "Mo 27, 2020",
            "2020-11-27-01",
            "2020--27",
            "20201127",
            "Hong Kong, December 1, 2020",
            "Sun, December 4, 2020 extra",
            "27 27 2020",
            "November 127, 2020",
            "२०२०-११-२७",
        ] {
            assert_eq!(read_date(text, true), DateRead::NotADate, "{text:?}");
        }
    }
}
