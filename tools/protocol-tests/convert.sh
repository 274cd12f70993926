#!/usr/bin/env bash
# Regenerates tests/data/protocol/restJson1/{model,cases}.json from Smithy's restJson1 protocol
# tests (smithy-aws-protocol-tests): the @httpMalformedRequestTests cases of malformedRequests/,
# validation/ and the rest of the restJson1 model, expanded, and the model shapes they need.
#
#   tools/protocol-tests/convert.sh [SMITHY_CHECKOUT]
#
# SMITHY_CHECKOUT is a git checkout of https://github.com/smithy-lang/smithy (converted as it is
# checked out); without it the script clones $SMITHY_REPO (default that URL) into the build dir and
# checks out $SMITHY_COMMIT (default the pinned commit below, the one the committed copy is from).
# Smithy's Java libraries are compiled from source with javac (Java 17; no Gradle, no Maven, no
# network beyond the clone): smithy-utils, smithy-model and smithy-protocol-test-traits, which have
# no external dependencies. The trait definitions of smithy-aws-traits and smithy-protocol-traits
# are only Smithy IDL files (their Java classes are not needed), so only their META-INF/smithy/
# resources go on the classpath. The scratch build lives in $BUILD_DIR (default
# target/protocol-tests, ignored by git).
set -euo pipefail

PINNED_COMMIT=0f7323128b0606a1b94b1ac482c94d3800a22708
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/target/protocol-tests}"
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}"
OUT_DIR="${OUT_DIR:-$ROOT/tests/data/protocol/restJson1}"
mkdir -p "$BUILD_DIR"

if [[ $# -ge 1 ]]; then
    SMITHY="$(cd "$1" && pwd)"
else
    SMITHY="$BUILD_DIR/smithy"
    if [[ ! -d "$SMITHY/.git" ]]; then
        git clone --quiet "${SMITHY_REPO:-https://github.com/smithy-lang/smithy}" "$SMITHY"
    fi
    git -C "$SMITHY" checkout --quiet "${SMITHY_COMMIT:-$PINNED_COMMIT}"
fi
COMMIT="$(git -C "$SMITHY" rev-parse HEAD)"
echo "smithy at $COMMIT" >&2

CLASSES="$BUILD_DIR/classes"
STAMP="$BUILD_DIR/classes.commit"
COMPILED=(smithy-utils smithy-model smithy-protocol-test-traits)
MODELS_ONLY=(smithy-aws-traits smithy-protocol-traits)

if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$COMMIT" ]]; then
    rm -rf "$CLASSES"
    mkdir -p "$CLASSES"
    sources="$BUILD_DIR/sources.txt"
    : > "$sources"
    for m in "${COMPILED[@]}"; do
        find "$SMITHY/$m/src/main/java" -name '*.java' >> "$sources"
        # Resources: the prelude, META-INF/smithy trait definitions, META-INF/services providers.
        if [[ -d "$SMITHY/$m/src/main/resources" ]]; then
            cp -R "$SMITHY/$m/src/main/resources/." "$CLASSES/"
        fi
    done
    for m in "${MODELS_ONLY[@]}"; do
        # Only the IDL: their META-INF/services would name classes that are not compiled.
        mkdir -p "$CLASSES/META-INF/smithy"
        while read -r f; do
            if [[ -n "$f" ]]; then
                cp "$SMITHY/$m/src/main/resources/META-INF/smithy/$f" "$CLASSES/META-INF/smithy/"
            fi
        done < "$SMITHY/$m/src/main/resources/META-INF/smithy/manifest"
    done
    # One manifest listing every IDL file (the loader reads each manifest on the classpath; there
    # is one directory here, so their lists are merged).
    for m in "${COMPILED[@]}" "${MODELS_ONLY[@]}"; do
        f="$SMITHY/$m/src/main/resources/META-INF/smithy/manifest"
        if [[ -f "$f" ]]; then cat "$f"; echo; fi
    done | sed '/^$/d' | sort -u > "$BUILD_DIR/manifest"
    mv "$BUILD_DIR/manifest" "$CLASSES/META-INF/smithy/manifest"
    # Service-provider lists of the compiled modules, merged.
    rm -rf "$CLASSES/META-INF/services"
    mkdir -p "$CLASSES/META-INF/services"
    for m in "${COMPILED[@]}"; do
        for f in "$SMITHY/$m/src/main/resources/META-INF/services/"*; do
            if [[ -f "$f" ]]; then
                cat "$f" >> "$CLASSES/META-INF/services/$(basename "$f")"
            fi
        done
    done
    echo "javac: $(wc -l < "$sources") files" >&2
    if ! "${JAVA_BIN}javac" -nowarn -encoding UTF-8 --release 17 -d "$CLASSES" @"$sources" 2> "$BUILD_DIR/javac.log"; then
        cat "$BUILD_DIR/javac.log" >&2
        exit 1
    fi
    echo "$COMMIT" > "$STAMP"
fi

mkdir -p "$BUILD_DIR/converter"
"${JAVA_BIN}javac" -nowarn -encoding UTF-8 --release 17 -cp "$CLASSES" -d "$BUILD_DIR/converter" "$HERE/ConvertProtocolTests.java"
"${JAVA_BIN}java" -cp "$CLASSES:$BUILD_DIR/converter" ConvertProtocolTests "$SMITHY" "$COMMIT" "$OUT_DIR"
