//! Required members that form a cycle: a structure no finite payload can satisfy.

use crate::error::Error;
use crate::path::escape_segment;
use crate::spec::{ShapeType, Spec};

/// A structure that requires itself, directly or through a chain of required members (without
/// defaults) of structure type, can never be satisfied by a finite payload. Smithy rejects such
/// models ("recursive references must be broken by a list, map, union or optional member"); so
/// does conform, naming the first member of the cycle and the whole chain. Iterative: a chain of
/// any length cannot overflow the stack.
pub(crate) fn required_cycle(spec: &Spec) -> Result<(), Error> {
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
                    return Err(Error::invalid(
                        format!(
                            "/shapes/{}/members/{}/required",
                            escape_segment(name(first)),
                            escape_segment(member)
                        ),
                        format!(
                            "required members form a cycle ({}): no finite payload can satisfy it",
                            chain.join(" -> ")
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}
