//! The minijinja side of exporting: built-in templates, the filters templates may use, and
//! template errors turned into messages that name the line.

use std::sync::LazyLock;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use super::text;
use super::view::IssueView;
use crate::error::{Error, Result};
use crate::format::markdown::{escape_text, neutralize_html};
use crate::model::ExportFormat;

const MARKDOWN: &str = include_str!("templates/issue.md.jinja");
const BRIEFDESK_MARKDOWN: &str = include_str!("templates/issue.briefdesk.md.jinja");
const HTML: &str = include_str!("templates/issue.html.jinja");
const EMAIL: &str = include_str!("templates/email.html.jinja");
const TEXT: &str = include_str!("templates/issue.txt.jinja");

/// The built-in templates, compiled once.
static BUILT_IN: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = environment();
    for format in ExportFormat::ALL {
        if let Some(source) = built_in(format) {
            // A broken built-in shows up as "template not found" at render time, and in tests.
            let _ = env.add_template(name(format), source);
        }
    }
    env
});

/// The text of the built-in template for `format`, to start a custom one from. JSON has none:
/// it is written straight from the view model.
pub fn built_in(format: ExportFormat) -> Option<&'static str> {
    match format {
        ExportFormat::Markdown => Some(MARKDOWN),
        ExportFormat::BriefdeskMarkdown => Some(BRIEFDESK_MARKDOWN),
        ExportFormat::Html => Some(HTML),
        ExportFormat::Email => Some(EMAIL),
        ExportFormat::Text => Some(TEXT),
        ExportFormat::Json => None,
    }
}

/// Template names; the extension decides auto-escaping.
fn name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Markdown => "issue.md",
        ExportFormat::BriefdeskMarkdown => "issue.briefdesk.md",
        ExportFormat::Html => "issue.html",
        ExportFormat::Email => "email.html",
        ExportFormat::Text => "issue.txt",
        ExportFormat::Json => "issue.json",
    }
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // HTML and email escape every value unless marked `|safe`; Markdown, text and JSON never do.
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    // A misspelt variable is an error with a line number, not silently empty output.
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .unwrap_or_default();
    env.set_syntax(syntax);
    env.add_filter("md_escape", |text: &str| escape_text(text));
    env.add_filter("md_body", |md: &str| neutralize_html(md));
    env.add_filter("wrap", |value: &str, width: Option<usize>| {
        text::wrap(value, width.unwrap_or(text::WIDTH))
    });
    env.add_filter("underline", |value: &str, with: Option<&str>| {
        let width = value
            .lines()
            .map(textwrap::core::display_width)
            .max()
            .unwrap_or(0);
        with.unwrap_or("=").repeat(width)
    });
    env
}

/// Renders `view` with the built-in template of `format`, or with `custom` (a template's text).
pub(crate) fn render(
    view: &IssueView,
    format: ExportFormat,
    custom: Option<&str>,
) -> Result<String> {
    let context = Value::from(Serde(view));
    match custom {
        None => BUILT_IN
            .get_template(name(format))
            .and_then(|t| t.render(context))
            .map_err(template_error),
        Some(source) => {
            let mut env = environment();
            env.add_template_owned(name(format), source.to_string())
                .map_err(template_error)?;
            env.get_template(name(format))
                .and_then(|t| t.render(context))
                .map_err(template_error)
        }
    }
}

/// `template: line 7: unknown filter: filter foo is unknown`.
fn template_error(e: minijinja::Error) -> Error {
    let what = match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    };
    match e.line() {
        Some(line) => Error::invalid("template", format!("line {line}: {what}")),
        None => Error::invalid("template", what),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_escape_wrap_and_underline() {
        let env = environment();
        let out = env
            .render_str(
                "{{ h|md_escape }}|{{ b|md_body }}|{{ t|wrap(10) }}|{{ 'Héllo'|underline('-') }}",
                minijinja::context! { h => "*x*", b => "<i>y</i>", t => "one two three four" },
            )
            .unwrap();
        assert_eq!(out, "\\*x\\*|\\<i>y\\</i>|one two\nthree four|-----");
    }

    #[test]
    fn auto_escaping_is_on_for_html_only() {
        let mut env = environment();
        env.add_template("a.html", "{{ v }}").unwrap();
        env.add_template("a.md", "{{ v }}").unwrap();
        let ctx = || minijinja::context! { v => "<b>" };
        assert_eq!(
            env.get_template("a.html").unwrap().render(ctx()).unwrap(),
            "&lt;b&gt;"
        );
        assert_eq!(
            env.get_template("a.md").unwrap().render(ctx()).unwrap(),
            "<b>"
        );
    }
}
