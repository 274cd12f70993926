//! Validation limits and policies, fixed when a validator is built.

/// What a structure member given as `null` means (set with
/// [`ValidatorBuilder::null_members`](crate::ValidatorBuilder::null_members)).
///
/// The JSON protocols (restJson1, awsJson) and Smithy servers read a `null` member as one that is
/// not there. boto3 does not: botocore's parameter validation refuses `MaxResults=None` as a value
/// of the wrong type, so a payload built from boto3 parameters wants [`NullMember::Invalid`].
/// Either way, `null` stays allowed where it is data: an item of a sparse list, a value of a sparse
/// map, anywhere inside a document, and a document member itself.
///
/// # Example
/// ```
/// use conform::{NullMember, Validator};
/// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// let payload = serde_json::json!({"packageName": "p", "clientToken": null});
///
/// let json = Validator::new(&spec)?;
/// assert!(json.operation("CreatePackage")?.validate_input(&payload).is_valid());
///
/// let boto3 = Validator::builder().null_members(NullMember::Invalid).build(&spec)?;
/// let report = boto3.operation("CreatePackage")?.validate_input(&payload);
/// let v = &report.violations()[0];
/// assert_eq!((v.path(), v.constraint().as_str()), ("/clientToken", "type"));
/// assert_eq!(v.message(),
///     "Value at '/clientToken' failed to satisfy constraint: Member must be of type string");
/// assert_eq!(v.value(), Some(&serde_json::Value::Null));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NullMember {
    /// A `null` member is not set: a required one is missing (`required`), an optional one is
    /// fine. The JSON protocols and Smithy servers read it so. The default.
    #[default]
    Absent,
    /// A `null` member is set, to a value of the wrong type (`type`, at the member's path, the
    /// `null` echoed), required or not; only a document member takes it. boto3 and botocore read
    /// `None` so.
    Invalid,
}

impl NullMember {
    /// The policy's name, as the CLI's `--null-members` takes it: `absent` or `invalid`.
    ///
    /// ```
    /// assert_eq!(conform::NullMember::Invalid.as_str(), "invalid");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            NullMember::Absent => "absent",
            NullMember::Invalid => "invalid",
        }
    }
}

/// Limits and policies for validation. Built through [`crate::ValidatorBuilder`].
#[derive(Clone, Debug)]
pub(crate) struct Options {
    pub(crate) max_violations: usize,
    pub(crate) max_depth: usize,
    pub(crate) deny_unknown_members: bool,
    /// A member given twice in one object is not a violation; the last copy is validated.
    pub(crate) allow_duplicate_members: bool,
    /// What a `null` structure member means.
    pub(crate) null_members: NullMember,
}

/// The default cap on violations reported for one payload.
pub(crate) const DEFAULT_MAX_VIOLATIONS: usize = 100;
/// The default nesting limit (serde_json's own parser stops at 128).
pub(crate) const DEFAULT_MAX_DEPTH: usize = 100;

impl Default for Options {
    fn default() -> Options {
        Options {
            max_violations: DEFAULT_MAX_VIOLATIONS,
            max_depth: DEFAULT_MAX_DEPTH,
            deny_unknown_members: false,
            allow_duplicate_members: false,
            null_members: NullMember::Absent,
        }
    }
}
