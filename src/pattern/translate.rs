//! Syntax tree → Rust regex text, for the `regex` crate or for `fancy-regex`.

use std::fmt::Write as _;

use super::ast::{Assert, Greed, Look, Node};
use super::class::write_literal;

/// The engine the text is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// The `regex` crate: no look-around. Java `$` is written `\z`; the caller makes sure that is
    /// exact (tail position, and end-cuts for the search rule).
    Regex,
    /// `fancy-regex`: anchors and `\b` are spelled exactly with look-around.
    Fancy,
}

const WORD: &str = "[0-9A-Z_a-z]";

/// Translates `node` for `flavor`.
pub(crate) fn translate(node: &Node, flavor: Flavor) -> String {
    let mut out = String::new();
    emit(node, flavor, &mut out);
    out
}

fn emit(node: &Node, flavor: Flavor, out: &mut String) {
    match node {
        Node::Empty => {}
        Node::Char(c) => write_literal(*c, out),
        Node::Class(e) => e.write_rust(out),
        Node::Assert(a) => emit_assert(*a, flavor, out),
        Node::Group(n, cap) => {
            out.push_str(if cap.is_some() && flavor == Flavor::Fancy { "(" } else { "(?:" });
            emit(n, flavor, out);
            out.push(')');
        }
        Node::Look(kind, n) => {
            out.push_str(match kind {
                Look::Ahead => "(?=",
                Look::NotAhead => "(?!",
                Look::Behind => "(?<=",
                Look::NotBehind => "(?<!",
            });
            emit(n, flavor, out);
            out.push(')');
        }
        Node::Atomic(n) => {
            out.push_str("(?>");
            emit(n, flavor, out);
            out.push(')');
        }
        Node::Repeat(n, rep) => {
            if n.max_len() == Some(0) {
                // Java stops repeating a zero-width body after one pass: `X*` ≡ nothing,
                // `X+` / `X{n}` ≡ `X`.
                if rep.min > 0 {
                    emit(n, flavor, out);
                }
                return;
            }
            emit_atom(n, flavor, out);
            match (rep.min, rep.max) {
                (0, Some(1)) => out.push('?'),
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (m, None) => {
                    let _ = write!(out, "{{{m},}}");
                }
                (m, Some(x)) if m == x => {
                    let _ = write!(out, "{{{m}}}");
                }
                (m, Some(x)) => {
                    let _ = write!(out, "{{{m},{x}}}");
                }
            }
            match rep.greed {
                Greed::Greedy => {}
                Greed::Lazy => out.push('?'),
                // For `regex` the tier planner only allows possessive forms it proved equal to
                // the greedy ones.
                Greed::Possessive if flavor == Flavor::Fancy => out.push('+'),
                Greed::Possessive => {}
            }
        }
        Node::Concat(items) => {
            for item in items {
                if matches!(item, Node::Alt(_)) {
                    out.push_str("(?:");
                    emit(item, flavor, out);
                    out.push(')');
                } else {
                    emit(item, flavor, out);
                }
            }
        }
        Node::Alt(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                emit(item, flavor, out);
            }
        }
        Node::BackRef(n) => {
            let _ = write!(out, "(?:\\{n})");
        }
    }
}

/// Emits `node` so that a quantifier can follow it.
fn emit_atom(node: &Node, flavor: Flavor, out: &mut String) {
    match node {
        Node::Char(_) | Node::Class(_) | Node::Group(..) | Node::Atomic(_) | Node::BackRef(_) => {
            emit(node, flavor, out);
        }
        _ => {
            out.push_str("(?:");
            emit(node, flavor, out);
            out.push(')');
        }
    }
}

fn emit_assert(a: Assert, flavor: Flavor, out: &mut String) {
    let text = match (a, flavor) {
        (Assert::Start, _) => "\\A",
        (Assert::End, _) => "\\z",
        (Assert::Dollar { .. }, Flavor::Regex) => "\\z",
        (Assert::Dollar { unix: false }, Flavor::Fancy) => {
            "(?:\\z|(?=\\r\\n\\z)|(?=[\\r\\x{85}\\x{2028}\\x{2029}]\\z)|(?<!\\r)(?=\\n\\z))"
        }
        (Assert::Dollar { unix: true }, Flavor::Fancy) => "(?:\\z|(?=\\n\\z))",
        (Assert::LineStart { unix: false }, _) => {
            "(?!\\z)(?:\\A|(?<=[\\n\\x{85}\\x{2028}\\x{2029}])|(?<=\\r)(?!\\n))"
        }
        (Assert::LineStart { unix: true }, _) => "(?!\\z)(?:\\A|(?<=\\n))",
        (Assert::LineEnd { unix: false }, _) => {
            "(?:\\z|(?=[\\r\\x{85}\\x{2028}\\x{2029}])|(?<!\\r)(?=\\n))"
        }
        (Assert::LineEnd { unix: true }, _) => "(?:\\z|(?=\\n))",
        (Assert::WordBoundary, Flavor::Regex) => "(?-u:\\b)",
        (Assert::NotWordBoundary, Flavor::Regex) => "(?-u:\\B)",
        (Assert::WordBoundary, Flavor::Fancy) => {
            let _ = write!(out, "(?:(?<={WORD})(?!{WORD})|(?<!{WORD})(?={WORD}))");
            return;
        }
        (Assert::NotWordBoundary, Flavor::Fancy) => {
            let _ = write!(out, "(?:(?<={WORD})(?={WORD})|(?<!{WORD})(?!{WORD}))");
            return;
        }
    };
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    fn rx(src: &str) -> String {
        translate(&parse(src).unwrap().node, Flavor::Regex)
    }

    fn fx(src: &str) -> String {
        translate(&parse(src).unwrap().node, Flavor::Fancy)
    }

    #[test]
    fn perl_classes_are_ascii() {
        assert_eq!(rx(r"\d\D"), r"[0-9][^0-9]");
        assert_eq!(rx(r"\w\W"), r"[0-9A-Z_a-z][^0-9A-Z_a-z]");
        assert_eq!(rx(r"\s\S"), r"[\x09-\x0D ][^\x09-\x0D ]");
        assert_eq!(rx(r"[\s\S]*"), r"[\x09-\x0D [^\x09-\x0D ]]*");
        assert_eq!(rx(r"\b\B"), r"(?-u:\b)(?-u:\B)");
    }

    #[test]
    fn dot_follows_java_and_flags() {
        assert_eq!(rx("."), r"[^\x0A\x0D\x85\x{2028}\x{2029}]");
        assert_eq!(rx("(?s)."), "(?s:.)");
        assert_eq!(rx("(?d)."), r"[^\x0A]");
        assert_eq!(rx("(?s:.)."), r"(?:(?s:.))[^\x0A\x0D\x85\x{2028}\x{2029}]");
    }

    #[test]
    fn posix_and_categories() {
        assert_eq!(rx(r"\p{Alnum}\p{Punct}"), r"[0-9A-Za-z][!-/:-@\[-`{-\~]");
        assert_eq!(rx(r"\p{Print}\p{Graph}\p{XDigit}"), r"[ -\~][!-\~][0-9A-Fa-f]");
        assert_eq!(rx(r"\p{Blank}\p{Cntrl}\p{ASCII}"), r"[\x09 ][\x00-\x1F\x7F][\x00-\x7F]");
        assert_eq!(rx(r"[^\p{C}]+"), r"[^\p{C}]+");
        assert_eq!(rx(r"\P{C}*"), r"[^\p{C}]*");
        assert_eq!(rx(r"\p{LD}\p{all}\pL"), r"[\p{L}\p{Nd}](?s:.)\p{L}");
        assert_eq!(rx(r"\p{IsAlphabetic}\p{IsWhitespace}"), r"\p{Alphabetic}\p{White_Space}");
        assert_eq!(rx(r"[\p{L}||\p{N}]"), r"[\p{L}\p{N}|]");
    }

    #[test]
    fn surrogates_octal_dash_and_possessive() {
        assert_eq!(rx(r"[\uD800\uDC00-\uDBFF\uDFFF]"), r"[\x{10000}-\x{10FFFF}]");
        assert_eq!(rx(r"[\uD800\uDBFF-\uDC00\uDFFF]"), r"[^\x00-\x{10FFFF}]");
        assert_eq!(rx(r"\uD83D\uDE00"), r"\x{1F600}");
        assert_eq!(rx(r"[^/:|\000-\037]+"), r"[^\x00-\x1F/:|]+");
        assert_eq!(rx(r"[\w-_]"), r"[\-0-9A-Z_a-z]");
        assert_eq!(rx(r"[0-9A-Z]{2}+"), r"[0-9A-Z]{2}");
        assert_eq!(fx(r"a*+b"), r"a*+b");
    }

    #[test]
    fn intersection_vertical_horizontal_and_case() {
        assert_eq!(rx(r"[\p{Print}&&[^|:/]]"), r"[[[ -\~]&&[^/:|]]]");
        assert_eq!(rx(r"\v"), r"[\x0A-\x0D\x85\x{2028}\x{2029}]");
        assert_eq!(
            rx(r"\h"),
            r"[\x09 \xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}]"
        );
        assert_eq!(rx(r"[\v-\x0D]"), r"[\x0B-\x0D]");
        assert_eq!(rx(r"(?i)a[b-d]é"), r"[Aa][B-Db-d]\xE9");
        assert_eq!(rx(r"\R"), r"(?:\x0D\x0A|[\x0A-\x0D\x85\x{2028}\x{2029}])");
    }

    #[test]
    fn anchors_by_flavor() {
        assert_eq!(rx(r"^a$"), r"\Aa\z");
        assert_eq!(
            fx(r"a$"),
            r"a(?:\z|(?=\r\n\z)|(?=[\r\x{85}\x{2028}\x{2029}]\z)|(?<!\r)(?=\n\z))"
        );
        assert_eq!(fx(r"(?m)$"), r"(?:\z|(?=[\r\x{85}\x{2028}\x{2029}])|(?<!\r)(?=\n))");
        assert_eq!(fx(r"(?!x)*a(?=b)+"), r"a(?=b)");
        assert_eq!(fx(r"(a)\1"), r"(a)(?:\1)");
        assert_eq!(fx(r"(?<n>a)\k<n>"), r"(a)(?:\1)");
    }
}
