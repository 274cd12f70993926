//! The generator's view of a compiled shape: the nodes reachable from it, copied out of the
//! validator's IR (so strategies own what they read), with what each node needs to be generated:
//! its strings' generator and a witness, its allowed values, and its height (the fewest nesting
//! levels a valid value needs; `None` when no valid value exists).

use std::collections::HashMap;
use std::sync::Arc;

use crate::compile::ir::{Ir, Kind, Length, NodeId, Range};
use crate::violation::Constraint;

use super::bounds::{bounds, int_bounds, int_ok};
use super::mutation::Mutation;
use super::rand::Rand;
use super::string::Strings;

/// Nesting levels generated freely; deeper, values take their smallest valid form (optional
/// members left out, lists and maps at their minimum size, the shallowest union member). This is
/// the recursion bound.
pub(crate) const DEPTH: u32 = 5;

#[derive(Clone, Debug)]
pub(crate) struct Member {
    pub(crate) name: Arc<str>,
    pub(crate) node: usize,
    pub(crate) required: bool,
}

#[derive(Debug)]
pub(crate) struct GNode {
    /// The IR kind with child ids remapped to model ids; structures and unions index
    /// [`Model::structs`].
    pub(crate) kind: Kind,
    pub(crate) length: Option<Length>,
    pub(crate) range: Option<Range>,
    /// Strings and enums: the pattern's generator.
    pub(crate) strings: Strings,
    /// Enums: the values that also satisfy the node's length and pattern. intEnums: the values
    /// (sorted), in `ints`.
    pub(crate) values: Vec<String>,
    pub(crate) ints: Vec<i64>,
    /// Strings: one valid value, found when the model was built.
    pub(crate) witness: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Model {
    pub(crate) nodes: Vec<GNode>,
    pub(crate) structs: Vec<Vec<Member>>,
    pub(crate) root: usize,
    pub(crate) height: Vec<Option<u32>>,
    /// Why a leaf has no valid value.
    pub(crate) why: Vec<Option<String>>,
    /// Mutations each node allows locally (empty until [`Model::analyse_mutations`]).
    pub(crate) muts: Vec<Vec<Mutation>>,
    /// The fewest levels down to a node with a mutation.
    pub(crate) mut_height: Vec<Option<u32>>,
    /// Mutations of each node not built because they would be beyond the size budget: the
    /// constraint and why.
    pub(crate) skipped: Vec<Vec<(Constraint, String)>>,
    /// The path invalid payloads are aimed at, as segments (see [`super::aim`]).
    pub(crate) aim: Option<Vec<String>>,
    /// `reach[depth][node]`: whether the node, at that depth of the aimed path, can reach a
    /// mutation reported on it.
    pub(crate) reach: Vec<Vec<bool>>,
}

fn children(ir: &Ir, kind: &Kind) -> Vec<NodeId> {
    match kind {
        Kind::List { item, .. } => vec![*item],
        Kind::Map { key, value, .. } => vec![*key, *value],
        Kind::Structure(s) | Kind::Union(s) => ir
            .structs
            .get(*s)
            .map(|st| st.members.iter().map(|m| m.node).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Runs `update` (which says whether it changed anything) on nodes `0..len`, round after round,
/// until a round changes nothing: the fixed point of a per-node height.
pub(crate) fn settle(len: usize, mut update: impl FnMut(usize) -> bool) {
    while (0..len).fold(false, |changed, id| update(id) | changed) {}
}

impl Model {
    /// Copies the nodes reachable from `root` and analyses them for valid values.
    pub(crate) fn build(ir: &Ir, root: NodeId, seed: u64) -> Model {
        let mut index: HashMap<NodeId, usize> = HashMap::new();
        let mut order: Vec<NodeId> = Vec::new();
        let mut queue = std::collections::VecDeque::from([root]);
        index.insert(root, 0);
        order.push(root);
        while let Some(id) = queue.pop_front() {
            let Some(node) = ir.nodes.get(id) else { continue };
            for c in children(ir, &node.kind) {
                if let std::collections::hash_map::Entry::Vacant(e) = index.entry(c) {
                    e.insert(order.len());
                    order.push(c);
                    queue.push_back(c);
                }
            }
        }
        let map = |id: NodeId| index.get(&id).copied().unwrap_or(0);
        let mut r = Rand::new(seed ^ 0x5EED);
        let mut structs: Vec<Vec<Member>> = Vec::new();
        let mut nodes = Vec::with_capacity(order.len());
        let mut why = Vec::with_capacity(order.len());
        for &id in &order {
            let Some(n) = ir.nodes.get(id) else { continue };
            let pattern = n.pattern.and_then(|p| ir.patterns.get(p));
            let strings = Strings::new(pattern);
            let mut reason = None;
            let kind = match &n.kind {
                Kind::List { item, unique, sparse } => {
                    Kind::List { item: map(*item), unique: *unique, sparse: *sparse }
                }
                Kind::Map { key, value, sparse } => {
                    Kind::Map { key: map(*key), value: map(*value), sparse: *sparse }
                }
                Kind::Structure(s) | Kind::Union(s) => {
                    let members = ir
                        .structs
                        .get(*s)
                        .map(|st| {
                            st.members
                                .iter()
                                .map(|m| Member {
                                    name: m.name.clone(),
                                    node: map(m.node),
                                    required: m.must_be_present(),
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    structs.push(members);
                    if matches!(n.kind, Kind::Union(_)) {
                        Kind::Union(structs.len() - 1)
                    } else {
                        Kind::Structure(structs.len() - 1)
                    }
                }
                other => other.clone(),
            };
            let (lo, hi) = bounds(n.length.as_ref());
            let mut witness = None;
            let mut values = Vec::new();
            let mut ints = Vec::new();
            match &kind {
                Kind::String => {
                    witness = strings.matching(lo, hi, &mut r);
                    if witness.is_none() {
                        let proof = strings
                            .lengths_if_disjoint(lo, hi)
                            .map(|l| format!(" (every match is {l} long)"))
                            .unwrap_or_default();
                        reason = Some(format!(
                            "no string matches pattern `{}` with a length of {}{proof}",
                            strings.source(),
                            describe(lo, hi)
                        ));
                    }
                }
                Kind::Enum(set) => {
                    values =
                        set.all.iter().filter(|v| strings.accepts(v, lo, hi)).cloned().collect();
                    if values.is_empty() {
                        reason = Some("no enum value satisfies the length and pattern".to_owned());
                    }
                }
                Kind::IntEnum(set) => {
                    ints = set
                        .values
                        .iter()
                        .copied()
                        .filter(|v| int_ok(n.range.as_ref(), *v))
                        .collect();
                    ints.sort_unstable();
                    if ints.is_empty() {
                        reason = Some("no intEnum value is in range".to_owned());
                    }
                }
                Kind::Int(_) | Kind::BigInteger
                    if int_bounds(&kind, n.range.as_ref()).is_none() =>
                {
                    reason = Some("the range holds no integer of the type".to_owned());
                }
                _ => {}
            }
            why.push(reason);
            nodes.push(GNode {
                kind,
                length: n.length,
                range: n.range.clone(),
                strings,
                values,
                ints,
                witness,
            });
        }
        let count = nodes.len();
        let mut model = Model {
            nodes,
            structs,
            root: 0,
            height: vec![None; count],
            why,
            muts: vec![Vec::new(); count],
            mut_height: vec![None; count],
            skipped: vec![Vec::new(); count],
            aim: None,
            reach: Vec::new(),
        };
        model.compute_heights();
        model
    }

    fn compute_heights(&mut self) {
        settle(self.nodes.len(), |id| {
            let h = self.height_of(id);
            self.height.get_mut(id).is_some_and(|slot| std::mem::replace(slot, h) != h)
        });
    }

    fn h(&self, id: usize) -> Option<u32> {
        self.height.get(id).copied().flatten()
    }

    fn height_of(&self, id: usize) -> Option<u32> {
        let node = self.nodes.get(id)?;
        if self.why.get(id).is_some_and(Option::is_some) {
            return None;
        }
        let (min, _) = bounds(node.length.as_ref());
        match &node.kind {
            Kind::List { item, .. } => {
                if min == 0 {
                    Some(1)
                } else {
                    self.h(*item).map(|h| h + 1)
                }
            }
            Kind::Map { key, value, .. } => {
                if min == 0 {
                    Some(1)
                } else {
                    let k = self.h(*key)?;
                    let v = self.h(*value)?;
                    if let Some(kn) = self.nodes.get(*key)
                        && matches!(kn.kind, Kind::Enum(_))
                        && (kn.values.len() as u64) < min
                    {
                        return None;
                    }
                    Some(k.max(v) + 1)
                }
            }
            Kind::Structure(s) => {
                let members = self.structs.get(*s)?;
                members
                    .iter()
                    .filter(|m| m.required)
                    .try_fold(0u32, |acc, m| self.h(m.node).map(|h| acc.max(h)))
                    .map(|h| h + 1)
            }
            Kind::Union(s) => {
                let members = self.structs.get(*s)?;
                members.iter().filter_map(|m| self.h(m.node)).min().map(|h| h + 1)
            }
            _ => Some(0),
        }
    }

    /// Why no valid value exists for the root: the first leaf without one, found through required
    /// members and minimum sizes.
    pub(crate) fn reason(&self) -> String {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = vec![(self.root, String::new())];
        while let Some((id, path)) = stack.pop() {
            if seen.get(id).copied().unwrap_or(true) || self.h(id).is_some() {
                continue;
            }
            if let Some(s) = seen.get_mut(id) {
                *s = true;
            }
            if let Some(Some(why)) = self.why.get(id) {
                let at = if path.is_empty() { "the root" } else { path.as_str() };
                return format!("no valid value can be generated: at {at}: {why}");
            }
            let Some(node) = self.nodes.get(id) else { continue };
            match &node.kind {
                Kind::List { item, .. } => stack.push((*item, format!("{path}/0"))),
                Kind::Map { key, value, .. } => {
                    stack.push((*key, format!("{path} (map key)")));
                    stack.push((*value, format!("{path}/*")));
                }
                Kind::Structure(s) | Kind::Union(s) => {
                    for m in self.structs.get(*s).into_iter().flatten() {
                        stack.push((m.node, format!("{path}/{}", m.name)));
                    }
                }
                _ => {}
            }
        }
        "no valid value can be generated (recursive required members, or collections whose \
         minimum size cannot be met)"
            .to_owned()
    }

    /// The first path (fewest levels, then member order) to every node: a JSON Pointer with `*`
    /// for any list index or map key. `None` for nodes not reached.
    pub(crate) fn first_paths(&self) -> Vec<Option<String>> {
        let mut paths: Vec<Option<String>> = vec![None; self.nodes.len()];
        let mut queue = std::collections::VecDeque::from([(self.root, String::new())]);
        while let Some((id, path)) = queue.pop_front() {
            match paths.get_mut(id) {
                Some(slot @ None) => *slot = Some(path.clone()),
                _ => continue,
            }
            let Some(node) = self.nodes.get(id) else { continue };
            match &node.kind {
                Kind::List { item, .. } => queue.push_back((*item, format!("{path}/*"))),
                Kind::Map { value, .. } => queue.push_back((*value, format!("{path}/*"))),
                Kind::Structure(s) | Kind::Union(s) => {
                    for m in self.structs.get(*s).into_iter().flatten() {
                        let name = m.name.replace('~', "~0").replace('/', "~1");
                        queue.push_back((m.node, format!("{path}/{name}")));
                    }
                }
                _ => {}
            }
        }
        paths
    }

    pub(crate) fn is_generatable(&self) -> bool {
        self.h(self.root).is_some()
    }

    pub(crate) fn height_at(&self, id: usize) -> Option<u32> {
        self.h(id)
    }
}

fn describe(lo: u64, hi: Option<u64>) -> String {
    match hi {
        Some(h) => format!("{lo} to {h}"),
        None => format!("at least {lo}"),
    }
}
