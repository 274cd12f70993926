//! The fast verdict: one pass over JSON bytes that answers "certainly well-formed and valid" for
//! the common case, and steps aside for everything else.
//!
//! Gateways mostly see valid requests, and for those the only answer needed is yes. This scanner
//! reads the bytes itself (no serde visitor machinery; one UTF-8 check of the whole input, which
//! measured faster than checking string by string) and applies the same scalar checks as the
//! other walkers ([`super::scalar`]). It never decides "invalid": at the first violation, or at
//! anything it does not handle exactly like serde_json and the streaming validator (escapes in
//! strings, numbers serde_json reads specially such as `-0` or integers beyond 64 bits,
//! uniqueItems lists, repeated members, deep nesting, malformed JSON), it gives up and the caller
//! runs the streaming validator, which gives the precise verdict or error. So a `true` here is
//! always the streaming validator's `Ok(true)`; the property test `tests/agree.rs` checks that.

use std::ops::ControlFlow;

use super::scalar::{NumRef, check_blob, check_number, check_string};
use super::timestamp;
use super::value::body_format;
use crate::compile::ir::{Ir, KeyWords, Kind, Node, NodeId, StructIr};
use crate::options::Options;
use crate::pattern::ascii::{BlockScan, BlockTest, HIGHS, ONES, block_at, first_marked};
use crate::pattern::class::CharPred;

/// JSON nesting beyond this is left to the streaming validator (which knows serde_json's own
/// limit and the validator's depth limit).
const MAX_NESTING: usize = 96;

/// Members of one structure tracked for repeats and required checks in a machine word; wider
/// structures are left to the streaming validator.
const MAX_TRACKED_MEMBERS: usize = 64;

/// Whether `bytes` is certainly well-formed JSON that satisfies `node`. `false` means "not
/// decided here", never "invalid".
pub(crate) fn certainly_valid(ir: &Ir, node: NodeId, bytes: &[u8], opts: &Options) -> bool {
    // One UTF-8 check of the whole input (fast on ASCII runs); strings are then sliced from it.
    let Ok(text) = simdutf8::basic::from_utf8(bytes) else { return false };
    let mut s = Scan { ir, opts, text, i: 0 };
    let Some(null) = s.value(node, 0) else { return false };
    s.ws();
    s.i == bytes.len()
        && (!null || ir.nodes.get(node).is_some_and(|n| matches!(n.kind, Kind::Document)))
}

/// `None` = give up (to the streaming validator).
type Step<T = ()> = Option<T>;

struct Scan<'a> {
    ir: &'a Ir,
    opts: &'a Options,
    text: &'a str,
    i: usize,
}

/// Checks passed (`Continue`) or not: the scalar checks' emitter for a verdict.
fn fail(_: crate::violation::Details) -> ControlFlow<()> {
    ControlFlow::Break(())
}

fn ok(flow: ControlFlow<()>) -> Step {
    match flow {
        ControlFlow::Continue(()) => Some(()),
        ControlFlow::Break(()) => None,
    }
}

impl<'a> Scan<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    #[inline]
    fn eat(&mut self, c: u8) -> Step {
        self.ws();
        (self.peek()? == c).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &[u8]) -> Step {
        let end = self.i.checked_add(word.len())?;
        (self.text.as_bytes().get(self.i..end)? == word).then(|| self.i = end)
    }

    /// One value checked against `node`; `Some(true)` when it was `null`. Strings, the commonest
    /// values, are read where they are met; the rest out of line.
    #[inline]
    fn value(&mut self, id: NodeId, depth: usize) -> Step<bool> {
        let node = self.ir.nodes.get(id)?;
        self.ws();
        if self.peek()? == b'"' {
            self.string_of(node)?;
            return Some(false);
        }
        self.other(node, depth)
    }

    #[inline(never)]
    fn other(&mut self, node: &Node, depth: usize) -> Step<bool> {
        let ir = self.ir;
        match self.peek()? {
            b'"' => self.string_of(node)?,
            b'{' => {
                if depth >= MAX_NESTING || depth >= self.opts.max_depth {
                    return None;
                }
                match &node.kind {
                    Kind::Structure(s) | Kind::Union(s) => {
                        let union = matches!(node.kind, Kind::Union(_));
                        self.structure(ir.structs.get(*s)?, union, depth)?;
                    }
                    Kind::Map { key, value, sparse } => {
                        let n = self.map(*key, *value, *sparse, depth)?;
                        if let Some(length) = &node.length {
                            length.allows(n).then_some(())?;
                        }
                    }
                    Kind::Document => self.skip(depth)?,
                    _ => return None,
                }
            }
            b'[' => {
                if depth >= MAX_NESTING || depth >= self.opts.max_depth {
                    return None;
                }
                match &node.kind {
                    Kind::List { item, unique: false, sparse } => {
                        let n = self.list(*item, *sparse, depth)?;
                        if let Some(length) = &node.length {
                            length.allows(n).then_some(())?;
                        }
                    }
                    Kind::Document => self.skip(depth)?,
                    _ => return None,
                }
            }
            b't' => {
                self.literal(b"true")?;
                matches!(node.kind, Kind::Boolean | Kind::Document).then_some(())?;
            }
            b'f' => {
                self.literal(b"false")?;
                matches!(node.kind, Kind::Boolean | Kind::Document).then_some(())?;
            }
            b'n' => {
                self.literal(b"null")?;
                return Some(true);
            }
            _ => {
                let n = self.number()?;
                self.number_value(node, n)?;
            }
        }
        Some(false)
    }

    /// A string at `"` checked against `node`. When the node's pattern is one char class over the
    /// whole value, its chars are tested and counted as the string is read.
    #[inline]
    fn string_of(&mut self, node: &Node) -> Step {
        if let Kind::String = node.kind
            && let Some(one) = &node.class
        {
            let chars = self.class_string(one.pred())?;
            let length_ok = node.length.as_ref().is_none_or(|l| l.allows(chars));
            return (length_ok && one.count_ok(chars)).then_some(());
        }
        let s = self.string()?;
        self.string_value(node, s)
    }

    /// A string without escapes whose chars are all in `pred`, at `"`; its length in chars.
    #[inline]
    fn class_string(&mut self, pred: &CharPred) -> Step<u64> {
        pred.scan(ClassString(self, pred))
    }

    fn string_value(&self, node: &Node, s: &str) -> Step {
        match &node.kind {
            Kind::String | Kind::Enum(_) => ok(check_string(self.ir, node, s, fail)),
            Kind::Blob => ok(check_blob(node, s, fail)),
            kind if kind.is_number() => ok(check_number(node, NumRef::special(s)?, fail)),
            Kind::Timestamp(f) => timestamp::text_is(body_format(*f), s).then_some(()),
            Kind::Document => Some(()),
            _ => None,
        }
    }

    fn number_value(&self, node: &Node, n: NumRef) -> Step {
        match &node.kind {
            kind if kind.is_number() => ok(check_number(node, n, fail)),
            Kind::Timestamp(f) => timestamp::number_is(body_format(*f), n).then_some(()),
            Kind::Document => Some(()),
            _ => None,
        }
    }

    /// A string without escapes, at `"`; the contents (no control characters).
    #[inline]
    fn string(&mut self) -> Step<&'a str> {
        let start = self.i + 1;
        let bytes = self.text.as_bytes();
        let mut n = start;
        // Sixteen bytes at a time to the first quote, backslash or control character; then,
        // near the end of the input, eight.
        while let Some(block) = block_at::<16>(bytes, n) {
            if let Some(lane) = first_stop(block, [0; 16]) {
                return self.string_end(start, n + lane);
            }
            n += 16;
        }
        while let Some(chunk) = bytes.get(n..n + 8) {
            let mask = special_mask(u64::from_le_bytes(chunk.try_into().ok()?));
            if mask != 0 {
                // The lowest marked byte is exact (false marks only appear above a true one).
                n += (mask.trailing_zeros() / 8) as usize;
                return self.string_end(start, n);
            }
            n += 8;
        }
        while !matches!(*bytes.get(n)?, b'"' | b'\\' | 0..=0x1f) {
            n += 1;
        }
        self.string_end(start, n)
    }

    /// A member key without escapes, at `"`, and its words: a key shorter than sixteen bytes is
    /// found and read in the same two words.
    #[inline]
    fn key(&mut self) -> Step<(&'a str, KeyWords)> {
        let start = self.i + 1;
        let bytes = self.text.as_bytes();
        if let Some(chunk) = bytes.get(start..start + 16) {
            let (a, b) = chunk.split_at(8);
            let a = u64::from_le_bytes(a.try_into().ok()?);
            let b = u64::from_le_bytes(b.try_into().ok()?);
            let (ma, mb) = (special_mask(a), special_mask(b));
            // The lowest marked byte is exact, as in `string`.
            let len = if ma != 0 {
                Some(ma.trailing_zeros() / 8)
            } else if mb != 0 {
                Some(8 + mb.trailing_zeros() / 8)
            } else {
                None
            };
            if let Some(len) = len {
                let len = len as usize;
                let key = self.string_end(start, start + len)?;
                return Some((key, KeyWords::masked(len, [a, b])));
            }
        }
        let key = self.string()?;
        Some((key, KeyWords::within(bytes, start, key)))
    }

    /// The string from `start` if it ends with the quote at `end`.
    #[inline]
    fn string_end(&mut self, start: usize, end: usize) -> Step<&'a str> {
        (*self.text.as_bytes().get(end)? == b'"').then_some(())?;
        self.i = end + 1;
        // Both ends are at ASCII quotes, so on char boundaries.
        self.text.get(start..end)
    }

    /// A number in JSON's grammar, read as serde_json reads it (with `float_roundtrip`).
    fn number(&mut self) -> Step<NumRef> {
        let start = self.i;
        let neg = self.peek()? == b'-';
        if neg {
            self.i += 1;
        }
        let int_start = self.i;
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        let int_end = self.i;
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.i += 1;
            let at = self.i;
            self.digits();
            (self.i > at).then_some(())?;
            float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            let at = self.i;
            self.digits();
            (self.i > at).then_some(())?;
            float = true;
        }
        let text = self.text.get(start..self.i)?;
        if float {
            let f: f64 = text.parse().ok()?;
            // serde_json rejects overflow to infinity; the streaming validator reports it.
            return f.is_finite().then_some(NumRef::F64(f));
        }
        let digits = self.text.as_bytes().get(int_start..int_end)?;
        let mut u: u64 = 0;
        for &d in digits {
            u = u.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
        }
        if neg {
            // `-0` is a float for serde_json; leave it to the streaming validator.
            if u == 0 {
                return None;
            }
            let i = 0i64.checked_sub_unsigned(u)?;
            Some(NumRef::I64(i))
        } else {
            Some(i64::try_from(u).map_or(NumRef::U64(u), NumRef::I64))
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
    }

    /// `{`: each member checked, no member twice, required ones present, one for a union.
    fn structure(&mut self, st: &StructIr, union: bool, depth: usize) -> Step {
        if st.members.len() > MAX_TRACKED_MEMBERS {
            return None;
        }
        self.i += 1;
        let (mut seen, mut set) = (0u64, 0u64);
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
        } else {
            loop {
                self.ws();
                (self.peek()? == b'"').then_some(())?;
                let (key, words) = self.key()?;
                self.eat(b':')?;
                match st.member_by(key, words, false) {
                    Some((i, node)) => {
                        let bit = 1u64 << i;
                        if seen & bit != 0 {
                            return None;
                        }
                        seen |= bit;
                        if !self.value(node, depth + 1)? {
                            set |= bit;
                        }
                    }
                    None if self.opts.deny_unknown_members => return None,
                    None => self.skip(depth + 1)?,
                }
                if !self.next_or_end(b'}')? {
                    break;
                }
            }
        }
        if union && set.count_ones() != 1 {
            return None;
        }
        (set & st.required_bits == st.required_bits).then_some(())
    }

    /// `{` of a map: keys and values checked; the entry count.
    fn map(&mut self, key: NodeId, value: NodeId, sparse: bool, depth: usize) -> Step<u64> {
        let ir = self.ir;
        let key_node = ir.nodes.get(key)?;
        self.i += 1;
        let mut n = 0u64;
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(0);
        }
        // A repeated key is the streaming validator's to report (`duplicate`); maps with more keys
        // than tracked here go there too.
        let mut seen: [&str; 16] = [""; 16];
        loop {
            self.ws();
            (self.peek()? == b'"').then_some(())?;
            // The key is checked as it is read (a map key is a string or an enum), then sliced
            // out between its quotes.
            let start = self.i + 1;
            self.string_of(key_node)?;
            let k = self.text.get(start..self.i.saturating_sub(1))?;
            let slot = usize::try_from(n).ok().filter(|&i| i < seen.len())?;
            (!seen[..slot].contains(&k)).then_some(())?;
            seen[slot] = k;
            self.eat(b':')?;
            if self.value(value, depth + 1)? && !sparse {
                return None;
            }
            n += 1;
            if !self.next_or_end(b'}')? {
                return Some(n);
            }
        }
    }

    /// `[` of a list: items checked; the item count.
    fn list(&mut self, item: NodeId, sparse: bool, depth: usize) -> Step<u64> {
        self.i += 1;
        let mut n = 0u64;
        self.ws();
        if self.peek()? == b']' {
            self.i += 1;
            return Some(0);
        }
        loop {
            if self.value(item, depth + 1)? && !sparse {
                return None;
            }
            n += 1;
            if !self.next_or_end(b']')? {
                return Some(n);
            }
        }
    }

    /// After a member or item: `,` (`true`, more follow) or the closing bracket (`false`).
    #[inline]
    fn next_or_end(&mut self, close: u8) -> Step<bool> {
        self.ws();
        let c = self.peek()?;
        self.i += 1;
        if c == b',' { Some(true) } else { (c == close).then_some(false) }
    }

    /// Any JSON value, checked for well-formedness only (unknown members, documents).
    fn skip(&mut self, depth: usize) -> Step {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                if depth >= MAX_NESTING {
                    return None;
                }
                let close = if self.peek()? == b'{' { b'}' } else { b']' };
                let object = close == b'}';
                self.i += 1;
                self.ws();
                if self.peek()? == close {
                    self.i += 1;
                    return Some(());
                }
                loop {
                    if object {
                        self.ws();
                        (self.peek()? == b'"').then_some(())?;
                        self.string()?;
                        self.eat(b':')?;
                    }
                    self.skip(depth + 1)?;
                    if !self.next_or_end(close)? {
                        return Some(());
                    }
                }
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number().map(drop),
        }
    }
}

/// [`Scan::class_string`]: the string scan with the class's test beside the search for the
/// closing quote.
struct ClassString<'s, 'a, 'p>(&'s mut Scan<'a>, &'p CharPred);

impl BlockScan for ClassString<'_, '_, '_> {
    type Out = Step<u64>;

    #[inline(always)]
    fn run<T: BlockTest>(self, test: T) -> Step<u64> {
        let (scan, pred) = (self.0, self.1);
        let (text, bytes) = (scan.text, scan.text.as_bytes());
        let start = scan.i + 1;
        let mut n = start;
        let mut continuations = 0;
        // Sixteen bytes at a time while the input has them, to the first byte that stops the run
        // of plain members: the closing quote, or a byte to look at on its own.
        while let Some(block) = block_at::<16>(bytes, n) {
            let Some(lane) = first_stop(block, test.misses(block)) else {
                n += 16;
                continue;
            };
            n += lane;
            let Some(len) = char_at_stop(text, pred, n)? else {
                scan.i = n + 1;
                return Some((n - start - continuations) as u64);
            };
            continuations += len - 1;
            n += len;
        }
        // Fewer than sixteen bytes left in the input: eight at a time.
        while let Some(chunk) = bytes.get(n..n + 8) {
            let word = u64::from_le_bytes(chunk.try_into().ok()?);
            let stop = special_mask(word) | word & HIGHS;
            if stop == 0 {
                test.word(word).then_some(())?;
                n += 8;
                continue;
            }
            // The lowest mark is exact: the first special or non-ASCII byte.
            let ascii = stop.trailing_zeros() / 8;
            test.prefix(word, ascii).then_some(())?;
            n += ascii as usize;
            let Some(len) = char_at_stop(text, pred, n)? else {
                scan.i = n + 1;
                return Some((n - start - continuations) as u64);
            };
            continuations += len - 1;
            n += len;
        }
        // Fewer than eight bytes left in the input: the plain path.
        scan.i = n - 1;
        let rest = scan.string()?;
        let chars = pred.count_if_all(rest)?;
        Some((n - start - continuations) as u64 + chars)
    }
}

/// What the byte at `text[n]`, where a run of a class's ASCII members stopped, means:
/// `Some(None)` for the closing quote; `Some(Some(len))` for a non-ASCII char of `len` bytes in the
/// class, to step over; `None` (give up) for an ASCII byte outside the class, an escape or a
/// control character.
#[inline(always)]
fn char_at_stop(text: &str, pred: &CharPred, n: usize) -> Step<Option<usize>> {
    match *text.as_bytes().get(n)? {
        b'"' => Some(None),
        0..0x80 => None,
        _ => pred.non_ascii_at(text, n).map(Some),
    }
}

/// The first lane of `block` that `misses` marks or that holds `"`, `\\` or a byte below 0x20,
/// if any: per lane in a form the compiler vectorises (SSE2 on x86-64, NEON on AArch64).
#[inline(always)]
fn first_stop(block: &[u8; 16], misses: [u8; 16]) -> Option<usize> {
    let mut stops = misses;
    for i in 0..16 {
        let b = block[i];
        let special = (b == b'"') | (b == b'\\') | (b < 0x20);
        stops[i] |= 0u8.wrapping_sub(u8::from(special));
    }
    first_marked(stops)
}

/// The high bit of each byte of `w` that is `"`, `\` or below 0x20 (SWAR: a zero byte after XOR
/// marks a match). A borrow can mark a byte above a marked one, never below, so the lowest mark is
/// exact.
#[inline]
fn special_mask(w: u64) -> u64 {
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let quote = zero(w ^ (ONES * u64::from(b'"')));
    let backslash = zero(w ^ (ONES * u64::from(b'\\')));
    // Bytes below 0x20: subtracting 0x20 borrows into the high bit, for bytes without it set.
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
    (quote | backslash | control) & HIGHS
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::compile::compile;
    use crate::validate::bytes;

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
    fn valid_seed_payloads_are_decided_here() {
        let opts = Options::default();
        for (ir, node, payload) in seeds() {
            assert!(
                certainly_valid(ir, *node, payload, &opts),
                "{}",
                String::from_utf8_lossy(payload)
            );
            // Compact and spaced-out forms too.
            let v: serde_json::Value = serde_json::from_slice(payload).unwrap();
            assert!(certainly_valid(ir, *node, &serde_json::to_vec(&v).unwrap(), &opts));
            assert!(certainly_valid(ir, *node, &serde_json::to_vec_pretty(&v).unwrap(), &opts));
        }
    }

    #[test]
    fn keys_of_every_length_are_read_and_found() {
        // Members named "a", "ab", ... up to 24 bytes: keys that end inside the first word, the
        // second word, exactly at sixteen bytes, and beyond.
        let names: Vec<String> =
            (1..=24).map(|n| "abcdefghijklmnopqrstuvwxyz"[..n].to_owned()).collect();
        let members: serde_json::Map<String, serde_json::Value> = names
            .iter()
            .map(|n| (n.clone(), serde_json::json!({"target": "S", "required": true})))
            .collect();
        let spec = serde_json::json!({
            "conform": 1, "service": "keys", "patterns": "whole-value", "operations": {},
            "shapes": {
                "T": {"type": "structure", "members": members},
                "S": {"type": "string", "pattern": "[a-z]+"}}});
        let spec = crate::Spec::from_value(spec).unwrap();
        let ir = compile(&spec).unwrap();
        let node = ir.shapes["T"];
        let opts = Options::default();
        let payload = |keys: &[String]| {
            let body: Vec<String> = keys.iter().map(|k| format!("\"{k}\":\"x\"")).collect();
            format!("{{{}}}", body.join(","))
        };
        assert!(certainly_valid(&ir, node, payload(&names).as_bytes(), &opts));
        // Keys given last to first, and followed by the end of the input right after the quote.
        let reversed: Vec<String> = names.iter().rev().cloned().collect();
        assert!(certainly_valid(&ir, node, payload(&reversed).as_bytes(), &opts));
        for (i, name) in names.iter().enumerate() {
            // One key one byte longer (an unknown member, so a required one is missing), or with
            // an escape in it: never "certainly valid".
            let mut keys = names.clone();
            keys[i] = format!("{name}z");
            assert!(!certainly_valid(&ir, node, payload(&keys).as_bytes(), &opts), "{name}z");
            keys[i] = format!("{}\\u0061", &name[..name.len() - 1]);
            assert!(!certainly_valid(&ir, node, payload(&keys).as_bytes(), &opts), "{name}");
        }
    }

    #[test]
    fn what_is_left_to_the_streaming_validator() {
        let opts = Options::default();
        let (ir, node, _) = &seeds()[0];
        let node = *node;
        for payload in [
            &br#"{"packageName": "my\u002dpkg"}"#[..], // an escape
            br#"{"packageName": "my-pkg", "packageName": "my-pkg"}"#, // a repeated member
            br#"{"packageName": "my pkg"}"#,           // a violation
            br#"{"packageName": "my-pkg"} x"#,         // trailing content
            br#"{"packageName": "my-pkg",}"#,          // a trailing comma
            br#"{"packageName": "my-pkg", "x": -0}"#,  // -0 is a float to serde_json
            br#"{"packageName": "my-pkg", "x": 1e400}"#, // out of range
            br#"{"packageName": "my-pkg", "x": 01}"#,  // a leading zero
            b"{\"packageName\": \"my-pkg\xff\"}",      // invalid UTF-8 ...
            b"{\"package\xffName\": \"my-pkg\"}",      // ... in a key
            b"{\"packageName\": \"p\", \"\xff\": 1}",  // ... in an unknown key
            b"{\"packageName\": \"p\", \"x\": [\"\xff\"]}", // ... in a skipped value
            b"{\"packageName\": \"p\", \"x\": {\"\xff\": 1}}", // ... in a skipped key
            b"{\"packageName\": \"p\", \"tags\": {\"k\xff\": \"v\"}}", // ... in a map key
            b"{\"packageName\": \"p\", \"tags\": {\"k\": \"v\xff\"}}", // ... in a map value
            b"{\"packageName\": \"p\", \"description\": \"d\xc3\"}", // a cut-off char
            b"{\"packageName\": \"p\", \"description\": \"\xc0\xaf\"}", // an overlong form
            b"{\"packageName\": \"p\", \"description\": \"\xed\xa0\x80\"}", // a surrogate
            b"{\"packageName\": \"p\", \"description\": \"\xf4\x90\x80\x80\"}", // > U+10FFFF
            b"{\"packageName\": \"p\", \"description\": \"\x80\"}", // a lone continuation
            b"{\"packageName\": \"my\tpkg\"}",         // a raw control character
            br#"null"#,
        ] {
            assert!(
                !certainly_valid(ir, node, payload, &opts),
                "{}",
                String::from_utf8_lossy(payload)
            );
        }
        // Unknown members are skipped, however nested, when they are well-formed.
        let unknown = br#"{"packageName": "my-pkg", "x": {"y": [1, -2.5e3, true, null, "z"]}}"#;
        assert!(certainly_valid(ir, node, unknown, &opts));
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

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Whatever this scanner accepts, the streaming validator accepts too.
        #[test]
        fn a_yes_here_is_a_yes_there((which, edits) in damaged()) {
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
            if certainly_valid(ir, *node, &bytes, &opts) {
                prop_assert_eq!(bytes::is_valid(ir, *node, &bytes, &opts).ok(), Some(true));
            }
        }
    }

    #[test]
    fn the_first_special_byte_is_found_in_every_lane() {
        for lane in 0..8 {
            for special in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                let mut bytes = *b"abcdefgh";
                bytes[lane] = special;
                let mask = special_mask(u64::from_le_bytes(bytes));
                assert_eq!(mask.trailing_zeros() / 8, lane as u32, "{special:#x} in lane {lane}");
            }
        }
        for plain in [*b"abcdefgh", *b"        ", [0x20; 8], [0x7f; 8], [0x80; 8], [0xff; 8]] {
            assert_eq!(special_mask(u64::from_le_bytes(plain)), 0, "{plain:?}");
        }
        // A high byte next to a control byte: the borrow trick must not hide it.
        let mixed = [0xe9, 0x01, b'a', b'"', b'a', b'\\', b'a', 0x1f];
        assert_eq!(special_mask(u64::from_le_bytes(mixed)).trailing_zeros() / 8, 1);
    }

    #[test]
    fn the_first_stop_is_found_in_every_lane_of_a_block() {
        let plain = *b"abcdefghijklmnop";
        assert_eq!(first_stop(&plain, [0; 16]), None);
        assert_eq!(first_stop(&[0x20; 16], [0; 16]), None);
        assert_eq!(first_stop(&[0x80; 16], [0; 16]), None, "a high byte is not special");
        for lane in 0..16 {
            for special in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                let mut block = plain;
                block[lane] = special;
                assert_eq!(first_stop(&block, [0; 16]), Some(lane), "{special:#x} in {lane}");
                // A later special byte or miss does not hide it; an earlier miss comes first.
                block[15] = b'"';
                let mut misses = [0; 16];
                misses[15] = 0xFF;
                assert_eq!(first_stop(&block, misses), Some(lane));
                misses[0] = 0xFF;
                assert_eq!(first_stop(&block, misses), Some(0));
            }
            let mut misses = [0; 16];
            misses[lane] = 0xFF;
            assert_eq!(first_stop(&plain, misses), Some(lane), "a miss in {lane}");
        }
    }
}
