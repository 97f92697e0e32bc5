"""A bounded load test of ``kg serve`` on loopback: N clients × M requests, p50/p99 and throughput.

Run by hand (not part of the test suite; it stops by itself)::

    python bench/bench_load.py --build-dir /tmp/b0                  # 100 clients × 20 requests
    python bench/bench_load.py --build-dir /tmp/b0 --clients 200 --requests 5

It starts ``python -m kg serve`` on a free loopback port as a child process, waits for it to
answer, then runs every client in its own thread, each sending its requests one after another on
fresh connections (as a browser or SPARQL client without keep-alive would). A request counts as an
error when it fails to connect, times out or does not answer 200. The server is stopped at the end
whatever happened. Only loopback is ever contacted.
"""
from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import quote

QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?d ?t WHERE { ?d <http://data.europa.eu/eli/ontology#title> ?t } LIMIT 20",
    "ASK { ?s ?p ?o }",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, limit_s: float = 120.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/sparql?query=" + quote("ASK{}"))
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not answer within {limit_s:.0f} s")


def client(port: int, n: int, offset: int, times: list[float], errors: list[str], timeout_s: float) -> None:
    for i in range(n):
        path = "/sparql?query=" + quote(QUERIES[(offset + i) % len(QUERIES)])
        start = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                errors.append(f"HTTP {response.status}")
                continue
        except OSError as exc:
            errors.append(type(exc).__name__)
            continue
        times.append(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout-s", type=float, default=30.0)
    parser.add_argument("--code", help="a folder holding another kg package to serve (e.g. an older "
                        "version from `git archive <commit> kg | tar -x -C DIR`), for before/after")
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, **({"PYTHONPATH": args.code} if args.code else {})}
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--build-dir", args.build_dir,
                               "--port", str(port), "--workers", str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        wait_ready(port)
        times: list[float] = []
        errors: list[str] = []
        threads = [threading.Thread(target=client, args=(port, args.requests, k, times, errors, args.timeout_s))
                   for k in range(args.clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    total = args.clients * args.requests
    ms = sorted(t * 1000 for t in times)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else float("nan")
    print(f"{args.clients} clients × {args.requests} requests = {total}: {len(times)} ok, {len(errors)} errors"
          f" ({', '.join(sorted(set(errors))) or 'none'})")
    if ms:
        print(f"p50 {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms, "
              f"throughput {len(times) / wall:.0f} req/s over {wall:.1f} s")
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
