"""Throughput of conform.spark on local Spark: lines per second, envelopes and bare inputs, and
the same validation through RDD.mapPartitions (the alternative to mapInArrow that conform.spark
does not use; measured here to show why).

    python python/benches/spark_validate.py --spec MODEL [--lines 1000000] [--master local[2]]

Generates the logs with examples/gen_request_log.py, warms up once, then times each way three
times (best of three): the whole job, results written to Spark's no-op sink.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile
import time
from functools import partial

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "examples"))

import conform  # noqa: E402
import gen_request_log  # noqa: E402
from conform import spark as conform_spark  # noqa: E402


def _rdd_rows(job, rows):
    """RDD.mapPartitions: a row of strings in, a tuple of verdict columns out."""
    checker = conform_spark._checker(job)
    for row in rows:
        line = row[0]
        if conform_spark._blank(line):
            continue
        outcome = checker.fixed(job.operation, line) if job.operation else checker.envelope(line)
        yield outcome


def _files(spark, path, spec, operation):
    conform_spark.validate_files(spark, path, spec, operation).write.format("noop").mode("overwrite").save()


def _lines(spark, path, spec, operation):
    text = spark.read.text(path)
    conform_spark.validate_lines(text, spec, operation).write.format("noop").mode("overwrite").save()


def _rdd(spark, path, spec, operation):
    from pyspark.sql.types import StructType

    job = conform_spark._job(spec, operation, None, {})
    rows = spark.read.text(path).rdd.mapPartitions(partial(_rdd_rows, job))
    spark.createDataFrame(rows, StructType(conform_spark._verdict_fields())).write.format("noop").mode(
        "overwrite"
    ).save()


def best(run, times=3):
    run()  # warm-up: the Python workers start and compile the spec
    out = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        out.append(time.perf_counter() - start)
    return min(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", required=True)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(args.master)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    validator = conform.compile(conform.load(args.spec))
    operations = validator.operations()[:8]
    with tempfile.TemporaryDirectory() as tmp:
        envelopes = os.path.join(tmp, "envelopes.ndjson")
        bare = os.path.join(tmp, "bare.ndjson")
        gen_request_log.request_log(validator, operations, args.lines, 1).write(envelopes)
        gen_request_log.request_log(validator, operations, args.lines, 1, fixed=operations[0]).write(bare)
        size = {p: os.path.getsize(p) for p in (envelopes, bare)}
        spec = conform.load(args.spec)
        for label, path, operation in (
            ("envelopes", envelopes, None),
            (f"bare {operations[0]}", bare, operations[0]),
        ):
            for way, run in (
                ("validate_files (mapInArrow, line numbers)", partial(_files, spark, path, spec, operation)),
                ("validate_lines (mapInArrow)", partial(_lines, spark, path, spec, operation)),
                ("RDD.mapPartitions", partial(_rdd, spark, path, spec, operation)),
            ):
                secs = best(run)
                print(
                    f"{label:28} {way:42} {args.lines / secs:>10,.0f} lines/s "
                    f"{size[path] / secs / 1e6:6.1f} MB/s ({secs:.2f} s)",
                    flush=True,
                )
    spark.stop()


if __name__ == "__main__":
    main()
