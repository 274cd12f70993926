//! The validation limits and policies `check` and `http` share: `--deny-unknown`, `--max-depth`,
//! `--max-violations`, `--null-members`.

use clap::{Args, ValueEnum};
use conform::{NullMember, ValidatorBuilder};

/// `--null-members`: what a structure member given as `null` means.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub(crate) enum NullMembers {
    /// Not set, as the JSON protocols read it (a required one is missing).
    #[default]
    Absent,
    /// A value of the wrong type, as boto3 reads `None` (a `type` violation).
    Invalid,
}

#[derive(Debug, Args)]
pub(crate) struct LimitArgs {
    /// Report members the spec does not define (an `unknown` violation each).
    #[arg(short = 'u', long)]
    deny_unknown: bool,
    /// The deepest nesting of lists, maps and structures checked (deeper is a `depth` violation).
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_depth: usize,
    /// The most violations reported per payload (the report is then marked truncated); 0 means
    /// no limit.
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_violations: usize,
    /// What a structure member given as `null` means: `absent` (not set, as the JSON protocols
    /// read it) or `invalid` (a `type` violation, as boto3 reads `None`).
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = NullMembers::Absent)]
    null_members: NullMembers,
}

impl LimitArgs {
    /// Sets the limits on `builder`.
    pub(crate) fn apply(&self, builder: &mut ValidatorBuilder) {
        let most = if self.max_violations == 0 { usize::MAX } else { self.max_violations };
        let null_members = match self.null_members {
            NullMembers::Absent => NullMember::Absent,
            NullMembers::Invalid => NullMember::Invalid,
        };
        builder
            .deny_unknown_members(self.deny_unknown)
            .max_depth(self.max_depth)
            .max_violations(most)
            .null_members(null_members);
    }
}
