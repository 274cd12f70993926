//! Syntax tree → ECMA-262 regex text with Java's meaning: the `pattern` of an exported JSON
//! Schema, which JSON Schema applies as a search.
//!
//! The text keeps to what ECMA-262 (with the `u` flag) and the Rust `regex` / `fancy-regex`
//! syntax (what the `jsonschema` crate reads) both read the same way, and spells every Java
//! meaning out, so that no engine default is relied on:
//! - classes as explicit sets: `\d \w \s` as ASCII ranges, `.` as the negated class of Java's
//!   line terminators, Java's POSIX classes as ASCII ranges, general categories as `\p{..}`,
//!   the Unicode properties (`\p{IsAlphabetic}`, `\p{IsWhitespace}`…) as the code point ranges
//!   conform's own tables give, and intersections and nested negations computed into one flat
//!   class (neither syntax has a class operator the other reads);
//! - chars: ASCII letters, digits and punctuation as themselves (escaped where either syntax
//!   needs it), other chars below U+0080 as `\xHH`, the rest of the BMP as `\uHHHH`,
//!   supplementary chars as themselves (one char: a surrogate-pair escape such as
//!   `\uD800\uDC00` means two code units to ECMA-262 without `u`, and is no regex to Rust), a
//!   lone surrogate (Java `\uD800` alone) as a class that matches nothing (no JSON string holds
//!   one);
//! - anchors: `\A` and `^` as `^`, `\z` as `$`; Java's `$` (end, or before a final line
//!   terminator) as `$` where the match must end there anyway (the tail of a whole-value
//!   pattern), elsewhere as a look-around; `(?m)` anchors and `\b` `\B` (ASCII word chars) as
//!   look-around;
//! - atomic groups and possessive quantifiers as `(?=(X))\k` (a look-ahead is atomic in both),
//!   except a possessive fixed count of one char, which is the greedy one; capture groups only
//!   where a back-reference needs one, numbered in the order written;
//! - no flags: the parser applied `(?i)`, `(?s)`, `(?m)` and `(?d)` already.
//!
//! Under the whole-value rule the text is anchored as `^(?:…)$`; under the search rule it is not.
//!
//! Known differences: an ECMA-262 back-reference to a group that took no part in the match
//! matches the empty string, where Java's (and `fancy-regex`'s) fails; general categories are
//! the reading engine's Unicode version (conform's and the `regex` crate's: Unicode 16).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::OnceLock;

use super::ast::{Assert, Greed, Look, Node, Rep};
use super::class::{ClassExpr, Gc, Named, normalize};

const MAX_CP: u32 = 0x10_FFFF;
/// Every char: U+0000 to U+10FFFF (the upper end written as itself).
const ANY: &str = "[\\x00-\u{10FFFF}]";
/// No char.
pub(super) const NOTHING: &str = "[^\\x00-\u{10FFFF}]";
/// Java's `\w` (ASCII), for `\b` and `\B`.
const WORD: &str = "[0-9A-Z_a-z]";

/// `node` as ECMA-262 regex text with Java's meaning, under the whole-value rule (`whole`) or the
/// search rule.
pub(crate) fn ecma262(node: &Node, whole: bool) -> String {
    let mut referenced = BTreeSet::new();
    backrefs(node, &mut referenced);
    // The first pass numbers the capture groups written; the second writes each back-reference
    // with its group's number (a back-reference may come before its group).
    let node = if whole { without_outer_anchors(node, &referenced) } else { node.clone() };
    let mut first = Emitter::new(whole, referenced, HashMap::new());
    first.emit(&node, true);
    let mut e = Emitter::new(whole, first.referenced, first.numbers);
    e.emit(&node, true);
    if whole { format!("^(?:{})$", e.out) } else { e.out }
}

/// A whole-value pattern without the leading `^`/`\A` and trailing `$`/`\z` of its top-level
/// sequence, and without a group around all the rest (unless a back-reference names it), which
/// the `^(?:…)$` around it says already: `^\S{1,2000}$` is written `^(?:[^\x09-\x0D ]{1,2000})$`,
/// a form engines recognise as one counted class.
fn without_outer_anchors(node: &Node, referenced: &BTreeSet<u32>) -> Node {
    let bare = strip_anchors(node);
    match bare {
        Node::Group(inner, cap) if cap.is_none_or(|k| !referenced.contains(&k)) => {
            without_outer_anchors(&inner, referenced)
        }
        other => other,
    }
}

fn strip_anchors(node: &Node) -> Node {
    let Node::Concat(items) = node else {
        return match node {
            Node::Assert(Assert::Start | Assert::End | Assert::Dollar { .. }) => Node::Empty,
            other => other.clone(),
        };
    };
    let start = items.iter().take_while(|n| matches!(n, Node::Assert(Assert::Start))).count();
    let rest = items.get(start..).unwrap_or(&[]);
    let end = rest
        .iter()
        .rev()
        .take_while(|n| matches!(n, Node::Assert(Assert::End | Assert::Dollar { .. })))
        .count();
    let body = rest.get(..rest.len() - end).unwrap_or(&[]);
    match body {
        [] => Node::Empty,
        [one] => one.clone(),
        more => Node::Concat(more.to_vec()),
    }
}

/// The groups some back-reference names.
fn backrefs(node: &Node, out: &mut BTreeSet<u32>) {
    match node {
        Node::BackRef(k) => {
            out.insert(*k);
        }
        Node::Group(n, _) | Node::Look(_, n) | Node::Atomic(n) | Node::Repeat(n, _) => {
            backrefs(n, out);
        }
        Node::Concat(items) | Node::Alt(items) => items.iter().for_each(|n| backrefs(n, out)),
        Node::Empty | Node::Char(_) | Node::Class(_) | Node::Assert(_) => {}
    }
}

struct Emitter {
    out: String,
    whole: bool,
    /// Java group numbers that some back-reference names (the only groups written capturing).
    referenced: BTreeSet<u32>,
    /// Java group number → number in the text written, from the first pass.
    known: HashMap<u32, u32>,
    /// The same, as this pass writes the groups.
    numbers: HashMap<u32, u32>,
    /// Capture groups written so far.
    next: u32,
}

impl Emitter {
    fn new(whole: bool, referenced: BTreeSet<u32>, known: HashMap<u32, u32>) -> Emitter {
        Emitter { out: String::new(), whole, referenced, known, numbers: HashMap::new(), next: 0 }
    }

    /// Writes `node`; `tail`: only zero-width nodes follow it up to the end of the pattern.
    fn emit(&mut self, node: &Node, tail: bool) {
        match node {
            Node::Empty => {}
            Node::Char(c) => write_char(*c, false, &mut self.out),
            Node::Class(e) => write_class(e, &mut self.out),
            Node::Assert(a) => self.assert(*a, tail),
            Node::Group(n, cap) => {
                match cap.filter(|k| self.referenced.contains(k)) {
                    Some(k) => {
                        self.next += 1;
                        self.numbers.insert(k, self.next);
                        self.out.push('(');
                    }
                    None => self.out.push_str("(?:"),
                }
                self.emit(n, tail);
                self.out.push(')');
            }
            Node::Look(kind, n) => {
                self.out.push_str(match kind {
                    Look::Ahead => "(?=",
                    Look::NotAhead => "(?!",
                    Look::Behind => "(?<=",
                    Look::NotBehind => "(?<!",
                });
                // Inside a look-around the match does not end where the look-around does.
                self.emit(n, false);
                self.out.push(')');
            }
            Node::Atomic(n) => self.atomic(|e| e.emit(n, tail)),
            Node::Repeat(n, rep) => {
                if n.max_len() == Some(0) {
                    // Java stops repeating a zero-width body after one pass: `X*` ≡ nothing,
                    // `X+` / `X{n}` ≡ `X`.
                    if rep.min > 0 {
                        self.emit(n, tail);
                    }
                    return;
                }
                let tail = tail && rep.max == Some(1);
                let one_way =
                    matches!(**n, Node::Char(_) | Node::Class(_)) && rep.max == Some(rep.min);
                if rep.greed == Greed::Possessive && !one_way {
                    self.atomic(|e| e.repeat(n, *rep, tail));
                } else {
                    self.repeat(n, *rep, tail);
                }
            }
            Node::Concat(items) => {
                // The first index from which every item is zero-width: found once, from the right.
                let zero_from =
                    items.iter().rposition(|n| n.max_len() != Some(0)).map_or(0, |i| i + 1);
                for (i, item) in items.iter().enumerate() {
                    let tail = tail && i + 1 >= zero_from;
                    if matches!(item, Node::Alt(_)) {
                        self.out.push_str("(?:");
                        self.emit(item, tail);
                        self.out.push(')');
                    } else {
                        self.emit(item, tail);
                    }
                }
            }
            Node::Alt(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push('|');
                    }
                    self.emit(item, tail);
                }
            }
            Node::BackRef(k) => {
                let n = self.known.get(k).or_else(|| self.numbers.get(k)).copied().unwrap_or(0);
                let _ = write!(self.out, "(?:\\{n})");
            }
        }
    }

    /// `(?=(X))\k`: `X` matched once, its choices not revisited (Java's `(?>X)`).
    fn atomic(&mut self, body: impl FnOnce(&mut Emitter)) {
        self.next += 1;
        let k = self.next;
        self.out.push_str("(?=(");
        body(self);
        let _ = write!(self.out, "))(?:\\{k})");
    }

    /// `node` with its quantifier (a possessive one written greedy: the caller made it exact).
    fn repeat(&mut self, node: &Node, rep: Rep, tail: bool) {
        if matches!(node, Node::Char(_) | Node::Class(_) | Node::Group(..)) {
            self.emit(node, tail);
        } else {
            self.out.push_str("(?:");
            self.emit(node, tail);
            self.out.push(')');
        }
        let _ = match (rep.min, rep.max) {
            (0, Some(1)) => write!(self.out, "?"),
            (0, None) => write!(self.out, "*"),
            (1, None) => write!(self.out, "+"),
            (m, None) => write!(self.out, "{{{m},}}"),
            (m, Some(x)) if m == x => write!(self.out, "{{{m}}}"),
            (m, Some(x)) => write!(self.out, "{{{m},{x}}}"),
        };
        if rep.greed == Greed::Lazy {
            self.out.push('?');
        }
    }

    fn assert(&mut self, a: Assert, tail: bool) {
        let text = match a {
            Assert::Start => "^",
            Assert::End => "$",
            // At the tail of a whole-value pattern the match ends at the end of the value.
            Assert::Dollar { .. } if self.whole && tail => "$",
            Assert::Dollar { unix: false } => {
                "(?:$|(?=\\r\\n$)|(?=[\\r\\u0085\\u2028\\u2029]$)|(?<!\\r)(?=\\n$))"
            }
            Assert::Dollar { unix: true } => "(?:$|(?=\\n$))",
            Assert::LineStart { unix: false } => {
                "(?!$)(?:^|(?<=[\\n\\u0085\\u2028\\u2029])|(?<=\\r)(?!\\n))"
            }
            Assert::LineStart { unix: true } => "(?!$)(?:^|(?<=\\n))",
            Assert::LineEnd { unix: false } => {
                "(?:$|(?=[\\r\\u0085\\u2028\\u2029])|(?<!\\r)(?=\\n))"
            }
            Assert::LineEnd { unix: true } => "(?:$|(?=\\n))",
            Assert::WordBoundary => {
                let _ = write!(self.out, "(?:(?<={WORD})(?!{WORD})|(?<!{WORD})(?={WORD}))");
                return;
            }
            Assert::NotWordBoundary => {
                let _ = write!(self.out, "(?:(?<={WORD})(?={WORD})|(?<!{WORD})(?!{WORD}))");
                return;
            }
        };
        self.out.push_str(text);
    }
}

/// A class as one flat set: code point ranges and general categories, or the complement of
/// those.
struct Flat {
    ranges: Vec<(u32, u32)>,
    categories: Gc,
    negated: bool,
}

impl Flat {
    fn ranges(ranges: Vec<(u32, u32)>) -> Flat {
        Flat { ranges, categories: Gc::EMPTY, negated: false }
    }

    /// `e` as a flat set, when it is one without computing: ranges, categories, and unions and
    /// complements of them (a union holding a complement, or an intersection, is not).
    fn of(e: &ClassExpr) -> Option<Flat> {
        Some(match e {
            ClassExpr::Ranges(r) => Flat::ranges(normalize(r)),
            ClassExpr::Named(Named::Category(gc)) => {
                Flat { ranges: Vec::new(), categories: *gc, negated: false }
            }
            ClassExpr::Named(named) => Flat::ranges(property_ranges(*named)?.to_vec()),
            ClassExpr::Not(inner) => {
                let f = Flat::of(inner)?;
                Flat { negated: !f.negated, ..f }
            }
            ClassExpr::Union(items) => {
                let mut all = Flat::ranges(Vec::new());
                for item in items {
                    let f = Flat::of(item)?;
                    if f.negated {
                        return None;
                    }
                    all.ranges.extend(f.ranges);
                    all.categories = all.categories.union(f.categories);
                }
                all.ranges = normalize(&all.ranges);
                all
            }
            ClassExpr::And(_) => return None,
        })
    }

    /// `e` computed char by char, written the shorter way (the set or its complement).
    fn computed(e: &ClassExpr) -> Flat {
        let ranges = members(e);
        let complement = complement(&ranges);
        if complement.len() < ranges.len() {
            Flat { ranges: complement, categories: Gc::EMPTY, negated: true }
        } else {
            Flat::ranges(ranges)
        }
    }
}

/// Writes the class `e`: as one class when it is one without computing; else, when its
/// non-ASCII members vary and it is a union of such classes some of which are complements, as
/// their alternation (computing a union such as `[\P{C}\r\n]` char by char gives thousands of
/// ranges); else as the class of its members, computed char by char.
fn write_class(e: &ClassExpr, out: &mut String) {
    if let Some(flat) = Flat::of(e) {
        return flat.write(out);
    }
    if e.non_ascii_constant().is_none()
        && let ClassExpr::Union(items) = e
        && let Some(flats) = items.iter().map(Flat::of).collect::<Option<Vec<Flat>>>()
    {
        let mut positive = Flat::ranges(Vec::new());
        let mut negated = Vec::new();
        for f in flats {
            if f.negated {
                negated.push(f);
            } else {
                positive.ranges.extend(f.ranges);
                positive.categories = positive.categories.union(f.categories);
            }
        }
        positive.ranges = normalize(&positive.ranges);
        out.push_str("(?:");
        positive.write(out);
        for f in negated {
            out.push('|');
            f.write(out);
        }
        out.push(')');
        return;
    }
    Flat::computed(e).write(out);
}

impl Flat {
    fn write(&self, out: &mut String) {
        let flat = self;
        let mut items = String::new();
        for &(lo, hi) in &flat.ranges {
            write_char(lo, true, &mut items);
            if hi > lo {
                if hi > lo + 1 {
                    items.push('-');
                }
                write_char(hi, true, &mut items);
            }
        }
        flat.categories.write(&mut items);
        let everything = flat.categories == Gc::EMPTY && complement(&flat.ranges).is_empty();
        match (flat.negated, items.is_empty() || everything) {
            // Nothing, or the complement of everything.
            (false, true) if !everything => out.push_str(NOTHING),
            (true, true) if everything => out.push_str(NOTHING),
            // Everything, or the complement of nothing.
            (_, true) => out.push_str(ANY),
            (false, false) if flat.ranges.is_empty() && items.matches("\\p").count() == 1 => {
                out.push_str(&items);
            }
            (negated, false) => {
                out.push_str(if negated { "[^" } else { "[" });
                out.push_str(&items);
                out.push(']');
            }
        }
    }
}

/// The chars of `e` as normalized ranges, computed char by char (only ASCII when every
/// non-ASCII char gives the same answer).
fn members(e: &ClassExpr) -> Vec<(u32, u32)> {
    let constant = e.non_ascii_constant();
    let last = if constant.is_some() { 0x7F } else { MAX_CP };
    let mut ranges = runs(0..=last, |c| e.contains(c));
    if constant == Some(true) {
        ranges.push((0x80, MAX_CP));
    }
    normalize(&ranges)
}

/// The runs of code points in `cps` (surrogates skipped) for which `f` holds.
fn runs(cps: std::ops::RangeInclusive<u32>, f: impl Fn(char) -> bool) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for cp in cps {
        let Some(c) = char::from_u32(cp) else { continue };
        if !f(c) {
            continue;
        }
        match ranges.last_mut() {
            Some(last) if last.1 + 1 == cp || (last.1 == 0xD7FF && cp == 0xE000) => last.1 = cp,
            _ => ranges.push((cp, cp)),
        }
    }
    normalize(&ranges)
}

/// The code points (surrogates aside) not in the normalized `ranges`.
fn complement(ranges: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut next = 0u32;
    for &(lo, hi) in ranges {
        if lo > next {
            out.push((next, lo - 1));
        }
        next = hi + 1;
    }
    if next <= MAX_CP {
        out.push((next, MAX_CP));
    }
    normalize(&out)
}

/// The ranges of a Unicode property (a named set other than general categories), from
/// conform's own tables (the ones the matcher uses), computed once; `None` for categories.
fn property_ranges(named: Named) -> Option<&'static [(u32, u32)]> {
    static SETS: [OnceLock<Vec<(u32, u32)>>; 4] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match named {
        Named::Category(_) => return None,
        Named::WhiteSpace => 0,
        Named::Alphabetic => 1,
        Named::Lowercase => 2,
        Named::Uppercase => 3,
    };
    let set = SETS.get(slot)?;
    Some(set.get_or_init(|| runs(0..=MAX_CP, |c| named.contains(c))))
}

/// Writes one char, in a class or outside one.
fn write_char(c: u32, in_class: bool, out: &mut String) {
    let Some(ch) = char::from_u32(c) else {
        // A lone surrogate: no JSON string holds one.
        out.push_str(NOTHING);
        return;
    };
    match ch {
        'a'..='z' | 'A'..='Z' | '0'..='9' | ' ' => out.push(ch),
        // `&&` and `~~` are class operators to Rust and to ECMA-262's `v` flag, and ECMA-262
        // with `u` does not allow `\&` or `\~`.
        '&' | '~' if in_class => {
            let _ = write!(out, "\\x{c:02X}");
        }
        '\\' | ']' | '[' | '^' | '-' if in_class => {
            out.push('\\');
            out.push(ch);
        }
        '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
            if !in_class =>
        {
            out.push('\\');
            out.push(ch);
        }
        _ if ch.is_ascii_graphic() => out.push(ch),
        _ if c < 0x80 => {
            let _ = write!(out, "\\x{c:02X}");
        }
        _ if c <= 0xFFFF => {
            let _ = write!(out, "\\u{c:04X}");
        }
        _ => out.push(ch),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    fn whole(src: &str) -> String {
        ecma262(&parse(src).unwrap().node, true)
    }

    fn search(src: &str) -> String {
        ecma262(&parse(src).unwrap().node, false)
    }

    #[test]
    fn perl_classes_dot_and_posix_are_spelled_out() {
        assert_eq!(whole(r"\d\D"), r"^(?:[0-9][^0-9])$");
        assert_eq!(whole(r"\w\W"), r"^(?:[0-9A-Z_a-z][^0-9A-Z_a-z])$");
        assert_eq!(whole(r"\s\S"), r"^(?:[\x09-\x0D ][^\x09-\x0D ])$");
        assert_eq!(
            search(r".*\S.*"),
            r"[^\x0A\x0D\u0085\u2028\u2029]*[^\x09-\x0D ][^\x0A\x0D\u0085\u2028\u2029]*"
        );
        assert_eq!(whole("(?s).(?-s)(?d)."), "^(?:[\\x00-\u{10FFFF}][^\\x0A])$");
        assert_eq!(whole(r"\p{Alpha}\p{Punct}"), r"^(?:[A-Za-z][!-/:-@\[-`{-\x7E])$");
        assert_eq!(whole(r"[^\p{C}]+\pL"), r"^(?:[^\p{C}]+\p{L})$");
    }

    #[test]
    fn unions_with_complements_and_intersections_are_computed() {
        assert_eq!(whole(r"[\s\S]*"), "^(?:[\\x00-\u{10FFFF}]*)$");
        assert_eq!(whole(r"[\p{Print}&&[^|:/]]+"), r"^(?:[ -.0-9;-{}\x7E]+)$");
        assert_eq!(
            whole(r"[^\p{C}\p{IsWhitespace}]"),
            r"^(?:[^\x09-\x0D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\p{C}])$"
        );
        assert_eq!(whole(r"[a-c&&b-d]"), r"^(?:[bc])$");
        assert_eq!(whole(r"[\P{C}\r\n\t]{1,250}"), r"^(?:(?:[\x09\x0A\x0D]|[^\p{C}]){1,250})$");
        assert_eq!(whole(r"[\w&&\d]"), r"^(?:[0-9])$");
    }

    #[test]
    fn chars_are_escaped_for_both_syntaxes() {
        assert_eq!(whole(r"[\-\[\]\\^&~]"), r"^(?:[\x26\-\[-\^\x7E])$");
        assert_eq!(
            whole(r"a.b\$\{\}\|/#&~-"),
            r"^(?:a[^\x0A\x0D\u0085\u2028\u2029]b\$\{\}\|/#&~-)$"
        );
        assert_eq!(whole("\\t\\x7F\\xE9\\u4E2D"), r"^(?:\x09\x7F\u00E9\u4E2D)$");
        assert_eq!(whole(r"\uD83D\uDE00"), "^(?:\u{1F600})$");
        assert_eq!(whole(r"\uD800"), "^(?:[^\\x00-\u{10FFFF}])$");
        assert_eq!(
            whole(r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*"),
            "^(?:[\\x09\\x0A\\x0D -\\uD7FF\\uE000-\\uFFFD\u{10000}-\u{10FFFF}]*)$"
        );
    }

    #[test]
    fn java_dollar_is_exact_where_the_match_may_not_end() {
        assert_eq!(whole(r"^\S{1,2000}$"), r"^(?:[^\x09-\x0D ]{1,2000})$");
        assert_eq!(whole(r"\A$"), r"^(?:)$");
        assert_eq!(whole(r"^([a-z]*)$"), r"^(?:[a-z]*)$");
        assert_eq!(whole(r"^(a|b)$"), r"^(?:a|b)$");
        assert_eq!(whole(r"^((a)\2)$"), r"^(?:(a)(?:\1))$");
        assert_eq!(
            search(r"^[a-z]+$"),
            r"^[a-z]+(?:$|(?=\r\n$)|(?=[\r\u0085\u2028\u2029]$)|(?<!\r)(?=\n$))"
        );
        assert_eq!(
            whole(r"a$\n"),
            r"^(?:a(?:$|(?=\r\n$)|(?=[\r\u0085\u2028\u2029]$)|(?<!\r)(?=\n$))\x0A)$"
        );
        assert_eq!(whole(r"(?d)(a$)?"), r"^(?:(?:a$)?)$");
        assert_eq!(search(r"(?d)a$"), r"a(?:$|(?=\n$))");
        assert_eq!(search(r"\Aa\z"), r"^a$");
        assert_eq!(
            whole(r"^(?!\s*$).+"),
            r"^(?:(?![\x09-\x0D ]*(?:$|(?=\r\n$)|(?=[\r\u0085\u2028\u2029]$)|(?<!\r)(?=\n$)))[^\x0A\x0D\u0085\u2028\u2029]+)$"
        );
    }

    #[test]
    fn multiline_anchors_and_word_boundaries_are_look_around() {
        assert_eq!(
            search("(?m)^a$"),
            r"(?!$)(?:^|(?<=[\n\u0085\u2028\u2029])|(?<=\r)(?!\n))a(?:$|(?=[\r\u0085\u2028\u2029])|(?<!\r)(?=\n))"
        );
        assert_eq!(
            search(r"\ba\B"),
            "(?:(?<=[0-9A-Z_a-z])(?![0-9A-Z_a-z])|(?<![0-9A-Z_a-z])(?=[0-9A-Z_a-z]))a\
             (?:(?<=[0-9A-Z_a-z])(?=[0-9A-Z_a-z])|(?<![0-9A-Z_a-z])(?![0-9A-Z_a-z]))"
        );
    }

    #[test]
    fn groups_atomic_possessive_and_back_references() {
        assert_eq!(whole(r"(a)(b)\2"), r"^(?:(?:a)(b)(?:\1))$");
        assert_eq!(whole(r"\2(a)(b)"), r"^(?:(?:\1)(?:a)(b))$");
        assert_eq!(whole(r"(?>a|ab)c"), r"^(?:(?=(a|ab))(?:\1)c)$");
        assert_eq!(whole(r"a*+(b)\1"), r"^(?:(?=(a*))(?:\1)(b)(?:\2))$");
        assert_eq!(whole(r"[0-9A-Z]{2}+"), r"^(?:[0-9A-Z]{2})$");
        assert_eq!(whole(r"(?:ab)*?c{2,}d{3,5}"), r"^(?:(?:ab)*?c{2,}d{3,5})$");
        assert_eq!(whole(r"(?!x)*a(?=b)+"), r"^(?:a(?=b))$");
        assert_eq!(whole(r"a|b"), r"^(?:a|b)$");
        assert_eq!(search(r"a|b"), r"a|b");
        assert_eq!(search(r"x(a|b)"), r"x(?:a|b)");
        assert_eq!(whole(r"\1"), "^(?:[^\\x00-\u{10FFFF}])$");
    }
}
