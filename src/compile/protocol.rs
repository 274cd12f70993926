//! The service's wire protocol: how requests are routed and what content types they carry.

use crate::error::Error;

/// The protocols a spec may name, as Smithy spells them.
pub(crate) const NAMES: &[&str] =
    &["restJson1", "awsJson1_0", "awsJson1_1", "awsQuery", "ec2Query", "restXml", "rpcv2Cbor"];

/// A service's protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// HTTP bindings and a JSON body (`application/json`); routed by method and URI template.
    RestJson1,
    /// `POST /`, routed by `X-Amz-Target`, everything in a JSON body
    /// (`application/x-amz-json-1.0`).
    AwsJson1_0,
    /// As [`Protocol::AwsJson1_0`], with `application/x-amz-json-1.1`.
    AwsJson1_1,
    /// A protocol conform does not serve requests for (`restXml`, `awsQuery`, `ec2Query`,
    /// `rpcv2Cbor`): payloads still validate, requests do not route.
    Unserved(&'static str),
}

impl Protocol {
    /// The protocol a spec names; no name means restJson1.
    ///
    /// # Errors
    /// [`ErrorKind::SpecInvalid`](crate::ErrorKind::SpecInvalid) at `/protocol` for a name that is
    /// not one of [`NAMES`].
    pub(crate) fn of(name: Option<&str>) -> Result<Protocol, Error> {
        Ok(match name {
            None | Some("restJson1") => Protocol::RestJson1,
            Some("awsJson1_0") => Protocol::AwsJson1_0,
            Some("awsJson1_1") => Protocol::AwsJson1_1,
            Some(other) => match NAMES.iter().find(|n| **n == other) {
                Some(n) => Protocol::Unserved(n),
                None => {
                    return Err(Error::invalid(
                        "/protocol",
                        format!("unknown protocol `{other}` (one of {})", NAMES.join(", ")),
                    ));
                }
            },
        })
    }

    /// The protocol's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "restJson1",
            Protocol::AwsJson1_0 => "awsJson1_0",
            Protocol::AwsJson1_1 => "awsJson1_1",
            Protocol::Unserved(n) => n,
        }
    }

    /// Whether requests are routed by `X-Amz-Target` and carry every member in the body.
    pub(crate) fn is_aws_json(self) -> bool {
        matches!(self, Protocol::AwsJson1_0 | Protocol::AwsJson1_1)
    }

    /// The content type of JSON bodies: requests, responses and errors.
    pub(crate) fn document_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
            Protocol::RestJson1 | Protocol::Unserved(_) => "application/json",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_protocols() {
        assert_eq!(Protocol::of(None).unwrap(), Protocol::RestJson1);
        assert_eq!(
            Protocol::of(Some("awsJson1_0")).unwrap().document_type(),
            "application/x-amz-json-1.0"
        );
        assert_eq!(Protocol::of(Some("restXml")).unwrap(), Protocol::Unserved("restXml"));
        let e = Protocol::of(Some("rest-json")).unwrap_err();
        assert_eq!(e.pointer(), Some("/protocol"));
        assert_eq!(
            e.message(),
            "unknown protocol `rest-json` (one of restJson1, awsJson1_0, awsJson1_1, awsQuery, ec2Query, restXml, rpcv2Cbor)"
        );
    }
}
