//! What a walk does with what it finds: the one reporting interface every rule reports through.
//!
//! The walkers are generic over a [`Sink`], so each input form has one walk and each outcome its
//! own compiled copy of it:
//!
//! - [`StopAtFirst`] answers yes or no. Its places are `()` and its report is "stop", so the
//!   compiler removes every path step, message and echoed value from that copy.
//! - [`CollectInOrder`] keeps the violations of a walk that meets them in the report's order (see
//!   [`super::trail`]; the walk over a parsed `Value` visits a structure's members in declared
//!   order for it), and stops the walk at the cap.
//! - [`CollectAll`] keeps them whatever order a walk meets them in (the walk over JSON text meets a
//!   structure's members in the payload's order): it sorts them, keeping the cap that sort first.

use std::borrow::Cow;
use std::ops::ControlFlow;

use serde_json::Value;
use smallvec::SmallVec;

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
    /// `sensitive` hides it from messages. `Break` stops the walk.
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

/// Collects the violations of a walk that reports them in the report's order, up to the cap; the
/// report is then marked truncated and the walk stopped (what follows sorts after what is kept).
#[derive(Debug)]
pub(crate) struct CollectInOrder<'p> {
    cap: usize,
    violations: Vec<Violation<'p>>,
    truncated: bool,
}

impl<'p> CollectInOrder<'p> {
    /// A sink keeping at most `cap` violations (at least one).
    pub(crate) fn new(cap: usize) -> CollectInOrder<'p> {
        CollectInOrder { cap: cap.max(1), violations: Vec::new(), truncated: false }
    }

    /// The report. (It takes the violations: the sink is empty after.)
    pub(crate) fn finish(&mut self) -> Report<'p> {
        Report { violations: std::mem::take(&mut self.violations), truncated: self.truncated }
    }
}

impl<'p> Sink<'p> for CollectInOrder<'p> {
    type At<'a> = Trail<'a>;

    const IN_ORDER: bool = true;

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
        if self.violations.len() >= self.cap {
            self.truncated = true;
            return ControlFlow::Break(());
        }
        self.violations.push(Violation::new(at.segments(), details, sensitive, echo()));
        ControlFlow::Continue(())
    }
}

/// Collects every violation, keeping the `cap` that sort first (memory stays bounded however many
/// a payload has; the report says when some were left out).
///
/// A walk mostly meets violations in the report's order (the payload's members in their declared
/// order), so they are kept as they come and only sorted (stably: violations at one place keep the
/// order they were reported in) when one came early. While they come in order, one past the cap
/// is dropped at once; out of order, the kept ones are sorted and cut back to the cap whenever
/// they reach twice the cap.
#[derive(Debug)]
pub(crate) struct CollectAll<'p> {
    cap: usize,
    violations: Vec<Violation<'p>>,
    /// Where each kept violation sorts (beside it, so an ordered report moves no violation; the
    /// first few in place, so a report of a few allocates for its violations only).
    orders: SmallVec<[OrderKey; 4]>,
    /// Whether the kept violations came in the report's order.
    in_order: bool,
    /// Violations reported so far, kept or not.
    seen: usize,
}

impl<'p> CollectAll<'p> {
    /// A sink keeping at most `cap` violations (at least one).
    pub(crate) fn new(cap: usize) -> CollectAll<'p> {
        CollectAll {
            cap: cap.max(1),
            violations: Vec::new(),
            orders: SmallVec::new(),
            in_order: true,
            seen: 0,
        }
    }

    /// The report: the kept violations in order, and whether any were left out. (It takes them:
    /// the sink is empty after.)
    pub(crate) fn finish(&mut self) -> Report<'p> {
        if !self.in_order {
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

impl<'p> Sink<'p> for CollectAll<'p> {
    type At<'a> = Trail<'a>;

    const IN_ORDER: bool = false;

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
        let order = at.order();
        if self.in_order && self.orders.last().is_some_and(|last| order < *last) {
            self.in_order = false;
        }
        if self.in_order && self.violations.len() >= self.cap {
            // It sorts after every kept one.
            return ControlFlow::Continue(());
        }
        self.violations.push(Violation::new(at.segments(), details, sensitive, echo()));
        self.orders.push(order);
        if !self.in_order && self.violations.len() >= self.cap.saturating_mul(2) {
            self.sort_and_cut();
        }
        ControlFlow::Continue(())
    }
}
