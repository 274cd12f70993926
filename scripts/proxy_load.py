#!/usr/bin/env python3
"""Load and fault test for `conform proxy`: a real upstream (nginx), a real load generator (wrk),
exact accounting, then each fault of issue 24, on loopback only, bounded in time and requests.

    python3 scripts/proxy_load.py                     # target/release/conform proxy
    python3 scripts/proxy_load.py --target example    # target/release/examples/gateway

Needs nginx and wrk (Debian: `apt-get install -y nginx wrk`) and a release build:
`cargo build --release --features cli` (or `--example gateway --features tower`).

What it does, each step checked and printed in a summary table (exit status 1 when any check
fails, 2 when the tools are missing):

* nginx is started from a temporary directory (its own prefix, pid file, logs, port) and answers
  200 with a CreatePackageResponse JSON body, logging every request it receives.
* load: wrk (scripts/proxy_load.lua) sends exactly --valid valid and --invalid invalid IoT
  CreatePackage requests (PUT /packages/{packageName}, specs/iot.json) over --connections
  connections, each with a unique id in its packageName. Checked: every valid request answered
  200 and logged by nginx exactly once, every invalid one answered 400 with the expected
  x-amzn-errortype and absent from nginx's log, the proxy's access log has one line per request
  with the right status, nothing lost or duplicated. Measured: req/s, p50/p99 latency, the
  proxy's CPU per request (utime+stime from /proc/PID/stat), peak RSS (VmHWM).
* cost: --cost-requests valid requests against the proxy and against the same proxy with
  --no-validate, back to back, --cost-rounds times (the order alternating): validation's CPU per
  request is the median of the rounds' differences.
* faults, each on its own proxy process: fd exhaustion under a low RLIMIT_NOFILE, idle and slow
  connections, an upstream that never answers, concurrent large bodies under
  --max-buffered-bytes, the upstream down then back, SIGTERM with a request in flight.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LUA = REPO / "scripts" / "proxy_load.lua"
CLK_TCK = os.sysconf("SC_CLK_TCK")
TOKEN = "3f2b8c1e-4d5a-4e6f-9a7b-8c9d0e1f2a3b"
# The body of the valid requests (400 bytes), handed to scripts/proxy_load.lua, which derives the
# invalid ones from it.
VALID_BODY = (
    '{"description":"Firmware for the temperature sensors in building 7, rolled out '
    "in waves across the fleet: see the change log for the list of fixes, the rollback plan "
    'agreed with the operations team and the sensors still waiting for the previous release.",'
    '"tags":{"team":"fleet-ops","stage":"prod","owner":"platform-firmware",'
    '"cost-center":"cc-1234","release":"2025.04.2-rc1","site":"building-7-north"}}'
)
# x-amzn-errortype of the four invalid variants of proxy_load.lua, in its order.
INVALID_ERROR_TYPES = [
    "ValidationException",
    "ValidationException",
    "ValidationException",
    "SerializationException",
]


# ---------------------------------------------------------------------------------------------
# Results


@dataclasses.dataclass
class Check:
    """One checked expectation: its name, whether it held, and what was seen."""

    phase: str
    name: str
    ok: bool | None  # None: not applicable to this target
    detail: str


class Results:
    """Checks and measurements, printed as a table at the end."""

    def __init__(self) -> None:
        self.checks: list[Check] = []
        self.metrics: list[tuple[str, str, str]] = []

    def check(self, phase: str, name: str, ok: bool | None, detail: str = "") -> bool:
        self.checks.append(Check(phase, name, ok, detail))
        mark = {True: "PASS", False: "FAIL", None: "n/a "}[ok]
        print(f"  [{mark}] {phase}: {name}{' -- ' + detail if detail else ''}", flush=True)
        return bool(ok)

    def metric(self, phase: str, name: str, value: str) -> None:
        self.metrics.append((phase, name, value))
        print(f"  {phase}: {name} = {value}", flush=True)

    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.ok is False]


def log(msg: str) -> None:
    print(f"proxy-load: {msg}", flush=True)


# ---------------------------------------------------------------------------------------------
# Processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, proc: subprocess.Popen | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"exited with status {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port} after {timeout} s")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds (/proc/PID/stat fields 14 and 15)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


class Nginx:
    """An nginx instance of its own: prefix, config, pid file and logs in a temporary directory,
    listening on 127.0.0.1:port, answering 200 with a CreatePackageResponse."""

    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.access_log = root / "logs" / "access.log"
        (root / "logs").mkdir(parents=True, exist_ok=True)
        (root / "tmp").mkdir(exist_ok=True)
        # nginx run as root hands its workers to `nobody`: they must reach the temp paths.
        for p in (root.parent, root, root / "tmp"):
            p.chmod(0o755)
        self.conf = root / "nginx.conf"
        self.conf.write_text(
            f"""
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    client_max_body_size 1m;
    log_format load '$request_method $request_uri $status $request_length';
    access_log {self.access_log} load buffer=64k flush=200ms;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        default_type application/json;
        location ~ ^/packages/([A-Za-z0-9._-]+)$ {{
            return 200 '{{"packageName":"$1","packageArn":"arn:aws:iot:us-east-1:123456789012:package/$1","description":"Firmware for the temperature sensors."}}';
        }}
        location / {{
            return 404 '{{"message":"not found"}}';
        }}
    }}
}}
"""
        )
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["nginx", "-p", str(self.root), "-c", str(self.conf)],
            stdout=subprocess.DEVNULL,
            stderr=open(self.root / "logs" / "stderr.log", "ab"),
        )
        wait_listening(self.port, self.proc, 10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: flushes the access log
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def flush_log(self) -> list[str]:
        """Flushes the buffered access log (SIGUSR1 reopens it) and returns its lines once stable."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGUSR1)
        previous, stable = -1, 0
        for _ in range(100):
            time.sleep(0.1)
            size = self.access_log.stat().st_size if self.access_log.exists() else 0
            stable = stable + 1 if size == previous else 0
            previous = size
            if stable >= 4:
                break
        return self.access_log.read_text().splitlines() if self.access_log.exists() else []


@dataclasses.dataclass
class Target:
    """How to start the thing under test."""

    kind: str  # "proxy" or "example"
    binary: Path
    spec: Path

    def command(self, listen: str, upstream: str, access_log: Path | None, extra: list[str]) -> list[str]:
        if self.kind == "example":
            # The example takes no other flag: it runs without limits, which is what is tested.
            return [str(self.binary), "--spec", str(self.spec), "--listen", listen, "--upstream", upstream]
        cmd = [str(self.binary), "proxy", "--spec", str(self.spec), "--listen", listen, "--upstream", upstream]
        cmd += ["--access-log", str(access_log) if access_log else "off"]
        return cmd + extra


class Proxy:
    """One running proxy process (or the example gateway)."""

    def __init__(self, target: Target, work: Path, name: str, upstream: str, extra: list[str] | None = None,
                 nofile: int | None = None, access_log: bool = True) -> None:
        self.port = free_port()
        self.addr = f"127.0.0.1:{self.port}"
        self.access_log = work / f"{name}.access.log" if access_log and target.kind == "proxy" else None
        self.stderr_path = work / f"{name}.stderr.log"
        cmd = target.command(self.addr, upstream, self.access_log, extra or [])
        (work / f"{name}.cmd").write_text(" ".join(cmd) + "\n")

        def limit() -> None:
            if nofile is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(self.stderr_path, "wb"),
                                     preexec_fn=limit, cwd=REPO)
        self.pid = self.proc.pid
        wait_listening(self.port, self.proc, 60)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, grace: float = 15) -> int | None:
        """SIGTERM, then SIGKILL after `grace` seconds; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def stderr_tail(self, n: int = 3) -> str:
        lines = self.stderr_path.read_text(errors="replace").splitlines()
        return " | ".join(lines[-n:])

    def access_lines(self) -> list[dict]:
        if self.access_log is None or not self.access_log.exists():
            return []
        out = []
        for line in self.access_log.read_text().splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                out.append({"unparsable": line})
        return out


# ---------------------------------------------------------------------------------------------
# A small HTTP/1.1 client over raw sockets (faults need control over every byte)


class Closed(Exception):
    """The server closed the connection before a full response."""


def read_response(sock: socket.socket, deadline: float) -> tuple[int, dict[str, str], bytes]:
    buf = b""
    while b"\r\n\r\n" not in buf:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(65536)
        if not chunk:
            raise Closed(f"closed after {len(buf)} bytes of response")
        buf += chunk
    head, _, body = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        want = int(headers["content-length"])
        while len(body) < want:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = sock.recv(65536)
            if not chunk:
                raise Closed("closed mid-body")
            body += chunk
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while not body.endswith(b"0\r\n\r\n"):
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = sock.recv(65536)
            if not chunk:
                raise Closed("closed mid-body")
            body += chunk
    return status, headers, body


def put_request(name: str, body: str | bytes = VALID_BODY, token: str = TOKEN, close: bool = False) -> bytes:
    data = body.encode() if isinstance(body, str) else body
    head = (f"PUT /packages/{name}?clientToken={token} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n")
    if close:
        head += "Connection: close\r\n"
    return head.encode() + b"\r\n" + data


def exchange(addr: str, raw: bytes, timeout: float) -> tuple[int, dict[str, str], bytes, float]:
    """Sends one request on a new connection; returns status, headers, body and seconds taken."""
    host, port = addr.rsplit(":", 1)
    start = time.monotonic()
    deadline = start + timeout
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(raw)
        status, headers, body = read_response(sock, deadline)
    return status, headers, body, time.monotonic() - start


def try_exchange(addr: str, raw: bytes, timeout: float) -> tuple[int | None, dict, bytes, float, str]:
    start = time.monotonic()
    try:
        status, headers, body, took = exchange(addr, raw, timeout)
        return status, headers, body, took, ""
    except (OSError, Closed, ValueError, IndexError) as e:
        return None, {}, b"", time.monotonic() - start, f"{type(e).__name__}: {e}"


def wait_closed(sock: socket.socket, timeout: float) -> float | None:
    """Seconds until the peer closes `sock` (EOF or reset), None if still open after `timeout`."""
    start = time.monotonic()
    deadline = start + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            data = sock.recv(65536)
        except socket.timeout:
            return None
        except OSError:
            return time.monotonic() - start
        if not data:
            return time.monotonic() - start
        # A response (408, 400) before the close is fine: keep reading until EOF.


# ---------------------------------------------------------------------------------------------
# Load with wrk


@dataclasses.dataclass
class LoadRun:
    """What a wrk run sent and received, and what it cost the proxy."""

    run: str
    result: dict
    cpu_s: float
    seconds: float
    requests: int


def is_invalid(n: int, quota: int, invalid_quota: int) -> bool:
    """The same spread as proxy_load.lua's is_invalid."""
    if quota == 0:
        return False
    return (n + 1) * invalid_quota // quota > n * invalid_quota // quota


def run_wrk(args: argparse.Namespace, work: Path, run: str, proxy: Proxy, valid: int, invalid: int) -> LoadRun:
    markers = work / f"wrk-{run}"
    markers.mkdir()
    env = dict(os.environ, PROXY_LOAD_RUN=run, PROXY_LOAD_VALID=str(valid), PROXY_LOAD_INVALID=str(invalid),
               PROXY_LOAD_THREADS=str(args.threads), PROXY_LOAD_DIR=str(markers), PROXY_LOAD_BODY=VALID_BODY)
    cmd = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.time_limit}s",
           "--timeout", "10s", "--latency", "-s", str(LUA), f"http://{proxy.addr}/"]
    cpu0 = cpu_seconds(proxy.pid)
    start = time.monotonic()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.time_limit + 60)
    seconds = time.monotonic() - start
    cpu1 = cpu_seconds(proxy.pid)
    (work / f"wrk-{run}.out").write_text(out.stdout + out.stderr)
    line = next((l for l in out.stdout.splitlines() if l.startswith("proxy-load-result ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result (status {out.returncode}): {out.stderr.strip()[:500]}")
    result = json.loads(line[len("proxy-load-result "):])
    threads = result["threads"]
    answered = sum(t["answered"] for t in threads)
    first = min(t["first_us"] for t in threads if t["issued"])
    last = max(t["last_us"] for t in threads)
    if last > first:
        seconds = (last - first) / 1e6
    return LoadRun(run, result, cpu1 - cpu0, seconds, answered)


def expected_ids(result: dict, run: str) -> tuple[dict[str, int], set[str]]:
    """The ids sent: valid ones, and invalid ones mapped to their variant index."""
    valid: set[str] = set()
    invalid: dict[str, int] = {}
    for t in result["threads"]:
        k = 0
        for n in range(t["issued"]):
            rid = f"{run}-t{t['tid']}-n{n}"
            if is_invalid(n, t["quota"], t["invalid_quota"]):
                invalid[rid] = k % len(INVALID_ERROR_TYPES)
                k += 1
            else:
                valid.add(rid)
    return invalid, valid


ID = re.compile(r"/packages/([A-Za-z0-9]+-t\d+-n\d+)")


def account(res: Results, phase: str, load: LoadRun, nginx_lines: list[str], proxy: Proxy,
            valid_n: int, invalid_n: int, validating: bool) -> None:
    """Exact accounting of one wrk run: wrk's own tallies, nginx's log and the proxy's log."""
    r, run = load.result, load.run
    threads = r["threads"]
    issued = sum(t["issued"] for t in threads)
    answered = sum(t["answered"] for t in threads)
    statuses: dict[str, int] = {}
    types: dict[str, int] = {}
    for t in threads:
        for k, v in (t["statuses"] or {}).items():
            statuses[k] = statuses.get(k, 0) + v
        for k, v in (t["error_types"] or {}).items():
            types[k] = types.get(k, 0) + v
    errors = r["summary"]["errors"]
    res.check(phase, "wrk sent exactly the requests asked for", issued == valid_n + invalid_n,
              f"{issued} sent of {valid_n + invalid_n}")
    res.check(phase, "wrk got one response per request", answered == issued, f"{answered} responses to {issued}")
    res.check(phase, "no socket error or timeout in wrk",
              errors["connect"] + errors["read"] + errors["write"] + errors["timeout"] == 0,
              ", ".join(f"{k} {v}" for k, v in errors.items() if k != "status"))
    invalid_ids, valid_ids = expected_ids(r, run)
    want_statuses = {"200": len(valid_ids) + (0 if validating else len(invalid_ids))}
    if validating and invalid_ids:
        want_statuses["400"] = len(invalid_ids)
    res.check(phase, "statuses as expected", statuses == want_statuses,
              f"got {json.dumps(statuses, sort_keys=True)}, want {json.dumps(want_statuses, sort_keys=True)}")
    if validating and invalid_ids:
        want_types: dict[str, int] = {}
        for variant in invalid_ids.values():
            name = INVALID_ERROR_TYPES[variant]
            want_types[name] = want_types.get(name, 0) + 1
        res.check(phase, "x-amzn-errortype of the 400s", types == want_types,
                  f"got {json.dumps(types, sort_keys=True)}, want {json.dumps(want_types, sort_keys=True)}")

    # nginx: every forwarded id exactly once, nothing else of this run.
    forwarded = valid_ids if validating else valid_ids | set(invalid_ids)
    seen: dict[str, int] = {}
    bad_status = 0
    for line in nginx_lines:
        m = ID.search(line)
        if m and m.group(1).startswith(run + "-"):
            seen[m.group(1)] = seen.get(m.group(1), 0) + 1
            if line.split()[2] != "200":
                bad_status += 1
    dups = sum(1 for v in seen.values() if v > 1)
    missing = len(forwarded - seen.keys())
    leaked = len(set(invalid_ids) & seen.keys()) if validating else 0
    extra = len(seen.keys() - forwarded)
    res.check(phase, "nginx logged every forwarded request exactly once",
              missing == 0 and dups == 0 and extra == 0 and bad_status == 0,
              f"{len(seen)} ids logged of {len(forwarded)}: {missing} missing, {dups} duplicated, "
              f"{extra} unexpected, {bad_status} not 200")
    if validating:
        res.check(phase, "no invalid request reached nginx", leaked == 0,
                  f"{leaked} of {len(invalid_ids)} invalid ids in nginx's log")

    # The proxy's access log: one line per request, with its status.
    if proxy.access_log is None:
        res.check(phase, "proxy access log: one line per request", None, "the example writes no access log")
        return
    lines = proxy.access_lines()
    per_id: dict[str, list[dict]] = {}
    unparsable = 0
    for entry in lines:
        if "unparsable" in entry:
            unparsable += 1
            continue
        m = ID.search(str(entry.get("path", "")))
        if m and m.group(1).startswith(run + "-"):
            per_id.setdefault(m.group(1), []).append(entry)
    sent = valid_ids | set(invalid_ids)
    wrong = 0
    for rid, entries in per_id.items():
        want = 400 if (validating and rid in invalid_ids) else 200
        if len(entries) != 1 or entries[0].get("status") != want:
            wrong += 1
            continue
        e = entries[0]
        if e.get("operation") not in ("CreatePackage", None) and validating:
            wrong += 1
        if validating and "violations" in e:
            # A valid request has no violation; a ValidationException names at least one.
            if rid in valid_ids and e["violations"] != 0:
                wrong += 1
            elif (rid in invalid_ids and INVALID_ERROR_TYPES[invalid_ids[rid]] == "ValidationException"
                  and not (isinstance(e["violations"], int) and e["violations"] >= 1)):
                wrong += 1
    missing = len(sent - per_id.keys())
    extra = len(per_id.keys() - sent)
    res.check(phase, "proxy access log: one line per request, right status",
              missing == 0 and extra == 0 and wrong == 0 and unparsable == 0,
              f"{len(per_id)} ids of {len(sent)}: {missing} missing, {extra} unexpected, "
              f"{wrong} wrong or repeated, {unparsable} lines not JSON")


def load_metrics(res: Results, phase: str, load: LoadRun, proxy: Proxy) -> dict:
    lat = load.result["latency_us"]
    m = {
        "requests": load.requests,
        "req_per_s": load.requests / load.seconds if load.seconds else 0.0,
        "p50_ms": lat["p50"] / 1000,
        "p99_ms": lat["p99"] / 1000,
        "cpu_us_per_request": load.cpu_s * 1e6 / load.requests if load.requests else 0.0,
        "peak_rss_mib": status_kib(proxy.pid, "VmHWM") / 1024,
    }
    res.metric(phase, "requests", f"{m['requests']} in {load.seconds:.2f} s")
    res.metric(phase, "req/s", f"{m['req_per_s']:.0f}")
    res.metric(phase, "latency p50 / p99", f"{m['p50_ms']:.2f} ms / {m['p99_ms']:.2f} ms")
    res.metric(phase, "proxy CPU per request", f"{m['cpu_us_per_request']:.1f} us")
    res.metric(phase, "proxy peak RSS (VmHWM)", f"{m['peak_rss_mib']:.1f} MiB")
    return m


# ---------------------------------------------------------------------------------------------
# Phases


def phase_load(args, work: Path, target: Target, nginx: Nginx, res: Results) -> dict:
    phase = "load"
    log(f"{phase}: {args.valid} valid + {args.invalid} invalid requests, {args.connections} connections")
    proxy = Proxy(target, work, "load", f"http://127.0.0.1:{nginx.port}")
    try:
        load = run_wrk(args, work, "load", proxy, args.valid, args.invalid)
        metrics = load_metrics(res, phase, load, proxy)
    finally:
        status = proxy.stop()
    nginx_lines = nginx.flush_log()
    account(res, phase, load, nginx_lines, proxy, args.valid, args.invalid, validating=True)
    if target.kind == "proxy":
        res.check(phase, "SIGTERM: the proxy exits 0", status == 0, f"exit status {status}")
    return metrics


def phase_cost(args, work: Path, target: Target, nginx: Nginx, res: Results) -> dict:
    phase = "cost"
    if target.kind != "proxy":
        res.check(phase, "validation's CPU per request", None, "the example cannot turn validation off")
        return {}
    log(f"{phase}: {args.cost_requests} valid requests x {args.cost_rounds} rounds, validating and --no-validate")
    upstream = f"http://127.0.0.1:{nginx.port}"
    per_request: dict[str, list[float]] = {"validate": [], "no-validate": []}
    runs: dict[str, list[LoadRun]] = {"validate": [], "no-validate": []}
    proxies = {
        "validate": Proxy(target, work, "cost-validate", upstream),
        "no-validate": Proxy(target, work, "cost-novalidate", upstream, ["--no-validate"]),
    }
    try:
        for rnd in range(args.cost_rounds):
            order = ["validate", "no-validate"] if rnd % 2 == 0 else ["no-validate", "validate"]
            for mode in order:
                run = f"cost{rnd}{'v' if mode == 'validate' else 'n'}"
                load = run_wrk(args, work, run, proxies[mode], args.cost_requests, 0)
                runs[mode].append(load)
                per_request[mode].append(load.cpu_s * 1e6 / load.requests if load.requests else float("nan"))
    finally:
        for p in proxies.values():
            p.stop()
    nginx_lines = nginx.flush_log()
    for mode, loads in runs.items():
        for load in loads:
            account(res, f"{phase} {mode} {load.run}", load, nginx_lines, proxies[mode], args.cost_requests, 0,
                    validating=(mode == "validate"))
    v, n = statistics.median(per_request["validate"]), statistics.median(per_request["no-validate"])
    # Runs of one round are back to back: their difference is steadier than the medians' (other
    # load on the machine shifts both alike).
    diffs = [a - b for a, b in zip(per_request["validate"], per_request["no-validate"])]
    cost = statistics.median(diffs)
    res.metric(phase, "CPU per request, validating (median)",
               f"{v:.1f} us ({', '.join(f'{x:.1f}' for x in per_request['validate'])})")
    res.metric(phase, "CPU per request, --no-validate (median)",
               f"{n:.1f} us ({', '.join(f'{x:.1f}' for x in per_request['no-validate'])})")
    res.metric(phase, "req/s validating / --no-validate",
               f"{statistics.median(l.requests / l.seconds for l in runs['validate']):.0f} / "
               f"{statistics.median(l.requests / l.seconds for l in runs['no-validate']):.0f}")
    res.metric(phase, "validation's CPU per request (median of the rounds' differences)",
               f"{cost:.1f} us ({', '.join(f'{x:.1f}' for x in diffs)})")
    res.check(phase, f"validation costs <= {args.cost_target} us of CPU per request", cost <= args.cost_target,
              f"{cost:.1f} us ({len(VALID_BODY)}-byte body)")
    return {"validate_us": v, "no_validate_us": n, "validation_us": cost, "differences_us": diffs}


def phase_fd(args, work: Path, target: Target, nginx: Nginx, res: Results) -> None:
    phase = "fd exhaustion"
    limit, flood_n = args.fd_limit, args.fd_limit * 2
    log(f"{phase}: RLIMIT_NOFILE {limit}, {flood_n} idle connections")
    extra = ["--header-timeout", "2", "--idle-timeout", "2"]
    proxy = Proxy(target, work, "fd", f"http://127.0.0.1:{nginx.port}", extra, nofile=limit)
    flood: list[socket.socket] = []
    try:
        for _ in range(flood_n):
            try:
                flood.append(socket.create_connection(("127.0.0.1", proxy.port), timeout=5))
            except OSError:
                break
        time.sleep(1.0)
        opened = len(flood)
        if proxy.alive():
            detail = f"{opened} connections opened, {open_fds(proxy.pid)} fds open in the proxy"
        else:
            detail = f"{opened} connections opened; exited ({proxy.proc.returncode}): {proxy.stderr_tail()}"
        res.check(phase, f"still running after {flood_n} idle connections", proxy.alive(), detail)
        status, _, _, took, err = try_exchange(proxy.addr, put_request("fd-during"), args.fault_wait)
        res.check(phase, "answers a valid request while the idle flood is held", status == 200,
                  f"status {status} after {took:.1f} s {err}".strip())
        for s in flood:
            s.close()
        flood.clear()
        time.sleep(0.5)
        status, _, _, took, err = try_exchange(proxy.addr, put_request("fd-after"), args.fault_wait)
        res.check(phase, "answers a valid request after the flood", status == 200,
                  f"status {status} after {took:.1f} s {err}".strip())
    finally:
        for s in flood:
            s.close()
        proxy.stop()


def phase_timeouts(args, work: Path, target: Target, nginx: Nginx, res: Results) -> None:
    phase = "timeouts"
    header_t, idle_t = 2, 3
    log(f"{phase}: --header-timeout {header_t} --idle-timeout {idle_t}")
    proxy = Proxy(target, work, "timeouts", f"http://127.0.0.1:{nginx.port}",
                  ["--header-timeout", str(header_t), "--idle-timeout", str(idle_t)])
    bound = args.fault_wait
    try:
        results: dict[str, float | None] = {}

        def silent() -> None:
            with socket.create_connection(("127.0.0.1", proxy.port)) as s:
                results["silent"] = wait_closed(s, bound)

        def keepalive_idle() -> None:
            with socket.create_connection(("127.0.0.1", proxy.port)) as s:
                s.sendall(put_request("idle-after-one"))
                read_response(s, time.monotonic() + 10)
                results["idle"] = wait_closed(s, bound)

        def slow_headers() -> None:
            raw = put_request("slow-headers")
            with socket.create_connection(("127.0.0.1", proxy.port)) as s:
                start = time.monotonic()
                head = raw[: raw.index(b"\r\n\r\n")]
                for i in range(len(head)):
                    if time.monotonic() - start > bound:
                        break
                    try:
                        s.sendall(head[i : i + 1])
                    except OSError:
                        results["slow"] = time.monotonic() - start
                        return
                    s.settimeout(0.5)
                    try:
                        if s.recv(65536) == b"":
                            results["slow"] = time.monotonic() - start
                            return
                    except socket.timeout:
                        pass
                    except OSError:
                        results["slow"] = time.monotonic() - start
                        return
                left = bound - (time.monotonic() - start)
                closed = wait_closed(s, max(left, 0.1))
                results["slow"] = None if closed is None else time.monotonic() - start

        def stalled_body() -> None:
            raw = put_request("stalled-body")
            with socket.create_connection(("127.0.0.1", proxy.port)) as s:
                s.sendall(raw[: raw.index(b"\r\n\r\n") + 4 + 20])
                results["stalled"] = wait_closed(s, bound)

        workers = [threading.Thread(target=f) for f in (silent, keepalive_idle, slow_headers, stalled_body)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        margin = 2.0

        def verdict(key: str, limit: float, what: str) -> None:
            took = results.get(key)
            res.check(phase, f"{what} closed within {limit:.0f} s + {margin:.0f}",
                      took is not None and took <= limit + margin,
                      "still open after %.0f s" % bound if took is None else f"closed after {took:.1f} s")

        verdict("silent", header_t, "connection sending nothing")
        verdict("slow", header_t, "headers sent a byte every 0.5 s")
        verdict("idle", idle_t, "keep-alive connection idle after one request")
        verdict("stalled", header_t, "body stalled after 20 bytes")
        status, _, _, _, err = try_exchange(proxy.addr, put_request("after-timeouts"), 10)
        res.check(phase, "still answers afterwards", status == 200, f"status {status} {err}".strip())
    finally:
        proxy.stop()


class BlackHole:
    """An upstream that accepts connections, reads what it is sent and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.received = 0
        self.stopped = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.conns.append(conn)
            threading.Thread(target=self._drain, args=(conn,), daemon=True).start()

    def _drain(self, conn: socket.socket) -> None:
        try:
            while not self.stopped and conn.recv(65536):
                self.received += 1
        except OSError:
            pass

    def close(self) -> None:
        self.stopped = True
        for c in self.conns:
            c.close()
        self.sock.close()


def has_service_error_headers(headers: dict) -> bool:
    return "x-amzn-errortype" in headers and headers.get("content-type", "").startswith("application/")


def phase_hung_upstream(args, work: Path, target: Target, res: Results) -> None:
    phase = "upstream never answers"
    upstream_t = 2
    log(f"{phase}: --upstream-timeout {upstream_t}")
    hole = BlackHole()
    proxy = Proxy(target, work, "hung", f"http://127.0.0.1:{hole.port}", ["--upstream-timeout", str(upstream_t)])
    try:
        status, headers, _, took, err = try_exchange(proxy.addr, put_request("hung"), args.fault_wait)
        res.check(phase, f"504 within {upstream_t} s + 2", status == 504 and took <= upstream_t + 2,
                  f"status {status} after {took:.1f} s {err}".strip())
        res.check(phase, "504 carries x-amzn-errortype and content-type",
                  status == 504 and has_service_error_headers(headers),
                  json.dumps({k: v for k, v in headers.items() if k in ("content-type", "x-amzn-errortype")}))
        res.check(phase, "the request reached the upstream", hole.received > 0, f"{hole.received} reads")
    finally:
        proxy.stop()
        hole.close()


def phase_large_bodies(args, work: Path, target: Target, nginx: Nginx, res: Results) -> None:
    phase = "large bodies"
    n, size = args.large_count, args.large_bytes
    cap = args.max_buffered_mib * 1024 * 1024
    log(f"{phase}: {n} concurrent {size / 1e6:.1f} MB bodies, --max-buffered-bytes {cap}")
    proxy = Proxy(target, work, "large", f"http://127.0.0.1:{nginx.port}",
                  ["--max-buffered-bytes", str(cap), "--max-body-bytes", str(16 * 1024 * 1024)])
    # A description of `size` characters breaks its 1024-character maximum: 400, never forwarded.
    body = ('{"description":"' + "x" * (size - 20) + '"}').encode()
    raw = put_request("large-body", body)
    try:
        base = status_kib(proxy.pid, "VmRSS") / 1024
        outcomes: list[tuple[int | None, str]] = [(None, "")] * n
        barrier = threading.Barrier(n)

        def send(i: int) -> None:
            barrier.wait()
            status, _, _, _, err = try_exchange(proxy.addr, raw, args.fault_wait)
            outcomes[i] = (status, err)

        workers = [threading.Thread(target=send, args=(i,)) for i in range(n)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        alive = proxy.alive()
        peak = status_kib(proxy.pid, "VmHWM") / 1024 if alive else float("nan")
        counts: dict[str, int] = {}
        for status, err in outcomes:
            key = str(status) if status is not None else (err.split(":")[0] or "none")
            counts[key] = counts.get(key, 0) + 1
        bound = base + args.rss_factor * args.max_buffered_mib
        res.metric(phase, "peak RSS (VmHWM)", f"{peak:.0f} MiB (at start {base:.0f} MiB)")
        res.check(phase, "still running", alive, "" if alive else proxy.stderr_tail())
        res.check(phase, "every body answered 400 (invalid) or 503/413 (shed)",
                  set(counts) <= {"400", "503", "413"} and counts.get("400", 0) > 0,
                  json.dumps(counts, sort_keys=True))
        res.check(phase, f"peak RSS <= start + {args.rss_factor} x the {args.max_buffered_mib} MiB cap",
                  alive and peak <= bound, f"{peak:.0f} MiB against {bound:.0f} MiB")
        status, _, _, _, err = try_exchange(proxy.addr, put_request("after-large"), 10)
        res.check(phase, "still answers afterwards", status == 200, f"status {status} {err}".strip())
    finally:
        proxy.stop()


def phase_upstream_down(args, work: Path, target: Target, res: Results) -> None:
    phase = "upstream down then back"
    root = work / "nginx-flaky"
    flaky = Nginx(root, free_port())
    log(f"{phase}: nginx on {flaky.port} stopped, then started")
    proxy = Proxy(target, work, "flaky", f"http://127.0.0.1:{flaky.port}", ["--upstream-timeout", "5"])
    try:
        down = [try_exchange(proxy.addr, put_request(f"down{i}"), args.fault_wait) for i in range(args.flaky_requests)]
        statuses = sorted({str(d[0]) for d in down})
        res.check(phase, "down: every valid request answered 502", statuses == ["502"], ", ".join(statuses))
        res.check(phase, "502 carries x-amzn-errortype and content-type",
                  all(has_service_error_headers(d[1]) for d in down),
                  json.dumps({k: v for k, v in down[0][1].items() if k in ("content-type", "x-amzn-errortype")}))
        bad, _, _, _, err = try_exchange(proxy.addr, put_request("down-invalid", token="short"), 10)
        res.check(phase, "down: an invalid request is still answered 400", bad == 400, f"status {bad} {err}".strip())
        flaky.start()
        up = [try_exchange(proxy.addr, put_request(f"up{i}"), args.fault_wait) for i in range(args.flaky_requests)]
        statuses = sorted({str(u[0]) for u in up})
        res.check(phase, "back: every valid request answered 200", statuses == ["200"], ", ".join(statuses))
        logged = [l for l in flaky.flush_log() if "/packages/up" in l]
        res.check(phase, "back: nginx logged each once", len(logged) == args.flaky_requests,
                  f"{len(logged)} of {args.flaky_requests}")
    finally:
        proxy.stop()
        flaky.stop()


class SlowUpstream:
    """An upstream that answers each request with 200 after `delay` seconds."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stopped = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        body = b'{"packageName":"slow","packageArn":"arn:aws:iot:us-east-1:123456789012:package/slow"}'
        buf = b""
        try:
            conn.settimeout(10)
            while b"\r\n\r\n" not in buf:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buf += chunk
            head, _, rest = buf.partition(b"\r\n\r\n")
            m = re.search(rb"(?i)content-length:\s*(\d+)", head)
            want = int(m.group(1)) if m else 0
            while len(rest) < want:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                rest += chunk
            time.sleep(self.delay)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stopped = True
        self.sock.close()


def phase_shutdown(args, work: Path, target: Target, res: Results) -> None:
    phase = "graceful shutdown"
    delay = 1.5
    log(f"{phase}: SIGTERM with a request in flight ({delay} s upstream)")
    slow = SlowUpstream(delay)
    proxy = Proxy(target, work, "shutdown", f"http://127.0.0.1:{slow.port}", ["--shutdown-grace", "10"])
    try:
        box: dict = {}

        def send() -> None:
            box["r"] = try_exchange(proxy.addr, put_request("in-flight"), 15)

        t = threading.Thread(target=send)
        t.start()
        time.sleep(0.4)
        start = time.monotonic()
        proxy.proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        refused = False
        try:
            socket.create_connection(("127.0.0.1", proxy.port), timeout=1).close()
        except OSError:
            refused = True
        t.join()
        try:
            proxy.proc.wait(15)
        except subprocess.TimeoutExpired:
            pass
        took = time.monotonic() - start
        status, _, _, _, err = box["r"]
        res.check(phase, "the in-flight request is answered 200", status == 200, f"status {status} {err}".strip())
        res.check(phase, "new connections refused once SIGTERM is received", refused, "")
        code = proxy.proc.returncode
        res.check(phase, "exits 0 once it is done", code == 0 and took < delay + 5,
                  f"exit status {code} after {took:.1f} s")
    finally:
        proxy.stop()
        slow.close()


def phase_health(args, work: Path, target: Target, nginx: Nginx, res: Results) -> None:
    phase = "health"
    proxy = Proxy(target, work, "health", f"http://127.0.0.1:{nginx.port}")
    try:
        before = len(nginx.flush_log())
        status, _, _, _, err = try_exchange(proxy.addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 10)
        after = len(nginx.flush_log())
        res.check(phase, "GET /healthz answered 200 without reaching the upstream",
                  status == 200 and after == before, f"status {status}, {after - before} upstream lines {err}".strip())
    finally:
        proxy.stop()


# ---------------------------------------------------------------------------------------------


def print_summary(res: Results, target: Target, args) -> None:
    print()
    print(f"Summary ({target.kind}: {target.binary.relative_to(REPO) if target.binary.is_relative_to(REPO) else target.binary})")
    print()
    print("| phase | measure | value |")
    print("|---|---|---|")
    for phase, name, value in res.metrics:
        print(f"| {phase} | {name} | {value} |")
    print()
    print("| phase | check | result | seen |")
    print("|---|---|---|---|")
    for c in res.checks:
        mark = {True: "pass", False: "**FAIL**", None: "n/a"}[c.ok]
        print(f"| {c.phase} | {c.name} | {mark} | {c.detail} |")
    failed = res.failed()
    print()
    passed = sum(1 for c in res.checks if c.ok)
    print(f"{passed} passed, {len(failed)} failed, {sum(1 for c in res.checks if c.ok is None)} not applicable")


PHASES = ["load", "cost", "health", "fd", "timeouts", "hung", "large", "flaky", "shutdown"]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--target", choices=["proxy", "example"], default="proxy",
                   help="`conform proxy` (default) or the examples/gateway.rs example")
    p.add_argument("--binary", type=Path, help="default target/release/conform or target/release/examples/gateway")
    p.add_argument("--spec", type=Path, default=REPO / "specs" / "iot.json")
    p.add_argument("--valid", type=int, default=225_000, help="valid requests in the load phase (225000)")
    p.add_argument("--invalid", type=int, default=25_000, help="invalid requests in the load phase (25000)")
    p.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    p.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    p.add_argument("--cost-requests", type=int, default=30_000, help="valid requests per cost run (30000)")
    p.add_argument("--cost-rounds", type=int, default=8, help="cost runs per mode (8)")
    p.add_argument("--cost-target", type=float, default=10.0, help="validation's CPU budget per request, us (10)")
    p.add_argument("--time-limit", type=int, default=300, help="the longest a wrk run may take, s (300)")
    p.add_argument("--fault-wait", type=float, default=15.0,
                   help="the longest a fault check waits for an answer or a close, s (15)")
    p.add_argument("--fd-limit", type=int, default=128, help="RLIMIT_NOFILE of the fd-exhaustion proxy (128)")
    p.add_argument("--large-count", type=int, default=32, help="concurrent large bodies (32)")
    p.add_argument("--large-bytes", type=int, default=9_500_000, help="size of each large body (9500000)")
    p.add_argument("--max-buffered-mib", type=int, default=64, help="--max-buffered-bytes of that proxy, MiB (64)")
    p.add_argument("--rss-factor", type=float, default=3.0,
                   help="peak RSS may grow by this many times the buffered cap (3)")
    p.add_argument("--flaky-requests", type=int, default=20, help="requests while the upstream is down, and back (20)")
    p.add_argument("--only", help=f"comma-separated phases among {','.join(PHASES)}")
    p.add_argument("--keep", action="store_true", help="keep the work directory (always kept on failure)")
    p.add_argument("--json", type=Path, help="also write the checks and measures to this file")
    args = p.parse_args()
    phases = args.only.split(",") if args.only else PHASES
    unknown = set(phases) - set(PHASES)
    if unknown:
        p.error(f"unknown phase(s) {', '.join(sorted(unknown))}")

    missing = [tool for tool in ("nginx", "wrk") if shutil.which(tool) is None]
    if missing:
        print(f"proxy-load: {' and '.join(missing)} not found: install with `apt-get install -y nginx wrk` "
              "(Debian/Ubuntu; nginx's own service need not run)", file=sys.stderr)
        return 2
    binary = args.binary or (REPO / "target" / "release" / ("conform" if args.target == "proxy" else "examples/gateway"))
    if not binary.exists():
        build = ("cargo build --release --features cli" if args.target == "proxy"
                 else "cargo build --release --example gateway --features tower")
        print(f"proxy-load: {binary} not found: build it with `{build}`", file=sys.stderr)
        return 2
    target = Target(args.target, binary, args.spec)

    work = Path(tempfile.mkdtemp(prefix="proxy-load-"))
    log(f"work directory {work}")
    res = Results()
    nginx = Nginx(work / "nginx", free_port())
    measures: dict = {}
    try:
        nginx.start()
        log(f"nginx on 127.0.0.1:{nginx.port}")
        for phase in phases:
            try:
                if phase == "load":
                    measures["load"] = phase_load(args, work, target, nginx, res)
                elif phase == "cost":
                    measures["cost"] = phase_cost(args, work, target, nginx, res)
                elif phase == "health":
                    if target.kind == "proxy":
                        phase_health(args, work, target, nginx, res)
                    else:
                        res.check("health", "GET /healthz without reaching the upstream", None,
                                  "the example has no health path")
                elif phase == "fd":
                    phase_fd(args, work, target, nginx, res)
                elif phase == "timeouts":
                    phase_timeouts(args, work, target, nginx, res)
                elif phase == "hung":
                    phase_hung_upstream(args, work, target, res)
                elif phase == "large":
                    phase_large_bodies(args, work, target, nginx, res)
                elif phase == "flaky":
                    phase_upstream_down(args, work, target, res)
                elif phase == "shutdown":
                    phase_shutdown(args, work, target, res)
            except (RuntimeError, OSError, subprocess.SubprocessError, KeyError) as e:
                res.check(phase, "phase ran", False, f"{type(e).__name__}: {e}")
    finally:
        nginx.stop()
    print_summary(res, target, args)
    if args.json:
        args.json.write_text(json.dumps({"target": target.kind, "measures": measures,
                                         "checks": [dataclasses.asdict(c) for c in res.checks]}, indent=2))
    failed = res.failed()
    if failed or args.keep:
        log(f"logs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
