//! What a walk does with what it finds: the one reporting interface every rule reports through.
//!
//! The walkers are generic over a [`Sink`], so each input form has one walk and each outcome its
//! own compiled copy of it:
//!
//! - [`StopAtFirst`] answers yes or no. Its places are `()` and its report is "stop", so the
//!   compiler removes every path step, message and echoed value from that copy.
//! - [`CollectAll`] keeps every violation, up to the cap, in the report's order (see
//!   [`super::trail`]): a walk may meet them in the payload's order, the report sorts them.

use std::borrow::Cow;
use std::collections::BinaryHeap;
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
#[derive(Debug)]
pub(crate) struct CollectAll<'p> {
    cap: usize,
    /// The kept violations, the one that sorts last on top (to be evicted first).
    kept: BinaryHeap<Kept<'p>>,
    /// Violations reported so far, kept or not.
    seen: usize,
}

#[derive(Debug)]
struct Kept<'p> {
    order: OrderKey,
    /// Report order among violations at the same place.
    seq: usize,
    violation: Violation<'p>,
}

impl PartialEq for Kept<'_> {
    fn eq(&self, other: &Kept<'_>) -> bool {
        (&self.order, self.seq) == (&other.order, other.seq)
    }
}

impl Eq for Kept<'_> {}

impl PartialOrd for Kept<'_> {
    fn partial_cmp(&self, other: &Kept<'_>) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept<'_> {
    fn cmp(&self, other: &Kept<'_>) -> std::cmp::Ordering {
        (&self.order, self.seq).cmp(&(&other.order, other.seq))
    }
}

impl<'p> CollectAll<'p> {
    /// A sink keeping at most `cap` violations (at least one).
    pub(crate) fn new(cap: usize) -> CollectAll<'p> {
        CollectAll { cap: cap.max(1), kept: BinaryHeap::new(), seen: 0 }
    }

    /// The report: the kept violations in order, and whether any were left out.
    pub(crate) fn finish(self) -> Report<'p> {
        let truncated = self.seen > self.kept.len();
        let violations = self.kept.into_sorted_vec().into_iter().map(|k| k.violation).collect();
        Report { violations, truncated }
    }
}

impl<'p> Sink<'p> for CollectAll<'p> {
    type At<'a> = Trail<'a>;

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
        let seq = self.seen;
        self.seen += 1;
        let order = at.order();
        if self.kept.len() >= self.cap {
            match self.kept.peek() {
                Some(last) if (&order, seq) < (&last.order, last.seq) => {
                    self.kept.pop();
                }
                _ => return ControlFlow::Continue(()),
            }
        }
        let violation = Violation::new(at.segments(), details, sensitive).with_value(echo());
        self.kept.push(Kept { order, seq, violation });
        ControlFlow::Continue(())
    }
}
