//! The walk over JSON text: one pass, no `serde_json::Value` built, generic over its [`Sink`].
//!
//! It reads the text with [`Lexer`] beside the compiled nodes and tells the rules what it found,
//! as the `Value` walk does, so both report the same violations in the same order. Only this walk
//! sees a member or map key given twice in one object (a `Value` keeps the last copy): a
//! `duplicate` violation, or, when the validator allows repeats, the payload is read into a
//! `Value` and walked there, so the last copy wins as it does everywhere else.
//!
//! A one-class pattern over the whole value (`[a-zA-Z0-9-_.]+`, `\S{36,64}`) is tested while its
//! string is read, and the same pass counts the chars for the length check. The valid path
//! allocates nothing, except to remember the keys of maps with more than sixteen and the items of
//! uniqueItems lists (compared as values).

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::ControlFlow;

use serde::de::IgnoredAny;
use serde_json::Value;

use super::lexer::{Halt, Lexer, RECURSION_LIMIT, Read, Text};
use super::number::NumRef;
use super::rules::{self, Members};
use super::scalar::{self, Scalar};
use super::sink::{CollectAll, Flow, Sink, StopAtFirst};
use super::trail::Step;
use super::value;
use crate::compile::ir::{Ir, Kind, Node, NodeId, StructIr};
use crate::error::{Error, ErrorKind};
use crate::options::Options;
use crate::violation::Report;

/// Every violation of the JSON in `bytes` against `node`, up to the cap, in the report's order.
pub(crate) fn report(
    ir: &Ir,
    node: NodeId,
    bytes: &[u8],
    opts: &Options,
) -> Result<Report<'static>, Error> {
    // One walk, collecting. (A yes/no walk first, to settle valid payloads without paths, saved
    // 5 % on valid payloads and cost 48 % on invalid ones: measured on the corpus, not kept.)
    let text = utf8(bytes)?;
    match walk(ir, node, text, opts, CollectAll::new(opts.max_violations)) {
        (mut sink, Ok(()) | Err((Halt::Stop, _))) => Ok(sink.finish()),
        (_, Err((Halt::Repeated, _))) => {
            let value: Value = serde_json::from_str(text).map_err(Error::payload_syntax)?;
            Ok(value::report(ir, node, &value, opts).into_owned())
        }
        (_, Err((halt, at))) => Err(syntax_error(text, halt, at)),
    }
}

/// Whether the JSON in `bytes` satisfies `node`; stops at the first violation.
pub(crate) fn verdict(ir: &Ir, node: NodeId, bytes: &[u8], opts: &Options) -> Result<bool, Error> {
    if opts.allow_duplicate_members {
        // The first violation may be in a copy that a later one replaces.
        return report(ir, node, bytes, opts).map(|r| r.is_valid());
    }
    let text = utf8(bytes)?;
    match walk(ir, node, text, opts, StopAtFirst).1 {
        Ok(()) => Ok(true),
        Err((Halt::Stop, _)) => Ok(false),
        Err((halt, at)) => Err(syntax_error(text, halt, at)),
    }
}

/// One walk over `text`: the sink, and how the walk ended (where the text is at fault, if it is).
#[inline(always)]
fn walk<'a, S: Sink<'static>>(
    ir: &'a Ir,
    node: NodeId,
    text: &'a str,
    opts: &'a Options,
    sink: S,
) -> (S, Result<(), (Halt, usize)>) {
    let mut walk = BytesWalk { ir, opts, lex: Lexer::new(text), sink };
    let end = walk.root(node).map_err(|halt| (halt, walk.lex.fault()));
    (walk.sink, end)
}

/// The whole input as UTF-8 (checked once, with SIMD where the CPU has it), or the error at the
/// first bad byte.
#[inline]
fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    let at = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
    let (line, column) = position(bytes, at);
    Err(Error::new(ErrorKind::PayloadSyntax, "invalid UTF-8").with_position(line, column))
}

/// The 1-based line and column of byte `at` (columns count bytes, as serde_json's do).
fn position(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = bytes.get(..at).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = at - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, column)
}

/// serde_json's errors that the walk does not raise where it only skips a value (a number that
/// overflows a double, an escaped lone surrogate, nesting past its limit).
const RAISED_ONLY_WHERE_READ: [&str; 4] = [
    "number out of range",
    "lone leading surrogate in hex escape",
    "unexpected end of hex escape",
    "recursion limit exceeded",
];

/// The error for text the walk found not well-formed: serde_json's own wording and position.
/// The walk stopped at the offending token; serde_json, reading the whole text into a `Value`,
/// finds the same problem first unless an earlier one is of a kind the walk does not raise where
/// it skips (then the token itself is read).
#[cold]
fn syntax_error(text: &str, halt: Halt, at: usize) -> Error {
    if halt == Halt::TooDeep {
        let (line, column) = position(text.as_bytes(), at);
        return Error::new(ErrorKind::PayloadSyntax, "recursion limit exceeded")
            .with_position(line, column);
    }
    if let Err(e) = serde_json::from_str::<Value>(text)
        && !RAISED_ONLY_WHERE_READ.iter().any(|m| e.to_string().starts_with(m))
    {
        return Error::payload_syntax(e);
    }
    // The token at `at`, read alone: its error, placed in the whole text.
    let token = text.get(at..).unwrap_or_default();
    if let Some(Err(e)) = serde_json::Deserializer::from_str(token).into_iter::<Value>().next() {
        let (line, column) = position(text.as_bytes(), at);
        let column = if e.line() == 1 { column - 1 + e.column() } else { e.column() };
        let line = line + e.line() - 1;
        return Error::payload_syntax(e).with_position(line, column);
    }
    match serde_json::from_str::<IgnoredAny>(text) {
        Err(e) => Error::payload_syntax(e),
        Ok(_) => {
            let (line, column) = position(text.as_bytes(), at);
            Error::new(ErrorKind::PayloadSyntax, "malformed JSON").with_position(line, column)
        }
    }
}

/// The sink's decision as a read's outcome.
#[inline(always)]
fn go(flow: Flow) -> Read {
    match flow {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(Halt::Stop),
    }
}

/// A string as the offending value of a violation.
fn echo_str(s: &str) -> Option<Cow<'static, Value>> {
    Some(Cow::Owned(Value::String(s.to_owned())))
}

fn null() -> Option<Cow<'static, Value>> {
    Some(Cow::Owned(Value::Null))
}

fn nothing() -> Option<Cow<'static, Value>> {
    None
}

/// A walk over JSON text, reporting into `S`.
struct BytesWalk<'a, S> {
    ir: &'a Ir,
    opts: &'a Options,
    lex: Lexer<'a>,
    sink: S,
}

impl<'a, S: Sink<'static>> BytesWalk<'a, S> {
    /// The whole text: one value against `id`, then nothing but whitespace.
    fn root(&mut self, id: NodeId) -> Read {
        let at = S::root();
        if self.value(id, &at, 0)?
            && let Some(node) = self.ir.nodes.get(id)
        {
            go(rules::null_value(node, |d| self.sink.report(&at, node.sensitive, null, d)))?;
        }
        self.lex.end()
    }

    /// One value against node `id`; whether it was `null` (the caller decides what that means:
    /// an absent member, a sparse item, the wrong type). Strings, the commonest values, go
    /// straight to their check; everything else out of line.
    #[inline(always)]
    fn value(&mut self, id: NodeId, at: &S::At<'_>, depth: usize) -> Read<bool> {
        let Some(node) = self.ir.nodes.get(id) else { return self.lex.skip().map(|()| false) };
        self.lex.ws();
        if self.lex.peek() == Some(b'"') {
            self.string(node, at)?;
            return Ok(false);
        }
        self.other(node, at, depth)
    }

    #[inline(never)]
    fn other(&mut self, node: &Node, at: &S::At<'_>, depth: usize) -> Read<bool> {
        let read = match self.lex.peek() {
            Some(b'"') => return self.string(node, at).map(|()| false),
            Some(b'{') => return self.object(node, at, depth).map(|()| false),
            Some(b'[') => return self.array(node, at, depth).map(|()| false),
            Some(b'n') => return self.lex.literal(b"null").map(|()| true),
            Some(b't') => self.lex.literal(b"true").map(|()| Scalar::Bool(true))?,
            Some(b'f') => self.lex.literal(b"false").map(|()| Scalar::Bool(false))?,
            _ => match self.lex.number()? {
                // A double may not hold what was written: its text keeps the rules exact.
                (n @ NumRef::F64(_), text) => Scalar::Written(n, text),
                (n, _) => Scalar::Num(n),
            },
        };
        let sink = &mut self.sink;
        let echo = || Some(Cow::Owned(read.to_json()));
        go(scalar::check(self.ir, node, read, |d| sink.report(at, node.sensitive, echo, d)))?;
        Ok(false)
    }

    /// The string at `"` against `node`. (Out of line: the class scan it holds compiles best in a
    /// function of its own.)
    #[inline(never)]
    fn string(&mut self, node: &Node, at: &S::At<'_>) -> Read {
        if self.class_string(node, at)?.is_none() {
            let text = self.lex.string()?;
            self.checked(node, at, &text)?;
        }
        Ok(())
    }

    /// A map key at `"` against the key's node; its contents.
    #[inline(never)]
    fn map_key(&mut self, node: &Node, at: &S::At<'_>) -> Read<Text<'a>> {
        if let Some(s) = self.class_string(node, at)? {
            return Ok(Text::Plain(s));
        }
        let text = self.lex.string()?;
        self.checked(node, at, &text)?;
        Ok(text)
    }

    /// When the node's pattern is one char class over the whole value and the string at `"` has
    /// no escapes, its chars are tested and counted as it is read: the string, checked. `None`
    /// (nothing read) otherwise.
    #[inline(always)]
    fn class_string(&mut self, node: &Node, at: &S::At<'_>) -> Read<Option<&'a str>> {
        if let Kind::String = node.kind
            && let Some(one) = &node.class
            && let Some((chars, s)) = self.lex.class_string(one.pred())
        {
            let sink = &mut self.sink;
            let report = |d| sink.report(at, node.sensitive, || echo_str(s), d);
            go(scalar::string_counted(self.ir, node, s, Some(Some(chars)), report))?;
            return Ok(Some(s));
        }
        Ok(None)
    }

    /// A string read whole, checked against `node`.
    fn checked(&mut self, node: &Node, at: &S::At<'_>, s: &str) -> Read {
        let sink = &mut self.sink;
        let report = |d| sink.report(at, node.sensitive, || echo_str(s), d);
        go(scalar::check(self.ir, node, Scalar::Str(s), report))
    }

    /// Enters the `{` or `[` at the cursor for `node`, as deep as `depth`: `false` when the value
    /// is too deep to walk (the violation is reported and the value skipped).
    fn enter(&mut self, node: &Node, at: &S::At<'_>, depth: usize) -> Read<bool> {
        let sink = &mut self.sink;
        match rules::depth(self.opts, depth, |d| sink.report(at, node.sensitive, nothing, d)) {
            None => Ok(true),
            Some(flow) => go(flow).and_then(|()| self.lex.skip()).map(|()| false),
        }
    }

    /// serde_json reads at most [`RECURSION_LIMIT`] nested arrays and objects (reached only when the
    /// validator's own depth limit is set higher): the bracket at the cursor, as deep as `depth`,
    /// must be within it.
    fn within_recursion_limit(&mut self, depth: usize) -> Read {
        if depth + 1 >= RECURSION_LIMIT { self.lex.too_deep() } else { Ok(()) }
    }

    /// A value of a JSON type the node never takes: reported, then skipped.
    fn mismatch(&mut self, node: &Node, at: &S::At<'_>) -> Read {
        let sink = &mut self.sink;
        go(scalar::wrong_type(node, |d| sink.report(at, node.sensitive, nothing, d)))?;
        self.lex.skip()
    }

    fn object(&mut self, node: &Node, at: &S::At<'_>, depth: usize) -> Read {
        self.within_recursion_limit(depth)?;
        match &node.kind {
            Kind::Structure(s) | Kind::Union(s) => {
                let ir = self.ir;
                let Some(st) = ir.structs.get(*s) else { return self.lex.skip() };
                if self.enter(node, at, depth)? {
                    self.structure(node, st, matches!(node.kind, Kind::Union(_)), at, depth)?;
                }
                Ok(())
            }
            Kind::Map { key, value, sparse } => {
                if self.enter(node, at, depth)? {
                    self.map(node, (*key, *value, *sparse), at, depth)?;
                }
                Ok(())
            }
            Kind::Document => self.lex.skip(),
            _ => self.mismatch(node, at),
        }
    }

    fn array(&mut self, node: &Node, at: &S::At<'_>, depth: usize) -> Read {
        self.within_recursion_limit(depth)?;
        match node.kind {
            Kind::List { item, unique, sparse } => {
                if self.enter(node, at, depth)? {
                    self.list(node, (item, unique, sparse), at, depth)?;
                }
                Ok(())
            }
            Kind::Document => self.lex.skip(),
            _ => self.mismatch(node, at),
        }
    }

    fn structure(
        &mut self,
        node: &Node,
        st: &StructIr,
        union: bool,
        at: &S::At<'_>,
        depth: usize,
    ) -> Read {
        let ir = self.ir;
        let n = st.members.len();
        // Members met (`null` or not, to find repeats) and members set (not `null`, or `null` when
        // the policy says a `null` member is set).
        let (mut met, mut set) = (Members::new(n), Members::new(n));
        let mut unknown = 0;
        if self.lex.open(b'}')? {
            loop {
                self.lex.key_start()?;
                let decoded;
                let (key, words) = match self.lex.plain_key()? {
                    Some(plain) => plain,
                    None => {
                        decoded = self.lex.string()?;
                        (&*decoded, crate::compile::ir::KeyWords::of(&decoded))
                    }
                };
                self.lex.colon()?;
                match st.member_by(key, words, false) {
                    Some((i, member)) => {
                        let at = S::child(at, Step::member(st, i));
                        if !met.insert(i) {
                            if self.opts.allow_duplicate_members {
                                return Err(Halt::Repeated);
                            }
                            let sink = &mut self.sink;
                            go(rules::duplicate(|d| sink.report(&at, node.sensitive, nothing, d)))?;
                        }
                        if !self.value(member, &at, depth + 1)? {
                            set.insert(i);
                        } else if rules::null_member_is_set(self.opts)
                            && let Some(m) = ir.nodes.get(member)
                        {
                            set.insert(i);
                            let sink = &mut self.sink;
                            go(rules::null_value(m, |d| sink.report(&at, m.sensitive, null, d)))?;
                        }
                    }
                    None => {
                        let at = S::child(at, Step::undeclared(st, key, unknown));
                        unknown += 1;
                        let sink = &mut self.sink;
                        go(rules::unknown(self.opts, |d| {
                            sink.report(&at, node.sensitive, nothing, d)
                        }))?;
                        self.lex.skip()?;
                    }
                }
                if !self.lex.next_or_end(b'}')? {
                    break;
                }
            }
        }
        if union {
            go(rules::union(set.len(), unknown, |d| {
                self.sink.report(at, node.sensitive, nothing, d)
            }))?;
        }
        go(rules::required(ir, st, &set, 0..st.members.len(), |i, sensitive, d| {
            self.sink.report(&S::child(at, Step::member(st, i)), sensitive, null, d)
        }))
    }

    fn map(
        &mut self,
        node: &Node,
        (key, value, sparse): (NodeId, NodeId, bool),
        at: &S::At<'_>,
        depth: usize,
    ) -> Read {
        let ir = self.ir;
        let Some(key_node) = ir.nodes.get(key) else { return self.lex.skip() };
        let mut keys = SeenKeys::default();
        let mut n = 0;
        if self.lex.open(b'}')? {
            loop {
                self.lex.key_start()?;
                // The key is checked as it is read (a map key is a string or an enum).
                let k = self.map_key(key_node, &S::child(at, Step::map_key(n)))?;
                let at = S::child(at, Step::map_value(&k, n));
                if !keys.insert(&k) {
                    if self.opts.allow_duplicate_members {
                        return Err(Halt::Repeated);
                    }
                    let sink = &mut self.sink;
                    go(rules::duplicate(|d| sink.report(&at, node.sensitive, nothing, d)))?;
                }
                self.lex.colon()?;
                self.entry(node, (value, sparse), &at, depth)?;
                n += 1;
                if !self.lex.next_or_end(b'}')? {
                    break;
                }
            }
        }
        go(rules::count(node, n, |d| self.sink.report(at, node.sensitive, nothing, d)))
    }

    /// A list item or map value of the collection `node`: `null` only in a sparse one.
    #[inline(always)]
    fn entry(
        &mut self,
        node: &Node,
        (item, sparse): (NodeId, bool),
        at: &S::At<'_>,
        depth: usize,
    ) -> Read {
        if self.value(item, at, depth + 1)? {
            let sink = &mut self.sink;
            go(rules::null_entry(sparse, |d| sink.report(at, node.sensitive, null, d)))?;
        }
        Ok(())
    }

    fn list(
        &mut self,
        node: &Node,
        (item, unique, sparse): (NodeId, bool, bool),
        at: &S::At<'_>,
        depth: usize,
    ) -> Read {
        // uniqueItems compares items as values: where each one's text is.
        let mut spans = Vec::new();
        let mut n = 0;
        if self.lex.open(b']')? {
            loop {
                let at = S::child(at, Step::index(n));
                self.lex.ws();
                let start = self.lex.offset();
                self.entry(node, (item, sparse), &at, depth)?;
                if unique {
                    spans.push((start, self.lex.since(start)));
                }
                n += 1;
                if !self.lex.next_or_end(b']')? {
                    break;
                }
            }
        }
        go(rules::count(node, n, |d| self.sink.report(at, node.sensitive, nothing, d)))?;
        if unique {
            let mut items = Vec::with_capacity(spans.len());
            for (start, text) in spans {
                match serde_json::from_str::<Value>(text) {
                    Ok(v) => items.push(v),
                    Err(_) => return self.lex.malformed(start),
                }
            }
            let sink = &mut self.sink;
            let report = |d| sink.report(at, node.sensitive, nothing, d);
            go(rules::unique_items(self.ir, item, &items, self.opts, report))?;
        }
        Ok(())
    }
}

/// The keys of one map seen so far, to find a repeated one: compared in place for the first 16,
/// hashed beyond (only big maps allocate).
#[derive(Debug, Default)]
struct SeenKeys<'t> {
    small: [&'t str; 16],
    len: usize,
    big: Option<HashSet<String>>,
}

impl<'t> SeenKeys<'t> {
    /// Records `key`; `false` when it was seen before.
    #[inline]
    fn insert(&mut self, key: &Text<'t>) -> bool {
        match (key, self.big.is_none(), self.small.get_mut(self.len)) {
            (Text::Plain(k), true, Some(_)) => {
                let seen = self.small.get(..self.len).unwrap_or_default();
                if seen.contains(k) {
                    return false;
                }
                if let Some(slot) = self.small.get_mut(self.len) {
                    *slot = k;
                }
                self.len += 1;
                true
            }
            _ => self.insert_hashed(key),
        }
    }

    /// [`SeenKeys::insert`] past the keys compared in place, or for a key with escapes.
    #[cold]
    fn insert_hashed(&mut self, key: &Text<'t>) -> bool {
        let small = self.small.get(..self.len).unwrap_or_default();
        let big = self.big.get_or_insert_with(|| small.iter().map(|k| (*k).to_owned()).collect());
        big.insert(key.to_string())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::compile::compile;

    const ROOT: &str = env!("CARGO_MANIFEST_DIR");

    type Seed = (Ir, NodeId, Vec<u8>);

    /// The seed operations with their bundled valid payloads (`examples/`), compiled once.
    fn seeds() -> &'static [Seed] {
        static SEEDS: std::sync::LazyLock<Vec<Seed>> = std::sync::LazyLock::new(compile_seeds);
        &SEEDS
    }

    fn compile_seeds() -> Vec<Seed> {
        [
            ("iot", "CreatePackage", "iot-create-package", false),
            ("iot", "CreatePackage", "iot-create-package-output", true),
            ("codeartifact", "CreatePackageGroup", "codeartifact-create-package-group", false),
            (
                "codeartifact",
                "CreatePackageGroup",
                "codeartifact-create-package-group-output",
                true,
            ),
            ("panorama", "CreatePackage", "panorama-create-package", false),
            ("panorama", "CreatePackage", "panorama-create-package-output", true),
            ("panorama", "DescribePackageVersion", "panorama-describe-package-version", false),
            (
                "panorama",
                "DescribePackageVersion",
                "panorama-describe-package-version-output",
                true,
            ),
        ]
        .into_iter()
        .map(|(spec, op, example, output)| {
            let spec = crate::Spec::from_path(format!("{ROOT}/specs/{spec}.json")).unwrap();
            let ir = compile(&spec).unwrap();
            let o = &ir.operations[op];
            let node = if output { o.output } else { o.input }.unwrap();
            let payload = std::fs::read(format!("{ROOT}/examples/{example}.json")).unwrap();
            (ir, node, payload)
        })
        .collect()
    }

    #[test]
    fn valid_seed_payloads_are_valid_in_every_layout() {
        let opts = Options::default();
        for (ir, node, payload) in seeds() {
            let v: Value = serde_json::from_slice(payload).unwrap();
            let compact = serde_json::to_vec(&v).unwrap();
            let pretty = serde_json::to_vec_pretty(&v).unwrap();
            for bytes in [payload, &compact, &pretty] {
                assert_eq!(verdict(ir, *node, bytes, &opts), Ok(true));
                assert_eq!(report(ir, *node, bytes, &opts), Ok(Report::default()));
            }
        }
    }

    #[test]
    fn keys_of_every_length_are_read_and_found() {
        // Members named "a", "ab", ... up to 24 bytes: keys that end inside the first word, the
        // second word, exactly at sixteen bytes, and beyond.
        let names: Vec<String> =
            (1..=24).map(|n| "abcdefghijklmnopqrstuvwxyz"[..n].to_owned()).collect();
        let members: serde_json::Map<String, Value> = names
            .iter()
            .map(|n| (n.clone(), serde_json::json!({"target": "S", "required": true})))
            .collect();
        let spec = serde_json::json!({
            "conform": 1, "service": "keys", "patterns": "whole-value", "operations": {},
            "shapes": {
                "T": {"type": "structure", "members": members},
                "S": {"type": "string", "pattern": "[a-z]+"}}});
        let ir = compile(&crate::Spec::from_value(spec).unwrap()).unwrap();
        let node = ir.shapes["T"];
        let opts = Options::default();
        let payload = |keys: &[String]| {
            let body: Vec<String> = keys.iter().map(|k| format!("\"{k}\":\"x\"")).collect();
            format!("{{{}}}", body.join(","))
        };
        assert_eq!(verdict(&ir, node, payload(&names).as_bytes(), &opts), Ok(true));
        // Keys given last to first, and followed by the end of the input right after the quote.
        let reversed: Vec<String> = names.iter().rev().cloned().collect();
        assert_eq!(verdict(&ir, node, payload(&reversed).as_bytes(), &opts), Ok(true));
        for (i, name) in names.iter().enumerate() {
            // One key one byte longer: an unknown member, so a required one is missing.
            let mut keys = names.clone();
            keys[i] = format!("{name}z");
            let found = report(&ir, node, payload(&keys).as_bytes(), &opts).unwrap();
            let paths: Vec<&str> = found.violations().iter().map(|v| v.path()).collect();
            assert_eq!(paths, [format!("/{name}")], "{name}z");
            // The same key written with an escape: found all the same.
            keys[i] =
                format!("{}\\u00{:x}", &name[..name.len() - 1], name.as_bytes()[name.len() - 1]);
            assert_eq!(
                verdict(&ir, node, payload(&keys).as_bytes(), &opts),
                Ok(true),
                "{}",
                keys[i]
            );
        }
    }

    /// Byte-level damage to a valid payload: an insertion, a deletion or a replacement.
    fn damaged() -> impl Strategy<Value = (usize, Vec<(u8, usize, u8)>)> {
        let edit = (
            0u8..3,
            any::<usize>(),
            prop::sample::select(
                b"\"\\{}[],:0123456789-+.eE tfnul\x00\x1f\x7f\xc3\xa9\xff a_Z/".to_vec(),
            ),
        );
        (0usize..8, prop::collection::vec(edit, 1..4))
    }

    /// serde_json's errors that only a value read for validation raises (see `syntax_error`).
    fn raised_only_where_read(e: &serde_json::Error) -> bool {
        RAISED_ONLY_WHERE_READ.iter().any(|m| e.to_string().starts_with(m))
    }

    /// Tokens to put into JSON text: well-formed or not, read or skipped, refused by serde_json
    /// only where read (a lone surrogate, an overflowing number) or everywhere.
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\"packageName\"",
        "\"tags\"",
        "\"k\"",
        "\"PackageId\"",
        "\"a\\u0041\"",
        "\"\\ud800\"",
        "\"\\x\"",
        "\"\u{e9}\"",
        "\"",
        "1",
        "-0",
        "01",
        "1.5",
        "1e400",
        "-",
        "2.",
        "18446744073709551616",
        "true",
        "nul",
        "null",
        "\"NaN\"",
        "\"a b\"",
    ];

    /// The JSON tokens of a seed payload: strings, numbers and literals, punctuation.
    fn tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    let mut t = String::from('"');
                    while let Some(c) = chars.next() {
                        t.push(c);
                        match c {
                            '\\' => t.extend(chars.next()),
                            '"' => break,
                            _ => {}
                        }
                    }
                    out.push(t);
                }
                c if c.is_whitespace() => {}
                c if "{}[],:".contains(c) => out.push(c.to_string()),
                c => {
                    let mut t = String::from(c);
                    while let Some(&c) = chars.peek().filter(|c| !"{}[],:\" \n".contains(**c)) {
                        t.push(c);
                        chars.next();
                    }
                    out.push(t);
                }
            }
        }
        out
    }

    /// A seed payload with a few tokens replaced, removed or added: mostly one mistake away from
    /// well-formed, where a reader that accepts too much or too little shows.
    fn token_damage() -> impl Strategy<Value = (usize, String)> {
        let edit = (0u8..3, any::<usize>(), prop::sample::select(TOKENS));
        (0usize..8, prop::collection::vec(edit, 1..3)).prop_map(|(which, edits)| {
            let payload = std::str::from_utf8(&seeds()[which].2).unwrap_or_default();
            let mut tokens = tokens(payload);
            for (op, at, token) in edits {
                let at = at % (tokens.len() + 1);
                match op {
                    0 => tokens.insert(at, token.to_owned()),
                    1 if at < tokens.len() => drop(tokens.remove(at)),
                    _ if at < tokens.len() => tokens[at] = token.to_owned(),
                    _ => {}
                }
            }
            (which, tokens.concat())
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// Damaged tokens (`null` among them), under either null-member policy.
        #[test]
        fn damaged_tokens_read_as_serde_json_reads_them(
            (which, text) in token_damage(),
            null_is_set in any::<bool>(),
        ) {
            let null_members =
                if null_is_set { crate::NullMember::Invalid } else { crate::NullMember::Absent };
            let opts = Options { null_members, ..Options::default() };
            let (ir, node, _) = &seeds()[which];
            let by_bytes = report(ir, *node, text.as_bytes(), &opts);
            match serde_json::from_str::<Value>(&text) {
                Ok(v) => {
                    let r = by_bytes.expect("serde_json read it, so must the walk");
                    if !r.violations().iter().any(|x| x.constraint().as_str() == "duplicate") {
                        prop_assert_eq!(value::verdict(ir, *node, &v, &opts), r.is_valid());
                        prop_assert_eq!(verdict(ir, *node, text.as_bytes(), &opts), Ok(r.is_valid()));
                        prop_assert_eq!(r, value::report(ir, *node, &v, &opts));
                    }
                }
                Err(e) => match by_bytes {
                    Err(mine) if !raised_only_where_read(&e) => {
                        prop_assert_eq!(mine, Error::payload_syntax(e));
                    }
                    Err(_) => {}
                    Ok(_) => prop_assert!(raised_only_where_read(&e), "{e}"),
                },
            }
        }

        /// Damaged payloads: the verdict agrees with the report; where serde_json reads the text
        /// the report is the `Value` walk's; where it does not, the error is serde_json's.
        #[test]
        fn damaged_payloads_read_as_serde_json_reads_them((which, edits) in damaged()) {
            let opts = Options::default();
            let (ir, node, payload) = &seeds()[which];
            let mut bytes = payload.clone();
            for (op, at, b) in edits {
                let at = at % (bytes.len() + 1);
                match op {
                    0 => bytes.insert(at, b),
                    1 if at < bytes.len() => { bytes.remove(at); }
                    _ if at < bytes.len() => bytes[at] = b,
                    _ => {}
                }
            }
            let by_bytes = report(ir, *node, &bytes, &opts);
            let yes_no = verdict(ir, *node, &bytes, &opts);
            if let Ok(r) = &by_bytes {
                prop_assert_eq!(&yes_no, &Ok(r.is_valid()));
            }
            let utf8 = std::str::from_utf8(&bytes).is_ok();
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(v) => {
                    let r = by_bytes.expect("serde_json read it, so must the walk");
                    if !r.violations().iter().any(|x| x.constraint().as_str() == "duplicate") {
                        prop_assert_eq!(&r, &value::report(ir, *node, &v, &opts));
                        prop_assert_eq!(value::verdict(ir, *node, &v, &opts), r.is_valid());
                    }
                }
                Err(e) if utf8 => match by_bytes {
                    Err(mine) => {
                        if !raised_only_where_read(&e) {
                            prop_assert_eq!(mine, Error::payload_syntax(e));
                        }
                    }
                    Ok(_) => prop_assert!(raised_only_where_read(&e), "{e}"),
                },
                Err(_) => prop_assert_eq!(by_bytes.map_err(|e| e.message().to_owned()), Err("invalid UTF-8".to_owned())),
            }
        }
    }
}
