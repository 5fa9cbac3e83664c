//! The core's modules depend on each other one way only. Reads `src/`, gathers every path a
//! file names (`use crate::…`, `crate::a::b` inline, `super::…`), and fails on a cycle:
//!
//! - between the crate's top-level modules (`library`, `export`, `format`, `import`, …);
//! - between sibling files of one module (`export/view.rs` and `export/text.rs`).
//!
//! A child using its parent's items (`use super::Library` in `library/briefs.rs`) is how one
//! type's methods are split over files; it is not a cycle between modules. A path through a
//! parent's re-export (`super::Name` where the parent says `pub use child::Name`) counts as a
//! path to that child.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module by its path from the crate root: `["export", "view"]`; `[]` is `lib.rs`.
type Module = Vec<String>;

struct Source {
    module: Module,
    /// `mod.rs` or `lib.rs`, whose `pub use` lines re-export its children's items.
    is_dir_root: bool,
    text: String,
}

fn sources(root: &Path) -> Vec<Source> {
    let root = root.to_path_buf();
    let mut found = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(source(&root, &path));
            }
        }
    }
    found.sort_by(|a, b| a.module.cmp(&b.module));
    found
}

fn source(root: &Path, path: &PathBuf) -> Source {
    let relative = path.strip_prefix(root).expect("under src/");
    let mut module: Module = relative
        .iter()
        .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    let last = module.last().cloned().unwrap_or_default();
    let is_dir_root = last == "mod" || last == "lib";
    if is_dir_root {
        module.pop();
    }
    Source {
        module,
        is_dir_root,
        text: std::fs::read_to_string(path).expect("a readable source file"),
    }
}

/// The text of `text` without `//` comments and string literals, which could hold paths that
/// are no dependency.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        let mut prev = '\0';
        for c in line.chars() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
                continue;
            }
            if c == '/' && prev == '/' {
                out.pop();
                break;
            }
            if c == '"' {
                in_string = true;
            } else {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// Expands a `use` tree (`crate::{a::B, c as d}`) into full paths, without the renames.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or_default();
        return vec![path.chars().filter(|c| !c.is_whitespace()).collect()];
    };
    let prefix: String = tree[..open]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(p).into_iter().map(|e| format!("{prefix}{e}")))
        .collect()
}

/// Every `crate::…` / `super::…` path in one file, with whether it sits in its `mod tests`.
fn paths(code: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let tests_at = code.find("\nmod tests {").unwrap_or(code.len());
    // `use` statements, which may span lines and hold trees.
    let mut rest = code;
    let mut offset = 0;
    while let Some(at) = rest.find("use ") {
        let starts_word =
            at == 0 || !rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        let end = rest[at..].find(';').map_or(rest.len(), |e| at + e);
        if starts_word {
            for path in expand(&rest[at + 4..end]) {
                found.push((path, offset + at > tests_at));
            }
        }
        offset += end;
        rest = &rest[end..];
    }
    // Inline paths: `crate::library::parse_uuid(…)`, `super::issues::renumber(…)`.
    for root in ["crate::", "super::"] {
        for (at, _) in code.match_indices(root) {
            if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            found.push((path, at > tests_at));
        }
    }
    found
}

/// The module a path leads to, as deep as the files go: `crate::export::view::IssueView` →
/// `["export", "view"]`.
fn target(
    from: &Source,
    path: &str,
    in_tests: bool,
    files: &BTreeSet<Module>,
    reexports: &BTreeMap<Module, BTreeMap<String, String>>,
) -> Option<Module> {
    let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let (mut at, rest): (Module, &[&str]) = match segments.first() {
        Some(&"crate") => (Vec::new(), &segments[1..]),
        Some(&"super") => {
            // `super` of a file's own `mod tests` is the file; of a file (`mod.rs` too), the
            // module above it.
            let mut base = from.module.clone();
            let mut rest = &segments[..];
            let mut first = true;
            while rest.first() == Some(&"super") {
                if !(first && in_tests) {
                    base.pop();
                }
                first = false;
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => return None,
    };
    for segment in rest {
        let mut next = at.clone();
        next.push((*segment).to_string());
        if files.contains(&next) {
            at = next;
            continue;
        }
        // A name re-exported by the module from one of its children (by name, or by a glob).
        let names = reexports.get(&at);
        if let Some(child) = names.and_then(|n| n.get(*segment).or_else(|| n.get("*"))) {
            let mut next = at.clone();
            next.push(child.clone());
            if files.contains(&next) {
                at = next;
            }
        }
        break;
    }
    Some(at)
}

/// `pub use child::Name;` lines of each module's root file: name → child.
fn reexports(sources: &[Source]) -> BTreeMap<Module, BTreeMap<String, String>> {
    let mut all = BTreeMap::new();
    for s in sources.iter().filter(|s| s.is_dir_root) {
        let mut names = BTreeMap::new();
        for stmt in code_only(&s.text).split(';') {
            let Some(tree) = stmt.trim().strip_prefix("pub use ") else {
                continue;
            };
            for path in expand(tree) {
                let parts: Vec<&str> = path.split("::").collect();
                if parts.len() >= 2
                    && parts[0] != "crate"
                    && parts[0] != "super"
                    && let Some(name) = parts.last()
                {
                    names.insert((*name).to_string(), parts[0].to_string());
                }
            }
        }
        all.insert(s.module.clone(), names);
    }
    all
}

/// Edges between the units the rule is about: top-level modules, and siblings in one module.
fn edges(src: &Path) -> BTreeSet<(Module, Module)> {
    let sources = sources(src);
    let files: BTreeSet<Module> = sources.iter().map(|s| s.module.clone()).collect();
    let reexports = reexports(&sources);
    let mut edges = BTreeSet::new();
    for from in &sources {
        if from.module.is_empty() {
            continue;
        }
        for (path, in_tests) in paths(&code_only(&from.text)) {
            let Some(to) = target(from, &path, in_tests, &files, &reexports) else {
                continue;
            };
            // Top level: the first segments differ.
            if !to.is_empty() && from.module[0] != to[0] {
                edges.insert((vec![from.module[0].clone()], vec![to[0].clone()]));
            }
            // Siblings: same parent, different files.
            let parent = &from.module[..from.module.len() - 1];
            if to.len() == from.module.len() && to[..to.len() - 1] == *parent && to != from.module {
                edges.insert((from.module.clone(), to));
            }
        }
    }
    edges
}

/// A cycle in `edges`, if there is one, as the modules along it.
fn find_cycle(edges: &BTreeSet<(Module, Module)>) -> Option<Vec<Module>> {
    let mut next: BTreeMap<&Module, Vec<&Module>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    fn visit<'a>(
        at: &'a Module,
        next: &BTreeMap<&'a Module, Vec<&'a Module>>,
        path: &mut Vec<&'a Module>,
        done: &mut BTreeSet<&'a Module>,
    ) -> Option<Vec<Module>> {
        if let Some(start) = path.iter().position(|m| *m == at) {
            let mut cycle: Vec<Module> = path[start..].iter().map(|m| (*m).clone()).collect();
            cycle.push(at.clone());
            return Some(cycle);
        }
        if !done.insert(at) {
            return None;
        }
        path.push(at);
        for to in next.get(at).into_iter().flatten() {
            if let Some(cycle) = visit(to, next, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for start in next.keys() {
        if let Some(cycle) = visit(start, &next, &mut Vec::new(), &mut done) {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn no_module_depends_on_itself_through_another() {
    let edges = edges(&core_src());
    if let Some(cycle) = find_cycle(&edges) {
        let shown: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
        panic!("a module cycle: {}", shown.join(" → "));
    }
}

#[test]
fn the_layers_point_one_way() {
    let edges = edges(&core_src());
    let top = |name: &str| vec![name.to_string()];
    let uses = |a: &str, b: &str| edges.contains(&(top(a), top(b)));
    // The model and the file formats lean on nothing above them.
    for above in ["library", "export", "import", "check", "format"] {
        assert!(!uses("model", above), "model uses {above}");
    }
    for above in ["library", "export", "import", "check"] {
        assert!(!uses("format", above), "format uses {above}");
    }
    // Only the facade reads and writes the library; the parts it orchestrates never use it.
    for part in ["export", "import", "check", "format", "validate"] {
        assert!(!uses(part, "library"), "{part} uses library");
    }
    assert!(!uses("export", "import") && !uses("import", "export"));
    // The check sees the graph at all: the facade's own edges are found.
    assert!(uses("library", "export") && uses("library", "check"));
    assert!(uses("export", "format") && uses("import", "format"));
}

fn core_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The two cycles the core had before `format/` (issue 13), in miniature.
#[test]
fn the_checker_finds_the_cycles_it_is_for() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path();
    let files = [
        (
            "lib.rs",
            "pub mod export;\npub mod library;\npub use library::Library;\n",
        ),
        (
            "library/mod.rs",
            "use crate::export::{self, ExportFormat};\npub struct Library;\n",
        ),
        (
            "export/mod.rs",
            "mod json;\nmod view;\npub use view::IssueView;\n\
             impl crate::Library {}\n// use crate::model::Ignored;\n",
        ),
        (
            "export/view.rs",
            "use super::json::SourceDoc;\nlet s = \"crate::x\";\n",
        ),
        (
            "export/json.rs",
            "use super::IssueView;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        ),
    ];
    for (name, text) in files {
        let path = src.join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("a folder");
        std::fs::write(path, text).expect("a file");
    }
    let edges = edges(src);
    let m = |s: &str| s.split("::").map(String::from).collect::<Module>();
    let expected: BTreeSet<_> = [
        (m("library"), m("export")),
        (m("export"), m("library")),
        (m("export::view"), m("export::json")),
        (m("export::json"), m("export::view")),
    ]
    .into_iter()
    .collect();
    assert_eq!(edges, expected);
    assert!(find_cycle(&edges).is_some());
    assert_eq!(
        expand("crate::{export::{self, X}, model::Y as Z}"),
        vec!["crate::export::self", "crate::export::X", "crate::model::Y"]
    );
}
