//! What a walk does with what it finds: the one reporting interface every rule reports through.
//!
//! The walkers are generic over a [`Sink`], so each input form has one walk and each outcome its
//! own compiled copy of it:
//!
//! - [`StopAtFirst`] answers yes or no. Its places are `()` and its report is "stop", so the
//!   compiler removes every path step, message and echoed value from that copy.
//! - [`Collect`] keeps every violation, up to the cap, in the report's order (see
//!   [`super::trail`]): [`CollectInOrder`] for a walk that meets them in that order (the walk over
//!   a parsed `Value` visits a structure's members in declared order for it), stopping the walk at
//!   the cap; [`CollectAll`] for a walk that meets them in the payload's order (over JSON text),
//!   sorting them.

use std::borrow::Cow;
use std::ops::ControlFlow;

use serde_json::Value;

use super::trail::{OrderKey, Step, Trail};
use crate::violation::{Details, Report, Violation};

/// Whether a walk goes on (`Continue`) or stops (`Break`).
pub(crate) type Flow = ControlFlow<()>;

/// Where violations go.
pub(crate) trait Sink<'p> {
    /// A place in the payload, as this sink needs it.
    type At<'a>;

    /// Whether the walk must report in the report's order: a walk free to choose the order it
    /// visits a structure's members in (over a parsed `Value`) then visits them in declared order.
    const IN_ORDER: bool;

    /// The payload itself.
    fn root() -> Self::At<'static>;

    /// The place one step below `parent`.
    fn child<'c, 'b: 'c>(parent: &'c Self::At<'b>, step: Step<'c>) -> Self::At<'c>;

    /// A violation at `at`: `echo` gives the offending value (called only if it is kept),
    /// `sensitive` hides it from messages. `Break` stops the walk. At a map key the offending
    /// value is the key, a string: the kept violation's details name it.
    fn report(
        &mut self,
        at: &Self::At<'_>,
        sensitive: bool,
        echo: impl FnOnce() -> Option<Cow<'p, Value>>,
        details: Details,
    ) -> Flow;
}

/// Stops at the first violation: the walk's outcome is the verdict (`Break`: invalid).
#[derive(Debug)]
pub(crate) struct StopAtFirst;

impl<'p> Sink<'p> for StopAtFirst {
    type At<'a> = ();

    const IN_ORDER: bool = false;

    #[inline(always)]
    fn root() {}

    #[inline(always)]
    fn child<'c, 'b: 'c>(_: &'c (), _: Step<'c>) {}

    #[inline(always)]
    fn report(
        &mut self,
        _: &(),
        _: bool,
        _: impl FnOnce() -> Option<Cow<'p, Value>>,
        _: Details,
    ) -> Flow {
        ControlFlow::Break(())
    }
}

/// Collects every violation, keeping the `cap` that sort first (memory stays bounded however many
/// a payload has; the report says when some were left out).
///
/// `SORTS` says whether the walk may meet violations out of the report's order:
///
/// - `false` ([`CollectInOrder`]): the walk reports in order (the `Value` walk, which visits a
///   structure's members in declared order for it), so the first `cap` are kept and the walk is
///   stopped at the next one.
/// - `true` ([`CollectAll`]): the walk meets a structure's members in the payload's order (the walk
///   over JSON text). Mostly that is the report's order too, so violations are kept as they come,
///   beside their order keys, and sorted (stably: violations at one place keep the order they were
///   reported in) only when one came early. While they come in order, one past the cap is dropped
///   at once; out of order, the kept ones are sorted and cut back to the cap whenever they reach
///   twice the cap. The walk goes on to the end of the text.
#[derive(Debug)]
pub(crate) struct Collect<'p, const SORTS: bool> {
    cap: usize,
    violations: Vec<Violation<'p>>,
    /// Where each kept violation sorts, when `SORTS` (beside it, so an ordered report moves no
    /// violation).
    orders: Vec<OrderKey>,
    /// Whether the kept violations came in the report's order.
    in_order: bool,
    /// Violations reported so far, kept or not.
    seen: usize,
}

/// The sink for a walk that reports in the report's order.
pub(crate) type CollectInOrder<'p> = Collect<'p, false>;

/// The sink for a walk that may report out of the report's order.
pub(crate) type CollectAll<'p> = Collect<'p, true>;

impl<'p, const SORTS: bool> Collect<'p, SORTS> {
    /// A sink keeping at most `cap` violations (at least one).
    pub(crate) fn new(cap: usize) -> Collect<'p, SORTS> {
        Collect {
            cap: cap.max(1),
            violations: Vec::new(),
            orders: Vec::new(),
            in_order: true,
            seen: 0,
        }
    }

    /// The report: the kept violations in order, and whether any were left out. (It takes them:
    /// the sink is empty after.)
    pub(crate) fn finish(&mut self) -> Report<'p> {
        if SORTS && !self.in_order {
            self.sort_and_cut();
        }
        let violations = std::mem::take(&mut self.violations);
        let truncated = self.seen > violations.len();
        Report { violations, truncated }
    }

    /// Sorts the kept violations (stably) and keeps the first `cap`: a few by swapping them into
    /// place, more through one sort of the pairs.
    #[cold]
    fn sort_and_cut(&mut self) {
        let (orders, violations) = (&mut self.orders, &mut self.violations);
        if orders.len() <= 16 {
            for i in 1..orders.len() {
                let mut j = i;
                while j > 0 && orders[j - 1] > orders[j] {
                    orders.swap(j - 1, j);
                    violations.swap(j - 1, j);
                    j -= 1;
                }
            }
        } else {
            let mut kept: Vec<(OrderKey, Violation<'p>)> =
                orders.drain(..).zip(violations.drain(..)).collect();
            kept.sort_by(|a, b| a.0.cmp(&b.0));
            for (order, violation) in kept {
                orders.push(order);
                violations.push(violation);
            }
        }
        orders.truncate(self.cap);
        violations.truncate(self.cap);
    }
}

impl<'p, const SORTS: bool> Sink<'p> for Collect<'p, SORTS> {
    type At<'a> = Trail<'a>;

    const IN_ORDER: bool = !SORTS;

    #[inline(always)]
    fn root() -> Trail<'static> {
        Trail::ROOT
    }

    #[inline(always)]
    fn child<'c, 'b: 'c>(parent: &'c Trail<'b>, step: Step<'c>) -> Trail<'c> {
        parent.child(step)
    }

    fn report(
        &mut self,
        at: &Trail<'_>,
        sensitive: bool,
        echo: impl FnOnce() -> Option<Cow<'p, Value>>,
        details: Details,
    ) -> Flow {
        self.seen += 1;
        if !SORTS {
            if self.violations.len() >= self.cap {
                // What follows sorts after every kept one.
                return ControlFlow::Break(());
            }
            self.violations.push(violation(at, details, sensitive, echo()));
            return ControlFlow::Continue(());
        }
        let order = at.order();
        if self.in_order && self.orders.last().is_some_and(|last| order < *last) {
            self.in_order = false;
        }
        if self.in_order && self.violations.len() >= self.cap {
            // It sorts after every kept one.
            return ControlFlow::Continue(());
        }
        self.orders.push(order);
        self.violations.push(violation(at, details, sensitive, echo()));
        if !self.in_order && self.violations.len() >= self.cap.saturating_mul(2) {
            self.sort_and_cut();
        }
        ControlFlow::Continue(())
    }
}

/// The violation kept at `at`: at a map key, its details name the key (the echoed value).
fn violation<'p>(
    at: &Trail<'_>,
    details: Details,
    sensitive: bool,
    value: Option<Cow<'p, Value>>,
) -> Violation<'p> {
    let details = match value.as_deref() {
        Some(Value::String(key)) if at.is_map_key() => details.with_key(key),
        _ => details,
    };
    Violation::new(at.segments(), details, sensitive, value)
}
