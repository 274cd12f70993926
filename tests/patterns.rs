//! The pattern engine against `java.util.regex` (recorded oracle) and the AWS pattern corpus.

use std::path::PathBuf;

use conform::{MatchRule, Pattern, PatternErrorKind};
use serde_json::Value;

fn oracle() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/patterns/java-oracle.json");
    let text = std::fs::read_to_string(&path).expect("tests/data/patterns/java-oracle.json");
    serde_json::from_str(&text).expect("oracle JSON")
}

fn rule(name: &str) -> MatchRule {
    match name {
        "search" => MatchRule::Search,
        _ => MatchRule::WholeValue,
    }
}

/// JDK 17 (which recorded the oracle) treats non-ASCII letters and digits as word chars for
/// `\b`/`\B`; JDK 19+ (JDK-8264160) and conform use ASCII word chars, like `\w`.
const JDK17_UNICODE_BOUNDARY: &str = "JDK <= 18 \\b counts non-ASCII letters/digits as word chars";
/// Java counts a non-spacing mark that follows a letter or digit as a word char for `\b`
/// (all JDKs); conform does not.
const NSM_BOUNDARY: &str = "Java \\b counts a non-spacing mark after a letter/digit as a word char";

/// Non-ASCII letters and digits among the oracle probes.
const NON_ASCII_WORD: &[&str] =
    &["é", "É", "ß", "\u{663}", "\u{3A9}", "\u{1C5}", "\u{2B0}", "\u{212A}", "\u{FF21}"];

/// Known, deliberate differences from the oracle, as (patterns × probes, reason). Every
/// disagreement must be listed here; everything else must agree with Java exactly.
const EXCEPTIONS: &[(&[&str], &[&str], &str)] = &[
    (&["\\b", "\\B", "\\b$"], NON_ASCII_WORD, JDK17_UNICODE_BOUNDARY),
    (&["a\\b", "\\ba\\b", ".\\b.", "\\b\\w+\\b", "\\b$"], &["a\u{301}"], NSM_BOUNDARY),
];

fn exception(pattern: &str, probe: &str) -> Option<&'static str> {
    EXCEPTIONS
        .iter()
        .find(|(patterns, probes, _)| patterns.contains(&pattern) && probes.contains(&probe))
        .map(|(_, _, why)| *why)
}

#[test]
fn java_oracle_agrees() {
    let oracle = oracle();
    let probes: Vec<&str> =
        oracle["probes"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let cases = oracle["cases"].as_array().unwrap();
    let (mut checked, mut excepted, mut unsupported) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for case in cases {
        let group = case["group"].as_str().unwrap();
        let source = case["pattern"].as_str().unwrap();
        let rule = rule(case["rule"].as_str().unwrap());
        let compiled = Pattern::new(source, rule);
        if let Some(java_error) = case.get("java_error") {
            checked += 1;
            if compiled.is_ok() {
                failures.push(format!(
                    "{group}: {source:?} ({rule:?}) compiles, Java rejects it: {java_error}"
                ));
            }
            continue;
        }
        if group == "unsupported" {
            unsupported += 1;
            match compiled {
                Err(e) if e.kind() == PatternErrorKind::Unsupported => {}
                other => failures
                    .push(format!("{group}: {source:?} should be unsupported, got {other:?}")),
            }
            continue;
        }
        let pattern = match compiled {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{group}: {source:?} ({rule:?}) rejected: {e}"));
                continue;
            }
        };
        let verdicts = case["verdicts"].as_str().unwrap();
        for (probe, java) in probes.iter().zip(verdicts.chars()) {
            if java == 'E' {
                continue;
            }
            let java = java == '1';
            checked += 1;
            let ours = match pattern.is_match(probe) {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!("{group}: {source:?} ({rule:?}) on {probe:?}: {e}"));
                    continue;
                }
            };
            if ours != java {
                if exception(source, probe).is_some() {
                    excepted += 1;
                } else {
                    failures.push(format!(
                        "{group}: {source:?} ({rule:?}) on {probe:?}: java {java}, ours {ours} [{} via {}]",
                        pattern.translated(),
                        pattern.tier().as_str()
                    ));
                }
            }
        }
    }
    eprintln!(
        "java oracle: {} cases, {checked} verdicts checked, {excepted} documented exceptions, {unsupported} unsupported constructs, {} failures",
        cases.len(),
        failures.len()
    );
    for f in failures.iter().take(80) {
        eprintln!("  {f}");
    }
    assert!(failures.is_empty(), "{} disagreements with java.util.regex", failures.len());
}

/// The patterns of one corpus file in the shared `aws-models/` directory, if present.
fn corpus(file: &str) -> Option<Vec<String>> {
    let dir = crate::support::shared("the AWS pattern corpora")?.join("aws-models");
    let text = std::fs::read_to_string(dir.join(file)).expect("corpus file");
    let entries: Vec<Value> = serde_json::from_str(&text).expect("corpus JSON");
    let pattern = |e: &Value| e["pattern"].as_str().expect("pattern string").to_owned();
    Some(entries.iter().map(pattern).collect())
}

fn compile_corpus(file: &str, rule: MatchRule) {
    let Some(entries) = corpus(file) else { return };
    let mut failures = Vec::new();
    let mut tiers = std::collections::BTreeMap::new();
    for source in &entries {
        match Pattern::new(source, rule) {
            Ok(p) => *tiers.entry(p.tier().as_str()).or_insert(0) += 1,
            Err(e) => failures.push(format!("{source:?}: {e}")),
        }
    }
    eprintln!(
        "{file}: {}/{} compile ({}); by tier: {tiers:?}",
        entries.len() - failures.len(),
        entries.len(),
        rule.as_str()
    );
    assert!(
        failures.is_empty(),
        "{} patterns fail to compile:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_doc_pattern_compiles_whole_value() {
    compile_corpus("patterns.json", MatchRule::WholeValue);
}

#[test]
fn every_smithy_pattern_compiles_search() {
    compile_corpus("patterns-smithy.json", MatchRule::Search);
}

#[test]
fn redos_shape_returns_a_verdict() {
    let input = format!("{}!", "0".repeat(100_000));
    for rule in [MatchRule::WholeValue, MatchRule::Search] {
        let p = Pattern::new("^([0-9]+)+$", rule).unwrap();
        // Linear-time engine: a plain `false`, never a hang.
        assert_eq!(p.is_match(&input), Ok(false));
        assert_eq!(p.is_match("000"), Ok(true));
    }
}

/// A look-ahead at the start is a separate linear check beside the rest (issue 21 item 9): the
/// pattern no longer goes to the backtracking engine, and a long value gets a verdict.
#[test]
fn a_leading_look_ahead_does_not_make_the_pattern_backtrack() {
    let p =
        Pattern::new(r"^(?!internal-)[a-zA-Z0-9]+[a-zA-Z0-9-_ ]+.*[^-]$", MatchRule::WholeValue)
            .unwrap();
    assert_eq!(p.tier(), conform::Tier::Guarded);
    let forty = format!("a{}", "-".repeat(39));
    assert_eq!(p.is_match(&forty), Ok(false));
    assert_eq!(p.is_match(&format!("{}b", "a -".repeat(13))), Ok(true));
    assert_eq!(p.is_match("internal-abc"), Ok(false));
    assert_eq!(p.is_match(&format!("a{}", " ".repeat(100_000))), Ok(true));
    assert_eq!(p.is_match(&format!("a{}-", " ".repeat(100_000))), Ok(false));
}

#[test]
fn backtracking_blow_up_is_a_match_error() {
    // Look-around forces the backtracking engine; the nested quantifier then explodes.
    let p = Pattern::new("^(?:(?=0)0+)+$", MatchRule::WholeValue).unwrap();
    assert_eq!(p.tier(), conform::Tier::Backtracking);
    let input = format!("{}!", "0".repeat(10_000));
    let err = p.is_match(&input).unwrap_err();
    assert!(err.to_string().contains("backtracking limit"), "{err}");
}

#[test]
fn large_counted_repetitions_compile() {
    for (source, tier) in [
        ("[\\w\\-]{1,2048}", conform::Tier::OneClass),
        ("^.{1,100000}$", conform::Tier::OneClass),
        ("[^\\p{C}]{1,2048}", conform::Tier::OneClass),
        ("arn:[\\w\\-]{1,2048}:[a-z0-9]{1,2048}", conform::Tier::Sequence),
        ("arn:[\\w\\-:]{1,2048}:[a-z0-9]{1,2048}", conform::Tier::Regex),
    ] {
        let p = Pattern::new(source, MatchRule::WholeValue).unwrap();
        assert_eq!(p.tier(), tier, "{source}");
    }
    let p = Pattern::new("^.{1,100000}$", MatchRule::WholeValue).unwrap();
    assert!(p.is_match(&"x".repeat(100_000)).unwrap());
    assert!(!p.is_match(&"x".repeat(100_001)).unwrap());
}

/// Every corpus pattern of a tier agrees with an engine running the same pattern's translation,
/// on strings generated to match it and strings generated to break it: the sequence tier with
/// the `regex` crate, the guarded tier (look-arounds split off as separate searches) with
/// `fancy-regex` on the whole pattern.
/// A reference verdict for one string; `None` when the reference could not decide (its
/// backtracking limit).
#[cfg(feature = "generate")] // strings generated to match and to break each pattern
type Reference = Box<dyn Fn(&str) -> Option<bool>>;

#[cfg(feature = "generate")] // strings generated to match and to break each pattern
fn tier_agrees_with_its_translation(file: &str, rule: MatchRule, tier: conform::Tier) {
    let Some(entries) = corpus(file) else { return };
    let (mut patterns, mut strings, mut undecided) = (0, 0, 0);
    let mut failures = Vec::new();
    for source in &entries {
        let Ok(pattern) = Pattern::new(source, rule) else { continue };
        // `(?d)` changes which terminators `$` allows before the end; the corpora have none.
        if pattern.tier() != tier || source.contains("(?d") {
            continue;
        }
        patterns += 1;
        let expected: Reference = if tier == conform::Tier::Guarded {
            // The translation spells Java's `$` and the look-arounds exactly.
            let fancy =
                fancy_regex::Regex::new(pattern.translated()).expect("translation compiles");
            Box::new(move |s| fancy.is_match(s).ok())
        } else {
            let regex = regex::Regex::new(pattern.translated()).expect("translation compiles");
            // The documented contract of `translated()`: under the search rule, the value is
            // also tried without one final line terminator.
            Box::new(move |s| {
                let cut = ["\r\n", "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"]
                    .iter()
                    .find_map(|t| s.strip_suffix(t))
                    .filter(|_| rule == MatchRule::Search);
                Some(regex.is_match(s) || cut.is_some_and(|c| regex.is_match(c)))
            })
        };
        let spec = conform::Spec::from_value(serde_json::json!({
            "conform": 1,
            "service": "corpus",
            "patterns": rule.as_str(),
            "operations": {},
            "shapes": {
                "S": {"type": "structure", "members": {"v": {"target": "P"}}},
                "P": {"type": "string", "pattern": source}
            }
        }))
        .expect("one-pattern spec");
        let validator = conform::Validator::new(&spec).expect("one-pattern spec compiles");
        let shape = validator.shape("S").expect("shape S");
        let good = conform::generate::samples(conform::generate::valid(&shape), 7).take(6);
        let bad = conform::generate::samples(conform::generate::invalid(&shape), 7).take(6);
        let generated: Vec<String> = good
            .flatten()
            .chain(bad.flatten().map(|b| b.payload))
            .filter_map(|p| p["v"].as_str().map(str::to_owned))
            .collect();
        // Each string also with a final line terminator, and without its first and last char:
        // where `$` and the look-arounds at the ends decide.
        let mut variants = Vec::new();
        for s in &generated {
            variants.push(s.clone());
            variants.push(format!("{s}\n"));
            variants.push(format!("{s}\r\n"));
            let mut chars = s.chars();
            chars.next();
            variants.push(chars.as_str().to_owned());
            chars.next_back();
            variants.push(chars.as_str().to_owned());
        }
        for s in &variants {
            let Some(want) = expected(s) else {
                undecided += 1;
                continue;
            };
            strings += 1;
            let ours = pattern.is_match(s);
            if ours != Ok(want) {
                failures.push(format!("{source:?} on {s:?}: ours {ours:?}, reference {want}"));
            }
        }
    }
    eprintln!(
        "{file}: {patterns} {}-tier patterns, {strings} strings compared, {undecided} the reference could not decide",
        tier.as_str()
    );
    assert!(patterns > 0 && strings > patterns, "{file}: nothing compared");
    assert!(failures.is_empty(), "{}:\n{}", failures.len(), failures.join("\n"));
}

#[test]
#[cfg(feature = "generate")] // strings generated to match and to break each pattern
fn sequence_tier_agrees_on_the_doc_corpus() {
    tier_agrees_with_its_translation(
        "patterns.json",
        MatchRule::WholeValue,
        conform::Tier::Sequence,
    );
}

#[test]
#[cfg(feature = "generate")] // strings generated to match and to break each pattern
fn sequence_tier_agrees_on_the_smithy_corpus() {
    tier_agrees_with_its_translation(
        "patterns-smithy.json",
        MatchRule::Search,
        conform::Tier::Sequence,
    );
}

#[test]
#[cfg(feature = "generate")] // strings generated to match and to break each pattern
fn guarded_tier_agrees_on_the_doc_corpus() {
    tier_agrees_with_its_translation(
        "patterns.json",
        MatchRule::WholeValue,
        conform::Tier::Guarded,
    );
}

#[test]
#[cfg(feature = "generate")] // strings generated to match and to break each pattern
fn guarded_tier_agrees_on_the_smithy_corpus() {
    tier_agrees_with_its_translation(
        "patterns-smithy.json",
        MatchRule::Search,
        conform::Tier::Guarded,
    );
}

/// `jsonschema`'s validator of `{"pattern": text}` (JSON Schema's search).
fn json_schema_pattern(text: &str) -> Result<jsonschema::Validator, String> {
    jsonschema::validator_for(&serde_json::json!({"pattern": text})).map_err(|e| e.to_string())
}

/// The ECMA-262 text of every oracle pattern, read by the `jsonschema` crate, gives conform's
/// verdict (which the oracle test holds to Java's) on every probe.
#[test]
fn the_ecma262_export_agrees_on_the_java_oracle() {
    let oracle = oracle();
    let probes: Vec<&str> =
        oracle["probes"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let (mut patterns, mut checked) = (0usize, 0usize);
    let mut failures = Vec::new();
    for case in oracle["cases"].as_array().unwrap() {
        let source = case["pattern"].as_str().unwrap();
        let rule = rule(case["rule"].as_str().unwrap());
        let Ok(pattern) = Pattern::new(source, rule) else { continue };
        patterns += 1;
        let text = pattern.to_ecma262();
        let schema = match json_schema_pattern(&text) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{source:?} ({rule:?}) as {text:?} does not compile: {e}"));
                continue;
            }
        };
        for probe in &probes {
            // A verdict the backtracking limit leaves undecided has nothing to compare.
            let Ok(ours) = pattern.is_match(probe) else { continue };
            checked += 1;
            if schema.is_valid(&Value::from(*probe)) != ours {
                failures.push(format!(
                    "{source:?} ({rule:?}) as {text:?} on {probe:?}: conform {ours}, jsonschema {}",
                    !ours
                ));
            }
        }
    }
    eprintln!("ECMA-262 export: {patterns} oracle patterns, {checked} verdicts compared");
    assert!(checked > 100_000, "{checked} verdicts compared");
    for f in failures.iter().take(40) {
        eprintln!("  {f}");
    }
    assert!(failures.is_empty(), "{} disagreements", failures.len());
}

/// Every AWS corpus pattern's ECMA-262 text compiles in `jsonschema`; every 4th is compared with
/// conform on strings generated to match it and to break it, and on those strings with a line
/// terminator, a non-ASCII space or digit, or a supplementary char added at either end or in the
/// middle (where Java's and ECMA-262's readings of `$`, `\s`, `\d` and `.` part).
#[cfg(feature = "generate")] // strings generated to match and to break each pattern
fn ecma262_export_agrees_on(file: &str, rule: MatchRule) {
    let Some(entries) = corpus(file) else { return };
    const EDITS: [&str; 7] = ["\n", "\r\n", "\u{85}", "\u{2028}", "\u{a0}", "\u{663}", "😀"];
    let (mut patterns, mut strings) = (0usize, 0usize);
    let mut failures = Vec::new();
    for (i, source) in entries.iter().enumerate() {
        let Ok(pattern) = Pattern::new(source, rule) else { continue };
        let text = pattern.to_ecma262();
        let schema = match json_schema_pattern(&text) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{source:?} as {text:?} does not compile: {e}"));
                continue;
            }
        };
        if i % 4 != 0 {
            continue;
        }
        patterns += 1;
        let spec = conform::Spec::from_value(serde_json::json!({
            "conform": 1, "service": "corpus", "patterns": rule.as_str(), "operations": {},
            "shapes": {"P": {"type": "string", "pattern": source}}
        }))
        .expect("one-pattern spec");
        let validator = conform::Validator::new(&spec).expect("one-pattern spec compiles");
        let shape = validator.shape("P").expect("shape P");
        let good = conform::generate::samples(conform::generate::valid(&shape), 7).take(4);
        let bad = conform::generate::samples(conform::generate::invalid(&shape), 7).take(4);
        let generated: Vec<String> = good
            .flatten()
            .chain(bad.flatten().map(|b| b.payload))
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        for (j, s) in generated.iter().enumerate() {
            let edit = EDITS[(i + j) % EDITS.len()];
            let mid = s.char_indices().nth(s.chars().count() / 2).map_or(s.len(), |(k, _)| k);
            let (head, tail) = s.split_at(mid);
            let edited =
                [format!("{s}{edit}"), format!("{edit}{s}"), format!("{head}{edit}{tail}")];
            for s in std::iter::once(s.clone()).chain(edited) {
                let Ok(ours) = pattern.is_match(&s) else { continue };
                strings += 1;
                if schema.is_valid(&Value::from(s.as_str())) != ours {
                    failures.push(format!("{source:?} as {text:?} on {s:?}: conform {ours}"));
                }
            }
        }
    }
    eprintln!("{file}: ECMA-262 export of {patterns} patterns compared on {strings} strings");
    assert!(strings > patterns, "{file}: nothing compared");
    for f in failures.iter().take(40) {
        eprintln!("  {f}");
    }
    assert!(failures.is_empty(), "{} disagreements", failures.len());
}

#[test]
#[cfg(feature = "generate")] // strings generated to match and to break each pattern
fn the_ecma262_export_agrees_on_the_doc_corpus() {
    ecma262_export_agrees_on("patterns.json", MatchRule::WholeValue);
}

#[test]
#[cfg(feature = "generate")] // strings generated to match and to break each pattern
fn the_ecma262_export_agrees_on_the_smithy_corpus() {
    ecma262_export_agrees_on("patterns-smithy.json", MatchRule::Search);
}

/// Inputs of up to 1 KB built to make a backtracking matcher work hard: runs of every char the
/// pattern names (and a few it does not), each alone and followed by a char that breaks the
/// match, and strings generated to match the pattern, pumped to 1 KB by repeating them, by
/// repeating their last char, and with a breaking char at the end.
#[cfg(feature = "generate")] // strings generated to match and to break each pattern
fn adversarial_inputs(source: &str, rule: MatchRule) -> Vec<String> {
    const SIZE: usize = 1024;
    let mut probes: Vec<char> = source.chars().filter(|c| c.is_ascii_graphic()).collect();
    probes.extend(['a', 'A', '0', ' ', '-', '_', '.', ':', '/', '\n', 'é', '!', '\u{1F600}']);
    probes.sort_unstable();
    probes.dedup();
    let run = |c: char, n: usize| c.to_string().repeat(n / c.len_utf8());
    let mut inputs = Vec::new();
    for &c in &probes {
        inputs.push(run(c, SIZE));
        inputs.push(format!("{}!", run(c, SIZE - 1)));
        inputs.push(format!("{}\u{1}", run(c, SIZE - 1)));
    }
    let spec = conform::Spec::from_value(serde_json::json!({
        "conform": 1, "service": "corpus", "patterns": rule.as_str(), "operations": {},
        "shapes": {"S": {"type": "structure", "members": {"v": {"target": "P"}}},
                   "P": {"type": "string", "pattern": source}}
    }));
    let generated: Vec<String> = spec
        .ok()
        .and_then(|spec| conform::Validator::new(&spec).ok())
        .map(|validator| {
            let Ok(shape) = validator.shape("S") else { return Vec::new() };
            conform::generate::samples(conform::generate::valid(&shape), 11)
                .take(4)
                .flatten()
                .filter_map(|p| p["v"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    for g in generated.iter().filter(|g| !g.is_empty() && g.len() < SIZE / 2) {
        let mut pumped = g.repeat(SIZE / g.len());
        inputs.push(pumped.clone());
        pumped.push('!');
        inputs.push(pumped);
        let last = g.chars().last().unwrap_or('a');
        let tail = run(last, SIZE - g.len() - 4);
        inputs.push(format!("{g}{tail}"));
        inputs.push(format!("{g}{tail}!"));
        let first = g.chars().next().unwrap_or('a');
        inputs.push(format!("{}{g}", run(first, SIZE - g.len() - 4)));
    }
    inputs
}

/// No AWS doc pattern reaches the backtracking step limit on an input of up to 1 KB: every one
/// gives a verdict on adversarial inputs built from it (see [`adversarial_inputs`]).
#[test]
#[cfg(feature = "generate")] // strings generated to match and to break each pattern
fn no_doc_pattern_reaches_the_step_limit_on_adversarial_inputs_up_to_1_kb() {
    let Some(entries) = corpus("patterns.json") else { return };
    let (mut patterns, mut inputs) = (0, 0);
    let mut undecided = Vec::new();
    let mut tiers = std::collections::BTreeMap::new();
    for source in &entries {
        let Ok(pattern) = Pattern::new(source, MatchRule::WholeValue) else { continue };
        patterns += 1;
        *tiers.entry(pattern.tier().as_str()).or_insert(0) += 1;
        for input in adversarial_inputs(source, MatchRule::WholeValue) {
            assert!(input.len() <= 1024 + 4, "{source:?}: input of {} bytes", input.len());
            inputs += 1;
            if let Err(e) = pattern.is_match(&input) {
                undecided.push(format!(
                    "{source:?} ({}) on {:?}…: {e}",
                    pattern.tier().as_str(),
                    &input.chars().take(40).collect::<String>()
                ));
                break;
            }
        }
    }
    eprintln!("{patterns} doc patterns, {inputs} adversarial inputs; by tier: {tiers:?}");
    assert!(
        undecided.is_empty(),
        "{} patterns reach the step limit:\n{}",
        undecided.len(),
        undecided.join("\n")
    );
}
