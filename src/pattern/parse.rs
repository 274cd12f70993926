//! A scanner for the `java.util.regex` dialect, following the structure of OpenJDK's
//! `Pattern` parser (`expr` / `sequence` / `closure` / `group0` / `clazz` / `range` / `escape`),
//! so that odd corners (a `-` after a class escape, `&&`, `\v` in a range, octal escapes,
//! surrogate-pair escapes, flag scoping) mean what they mean in Java.
//!
//! Flags are applied while parsing: the tree has no flags left in it.

use super::ast::{Assert, Greed, Look, Node, Rep};
use super::class::{ClassExpr, Gc, Named};
use super::error::PatternError;

/// The parse result.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) node: Node,
}

/// Nesting limit for groups and classes (keeps recursion bounded on hostile input).
const MAX_DEPTH: u32 = 200;
/// Java rejects counts above `i32::MAX`.
const MAX_COUNT: u64 = i32::MAX as u64;

type R<T> = Result<T, PatternError>;

/// Parses `src` as a Java pattern.
pub(crate) fn parse(src: &str) -> R<Parsed> {
    let mut p = Parser::new(src);
    let node = p.expr(0)?;
    if p.pos < p.cps.len() {
        // `expr` only stops early at a `)` that closes nothing.
        return Err(PatternError::syntax(p.off(p.pos), "unmatched closing `)`"));
    }
    let groups = p.groups;
    Ok(Parsed { node: drop_dangling_backrefs(node, groups) })
}

/// Java compiles a back-reference to a group that does not exist; it never matches.
fn drop_dangling_backrefs(node: Node, groups: u32) -> Node {
    let go = |n: Box<Node>| Box::new(drop_dangling_backrefs(*n, groups));
    match node {
        Node::BackRef(k) if k > groups => Node::Class(ClassExpr::Ranges(Vec::new())),
        Node::Group(n, cap) => Node::Group(go(n), cap),
        Node::Look(kind, n) => Node::Look(kind, go(n)),
        Node::Atomic(n) => Node::Atomic(go(n)),
        Node::Repeat(n, rep) => Node::Repeat(go(n), rep),
        Node::Concat(items) => {
            Node::Concat(items.into_iter().map(|n| drop_dangling_backrefs(n, groups)).collect())
        }
        Node::Alt(items) => {
            Node::Alt(items.into_iter().map(|n| drop_dangling_backrefs(n, groups)).collect())
        }
        other => other,
    }
}

/// Java's "obvious maximum length" test for look-behind bodies: unbounded repetition only of a
/// single char, no back-references, no repeated group around an unbounded part.
fn lookbehind_bounded(node: &Node) -> bool {
    match node {
        Node::BackRef(_) => false,
        Node::Repeat(n, rep) => {
            if matches!(**n, Node::Char(_) | Node::Class(_)) {
                return true;
            }
            match rep.max {
                None => false,
                Some(m) if m > 1 && n.max_len().is_none() => false,
                _ => lookbehind_bounded(n),
            }
        }
        Node::Group(n, _) | Node::Atomic(n) | Node::Look(_, n) => lookbehind_bounded(n),
        Node::Concat(items) | Node::Alt(items) => items.iter().all(lookbehind_bounded),
        _ => true,
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Flags {
    ci: bool,
    multiline: bool,
    dotall: bool,
    unix: bool,
}

/// What an escape sequence stands for.
enum Esc {
    Char(u32),
    Class(ClassExpr),
    Node(Node),
}

/// A class member, split the way Java splits it (single chars below 256 go to a bitmap).
enum Item {
    Bits(Vec<(u32, u32)>),
    Pred(ClassExpr),
}

struct Parser<'a> {
    src: &'a str,
    cps: Vec<char>,
    offs: Vec<usize>,
    pos: usize,
    flags: Flags,
    groups: u32,
    names: Vec<(String, u32)>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Parser<'a> {
        let mut cps = Vec::with_capacity(src.len());
        let mut offs = Vec::with_capacity(src.len() + 1);
        for (i, c) in src.char_indices() {
            cps.push(c);
            offs.push(i);
        }
        offs.push(src.len());
        Parser { src, cps, offs, pos: 0, flags: Flags::default(), groups: 0, names: Vec::new() }
    }

    fn peek(&self) -> Option<char> {
        self.cps.get(self.pos).copied()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.cps.get(i).copied()
    }

    /// Byte offset of code point index `i`.
    fn off(&self, i: usize) -> usize {
        self.offs.get(i).copied().unwrap_or(self.src.len())
    }

    /// The pattern text between two code point indices.
    fn text(&self, from: usize, to: usize) -> &'a str {
        let (a, b) = (self.off(from), self.off(to));
        self.src.get(a..b).unwrap_or("")
    }

    fn too_deep(&self, depth: u32) -> R<()> {
        if depth > MAX_DEPTH {
            return Err(PatternError::unsupported(
                self.off(self.pos),
                "nesting deeper than 200 levels",
            ));
        }
        Ok(())
    }

    // ----- expressions ---------------------------------------------------------------------

    fn expr(&mut self, depth: u32) -> R<Node> {
        let mut branches = Vec::new();
        loop {
            branches.push(self.sequence(depth)?);
            if self.peek() != Some('|') {
                break;
            }
            self.pos += 1;
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(branches)
        })
    }

    fn sequence(&mut self, depth: u32) -> R<Node> {
        let mut items = Vec::new();
        loop {
            let start = self.pos;
            let node = match self.peek() {
                None | Some('|') | Some(')') => break,
                Some('(') => {
                    if let Some(n) = self.group(depth + 1)? {
                        items.push(n);
                    }
                    continue;
                }
                Some('[') => Node::Class(self.clazz(true, depth + 1)?),
                Some('\\') => match self.at(self.pos + 1) {
                    Some(c @ ('p' | 'P')) => {
                        self.pos += 2;
                        Node::Class(self.family(c == 'P', start)?)
                    }
                    _ => match self.escape(false, false)? {
                        Esc::Char(c) => self.literal(c),
                        Esc::Class(e) => Node::Class(e),
                        Esc::Node(n) => n,
                    },
                },
                Some('^') => {
                    self.pos += 1;
                    let unix = self.flags.unix;
                    Node::Assert(if self.flags.multiline {
                        Assert::LineStart { unix }
                    } else {
                        Assert::Start
                    })
                }
                Some('$') => {
                    self.pos += 1;
                    let unix = self.flags.unix;
                    Node::Assert(if self.flags.multiline {
                        Assert::LineEnd { unix }
                    } else {
                        Assert::Dollar { unix }
                    })
                }
                Some('.') => {
                    self.pos += 1;
                    Node::Class(self.dot())
                }
                Some(c @ ('?' | '*' | '+')) => {
                    return Err(PatternError::syntax(
                        self.off(start),
                        format!("dangling meta character `{c}`"),
                    ));
                }
                // Java reads `{` here as an empty atom and then parses the braces as its quantifier.
                Some('{') => Node::Empty,
                Some(c) => {
                    self.pos += 1;
                    self.literal(c as u32)
                }
            };
            let node = self.closure(node)?;
            items.push(node);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    fn dot(&self) -> ClassExpr {
        if self.flags.dotall {
            ClassExpr::everything()
        } else if self.flags.unix {
            ClassExpr::single(u32::from('\n')).negate()
        } else {
            line_terminators().negate()
        }
    }

    /// A literal char, with Java's ASCII-only case folding under `(?i)`.
    fn literal(&self, c: u32) -> Node {
        match ascii_case_pair(c) {
            Some((lo, up)) if self.flags.ci => Node::Class(ClassExpr::chars(&[lo, up])),
            _ => Node::Char(c),
        }
    }

    fn closure(&mut self, node: Node) -> R<Node> {
        let (min, max) = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => return self.counted(node),
            _ => return Ok(node),
        };
        self.pos += 1;
        let greed = self.greed();
        Ok(Node::Repeat(Box::new(node), Rep { min, max, greed }))
    }

    fn counted(&mut self, node: Node) -> R<Node> {
        let brace = self.pos;
        if !self.at(brace + 1).is_some_and(|c| c.is_ascii_digit()) {
            return Err(PatternError::syntax(self.off(brace), "illegal repetition"));
        }
        self.pos += 1;
        let min = self.number(brace)?;
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            if self.peek() == Some('}') { None } else { Some(self.number(brace)?) }
        } else {
            Some(min)
        };
        if self.peek() != Some('}') {
            return Err(PatternError::syntax(self.off(brace), "unclosed counted closure"));
        }
        self.pos += 1;
        if max.is_some_and(|m| m < min) {
            return Err(PatternError::syntax(self.off(brace), "illegal repetition range"));
        }
        let greed = self.greed();
        Ok(Node::Repeat(Box::new(node), Rep { min, max, greed }))
    }

    /// Decimal digits (possibly none, which reads as 0 like Java does for `{2,x}`).
    fn number(&mut self, brace: usize) -> R<u32> {
        let mut n: u64 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n * 10 + u64::from(d);
            if n > MAX_COUNT {
                return Err(PatternError::syntax(self.off(brace), "illegal repetition range"));
            }
            self.pos += 1;
        }
        u32::try_from(n)
            .map_err(|_| PatternError::syntax(self.off(brace), "illegal repetition range"))
    }

    fn greed(&mut self) -> Greed {
        match self.peek() {
            Some('?') => {
                self.pos += 1;
                Greed::Lazy
            }
            Some('+') => {
                self.pos += 1;
                Greed::Possessive
            }
            _ => Greed::Greedy,
        }
    }

    // ----- groups --------------------------------------------------------------------------

    fn group(&mut self, depth: u32) -> R<Option<Node>> {
        self.too_deep(depth)?;
        let open = self.pos;
        let save = self.flags;
        self.pos += 1;
        let node = if self.peek() == Some('?') {
            let kind = self.at(self.pos + 1);
            self.pos += 2;
            match kind {
                Some(':') => Node::Group(Box::new(self.expr(depth)?), None),
                Some('=') => Node::Look(Look::Ahead, Box::new(self.expr(depth)?)),
                Some('!') => Node::Look(Look::NotAhead, Box::new(self.expr(depth)?)),
                Some('>') => Node::Atomic(Box::new(self.expr(depth)?)),
                Some('<') => {
                    let c = self.peek();
                    self.pos += 1;
                    match c {
                        Some(k @ ('=' | '!')) => {
                            let body = self.expr(depth)?;
                            if !lookbehind_bounded(&body) {
                                return Err(PatternError::syntax(
                                    self.off(open),
                                    "look-behind group does not have an obvious maximum length",
                                ));
                            }
                            let look = if k == '=' { Look::Behind } else { Look::NotBehind };
                            Node::Look(look, Box::new(body))
                        }
                        _ => {
                            let name = self.group_name(c)?;
                            if self.names.iter().any(|(n, _)| *n == name) {
                                return Err(PatternError::syntax(
                                    self.off(open),
                                    format!("named capturing group <{name}> is already defined"),
                                ));
                            }
                            self.groups += 1;
                            let index = self.groups;
                            self.names.push((name, index));
                            Node::Group(Box::new(self.expr(depth)?), Some(index))
                        }
                    }
                }
                Some('$' | '@') => {
                    return Err(PatternError::syntax(self.off(open), "unknown group type"));
                }
                _ => {
                    self.pos -= 1;
                    self.add_flags()?;
                    let c = self.peek();
                    self.pos += 1;
                    match c {
                        // Inline flags only: they stay on until the enclosing group ends.
                        Some(')') => return Ok(None),
                        Some(':') => Node::Group(Box::new(self.expr(depth)?), None),
                        _ => {
                            return Err(PatternError::syntax(
                                self.off(open),
                                "unknown inline modifier",
                            ));
                        }
                    }
                }
            }
        } else {
            self.groups += 1;
            let index = self.groups;
            Node::Group(Box::new(self.expr(depth)?), Some(index))
        };
        if self.peek() != Some(')') {
            return Err(PatternError::syntax(self.off(self.pos), "unclosed group"));
        }
        self.pos += 1;
        self.flags = save;
        self.closure(node).map(Some)
    }

    /// Group names: an ASCII letter, then ASCII letters and digits, then `>` (`first` is read).
    fn group_name(&mut self, first: Option<char>) -> R<String> {
        let start = self.pos.saturating_sub(1);
        if !first.is_some_and(|c| c.is_ascii_alphabetic()) {
            return Err(PatternError::syntax(
                self.off(start),
                "capturing group name does not start with a Latin letter",
            ));
        }
        let mut name = String::new();
        name.extend(first);
        loop {
            let c = self.peek();
            self.pos += 1;
            match c {
                Some(c) if c.is_ascii_alphanumeric() => name.push(c),
                Some('>') => return Ok(name),
                _ => {
                    return Err(PatternError::syntax(
                        self.off(start),
                        "named capturing group is missing trailing `>`",
                    ));
                }
            }
        }
    }

    fn add_flags(&mut self) -> R<()> {
        loop {
            match self.peek() {
                Some('i') => self.flags.ci = true,
                Some('m') => self.flags.multiline = true,
                Some('s') => self.flags.dotall = true,
                Some('d') => self.flags.unix = true,
                Some(c @ ('u' | 'U' | 'c' | 'x')) => {
                    return Err(PatternError::unsupported(
                        self.off(self.pos),
                        format_args!("(?{c})"),
                    ));
                }
                Some('-') => {
                    self.pos += 1;
                    loop {
                        match self.peek() {
                            Some('i') => self.flags.ci = false,
                            Some('m') => self.flags.multiline = false,
                            Some('s') => self.flags.dotall = false,
                            Some('d') => self.flags.unix = false,
                            // Never switched on here, so switching them off changes nothing.
                            Some('u' | 'U' | 'c' | 'x') => {}
                            _ => return Ok(()),
                        }
                        self.pos += 1;
                    }
                }
                _ => return Ok(()),
            }
            self.pos += 1;
        }
    }

    // ----- escapes -------------------------------------------------------------------------

    /// An escape at `self.pos` (which is at the backslash).
    fn escape(&mut self, inclass: bool, isrange: bool) -> R<Esc> {
        let start = self.pos;
        let Some(ch) = self.at(start + 1) else {
            return Err(PatternError::syntax(
                self.off(start),
                "unexpected end of pattern after `\\`",
            ));
        };
        self.pos = start + 2;
        let unsupported = |p: &Self, what: &str| Err(PatternError::unsupported(p.off(start), what));
        let node = |n: Node| {
            if inclass { None } else { Some(Ok(Esc::Node(n))) }
        };
        let cls = |e: ClassExpr| Ok(Esc::Class(e));
        let result = match ch {
            '0' => return self.octal(start).map(Esc::Char),
            '1'..='9' => node(Node::Empty).map(|_| self.backref(start, ch)),
            'A' | 'G' => node(Node::Assert(Assert::Start)),
            'B' => node(Node::Assert(Assert::NotWordBoundary)),
            'Z' => node(Node::Assert(Assert::Dollar { unix: self.flags.unix })),
            'z' => node(Node::Assert(Assert::End)),
            'b' => {
                if !inclass && self.peek() == Some('{') {
                    return unsupported(self, "\\b{g}");
                }
                node(Node::Assert(Assert::WordBoundary))
            }
            'R' => node(line_break()),
            'X' if !inclass => return unsupported(self, "\\X"),
            'k' if !inclass => Some(self.named_backref(start)),
            'N' => return unsupported(self, "\\N{...}"),
            'Q' => return unsupported(self, "\\Q...\\E"),
            'd' => Some(cls(ascii_digit())),
            'D' => Some(cls(ascii_digit().negate())),
            'w' => Some(cls(ascii_word())),
            'W' => Some(cls(ascii_word().negate())),
            's' => Some(cls(ascii_space())),
            'S' => Some(cls(ascii_space().negate())),
            'h' => Some(cls(horizontal_space())),
            'H' => Some(cls(horizontal_space().negate())),
            'v' if isrange => Some(Ok(Esc::Char(0x0B))),
            'v' => Some(cls(vertical_space())),
            'V' => Some(cls(vertical_space().negate())),
            'a' => Some(Ok(Esc::Char(0x07))),
            'e' => Some(Ok(Esc::Char(0x1B))),
            'f' => Some(Ok(Esc::Char(0x0C))),
            'n' => Some(Ok(Esc::Char(0x0A))),
            'r' => Some(Ok(Esc::Char(0x0D))),
            't' => Some(Ok(Esc::Char(0x09))),
            'c' => {
                let Some(c) = self.peek() else {
                    return Err(PatternError::syntax(
                        self.off(start),
                        "illegal control escape sequence",
                    ));
                };
                self.pos += 1;
                Some(Ok(Esc::Char(u32::from(c) ^ 64)))
            }
            'x' => Some(self.hex(start).map(Esc::Char)),
            'u' => Some(self.unicode(start).map(Esc::Char)),
            c if c.is_ascii_alphabetic() => None,
            c => Some(Ok(Esc::Char(u32::from(c)))),
        };
        match result {
            Some(r) => r,
            None => Err(PatternError::syntax(
                self.off(start),
                format!("illegal/unsupported escape sequence `{}`", self.text(start, self.pos)),
            )),
        }
    }

    /// Java's `ref()`: take more digits while the number names an existing group.
    fn backref(&mut self, start: usize, first: char) -> R<Esc> {
        let mut num = u64::from(first.to_digit(10).unwrap_or(0));
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            let next = num * 10 + u64::from(d);
            if u64::from(self.groups) < next {
                break;
            }
            num = next;
            self.pos += 1;
        }
        if self.flags.ci {
            return Err(PatternError::unsupported(self.off(start), "back-reference under (?i)"));
        }
        let num = u32::try_from(num).unwrap_or(u32::MAX);
        Ok(Esc::Node(Node::BackRef(num)))
    }

    fn named_backref(&mut self, start: usize) -> R<Esc> {
        if self.peek() != Some('<') {
            return Err(PatternError::syntax(
                self.off(start),
                "\\k is not followed by '<' for named capturing group",
            ));
        }
        self.pos += 1;
        let first = self.peek();
        self.pos += 1;
        let name = self.group_name(first)?;
        let Some(index) = self.names.iter().find(|(n, _)| *n == name).map(|(_, i)| *i) else {
            return Err(PatternError::syntax(
                self.off(start),
                format!("named capturing group <{name}> does not exist"),
            ));
        };
        if self.flags.ci {
            return Err(PatternError::unsupported(self.off(start), "back-reference under (?i)"));
        }
        Ok(Esc::Node(Node::BackRef(index)))
    }

    /// `\0n`, `\0nn`, `\0mnn` (m ≤ 3); `self.pos` is after the `0`.
    fn octal(&mut self, start: usize) -> R<u32> {
        let digit = |c: Option<char>| c.and_then(|c| c.to_digit(8));
        let Some(n) = digit(self.peek()) else {
            return Err(PatternError::syntax(self.off(start), "illegal octal escape sequence"));
        };
        self.pos += 1;
        let Some(m) = digit(self.peek()) else {
            return Ok(n);
        };
        self.pos += 1;
        match digit(self.peek()) {
            Some(o) if n <= 3 => {
                self.pos += 1;
                Ok(n * 64 + m * 8 + o)
            }
            _ => Ok(n * 8 + m),
        }
    }

    /// `\xhh` or `\x{h...}`; `self.pos` is after the `x`.
    fn hex(&mut self, start: usize) -> R<u32> {
        let hexval = |c: Option<char>| c.and_then(|c| c.to_digit(16));
        let illegal =
            |p: &Self| PatternError::syntax(p.off(start), "illegal hexadecimal escape sequence");
        if let (Some(a), Some(b)) = (hexval(self.peek()), hexval(self.at(self.pos + 1))) {
            self.pos += 2;
            return Ok(a * 16 + b);
        }
        if self.peek() == Some('{') && hexval(self.at(self.pos + 1)).is_some() {
            self.pos += 1;
            let mut v: u32 = 0;
            while let Some(d) = hexval(self.peek()) {
                v = (v << 4) | d;
                if v > 0x10_FFFF {
                    return Err(PatternError::syntax(
                        self.off(start),
                        "hexadecimal codepoint is too big",
                    ));
                }
                self.pos += 1;
            }
            if self.peek() != Some('}') {
                return Err(PatternError::syntax(
                    self.off(start),
                    "unclosed hexadecimal escape sequence",
                ));
            }
            self.pos += 1;
            return Ok(v);
        }
        Err(illegal(self))
    }

    /// `\uhhhh`, joining a high+low surrogate pair into one code point like Java does.
    fn unicode(&mut self, start: usize) -> R<u32> {
        let n = self.four_hex(start)?;
        if (0xD800..=0xDBFF).contains(&n) {
            let save = self.pos;
            if self.peek() == Some('\\') && self.at(self.pos + 1) == Some('u') {
                self.pos += 2;
                let n2 = self.four_hex(start)?;
                if (0xDC00..=0xDFFF).contains(&n2) {
                    return Ok(0x10000 + ((n - 0xD800) << 10) + (n2 - 0xDC00));
                }
            }
            self.pos = save;
        }
        Ok(n)
    }

    fn four_hex(&mut self, start: usize) -> R<u32> {
        let mut v = 0;
        for _ in 0..4 {
            let Some(d) = self.peek().and_then(|c| c.to_digit(16)) else {
                return Err(PatternError::syntax(
                    self.off(start),
                    "illegal Unicode escape sequence",
                ));
            };
            v = v * 16 + d;
            self.pos += 1;
        }
        Ok(v)
    }

    // ----- properties ----------------------------------------------------------------------

    /// `\p{..}` / `\pL`; `self.pos` is after the `p`, `start` at the backslash.
    fn family(&mut self, negated: bool, start: usize) -> R<ClassExpr> {
        let name: String = if self.peek() == Some('{') {
            self.pos += 1;
            let from = self.pos;
            while self.peek() != Some('}') {
                if self.peek().is_none() {
                    return Err(PatternError::syntax(self.off(start), "unclosed character family"));
                }
                self.pos += 1;
            }
            let name = self.text(from, self.pos).to_owned();
            self.pos += 1;
            if name.is_empty() {
                return Err(PatternError::syntax(self.off(start), "empty character family"));
            }
            name
        } else {
            let Some(c) = self.peek() else {
                return Err(PatternError::syntax(self.off(start), "unclosed character family"));
            };
            self.pos += 1;
            c.to_string()
        };
        let construct = self.text(start, self.pos);
        let set = match property(&name, self.flags.ci) {
            Prop::Set(set) => set,
            Prop::Unsupported => return Err(PatternError::unsupported(self.off(start), construct)),
            Prop::Unknown => {
                return Err(PatternError::syntax(
                    self.off(start),
                    format!("unknown character property `{construct}`"),
                ));
            }
        };
        Ok(if negated { set.negate() } else { set })
    }

    // ----- classes -------------------------------------------------------------------------

    /// Java's `clazz`: `self.pos` is on the char before the class content (the `[`, or the
    /// second `&` of `&&` for a bare right operand, which is then not consumed up to `]`).
    fn clazz(&mut self, consume: bool, depth: u32) -> R<ClassExpr> {
        self.too_deep(depth)?;
        let open = self.pos;
        let mut prev: Option<ClassExpr> = None;
        let mut curr: Option<ClassExpr> = None;
        let mut bits: Vec<(u32, u32)> = Vec::new();
        let mut has_bits = false;
        let mut negated = false;
        self.pos += 1;
        let mut ch = self.peek();
        if ch == Some('^') && self.at(self.pos.wrapping_sub(1)) == Some('[') {
            self.pos += 1;
            ch = self.peek();
            negated = true;
        }
        loop {
            match ch {
                Some('[') => {
                    let c = self.clazz(true, depth + 1)?;
                    curr = Some(c.clone());
                    prev = Some(union(prev, c));
                    ch = self.peek();
                    continue;
                }
                Some('&') => {
                    self.pos += 1;
                    ch = self.peek();
                    if ch == Some('&') {
                        self.pos += 1;
                        ch = self.peek();
                        let mut right: Option<ClassExpr> = None;
                        while ch != Some(']') && ch != Some('&') {
                            let r = match ch {
                                None => return Err(self.unclosed_class(open)),
                                Some('[') => self.clazz(true, depth + 1)?,
                                Some(_) => {
                                    self.pos -= 1;
                                    self.clazz(false, depth + 1)?
                                }
                            };
                            right = Some(union(right, r));
                            ch = self.peek();
                        }
                        if has_bits {
                            let b = ClassExpr::Ranges(std::mem::take(&mut bits));
                            if prev.is_none() {
                                curr = Some(b.clone());
                            }
                            prev = Some(union(prev, b));
                            has_bits = false;
                        }
                        if let Some(r) = &right {
                            curr = Some(r.clone());
                        }
                        prev = match (prev, right) {
                            (None, None) => {
                                return Err(PatternError::syntax(
                                    self.off(open),
                                    "bad class syntax",
                                ));
                            }
                            (None, Some(r)) => Some(r),
                            (Some(p), _) => match &curr {
                                Some(c) => Some(p.and(c.clone())),
                                None => {
                                    return Err(PatternError::syntax(
                                        self.off(open),
                                        "bad intersection syntax",
                                    ));
                                }
                            },
                        };
                        continue;
                    }
                    // A single `&` is a literal.
                    self.pos -= 1;
                }
                None => return Err(self.unclosed_class(open)),
                Some(']') if prev.is_some() || has_bits => {
                    if consume {
                        self.pos += 1;
                    }
                    let mut set = prev;
                    if has_bits {
                        set = Some(union(set, ClassExpr::Ranges(bits)));
                    }
                    let set = set.unwrap_or_else(|| ClassExpr::Ranges(Vec::new()));
                    return Ok(if negated { set.negate() } else { set });
                }
                _ => {}
            }
            match self.range()? {
                Item::Bits(b) => {
                    bits.extend(b);
                    has_bits = true;
                }
                Item::Pred(p) => {
                    curr = Some(p.clone());
                    prev = Some(union(prev, p));
                }
            }
            ch = self.peek();
        }
    }

    fn unclosed_class(&self, open: usize) -> PatternError {
        PatternError::syntax(self.off(open), "unclosed character class")
    }

    /// Java's `range`: one class member (a char, a range, or a class escape).
    fn range(&mut self) -> R<Item> {
        let start = self.pos;
        let c: u32 = if self.peek() == Some('\\') {
            if let Some(p @ ('p' | 'P')) = self.at(self.pos + 1) {
                self.pos += 2;
                return self.family(p == 'P', start).map(Item::Pred);
            }
            let isrange = self.at(self.pos + 2) == Some('-');
            match self.escape(true, isrange)? {
                Esc::Char(c) => c,
                Esc::Class(e) => return Ok(Item::Pred(e)),
                Esc::Node(_) => {
                    return Err(PatternError::syntax(
                        self.off(start),
                        "illegal/unsupported escape sequence",
                    ));
                }
            }
        } else {
            let Some(c) = self.peek() else {
                return Err(self.unclosed_class(start));
            };
            self.pos += 1;
            u32::from(c)
        };
        if self.peek() == Some('-') {
            let end = self.at(self.pos + 1);
            if end == Some('[') {
                return Ok(self.single(c));
            }
            if end != Some(']') {
                self.pos += 1;
                let m = match self.peek() {
                    None => return Err(self.unclosed_class(start)),
                    Some('\\') => match self.escape(true, true)? {
                        Esc::Char(m) => m,
                        _ => {
                            return Err(PatternError::syntax(
                                self.off(start),
                                "illegal character range",
                            ));
                        }
                    },
                    Some(m) => {
                        self.pos += 1;
                        u32::from(m)
                    }
                };
                if m < c {
                    return Err(PatternError::syntax(self.off(start), "illegal character range"));
                }
                return Ok(Item::Pred(self.ci_range(c, m)));
            }
        }
        Ok(self.single(c))
    }

    fn single(&self, c: u32) -> Item {
        match ascii_case_pair(c) {
            Some((lo, up)) if self.flags.ci => Item::Bits(vec![(lo, lo), (up, up)]),
            _ if c < 256 => Item::Bits(vec![(c, c)]),
            _ => Item::Pred(ClassExpr::single(c)),
        }
    }

    /// A range; under `(?i)` also the other case of each ASCII letter in it (Java's `CIRange`).
    fn ci_range(&self, lo: u32, hi: u32) -> ClassExpr {
        let mut ranges = vec![(lo, hi)];
        if self.flags.ci {
            for (a, z, shift) in [(0x41u32, 0x5Au32, 0x20u32), (0x61, 0x7A, 0)] {
                let (l, h) = (lo.max(a), hi.min(z));
                if l <= h {
                    // Uppercase part maps up by 0x20, lowercase part down by 0x20.
                    if shift == 0 {
                        ranges.push((l - 0x20, h - 0x20))
                    } else {
                        ranges.push((l + shift, h + shift))
                    }
                }
            }
        }
        ClassExpr::Ranges(ranges)
    }
}

fn union(prev: Option<ClassExpr>, next: ClassExpr) -> ClassExpr {
    match prev {
        None => next,
        Some(p) => p.union(next),
    }
}

/// `(lower, upper)` for an ASCII letter.
fn ascii_case_pair(c: u32) -> Option<(u32, u32)> {
    match char::from_u32(c) {
        Some(ch) if ch.is_ascii_alphabetic() => {
            let lo = u32::from(ch.to_ascii_lowercase());
            Some((lo, lo - 0x20))
        }
        _ => None,
    }
}

// ----- predefined sets (Java definitions) ----------------------------------------------------

fn line_terminators() -> ClassExpr {
    ClassExpr::chars(&[0x0A, 0x0D, 0x85, 0x2028, 0x2029])
}

fn line_break() -> Node {
    // Java's `\R`: `\r\n` (which may backtrack to `\r`) or one vertical-space char.
    let crlf = Node::Concat(vec![Node::Char(0x0D), Node::Char(0x0A)]);
    let one = Node::Class(ClassExpr::Ranges(vec![(0x0A, 0x0D), (0x85, 0x85), (0x2028, 0x2029)]));
    Node::Group(Box::new(Node::Alt(vec![crlf, one])), None)
}

fn ascii_digit() -> ClassExpr {
    ClassExpr::range(0x30, 0x39)
}

fn ascii_word() -> ClassExpr {
    ClassExpr::Ranges(vec![(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
}

fn ascii_space() -> ClassExpr {
    ClassExpr::Ranges(vec![(0x09, 0x0D), (0x20, 0x20)])
}

fn horizontal_space() -> ClassExpr {
    ClassExpr::Ranges(vec![
        (0x09, 0x09),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x180E, 0x180E),
        (0x2000, 0x200A),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
    ])
}

fn vertical_space() -> ClassExpr {
    ClassExpr::Ranges(vec![(0x0A, 0x0D), (0x85, 0x85), (0x2028, 0x2029)])
}

/// The outcome of a property-name lookup.
enum Prop {
    Set(ClassExpr),
    Unsupported,
    Unknown,
}

/// Java's `family()` name resolution (`\p{name}`).
fn property(name: &str, ci: bool) -> Prop {
    if let Some((key, value)) = name.split_once('=') {
        return match key.to_ascii_lowercase().as_str() {
            "sc" | "script" | "blk" | "block" => Prop::Unsupported,
            "gc" | "general_category" => for_property(value, ci),
            _ => Prop::Unknown,
        };
    }
    if name.starts_with("In") {
        // Unicode blocks.
        return Prop::Unsupported;
    }
    if let Some(short) = name.strip_prefix("Is") {
        if let Some(set) = for_unicode_property(&short.to_uppercase(), ci) {
            return Prop::Set(set);
        }
        return match for_property(short, ci) {
            // Anything else would be a Unicode script name.
            Prop::Unknown => Prop::Unsupported,
            other => other,
        };
    }
    for_property(name, ci)
}

fn gc(names: &[&str]) -> ClassExpr {
    ClassExpr::category(names.iter().fold(Gc::EMPTY, |acc, n| acc.union(Gc::named(n))))
}

/// Java `Character.isDigit` (general category Nd).
fn unicode_digit() -> ClassExpr {
    gc(&["Nd"])
}

/// Java's `HEX_DIGIT()`: Nd plus the ASCII and full-width hex letters.
fn hex_digit() -> ClassExpr {
    unicode_digit().union(ClassExpr::Ranges(vec![
        (0x30, 0x39),
        (0x41, 0x46),
        (0x61, 0x66),
        (0xFF10, 0xFF19),
        (0xFF21, 0xFF26),
        (0xFF41, 0xFF46),
    ]))
}

fn cased_union() -> ClassExpr {
    ClassExpr::Named(Named::Lowercase).union(ClassExpr::Named(Named::Uppercase)).union(gc(&["Lt"]))
}

/// Java's `GRAPH()`: not Zs, Zl, Zp, Cc, Cs, Cn.
fn unicode_graph() -> ClassExpr {
    gc(&["Zs", "Zl", "Zp", "Cc", "Cs", "Cn"]).negate()
}

/// Java's `BLANK()`: Zs or tab.
fn unicode_blank() -> ClassExpr {
    gc(&["Zs"]).union(ClassExpr::single(0x09))
}

/// Java's `forUnicodeProperty` (binary properties and Unicode POSIX names, upper-cased).
fn for_unicode_property(upper: &str, ci: bool) -> Option<ClassExpr> {
    Some(match upper {
        "ALPHABETIC" | "ALPHA" => ClassExpr::Named(Named::Alphabetic),
        "ASSIGNED" => gc(&["Cn"]).negate(),
        "CONTROL" | "CNTRL" => gc(&["Cc"]),
        "HEXDIGIT" | "HEX_DIGIT" | "XDIGIT" => hex_digit(),
        "JOINCONTROL" | "JOIN_CONTROL" => ClassExpr::range(0x200C, 0x200D),
        "LETTER" => ClassExpr::category(Gc::LETTER),
        "LOWERCASE" | "LOWER" if ci => cased_union(),
        "LOWERCASE" | "LOWER" => ClassExpr::Named(Named::Lowercase),
        "UPPERCASE" | "UPPER" if ci => cased_union(),
        "UPPERCASE" | "UPPER" => ClassExpr::Named(Named::Uppercase),
        "TITLECASE" if ci => cased_union(),
        "TITLECASE" => gc(&["Lt"]),
        "NONCHARACTERCODEPOINT" | "NONCHARACTER_CODE_POINT" => {
            let mut r = vec![(0xFDD0, 0xFDEF)];
            r.extend((0..=0x10u32).map(|plane| ((plane << 16) | 0xFFFE, (plane << 16) | 0xFFFF)));
            ClassExpr::Ranges(r)
        }
        "PUNCTUATION" | "PUNCT" => ClassExpr::category(Gc::PUNCT),
        "WHITESPACE" | "WHITE_SPACE" | "SPACE" => ClassExpr::Named(Named::WhiteSpace),
        "WORD" => ClassExpr::Named(Named::Alphabetic)
            .union(gc(&["Mn", "Me", "Mc", "Nd", "Pc"]))
            .union(ClassExpr::range(0x200C, 0x200D)),
        "DIGIT" => unicode_digit(),
        "ALNUM" => ClassExpr::Named(Named::Alphabetic).union(unicode_digit()),
        "BLANK" => unicode_blank(),
        "GRAPH" => unicode_graph(),
        "PRINT" => {
            ClassExpr::And(vec![unicode_graph().union(unicode_blank()), gc(&["Cc"]).negate()])
        }
        _ => return None,
    })
}

/// Java's `forProperty`: categories, Java's ASCII POSIX classes, `all`, `LD`, `L1`.
fn for_property(name: &str, ci: bool) -> Prop {
    let ranges = |r: &[(u32, u32)]| Prop::Set(ClassExpr::Ranges(r.to_vec()));
    let cased = || Prop::Set(gc(&["Lu", "Ll", "Lt"]));
    match name {
        "Lu" | "Ll" | "Lt" if ci => cased(),
        "L" => Prop::Set(ClassExpr::category(Gc::LETTER)),
        "M" => Prop::Set(ClassExpr::category(Gc::MARK)),
        "N" => Prop::Set(ClassExpr::category(Gc::NUMBER)),
        "Z" => Prop::Set(ClassExpr::category(Gc::SEPARATOR)),
        "C" => Prop::Set(ClassExpr::category(Gc::OTHER)),
        "P" => Prop::Set(ClassExpr::category(Gc::PUNCT)),
        "S" => Prop::Set(ClassExpr::category(Gc::SYMBOL)),
        "LC" => Prop::Set(ClassExpr::category(Gc::CASED_LETTER)),
        "LD" => Prop::Set(ClassExpr::category(Gc::LETTER.union(Gc::named("Nd")))),
        "L1" => ranges(&[(0, 0xFF)]),
        "all" => Prop::Set(ClassExpr::everything()),
        "ASCII" => ranges(&[(0, 0x7F)]),
        "Alnum" => ranges(&[(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)]),
        "Alpha" => ranges(&[(0x41, 0x5A), (0x61, 0x7A)]),
        "Blank" => ranges(&[(0x09, 0x09), (0x20, 0x20)]),
        "Cntrl" => ranges(&[(0, 0x1F), (0x7F, 0x7F)]),
        "Digit" => ranges(&[(0x30, 0x39)]),
        "Graph" => ranges(&[(0x21, 0x7E)]),
        "Lower" | "Upper" if ci => ranges(&[(0x41, 0x5A), (0x61, 0x7A)]),
        "Lower" => ranges(&[(0x61, 0x7A)]),
        "Upper" => ranges(&[(0x41, 0x5A)]),
        "Print" => ranges(&[(0x20, 0x7E)]),
        "Punct" => ranges(&[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)]),
        "Space" => ranges(&[(0x09, 0x0D), (0x20, 0x20)]),
        "XDigit" => ranges(&[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)]),
        n if n.starts_with("java") => Prop::Unsupported,
        n => match Gc::two_letter(n) {
            Some(g) => Prop::Set(ClassExpr::category(g)),
            None => Prop::Unknown,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn err(src: &str) -> String {
        parse(src).unwrap_err().to_string()
    }

    #[test]
    fn java_syntax_errors() {
        assert_eq!(err("*a"), "dangling meta character `*` at offset 0");
        assert_eq!(err("a**"), "dangling meta character `*` at offset 2");
        assert_eq!(err("(a"), "unclosed group at offset 2");
        assert_eq!(err("a)"), "unmatched closing `)` at offset 1");
        assert_eq!(err("[a"), "unclosed character class at offset 0");
        assert_eq!(err("x{,2}"), "illegal repetition at offset 1");
        assert_eq!(err("a{2,1}"), "illegal repetition range at offset 1");
        assert_eq!(err("a{2"), "unclosed counted closure at offset 1");
        assert_eq!(err(r"[z-a]"), "illegal character range at offset 1");
        assert_eq!(err(r"[a-\w]"), "illegal character range at offset 1");
        assert_eq!(err(r"\y"), "illegal/unsupported escape sequence `\\y` at offset 0");
        assert_eq!(err(r"ab\p{Foo}"), "unknown character property `\\p{Foo}` at offset 2");
        assert_eq!(err(r"\x{110000}"), "hexadecimal codepoint is too big at offset 0");
        assert_eq!(err(r"\u12"), "illegal Unicode escape sequence at offset 0");
        assert_eq!(
            err(r"(?<=(ab)+)c"),
            "look-behind group does not have an obvious maximum length at offset 0"
        );
        assert_eq!(err("é[b"), "unclosed character class at offset 2");
    }

    #[test]
    fn unsupported_constructs_are_named() {
        assert_eq!(err(r"a\X"), "unsupported construct `\\X` at offset 1");
        assert_eq!(err(r"\Qa\E"), "unsupported construct `\\Q...\\E` at offset 0");
        assert_eq!(err("(?x)a b"), "unsupported construct `(?x)` at offset 2");
        assert_eq!(err("(?iu)a"), "unsupported construct `(?u)` at offset 3");
        assert_eq!(err(r"\p{InGreek}"), "unsupported construct `\\p{InGreek}` at offset 0");
        assert_eq!(err(r"[\p{IsLatin}]"), "unsupported construct `\\p{IsLatin}` at offset 1");
        assert_eq!(
            err(r"\p{javaLowerCase}"),
            "unsupported construct `\\p{javaLowerCase}` at offset 0"
        );
        assert_eq!(
            err(r"(a)(?i)\1"),
            "unsupported construct `back-reference under (?i)` at offset 7"
        );
        assert_eq!(err(r"\b{g}"), "unsupported construct `\\b{g}` at offset 0");
    }

    #[test]
    fn java_oddities_parse() {
        for ok in [
            "{2}",
            "a{2}{3}",
            "[]a]",
            "[^]a]",
            "[&&a]",
            "[a&&]",
            r"\8",
            r"\1(a)",
            "(?<=a+)b",
            r"\cA",
            "[\\v-\\x20]",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
    }
}
