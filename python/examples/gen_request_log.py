"""Writes a request log to validate: NDJSON, one request per line, with known verdicts.

    python gen_request_log.py --spec MODEL --lines 100000 --out requests.ndjson [--operation NAME]
        [--operations A,B,C] [--seed N]

Each line is a request envelope ``{"operation": NAME, "input": {...}}`` over several operations of
the spec (``--operations``; default: up to eight of its operations, in spec order), or, with
``--operation``, that operation's bare input. The inputs are conform's seeded generators' payloads:
valid ones, and invalid ones that each break exactly one constraint. Fixed shares of the lines are
invalid (1 in 10), malformed (1 in 100: cut short, not JSON, an envelope without its input, a
trailing comma in the input), of an operation the spec does not have (1 in 200, envelopes only)
and blank (1 in 500), placed by the seed. Prints the expected counts as JSON (``lines`` counts the
lines that are not blank, as the Spark job does).

Every generated input is checked before it is used: a valid one must validate, an invalid one must
give exactly its one intended violation; the generator stops with an error otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import conform

VALID, INVALID, MALFORMED, UNKNOWN, BLANK = "valid", "invalid", "malformed", "unknown-operation", "blank"
"""A line's kind; every kind but ``blank`` is the verdict the line must get."""

POOL = 64
"""Payloads generated per operation, valid and invalid each; lines draw from these."""

UNKNOWN_NAMES = ("DescribeEverything", "createPackage", "Create Package", "")
"""Operation names for unknown-operation lines (any that the spec has are left out)."""


@dataclass
class RequestLog:
    """A generated log: its lines (no line breaks), each line's kind, and each line's input
    JSON text where the line has one that conform validates (valid and invalid lines)."""

    lines: List[str] = field(default_factory=list)
    kinds: List[str] = field(default_factory=list)
    inputs: List[Optional[str]] = field(default_factory=list)
    operations: List[Optional[str]] = field(default_factory=list)

    def counts(self) -> Dict[str, int]:
        """Lines that are not blank, then the lines of each verdict."""
        counts = {kind: self.kinds.count(kind) for kind in (VALID, INVALID, MALFORMED, UNKNOWN)}
        return {"lines": sum(counts.values()), **counts}

    def write(self, path: str) -> None:
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            for line in self.lines:
                out.write(line)
                out.write("\n")


def _text(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _pools(validator: conform.Validator, operation: str, seed: int) -> "tuple[List[str], List[str]]":
    """Checked valid and invalid input texts of one operation."""
    op = validator.operation(operation)
    valid = [_text(p) for p in conform.generate.valid(op, seed, POOL)]
    for text in valid:
        report = op.validate_input_json(text)
        if not report.valid:
            raise RuntimeError(f"{operation}: a generated valid input is not valid: {text} {report.to_dict()}")
    invalid = []
    for bad in conform.generate.invalid(op, seed, POOL):
        text = _text(bad["payload"])
        found = [(v.path, v.constraint) for v in op.validate_input_json(text).violations]
        if found != [(bad["path"], bad["constraint"])]:
            raise RuntimeError(f"{operation}: a generated invalid input gives {found}, not its one violation: {text}")
        invalid.append(text)
    return valid, invalid


def _envelope(name: str, text: str) -> str:
    return '{"operation":%s,"input":%s}' % (json.dumps(name), text)


def _malformed(rng: random.Random, name: Optional[str], text: str, variant: int) -> str:
    """A line that is not a well-formed request (``name`` ``None``: a bare input), of four kinds
    in turn."""
    whole = text if name is None else _envelope(name, text)
    if variant == 0:  # cut short somewhere after its first character
        return whole[: rng.randrange(1, len(whole))]
    if variant == 1:  # not JSON at all
        return rng.choice(["GET /packages HTTP/1.1", "<request/>", "{'operation': 'x'}", "nul"])
    if variant == 2 and name is not None:  # an envelope without its input
        return '{"operation":%s}' % json.dumps(name)
    # a trailing comma in the input object
    cut = text.rindex("}")
    broken = text[:cut] + "," + text[cut:]
    return broken if name is None else _envelope(name, broken)


def request_log(
    validator: conform.Validator,
    operations: Sequence[str],
    count: int,
    seed: int = 0,
    fixed: Optional[str] = None,
) -> RequestLog:
    """``count`` lines over ``operations`` (or bare inputs of ``fixed``), the same for the same seed."""
    rng = random.Random(seed)
    names = [fixed] if fixed is not None else list(operations)
    pools = {name: _pools(validator, name, seed) for name in names}
    known = set(validator.operations())
    unknown = [n for n in UNKNOWN_NAMES if n not in known]
    shares = {INVALID: count // 10, MALFORMED: count // 100, BLANK: count // 500}
    shares[UNKNOWN] = count // 200 if fixed is None else 0
    kinds = [VALID] * (count - sum(shares.values()))
    for kind, n in shares.items():
        kinds += [kind] * n
    rng.shuffle(kinds)
    log = RequestLog()
    malformed = 0
    for kind in kinds:
        name = rng.choice(names)
        valid, invalid = pools[name]
        text = rng.choice(invalid if kind == INVALID else valid)
        if kind == UNKNOWN:
            name = rng.choice(unknown)
        line = text if fixed is not None else _envelope(name, text)
        if kind == MALFORMED:
            line = _malformed(rng, None if fixed is not None else name, text, malformed % 4)
            malformed += 1
        elif kind == BLANK:
            line = rng.choice(["", "  ", "\t"])
        log.lines.append(line)
        log.kinds.append(kind)
        log.inputs.append(text if kind in (VALID, INVALID) else None)
        log.operations.append(name if kind in (VALID, INVALID, UNKNOWN) else None)
    return log


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", required=True, help="spec or model file (conform, Smithy, botocore)")
    parser.add_argument("--lines", type=int, default=100_000, help="lines to write (default 100000)")
    parser.add_argument("--out", required=True, help="the NDJSON file to write")
    parser.add_argument("--operation", help="write bare inputs of this operation (default: envelopes)")
    parser.add_argument("--operations", help="comma-separated operations for envelopes (default: up to 8)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    validator = conform.compile(conform.load(args.spec))
    operations = args.operations.split(",") if args.operations else validator.operations()[:8]
    log = request_log(validator, operations, args.lines, args.seed, args.operation)
    log.write(args.out)
    print(json.dumps(log.counts()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
