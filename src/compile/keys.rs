//! Lookup by key without allocating, for structure members and enum values: a key is read as its
//! length and first sixteen bytes (two machine words), hashed perfectly to one candidate, and
//! compared with it word by word; only keys longer than sixteen bytes compare their remaining
//! bytes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// A key's length and its first sixteen bytes, zero-padded, as two little-endian words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
        KeyWords::masked(len, [word(a), word(b)])
    }

    /// The words of a key of `len` bytes from the sixteen bytes that start with it (the bytes
    /// past the key are masked off).
    #[inline]
    pub(crate) fn masked(len: usize, [a, b]: [u64; 2]) -> KeyWords {
        let keep = |n: usize| if n >= 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
        KeyWords { len, words: [a & keep(len), b & keep(len.saturating_sub(8))] }
    }
}

/// The first eight bytes of `bytes`, zero-padded, as one word: whole-word loads, overlapping
/// for short keys (the overlapping bytes are equal, so OR-ing them is exact).
#[inline]
fn word(bytes: &[u8]) -> u64 {
    let at = |i: usize| u64::from(bytes.get(i).copied().unwrap_or(0));
    let four = |from: usize| {
        let chunk = bytes.get(from..).and_then(<[u8]>::first_chunk::<4>);
        chunk.map_or(0, |w| u64::from(u32::from_le_bytes(*w)))
    };
    match bytes.len() {
        0 => 0,
        n @ 1..=3 => at(0) | at(n / 2) << (8 * (n / 2)) | at(n - 1) << (8 * (n - 1)),
        n @ 4..=7 => four(0) | four(n - 4) << (8 * (n - 4)),
        _ => bytes.first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w)),
    }
}

/// A fixed set of keys in declared order (one structure's members, by member name or by JSON body
/// name; or one enum's values), found through a perfect hash of their words: a multiplier chosen
/// when the spec compiles sends every key to a slot of its own, so a lookup is one multiply, one
/// slot and one comparison.
#[derive(Debug, Default)]
pub(crate) struct MemberKeys {
    names: Vec<Arc<str>>,
    /// A number given with each key (a structure member's node), found with it.
    values: Vec<u32>,
    /// A power of two long; each key in a slot of its own, with its words beside it so that a
    /// lookup reads one place.
    slots: Vec<Slot>,
    multiplier: u64,
    shift: u32,
    /// When no multiplier separates the keys (two keys share length and first sixteen bytes) or
    /// there are too many members for the slots: a hash map.
    hashed: Option<HashMap<Arc<str>, usize, BuildHasherDefault<Fnv>>>,
}

/// One slot of the perfect hash: 32 bytes.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    words: KeyWords,
    /// The member index plus one (0: empty).
    member: u16,
    /// The key's value, so that a lookup reads it from the same place.
    value: u32,
}

/// Multipliers tried per table size before the table doubles.
const TRIES: usize = 64;

impl MemberKeys {
    /// Adds the next member's key.
    pub(crate) fn push(&mut self, name: Arc<str>) {
        self.push_valued(name, 0);
    }

    /// Adds the next member's key, with a value that [`MemberKeys::find_valued`] returns.
    pub(crate) fn push_valued(&mut self, name: Arc<str>, value: u32) {
        self.names.push(name);
        self.values.push(value);
    }

    /// Chooses the perfect hash (or falls back to a hash map) once every key is in.
    pub(crate) fn finish(&mut self) {
        let n = self.names.len();
        if n == 0 {
            return;
        }
        if n < usize::from(u16::MAX) {
            let words: Vec<KeyWords> = self.names.iter().map(|name| KeyWords::of(name)).collect();
            let mut state = 0x2545_F491_4F6C_DD1Du64;
            let mut bits = (2 * n).next_power_of_two().trailing_zeros().max(1);
            let most = (16 * n).next_power_of_two().trailing_zeros();
            while bits <= most {
                self.shift = 64 - bits;
                for _ in 0..TRIES {
                    state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                    self.multiplier =
                        (state ^ (state >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9) | 1;
                    let mut slots = vec![Slot::default(); 1 << bits];
                    let keys = words.iter().zip(&self.values).zip(1u16..);
                    let separated = keys.into_iter().all(|((&words, &value), member)| {
                        let slot = &mut slots[self.slot_of(words)];
                        std::mem::replace(slot, Slot { words, member, value }).member == 0
                    });
                    if separated {
                        self.slots = slots;
                        return;
                    }
                }
                bits += 1;
            }
        }
        let by_name = self.names.iter().cloned().zip(0..).collect();
        self.hashed = Some(by_name);
    }

    #[inline]
    fn slot_of(&self, w: KeyWords) -> usize {
        let [a, b] = w.words;
        let x = a ^ b.rotate_left(29) ^ (w.len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (x.wrapping_mul(self.multiplier) >> self.shift) as usize
    }

    /// The member index of `key`, whose words are `words`.
    #[inline(always)]
    pub(crate) fn find(&self, key: &str, words: KeyWords) -> Option<usize> {
        self.find_valued(key, words).map(|(i, _)| i)
    }

    /// The member index of `key`, whose words are `words`, and the value it was pushed with.
    #[inline(always)]
    pub(crate) fn find_valued(&self, key: &str, words: KeyWords) -> Option<(usize, u32)> {
        if self.hashed.is_some() {
            let i = self.find_hashed(key)?;
            return Some((i, *self.values.get(i)?));
        }
        let slot = self.slots.get(self.slot_of(words))?;
        if slot.words != words {
            return None;
        }
        let i = usize::from(slot.member.checked_sub(1)?);
        let same =
            key.len() <= 16 || self.names.get(i)?.as_bytes().get(16..) == key.as_bytes().get(16..);
        same.then_some((i, slot.value))
    }

    /// [`MemberKeys::find`] through the hash map, out of the hot path.
    #[cold]
    #[inline(never)]
    fn find_hashed(&self, key: &str) -> Option<usize> {
        self.hashed.as_ref()?.get(key).copied()
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
        assert_eq!(
            long.words,
            [u64::from_le_bytes(*b"originCo"), u64::from_le_bytes(*b"nfigurat")]
        );
        assert_eq!(long.len, 19);
    }

    #[test]
    fn words_of_every_short_length_are_the_padded_bytes() {
        let text = "abcdefghijklmnopqrstu";
        for len in 0..=text.len() {
            let key = &text[..len];
            let mut padded = [0u8; 16];
            for (slot, b) in padded.iter_mut().zip(key.bytes()) {
                *slot = b;
            }
            let (a, b) = padded.split_at(8);
            let want = [
                u64::from_le_bytes(a.try_into().unwrap()),
                u64::from_le_bytes(b.try_into().unwrap()),
            ];
            assert_eq!(KeyWords::of(key).words, want, "{key:?}");
        }
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
    fn distinct_keys_get_a_perfect_hash() {
        for n in [1, 2, 5, 9, 40, 300] {
            let names: Vec<String> = (0..n).map(|i| format!("member{i}")).collect();
            let mut keys = MemberKeys::default();
            for name in &names {
                keys.push(name.as_str().into());
            }
            keys.finish();
            assert!(keys.hashed.is_none(), "{n} members fell back to hashing");
            for (i, name) in names.iter().enumerate() {
                assert_eq!(keys.find(name, KeyWords::of(name)), Some(i));
            }
            for missing in ["member", "", &format!("member{n}"), "Member0"] {
                assert_eq!(keys.find(missing, KeyWords::of(missing)), None, "{missing:?}");
            }
        }
        let empty = MemberKeys::default();
        assert_eq!(empty.find("x", KeyWords::of("x")), None);
    }

    #[test]
    fn values_come_back_with_their_keys_from_slots_and_from_the_map() {
        // Two keys sharing sixteen bytes and length force the hash-map fallback.
        for names in [
            &["packageName", "tags", "clientToken"][..],
            &["abcdefghijklmnopX", "abcdefghijklmnopY"],
        ] {
            let mut keys = MemberKeys::default();
            for (i, n) in names.iter().enumerate() {
                keys.push_valued((*n).into(), 1000 + 7 * i as u32);
            }
            keys.finish();
            assert_eq!(keys.hashed.is_some(), names.len() == 2, "{names:?}");
            for (i, n) in names.iter().enumerate() {
                assert_eq!(keys.find_valued(n, KeyWords::of(n)), Some((i, 1000 + 7 * i as u32)));
            }
            assert_eq!(keys.find_valued("nope", KeyWords::of("nope")), None);
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
