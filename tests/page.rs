//! The reference-page importer (`conform::import::page`): the four seed pages against the
//! hand-written specs in `specs/`, the markdown form, exact constraints, and robustness.

use std::collections::HashSet;
use std::path::Path;

use conform::spec::{MemberDef, ShapeDef, ShapeType};
use conform::{ErrorKind, Spec, Validator};
use proptest::prelude::*;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

pub(crate) const IOT: &str = "000_d272dad8ad9433ce.txt";
pub(crate) const CODEARTIFACT: &str = "001_568986f505da3dcc.txt";
pub(crate) const PANORAMA_DESCRIBE: &str = "002_99e204e90faaf15d.txt";
const PANORAMA_BOTO3: &str = "003_ce632ace45ae2fa9.txt";

pub(crate) fn seed(name: &str) -> String {
    let path = Path::new(ROOT).join("tests/data/import/pages").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(crate) fn spec(name: &str) -> Spec {
    Spec::from_path(Path::new(ROOT).join("specs").join(name)).unwrap()
}

pub(crate) fn import(text: &str) -> (Spec, Vec<String>) {
    let (spec, warnings) = conform::import::page::pages(&[text]).unwrap();
    // Whatever a page says, the spec it gives compiles.
    Validator::new(&spec).unwrap_or_else(|e| panic!("{e}\n{}", spec.to_json_pretty()));
    (spec, warnings)
}

// ---------------------------------------------------------------------------------------------
// Comparing an operation of two specs by meaning.

/// A member or shape with its target resolved and member overrides applied.
pub(crate) struct Resolved {
    pub(crate) def: ShapeDef,
    name: String,
}

pub(crate) fn resolve(spec: &Spec, m: &MemberDef) -> Resolved {
    let mut def = match spec.shapes.get(&m.target) {
        Some(d) => d.clone(),
        None => ShapeDef::new(
            ShapeType::prelude(&m.target).unwrap_or_else(|| panic!("unknown target {}", m.target)),
        ),
    };
    if m.length.is_some() {
        def.length = m.length;
    }
    if m.pattern.is_some() {
        def.pattern = m.pattern.clone();
    }
    if m.range.is_some() {
        def.range = m.range.clone();
    }
    def.sensitive |= m.sensitive;
    if let Some(d) = &m.default {
        def.default = Some(d.clone()).filter(|v| !v.is_null());
    }
    Resolved { def, name: m.target.clone() }
}

fn binding(m: &MemberDef) -> String {
    match m.binding() {
        Ok(Some(b)) => format!("{b:?}"),
        Ok(None) => "body".to_owned(),
        Err(names) => format!("{names:?}"),
    }
}

struct Differ<'a> {
    spec: &'a Spec,
    page: &'a Spec,
    out: Vec<String>,
    seen: HashSet<(String, String)>,
}

impl Differ<'_> {
    fn diff<T: std::fmt::Debug + PartialEq>(&mut self, at: &str, what: &str, spec: T, page: T) {
        if spec != page {
            self.out.push(format!("{at}: {what}: spec {spec:?}, page {page:?}"));
        }
    }

    fn member(&mut self, at: &str, s: &MemberDef, p: &MemberDef) {
        self.diff(at, "required", s.required, p.required);
        self.diff(at, "binding", binding(s), binding(p));
        self.diff(at, "idempotencyToken", s.idempotency_token, p.idempotency_token);
        self.diff(at, "jsonName", &s.json_name, &p.json_name);
        self.diff(at, "format", s.format, p.format);
        let (rs, rp) = (resolve(self.spec, s), resolve(self.page, p));
        self.shape(at, &rs, &rp);
    }

    fn shape(&mut self, at: &str, s: &Resolved, p: &Resolved) {
        let (ds, dp) = (&s.def, &p.def);
        self.diff(at, "type", ds.shape_type, dp.shape_type);
        if ds.shape_type != dp.shape_type {
            return;
        }
        self.diff(at, "length", ds.length, dp.length);
        self.diff(
            at,
            "pattern",
            ds.pattern.as_ref().map(|p| p.regex()),
            dp.pattern.as_ref().map(|p| p.regex()),
        );
        if let (Some(ps), Some(pp)) = (&ds.pattern, &dp.pattern) {
            self.diff(at, "pattern rule", ps.rule(), pp.rule());
        }
        self.diff(at, "range", &ds.range, &dp.range);
        let values = |d: &ShapeDef| {
            d.values.as_ref().map(|v| v.iter().map(|e| e.value.clone()).collect::<Vec<_>>())
        };
        self.diff(at, "values", values(ds), values(dp));
        self.diff(at, "sensitive", ds.sensitive, dp.sensitive);
        self.diff(at, "default", &ds.default, &dp.default);
        self.diff(at, "uniqueItems", ds.unique_items, dp.unique_items);
        self.diff(at, "sparse", ds.sparse, dp.sparse);
        self.diff(at, "format", ds.format, dp.format);
        self.diff(at, "error", ds.error, dp.error);
        self.diff(at, "httpError", ds.http_error, dp.http_error);
        for (part, ms, mp) in [
            ("member", &ds.member, &dp.member),
            ("key", &ds.key, &dp.key),
            ("value", &ds.value, &dp.value),
        ] {
            if let (Some(ms), Some(mp)) = (ms, mp) {
                self.member(&format!("{at}.{part}"), ms, mp);
            }
        }
        if let (Some(ms), Some(mp)) = (&ds.members, &dp.members) {
            if !self.seen.insert((s.name.clone(), p.name.clone())) {
                return;
            }
            if mp.is_empty() && !ms.is_empty() {
                let names: Vec<&str> = ms.keys().map(String::as_str).collect();
                self.out.push(format!("{at}: open structure on the page; spec members {names:?}"));
                return;
            }
            for (name, m) in ms {
                match mp.get(name) {
                    Some(pm) => self.member(&format!("{at}.{name}"), m, pm),
                    None => self.out.push(format!("{at}.{name}: missing on the page")),
                }
            }
            for name in mp.keys().filter(|n| !ms.contains_key(*n)) {
                self.out.push(format!("{at}.{name}: not in the spec"));
            }
        }
    }

    fn structure(&mut self, at: &str, s: Option<&String>, p: Option<&String>) {
        match (s, p) {
            (Some(s), Some(p)) => {
                let rs = resolve(self.spec, &MemberDef::new(s.as_str()));
                let rp = resolve(self.page, &MemberDef::new(p.as_str()));
                self.shape(at, &rs, &rp);
            }
            (None, None) => {}
            (s, p) => self.diff(at, "present", s.is_some(), p.is_some()),
        }
    }
}

/// Every difference in meaning between operation `op` of `spec` and of `page`.
pub(crate) fn differences(spec: &Spec, page: &Spec, op: &str) -> Vec<String> {
    let (Some(so), Some(po)) = (spec.operations.get(op), page.operations.get(op)) else {
        return vec![format!("{op}: operation missing")];
    };
    let mut d = Differ { spec, page, out: Vec::new(), seen: HashSet::new() };
    d.diff(
        "http",
        "method",
        so.http.as_ref().map(|h| &h.method),
        po.http.as_ref().map(|h| &h.method),
    );
    d.diff("http", "uri", so.http.as_ref().map(|h| &h.uri), po.http.as_ref().map(|h| &h.uri));
    let code = |h: &Option<conform::spec::HttpDef>| h.as_ref().map(|h| h.code.unwrap_or(200));
    d.diff("http", "code", code(&so.http), code(&po.http));
    d.diff("patterns", "rule", spec.patterns, page.patterns);
    d.structure("input", so.input.as_ref(), po.input.as_ref());
    d.structure("output", so.output.as_ref(), po.output.as_ref());
    let mut se = so.errors.clone();
    let mut pe = po.errors.clone();
    se.sort();
    pe.sort();
    d.diff("errors", "names", &se, &pe);
    for e in se.iter().filter(|e| pe.contains(e)) {
        d.structure(&format!("error {e}"), Some(e), Some(e));
    }
    d.out
}

/// Every string in a JSON value, one per line.
fn all_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("{s}\n"),
        serde_json::Value::Array(a) => a.iter().map(all_text).collect(),
        serde_json::Value::Object(o) => o.values().map(all_text).collect(),
        _ => String::new(),
    }
}

fn check(seed_name: &str, spec_file: &str, op: &str, documented: &[(&str, &str)]) {
    let (page, warnings) = import(&seed(seed_name));
    let spec = spec(spec_file);
    let found = differences(&spec, &page, op);
    println!("{seed_name} vs specs/{spec_file} {op}: {} differences", found.len());
    for f in &found {
        println!("  {f}");
    }
    for w in &warnings {
        println!("  warning: {w}");
    }
    let expected: Vec<&str> = documented.iter().map(|(d, _)| *d).collect();
    assert_eq!(found, expected, "the differences are not the documented ones");
    // Every documented difference names the note of the spec that explains it.
    let notes = all_text(&serde_json::to_value(&spec).unwrap());
    for (_, note) in documented {
        assert!(notes.contains(note), "no note in specs/{spec_file} says {note:?}");
    }
}

#[test]
fn iot_create_package_page_matches_the_spec() {
    const ERR: &str =
        "Members and fault taken from the model; the page gives the name and HTTP status code.";
    check(
        IOT,
        "iot.json",
        "CreatePackage",
        &[
            (
                "input.description: sensitive: spec true, page false",
                "sensitive: not on the page; taken from the model",
            ),
            (
                "output.description: sensitive: spec true, page false",
                "sensitive: not on the page; taken from the model",
            ),
            (
                r#"error ConflictException: open structure on the page; spec members ["message", "resourceId"]"#,
                ERR,
            ),
            (
                r#"error InternalServerException: open structure on the page; spec members ["message"]"#,
                ERR,
            ),
            (
                r#"error ServiceQuotaExceededException: open structure on the page; spec members ["message"]"#,
                ERR,
            ),
            (
                r#"error ThrottlingException: open structure on the page; spec members ["message"]"#,
                "Members and fault taken from the model; the page gives the name and HTTP status code (400, as in the model).",
            ),
            (
                r#"error ValidationException: open structure on the page; spec members ["message"]"#,
                ERR,
            ),
        ],
    );
}

#[test]
fn codeartifact_create_package_group_page_matches_the_spec() {
    const ERR: &str =
        "Members and fault taken from the model; the page gives the name and HTTP status code.";
    check(
        CODEARTIFACT,
        "codeartifact.json",
        "CreatePackageGroup",
        &[
            (
                r#"input.tags.member: open structure on the page; spec members ["key", "value"]"#,
                "Not on the page (\"Array of Tag objects\"); taken from the model.",
            ),
            (
                r#"output.packageGroup: open structure on the page; spec members ["arn", "pattern", "domainName", "domainOwner", "createdTime", "contactInfo", "description", "originConfiguration", "parent"]"#,
                "Not on the page (only named); taken from the model.",
            ),
            (
                r#"error AccessDeniedException: open structure on the page; spec members ["message"]"#,
                ERR,
            ),
            (
                r#"error ConflictException: open structure on the page; spec members ["message", "resourceId", "resourceType"]"#,
                ERR,
            ),
            (
                r#"error InternalServerException: open structure on the page; spec members ["message"]"#,
                ERR,
            ),
            (
                r#"error ResourceNotFoundException: open structure on the page; spec members ["message", "resourceId", "resourceType"]"#,
                ERR,
            ),
            (
                r#"error ServiceQuotaExceededException: open structure on the page; spec members ["message", "resourceId", "resourceType"]"#,
                ERR,
            ),
            (
                r#"error ThrottlingException: open structure on the page; spec members ["message", "retryAfterSeconds"]"#,
                ERR,
            ),
            (
                r#"error ValidationException: open structure on the page; spec members ["message", "reason"]"#,
                ERR,
            ),
        ],
    );
}

#[test]
fn panorama_describe_package_version_page_matches_the_spec() {
    const REQ: &str = "Required members are taken from the model; the page does not print them.";
    const ERR: &str = "Members and fault taken from the model; the DescribePackageVersion page gives the name and HTTP status code.";
    check(
        PANORAMA_DESCRIBE,
        "panorama.json",
        "DescribePackageVersion",
        &[
            ("output.PackageId: required: spec true, page false", REQ),
            ("output.PackageName: required: spec true, page false", REQ),
            ("output.PackageVersion: required: spec true, page false", REQ),
            ("output.PatchVersion: required: spec true, page false", REQ),
            (
                "output.IsLatestPatch: required: spec true, page false",
                "required and default false from the Smithy model.",
            ),
            (
                "output.IsLatestPatch: default: spec Some(Bool(false)), page None",
                "required and default false from the Smithy model.",
            ),
            ("output.Status: required: spec true, page false", REQ),
            (
                r#"error AccessDeniedException: open structure on the page; spec members ["Message"]"#,
                ERR,
            ),
            (
                r#"error ConflictException: open structure on the page; spec members ["Message", "ResourceId", "ResourceType", "ErrorId", "ErrorArguments"]"#,
                ERR,
            ),
            (
                r#"error InternalServerException: open structure on the page; spec members ["Message", "RetryAfterSeconds"]"#,
                ERR,
            ),
            (
                r#"error ResourceNotFoundException: open structure on the page; spec members ["Message", "ResourceId", "ResourceType"]"#,
                ERR,
            ),
            (
                r#"error ValidationException: open structure on the page; spec members ["Message", "Reason", "ErrorId", "ErrorArguments", "Fields"]"#,
                ERR,
            ),
        ],
    );
}

#[test]
fn panorama_create_package_boto3_page_matches_the_spec() {
    const HTTP: &str = "The boto3 page states no constraints; they, the HTTP binding and the error list are taken from the model.";
    const MODEL: &str = "Every constraint and the HTTP binding (POST /packages, both members in the body) are taken from the model";
    const STORAGE: &str = "Not on the boto3 page beyond the member names; taken from the model, which requires all five members.";
    const ERR: &str = "the boto3 CreatePackage page gives only the names (the shapes are the same). Members, defaults and client/server fault come from the model.";
    check(
        PANORAMA_BOTO3,
        "panorama.json",
        "CreatePackage",
        &[
            (r#"http: method: spec Some("POST"), page None"#, HTTP),
            (r#"http: uri: spec Some("/packages"), page None"#, HTTP),
            ("http: code: spec Some(200), page None", HTTP),
            (
                "input.PackageName: length: spec Some(LengthDef { min: Some(1), max: Some(128) }), page None",
                MODEL,
            ),
            (r#"input.PackageName: pattern: spec Some("^[a-zA-Z0-9\\-\\_]+$"), page None"#, MODEL),
            (
                "input.Tags: length: spec Some(LengthDef { min: Some(0), max: Some(50) }), page None",
                MODEL,
            ),
            (
                "input.Tags.key: length: spec Some(LengthDef { min: Some(1), max: Some(128) }), page None",
                MODEL,
            ),
            (r#"input.Tags.key: pattern: spec Some("^.+$"), page None"#, MODEL),
            (
                "input.Tags.value: length: spec Some(LengthDef { min: Some(0), max: Some(256) }), page None",
                MODEL,
            ),
            (r#"input.Tags.value: pattern: spec Some("^.*$"), page None"#, MODEL),
            (
                "output.PackageId: length: spec Some(LengthDef { min: Some(1), max: Some(255) }), page None",
                MODEL,
            ),
            (
                r#"output.PackageId: pattern: spec Some("^[a-zA-Z0-9\\-\\_\\/]+$"), page None"#,
                MODEL,
            ),
            (
                "output.Arn: length: spec Some(LengthDef { min: Some(1), max: Some(255) }), page None",
                MODEL,
            ),
            (
                "output.StorageLocation: required: spec true, page false",
                "CreatePackageResponse requires only StorageLocation",
            ),
            ("output.StorageLocation.Bucket: required: spec true, page false", STORAGE),
            ("output.StorageLocation.RepoPrefixLocation: required: spec true, page false", STORAGE),
            (
                "output.StorageLocation.GeneratedPrefixLocation: required: spec true, page false",
                STORAGE,
            ),
            (
                "output.StorageLocation.BinaryPrefixLocation: required: spec true, page false",
                STORAGE,
            ),
            (
                "output.StorageLocation.ManifestPrefixLocation: required: spec true, page false",
                STORAGE,
            ),
            ("error AccessDeniedException: httpError: spec Some(403), page None", ERR),
            (
                r#"error AccessDeniedException: open structure on the page; spec members ["Message"]"#,
                ERR,
            ),
            ("error ConflictException: httpError: spec Some(409), page None", ERR),
            (
                r#"error ConflictException: open structure on the page; spec members ["Message", "ResourceId", "ResourceType", "ErrorId", "ErrorArguments"]"#,
                ERR,
            ),
            ("error InternalServerException: httpError: spec Some(500), page None", ERR),
            (
                r#"error InternalServerException: open structure on the page; spec members ["Message", "RetryAfterSeconds"]"#,
                ERR,
            ),
            ("error ValidationException: httpError: spec Some(400), page None", ERR),
            (
                r#"error ValidationException: open structure on the page; spec members ["Message", "Reason", "ErrorId", "ErrorArguments", "Fields"]"#,
                ERR,
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Several pages at once, the markdown form, wrapped lines.

/// CodeArtifact's `Tag` data-type page, in the text form of the seeds.
pub(crate) const CODEARTIFACT_TAG: &str = "Tag - CodeArtifact\n\nTag\n\n\
A tag is a key-value pair that can be used to manage, search for, or filter resources in CodeArtifact.\n\n\
Contents\n\nNote\n\nIn the following list, the required parameters are described first.\n\n\
key\n\nThe tag key.\n\nType: String\n\nLength Constraints: Minimum length of 1. Maximum length of 128.\n\n\
Pattern: \\P{C}+\n\nRequired: Yes\n\n\
value\n\nThe tag value.\n\nType: String\n\nLength Constraints: Minimum length of 0. Maximum length of 256.\n\n\
Pattern: \\P{C}*\n\nRequired: Yes\n\n\
See Also\n\nFor more information about using this API in one of the language-specific AWS SDKs, see the following:\n";

#[test]
fn a_data_type_page_describes_the_structure_an_operation_page_names() {
    let page = seed(CODEARTIFACT);
    let (spec_both, warnings) = conform::import::page::pages(&[&page, CODEARTIFACT_TAG]).unwrap();
    Validator::new(&spec_both).unwrap();
    let found = differences(&spec("codeartifact.json"), &spec_both, "CreatePackageGroup");
    assert!(!found.iter().any(|d| d.starts_with("input.tags")), "{found:#?}");
    assert!(
        found.iter().any(|d| d.starts_with("output.packageGroup: open structure")),
        "{found:#?}"
    );
    // Only the structure that is still missing is warned about.
    assert!(
        warnings.iter().any(|w| w.contains("PackageGroupDescription is named")),
        "{warnings:#?}"
    );
    assert!(!warnings.iter().any(|w| w.contains("Tag is named")), "{warnings:#?}");
    let tag = &spec_both.shapes["Tag"];
    let members = tag.members.as_ref().unwrap();
    assert_eq!(members.keys().collect::<Vec<_>>(), ["key", "value"]);
    assert!(members["key"].required && members["value"].required);

    // The Panorama pages together give one spec with both operations.
    let (both, _) =
        conform::import::page::pages(&[&seed(PANORAMA_DESCRIBE), &seed(PANORAMA_BOTO3)]).unwrap();
    Validator::new(&both).unwrap();
    assert_eq!(
        both.operations.keys().collect::<Vec<_>>(),
        ["DescribePackageVersion", "CreatePackage"]
    );
    let panorama = spec("panorama.json");
    for op in ["DescribePackageVersion", "CreatePackage"] {
        let alone = differences(
            &panorama,
            &import(&seed(if op == "CreatePackage" { PANORAMA_BOTO3 } else { PANORAMA_DESCRIBE }))
                .0,
            op,
        );
        // Together, CreatePackage's errors are those of the DescribePackageVersion page, which
        // gives their HTTP status codes.
        let alone: Vec<String> = alone.into_iter().filter(|d| !d.contains("httpError")).collect();
        assert_eq!(differences(&panorama, &both, op), alone, "{op}");
    }
}

#[test]
fn the_markdown_form_gives_the_same_spec_as_the_text_form() {
    let md = seed("000_d272dad8ad9433ce.md");
    let (mut from_md, md_warnings) = import(&md);
    let (from_text, text_warnings) = import(&seed(IOT));
    // The markdown keeps the SDK links of See Also, which name the API version.
    assert_eq!(from_md.api_version.take().as_deref(), Some("2015-05-28"));
    assert_eq!(from_md.to_json_pretty(), from_text.to_json_pretty());
    assert_eq!(from_md, from_text);
    assert_eq!(md_warnings.len(), text_warnings.len(), "{md_warnings:#?}");
}

/// Re-wraps every paragraph at `width` columns (at spaces), as a text-mode browser would.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let mut col = 0;
        for (i, word) in line.split(' ').enumerate() {
            if i > 0 {
                if col + 1 + word.chars().count() > width {
                    out.push('\n');
                    col = 0;
                } else {
                    out.push(' ');
                    col += 1;
                }
            }
            out.push_str(word);
            col += word.chars().count();
        }
        out.push('\n');
    }
    out
}

#[test]
fn wrapped_lines_give_the_same_spec() {
    for name in [IOT, CODEARTIFACT, PANORAMA_DESCRIBE] {
        let text = seed(name);
        let (plain, _) = import(&text);
        let op = plain.operations.keys().next().unwrap().clone();
        // Down to the width of the longest label, `Value Length Constraints:` (25 columns);
        // narrower wrapping splits the labels themselves.
        for width in [25, 30, 40, 72] {
            let wrapped = wrap(&text, width);
            assert!(wrapped.lines().count() > text.lines().count());
            let (from_wrapped, _) = import(&wrapped);
            // The operation means the same.
            let found = differences(&plain, &from_wrapped, &op);
            assert_eq!(found, Vec::<String>::new(), "{name} at {width}");
            // From 40 columns on, the title (`CreatePackage - AWS IoT`) stays on one line and
            // everything is the same, docs included.
            if width >= 40 {
                assert_eq!(from_wrapped, plain, "{name} wrapped at {width}");
            }
        }
    }
}

#[test]
fn a_scrape_without_blank_lines_and_with_glued_labels() {
    // The form some scrapers give: list markers, inline code on lines of its own, and a label glued
    // to the end of the description.
    let text = "Tag - AWS Identity and Access Management\nTag\nA structure that represents user-provided metadata.\n\
Contents\n- Key\n-\nThe key name that can be used to look up or retrieve the associated value. For example,\n\
Department\norCost Center\nare common choices.Type: String\n\
Length Constraints: Minimum length of 1. Maximum length of 128.\nPattern:\n[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+\n\
Required: Yes\n- Value\n-\nThe value associated with this tag.Type: String\n\
Length Constraints: Minimum length of 0. Maximum length of 256.\nPattern:\n[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*\n\
Required: Yes\nSee Also\n";
    let (spec, _) = import(text);
    let tag = &spec.shapes["Tag"];
    let members = tag.members.as_ref().unwrap();
    assert_eq!(members.keys().collect::<Vec<_>>(), ["Key", "Value"]);
    let key = resolve(&spec, &members["Key"]).def;
    assert_eq!((key.length.unwrap().min, key.length.unwrap().max), (Some(1), Some(128)));
    assert_eq!(key.pattern.unwrap().regex(), "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    let value = resolve(&spec, &members["Value"]).def;
    assert_eq!(value.pattern.unwrap().regex(), "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    assert!(members["Key"].required && members["Value"].required);
}

// ---------------------------------------------------------------------------------------------
// Exact constraints.

pub(crate) fn member<'s>(spec: &'s Spec, structure: &str, name: &str) -> &'s MemberDef {
    &spec.shapes[structure].members.as_ref().unwrap()[name]
}

#[test]
fn exact_constraints_of_the_seed_pages() {
    let (iot, _) = import(&seed(IOT));
    let token = member(&iot, "CreatePackageRequest", "clientToken");
    assert_eq!(token.query.as_deref(), Some("clientToken"));
    assert!(!token.required && token.idempotency_token);
    let t = resolve(&iot, token).def;
    assert_eq!(t.shape_type, ShapeType::String);
    assert_eq!((t.length.unwrap().min, t.length.unwrap().max), (Some(36), Some(64)));
    assert_eq!(t.pattern.as_ref().unwrap().regex(), "\\S{36,64}");
    assert_eq!(t.pattern.as_ref().unwrap().rule(), None);
    assert_eq!(iot.patterns, conform::MatchRule::WholeValue);

    let tags = resolve(&iot, member(&iot, "CreatePackageRequest", "tags")).def;
    assert_eq!(tags.shape_type, ShapeType::Map);
    assert_eq!((tags.length.unwrap().min, tags.length.unwrap().max), (None, Some(50)));
    let key = resolve(&iot, tags.key.as_ref().unwrap()).def;
    assert_eq!(key.pattern.unwrap().regex(), "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    let value = resolve(&iot, tags.value.as_ref().unwrap()).def;
    assert_eq!((value.length.unwrap().min, value.length.unwrap().max), (Some(0), Some(256)));
    assert_eq!(value.pattern, None);

    let name = member(&iot, "CreatePackageRequest", "packageName");
    assert!(name.required && name.label);
    let http = iot.operations["CreatePackage"].http.as_ref().unwrap();
    assert_eq!(
        (http.method.as_str(), http.uri.as_str(), http.code),
        ("PUT", "/packages/{packageName}", Some(200))
    );
    assert_eq!(iot.service, "iot");
    assert_eq!(iot.protocol.as_deref(), Some("restJson1"));

    let (ca, _) = import(&seed(CODEARTIFACT));
    let owner = member(&ca, "CreatePackageGroupRequest", "domainOwner");
    assert_eq!(owner.query.as_deref(), Some("domain-owner"));
    assert!(!owner.required);
    let o = resolve(&ca, owner).def;
    assert_eq!((o.length.unwrap().min, o.length.unwrap().max), (Some(12), Some(12)));
    assert_eq!(o.pattern.unwrap().regex(), "[0-9]{12}");
    let description = resolve(&ca, member(&ca, "CreatePackageGroupRequest", "description")).def;
    assert_eq!(
        (description.length.unwrap().min, description.length.unwrap().max),
        (None, Some(1000))
    );
    let tags = resolve(&ca, member(&ca, "CreatePackageGroupRequest", "tags")).def;
    assert_eq!(tags.shape_type, ShapeType::List);
    assert_eq!(tags.member.as_ref().unwrap().target, "Tag");
    assert_eq!(ca.operations["CreatePackageGroup"].http.as_ref().unwrap().uri, "/v1/package-group");

    let (pan, _) = import(&seed(PANORAMA_DESCRIBE));
    let status = resolve(&pan, member(&pan, "DescribePackageVersionResponse", "Status")).def;
    assert_eq!(status.shape_type, ShapeType::Enum);
    let values: Vec<_> = status.values.unwrap().into_iter().map(|v| v.value).collect();
    assert_eq!(values, ["REGISTER_PENDING", "REGISTER_COMPLETED", "FAILED", "DELETING"]);
    let time = resolve(&pan, member(&pan, "DescribePackageVersionResponse", "RegisteredTime")).def;
    assert_eq!(time.shape_type, ShapeType::Timestamp);
    assert_eq!(
        member(&pan, "DescribePackageVersionRequest", "PatchVersion").query.as_deref(),
        Some("PatchVersion")
    );

    let (boto, warnings) = import(&seed(PANORAMA_BOTO3));
    let op = &boto.operations["CreatePackage"];
    assert_eq!(op.http, None);
    assert!(warnings.iter().any(|w| w.contains("no HTTP binding")), "{warnings:#?}");
    assert_eq!(boto.api_version.as_deref(), Some("2019-07-24"));
    assert!(member(&boto, "CreatePackageRequest", "PackageName").required);
    let storage = resolve(&boto, member(&boto, "CreatePackageResponse", "StorageLocation")).def;
    assert_eq!(storage.members.unwrap().len(), 5);
}

#[test]
fn types_ranges_and_list_items() {
    let text = "PutThings - AWS Demo\n\nPutThings\n\nPuts things.\n\n\
Request Syntax\n\nPOST /things/{thingId}?max=maxItems&x-id=PutThings HTTP/1.1\nX-Trace: traceId\nContent-type: application/json\n\n\
URI Request Parameters\n\nmaxItems\n\nHow many.\n\nValid Range: Minimum value of 1. Maximum value of 100.\n\n\
thingId\n\nThe thing.\n\nRequired: Yes\n\ntraceId\n\nA trace.\n\n\
Request Body\n\nblob\n\nBytes.\n\nType: Base64-encoded binary data object\n\nLength Constraints: Maximum length of 4096.\n\n\
names\n\nNames.\n\nType: Array of strings\n\nArray Members: Fixed number of 2 items.\n\n\
Length Constraints: Minimum length of 1.\n\nValid Values: A | B\n\n\
ratio\n\nA ratio.\n\nType: Double\n\nValid Range: Minimum value of 0.5. Maximum value of 1.5.\n\n\
when\n\nA time.\n\nType: Timestamp\n\n\
nested\n\nMaps of lists.\n\nType: String to array of Widget objects map\n\n\
Errors\n\nBadThing\n\nBad.\n\nHTTP Status Code: 422\n\nSee Also\n";
    let (spec, warnings) = import(text);
    let http = spec.operations["PutThings"].http.as_ref().unwrap();
    assert_eq!(http.uri, "/things/{thingId}?x-id=PutThings");
    let max = member(&spec, "PutThingsRequest", "maxItems");
    assert_eq!(max.query.as_deref(), Some("max"));
    let r = resolve(&spec, max).def;
    assert_eq!(r.shape_type, ShapeType::Integer);
    assert_eq!(
        (r.range.as_ref().unwrap().min.as_deref(), r.range.as_ref().unwrap().max.as_deref()),
        (Some("1"), Some("100"))
    );
    assert_eq!(member(&spec, "PutThingsRequest", "traceId").header.as_deref(), Some("X-Trace"));
    assert_eq!(
        resolve(&spec, member(&spec, "PutThingsRequest", "blob")).def.shape_type,
        ShapeType::Blob
    );
    let names = resolve(&spec, member(&spec, "PutThingsRequest", "names")).def;
    assert_eq!((names.length.unwrap().min, names.length.unwrap().max), (Some(2), Some(2)));
    let item = resolve(&spec, names.member.as_ref().unwrap()).def;
    assert_eq!(item.shape_type, ShapeType::Enum);
    assert_eq!(item.length.unwrap().min, Some(1));
    let ratio = resolve(&spec, member(&spec, "PutThingsRequest", "ratio")).def;
    assert_eq!(
        (ratio.shape_type, ratio.range.unwrap().min.as_deref()),
        (ShapeType::Double, Some("0.5"))
    );
    let nested = resolve(&spec, member(&spec, "PutThingsRequest", "nested")).def;
    let value = resolve(&spec, nested.value.as_ref().unwrap()).def;
    assert_eq!(value.member.as_ref().unwrap().target, "Widget");
    assert!(warnings.iter().any(|w| w.contains("Widget is named")), "{warnings:#?}");
    assert_eq!(spec.shapes["BadThing"].http_error, Some(422));
    assert!(warnings.iter().all(|w| !w.contains("Type")), "{warnings:#?}");
}

#[test]
fn the_function_the_cli_calls_has_its_signature() {
    type Pages = fn(&[&str]) -> Result<(Spec, Vec<String>), conform::Error>;
    let f: Pages = conform::import::page::pages;
    let (spec, _) = f(&[&seed(IOT)]).unwrap();
    assert!(spec.operations.contains_key("CreatePackage"));
    // The generic entry point reads pages too.
    let text = seed(PANORAMA_BOTO3);
    assert_eq!(conform::import::detect(&text), conform::import::SourceFormat::Page);
    let via = conform::import::from_text(&text, conform::import::SourceFormat::Page).unwrap();
    assert!(via.operations.contains_key("CreatePackage"));
}

// ---------------------------------------------------------------------------------------------
// Robustness: no panic, a clear error or a partial spec with warnings.

#[test]
fn text_that_is_not_a_page_is_an_import_error_with_a_line() {
    let chrome = seed(IOT).split("CreatePackage - AWS IoT").next().unwrap().to_owned();
    for text in
        ["", "   \n\n", "hello world", "{not json", "\u{feff}", "Errors", "\0\0\0", chrome.as_str()]
    {
        let err = conform::import::page::page(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Import, "{text:?}");
        assert!(err.message().starts_with("line "), "{err}");
        assert!(err.line().is_some());
    }
    let err = conform::import::page::pages(&[]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Import);
    let err = conform::import::page::pages(&[&seed(IOT), "junk"]).unwrap_err();
    assert!(err.message().starts_with("page 2: line 1:"), "{err}");
}

#[test]
fn truncated_pages_give_partial_specs_or_errors() {
    for name in [IOT, CODEARTIFACT, PANORAMA_DESCRIBE, PANORAMA_BOTO3] {
        let text = seed(name);
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(37).collect();
        for cut in cuts {
            let head = &text[..cut];
            match conform::import::page::pages(&[head]) {
                Ok((spec, _)) => {
                    Validator::new(&spec).unwrap_or_else(|e| panic!("{name} cut at {cut}: {e}"));
                }
                Err(e) => assert_eq!(e.kind(), ErrorKind::Import),
            }
        }
    }
    // Cut after the request body: the request is there, the rest is warned about.
    let text = seed(IOT);
    let head = text.split("Response Syntax").next().unwrap();
    let (spec, warnings) = import(head);
    assert_eq!(spec.shapes["CreatePackageRequest"].members.as_ref().unwrap().len(), 4);
    assert_eq!(spec.operations["CreatePackage"].output, None);
    for w in ["no Response Elements section", "no Errors section", "may be truncated"] {
        assert!(warnings.iter().any(|x| x.contains(w)), "{w}: {warnings:#?}");
    }
}

#[test]
fn a_page_with_missing_sections() {
    let text = seed(IOT);
    // Without the request line and the URI parameters: no `http`, body members only.
    let start = text.find("Request Syntax").unwrap();
    let end = text.find("Request Body").unwrap();
    let without = format!("{}{}", &text[..start], &text[end..]);
    let (spec, warnings) = import(&without);
    let op = &spec.operations["CreatePackage"];
    assert_eq!(op.http, None);
    assert!(warnings.iter().any(|w| w.contains("no HTTP request line")), "{warnings:#?}");
    let members = spec.shapes["CreatePackageRequest"].members.as_ref().unwrap();
    assert_eq!(members.keys().collect::<Vec<_>>(), ["description", "tags"]);
    assert_eq!(op.errors.len(), 5);

    // Without a Type line, with an unknown type, with unreadable constraints.
    let broken = text
        .replacen("Type: String to string map", "Type: Frobnicated value", 1)
        .replacen(
            "Length Constraints: Minimum length of 0. Maximum length of 1024.",
            "Length Constraints: lots",
            1,
        )
        .replacen("Required: Yes", "Required: perhaps", 1);
    let (spec, warnings) = import(&broken);
    assert!(
        warnings.iter().any(|w| w.contains("unknown type `Frobnicated value`")),
        "{warnings:#?}"
    );
    assert!(warnings.iter().any(|w| w.contains("cannot read the bounds")), "{warnings:#?}");
    assert!(
        warnings.iter().any(|w| w.contains("cannot read `Required: perhaps`")),
        "{warnings:#?}"
    );
    let tags = resolve(&spec, member(&spec, "CreatePackageRequest", "tags")).def;
    assert_eq!(tags.shape_type, ShapeType::Document);
    // The label is required whatever the page says.
    assert!(member(&spec, "CreatePackageRequest", "packageName").required);

    // A request line whose path is not a URI template (a brace outside a label): no `http`.
    for path in ["/packages/{", "/packages/{packageName", "/packages/{}", "/{pack}ages"] {
        let bad = text.replacen("PUT /packages/packageName", &format!("PUT {path}"), 1);
        let (spec, warnings) = import(&bad);
        assert_eq!(spec.operations["CreatePackage"].http, None, "{path}");
        assert!(
            warnings.iter().any(|w| w.contains("is not a URI template")),
            "{path}: {warnings:#?}"
        );
    }
}

#[test]
fn very_long_lines_and_deep_nesting() {
    let started = std::time::Instant::now();
    let long = "a".repeat(1 << 20);
    assert!(conform::import::page::page(&long).is_err());
    let deep_type = format!("Type: {}strings", "Array of arrays of ".repeat(20_000));
    let pattern = format!("Pattern: {}", "[a-z]".repeat(50_000));
    let spaces = format!("{}x", " ".repeat(100_000));
    let glued = "word.Type: ".repeat(20_000);
    let text = format!(
        "Op - AWS Demo\n\nOp\n\nRequest Syntax\n\nPOST /{} HTTP/1.1\n\nRequest Body\n\nitems\n\n{deep_type}\n\n\
         other\n\nType: String\n\n{pattern}\n\nLength Constraints: Maximum length of 99999999999999999999999.\n\n\
         third\n\n{spaces}\n\n{glued}\n\nErrors\n\n{}\n",
        "seg/".repeat(50_000),
        "E\n\nHTTP Status Code: 400\n\n".repeat(5_000),
    );
    let (spec, warnings) = conform::import::page::pages(&[&text]).unwrap();
    Validator::new(&spec).unwrap();
    assert!(
        warnings.iter().any(|w| w.contains("unknown type")),
        "{:#?}",
        &warnings[..5.min(warnings.len())]
    );
    assert!(warnings.iter().any(|w| w.contains("cannot read the number")));
    // Inputs that a careless parser reads in quadratic time.
    let many_brackets = format!("## Request Body\n\n{}\n", "[".repeat(200_000));
    let _ = conform::import::page::pages(&[&many_brackets]);
    let links = format!("# Op\n\n## Request Body\n\n{}\n", "[a](b".repeat(50_000));
    let _ = conform::import::page::pages(&[&links]);
    let paragraph = format!("Op\n\nRequest Body\n\nm\n\n{}\n", "some words here\n".repeat(100_000));
    let _ = conform::import::page::pages(&[&paragraph]);
    let long_type =
        format!("Op\n\nRequest Body\n\nm\n\nType: Array of\n{}\n", "x y\n".repeat(100_000));
    let _ = conform::import::page::pages(&[&long_type]);
    let titles =
        format!("Op\n\nRequest Body\n\n{}", "Errors\n\nprose line here.\n\n".repeat(50_000));
    let _ = conform::import::page::pages(&[&titles]);
    // Deep RST nesting.
    let mut rst = String::from(
        ".. py:method:: Demo.Client.do_it(**kwargs)\n\n  :type Deep: dict\n  :param Deep:\n\n",
    );
    for i in 0..5_000 {
        rst.push_str(&format!("{}- **Level{i}** *(dict) --*\n", " ".repeat(4 + 2 * i)));
    }
    let (spec, _) = conform::import::page::pages(&[&rst]).unwrap();
    Validator::new(&spec).unwrap();
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
}

/// Page-like lines, for random pages that reach deep into the parser.
pub(crate) fn page_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Request Syntax".to_owned()),
        Just("URI Request Parameters".to_owned()),
        Just("Request Body".to_owned()),
        Just("Response Syntax".to_owned()),
        Just("Response Elements".to_owned()),
        Just("Errors".to_owned()),
        Just("Contents".to_owned()),
        Just("See Also".to_owned()),
        Just("## Request Body".to_owned()),
        Just("```".to_owned()),
        Just("Op - AWS Demo".to_owned()),
        Just("PUT /a/name/{b}/c+?q=name&x=y HTTP/1.1 X-H: name".to_owned()),
        Just("HTTP/1.1 200 X-R: name".to_owned()),
        Just("Type: String".to_owned()),
        Just("Type: Array of Tag objects".to_owned()),
        Just("Type: String to array of strings map".to_owned()),
        Just("Type: Integer".to_owned()),
        Just("Length Constraints: Minimum length of 3. Maximum length of 2.".to_owned()),
        Just("Length Constraints: Fixed length of 12.".to_owned()),
        Just("Array Members: Maximum number of 5 items.".to_owned()),
        Just("Map Entries: Minimum number of 1 item.".to_owned()),
        Just("Key Pattern: [a-z]+".to_owned()),
        Just("Pattern: (?<=x)[".to_owned()),
        Just("Pattern: [a-z]+".to_owned()),
        Just("Valid Values: A | B | A".to_owned()),
        Just("Valid Range: Minimum value of 5. Maximum value of 1.".to_owned()),
        Just("Valid Range: Minimum value of 0.5.".to_owned()),
        Just("Required: Yes".to_owned()),
        Just("HTTP Status Code: 409".to_owned()),
        Just("name".to_owned()),
        Just("Tag".to_owned()),
        Just("OpRequest".to_owned()),
        Just("Some prose about the member.".to_owned()),
        "[a-zA-Z]{1,8}",
        "\\PC{0,30}",
    ]
}

pub(crate) fn mutate(text: &str, ops: &[(u8, usize, usize, String)]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    for (op, a, b, s) in ops {
        if lines.is_empty() {
            lines.push(s.clone());
            continue;
        }
        let n = lines.len();
        let (a, b) = (a % n, b % n);
        match op % 5 {
            0 => {
                let (lo, hi) = (a.min(b), a.max(b).min(lo_plus(a.min(b), 20)));
                lines.drain(lo..=hi.min(n - 1));
            }
            1 => {
                let dup = lines[a].clone();
                lines.insert(b, dup);
            }
            2 => lines.swap(a, b),
            3 => lines[a] = s.clone(),
            _ => {
                let line = &lines[a];
                let cut = line
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(b % (line.chars().count() + 1))
                    .unwrap_or(line.len());
                lines[a] = format!("{}{s}", &line[..cut]);
            }
        }
    }
    lines.join("\n")
}

fn lo_plus(lo: usize, k: usize) -> usize {
    lo + k
}

pub(crate) fn survives(text: &str) -> Result<(), TestCaseError> {
    match conform::import::page::pages(&[text]) {
        Ok((spec, _)) => {
            if let Err(e) = Validator::new(&spec) {
                return Err(TestCaseError::fail(format!("{e}\n{}", spec.to_json_pretty())));
            }
        }
        Err(e) => prop_assert_eq!(e.kind(), ErrorKind::Import),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        survives(&text)?;
    }

    #[test]
    fn random_page_like_text_never_panics(
        tokens in prop::collection::vec(page_token(), 0..80),
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
    fn mutated_seed_pages_never_panic(
        which in 0usize..5,
        ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), page_token()), 1..8),
    ) {
        let name = [IOT, CODEARTIFACT, PANORAMA_DESCRIBE, PANORAMA_BOTO3, "000_d272dad8ad9433ce.md"][which];
        survives(&mutate(&seed(name), &ops))?;
    }
}
