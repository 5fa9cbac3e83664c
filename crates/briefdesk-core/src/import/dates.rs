//! Source dates as editors paste them: "November 27, 2020", "Nov. 27, 2020", "2020-11-27"…

use chrono::NaiveDate;

/// Reads a source date written in any of the accepted styles.
pub fn parse_source_date(_text: &str) -> Option<NaiveDate> {
    None
}
