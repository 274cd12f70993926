//! Member lookup by key without hashing or allocating: structures are small, so a key is found by
//! comparing its length and first sixteen bytes (two machine words) against each member's, and
//! only longer names compare their remaining bytes. Wide structures use a hash map.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Structures with at most this many members are searched by a scan rather than hashing.
const SCAN_MEMBERS: usize = 16;

/// A key's length and its first sixteen bytes, zero-padded, as two little-endian words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct KeyWords {
    len: usize,
    words: [u64; 2],
}

impl KeyWords {
    #[inline]
    pub(crate) fn of(key: &str) -> KeyWords {
        let bytes = key.as_bytes();
        let words = [word(bytes), word(bytes.get(8..).unwrap_or_default())];
        KeyWords { len: bytes.len(), words }
    }

    /// The words of the key at `buf[start..start + len]`, read from the buffer around it when
    /// sixteen bytes are there (a JSON key is followed by at least its closing quote).
    #[inline]
    pub(crate) fn within(buf: &[u8], start: usize, key: &str) -> KeyWords {
        let len = key.len();
        let Some(chunk) = buf.get(start..start.saturating_add(16)) else {
            return KeyWords::of(key);
        };
        let (a, b) = chunk.split_at(8);
        let mut words = [u64::from_le_bytes(a.try_into().unwrap_or_default()), 0];
        words[1] = u64::from_le_bytes(b.try_into().unwrap_or_default());
        let keep = |n: usize| if n >= 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
        words[0] &= keep(len);
        words[1] &= keep(len.saturating_sub(8));
        KeyWords { len, words }
    }
}

/// The first eight bytes of `bytes`, zero-padded, as one word.
#[inline]
fn word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(word) => u64::from_le_bytes(*word),
        // Little-endian, zero-padded: the first byte is the lowest.
        None => bytes.iter().rev().fold(0, |word, &b| word << 8 | u64::from(b)),
    }
}

/// The keys of one structure's members (by member name, or by JSON body name), in member order.
#[derive(Debug, Default)]
pub(crate) struct MemberKeys {
    words: Vec<KeyWords>,
    names: Vec<Arc<str>>,
    /// Only for structures too wide to scan.
    hashed: HashMap<Arc<str>, usize, BuildHasherDefault<Fnv>>,
}

impl MemberKeys {
    /// Adds the next member's key.
    pub(crate) fn push(&mut self, name: Arc<str>) {
        self.words.push(KeyWords::of(&name));
        self.hashed.insert(name.clone(), self.names.len());
        self.names.push(name);
    }

    /// Drops the hash map when a scan will do.
    pub(crate) fn finish(&mut self) {
        if self.names.len() <= SCAN_MEMBERS {
            self.hashed = HashMap::default();
        }
    }

    /// The member index of `key`, whose words are `words`.
    #[inline]
    pub(crate) fn find(&self, key: &str, words: KeyWords) -> Option<usize> {
        if self.names.len() > SCAN_MEMBERS {
            return self.hashed.get(key).copied();
        }
        let rest = key.as_bytes().get(16..);
        self.words.iter().zip(&self.names).position(|(w, name)| {
            *w == words && (rest.is_none() || name.as_bytes().get(16..) == rest)
        })
    }
}

/// FNV-1a: member names are short and trusted (they come from the spec), so a fast hash is right.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_the_zero_padded_first_sixteen_bytes() {
        assert_eq!(KeyWords::of("").words, [0, 0]);
        assert_eq!(KeyWords::of("ab").words, [u64::from_le_bytes(*b"ab\0\0\0\0\0\0"), 0]);
        let long = KeyWords::of("originConfiguration");
        assert_eq!(long.words, [u64::from_le_bytes(*b"originCo"), u64::from_le_bytes(*b"nfigurat")]);
        assert_eq!(long.len, 19);
    }

    #[test]
    fn words_read_from_the_buffer_match_words_of_the_key() {
        let buf = br#"{"a":1,"packageName":2,"originConfiguration":3,"x":4}"#;
        let text = std::str::from_utf8(buf).unwrap();
        for (start, len) in [(2, 1), (8, 11), (24, 19), (48, 1), (0, 0), (50, 3)] {
            let key = &text[start..start + len];
            assert_eq!(KeyWords::within(buf, start, key), KeyWords::of(key), "{key:?}");
        }
    }

    #[test]
    fn keys_sharing_sixteen_bytes_are_told_apart() {
        for wide in [false, true] {
            let mut keys = MemberKeys::default();
            let mut names = vec!["repositoriesCountA", "repositoriesCountB", "a", "ab"];
            if wide {
                names.extend(["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "n0"]);
                names.extend(["n1", "n2", "n3", "n4"]);
            }
            for n in &names {
                keys.push((*n).into());
            }
            keys.finish();
            for (i, n) in names.iter().enumerate() {
                assert_eq!(keys.find(n, KeyWords::of(n)), Some(i), "{n}");
            }
            for missing in ["repositoriesCountC", "repositoriesCount", "", "abc", "a\0"] {
                assert_eq!(keys.find(missing, KeyWords::of(missing)), None, "{missing:?}");
            }
        }
    }
}
