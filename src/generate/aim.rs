//! Invalid payloads aimed at one path: which nodes, at which depth of the path, can still reach a
//! mutation reported exactly there.
//!
//! A path is a JSON Pointer whose segments are member names, list indexes and map keys, or `*`
//! for any member, index or key. The mutations a node makes are reported at its own path
//! (replacements, unions, duplicates, bad map keys) or one level down (a missing member, a `null`
//! item or value).

use crate::compile::ir::Kind;

use super::bounds::bounds;
use super::model::Model;
use super::mutation::Mutation;

/// The segments of a JSON Pointer (`~1` is `/`, `~0` is `~`); `None` when it is not one.
pub(crate) fn segments(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect())
}

impl Model {
    /// Whether `pointer` (a payload's intended path) is on the aimed path (always, without one).
    pub(crate) fn on_aim(&self, pointer: &str) -> bool {
        let Some(aim) = &self.aim else { return true };
        segments(pointer).is_some_and(|got| {
            got.len() == aim.len() && got.iter().zip(aim).all(|(g, a)| a == "*" || g == a)
        })
    }

    /// The aimed path's segment at `depth`, if the path goes that deep.
    pub(crate) fn seg(&self, depth: usize) -> Option<&str> {
        self.aim.as_ref()?.get(depth).map(String::as_str)
    }

    /// Whether a member named `name` is the one segment `seg` names.
    pub(crate) fn seg_member(seg: &str, name: &str) -> bool {
        seg == "*" || seg == name
    }

    /// The list index segment `seg` forces (`Some(None)`: any index; `None`: not an index or not
    /// below the list's maximum length).
    pub(crate) fn seg_index(&self, id: usize, seg: &str) -> Option<Option<u64>> {
        if seg == "*" {
            return Some(None);
        }
        if seg.len() > 1 && seg.starts_with('0') {
            return None;
        }
        let k: u64 = seg.parse().ok()?;
        let (_, hi) = bounds(self.nodes.get(id)?.length.as_ref());
        (hi.is_none_or(|h| k < h) && k < super::bounds::MAX_ITEMS).then_some(Some(k))
    }

    /// The map key segment `seg` forces (`Some(None)`: any key; `None`: not a valid key).
    pub(crate) fn seg_key(&self, key: usize, seg: &str) -> Option<Option<String>> {
        if seg == "*" {
            return Some(None);
        }
        let node = self.nodes.get(key)?;
        let (lo, hi) = bounds(node.length.as_ref());
        let ok = match &node.kind {
            Kind::Enum(_) => node.values.iter().any(|v| v == seg),
            _ => node.strings.accepts(seg, lo, hi),
        };
        ok.then(|| Some(seg.to_owned()))
    }

    /// Whether local mutation `m` of node `id`, at depth `depth` of the aimed path, is reported
    /// on that path.
    pub(crate) fn local_on_aim(&self, id: usize, m: &Mutation, depth: usize) -> bool {
        let Some(aim) = &self.aim else { return true };
        let Some(node) = self.nodes.get(id) else { return false };
        let here = matches!(
            m,
            Mutation::Replace(..)
                | Mutation::UnionNone
                | Mutation::UnionTwo
                | Mutation::Duplicate
                | Mutation::Key(..)
        );
        if here {
            return depth == aim.len();
        }
        if depth + 1 != aim.len() {
            return false;
        }
        let Some(seg) = self.seg(depth) else { return false };
        match (m, &node.kind) {
            (Mutation::Missing(i), Kind::Structure(s)) => self
                .structs
                .get(*s)
                .and_then(|ms| ms.get(*i))
                .is_some_and(|member| Self::seg_member(seg, &member.name)),
            (Mutation::SparseItem, Kind::List { .. }) => self.seg_index(id, seg).is_some(),
            (Mutation::SparseValue, Kind::Map { key, .. }) => self.seg_key(*key, seg).is_some(),
            _ => false,
        }
    }

    /// Computes, for every depth of the aimed path, which nodes can reach a mutation reported on
    /// it; says whether the root can.
    pub(crate) fn aim_at(&mut self, aim: Vec<String>) -> bool {
        let len = aim.len();
        self.aim = Some(aim);
        let count = self.nodes.len();
        let mut reach = vec![vec![false; count]; len + 1];
        for depth in (0..=len).rev() {
            for id in 0..count {
                if self.height_at(id).is_none() {
                    continue;
                }
                let local = self
                    .muts
                    .get(id)
                    .is_some_and(|ms| ms.iter().any(|m| self.local_on_aim(id, m, depth)));
                let below = depth < len
                    && self.aim_children(id, depth).into_iter().any(|c| {
                        reach.get(depth + 1).and_then(|row| row.get(c)).copied().unwrap_or(false)
                    });
                if let Some(slot) = reach.get_mut(depth).and_then(|row| row.get_mut(id)) {
                    *slot = local || below;
                }
            }
        }
        self.reach = reach;
        self.reaches(self.root, 0)
    }

    /// The children of `id` the aimed path's segment at `depth` leads to.
    fn aim_children(&self, id: usize, depth: usize) -> Vec<usize> {
        let (Some(node), Some(seg)) = (self.nodes.get(id), self.seg(depth)) else {
            return Vec::new();
        };
        match &node.kind {
            Kind::Structure(s) | Kind::Union(s) => self
                .structs
                .get(*s)
                .into_iter()
                .flatten()
                .filter(|m| Self::seg_member(seg, &m.name))
                .map(|m| m.node)
                .collect(),
            Kind::List { item, .. } if self.seg_index(id, seg).is_some() => vec![*item],
            Kind::Map { key, value, .. } if self.seg_key(*key, seg).is_some() => vec![*value],
            _ => Vec::new(),
        }
    }

    /// Whether node `id` at depth `depth` of the aimed path can reach a mutation on it (always,
    /// without an aimed path).
    pub(crate) fn reaches(&self, id: usize, depth: usize) -> bool {
        self.aim.is_none()
            || self.reach.get(depth).and_then(|row| row.get(id)).copied().unwrap_or(false)
    }
}
