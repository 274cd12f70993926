//! The module architecture: every `src/**/*.rs` file is read as text (comments, strings and
//! character literals blanked out first) and its imports resolved to the files they reach, giving
//! the file-level import graph. Its rules:
//!
//! - no cycle: no file reaches itself through imports, and no top-level module through the
//!   imports of its files (each cycle is printed as a chain, with the imports of every hop);
//! - data flows one way: each top-level module has a stage in [`STAGES`], and a file imports only
//!   from its own stage or an earlier one. The command-line tool (`src/main.rs`, `src/cli/`) is a
//!   crate of its own and reaches the library only through its public `conform::` paths.
//!
//! An import is a `use` declaration (groups, `self`, globs and renames expanded) or a path in code
//! that starts with `crate::`, `super::`, `self::`, a child module's name, or (in the tool)
//! `conform::`; it names the deepest file module it reaches (`a/mod.rs` is module `a`). Inline
//! modules (`mod tests { … }`) belong to their file, so `super::*` in a file's test module is the
//! file itself. A path into the crate root follows the root's re-exports (`crate::Error` is
//! `crate::error::Error`). The crate roots, `lib.rs` and `main.rs`, only declare and re-export:
//! their own imports are not checked. A path written only in a string (`#[serde(with = "…")]`)
//! is not seen.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fmt::Write as _;
use std::path::Path;

/// The pipeline, earliest stage first: a module may import from its own stage and earlier ones.
const STAGES: &[&[&str]] = &[
    &["error", "decimal", "path", "options", "pattern", "media"],
    &["spec"],
    &["import", "diff"],
    &["compile"],
    &["violation"],
    &["validate"],
    &["validator"],
    &["render", "http", "export", "generate"],
    &["layer"],
    &["cli"],
];

#[test]
fn no_import_cycles_between_files() {
    let graph = Graph::read();
    let mut out = String::new();
    let n = graph.write_cycles(&mut out, |file| Some(file.name.clone()));
    assert!(n == 0, "import cycles between files: {n}\n{out}");
}

/// Modules of one stage may import each other, one way: the stage order cannot see a cycle
/// between two of them that no chain of files closes.
#[test]
fn no_import_cycles_between_top_level_modules() {
    let graph = Graph::read();
    let mut out = String::new();
    let n = graph.write_cycles(&mut out, |file| file.top().map(|top| format!("`{top}`")));
    assert!(n == 0, "import cycles between top-level modules: {n}\n{out}");
}

#[test]
fn imports_follow_the_pipeline() {
    let graph = Graph::read();
    let mut out = String::new();
    for file in &graph.files {
        if let Some(top) = file.top()
            && stage(top).is_none()
        {
            let _ = writeln!(out, "{}: module `{top}` has no stage in STAGES", file.name);
        }
    }
    for import in &graph.imports {
        let (from, to) = (&graph.files[import.from], &graph.files[import.to]);
        if from.bin && to.bin && to.top().is_none() {
            let _ = writeln!(
                out,
                "{}: the tool's modules use each other and `conform::` paths, not its crate root",
                graph.describe(import)
            );
        }
        if let (Some(a), Some(b)) = (from.top(), to.top())
            && let (Some(sa), Some(sb)) = (stage(a), stage(b))
            && sb > sa
        {
            let _ = writeln!(
                out,
                "{}: `{a}` (stage {sa}) imports from `{b}` (stage {sb}), a later stage",
                graph.describe(import)
            );
        }
    }
    assert!(out.is_empty(), "imports against the pipeline:\n{out}");
}

/// The stage of a top-level module: its index in [`STAGES`].
fn stage(module: &str) -> Option<usize> {
    STAGES.iter().position(|s| s.contains(&module))
}

/// One source file, as a module of the library or of the tool.
struct File {
    /// The path from the crate directory, `src/compile/mod.rs`.
    name: String,
    /// Whether the file belongs to the tool's crate (`main.rs` and the modules it declares).
    bin: bool,
    /// The module path from its crate's root: `["compile"]` for `src/compile/mod.rs`.
    module: Vec<String>,
    /// The text with comments, strings and character literals blanked out (lines kept).
    code: String,
}

impl File {
    /// The top-level module the file belongs to; `None` for a crate root.
    fn top(&self) -> Option<&str> {
        self.module.first().map(String::as_str)
    }
}

/// One import: the file it is in, the file it reaches, where, and the path as written (expanded).
struct Import {
    from: usize,
    to: usize,
    line: usize,
    path: String,
}

/// The file-level import graph of `src/`.
struct Graph {
    files: Vec<File>,
    imports: Vec<Import>,
}

impl Graph {
    fn read() -> Graph {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut paths = Vec::new();
        let mut dirs = vec![src.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src/ is readable").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        let mut files: Vec<File> = paths
            .iter()
            .map(|path| {
                let relative = path.strip_prefix(&src).expect("under src/");
                let mut module: Vec<String> = relative
                    .with_extension("")
                    .iter()
                    .map(|s| s.to_string_lossy().into_owned())
                    .collect();
                if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                    module.pop();
                }
                let text = std::fs::read_to_string(path).expect("source is readable");
                File {
                    name: format!("src/{}", relative.to_string_lossy().replace('\\', "/")),
                    bin: false,
                    module,
                    code: blank_non_code(&text),
                }
            })
            .collect();
        // The tool's crate: `main.rs` and the modules it declares.
        let tool_modules: Vec<String> = files
            .iter()
            .find(|f| f.name == "src/main.rs")
            .map(|main| declared_modules(&tokens(&main.code)))
            .unwrap_or_default();
        for file in &mut files {
            file.bin = file.name == "src/main.rs"
                || file.top().is_some_and(|top| tool_modules.iter().any(|m| m == top));
        }
        let mut graph = Graph { files, imports: Vec::new() };
        let aliases = graph.root_aliases();
        for from in 0..graph.files.len() {
            if graph.files[from].module.is_empty() {
                continue; // a crate root
            }
            let tokens = tokens(&graph.files[from].code);
            for Written { line, scope, path, .. } in paths_in(&tokens) {
                if let Some(to) = graph.resolve(from, &scope, &path, &aliases)
                    && to != from
                {
                    graph.imports.push(Import { from, to, line, path: path.join("::") });
                }
            }
        }
        graph
    }

    /// The file that is module `module` of the library (or of the tool, when `bin`).
    fn file(&self, bin: bool, module: &[String]) -> Option<usize> {
        self.files.iter().position(|f| f.bin == bin && f.module == module)
    }

    /// The library root's re-exports: `Error` → `["error", "Error"]`.
    fn root_aliases(&self) -> HashMap<String, Vec<String>> {
        let mut aliases = HashMap::new();
        let Some(lib) = self.file(false, &[]) else { return aliases };
        for written in paths_in(&tokens(&self.files[lib].code)).into_iter().filter(|w| w.used) {
            let path = written.path;
            if let Some(name) = path.last() {
                let start = usize::from(path.first().is_some_and(|s| s == "crate" || s == "self"));
                aliases.insert(name.clone(), path[start..].to_vec());
            }
        }
        aliases
    }

    /// The file a path written in file `from` (inside the inline modules `scope`) reaches.
    fn resolve(
        &self,
        from: usize,
        scope: &[String],
        path: &[String],
        aliases: &HashMap<String, Vec<String>>,
    ) -> Option<usize> {
        let file = &self.files[from];
        let mut here: Vec<String> = file.module.iter().chain(scope).cloned().collect();
        let mut bin = file.bin;
        // The module the path starts from, and the rest of it.
        let rest = match path.first()?.as_str() {
            "crate" | "$crate" => {
                here.clear();
                &path[1..]
            }
            "conform" if file.bin => {
                (bin, here) = (false, Vec::new());
                &path[1..]
            }
            "self" => &path[1..],
            "super" => {
                let n = path.iter().take_while(|s| *s == "super").count();
                here.truncate(here.len().checked_sub(n)?);
                &path[n..]
            }
            child => {
                // A child module's name, as in `use ir::Ir` in `compile/mod.rs`.
                let mut module = here.clone();
                module.push(child.to_owned());
                self.file(bin, &module)?;
                path
            }
        };
        let target = if self.file(bin, &here).is_some() {
            let target = self.deepest(bin, here, rest);
            match rest.first().and_then(|name| aliases.get(name)) {
                Some(alias) if target.is_empty() && !bin => self.deepest(false, Vec::new(), alias),
                _ => target,
            }
        } else {
            // An inline module (`mod tests`): the path stays in its file.
            while self.file(bin, &here).is_none() {
                here.pop()?;
            }
            here
        };
        self.file(bin, &target)
    }

    /// The deepest file module `path` reaches from `module`.
    fn deepest(&self, bin: bool, mut module: Vec<String>, path: &[String]) -> Vec<String> {
        for segment in path {
            module.push(segment.clone());
            if self.file(bin, &module).is_none() {
                module.pop();
                break;
            }
        }
        module
    }

    /// `src/a.rs:12 crate::b::C`: where an import is and what it names.
    fn describe(&self, import: &Import) -> String {
        format!("{}:{} {}", self.files[import.from].name, import.line, import.path)
    }

    /// Writes every cycle of the import graph, its files grouped into nodes by `node` (the files
    /// it gives `None` left out), each followed by the imports of every hop; returns how many.
    fn write_cycles(&self, out: &mut String, node: impl Fn(&File) -> Option<String>) -> usize {
        let hop = |m: &Import| Some((node(&self.files[m.from])?, node(&self.files[m.to])?));
        let found = cycles(self.imports.iter().filter_map(hop));
        for cycle in &found {
            let _ = writeln!(out, "{} -> {}", cycle.join(" -> "), cycle[0]);
            for (i, from) in cycle.iter().enumerate() {
                let to = &cycle[(i + 1) % cycle.len()];
                let on_hop = |m: &&Import| hop(m).is_some_and(|(a, b)| a == *from && b == *to);
                for import in self.imports.iter().filter(on_hop) {
                    let _ = writeln!(out, "    {}", self.describe(import));
                }
            }
        }
        found.len()
    }
}

/// Every cycle of a graph given by its edges: for each edge on one, the shortest cycle through it
/// (its nodes in edge order, the first in name order first), without repeats, in name order.
fn cycles(edges: impl IntoIterator<Item = (String, String)>) -> Vec<Vec<String>> {
    let mut next: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in edges.into_iter().filter(|(from, to)| from != to) {
        next.entry(from).or_default().insert(to);
    }
    let mut found = BTreeSet::new();
    for (from, targets) in &next {
        for to in targets {
            // The shortest way back from `to` to `from`, breadth first.
            let mut came_from: HashMap<&str, &str> = HashMap::new();
            let mut queue = VecDeque::from([to.as_str()]);
            while let Some(at) = queue.pop_front().filter(|&at| at != from) {
                for n in next.get(at).into_iter().flatten() {
                    if n != to && !came_from.contains_key(n.as_str()) {
                        came_from.insert(n, at);
                        queue.push_back(n);
                    }
                }
            }
            if !came_from.contains_key(from.as_str()) {
                continue;
            }
            // From `from` back to `to`, then reversed into edge order.
            let mut cycle = vec![from.clone()];
            let mut at = from.as_str();
            while let Some(&previous) = came_from.get(at) {
                cycle.push(previous.to_owned());
                at = previous;
            }
            cycle[1..].reverse();
            let first = (0..cycle.len()).min_by_key(|&i| &cycle[i]).unwrap_or(0);
            cycle.rotate_left(first);
            found.insert(cycle);
        }
    }
    found.into_iter().collect()
}

/// The text with comments (`//`, `///`, `//!`, `/* */`), string literals (plain, byte, C and
/// raw) and character literals replaced by spaces; newlines stay, so lines keep their numbers.
fn blank_non_code(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, from: &[char]| {
        out.extend(from.iter().map(|&c| if c == '\n' { '\n' } else { ' ' }));
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let after_ident = i > 0 && is_ident_char(chars[i - 1]);
        let end = if c == '/' && next == Some('/') {
            chars[i..].iter().position(|&c| c == '\n').map_or(chars.len(), |n| i + n)
        } else if c == '/' && next == Some('*') {
            block_comment_end(&chars, i)
        } else if c == '"' {
            string_end(&chars, i + 1)
        } else if !after_ident && matches!(c, 'r' | 'b' | 'c') {
            // A raw string (`r"…"`, `r#"…"#`, `br"…"`), or a byte or C string (`b"…"`).
            let prefix = if c != 'r' && next == Some('r') { 2 } else { 1 };
            let hashes = chars[i + prefix..].iter().take_while(|&&c| c == '#').count();
            let quote = chars.get(i + prefix + hashes) == Some(&'"');
            if quote && (c == 'r' || prefix == 2) {
                raw_string_end(&chars, i + prefix + hashes + 1, hashes)
            } else if quote && hashes == 0 && c != 'r' {
                string_end(&chars, i + 2)
            } else {
                i
            }
        } else if c == '\'' && next == Some('\\') {
            chars[i + 2..]
                .iter()
                .skip(1)
                .position(|&c| c == '\'')
                .map_or(chars.len(), |n| i + n + 4)
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i + 3
        } else {
            i
        };
        if end > i {
            blank(&mut out, &chars[i..end.min(chars.len())]);
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The index past the `*/` that closes the comment opening at `start` (comments nest).
fn block_comment_end(chars: &[char], start: usize) -> usize {
    let (mut depth, mut i) = (0usize, start);
    while i + 1 < chars.len() {
        match (chars[i], chars[i + 1]) {
            ('/', '*') => (depth, i) = (depth + 1, i + 2),
            ('*', '/') => {
                (depth, i) = (depth - 1, i + 2);
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    chars.len()
}

/// The index past the `"` that closes a string whose text starts at `start`.
fn string_end(chars: &[char], start: usize) -> usize {
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// The index past the `"` and `hashes` `#`s that close a raw string whose text starts at `start`.
fn raw_string_end(chars: &[char], start: usize, hashes: usize) -> usize {
    (start..chars.len())
        .find(|&i| chars[i] == '"' && (1..=hashes).all(|h| chars.get(i + h) == Some(&'#')))
        .map_or(chars.len(), |i| i + 1 + hashes)
}

/// A token of blanked code: an identifier (`$crate` included), `::`, or one other character.
struct Token<'a> {
    text: &'a str,
    line: usize,
}

fn tokens(code: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut rest = code.char_indices().peekable();
    while let Some((at, c)) = rest.next() {
        let mut end = at + c.len_utf8();
        if c == '\n' {
            line += 1;
            continue;
        } else if c.is_whitespace() {
            continue;
        } else if is_ident_char(c) || c == '$' {
            while let Some(&(i, c)) = rest.peek().filter(|&&(_, c)| is_ident_char(c)) {
                end = i + c.len_utf8();
                rest.next();
            }
        } else if c == ':' && rest.peek().is_some_and(|&(_, c)| c == ':') {
            rest.next();
            end += 1;
        }
        out.push(Token { text: &code[at..end], line });
    }
    out
}

/// The names of the file modules a file declares (`mod cli;`).
fn declared_modules(tokens: &[Token<'_>]) -> Vec<String> {
    tokens
        .windows(3)
        .filter(|w| w[0].text == "mod" && w[2].text == ";")
        .map(|w| w[1].text.to_owned())
        .collect()
}

/// A path as a file writes it.
struct Written {
    line: usize,
    /// The inline modules it is written in (`["tests"]`).
    scope: Vec<String>,
    path: Vec<String>,
    /// Whether it is a leaf of a `use` tree (not a path in code).
    used: bool,
}

/// Every path a file's code names: each `use` tree expanded, and each path in code that starts
/// with `crate`, `$crate`, `super`, `self`, or any other name (resolving drops what is not a
/// module of the crate).
fn paths_in(tokens: &[Token<'_>]) -> Vec<Written> {
    let mut out = Vec::new();
    // Inline modules open around the current token: (name, brace depth outside it).
    let mut scope: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let text = tokens[i].text;
        let before = i.checked_sub(1).map(|b| tokens[b].text);
        let names = || scope.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        match text {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if scope.last().is_some_and(|&(_, d)| d == depth) {
                    scope.pop();
                }
            }
            "mod" if tokens.get(i + 2).is_some_and(|t| t.text == "{") => {
                scope.push((tokens[i + 1].text.to_owned(), depth));
            }
            "use" if tokens.get(i + 1).is_some_and(|t| t.text != "<") => {
                let mut trees = Vec::new();
                i = use_tree(tokens, i + 1, &[], &mut trees);
                out.extend(trees.into_iter().map(|(line, path)| Written {
                    line,
                    scope: names(),
                    path,
                    used: true,
                }));
                continue;
            }
            _ if is_ident_char(text.chars().next().unwrap_or(' ')) || text == "$crate" => {
                let starts_path = !matches!(before, Some("::" | "." | "'"));
                if starts_path && tokens.get(i + 1).is_some_and(|t| t.text == "::") {
                    let line = tokens[i].line;
                    let mut path = vec![text.to_owned()];
                    i += 1;
                    while tokens.get(i).is_some_and(|t| t.text == "::")
                        && let Some(t) = tokens.get(i + 1).filter(|t| is_ident(t.text))
                    {
                        path.push(t.text.to_owned());
                        i += 2;
                    }
                    out.push(Written { line, scope: names(), path, used: false });
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn is_ident(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
}

/// Reads the use tree starting at token `i` under `prefix` into `out` (one path per leaf: a
/// group's `self` is the group's own path, a glob names the module it opens, a rename is dropped),
/// and returns the index past it.
fn use_tree(
    tokens: &[Token<'_>],
    mut i: usize,
    prefix: &[String],
    out: &mut Vec<(usize, Vec<String>)>,
) -> usize {
    let mut path = prefix.to_vec();
    let mut line = tokens.get(i).map_or(0, |t| t.line);
    if tokens.get(i).is_some_and(|t| t.text == "::") {
        path.push("::".to_owned()); // an external crate (`use ::http::Request`): never resolves
        i += 1;
    }
    while let Some(token) = tokens.get(i) {
        match token.text {
            "{" => {
                i += 1;
                while tokens.get(i).is_some_and(|t| t.text != "}") {
                    i = use_tree(tokens, i, &path, out);
                    if tokens.get(i).is_some_and(|t| t.text == ",") {
                        i += 1;
                    }
                }
                return skip_to_end(tokens, i + 1);
            }
            "*" => {
                out.push((line, path));
                return skip_to_end(tokens, i + 1);
            }
            "::" => i += 1,
            name if is_ident(name) => {
                line = token.line;
                if name != "self" || path.is_empty() {
                    path.push(name.to_owned());
                }
                i += 1;
                if tokens.get(i).is_none_or(|t| t.text != "::") {
                    out.push((line, path));
                    return skip_to_end(tokens, i);
                }
            }
            _ => return skip_to_end(tokens, i),
        }
    }
    i
}

/// Past a rename (`as x`) and the `;` that ends a use declaration; stops at `,` and `}` in a group.
fn skip_to_end(tokens: &[Token<'_>], mut i: usize) -> usize {
    if tokens.get(i).is_some_and(|t| t.text == "as") {
        i += 2;
    }
    if tokens.get(i).is_some_and(|t| t.text == ";") {
        i += 1;
    }
    i
}
