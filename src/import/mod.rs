//! Importers: read published API descriptions and produce a [`Spec`].
//!
//! Importers only produce specs; compiling and validating are the same for every source.
//!
//! - [`smithy`]: a Smithy JSON AST model (`"smithy": "2.0"` or `"1.0"`); patterns keep Smithy's
//!   search rule.
//! - [`botocore`]: a botocore `service-2.json` model; patterns are whole-value.
//! - [`page`]: the text of AWS API reference pages (or their boto3 RST form); patterns are
//!   whole-value.
//!
//! [`load`] reads a file in any of these formats (or conform's own), detecting which.

mod botocore;
mod common;
pub mod page;
mod smithy;

pub use botocore::botocore;
pub use smithy::smithy;

use std::path::Path;

use crate::error::Error;
use crate::spec::Spec;

/// The formats a spec can be read from.
///
/// ```
/// use conform::import::{SourceFormat, detect};
/// assert_eq!(detect(r#"{"smithy": "2.0", "shapes": {}}"#), SourceFormat::Smithy);
/// assert_eq!(detect("CreatePackage\n\nRequest Syntax\n"), SourceFormat::Page);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceFormat {
    /// conform's own spec format.
    Conform,
    /// Smithy JSON AST.
    Smithy,
    /// botocore `service-2.json`.
    Botocore,
    /// AWS API reference page text (HTML-scraped text, markdown, or boto3 RST).
    Page,
}

impl SourceFormat {
    /// The name used on the command line: `conform`, `smithy`, `botocore`, `page`.
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Conform => "conform",
            SourceFormat::Smithy => "smithy",
            SourceFormat::Botocore => "botocore",
            SourceFormat::Page => "page",
        }
    }
}

/// Guesses the format of a spec text from its first significant content.
///
/// JSON with a top-level `"conform"` is conform's format, `"smithy"` a Smithy AST, `"metadata"`
/// together with `"shapes"` botocore; anything that is not a JSON object is a reference page.
pub fn detect(text: &str) -> SourceFormat {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if !trimmed.starts_with('{') {
        return SourceFormat::Page;
    }
    // Look only at the top-level keys; no need to parse a 5 MB model twice.
    match serde_json::from_str::<TopLevel>(trimmed) {
        Ok(t) if t.conform.is_some() => SourceFormat::Conform,
        Ok(t) if t.smithy.is_some() => SourceFormat::Smithy,
        Ok(t) if t.metadata.is_some() => SourceFormat::Botocore,
        Ok(_) => SourceFormat::Conform,
        Err(_) => SourceFormat::Page,
    }
}

#[derive(serde::Deserialize)]
struct TopLevel {
    conform: Option<serde::de::IgnoredAny>,
    smithy: Option<serde::de::IgnoredAny>,
    metadata: Option<serde::de::IgnoredAny>,
}

/// Reads a spec file in any supported format (`None`: detect it). A gzip file is read gunzipped
/// (recent botocore releases ship `service-2.json.gz`), up to 256 MiB of text.
///
/// # Errors
/// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read; the importer's error otherwise, naming the file.
///
/// # Example
/// ```
/// let spec = conform::import::load(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"), None)?;
/// assert_eq!(spec.service, "iot");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load(path: impl AsRef<Path>, format: Option<SourceFormat>) -> Result<Spec, Error> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = read_text(path).map_err(|e| Error::io(e).with_file(name.clone()))?;
    let format = format.unwrap_or_else(|| detect(&text));
    from_text(&text, format).map_err(|e| e.with_file(name))
}

/// The largest model text a gzip file may expand to (the largest botocore model, ec2, is about
/// 6 MB): beyond it the file is refused rather than read into memory.
const MAX_GUNZIPPED: u64 = 256 << 20;

/// A file's text, gunzipped when it is gzip (botocore ships `service-2.json.gz`), up to
/// `MAX_GUNZIPPED` bytes.
fn read_text(path: &Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let bytes = std::fs::read(path)?;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return String::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e));
    }
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes.as_slice())
        .take(MAX_GUNZIPPED + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_GUNZIPPED {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("gzip file expands beyond {MAX_GUNZIPPED} bytes"),
        ));
    }
    Ok(text)
}

/// Reads a spec from text in the given format.
///
/// # Errors
/// The importer's error: [`ErrorKind::SpecSyntax`](crate::ErrorKind::SpecSyntax) with line and column for unreadable JSON,
/// [`ErrorKind::Import`](crate::ErrorKind::Import) for a model that reads but cannot be mapped to a spec.
pub fn from_text(text: &str, format: SourceFormat) -> Result<Spec, Error> {
    match format {
        SourceFormat::Conform => Spec::from_json_str(text),
        SourceFormat::Smithy => smithy(text),
        SourceFormat::Botocore => botocore(text),
        SourceFormat::Page => page::page(text),
    }
}
