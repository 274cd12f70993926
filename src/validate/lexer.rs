//! Reading JSON text the way serde_json reads it: the tokens the bytes walker needs, and whole
//! values skipped without recursion.
//!
//! The input is checked as UTF-8 once, as a whole, before it is read, so strings are sliced from
//! it. A string is read sixteen bytes at a time to the first byte that ends the plain run (the
//! closing quote, a backslash, a control character), one `pmovmskb` per block on x86-64, in a
//! form the compiler vectorises without `unsafe`. What is well-formed is exactly what serde_json
//! accepts (RFC 8259): a value read for validation as serde_json reads it into a `Value` (numbers
//! that overflow a double, escaped lone surrogates and nesting past 128 levels refused); a value
//! skipped (an unknown member, a document, a value of the wrong type) as serde_json skips one
//! (grammar only, nesting without limit). Where the text is not well-formed the read stops with
//! [`Halt::Malformed`] at the offending token ([`Lexer::fault`]); the caller words the error
//! (`super::bytes`).

use super::number::NumRef;
use crate::compile::ir::KeyWords;
use crate::pattern::ascii::{BlockScan, BlockTest, HIGHS, ONES, block_at, first_marked};
use crate::pattern::class::CharPred;

/// Why a walk over JSON text stopped before its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Halt {
    /// The sink said stop (a verdict met a violation).
    Stop,
    /// The text is not well-formed JSON, or holds a value serde_json refuses, in the token that
    /// starts at [`Lexer::fault`].
    Malformed,
    /// A value the walker reads nests past serde_json's recursion limit, at [`Lexer::fault`].
    TooDeep,
    /// A member or map key given twice when the validator allows it: the caller reads the payload
    /// as a `Value` instead, where the last copy wins.
    Repeated,
}

/// The outcome of a read.
pub(crate) type Read<T = ()> = Result<T, Halt>;

/// serde_json's nesting limit for values it reads (arrays and objects, the outermost included).
pub(crate) const RECURSION_LIMIT: usize = 128;

/// A string's contents: borrowed from the input, or decoded when it has escapes.
#[derive(Debug)]
pub(crate) enum Text<'t> {
    Plain(&'t str),
    Decoded(String),
}

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Decoded(s) => s,
        }
    }
}

/// A cursor over JSON text.
#[derive(Debug)]
pub(crate) struct Lexer<'t> {
    text: &'t str,
    i: usize,
    /// Where the read that stopped with [`Halt::Malformed`] or [`Halt::TooDeep`] found the fault.
    fault: usize,
}

impl<'t> Lexer<'t> {
    pub(crate) fn new(text: &'t str) -> Lexer<'t> {
        Lexer { text, i: 0, fault: 0 }
    }

    /// The byte where the read that stopped found the text at fault.
    pub(crate) fn fault(&self) -> usize {
        self.fault
    }

    /// Stops the read: the text is at fault at byte `at` (see [`Halt::Malformed`]).
    #[cold]
    pub(crate) fn malformed<T>(&mut self, at: usize) -> Read<T> {
        self.fault = at;
        Err(Halt::Malformed)
    }

    /// Stops the read: the bracket at the cursor nests too deep (see [`Halt::TooDeep`]).
    #[cold]
    pub(crate) fn too_deep<T>(&mut self) -> Read<T> {
        self.fault = self.i;
        Err(Halt::TooDeep)
    }

    /// The byte offset of the next byte to read.
    #[inline]
    pub(crate) fn offset(&self) -> usize {
        self.i
    }

    /// The text from `start` to the cursor.
    pub(crate) fn since(&self, start: usize) -> &'t str {
        self.text.get(start..self.i).unwrap_or_default()
    }

    /// The next byte, without reading it.
    #[inline]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    /// Skips whitespace.
    #[inline]
    pub(crate) fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Whitespace, then the end of the input.
    pub(crate) fn end(&mut self) -> Read {
        self.ws();
        if self.i == self.text.len() { Ok(()) } else { self.malformed(self.i) }
    }

    /// Whitespace, then byte `c`.
    #[inline]
    fn eat(&mut self, c: u8) -> Read {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            self.malformed(self.i)
        }
    }

    /// The `:` after a key.
    #[inline]
    pub(crate) fn colon(&mut self) -> Read {
        self.eat(b':')
    }

    /// Whitespace, then the `"` that opens a key.
    #[inline]
    pub(crate) fn key_start(&mut self) -> Read {
        self.ws();
        if self.peek() == Some(b'"') { Ok(()) } else { self.malformed(self.i) }
    }

    /// Steps into the `[` or `{` at the cursor: `false` when the container is empty (then its
    /// closing bracket is read too).
    #[inline]
    pub(crate) fn open(&mut self, close: u8) -> Read<bool> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(close) {
            self.i += 1;
            Ok(false)
        } else {
            Ok(true)
        }
    }

    /// After a member or item: `,` (`true`, more follow) or the closing bracket (`false`).
    #[inline]
    pub(crate) fn next_or_end(&mut self, close: u8) -> Read<bool> {
        self.ws();
        match self.peek() {
            Some(b',') => {
                self.i += 1;
                Ok(true)
            }
            Some(c) if c == close => {
                self.i += 1;
                Ok(false)
            }
            _ => self.malformed(self.i),
        }
    }

    /// `true`, `false` or `null` at the cursor.
    pub(crate) fn literal(&mut self, word: &[u8]) -> Read {
        let end = self.i + word.len();
        if self.text.as_bytes().get(self.i..end) == Some(word) {
            self.i = end;
            Ok(())
        } else {
            self.malformed(self.i)
        }
    }

    /// The string at `"`.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Read<Text<'t>> {
        match self.plain_string()? {
            Some(s) => Ok(Text::Plain(s)),
            None => self.decoded_string().map(Text::Decoded),
        }
    }

    /// The string at `"` when it has no escapes (`None`, the cursor unmoved, when it has).
    #[inline(always)]
    fn plain_string(&mut self) -> Read<Option<&'t str>> {
        let start = self.i + 1;
        let end = self.plain_run(start);
        match self.text.as_bytes().get(end) {
            Some(b'"') => {
                self.i = end + 1;
                // Both ends are at ASCII bytes, so on char boundaries.
                Ok(self.text.get(start..end))
            }
            Some(b'\\') => Ok(None),
            _ => self.malformed(self.i),
        }
    }

    /// The end of the run of plain bytes (not `"`, `\` or a control character) from `start`.
    #[inline(always)]
    fn plain_run(&self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut n = start;
        // Sixteen bytes at a time to the first quote, backslash or control character; then, near
        // the end of the input, eight; then one.
        while let Some(block) = block_at::<16>(bytes, n) {
            if let Some(lane) = first_stop(block, [0; 16]) {
                return n + lane;
            }
            n += 16;
        }
        while let Some(chunk) = block_at::<8>(bytes, n) {
            let mask = special_mask(u64::from_le_bytes(*chunk));
            if mask != 0 {
                // The lowest marked byte is exact (false marks only appear above a true one).
                return n + (mask.trailing_zeros() / 8) as usize;
            }
            n += 8;
        }
        while bytes.get(n).is_some_and(|&b| !matches!(b, b'"' | b'\\' | 0..=0x1f)) {
            n += 1;
        }
        n
    }

    /// The string at `"`, decoding its escapes as serde_json does into a Rust string: `\uXXXX`
    /// escapes of surrogates must pair up.
    #[cold]
    fn decoded_string(&mut self) -> Read<String> {
        let token = self.i;
        let mut out = String::new();
        let mut n = self.i + 1;
        loop {
            let end = self.plain_run(n);
            out.push_str(self.text.get(n..end).unwrap_or_default());
            let bytes = self.text.as_bytes();
            match (bytes.get(end), escape(bytes, end)) {
                (Some(b'"'), _) => {
                    self.i = end + 1;
                    return Ok(out);
                }
                (Some(b'\\'), Some((c, len))) => {
                    out.push(c);
                    n = end + len;
                }
                _ => return self.malformed(token),
            }
        }
    }

    /// Skips the string at `"` as serde_json skips one: escapes must be well-formed, but
    /// surrogates need not pair up.
    fn skip_string(&mut self) -> Read {
        let token = self.i;
        let mut n = self.i + 1;
        loop {
            let end = self.plain_run(n);
            let bytes = self.text.as_bytes();
            match bytes.get(end) {
                Some(b'"') => {
                    self.i = end + 1;
                    return Ok(());
                }
                Some(b'\\') => match escape_len(bytes, end) {
                    Some(len) => n = end + len,
                    None => return self.malformed(token),
                },
                _ => return self.malformed(token),
            }
        }
    }

    /// A member key at `"` with its words (see `compile/keys.rs`): a key shorter than sixteen
    /// bytes is found and read in the same two words. `None`, the cursor unmoved, for a key with
    /// escapes (then read it with [`Lexer::string`]).
    #[inline(always)]
    pub(crate) fn plain_key(&mut self) -> Read<Option<(&'t str, KeyWords)>> {
        let start = self.i + 1;
        let bytes = self.text.as_bytes();
        if let Some(chunk) = block_at::<16>(bytes, start) {
            let a = u64::from_le_bytes(*chunk.first_chunk::<8>().unwrap_or(&[0; 8]));
            let b = u64::from_le_bytes(*chunk.last_chunk::<8>().unwrap_or(&[0; 8]));
            let (ma, mb) = (special_mask(a), special_mask(b));
            // The lowest marked byte is exact, as in `plain_run`.
            let len = if ma != 0 {
                Some(ma.trailing_zeros() / 8)
            } else if mb != 0 {
                Some(8 + mb.trailing_zeros() / 8)
            } else {
                None
            };
            if let Some(len) = len {
                let end = start + len as usize;
                return match bytes.get(end) {
                    Some(b'"') => {
                        self.i = end + 1;
                        let key = self.text.get(start..end).unwrap_or_default();
                        Ok(Some((key, KeyWords::masked(len as usize, [a, b]))))
                    }
                    Some(b'\\') => Ok(None),
                    _ => self.malformed(self.i),
                };
            }
        }
        Ok(self.plain_string()?.map(|key| (key, KeyWords::within(bytes, start, key))))
    }

    /// A string at `"` without escapes whose chars are all in `pred`: its length in chars and its
    /// contents. `None`, the cursor unmoved, for any other string (read it with
    /// [`Lexer::string`]).
    #[inline(always)]
    pub(crate) fn class_string(&mut self, pred: &CharPred) -> Option<(u64, &'t str)> {
        let start = self.i + 1;
        let chars = pred.scan(ClassString(self, pred))?;
        Some((chars, self.text.get(start..self.i - 1)?))
    }

    /// A number in JSON's grammar, read as serde_json reads it into a `Value` (with
    /// `float_roundtrip`): `-0` and integers beyond 64 bits are doubles; one that overflows a
    /// double is refused. With the text it was written as, for the rules that compare a double
    /// exactly (see [`Scalar::Written`](super::scalar::Scalar::Written)).
    pub(crate) fn number(&mut self) -> Read<(NumRef, &'t str)> {
        let start = self.i;
        let (int, float) = self.number_grammar()?;
        let text: &'t str = self.text.get(start..self.i).unwrap_or_default();
        let integer = if float {
            None
        } else {
            let digits = self.text.as_bytes().get(int).unwrap_or_default();
            let u = digits
                .iter()
                .try_fold(0u64, |u, &d| u.checked_mul(10)?.checked_add(u64::from(d - b'0')));
            match u {
                // `-0` is the double -0.0 to serde_json, as is anything below `i64::MIN`.
                Some(u) if text.starts_with('-') => {
                    0i64.checked_sub_unsigned(u).filter(|_| u != 0).map(NumRef::I64)
                }
                Some(u) => Some(i64::try_from(u).map_or(NumRef::U64(u), NumRef::I64)),
                None => None,
            }
        };
        match integer {
            Some(n) => Ok((n, text)),
            None => match text.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok((NumRef::F64(f), text)),
                _ => self.malformed(start),
            },
        }
    }

    /// Reads past a number's text: the range of its integer digits, and whether it has a
    /// fraction or an exponent.
    #[inline(always)]
    fn number_grammar(&mut self) -> Read<(std::ops::Range<usize>, bool)> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        match self.peek() {
            Some(b'0') => {
                self.i += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return self.malformed(start);
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return self.malformed(start),
        }
        let int = int_start..self.i;
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return self.malformed(start);
            }
            float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return self.malformed(start);
            }
            float = true;
        }
        Ok((int, float))
    }

    /// Reads past digits; how many.
    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    /// Skips one whole value, checked for well-formedness only (as serde_json skips an ignored
    /// value): iteratively, so any nesting is fine.
    pub(crate) fn skip(&mut self) -> Read {
        let mut open = Nesting::default();
        loop {
            self.ws();
            let at = self.i;
            match self.peek() {
                Some(b'"') => self.skip_string()?,
                Some(c @ (b'{' | b'[')) => {
                    let object = c == b'{';
                    if self.open(if object { b'}' } else { b']' })? {
                        open.push(object);
                        if object {
                            self.key_start()?;
                            self.skip_string()?;
                            self.colon()?;
                        }
                        continue;
                    }
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => {
                    self.number_grammar()?;
                }
                _ => return self.malformed(at),
            }
            // After a value: close what it ends, up to the next value.
            loop {
                let Some(object) = open.top() else { return Ok(()) };
                if self.next_or_end(if object { b'}' } else { b']' })? {
                    if object {
                        self.key_start()?;
                        self.skip_string()?;
                        self.colon()?;
                    }
                    break;
                }
                open.pop();
            }
        }
    }
}

/// The containers a skip is inside, innermost last: one bit each (set for an object), the first
/// 64 in a word, deeper ones on the heap.
#[derive(Debug, Default)]
struct Nesting {
    depth: usize,
    first: u64,
    deeper: Vec<u64>,
}

impl Nesting {
    fn push(&mut self, object: bool) {
        let bit = u64::from(object) << (self.depth % 64);
        match (self.depth / 64).checked_sub(1) {
            None => self.first = self.first & !(1 << self.depth) | bit,
            Some(w) => match self.deeper.get_mut(w) {
                Some(word) => *word = *word & !(1 << (self.depth % 64)) | bit,
                None => self.deeper.push(bit),
            },
        }
        self.depth += 1;
    }

    /// Whether the innermost container is an object; `None` outside every container.
    fn top(&self) -> Option<bool> {
        let d = self.depth.checked_sub(1)?;
        let word = match (d / 64).checked_sub(1) {
            None => self.first,
            Some(w) => self.deeper.get(w).copied().unwrap_or(0),
        };
        Some(word >> (d % 64) & 1 == 1)
    }

    fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// The escape at `bytes[at]` (a backslash) decoded, and its length in bytes: `\uXXXX` escapes of
/// surrogates must pair up. `None` when it is not a valid escape.
fn escape(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let simple = match *bytes.get(at + 1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let hi = hex4(bytes, at + 2)?;
            if !(0xD800..=0xDFFF).contains(&hi) {
                return Some((char::from_u32(hi)?, 6));
            }
            // A leading surrogate, then the trailing one.
            if hi > 0xDBFF || bytes.get(at + 6..at + 8)? != b"\\u" {
                return None;
            }
            let lo = hex4(bytes, at + 8)?;
            if !(0xDC00..=0xDFFF).contains(&lo) {
                return None;
            }
            let c = char::from_u32(0x1_0000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?;
            return Some((c, 12));
        }
        _ => return None,
    };
    Some((simple, 2))
}

/// The length of the escape at `bytes[at]` (a backslash) when it is well-formed; a `\u` escape
/// may be any four hex digits.
fn escape_len(bytes: &[u8], at: usize) -> Option<usize> {
    match *bytes.get(at + 1)? {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(2),
        b'u' => hex4(bytes, at + 2).map(|_| 6),
        _ => None,
    }
}

/// The four hex digits at `bytes[at..]`.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    digits.iter().try_fold(0, |n, &d| Some(n * 16 + char::from(d).to_digit(16)?))
}

/// [`Lexer::class_string`]: the string scan with the class's test beside the search for the
/// closing quote.
struct ClassString<'s, 't, 'p>(&'s mut Lexer<'t>, &'p CharPred);

impl BlockScan for ClassString<'_, '_, '_> {
    type Out = Option<u64>;

    #[inline(always)]
    fn run<T: BlockTest>(self, test: T) -> Option<u64> {
        let (lex, pred) = (self.0, self.1);
        let (text, bytes) = (lex.text, lex.text.as_bytes());
        let start = lex.i + 1;
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
                lex.i = n + 1;
                return Some((n - start - continuations) as u64);
            };
            continuations += len - 1;
            n += len;
        }
        // Fewer than sixteen bytes left in the input: eight at a time.
        while let Some(chunk) = block_at::<8>(bytes, n) {
            let word = u64::from_le_bytes(*chunk);
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
                lex.i = n + 1;
                return Some((n - start - continuations) as u64);
            };
            continuations += len - 1;
            n += len;
        }
        // Fewer than eight bytes left in the input: a byte at a time.
        loop {
            let b = *bytes.get(n)?;
            if b < 0x80 && b != b'"' {
                (b >= 0x20 && b != b'\\' && pred.ascii(b)).then_some(())?;
                n += 1;
                continue;
            }
            let Some(len) = char_at_stop(text, pred, n)? else {
                lex.i = n + 1;
                return Some((n - start - continuations) as u64);
            };
            continuations += len - 1;
            n += len;
        }
    }
}

/// What the byte at `text[n]`, where a run of a class's ASCII members stopped, means:
/// `Some(None)` for the closing quote; `Some(Some(len))` for a non-ASCII char of `len` bytes in the
/// class, to step over; `None` (not a class string) for an ASCII byte outside the class, an escape
/// or a control character.
#[inline(always)]
fn char_at_stop(text: &str, pred: &CharPred, n: usize) -> Option<Option<usize>> {
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
    use super::*;

    fn lex(text: &str) -> Lexer<'_> {
        Lexer::new(text)
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

    #[test]
    fn strings_plain_and_escaped_of_every_length() {
        for n in 0..40 {
            let body = "x".repeat(n);
            let text = format!("\"{body}\" ");
            let mut l = lex(&text);
            assert!(matches!(l.string(), Ok(Text::Plain(s)) if s == body), "{n}");
            assert_eq!(l.offset(), n + 2);
            // An escape at every position.
            let text = format!("\"{body}\\n{body}\"");
            let mut l = lex(&text);
            assert_eq!(l.string().map(|t| t.to_string()), Ok(format!("{body}\n{body}")));
            assert_eq!(l.offset(), text.len());
        }
        let mut l = lex(r#""\ud83d\ude00 \u00e9\/\"""#);
        assert_eq!(l.string().map(|t| t.to_string()), Ok("😀 é/\"".to_owned()));
        // Lone or reversed surrogates are refused when read, skipped when skipped.
        for bad in [r#""\ud800""#, r#""\udc00""#, r#""\ude00\ud83d""#, r#""\ud800\u0041""#] {
            let mut l = lex(bad);
            assert_eq!((l.string().map(|_| ()), l.fault()), (Err(Halt::Malformed), 0), "{bad}");
            let mut l = lex(bad);
            assert_eq!(l.skip(), Ok(()), "{bad}");
            assert_eq!(l.offset(), bad.len());
        }
        for bad in [r#""\x""#, r#""\u12G4""#, r#""\u12""#, "\"a\u{1}\"", "\"abc"] {
            assert!(lex(bad).string().is_err(), "{bad}");
            assert!(lex(bad).skip().is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_as_serde_json_reads_them() {
        let read = |t: &str| {
            let mut l = lex(t);
            let n = l.number();
            n.map(|(n, _)| (n, l.offset())).map_err(|e| (e, l.fault()))
        };
        assert_eq!(read("-0"), Ok((NumRef::F64(-0.0), 2)));
        assert_eq!(read("0"), Ok((NumRef::I64(0), 1)));
        assert_eq!(read("-9223372036854775808"), Ok((NumRef::I64(i64::MIN), 20)));
        assert_eq!(
            read("-9223372036854775809"),
            Ok((NumRef::F64(-9_223_372_036_854_775_809.0), 20))
        );
        assert_eq!(read("18446744073709551615"), Ok((NumRef::U64(u64::MAX), 20)));
        assert_eq!(
            read("18446744073709551616"),
            Ok((NumRef::F64(18_446_744_073_709_551_616.0), 20))
        );
        assert_eq!(read("1E+2,"), Ok((NumRef::F64(100.0), 4)));
        assert_eq!(read("1e-400"), Ok((NumRef::F64(0.0), 6)));
        for bad in ["1e400", "-1e400", "01", "1.", "-", "1e", "1e+", ".5", "+1"] {
            assert_eq!(read(bad), Err((Halt::Malformed, 0)), "{bad}");
        }
        // Skipped, an overflowing number is only grammar (as serde_json ignores one).
        let mut l = lex("1e400");
        assert_eq!(l.skip(), Ok(()));
    }

    #[test]
    fn skipping_nests_without_limit_and_checks_the_grammar() {
        let deep = format!("{}1{}", "[{\"a\":".repeat(100_000), "}]".repeat(100_000));
        let mut l = lex(&deep);
        assert_eq!(l.skip(), Ok(()));
        assert_eq!(l.offset(), deep.len());
        for (text, at) in [
            ("[1,]", 3),
            ("{\"a\":1,}", 7),
            ("[1 2]", 3),
            ("{\"a\" 1}", 5),
            ("{1:2}", 1),
            ("[tru]", 1),
            ("[", 1),
            ("", 0),
        ] {
            let mut l = lex(text);
            assert_eq!((l.skip(), l.fault()), (Err(Halt::Malformed), at), "{text}");
        }
    }

    #[test]
    fn keys_of_every_length_are_read_with_their_words() {
        for n in 1..=40 {
            let key = "k".repeat(n);
            for tail in ["\":1}", "\""] {
                let text = format!("\"{key}{tail}");
                let mut l = lex(&text);
                let (read, words) = l.plain_key().unwrap().unwrap();
                assert_eq!(read, key);
                assert_eq!(words, KeyWords::of(&key), "{n}");
                assert_eq!(l.offset(), n + 2);
            }
            let text = format!("\"{key}\\u0041\"");
            assert_eq!(lex(&text).plain_key(), Ok(None));
        }
    }
}
