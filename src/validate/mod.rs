//! Validating payloads against the compiled spec.
//!
//! Three parts, each written once:
//!
//! - **Rules** ([`scalar`] for single values, [`rules`] for structures, unions, lists, maps and
//!   nesting): what each constraint means. A rule is told what a walker found and hands each
//!   failure to its caller's report.
//! - **Walks**, one per input form: [`value`] over a parsed `serde_json::Value`, [`bytes`] over
//!   JSON text (read by [`lexer`], no `Value` built). They visit a payload beside the compiled
//!   nodes and call the rules.
//! - **Sinks** ([`sink`]), one per outcome: [`sink::StopAtFirst`] (is it valid?), and every
//!   violation, capped, in the report's order (see [`trail`]): [`sink::CollectInOrder`] for the
//!   `Value` walk, which visits members in declared order for it, [`sink::CollectAll`] (sorting)
//!   for the walk over text. Each walk is generic over its sink, so the yes/no copy carries no
//!   paths and no messages.
//!
//! The leaves: [`number`] (a JSON number as read), [`timestamp`] (the wire formats),
//! [`unique`] (Smithy value equality for uniqueItems) and [`written`] (the digits of a parsed
//! `Value`'s numbers, when its text is at hand).

pub(crate) mod bytes;
mod lexer;
mod number;
mod rules;
mod scalar;
mod sink;
pub(crate) mod timestamp;
mod trail;
mod unique;
pub(crate) mod value;
pub(crate) mod written;

pub(crate) use sink::CollectInOrder;
pub(crate) use trail::{Step, Trail};
