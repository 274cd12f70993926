//! URI templates: checked against the label members of the operation's input.

use std::collections::HashSet;

use crate::error::Error;

/// The template starts with `/`, every `{label}` in it names one of the input's `labels`
/// (its label members), and every label member appears in it.
pub(crate) fn check(uri: &str, labels: &[String], at: &str) -> Result<(), Error> {
    if !uri.starts_with('/') {
        return Err(Error::invalid(at, format!("the URI template `{uri}` must start with `/`")));
    }
    let path = uri.split('?').next().unwrap_or("");
    let mut in_template = HashSet::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(Error::invalid(at, format!("unclosed `{{` in `{uri}`")));
        };
        let label = after[..close].trim_end_matches('+');
        if label.is_empty() {
            return Err(Error::invalid(at, format!("empty label in `{uri}`")));
        }
        in_template.insert(label.to_owned());
        rest = &after[close + 1..];
    }
    for l in &in_template {
        if !labels.contains(l) {
            return Err(Error::invalid(
                at,
                format!("the URI template's label `{{{l}}}` is not a label member of the input"),
            ));
        }
    }
    for l in labels {
        if !in_template.contains(l) {
            return Err(Error::invalid(
                at,
                format!("the label member `{l}` does not appear in the URI template `{uri}`"),
            ));
        }
    }
    Ok(())
}
