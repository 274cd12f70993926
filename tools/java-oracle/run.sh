#!/bin/sh
# Regenerates tests/data/patterns/java-oracle.json with java.util.regex as ground truth.
#   tools/java-oracle/run.sh            (uses `java`/`javac` on PATH, or $JAVA_HOME/bin)
# Inputs: tools/java-oracle/cases.json (construct patterns and probe strings) and a sample of the
# AWS pattern corpus (every 10th entry of ../shared/aws-models/patterns.json, whole-value rule,
# and of patterns-smithy.json, search rule; $CONFORM_SHARED overrides ../shared).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${CONFORM_SHARED:-"$root/../shared"}
bin=${JAVA_HOME:+$JAVA_HOME/bin/}
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
"${bin}javac" -d "$build" "$here/Oracle.java"
set -- "$here/cases.json" "$root/tests/data/patterns/java-oracle.json"
if [ -f "$shared/aws-models/patterns.json" ]; then
  set -- "$@" "$shared/aws-models/patterns.json" whole-value 10 \
              "$shared/aws-models/patterns-smithy.json" search 10
else
  echo "note: $shared/aws-models not found; corpus sample skipped" >&2
fi
mkdir -p "$root/tests/data/patterns"
"${bin}java" -Xss16m -cp "$build" Oracle "$@"
