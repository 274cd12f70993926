//! The validation limits `check` and `http` share: `--deny-unknown`, `--max-depth`,
//! `--max-violations`.

use clap::Args;
use conform::ValidatorBuilder;

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
}

impl LimitArgs {
    /// Sets the limits on `builder`.
    pub(crate) fn apply(&self, builder: &mut ValidatorBuilder) {
        let most = if self.max_violations == 0 { usize::MAX } else { self.max_violations };
        builder
            .deny_unknown_members(self.deny_unknown)
            .max_depth(self.max_depth)
            .max_violations(most);
    }
}
