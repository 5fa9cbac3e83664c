//! ui/src/lib/bindings/commands.ts, generated from the `#[tauri::command]` functions in
//! src-tauri/src/commands/*.rs: one typed function per command, with the command's name, its
//! arguments as Tauri names them (camelCase), their types and its result's, and its doc comment.
//! The types themselves are ts-rs's (crates/briefdesk-core/src/bindings.rs); a type with no
//! binding there is an error naming the command, so a signature the window cannot call with
//! is caught here, not at run time.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use quote::ToTokens;

const COMMANDS_DIR: &str = "src-tauri/src/commands";
const REGISTRY: &str = "src-tauri/src/main.rs";
const BINDINGS_DIR: &str = "ui/src/lib/bindings";
const OUTPUT: &str = "ui/src/lib/bindings/commands.ts";

/// Parameters Tauri fills in itself: the window never passes them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

/// Words a JavaScript parameter cannot be called (a Rust `new` or `old` can).
const RESERVED: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "let",
    "static",
    "implements",
    "interface",
    "package",
    "private",
    "protected",
    "public",
    "await",
];

/// Writes commands.ts (`write`), or fails if the file differs from what the commands generate.
pub fn run(root: &Path, write: bool) -> Result<()> {
    let text = generate(root)?;
    let path = root.join(OUTPUT);
    if write {
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {OUTPUT}");
        return Ok(());
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != text {
        // The first line that differs says which command changed.
        let (line, (now, wanted)) = current
            .lines()
            .chain(std::iter::repeat(""))
            .zip(text.lines().chain(std::iter::repeat("")))
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .unwrap_or((0, ("", "")));
        bail!(
            "{OUTPUT} is out of date with the commands in {COMMANDS_DIR}; run `cargo xtask \
             bindings` and commit it\n  line {}: {now}\n  the commands make: {wanted}",
            line + 1
        );
    }
    Ok(())
}

struct Command {
    rust_name: String,
    docs: Vec<String>,
    params: Vec<Param>,
    /// The TypeScript type the promise resolves to.
    result: String,
}

struct Param {
    /// The key Tauri reads the argument from.
    key: String,
    /// The TypeScript parameter's name (the key, unless that is a reserved word).
    name: String,
    ts: String,
    optional: bool,
}

/// The text of commands.ts for the commands under `root`.
pub fn generate(root: &Path) -> Result<String> {
    let known = known_bindings(&root.join(BINDINGS_DIR))?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(COMMANDS_DIR))
        .with_context(|| format!("cannot list {COMMANDS_DIR}"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut commands = Vec::new();
    let mut imports = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let parsed =
            syn::parse_file(&text).with_context(|| format!("cannot parse {}", file.display()))?;
        for item in parsed.items {
            if let syn::Item::Fn(function) = item
                && is_command(&function)?
            {
                commands.push(command(&function, &known, &mut imports).with_context(|| {
                    format!("{}: command `{}`", file.display(), function.sig.ident)
                })?);
            }
        }
    }
    check_registered(root, &commands)?;
    Ok(render(&commands, &imports))
}

/// The type names ui/src/lib/bindings holds a file for (`Brief` for Brief.ts).
fn known_bindings(dir: &Path) -> Result<BTreeSet<String>> {
    Ok(std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".ts").map(str::to_string)
        })
        .filter(|name| name != "commands")
        .collect())
}

fn is_command(function: &syn::ItemFn) -> Result<bool> {
    for attr in &function.attrs {
        let path = attr.path();
        let named = path.segments.len() == 2
            && path.segments[0].ident == "tauri"
            && path.segments[1].ident == "command";
        if named {
            // Arguments such as `rename_all` change the names Tauri reads; not supported here.
            if !matches!(attr.meta, syn::Meta::Path(_)) {
                bail!(
                    "command `{}`: #[tauri::command] with arguments is not supported by the \
                     TypeScript generator (xtask/src/commands_ts.rs)",
                    function.sig.ident
                );
            }
            return Ok(true);
        }
    }
    Ok(false)
}

fn command(
    function: &syn::ItemFn,
    known: &BTreeSet<String>,
    imports: &mut BTreeSet<String>,
) -> Result<Command> {
    let rust_name = function.sig.ident.to_string();
    let mut params = Vec::new();
    for input in &function.sig.inputs {
        let syn::FnArg::Typed(typed) = input else {
            bail!("a command cannot take `self`");
        };
        if is_injected(&typed.ty) {
            continue;
        }
        let syn::Pat::Ident(ident) = &*typed.pat else {
            bail!(
                "parameter `{}` is a pattern; name it",
                typed.pat.to_token_stream()
            );
        };
        let rust = ident.ident.to_string();
        let key = camel_case(rust.trim_start_matches('_'));
        let ts =
            ts_type(&typed.ty, known, imports).with_context(|| format!("parameter `{rust}`"))?;
        let name = if RESERVED.contains(&key.as_str()) {
            format!("{key}_")
        } else {
            key.clone()
        };
        params.push(Param {
            key,
            name,
            optional: is_option(&typed.ty),
            ts,
        });
    }
    // Only trailing optional parameters may be left out by a caller.
    let mut trailing = true;
    for param in params.iter_mut().rev() {
        trailing &= param.optional;
        param.optional = trailing;
    }
    let result = match &function.sig.output {
        syn::ReturnType::Type(_, ty) => result_type(ty, known, imports)?,
        syn::ReturnType::Default => bail!("a command returns IpcResult<T>; this returns nothing"),
    };
    Ok(Command {
        rust_name,
        docs: docs(&function.attrs),
        params,
        result,
    })
}

fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last(),
        syn::Type::Reference(reference) => last_segment(&reference.elem),
        _ => None,
    }
}

fn is_injected(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| INJECTED.iter().any(|name| s.ident == name))
}

fn is_option(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Option")
}

/// The one type argument of `Vec<T>`, `Option<T>`, `Channel<T>`, `IpcResult<T>`.
fn type_argument(segment: &syn::PathSegment) -> Result<&syn::Type> {
    if let syn::PathArguments::AngleBracketed(args) = &segment.arguments {
        let types: Vec<&syn::Type> = args
            .args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect();
        if let [only] = types.as_slice() {
            return Ok(only);
        }
    }
    bail!("`{}` needs exactly one type argument", segment.ident)
}

/// `IpcResult<T>` → what the promise resolves to.
fn result_type(
    ty: &syn::Type,
    known: &BTreeSet<String>,
    imports: &mut BTreeSet<String>,
) -> Result<String> {
    match last_segment(ty) {
        Some(segment) if segment.ident == "IpcResult" => {
            let inner = type_argument(segment)?;
            if matches!(inner, syn::Type::Tuple(t) if t.elems.is_empty()) {
                return Ok("void".into());
            }
            ts_type(inner, known, imports).context("its result")
        }
        _ => bail!(
            "returns `{}`; a command returns IpcResult<T>, so that it rejects with an IpcError",
            ty.to_token_stream()
        ),
    }
}

fn ts_type(
    ty: &syn::Type,
    known: &BTreeSet<String>,
    imports: &mut BTreeSet<String>,
) -> Result<String> {
    if let syn::Type::Tuple(tuple) = ty
        && tuple.elems.is_empty()
    {
        return Ok("null".into());
    }
    let Some(segment) = last_segment(ty) else {
        bail!("type `{}` has no TypeScript form", ty.to_token_stream());
    };
    let name = segment.ident.to_string();
    Ok(match name.as_str() {
        "String" | "str" | "PathBuf" | "Path" | "char" | "NaiveDate" => "string".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" | "f32"
        | "f64" => "number".into(),
        "bool" => "boolean".into(),
        "Option" => format!(
            "{} | null",
            ts_type(type_argument(segment)?, known, imports)?
        ),
        "Vec" => format!(
            "Array<{}>",
            ts_type(type_argument(segment)?, known, imports)?
        ),
        "Channel" => format!(
            "Channel<{}>",
            ts_type(type_argument(segment)?, known, imports)?
        ),
        _ if !segment.arguments.is_empty() => {
            bail!("type `{}` has no TypeScript form", ty.to_token_stream())
        }
        _ if known.contains(&name) => {
            imports.insert(name.clone());
            name
        }
        _ => bail!(
            "type `{name}` has no TypeScript binding in {BINDINGS_DIR}; add it to \
             crates/briefdesk-core/src/bindings.rs and run `cargo xtask bindings`"
        ),
    })
}

/// A command missing from `generate_handler!` would fail in the window with "not found".
fn check_registered(root: &Path, commands: &[Command]) -> Result<()> {
    let main = std::fs::read_to_string(root.join(REGISTRY))
        .with_context(|| format!("cannot read {REGISTRY}"))?;
    let Some(start) = main.find("generate_handler![") else {
        bail!("{REGISTRY} has no tauri::generate_handler![…]");
    };
    let list = &main[start
        ..main[start..]
            .find(']')
            .map_or(main.len(), |end| start + end)];
    let registered: BTreeSet<&str> = list
        .split(|c: char| c == ',' || c == '[' || c.is_whitespace())
        .filter_map(|path| path.rsplit("::").next())
        .filter(|name| !name.is_empty())
        .collect();
    for command in commands {
        if !registered.contains(command.rust_name.as_str()) {
            bail!(
                "command `{}` is not in {REGISTRY}'s generate_handler![…]",
                command.rust_name
            );
        }
    }
    Ok(())
}

/// The doc comment's lines, with one leading space taken off each.
fn docs(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| {
            line.strip_prefix(' ')
                .unwrap_or(&line)
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Rust doc links become TypeScript ones: [`import_file`] → {@link importFile}.
fn jsdoc_line(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("[`") {
        let Some(len) = rest[start + 2..].find("`]") else {
            break;
        };
        let name = &rest[start + 2..start + 2 + len];
        out.push_str(&rest[..start]);
        if name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            let _ = write!(out, "{{@link {}}}", camel_case(name));
        } else {
            let _ = write!(out, "`{name}`");
        }
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    out.replace("*/", "*\\/")
}

/// Tauri's default argument naming: `brief_id` → `briefId`.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn render(commands: &[Command], imports: &BTreeSet<String>) -> String {
    let mut out = String::from(
        "// Generated by `cargo xtask bindings` from the #[tauri::command] functions in\n\
         // src-tauri/src/commands/*.rs (xtask/src/commands_ts.rs). Do not edit this file manually.\n\
         // Each function calls the command of the same name; every one rejects with an IpcError.\n",
    );
    let uses_channel = commands
        .iter()
        .any(|c| c.params.iter().any(|p| p.ts.starts_with("Channel<")));
    out.push_str(if uses_channel {
        "import { call, type Channel } from '../backend/call';\n"
    } else {
        "import { call } from '../backend/call';\n"
    });
    for name in imports {
        let _ = writeln!(out, "import type {{ {name} }} from './{name}';");
    }
    for command in commands {
        out.push('\n');
        if !command.docs.is_empty() {
            out.push_str("/**\n");
            for line in &command.docs {
                let line = jsdoc_line(line);
                if line.is_empty() {
                    out.push_str(" *\n");
                } else {
                    let _ = writeln!(out, " * {line}");
                }
            }
            out.push_str(" */\n");
        }
        let params: Vec<String> = command
            .params
            .iter()
            .map(|p| {
                let default = if p.optional { " = null" } else { "" };
                format!("{}: {}{default}", p.name, p.ts)
            })
            .collect();
        let _ = writeln!(
            out,
            "export function {}({}): Promise<{}> {{",
            camel_case(&command.rust_name),
            params.join(", "),
            command.result
        );
        let args = if command.params.is_empty() {
            String::new()
        } else {
            let fields: Vec<String> = command
                .params
                .iter()
                .map(|p| {
                    if p.key == p.name {
                        p.key.clone()
                    } else {
                        format!("{}: {}", p.key, p.name)
                    }
                })
                .collect();
            format!(", {{ {} }}", fields.join(", "))
        };
        let _ = writeln!(
            out,
            "  return call<{}>('{}'{args});\n}}",
            command.result, command.rust_name
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(code: &str) -> syn::ItemFn {
        syn::parse_str(code).expect("a function")
    }

    fn known() -> BTreeSet<String> {
        ["Brief", "BriefId", "ImportProgress"]
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn commands_ts_is_current() -> Result<()> {
        run(&crate::sh::root(), false)
    }

    #[test]
    fn a_command_becomes_a_typed_function_without_its_injected_parameters() -> Result<()> {
        let function = parse(
            "/// Moves it; see [`get_brief`].\n#[tauri::command]\npub async fn move_it(\
             state: State<'_, AppState>, window: WebviewWindow, brief_id: BriefId, new: String, \
             to: Option<usize>, on_progress: Channel<ImportProgress>, at: Option<u32>) \
             -> IpcResult<Vec<Brief>> { todo!() }",
        );
        let mut imports = BTreeSet::new();
        let command = command(&function, &known(), &mut imports)?;
        let text = render(&[command], &imports);
        assert!(
            text.contains(
                "export function moveIt(briefId: BriefId, new_: string, to: number | null, \
                 onProgress: Channel<ImportProgress>, at: number | null = null): \
                 Promise<Array<Brief>> {\n  return call<Array<Brief>>('move_it', \
                 { briefId, new: new_, to, onProgress, at });\n}"
            ),
            "{text}"
        );
        assert!(
            text.contains(" * Moves it; see {@link getBrief}.\n"),
            "{text}"
        );
        assert!(
            text.contains("import type { BriefId } from './BriefId';"),
            "{text}"
        );
        assert!(text.contains("import { call, type Channel } from '../backend/call';"));
        Ok(())
    }

    #[test]
    fn a_type_without_a_binding_is_an_error_naming_it() {
        let function = parse(
            "#[tauri::command]\npub async fn odd(thing: Gadget) -> IpcResult<()> { todo!() }",
        );
        let error = command(&function, &known(), &mut BTreeSet::new())
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(error.contains("parameter `thing`"), "{error}");
        assert!(
            error.contains("type `Gadget` has no TypeScript binding"),
            "{error}"
        );
    }

    #[test]
    fn a_command_must_reject_with_an_ipc_error() {
        let function =
            parse("#[tauri::command]\npub fn plain() -> Result<u32, String> { todo!() }");
        assert!(command(&function, &known(), &mut BTreeSet::new()).is_err());
    }
}
