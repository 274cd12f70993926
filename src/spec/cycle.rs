//! Required members that form a cycle: a structure no finite payload can satisfy.

use super::{ShapeType, Spec};

/// A cycle of required members: the member that starts it, and the whole chain.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RequiredCycle {
    /// The structure whose member starts the cycle.
    pub(crate) shape: String,
    /// That member.
    pub(crate) member: String,
    /// `A.b -> B.c -> A`.
    pub(crate) chain: String,
}

/// A structure that requires itself, directly or through a chain of required members (without
/// defaults) of structure type, can never be satisfied by a finite payload. Smithy rejects such
/// models ("recursive references must be broken by a list, map, union or optional member"); so
/// does conform (the compile stage refuses it, naming the first member of the cycle and the whole
/// chain); the page importer breaks it. Iterative: a chain of any length cannot overflow the stack.
pub(crate) fn required_cycle(spec: &Spec) -> Option<RequiredCycle> {
    // The required structure-typed members of each structure: (member name, target index).
    let edges: Vec<Vec<(&str, usize)>> = spec
        .shapes
        .values()
        .map(|def| {
            if def.shape_type != ShapeType::Structure {
                return Vec::new();
            }
            def.members
                .iter()
                .flatten()
                .filter(|(_, m)| m.required && m.default.is_none())
                .filter_map(|(name, m)| {
                    let (t, _, target) = spec.shapes.get_full(&m.target)?;
                    (target.shape_type == ShapeType::Structure).then_some((name.as_str(), t))
                })
                .collect()
        })
        .collect();
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; edges.len()];
    for start in 0..edges.len() {
        if state[start] != 0 {
            continue;
        }
        // (shape, next edge to follow)
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (shape, ref mut next)) = stack.last_mut() {
            let Some(&(_, target)) = edges[shape].get(*next) else {
                state[shape] = 2;
                stack.pop();
                continue;
            };
            *next += 1;
            match state[target] {
                0 => {
                    state[target] = 1;
                    stack.push((target, 0));
                }
                1 => {
                    let from = stack.iter().position(|&(s, _)| s == target).unwrap_or(0);
                    let name = |i: usize| spec.shapes.get_index(i).map_or("", |(n, _)| n.as_str());
                    let mut chain = Vec::new();
                    for &(s, n) in &stack[from..] {
                        let member = edges[s].get(n.wrapping_sub(1)).map_or("", |e| e.0);
                        chain.push(format!("{}.{member}", name(s)));
                    }
                    chain.push(name(target).to_owned());
                    let (first, n) = stack[from];
                    let member = edges[first].get(n.wrapping_sub(1)).map_or("", |e| e.0);
                    return Some(RequiredCycle {
                        shape: name(first).to_owned(),
                        member: member.to_owned(),
                        chain: chain.join(" -> "),
                    });
                }
                _ => {}
            }
        }
    }
    None
}
