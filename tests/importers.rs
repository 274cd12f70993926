//! The importers on small hand-written models: what each maps a Smithy or botocore model to, and
//! that the spec it gives compiles. (Unit tests in `src/import/` cannot compile a spec: importing
//! comes before compiling in the pipeline.)

use conform::Validator;
use conform::spec::{MemberDef, Spec};
use indexmap::IndexMap;
use serde_json::{Value, json};

fn members(spec: &Spec, shape: &str) -> IndexMap<String, MemberDef> {
    spec.shapes[shape].members.clone().unwrap_or_default()
}

mod smithy {
    use conform::spec::{ErrorFault, TimestampFormat};

    use super::*;

    fn import(shapes: Value) -> Spec {
        let model = json!({"smithy": "2.0", "shapes": shapes});
        conform::import::smithy(&model.to_string()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn colliding_and_predefined_names_are_renamed() {
        let spec = import(json!({
            "ex#Svc": {"type": "service", "version": "1"},
            "ex#Name": {"type": "string"},
            "other#Name": {"type": "string", "traits": {"smithy.api#length": {"min": 1}}},
            "ex#string": {"type": "string"},
            "ex#Holder": {"type": "structure", "members": {
                "a": {"target": "ex#Name"}, "b": {"target": "other#Name"}, "c": {"target": "ex#string"}}}
        }));
        let m = members(&spec, "Holder");
        assert_eq!((m["a"].target.as_str(), m["b"].target.as_str()), ("Name", "other#Name"));
        assert_eq!(m["c"].target, "ex#string");
        assert!(spec.shapes.contains_key("other#Name") && spec.shapes.contains_key("ex#string"));
        assert_eq!(
            spec.notes.iter().filter(|n| n.contains("is named")).count(),
            2,
            "{:?}",
            spec.notes
        );
        Validator::new(&spec).unwrap();
    }

    #[test]
    fn member_overrides_prelude_targets_and_formats() {
        let spec = import(json!({
            "ex#Svc": {"type": "service", "traits": {"aws.protocols#restJson1": {}}},
            "ex#S": {"type": "structure", "members": {
                "n": {"target": "smithy.api#PrimitiveInteger", "traits": {"smithy.api#range": {"min": 0, "max": 5}}},
                "t": {"target": "ex#Time", "traits": {"smithy.api#timestampFormat": "date-time",
                    "smithy.api#jsonName": "time"}},
                "h": {"target": "ex#Time", "traits": {"smithy.api#httpHeader": "X-Time"}},
                "bad": {"target": "smithy.api#Boolean", "traits": {"smithy.api#length": {"max": 1}}},
                "u": {"target": "ex#U"}}},
            "ex#Time": {"type": "timestamp", "traits": {"smithy.api#timestampFormat": "http-date"}},
            "ex#U": {"type": "union", "members": {"none": {"target": "smithy.api#Unit"},
                "s": {"target": "smithy.api#String"}}}
        }));
        let m = members(&spec, "S");
        assert_eq!(m["n"].target, "integer");
        assert_eq!(m["n"].default, Some(json!(0)), "PrimitiveInteger has @default(0)");
        assert_eq!(m["n"].range.as_ref().and_then(|r| r.max.as_deref()), Some("5"));
        assert_eq!(m["t"].format, Some(TimestampFormat::DateTime));
        assert_eq!(m["t"].json_name.as_deref(), Some("time"));
        assert_eq!(spec.shapes["Time"].format, Some(TimestampFormat::HttpDate));
        assert_eq!(m["h"].header.as_deref(), Some("X-Time"));
        assert!(m["bad"].length.is_none(), "length on a boolean is dropped");
        assert!(spec.notes.iter().any(|n| n.contains("S.bad")), "{:?}", spec.notes);
        assert_eq!(members(&spec, "U")["none"].target, "Unit");
        Validator::new(&spec).unwrap();
    }

    #[test]
    fn operations_http_greedy_labels_and_service_errors() {
        let spec = import(json!({
            "ex#Svc": {"type": "service", "version": "2020-01-01",
                "errors": [{"target": "ex#Throttled"}],
                "traits": {"aws.api#service": {"sdkId": "Demo Store"}, "smithy.api#title": "Demo",
                    "aws.protocols#restXml": {}}},
            "ex#GetObject": {"type": "operation", "input": {"target": "ex#GetIn"},
                "output": {"target": "smithy.api#Unit"}, "errors": [{"target": "ex#Missing"}],
                "traits": {"smithy.api#http": {"method": "GET", "uri": "/{Bucket}/{Key+}?x-id=GetObject", "code": 200}}},
            "ex#GetIn": {"type": "structure", "members": {
                "Bucket": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}},
                "Key": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}},
                "Meta": {"target": "ex#Meta", "traits": {"smithy.api#httpPrefixHeaders": "x-amz-meta-"}},
                "Rest": {"target": "ex#Meta", "traits": {"smithy.api#httpQueryParams": {}}}}},
            "ex#Meta": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}},
            "ex#Missing": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client", "smithy.api#httpError": 404}},
            "ex#Throttled": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "server"}}
        }));
        assert_eq!(spec.service, "demo-store");
        assert_eq!(
            (spec.title.as_deref(), spec.api_version.as_deref()),
            (Some("Demo"), Some("2020-01-01"))
        );
        assert_eq!(spec.protocol.as_deref(), Some("restXml"));
        let op = &spec.operations["GetObject"];
        assert_eq!(
            op.http.as_ref().map(|h| h.uri.as_str()),
            Some("/{Bucket}/{Key+}?x-id=GetObject")
        );
        assert_eq!(op.errors, ["Missing", "Throttled"]);
        assert_eq!(op.output, None);
        let m = members(&spec, "GetIn");
        assert!(m["Key"].label && m["Key"].required);
        assert_eq!(m["Meta"].prefix_headers.as_deref(), Some("x-amz-meta-"));
        assert!(m["Rest"].query_params);
        assert_eq!(spec.shapes["Missing"].http_error, Some(404));
        assert_eq!(spec.shapes["Throttled"].error, Some(ErrorFault::Server));
        Validator::new(&spec).unwrap();
    }

    #[test]
    fn defaults_that_break_constraints_are_dropped_with_a_note() {
        let spec = import(json!({
            "ex#Count": {"type": "integer", "traits": {"smithy.api#default": 0, "smithy.api#range": {"min": 1}}},
            "ex#S": {"type": "structure", "members": {
                "c": {"target": "ex#Count", "traits": {"smithy.api#default": 0}},
                "d": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 5,
                    "smithy.api#range": {"min": 0.5, "max": 9.5}}}}}
        }));
        assert_eq!(spec.shapes["Count"].default, None);
        let m = members(&spec, "S");
        assert_eq!(m["c"].default, None);
        assert_eq!(
            m["d"].range.as_ref().and_then(|r| r.min.as_deref()),
            Some("1"),
            "rounded inward"
        );
        assert_eq!(m["d"].range.as_ref().and_then(|r| r.max.as_deref()), Some("9"));
        assert_eq!(spec.notes.len(), 4, "{:?}", spec.notes);
        Validator::new(&spec).unwrap();
    }
}

mod botocore {
    use conform::spec::{ErrorFault, ShapeType, TimestampFormat};

    use super::*;

    fn import(metadata: Value, operations: Value, shapes: Value) -> Spec {
        let model = json!({"version": "2.0", "metadata": metadata, "operations": operations, "shapes": shapes});
        conform::import::botocore(&model.to_string()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn locations_labels_and_greedy_labels() {
        let spec = import(
            json!({"protocol": "rest-xml", "serviceId": "S3", "apiVersion": "2006-03-01"}),
            json!({"PutObject": {"http": {"method": "PUT", "requestUri": "/{Bucket}/{Key+}?x-id=PutObject"},
                "input": {"shape": "PutObjectRequest"}, "output": {"shape": "PutObjectOutput"}}}),
            json!({
                "PutObjectRequest": {"type": "structure", "required": ["Bucket", "Key"], "payload": "Body",
                    "members": {
                        "Bucket": {"shape": "string", "location": "uri", "locationName": "Bucket"},
                        "Key": {"shape": "ObjectKey", "location": "uri", "locationName": "Key"},
                        "Body": {"shape": "Blob"},
                        "Meta": {"shape": "Metadata", "location": "headers", "locationName": "x-amz-meta-"},
                        "Token": {"shape": "string", "location": "querystring", "locationName": "token",
                            "idempotencyToken": true},
                        "Expires": {"shape": "Date", "location": "header", "locationName": "Expires"},
                        "Route": {"shape": "string", "location": "header",
                            "locationName": "x-amz-request-route", "hostLabel": true}}},
                "PutObjectOutput": {"type": "structure", "members": {
                    "Code": {"shape": "Integer", "location": "statusCode"}}},
                "string": {"type": "string"},
                "ObjectKey": {"type": "string", "min": 1},
                "Blob": {"type": "blob", "streaming": true},
                "Integer": {"type": "integer"},
                "Date": {"type": "timestamp", "timestampFormat": "rfc822"},
                "Metadata": {"type": "map", "key": {"shape": "string"}, "value": {"shape": "string"}}
            }),
        );
        assert_eq!((spec.service.as_str(), spec.protocol.as_deref()), ("s3", Some("restXml")));
        let op = &spec.operations["PutObject"];
        assert_eq!(
            op.http.as_ref().map(|h| h.uri.as_str()),
            Some("/{Bucket}/{Key+}?x-id=PutObject")
        );
        let m = members(&spec, "PutObjectRequest");
        assert_eq!(m["Bucket"].target, "botocore#string", "a predefined name is renamed");
        assert!(spec.shapes.contains_key("botocore#string"));
        assert!(m["Key"].label && m["Key"].required);
        assert!(m["Body"].payload);
        assert_eq!(m["Meta"].prefix_headers.as_deref(), Some("x-amz-meta-"));
        assert_eq!(m["Token"].query.as_deref(), Some("token"));
        assert!(m["Token"].idempotency_token);
        assert_eq!(m["Expires"].header.as_deref(), Some("Expires"));
        assert!(m["Route"].host_label && !m["Token"].host_label);
        assert_eq!(spec.shapes["Date"].format, Some(TimestampFormat::HttpDate));
        assert!(members(&spec, "PutObjectOutput")["Code"].response_code);
        Validator::new(&spec).unwrap();
    }

    #[test]
    fn labels_are_renamed_to_members_and_made_required() {
        let spec = import(
            json!({"protocols": ["rest-json"], "protocol": "rest-json", "serviceId": "IoT"}),
            json!({"Get": {"http": {"method": "GET", "requestUri": "/things/{thingName}"},
                "input": {"shape": "GetRequest"}}}),
            json!({"GetRequest": {"type": "structure", "members": {
                "name": {"shape": "Name", "location": "uri", "locationName": "thingName"},
                "body": {"shape": "Name", "locationName": "Body"}}},
                "Name": {"type": "string", "max": 5}}),
        );
        let op = &spec.operations["Get"];
        assert_eq!(op.http.as_ref().map(|h| h.uri.as_str()), Some("/things/{name}"));
        assert!(op.note.as_deref().is_some_and(|n| n.contains("{thingName} → {name}")));
        let m = members(&spec, "GetRequest");
        assert!(m["name"].required, "a label is always present");
        assert_eq!(m["body"].json_name.as_deref(), Some("Body"));
        Validator::new(&spec).unwrap();
    }

    #[test]
    fn shapes_constraints_enums_errors_and_protocols() {
        let spec = import(
            json!({"protocols": ["smithy-rpc-v2-cbor", "json"], "jsonVersion": "1.0", "serviceId": "X"}),
            json!({"Op": {"http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"},
                "errors": [{"shape": "Bad"}, {"shape": "Boom"}, {"shape": "Odd"}]}}),
            json!({
                "In": {"type": "structure", "members": {
                    "e": {"shape": "Color"}, "n": {"shape": "Small"}, "f": {"shape": "Ratio"},
                    "l": {"shape": "Names"}, "u": {"shape": "Choice"}, "d": {"shape": "Doc"},
                    "j": {"shape": "Name", "jsonvalue": true}, "t": {"shape": "Time"}}},
                "Color": {"type": "string", "enum": ["RED", "GREEN", "RED", ""]},
                "Small": {"type": "integer", "min": 1, "max": 10},
                "Ratio": {"type": "double", "min": 0.5},
                "Names": {"type": "list", "member": {"shape": "Name"}, "min": 1, "max": 3},
                "Name": {"type": "string", "pattern": "[a-z]+", "sensitive": true},
                "Choice": {"type": "structure", "union": true, "required": ["a"], "members": {"a": {"shape": "Name"}}},
                "Doc": {"type": "structure", "document": true, "members": {}},
                "Time": {"type": "timestamp", "timestampFormat": "unixTimestamp"},
                "Bad": {"type": "structure", "exception": true, "error": {"httpStatusCode": 400, "senderFault": true}, "members": {}},
                "Boom": {"type": "structure", "exception": true, "fault": true, "members": {}},
                "Odd": {"type": "structure", "members": {}}
            }),
        );
        // Listed after CBOR, JSON is the protocol conform serves: the service is read as awsJson.
        assert_eq!(spec.protocol.as_deref(), Some("awsJson1_0"));
        assert!(spec.operations["Op"].http.is_none(), "RPC protocols have no http");
        let values = spec.shapes["Color"].values.clone().unwrap_or_default();
        assert_eq!(values.len(), 2, "duplicates and empty values are dropped");
        assert_eq!(spec.shapes["Small"].range.as_ref().and_then(|r| r.min.as_deref()), Some("1"));
        assert_eq!(spec.shapes["Ratio"].range.as_ref().and_then(|r| r.min.as_deref()), Some("0.5"));
        assert_eq!(spec.shapes["Names"].length.and_then(|l| l.max), Some(3));
        assert!(spec.shapes["Name"].sensitive);
        assert_eq!(spec.shapes["Choice"].shape_type, ShapeType::Union);
        assert!(!members(&spec, "Choice")["a"].required);
        assert_eq!(spec.shapes["Doc"].shape_type, ShapeType::Document);
        let j = &members(&spec, "In")["j"];
        assert!(j.note.as_deref().is_some_and(|n| n.contains("jsonvalue")));
        assert_eq!(j.media_type.as_deref(), Some("application/json"), "base64 in a header");
        assert_eq!(spec.shapes["Time"].format, Some(TimestampFormat::EpochSeconds));
        assert_eq!(spec.shapes["Bad"].http_error, Some(400));
        assert_eq!(spec.shapes["Boom"].error, Some(ErrorFault::Server));
        assert_eq!(spec.shapes["Odd"].error, Some(ErrorFault::Client), "listed as an error");
        Validator::new(&spec).unwrap();
    }
}
