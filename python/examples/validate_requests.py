"""Validates request logs on Spark: one verdict per line, written as JSON or Parquet, and a summary.

    python validate_requests.py --spec MODEL [--operation NAME] --output DIR [--format parquet|json]
        [--master local[2]] [--max-violations N] [--deny-unknown] [--overwrite] INPUT...

INPUT: NDJSON files, directories or globs (any path Spark reads: local, HDFS, S3 with its
connector; gzipped files too). Each line is a request envelope ``{"operation": NAME, "input":
{...}}``, or, with ``--operation``, that operation's input. The spec (conform, Smithy JSON AST or
botocore; gzipped too) is a file on the driver; the executors get it from the driver.

The verdicts (``file``, ``line``, ``operation``, ``verdict``, ``violation_count``,
``violations``, ``truncated``, ``error``, ``column``: see ``conform.spark``) go to ``--output``;
the summary, counted from what was written, to stdout. The exit status is 0 when the job ran,
whatever the verdicts; 2 for a bad spec, operation or argument.

Run it with ``python`` (``--master`` or Spark's default, local[*]) or with ``spark-submit``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Dict, Optional, Sequence

import conform
from conform import spark as conform_spark


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="NDJSON files, directories or globs")
    parser.add_argument("--spec", required=True, help="spec or model file on the driver")
    parser.add_argument("--spec-format", choices=["conform", "smithy", "botocore", "page"], help="default: detected")
    operation = parser.add_mutually_exclusive_group()
    operation.add_argument("--operation", help="every line is this operation's input")
    operation.add_argument(
        "--per-line",
        action="store_true",
        help='each line names its operation: {"operation": NAME, "input": {...}} (the default)',
    )
    parser.add_argument("--output", required=True, help="directory for the verdicts")
    parser.add_argument("--format", choices=["parquet", "json"], default="parquet", help="default: parquet")
    parser.add_argument("--overwrite", action="store_true", help="replace --output if it exists")
    parser.add_argument("--master", help="Spark master when not run by spark-submit (e.g. local[2])")
    parser.add_argument("--max-violations", type=int, help="violations kept per line (conform's default: 100)")
    parser.add_argument("--max-depth", type=int, help="nesting depth limit (conform's default: 100)")
    parser.add_argument("--deny-unknown", action="store_true", help="report members the spec does not define")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> Dict[str, int]:
    """Runs the job; returns the summary (``lines`` and the count of each verdict)."""
    from pyspark.sql import SparkSession

    spec = conform.load(args.spec, args.spec_format)
    options = {}
    if args.max_violations is not None:
        options["max_violations"] = args.max_violations
    if args.max_depth is not None:
        options["max_depth"] = args.max_depth
    if args.deny_unknown:
        options["deny_unknown_members"] = True
    builder = SparkSession.builder.appName("conform-validate-requests")
    if args.master:
        builder = builder.master(args.master)
    session = builder.getOrCreate()
    verdicts = conform_spark.validate_files(session, args.inputs, spec, args.operation, **options)
    verdicts.write.mode("overwrite" if args.overwrite else "errorifexists").format(args.format).save(args.output)
    # Counted from the written verdicts: the lines are not validated a second time.
    written = session.read.format(args.format).schema(verdicts.schema).load(args.output)
    return conform_spark.summarize(written)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        summary = run(args)
    except conform.ConformError as e:
        print(f"validate_requests: {e}", file=sys.stderr)
        return 2
    print(
        f"{summary['lines']} lines: {summary['valid']} valid, {summary['invalid']} invalid, "
        f"{summary['malformed']} malformed, {summary['unknown-operation']} unknown-operation; "
        f"verdicts in {args.output} ({args.format})"
    )
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
