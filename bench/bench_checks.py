"""Time the build-time shape checks (kg.graph.checking.check_parts) on a built graph.

Run by hand: ``python bench/bench_checks.py [BUILD] [--workers 2] [--union] [--slowest 10]``,
where BUILD is a ``kg build`` folder (default /tmp/ck46: ``kg build /tmp/s46 --out /tmp/ck46``,
/tmp/s46 being bench_build.scaled_corpus(…, 46), 1,012 documents). The parts are cut out of its
graph.nq by the offsets of its cache/graphs.json, as kg.graph.writing hands them over.

Printed: the load average; check_parts' wall time and CPU (this process and its workers);
with ``--union``, check_store on the whole union in one in-memory store (load and checks apart),
and whether both found the same violations; with ``--slowest N``, the N slowest checks of the
union (check by check, as check_store runs them).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kg.graph import checking
from kg.graph.checking import check_parts, check_store


def build_parts(build: Path) -> dict[str, bytes]:
    """Graph name → its N-Quads, cut from ``build``'s graph.nq by the offsets of its index."""
    index = json.loads((build / "cache/graphs.json").read_text(encoding="utf-8"))
    data = (build / "graph.nq").read_bytes()
    return {name: data[offset:offset + length] for name, (_, offset, length) in sorted(index.items())}


def cpu() -> float:
    """CPU seconds of this process and of its waited-for children (the check workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def time_parts(parts: dict[str, bytes], workers: int, quads: int) -> tuple[float, float, object]:
    """Wall and CPU seconds of one check_parts given the number of quads, as kg build calls it,
    and its report."""
    wall, used = time.perf_counter(), cpu()
    report = check_parts(parts, workers=workers, quads=quads)
    return time.perf_counter() - wall, cpu() - used, report


def time_union(parts: dict[str, bytes], slowest: int) -> object:
    """check_store on the union in memory (load and checks timed apart); its report."""
    clock = time.perf_counter()
    store = ox.Store()
    store.load(b"".join(parts.values()), format=ox.RdfFormat.N_QUADS, lenient=True)
    loaded = time.perf_counter() - clock
    clock = time.perf_counter()
    report = check_store(store, triples=0)
    print(f"union check_store: load {loaded:.1f} s, checks {time.perf_counter() - clock:.1f} s")
    if slowest:
        print_slowest(store, slowest)
    return report


def print_slowest(store: ox.Store, n: int) -> None:
    """The ``n`` slowest compiled checks on ``store``, one query each."""
    closures: dict[str, str] = {}
    times = []
    for check in checking.compile_shapes():
        expanded = checking._expand(store, check, closures)
        clock = time.perf_counter()
        list(store.query(expanded.sparql, use_default_graph_as_union=True))
        times.append((time.perf_counter() - clock, check.component, check.shape))
    for seconds, component, shape in sorted(times, reverse=True)[:n]:
        print(f"  {seconds:6.3f} s  {component:12} {shape}")
    print(f"  all {len(times)} checks: {sum(t for t, _, _ in times):.1f} s")


def load() -> str:
    """The 1, 5 and 15 minute load averages: other processes on the machine skew the wall times."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", nargs="?", type=Path, default=Path("/tmp/ck46"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--union", action="store_true", help="also check the whole union with check_store")
    parser.add_argument("--slowest", type=int, default=0, help="with --union: list the N slowest checks")
    args = parser.parse_args(argv)
    parts = build_parts(args.build)
    quads = sum(p.count(b"\n") for p in parts.values())
    print(f"{len(parts)} graphs, {quads} quads; load average {load()}")
    wall, used, report = time_parts(parts, args.workers, quads)
    print(f"check_parts (workers={args.workers}): wall {wall:.1f} s, CPU {used:.1f} s, "
          f"{len(report.violations)} violations, conforms {report.conforms}")
    if args.union:
        whole = time_union(parts, args.slowest)
        print(f"same violations as the union: {whole.violations == report.violations}")
    print(f"load average {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
