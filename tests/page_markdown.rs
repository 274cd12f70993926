//! The markdown form of the reference pages (`conform::import::page`): real pages of the
//! `awsdocs/*` repositories and of the docs site's markdown (`tests/data/import/pages/README.md`
//! says where each comes from), against the HTML form of the same pages, with exact constraints,
//! linked data-type pages, and malformed markdown.

use conform::spec::ShapeType;
use conform::{ErrorKind, Spec, Validator};
use proptest::prelude::*;
use serde_json::json;

use crate::page::{
    CODEARTIFACT, CODEARTIFACT_TAG, IOT, PANORAMA_DESCRIBE, differences, import, member, mutate,
    page_token, resolve, seed, spec, survives,
};

const MD_IOT: &str = "docs-md/iot/API_CreatePackage.md";
const MD_CODEARTIFACT: &str = "docs-md/codeartifact/API_CreatePackageGroup.md";
const MD_CODEARTIFACT_TAG: &str = "docs-md/codeartifact/API_Tag.md";
const MD_PANORAMA_DESCRIBE: &str = "docs-md/panorama/API_DescribePackageVersion.md";
const LAMBDA_PUBLISH: &str = "awsdocs-lambda/API_PublishLayerVersion.md";
const LAMBDA_CONTENT_IN: &str = "awsdocs-lambda/API_LayerVersionContentInput.md";
const LAMBDA_CONTENT_OUT: &str = "awsdocs-lambda/API_LayerVersionContentOutput.md";
const LAMBDA_ENVIRONMENT: &str = "awsdocs-lambda/API_Environment.md";
const LAMBDA_FILTER_CRITERIA: &str = "awsdocs-lambda/API_FilterCriteria.md";
const LAMBDA_FILTER: &str = "awsdocs-lambda/API_Filter.md";

/// Every real markdown page of the fixtures.
const MARKDOWN: &[&str] = &[
    MD_IOT,
    MD_CODEARTIFACT,
    MD_CODEARTIFACT_TAG,
    MD_PANORAMA_DESCRIBE,
    LAMBDA_PUBLISH,
    LAMBDA_CONTENT_IN,
    LAMBDA_CONTENT_OUT,
    LAMBDA_ENVIRONMENT,
    LAMBDA_FILTER_CRITERIA,
    LAMBDA_FILTER,
];

fn import_all(names: &[&str]) -> (Spec, Vec<String>) {
    let texts: Vec<String> = names.iter().map(|n| seed(n)).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let (spec, warnings) = conform::import::page::pages(&refs).unwrap();
    Validator::new(&spec).unwrap_or_else(|e| panic!("{e}\n{}", spec.to_json_pretty()));
    (spec, warnings)
}

fn len(spec: &Spec, structure: &str, name: &str) -> (Option<u64>, Option<u64>) {
    let l = resolve(spec, member(spec, structure, name)).def.length.unwrap();
    (l.min, l.max)
}

fn pattern(spec: &Spec, structure: &str, name: &str) -> String {
    resolve(spec, member(spec, structure, name)).def.pattern.unwrap().regex().to_owned()
}

// ---------------------------------------------------------------------------------------------
// The same page in markdown and as text from the HTML.

#[test]
fn markdown_pages_mean_what_the_html_pages_of_the_same_operations_mean() {
    for (md, text, op, service, version) in [
        (MD_IOT, IOT, "CreatePackage", "iot", "2015-05-28"),
        (MD_CODEARTIFACT, CODEARTIFACT, "CreatePackageGroup", "codeartifact", "2018-09-22"),
        (
            MD_PANORAMA_DESCRIBE,
            PANORAMA_DESCRIBE,
            "DescribePackageVersion",
            "panorama",
            "2019-07-24",
        ),
    ] {
        let (from_md, warnings) = import(&seed(md));
        let (from_html, _) = import(&seed(text));
        // Method, URI, status code, bindings, required, every constraint, errors and their codes;
        // patterns up to the whole-value anchors (below).
        assert_eq!(differences_but_anchors(&from_html, &from_md, op), Vec::<String>::new(), "{md}");
        // The pages have no `Operation - AWS Service` title: the SDK links name the service.
        assert_eq!(
            (from_md.service.as_str(), from_md.api_version.as_deref()),
            (service, Some(version)),
            "{md}"
        );
        assert_eq!(from_md.protocol, from_html.protocol, "{md}");
        assert_eq!(from_md.operations[op].doc, from_html.operations[op].doc, "{md}");
        assert!(!warnings.iter().any(|w| w.contains("no service name")), "{warnings:#?}");
    }
}

/// The differences of [`differences`], less the patterns that differ only by a `^…$` around
/// them: the Panorama HTML page prints `^[0-9a-z\_]+$` where the docs site's markdown, a later
/// edition, prints `[0-9a-z\_]+`. Read whole-value (Java `String.matches`, as pages mean them),
/// the two accept the same strings.
fn differences_but_anchors(a: &Spec, b: &Spec, op: &str) -> Vec<String> {
    let anchored = |d: &str| -> bool {
        let Some((_, rest)) = d.split_once(": pattern: spec Some(\"") else { return false };
        let Some((x, y)) = rest.split_once("\"), page Some(\"") else { return false };
        let y = y.strip_suffix("\")").unwrap_or(y);
        let bare =
            |p: &str| p.strip_prefix('^').and_then(|p| p.strip_suffix('$')).map(str::to_owned);
        bare(x).as_deref() == Some(y) || bare(y).as_deref() == Some(x)
    };
    differences(a, b, op).into_iter().filter(|d| !anchored(d)).collect()
}

#[test]
fn the_panorama_markdown_page_prints_its_patterns_without_anchors() {
    let (from_md, _) = import(&seed(MD_PANORAMA_DESCRIBE));
    let (from_html, _) = import(&seed(PANORAMA_DESCRIBE));
    let found = differences(&from_html, &from_md, "DescribePackageVersion");
    assert_eq!(found.len(), 9, "{found:#?}");
    assert!(found[0].starts_with("input.OwnerAccount: pattern"), "{found:#?}");
    assert_eq!(
        pattern(&from_md, "DescribePackageVersionRequest", "PackageVersion"),
        "([0-9]+)\\.([0-9]+)"
    );
    assert_eq!(
        pattern(&from_html, "DescribePackageVersionRequest", "PackageVersion"),
        "^([0-9]+)\\.([0-9]+)$"
    );
}

#[test]
fn markdown_pages_match_the_hand_written_specs_as_the_html_pages_do() {
    for (md, text, file, op) in [
        (MD_IOT, IOT, "iot.json", "CreatePackage"),
        (MD_CODEARTIFACT, CODEARTIFACT, "codeartifact.json", "CreatePackageGroup"),
        (MD_PANORAMA_DESCRIBE, PANORAMA_DESCRIBE, "panorama.json", "DescribePackageVersion"),
    ] {
        let written = spec(file);
        let from_md = differences_but_anchors(&written, &import(&seed(md)).0, op);
        let from_html = differences_but_anchors(&written, &import(&seed(text)).0, op);
        assert_eq!(from_md, from_html, "{md}");
    }
}

#[test]
fn members_named_under_an_error_are_not_errors() {
    // The docs site's pages list an error's members between its name and its status code.
    let (spec, warnings) = import(&seed(MD_PANORAMA_DESCRIBE));
    let op = &spec.operations["DescribePackageVersion"];
    assert_eq!(
        op.errors,
        [
            "AccessDeniedException",
            "ConflictException",
            "InternalServerException",
            "ResourceNotFoundException",
            "ValidationException"
        ]
    );
    for (error, code) in [("ConflictException", 409), ("InternalServerException", 500)] {
        assert_eq!(spec.shapes[error].http_error, Some(code), "{error}");
        assert!(spec.shapes[error].members.as_ref().unwrap().is_empty(), "{error}");
    }
    for name in ["ErrorArguments", "ErrorId", "ResourceId", "RetryAfterSeconds", "Reason"] {
        assert!(!spec.shapes.contains_key(name), "{name}");
    }
    assert!(
        warnings.iter().any(|w| w.contains(
            "the page names the members of the error ConflictException (ErrorArguments, ErrorId, ResourceId, ResourceType) but not their types"
        )),
        "{warnings:#?}"
    );
    let note = spec.shapes["ValidationException"].note.as_deref().unwrap();
    assert!(note.contains("(ErrorArguments, ErrorId, Fields, Reason)"), "{note}");

    // An error without a status code followed by another error keeps them apart.
    let page = "# Op\n\n## Errors\n\n ** FirstException **\nNo code.\n ** SecondException **\n\
                The second.\nHTTP Status Code: 400\n";
    let (spec, _) = import(page);
    assert_eq!(spec.operations["Op"].errors, ["FirstException", "SecondException"]);
}

#[test]
fn an_operation_page_and_the_data_type_page_it_links_to_give_one_spec() {
    let (spec, warnings) = import_all(&[MD_CODEARTIFACT, MD_CODEARTIFACT_TAG]);
    // `Type: Array of [Tag](API_Tag.md) objects` is the structure API_Tag.md describes.
    let tags = resolve(&spec, member(&spec, "CreatePackageGroupRequest", "tags")).def;
    assert_eq!(tags.shape_type, ShapeType::List);
    assert_eq!((tags.length.unwrap().min, tags.length.unwrap().max), (Some(0), Some(200)));
    assert_eq!(tags.member.as_ref().unwrap().target, "Tag");
    assert_eq!(len(&spec, "Tag", "key"), (Some(1), Some(128)));
    assert_eq!(pattern(&spec, "Tag", "key"), "\\P{C}+");
    assert_eq!(len(&spec, "Tag", "value"), (Some(0), Some(256)));
    assert_eq!(pattern(&spec, "Tag", "value"), "\\P{C}*");
    assert!(member(&spec, "Tag", "key").required && member(&spec, "Tag", "value").required);
    assert!(!warnings.iter().any(|w| w.contains("Tag is named")), "{warnings:#?}");
    assert!(
        warnings.iter().any(|w| w.contains("PackageGroupDescription is named")),
        "{warnings:#?}"
    );

    // The same as the HTML operation page with the text form of the Tag page.
    let (html, _) = conform::import::page::pages(&[&seed(CODEARTIFACT), CODEARTIFACT_TAG]).unwrap();
    assert_eq!(differences(&html, &spec, "CreatePackageGroup"), Vec::<String>::new());
    // The data-type page alone is a spec of one structure.
    let (tag_only, _) = import(&seed(MD_CODEARTIFACT_TAG));
    assert!(tag_only.operations.is_empty());
    assert_eq!(tag_only.shapes["Tag"], spec.shapes["Tag"]);
    assert_eq!(tag_only.service, "codeartifact");
}

// ---------------------------------------------------------------------------------------------
// The awsdocs form: `## Contents<a name="…"></a>`, `\.` escapes, hard line breaks.

#[test]
fn the_awsdocs_lambda_pages_import_with_their_data_types() {
    let (spec, warnings) = import_all(&[LAMBDA_PUBLISH, LAMBDA_CONTENT_IN, LAMBDA_CONTENT_OUT]);
    assert_eq!(
        (spec.service.as_str(), spec.api_version.as_deref(), spec.protocol.as_deref()),
        ("lambda", Some("2015-03-31"), Some("restJson1"))
    );
    let op = &spec.operations["PublishLayerVersion"];
    let http = op.http.as_ref().unwrap();
    assert_eq!(
        (http.method.as_str(), http.uri.as_str(), http.code),
        ("POST", "/2018-10-31/layers/{LayerName}/versions", Some(201))
    );
    assert_eq!(
        op.doc.as_deref(),
        Some(
            "Creates an AWS Lambda layer from a ZIP archive. Each time you call `PublishLayerVersion` with the same layer name, a new version is created."
        )
    );
    const REQ: &str = "PublishLayerVersionRequest";
    let name = member(&spec, REQ, "LayerName");
    assert!(name.required && name.label);
    assert_eq!(len(&spec, REQ, "LayerName"), (Some(1), Some(140)));
    assert_eq!(
        pattern(&spec, REQ, "LayerName"),
        "(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+"
    );
    // `Type: Array of strings`, `Array Members: Maximum number of 2 items.`,
    // ``Valid Values:` x86_64 | arm64` ``: a list of at most 2 of an enum.
    let arch = resolve(&spec, member(&spec, REQ, "CompatibleArchitectures")).def;
    assert_eq!((arch.shape_type, arch.length.unwrap().max), (ShapeType::List, Some(2)));
    let item = resolve(&spec, arch.member.as_ref().unwrap()).def;
    let values: Vec<serde_json::Value> =
        item.values.unwrap().into_iter().map(|v| v.value).collect();
    assert_eq!(values, ["x86_64", "arm64"]);
    let runtimes = resolve(&spec, member(&spec, REQ, "CompatibleRuntimes")).def;
    assert_eq!(runtimes.length.unwrap().max, Some(15));
    let item = resolve(&spec, runtimes.member.as_ref().unwrap()).def;
    let values: Vec<serde_json::Value> =
        item.values.unwrap().into_iter().map(|v| v.value).collect();
    assert_eq!(values.len(), 27);
    assert_eq!(
        (&values[0], &values[1], &values[26]),
        (&json!("nodejs"), &json!("nodejs4.3"), &json!("provided.al2"))
    );
    assert_eq!(len(&spec, REQ, "Description"), (Some(0), Some(256)));
    assert_eq!(len(&spec, REQ, "LicenseInfo"), (None, Some(512)));
    // `Type: [LayerVersionContentInput](API_LayerVersionContentInput.md) object`.
    let content = member(&spec, REQ, "Content");
    assert!(content.required);
    assert_eq!(content.target, "LayerVersionContentInput");
    const IN: &str = "LayerVersionContentInput";
    assert_eq!(
        spec.shapes[IN].members.as_ref().unwrap().keys().collect::<Vec<_>>(),
        ["S3Bucket", "S3Key", "S3ObjectVersion", "ZipFile"]
    );
    assert_eq!(len(&spec, IN, "S3Bucket"), (Some(3), Some(63)));
    // A code span keeps its backslashes: they are the pattern's, not markdown escapes.
    assert_eq!(pattern(&spec, IN, "S3Bucket"), "^[0-9A-Za-z\\.\\-_]*(?<!\\.)$");
    assert_eq!(len(&spec, IN, "S3Key"), (Some(1), Some(1024)));
    // `Type: Base64\-encoded binary data object`.
    assert_eq!(resolve(&spec, member(&spec, IN, "ZipFile")).def.shape_type, ShapeType::Blob);
    assert!(!member(&spec, IN, "S3Bucket").required);

    const RESP: &str = "PublishLayerVersionResponse";
    assert_eq!(member(&spec, RESP, "Content").target, "LayerVersionContentOutput");
    assert_eq!(member(&spec, RESP, "Version").target, "long");
    assert_eq!(
        pattern(&spec, RESP, "LayerVersionArn"),
        "arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+"
    );
    assert_eq!(member(&spec, "LayerVersionContentOutput", "CodeSize").target, "long");
    assert_eq!(
        op.errors,
        [
            "CodeStorageExceededException",
            "InvalidParameterValueException",
            "ResourceNotFoundException",
            "ServiceException",
            "TooManyRequestsException"
        ]
    );
    assert_eq!(spec.shapes["TooManyRequestsException"].http_error, Some(429));
    assert_eq!(spec.shapes["ServiceException"].http_error, Some(500));
    assert!(!warnings.iter().any(|w| w.contains("is named")), "{warnings:#?}");
    assert!(!warnings.iter().any(|w| w.contains("no `Type:` line")), "{warnings:#?}");

    // The spec validates: a short bucket name, an unknown architecture, a missing label.
    let validator = Validator::new(&spec).unwrap();
    let payload = json!({
        "CompatibleArchitectures": ["x86_64", "sparc"],
        "Content": {"S3Bucket": "ab"},
    });
    let report = validator.operation("PublishLayerVersion").unwrap().validate_input(&payload);
    let got: Vec<(&str, &str)> =
        report.violations().iter().map(|v| (v.path(), v.message())).collect();
    assert_eq!(
        got,
        [
            (
                "/LayerName",
                "Value at '/LayerName' failed to satisfy constraint: Member must not be null"
            ),
            (
                "/CompatibleArchitectures/1",
                "Value at '/CompatibleArchitectures/1' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]"
            ),
            (
                "/Content/S3Bucket",
                "Value with length 2 at '/Content/S3Bucket' failed to satisfy constraint: Member must have length between 3 and 63, inclusive"
            ),
        ]
    );

    // Without its data-type pages, the linked structures are open, with a warning each.
    let (alone, warnings) = import(&seed(LAMBDA_PUBLISH));
    for name in ["LayerVersionContentInput", "LayerVersionContentOutput"] {
        assert!(alone.shapes[name].members.as_ref().unwrap().is_empty(), "{name}");
        assert!(warnings.iter().any(|w| w.contains(&format!("{name} is named"))), "{warnings:#?}");
    }
}

#[test]
fn awsdocs_data_type_pages_with_maps_lists_of_objects_and_a_member_named_pattern() {
    let (spec, warnings) = import_all(&[LAMBDA_ENVIRONMENT, LAMBDA_FILTER_CRITERIA, LAMBDA_FILTER]);
    assert!(spec.operations.is_empty());
    assert_eq!(spec.service, "lambda");
    // `Type: String to string map`, `Key Pattern: `[a-zA-Z]([a-zA-Z0-9_])+``.
    let vars = resolve(&spec, member(&spec, "Environment", "Variables")).def;
    assert_eq!(vars.shape_type, ShapeType::Map);
    assert_eq!(vars.length, None);
    let key = vars.key.as_ref().unwrap();
    assert_eq!(key.pattern.as_ref().unwrap().regex(), "[a-zA-Z]([a-zA-Z0-9_])+");
    assert_eq!(vars.value.as_ref().unwrap().target, "string");
    // `Type: Array of [Filter](API_Filter.md) objects`, described by the Filter page.
    let filters = resolve(&spec, member(&spec, "FilterCriteria", "Filters")).def;
    assert_eq!(filters.shape_type, ShapeType::List);
    assert_eq!(filters.member.as_ref().unwrap().target, "Filter");
    // The Filter structure's member is called `Pattern`, like the constraint line after it.
    let members = spec.shapes["Filter"].members.as_ref().unwrap();
    assert_eq!(members.keys().collect::<Vec<_>>(), ["Pattern"]);
    assert_eq!(len(&spec, "Filter", "Pattern"), (Some(0), Some(4096)));
    assert_eq!(pattern(&spec, "Filter", "Pattern"), ".*");
    assert!(!warnings.iter().any(|w| w.contains("is named")), "{warnings:#?}");

    let validator = Validator::new(&spec).unwrap();
    let shape = validator.shape("Environment").unwrap();
    let payload = json!({"Variables": {"A1": "x", "1A": "y"}});
    let report = shape.validate(&payload);
    let got: Vec<&str> = report.violations().iter().map(|v| v.message()).collect();
    assert_eq!(
        got,
        [
            "Value at '/Variables' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Malformed and hostile markdown: an import error with a line, or a spec that compiles.

#[test]
fn markdown_that_is_not_a_page_is_an_import_error_with_a_line() {
    for text in [
        "# Title\n\nSome prose.\n",
        "---\nsource_url: https://docs.aws.amazon.com/x\n---\n",
        "---\n## Contents\n** key **\nType: String\n",
        "```\n## Request Syntax\n```\n",
        "<a name=\"API_X\"></a>\n",
        "## Contents<a name=\"API_X_Contents\"></a>\n\n ** key **\nType: String\n",
    ] {
        let err = conform::import::page::page(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Import, "{text:?}");
        assert!(err.message().starts_with("line "), "{err}");
        assert!(err.line().is_some(), "{text:?}");
    }
    // The line is the input's: front matter and anchors count.
    let err = conform::import::page::page(
        "---\nsource_url: x\n---\n\n<a name=\"a\"></a>\n\n## Contents<a name=\"c\"></a>\n",
    )
    .unwrap_err();
    assert_eq!(err.line(), Some(7), "{err}");
}

/// A data-type page whose required member is typed as the structure itself describes no finite
/// payload: the member is kept as optional, with a warning, and the spec compiles.
#[test]
fn a_structure_required_inside_itself_is_made_optional_with_a_warning() {
    let page =
        seed(MD_CODEARTIFACT_TAG).replacen("Type: String", "Type: [Tag](API_Tag.md) object", 1);
    let (spec, warnings) = conform::import::page::pages(&[&page]).unwrap();
    let key = member(&spec, "Tag", "key");
    assert_eq!((key.target.as_str(), key.required), ("Tag", false));
    assert!(
        warnings.iter().any(|w| w
            == "Tag.key: required members form a cycle (Tag.key -> Tag); the member is optional here"),
        "{warnings:#?}"
    );
    Validator::new(&spec).unwrap();
}

#[test]
fn truncated_markdown_pages_give_partial_specs_or_errors() {
    for name in MARKDOWN {
        let text = seed(name);
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(41).collect();
        for cut in cuts {
            match conform::import::page::pages(&[&text[..cut]]) {
                Ok((spec, _)) => {
                    Validator::new(&spec).unwrap_or_else(|e| panic!("{name} cut at {cut}: {e}"));
                }
                Err(e) => assert_eq!(e.kind(), ErrorKind::Import, "{name} cut at {cut}"),
            }
        }
    }
}

#[test]
fn hostile_markdown_is_read_in_linear_time() {
    let started = std::time::Instant::now();
    let head = "# Op\n\n## Request Body\n\n ** m **\n";
    for body in [
        "<a ".repeat(200_000),
        "<a name=\"x\"".repeat(50_000),
        "\\".repeat(500_000),
        "\\`".repeat(200_000),
        "`".repeat(200_000),
        "**".repeat(200_000),
        "{{".repeat(200_000),
        "[a](".repeat(100_000),
        "```\n".repeat(100_000),
        "---\n".repeat(100_000),
        "## Contents<a name=\"c\"></a>\n".repeat(50_000),
        " ** [x](#y) **   <a name=\"z\"></a>  \n".repeat(50_000),
        "Type: [T](API_T.md) object  \n".repeat(50_000),
    ] {
        let text = format!("{head}{body}\n");
        if let Ok((spec, _)) = conform::import::page::pages(&[&text]) {
            Validator::new(&spec).unwrap();
        }
    }
    // Unterminated front matter and fences swallow the page: an error, not a panic.
    let err = conform::import::page::page(&format!("---\n{}", seed(LAMBDA_PUBLISH))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Import);
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
}

/// Markdown lines of the forms the real pages use.
fn markdown_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("## Request Syntax<a name=\"API_Op_RequestSyntax\"></a>".to_owned()),
        Just("## Contents\n<a name=\"API_T_Contents\"></a>".to_owned()),
        Just("## Errors<a name=\"API_Op_Errors\"></a>".to_owned()),
        Just("# Op<a name=\"API_Op\"></a>".to_owned()),
        Just(" ** [name](#API_Op_RequestSyntax) **   <a name=\"x\"></a>".to_owned()),
        Just(" ** NameException **   ".to_owned()),
        Just("Type: [Tag](API_Tag.md) object  ".to_owned()),
        Just("Type: Array of [Tag](API_Tag.md) objects  ".to_owned()),
        Just("Valid Values:` A | B`   ".to_owned()),
        Just("Length Constraints: Minimum length of 1\\. Maximum length of 2\\.  ".to_owned()),
        Just("POST /a/{{name}}?q={{name}} HTTP/1.1".to_owned()),
        Just("```".to_owned()),
        Just("---".to_owned()),
        Just("source_url: https://docs.aws.amazon.com/x".to_owned()),
        Just("+  [AWS SDK](https://docs.aws.amazon.com/goto/X/svc-2020-01-01/Op)".to_owned()),
        Just("<a name=\"x\"></a>".to_owned()),
        Just("**Note**  ".to_owned()),
        page_token(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_markdown_never_panics(
        tokens in prop::collection::vec(markdown_token(), 0..80),
        blank in prop::collection::vec(any::<bool>(), 80),
    ) {
        let mut text = String::new();
        for (i, t) in tokens.iter().enumerate() {
            text.push_str(t);
            text.push_str(if blank[i] { "\n\n" } else { "\n" });
        }
        survives(&text)?;
    }

    #[test]
    fn mutated_markdown_pages_never_panic(
        which in 0usize..MARKDOWN.len(),
        ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), markdown_token()), 1..8),
    ) {
        survives(&mutate(&seed(MARKDOWN[which]), &ops))?;
    }
}
