//! conform against serde_json and the `jsonschema` crate on a broad, rule-picked corpus of AWS
//! operations: the `peers` comparisons, on 64 operations of the botocore models in
//! `../shared/aws-models/botocore` instead of four hand-written ones.
//!
//! # The selection rule
//!
//! 1. Every botocore model, in sorted file order, is imported and compiled (a model that fails
//!    either is left out, and named). The service's name is the file's stem.
//! 2. Every operation whose input structure has at least two members (so that payloads breaking
//!    several top-level members can be built) is a candidate, with the features its input reaches,
//!    read from the imported spec (a member's own `length` and `pattern` replace its target's):
//!    `json` (the service speaks awsJson: botocore `protocol` `json`), `blob`, `timestamp`,
//!    `recursive` (a shape reachable from the input reaches itself), `unicode` (a pattern with a
//!    `\p{..}` or `\P{..}` class) and `long-list` (a list with no maximum length, or one of 100 or
//!    more).
//! 3. An operation that reaches a string, blob, list or map whose maximum length is above 100,000
//!    is not a candidate: the generator builds a value one past the maximum for the "length above
//!    max" mutation, and a maximum of 2,147,483,647 (redshift, budgets) makes it a 2 GB string.
//!    That is a known generator bug, filed separately; until it is fixed the rule excludes them.
//! 4. Candidates are ordered by the 64-bit FNV-1a hash of `service.Operation` (then by the text).
//! 5. For each feature in the order above, candidates having it are taken in hash order until 8
//!    selected operations have it; then candidates of any features are taken in hash order until 64
//!    are selected. At most 2 operations per service (so at least 32 services). A candidate is
//!    taken only if the generators can serve it: one that is unsatisfiable (no valid value, or no
//!    constraint that can be broken alone) is skipped, and named.
//!
//! The models, the rule and the seeds fix the selection: it is the same on every run. Reading,
//! importing and compiling all 429 models takes about 2 s, so the rule needs no sampling of them.
//!
//! # Payloads
//!
//! Per operation, from the crate's own generators, seeded with the operation's hash:
//! - `valid`: 256 payloads from `conform::generate::valid`; each must be valid for conform (by
//!   `is_valid` and by `is_valid_bytes`).
//! - `invalid` (one mutation): 256 payloads from `conform::generate::invalid`; conform must report
//!   exactly the intended violation (path and constraint).
//! - `several` (several mutations): 256 payloads, each made of 2 to 4 one-mutation payloads whose
//!   intended paths lie under different top-level members: the first payload, with each other
//!   payload's top-level member copied in (or removed, when that payload lacks it, as a `required`
//!   mutation does). conform must report every intended violation (a root union may add one more).
//!
//! A payload that fails its check is counted, named, and left out of the timings.
//!
//! # Measurements
//!
//! jsonschema validates the schema `conform::export::json_schema` writes for the input (an export
//! that jsonschema does not compile is named, and the operation left out of the jsonschema
//! comparisons). Per operation, each ratio is conform's time over the peer's time on the same
//! payloads, the median over paired rounds that each time one pass of both sides back to back,
//! the order alternating (as in `benches/peers.rs`; below 1: conform is faster):
//! - `bytes_vs_ignoredany`: `is_valid_bytes` against `serde_json::from_slice::<IgnoredAny>` (valid),
//! - `bytes_vs_parse_plus_jsonschema`: against `from_slice::<Value>` + jsonschema `is_valid` (valid),
//! - `value_vs_jsonschema`: `is_valid(&Value)` against jsonschema `is_valid` (valid),
//! - `errors_vs_jsonschema_iter_errors`: `validate` against `iter_errors(..).count()` (invalid),
//! - `several_errors_vs_jsonschema_iter_errors`: the same on the several-mutation set.
//!
//! Run with `cargo bench --bench corpus` (skipped when `../shared/aws-models` is absent;
//! `CONFORM_SHARED` overrides the location of `../shared`). It prints one line per operation with
//! its five ratios, then per ratio `RATIO corpus_<name> <geometric mean over operations>` and
//! `WORST corpus_<name> <service.Operation> <ratio>`; how often jsonschema agrees with conform
//! (`AGREE corpus_valid|corpus_invalid|corpus_several <fraction>`: the share of valid payloads it
//! accepts and of invalid ones it rejects, with what it disagrees on); and criterion's
//! whole-corpus passes (one group per set, over the operations jsonschema compiles) with a table
//! of ns/payload and MB/s. The whole run takes about two minutes on a 2-core machine.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use conform::generate::{self, Invalid};
use conform::import::{SourceFormat, from_text};
use conform::spec::{LengthDef, MemberDef, PatternDef, ShapeType};
use conform::{Constraint, MatchRule, Pattern, Spec, Validator};
use criterion::{Criterion, Throughput};
use serde_json::Value;

#[path = "common/paired.rs"]
mod paired;

use paired::{ROUNDS, mean_ns, paired_ratio, shared};

// ---------------------------------------------------------------------------------------------
// Selection
// ---------------------------------------------------------------------------------------------

/// Operations selected.
const OPERATIONS: usize = 64;
/// Operations selected per feature before the rest are filled in hash order.
const QUOTA: usize = 8;
/// Operations selected per service at most.
const PER_SERVICE: usize = 2;
/// Services the selection must span (`OPERATIONS / PER_SERVICE` already guarantees it).
const MIN_SERVICES: usize = 30;
/// Candidates reach no length bound above this (the "length above max" mutation builds a value
/// one past it).
const MAX_LENGTH_BOUND: u64 = 100_000;
/// A list whose maximum length is absent or at least this is a long list.
const LONG_LIST: u64 = 100;

/// What an operation's input reaches, as the selection rule names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Feature {
    AwsJson,
    Blob,
    Timestamp,
    Recursive,
    Unicode,
    LongList,
}

impl Feature {
    /// In quota order.
    const ALL: [Feature; 6] = [
        Feature::AwsJson,
        Feature::Blob,
        Feature::Timestamp,
        Feature::Recursive,
        Feature::Unicode,
        Feature::LongList,
    ];

    fn name(self) -> &'static str {
        match self {
            Feature::AwsJson => "json",
            Feature::Blob => "blob",
            Feature::Timestamp => "timestamp",
            Feature::Recursive => "recursive",
            Feature::Unicode => "unicode",
            Feature::LongList => "long-list",
        }
    }
}

/// A set of [`Feature`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Features(u8);

impl Features {
    fn insert(&mut self, f: Feature) {
        self.0 |= 1 << f as u8;
    }

    fn has(self, f: Feature) -> bool {
        self.0 & (1 << f as u8) != 0
    }

    fn names(self) -> String {
        let names: Vec<&str> =
            Feature::ALL.iter().filter(|&&f| self.has(f)).map(|f| f.name()).collect();
        if names.is_empty() { "-".to_owned() } else { names.join(",") }
    }
}

/// An operation the rule may select.
struct Candidate {
    /// `service.Operation`.
    name: String,
    /// The service's index among the survey's validators.
    service: usize,
    operation: String,
    features: Features,
    /// The patterns the input reaches, with their matching rule.
    patterns: BTreeMap<String, MatchRule>,
    hash: u64,
}

/// Every botocore model, imported and compiled, and the candidates they offer.
struct Survey {
    /// The compiled models, in file order.
    validators: Vec<Validator>,
    candidates: Vec<Candidate>,
    /// Models that did not import or compile: `(file, error)`.
    failed: Vec<(String, String)>,
    /// Operations left out for a length bound above [`MAX_LENGTH_BOUND`].
    huge_bounds: usize,
    /// Operations left out for having fewer than two input members.
    few_members: usize,
    operations: usize,
}

fn survey(dir: &Path) -> Survey {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut s = Survey {
        validators: Vec::new(),
        candidates: Vec::new(),
        failed: Vec::new(),
        huge_bounds: 0,
        few_members: 0,
        operations: 0,
    };
    for file in files {
        let service = file.file_stem().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
        let compiled = std::fs::read_to_string(&file)
            .map_err(|e| e.to_string())
            .and_then(|text| from_text(&text, SourceFormat::Botocore).map_err(|e| e.to_string()))
            .and_then(|spec| Ok((Validator::new(&spec).map_err(|e| e.to_string())?, spec)));
        let (validator, spec) = match compiled {
            Ok(v) => v,
            Err(e) => {
                s.failed.push((service, e));
                continue;
            }
        };
        let json = spec.protocol.as_deref().is_some_and(|p| p.starts_with("awsJson"));
        for (operation, def) in &spec.operations {
            let Some(input) = def.input.as_deref() else { continue };
            s.operations += 1;
            let members =
                spec.shapes.get(input).and_then(|d| d.members.as_ref()).map_or(0, |m| m.len());
            if members < 2 {
                s.few_members += 1;
                continue;
            }
            let reach = Reach::of(&spec, input);
            if reach.largest_bound > MAX_LENGTH_BOUND {
                s.huge_bounds += 1;
                continue;
            }
            let mut features = reach.features;
            if json {
                features.insert(Feature::AwsJson);
            }
            let patterns = reach
                .patterns
                .iter()
                .map(|(regex, rule)| ((*regex).to_owned(), rule.unwrap_or(spec.patterns)))
                .collect();
            let name = format!("{service}.{operation}");
            s.candidates.push(Candidate {
                hash: fnv1a(&name),
                name,
                service: s.validators.len(),
                operation: operation.clone(),
                features,
                patterns,
            });
        }
        s.validators.push(validator);
    }
    s.candidates.sort_by(|a, b| a.hash.cmp(&b.hash).then_with(|| a.name.cmp(&b.name)));
    s
}

/// 64-bit FNV-1a.
fn fnv1a(text: &str) -> u64 {
    text.bytes()
        .fold(0xCBF2_9CE4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3))
}

/// What the shapes reachable from an input have: the features, the patterns (with their own
/// matching rule, if any) and the largest length bound.
struct Reach<'s> {
    spec: &'s Spec,
    /// Shapes being walked (`false`) or walked (`true`).
    seen: HashMap<&'s str, bool>,
    features: Features,
    patterns: BTreeMap<&'s str, Option<MatchRule>>,
    largest_bound: u64,
}

impl<'s> Reach<'s> {
    fn of(spec: &'s Spec, input: &'s str) -> Reach<'s> {
        let mut reach = Reach {
            spec,
            seen: HashMap::new(),
            features: Features::default(),
            patterns: BTreeMap::new(),
            largest_bound: 0,
        };
        reach.visit(input, None);
        reach
    }

    /// One use of shape `name`, through `member` (whose constraints replace the shape's).
    fn visit(&mut self, name: &'s str, member: Option<&'s MemberDef>) {
        let def = self.spec.shapes.get(name);
        let Some(kind) = def.map(|d| d.shape_type).or_else(|| ShapeType::prelude(name)) else {
            return;
        };
        let length: Option<LengthDef> =
            member.and_then(|m| m.length).or_else(|| def.and_then(|d| d.length));
        let pattern: Option<&PatternDef> = member
            .and_then(|m| m.pattern.as_ref())
            .or_else(|| def.and_then(|d| d.pattern.as_ref()));
        let max = length.and_then(|l| l.max);
        match kind {
            ShapeType::Blob => self.features.insert(Feature::Blob),
            ShapeType::Timestamp => self.features.insert(Feature::Timestamp),
            ShapeType::List if max.is_none_or(|m| m >= LONG_LIST) => {
                self.features.insert(Feature::LongList);
            }
            _ => {}
        }
        if matches!(kind, ShapeType::String | ShapeType::Blob | ShapeType::List | ShapeType::Map) {
            self.largest_bound = self.largest_bound.max(max.unwrap_or(0));
        }
        if let Some(p) = pattern {
            if p.regex().contains("\\p{") || p.regex().contains("\\P{") {
                self.features.insert(Feature::Unicode);
            }
            self.patterns.insert(p.regex(), p.rule());
        }
        let Some(def) = def else { return };
        match self.seen.get(name) {
            Some(false) => {
                self.features.insert(Feature::Recursive);
                return;
            }
            Some(true) => return,
            None => {}
        }
        self.seen.insert(name, false);
        let members = def.members.iter().flat_map(|m| m.values());
        let parts = [&def.member, &def.key, &def.value].into_iter().flatten().map(|m| &**m);
        for m in members.chain(parts) {
            self.visit(&m.target, Some(m));
        }
        self.seen.insert(name, true);
    }
}

/// Applies the rule: quotas per feature, then hash order, at most [`PER_SERVICE`] per service;
/// generates each taken operation's payloads (a candidate the generators cannot serve is skipped).
fn select(survey: &Survey) -> (Vec<Case>, Vec<(String, String)>) {
    let mut cases: Vec<Case> = Vec::new();
    let mut taken = vec![false; survey.candidates.len()];
    let mut per_service: HashMap<usize, usize> = HashMap::new();
    let mut unservable: Vec<(String, String)> = Vec::new();
    let quotas = Feature::ALL.map(Some).into_iter().chain([None]);
    for quota in quotas {
        for (i, c) in survey.candidates.iter().enumerate() {
            let want = match quota {
                Some(f) => cases.iter().filter(|k| k.features.has(f)).count() < QUOTA,
                None => cases.len() < OPERATIONS,
            };
            if !want {
                break;
            }
            let fits = quota.is_none_or(|f| c.features.has(f));
            if taken[i] || !fits || per_service.get(&c.service).copied().unwrap_or(0) >= PER_SERVICE
            {
                continue;
            }
            taken[i] = true;
            match Case::generate(c, &survey.validators[c.service]) {
                Ok(case) => {
                    *per_service.entry(c.service).or_default() += 1;
                    cases.push(case);
                }
                Err(reason) => unservable.push((c.name.clone(), reason)),
            }
        }
    }
    (cases, unservable)
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/// Payloads per set and operation.
const PAYLOADS: usize = 256;
/// One-mutation payloads combined into one several-mutation payload: from 2 up to this.
const MOST_MUTATIONS: usize = 4;

/// Payloads of one set, as values and as the bytes of their JSON text.
struct Set {
    values: Vec<Value>,
    bytes: Vec<Vec<u8>>,
}

impl Set {
    fn new(values: Vec<Value>) -> Set {
        let bytes = values.iter().map(|v| serde_json::to_vec(v).expect("JSON")).collect();
        Set { values, bytes }
    }

    fn total_bytes(&self) -> usize {
        self.bytes.iter().map(Vec::len).sum()
    }
}

/// Which of an operation's sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Valid,
    Invalid,
    Several,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Valid, Kind::Invalid, Kind::Several];

    fn name(self) -> &'static str {
        match self {
            Kind::Valid => "valid",
            Kind::Invalid => "invalid",
            Kind::Several => "several",
        }
    }
}

/// A selected operation with its checked payload sets.
struct Case {
    name: String,
    features: Features,
    /// The input's patterns per matching tier.
    tiers: String,
    validator: Validator,
    operation: String,
    /// jsonschema's validator of conform's export, or why it has none.
    schema: Result<jsonschema::Validator, String>,
    valid: Set,
    invalid: Set,
    several: Set,
    /// The intended violation of each payload of `invalid`.
    intended: Vec<Constraint>,
    /// Payloads that failed their check: `(set, what conform said)`.
    mismatches: Vec<(Kind, String)>,
}

impl Case {
    fn generate(c: &Candidate, validator: &Validator) -> Result<Case, String> {
        let shape = validator.operation(&c.operation).map_err(|e| e.to_string())?.input();
        let valid: Vec<Value> = generate::samples(generate::valid(&shape), c.hash)
            .take(PAYLOADS)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("valid: {e}"))?;
        let invalid: Vec<Invalid> = generate::samples(generate::invalid(&shape), c.hash ^ 0xBAD)
            .take(PAYLOADS)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("invalid: {e}"))?;

        let mut mismatches = Vec::new();
        let mut keep = |kind: Kind, check: Result<(), String>| {
            check.map_err(|what| mismatches.push((kind, what))).is_ok()
        };
        let valid: Vec<Value> =
            valid.into_iter().filter(|v| keep(Kind::Valid, check_valid(&shape, v))).collect();
        let invalid: Vec<Invalid> = invalid
            .into_iter()
            .filter(|bad| keep(Kind::Invalid, check_invalid(&shape, bad)))
            .collect();
        let several: Vec<Value> = several(&invalid, c.hash)
            .into_iter()
            .filter(|(payload, parts)| keep(Kind::Several, check_several(&shape, payload, parts)))
            .map(|(payload, _)| payload)
            .collect();

        let schema = conform::export::json_schema(&shape);
        let schema = jsonschema::validator_for(&schema).map_err(|e| e.to_string());
        Ok(Case {
            name: c.name.clone(),
            features: c.features,
            tiers: tiers(&c.patterns),
            validator: validator.clone(),
            operation: c.operation.clone(),
            schema,
            intended: invalid.iter().map(|bad| bad.intended.constraint).collect(),
            valid: Set::new(valid),
            invalid: Set::new(invalid.into_iter().map(|bad| bad.payload).collect()),
            several: Set::new(several),
            mismatches,
        })
    }

    fn shape(&self) -> conform::Shape<'_> {
        self.validator.operation(&self.operation).expect("selected operation").input()
    }

    fn set(&self, kind: Kind) -> &Set {
        match kind {
            Kind::Valid => &self.valid,
            Kind::Invalid => &self.invalid,
            Kind::Several => &self.several,
        }
    }

    fn schema(&self) -> Option<&jsonschema::Validator> {
        self.schema.as_ref().ok()
    }
}

/// How many patterns fall in each of conform's matching tiers: `one-class:2,fancy-regex:1`.
fn tiers(patterns: &BTreeMap<String, MatchRule>) -> String {
    let mut by_tier: BTreeMap<&str, usize> = BTreeMap::new();
    for (regex, rule) in patterns {
        let tier = Pattern::new(regex, *rule).map_or("unparsed", |p| p.tier().as_str());
        *by_tier.entry(tier).or_default() += 1;
    }
    let tiers: Vec<String> = by_tier.iter().map(|(t, n)| format!("{t}:{n}")).collect();
    if tiers.is_empty() { "-".to_owned() } else { tiers.join(",") }
}

/// A valid payload must be valid for conform, from the value and from its bytes.
fn check_valid(shape: &conform::Shape<'_>, payload: &Value) -> Result<(), String> {
    let by_value = shape.is_valid(payload);
    let bytes = serde_json::to_vec(payload).expect("JSON");
    let by_bytes = shape.is_valid_bytes(&bytes).expect("JSON");
    if by_value && by_bytes {
        return Ok(());
    }
    let found = describe(&shape.validate(payload));
    Err(format!("is_valid {by_value}, is_valid_bytes {by_bytes}: {found}"))
}

/// A one-mutation payload must have exactly its intended violation.
fn check_invalid(shape: &conform::Shape<'_>, bad: &Invalid) -> Result<(), String> {
    let report = shape.validate(&bad.payload);
    match report.violations() {
        [v] if v.path() == bad.intended.path && v.constraint() == bad.intended.constraint => Ok(()),
        _ => Err(format!("{} but {}", intended(bad), describe(&report))),
    }
}

/// A several-mutation payload must have the intended violation of each of its parts.
fn check_several(
    shape: &conform::Shape<'_>,
    payload: &Value,
    parts: &[&Invalid],
) -> Result<(), String> {
    let report = shape.validate(payload);
    let missing: Vec<String> = parts
        .iter()
        .filter(|p| {
            !report
                .violations()
                .iter()
                .any(|v| v.path() == p.intended.path && v.constraint() == p.intended.constraint)
        })
        .map(|p| intended(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!("{} missing from {}", missing.join(", "), describe(&report)))
}

fn intended(bad: &Invalid) -> String {
    format!("{} at {:?}", bad.intended.constraint, bad.intended.path)
}

fn describe(report: &conform::Report<'_>) -> String {
    let found: Vec<String> = report
        .violations()
        .iter()
        .map(|v| format!("{} at {:?}", v.constraint(), v.path()))
        .collect();
    if found.is_empty() { "no violation".to_owned() } else { found.join(", ") }
}

/// The top-level member an intended path lies under (`None` at the root).
fn top_member(path: &str) -> Option<String> {
    let first = path.strip_prefix('/')?.split('/').next()?;
    Some(first.replace("~1", "/").replace("~0", "~"))
}

/// Several-mutation payloads, each with the one-mutation payloads it was made of: 2 to
/// [`MOST_MUTATIONS`] of them, under different top-level members, picked by a generator seeded
/// with `seed`. None when the one-mutation payloads touch fewer than two top-level members.
fn several(invalid: &[Invalid], seed: u64) -> Vec<(Value, Vec<&Invalid>)> {
    let mut by_member: BTreeMap<String, Vec<&Invalid>> = BTreeMap::new();
    for bad in invalid.iter().filter(|bad| bad.payload.is_object()) {
        if let Some(m) = top_member(&bad.intended.path) {
            by_member.entry(m).or_default().push(bad);
        }
    }
    let groups: Vec<(&String, &Vec<&Invalid>)> = by_member.iter().collect();
    if groups.len() < 2 {
        return Vec::new();
    }
    let mut r = SplitMix(seed);
    (0..PAYLOADS)
        .map(|i| {
            let count = (2 + i % (MOST_MUTATIONS - 1)).min(groups.len());
            let mut order: Vec<usize> = (0..groups.len()).collect();
            for j in 0..count {
                let pick = j + r.below(groups.len() - j);
                order.swap(j, pick);
            }
            let parts: Vec<(&String, &Invalid)> = order[..count]
                .iter()
                .map(|&g| {
                    let (member, items) = groups[g];
                    (member, items[r.below(items.len())])
                })
                .collect();
            let mut payload = parts[0].1.payload.clone();
            let Value::Object(target) = &mut payload else { unreachable!("objects only") };
            for (member, part) in &parts[1..] {
                match part.payload.get(member.as_str()) {
                    Some(v) => target.insert((*member).clone(), v.clone()),
                    None => target.remove(member.as_str()),
                };
            }
            (payload, parts.into_iter().map(|(_, p)| p).collect())
        })
        .collect()
}

/// SplitMix64: picks the parts of the several-mutation payloads.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------

/// One pass over one set of one operation: what each side of a comparison times.
type Pass = fn(&Case, &Set);

fn ignored_any(_: &Case, set: &Set) {
    for bytes in &set.bytes {
        let _: serde::de::IgnoredAny = serde_json::from_slice(black_box(bytes)).expect("JSON");
    }
}

fn parse_value(_: &Case, set: &Set) {
    for bytes in &set.bytes {
        let v: Value = serde_json::from_slice(black_box(bytes)).expect("JSON");
        black_box(v);
    }
}

fn bytes_verdict(case: &Case, set: &Set) {
    let shape = case.shape();
    for bytes in &set.bytes {
        black_box(shape.is_valid_bytes(black_box(bytes)).expect("JSON"));
    }
}

fn value_verdict(case: &Case, set: &Set) {
    let shape = case.shape();
    for v in &set.values {
        black_box(shape.is_valid(black_box(v)));
    }
}

fn all_violations(case: &Case, set: &Set) {
    let shape = case.shape();
    for v in &set.values {
        let _ = black_box(shape.validate(black_box(v)));
    }
}

fn jsonschema_is_valid(case: &Case, set: &Set) {
    let schema = case.schema().expect("measured with a schema");
    for v in &set.values {
        black_box(schema.is_valid(black_box(v)));
    }
}

fn parse_plus_jsonschema(case: &Case, set: &Set) {
    let schema = case.schema().expect("measured with a schema");
    for bytes in &set.bytes {
        let v: Value = serde_json::from_slice(black_box(bytes)).expect("JSON");
        black_box(schema.is_valid(&v));
    }
}

fn jsonschema_iter_errors(case: &Case, set: &Set) {
    let schema = case.schema().expect("measured with a schema");
    for v in &set.values {
        black_box(schema.iter_errors(black_box(v)).count());
    }
}

/// A comparison: its name, the set it runs on, conform's pass and the peer's.
struct Comparison {
    name: &'static str,
    /// Its column in the table of operations.
    column: &'static str,
    kind: Kind,
    conform: Pass,
    peer: Pass,
    /// The peer is jsonschema (operations whose export it does not compile are left out).
    jsonschema: bool,
}

const COMPARISONS: [Comparison; 5] = [
    Comparison {
        name: "bytes_vs_ignoredany",
        column: "ignoredany",
        kind: Kind::Valid,
        conform: bytes_verdict,
        peer: ignored_any,
        jsonschema: false,
    },
    Comparison {
        name: "bytes_vs_parse_plus_jsonschema",
        column: "parse+js",
        kind: Kind::Valid,
        conform: bytes_verdict,
        peer: parse_plus_jsonschema,
        jsonschema: true,
    },
    Comparison {
        name: "value_vs_jsonschema",
        column: "value/js",
        kind: Kind::Valid,
        conform: value_verdict,
        peer: jsonschema_is_valid,
        jsonschema: true,
    },
    Comparison {
        name: "errors_vs_jsonschema_iter_errors",
        column: "errors/js",
        kind: Kind::Invalid,
        conform: all_violations,
        peer: jsonschema_iter_errors,
        jsonschema: true,
    },
    Comparison {
        name: "several_errors_vs_jsonschema_iter_errors",
        column: "several/js",
        kind: Kind::Several,
        conform: all_violations,
        peer: jsonschema_iter_errors,
        jsonschema: true,
    },
];

/// Each operation's ratio per comparison (`None` where it is not measured).
fn measure(cases: &[Case]) -> Vec<[Option<f64>; 5]> {
    cases
        .iter()
        .map(|case| {
            COMPARISONS.each_ref().map(|cmp| {
                let set = case.set(cmp.kind);
                let measured =
                    !set.values.is_empty() && (!cmp.jsonschema || case.schema().is_some());
                measured
                    .then(|| paired_ratio(|| (cmp.conform)(case, set), || (cmp.peer)(case, set)))
            })
        })
        .collect()
}

/// The whole-corpus passes criterion times, per set.
const PASSES: [(Kind, &[(&str, Pass)]); 3] = [
    (
        Kind::Valid,
        &[
            ("serde_json_ignored_any", ignored_any),
            ("serde_json_value", parse_value),
            ("conform_bytes_verdict", bytes_verdict),
            ("conform_value_verdict", value_verdict),
            ("jsonschema_is_valid", jsonschema_is_valid),
            ("parse_plus_jsonschema", parse_plus_jsonschema),
        ],
    ),
    (
        Kind::Invalid,
        &[
            ("conform_all_violations", all_violations),
            ("jsonschema_iter_errors", jsonschema_iter_errors),
        ],
    ),
    (
        Kind::Several,
        &[
            ("conform_all_violations", all_violations),
            ("jsonschema_iter_errors", jsonschema_iter_errors),
        ],
    ),
];

fn group_name(kind: Kind) -> String {
    format!("corpus_{}", kind.name())
}

/// Criterion over whole-corpus passes: every operation jsonschema compiles, one set at a time.
fn criterion_passes(c: &mut Criterion, cases: &[Case]) {
    let compared: Vec<&Case> = cases.iter().filter(|c| c.schema().is_some()).collect();
    for (kind, passes) in PASSES {
        let bytes: usize = compared.iter().map(|c| c.set(kind).total_bytes()).sum();
        let mut g = c.benchmark_group(group_name(kind));
        g.throughput(Throughput::Bytes(bytes as u64));
        for &(name, pass) in passes {
            g.bench_function(name, |b| {
                b.iter(|| {
                    for case in &compared {
                        pass(case, case.set(kind));
                    }
                });
            });
        }
        g.finish();
    }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

fn print_selection(survey: &Survey, cases: &[Case], unservable: &[(String, String)]) {
    println!(
        "survey: {} botocore models ({} failed), {} operations with an input; {} candidates \
         ({} left out with fewer than two input members, {} with a length bound above {})",
        survey.validators.len() + survey.failed.len(),
        survey.failed.len(),
        survey.operations,
        survey.candidates.len(),
        survey.few_members,
        survey.huge_bounds,
        MAX_LENGTH_BOUND,
    );
    for (file, e) in &survey.failed {
        println!("  model left out: {file}: {e}");
    }
    for (name, reason) in unservable {
        println!("  skipped (generators cannot serve it): {name}: {reason}");
    }
    let services: BTreeSet<&str> = cases.iter().filter_map(|c| c.name.split('.').next()).collect();
    println!("selected: {} operations from {} services", cases.len(), services.len());
    assert!(
        services.len() >= MIN_SERVICES,
        "the rule selected operations of only {} services (at least {MIN_SERVICES} wanted)",
        services.len()
    );
    for f in Feature::ALL {
        let n = cases.iter().filter(|c| c.features.has(f)).count();
        println!("  {:<10} {n}", f.name());
    }
    for c in cases {
        println!("  SELECTED {:<60} {}", c.name, c.features.names());
    }
}

fn print_checks(cases: &[Case]) {
    println!();
    for kind in Kind::ALL {
        let kept: usize = cases.iter().map(|c| c.set(kind).values.len()).sum();
        let dropped = cases.iter().flat_map(|c| &c.mismatches).filter(|m| m.0 == kind).count();
        let bytes: usize = cases.iter().map(|c| c.set(kind).total_bytes()).sum();
        println!(
            "{:<8} {kept} payloads checked, {dropped} mismatches left out, {:.0} bytes per payload",
            kind.name(),
            bytes as f64 / kept.max(1) as f64,
        );
    }
    for c in cases {
        for (kind, what) in &c.mismatches {
            println!("  MISMATCH {} {}: {what}", c.name, kind.name());
        }
        if c.several.values.is_empty() {
            println!(
                "  no several-mutation set for {}: one-mutation paths under fewer than two top-level members",
                c.name
            );
        }
        if let Err(e) = &c.schema {
            println!("  jsonschema does not compile the export of {}: {e}", c.name);
        }
    }
}

/// How often jsonschema agrees with conform, per operation (where below 100 %) and overall, with
/// what it disagrees on: for valid payloads it rejects, the keyword of its first error (and the
/// JSON type of the value, for `type`); for one-mutation payloads it accepts, the constraint
/// broken.
fn print_agreement(cases: &[Case]) {
    println!();
    println!("agreement: jsonschema accepts the valid payloads and rejects the invalid ones");
    let mut totals = [(0usize, 0usize); 3];
    let mut all_rejected: BTreeMap<String, usize> = BTreeMap::new();
    let mut all_accepted: BTreeMap<String, usize> = BTreeMap::new();
    for case in cases {
        let Some(schema) = case.schema() else { continue };
        let mut line = Vec::new();
        for (k, kind) in Kind::ALL.into_iter().enumerate() {
            let values = &case.set(kind).values;
            let agree =
                values.iter().filter(|v| schema.is_valid(v) == (kind == Kind::Valid)).count();
            totals[k].0 += agree;
            totals[k].1 += values.len();
            if agree < values.len() {
                line.push(format!("{} {agree}/{}", kind.name(), values.len()));
            }
        }
        let mut rejected: BTreeMap<String, usize> = BTreeMap::new();
        let mut example = None;
        for v in &case.valid.values {
            let Some(e) = schema.iter_errors(v).next() else { continue };
            let mut why = e.kind().keyword().to_owned();
            if why == "type" {
                why = format!("type:{}", json_type(e.instance()));
            }
            *rejected.entry(why).or_default() += 1;
            example.get_or_insert_with(|| {
                let text = format!("{}: {e}", e.instance_path());
                text.chars().take(160).collect::<String>()
            });
        }
        let mut accepted: BTreeMap<String, usize> = BTreeMap::new();
        for (v, constraint) in case.invalid.values.iter().zip(&case.intended) {
            if schema.is_valid(v) {
                *accepted.entry(constraint.as_str().to_owned()).or_default() += 1;
            }
        }
        if !rejected.is_empty() {
            line.push(format!("valid rejected for {}", tally(&rejected)));
        }
        if !accepted.is_empty() {
            line.push(format!("invalid accepted for {}", tally(&accepted)));
        }
        if let Some(example) = example {
            line.push(format!("e.g. {example}"));
        }
        if !line.is_empty() {
            println!("  agree {:<60} {}", case.name, line.join("; "));
        }
        merge(&mut all_rejected, rejected);
        merge(&mut all_accepted, accepted);
    }
    println!("valid payloads jsonschema rejects, by its first error: {}", tally(&all_rejected));
    println!(
        "one-mutation payloads jsonschema accepts, by the constraint broken: {}",
        tally(&all_accepted)
    );
    for (k, kind) in Kind::ALL.into_iter().enumerate() {
        let (agree, all) = totals[k];
        println!("AGREE corpus_{} {:.4}", kind.name(), agree as f64 / all.max(1) as f64);
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn tally(counts: &BTreeMap<String, usize>) -> String {
    let parts: Vec<String> = counts.iter().map(|(what, n)| format!("{what} {n}")).collect();
    if parts.is_empty() { "none".to_owned() } else { parts.join(", ") }
}

fn merge(into: &mut BTreeMap<String, usize>, counts: BTreeMap<String, usize>) {
    for (what, n) in counts {
        *into.entry(what).or_default() += n;
    }
}

fn print_ratios(cases: &[Case], ratios: &[[Option<f64>; 5]]) {
    println!();
    println!(
        "ratios: conform / peer per operation, median of {ROUNDS} paired rounds (below 1: conform \
         is faster; -: not measured)"
    );
    println!(
        "   {:<60} {:>6} {:<32} {} patterns",
        "operation",
        "bytes",
        "features",
        COMPARISONS.map(|c| format!("{:>10}", c.column)).join(" ")
    );
    for (case, row) in cases.iter().zip(ratios) {
        let cells = row.map(|r| r.map_or_else(|| format!("{:>10}", "-"), |r| format!("{r:>10.3}")));
        println!(
            "OP {:<60} {:>6} {:<32} {} {}",
            case.name,
            case.valid.total_bytes() / case.valid.values.len().max(1),
            case.features.names(),
            cells.join(" "),
            case.tiers,
        );
    }
    for (i, cmp) in COMPARISONS.iter().enumerate() {
        let measured: Vec<(&str, f64)> = cases
            .iter()
            .zip(ratios)
            .filter_map(|(case, row)| Some((case.name.as_str(), row[i]?)))
            .collect();
        let geomean = (measured.iter().map(|(_, r)| r.ln()).sum::<f64>()
            / measured.len().max(1) as f64)
            .exp();
        println!("RATIO corpus_{} {geomean:.3}", cmp.name);
        if let Some((name, worst)) = measured.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
            println!("WORST corpus_{} {name} {worst:.3}", cmp.name);
        }
        println!("  ({} operations; column {})", measured.len(), cmp.column);
    }
}

fn print_summary(cases: &[Case]) {
    let compared: Vec<&Case> = cases.iter().filter(|c| c.schema().is_some()).collect();
    println!();
    println!(
        "whole-corpus passes over the {} operations jsonschema compiles (criterion means)",
        compared.len()
    );
    println!("{:<44} {:>12} {:>10}", "benchmark", "ns/payload", "MB/s");
    for (kind, passes) in PASSES {
        let n: usize = compared.iter().map(|c| c.set(kind).values.len()).sum();
        let bytes: usize = compared.iter().map(|c| c.set(kind).total_bytes()).sum();
        let group = group_name(kind);
        for (name, _) in passes {
            if let Some(ns) = mean_ns(&group, name) {
                let per = ns / n.max(1) as f64;
                let mbs = bytes as f64 / (ns / 1e9) / 1e6;
                println!("{:<44} {per:>12.0} {mbs:>10.1}", format!("{group}/{name}"));
            }
        }
    }
}

fn main() {
    let Some(models) = shared().map(|d| d.join("aws-models/botocore")).filter(|d| d.is_dir())
    else {
        eprintln!("skipping the corpus bench: ../shared/aws-models/botocore not found");
        return;
    };
    let start = Instant::now();
    let survey = survey(&models);
    let surveyed = start.elapsed();
    let (cases, unservable) = select(&survey);
    let selected = start.elapsed();
    print_selection(&survey, &cases, &unservable);
    println!(
        "took {:.1} s to import and compile the models, {:.1} s to select and generate",
        surveyed.as_secs_f64(),
        (selected - surveyed).as_secs_f64()
    );
    drop(survey);
    print_checks(&cases);
    print_agreement(&cases);

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
        .configure_from_args();
    criterion_passes(&mut c, &cases);
    print_summary(&cases);

    let t = Instant::now();
    let ratios = measure(&cases);
    print_ratios(&cases, &ratios);
    println!(
        "took {:.1} s to measure the ratios, {:.1} s in all",
        t.elapsed().as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    c.final_summary();
}
