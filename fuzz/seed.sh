#!/usr/bin/env bash
# Builds the seed corpora under fuzz/corpus/<target>/ from the repository's own files (specs,
# tests/data, examples) and a few patterns from the shared AWS corpus. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
root=..
shared=${CONFORM_SHARED:-$root/../shared}
mkdir -p corpus/{import_compile,validate_bytes,http_request,pattern}

# import_compile: conform specs, spec fragments from tests/data, reference pages, small models.
cp "$root"/specs/*.json corpus/import_compile/
for f in "$root"/tests/data/compile/*.json; do cp "$f" "corpus/import_compile/compile-$(basename "$f")"; done
find "$root"/tests/data/import -type f | while read -r f; do
  cp "$f" "corpus/import_compile/import-$(basename "$f")"
done
find "$root"/tests/data/import "$shared"/aws-models -maxdepth 2 -type f -size -200k \
  \( -name '*.smithy.json' -o -name '*.botocore.json' \) 2>/dev/null | head -6 | while read -r f; do
  cp "$f" "corpus/import_compile/model-$(basename "$f")"
done

# validate_bytes: example payloads and every payload in the data-driven suite.
cp "$root"/examples/*.json corpus/validate_bytes/
python3 - "$root" <<'PY'
import json, pathlib, sys, hashlib
root = pathlib.Path(sys.argv[1])
out = pathlib.Path("corpus/validate_bytes")
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k in ("payload", "input", "output", "value") and not isinstance(x, str):
                yield x
            yield from walk(x)
    elif isinstance(v, list):
        for x in v:
            yield from walk(x)
for f in sorted((root / "tests/data").rglob("*.json")):
    if "patterns" in f.parts:
        continue
    try:
        doc = json.loads(f.read_text())
    except Exception:
        continue
    for p in walk(doc):
        b = json.dumps(p).encode()
        (out / hashlib.sha1(b).hexdigest()[:16]).write_bytes(b)
# http_request: every raw request in tests/data/http.
out = pathlib.Path("corpus/http_request")
for f in sorted((root / "tests/data/http").glob("*.json")):
    doc = json.loads(f.read_text())
    for r in doc.get("requests", []):
        if isinstance(r.get("request"), str):
            b = r["request"].encode()
            (out / hashlib.sha1(b).hexdigest()[:16]).write_bytes(b)
PY

# pattern: the 60 most common AWS patterns and the Java oracle's patterns.
python3 - "$root" "$shared" <<'PY'
import json, pathlib, sys, hashlib
root, shared = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out = pathlib.Path("corpus/pattern")
pats = []
try:
    pats += [p["pattern"] for p in json.loads((shared / "aws-models/patterns.json").read_text())[:60]]
except OSError:
    pass
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "pattern" and isinstance(x, str):
                yield x
            yield from walk(x)
    elif isinstance(v, list):
        for x in v:
            yield from walk(x)
pats += list(walk(json.loads((root / "tests/data/patterns/java-oracle.json").read_text())))[:200]
for p in pats:
    b = p.encode()
    (out / hashlib.sha1(b).hexdigest()[:16]).write_bytes(b)
PY
for t in import_compile validate_bytes http_request pattern; do
  echo "$t: $(ls corpus/$t | wc -l) seeds"
done
