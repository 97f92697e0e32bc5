"""Time every stored query on a ≥ 1M-triple build: Oxigraph on disk and in memory, cold and warm,
rdflib beside it, whole `kg query` processes and `kg serve`'s time to first answer.

Run by hand (not part of the test suite)::

    python bench/bench_sparql.py                          # builds the scaled corpus first (kg build)
    python bench/bench_sparql.py --build-dir /tmp/big     # a build folder made by kg build
    python bench/bench_sparql.py --rdflib-cap 0           # skip rdflib

The scaled corpus is bench_build's (the seed gazettes with renumbered documents) built by a real
``kg build`` process, so every triple comes from the pipeline. Cold is the first run on a store
just opened; warm is the median of ``--repeat`` runs after it. rdflib parses graph.nq and runs
the queries in a child process killed after ``--rdflib-cap`` seconds in all (it parses ~10k
triples/s, rdflib#2181); queries it did not reach print as ``>cap``. Queries with a ``# values:``
header are also timed with the parameter substituted, the way they ran before, to show what the
VALUES block buys. Every query is timed as `kg query` and `kg serve` answer it: its default page
(100 rows, with the probe row that says whether more exist); 'all mem' is the whole answer
(limit=0) in memory, what the page saves. Issue 17 targets: warm < 100 ms in kg serve, a
`kg query` process < 0.5 s, ≥ 10x rdflib; `kg serve` < 10 s to first answer.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from pyoxigraph import RdfFormat, Store

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kg.graph.vocab import PREFIXES  # noqa: E402
from kg.sparql.binding import prepare  # noqa: E402
from kg.sparql.catalogue import StoredQuery, catalogue  # noqa: E402

PARAMS = {
    "agency-duties": {"agency": "市科委", "on": "2024-07-02"},
    "agency-partners": {"agency": "市科委"},
    "agency-workload": {"agency": "市科委"},
    "document-duties": {"document": "沪府办发〔2024〕1008号"},
    "documents-in-force": {"on": "2024-07-02"},
    "documents-expiring": {"on": "2026-05-01"},
    "duties-due": {"on": "2025-01-01", "within_days": 365},
    "supersession-chain": {"document": "沪药监规〔2024〕1003号"},
}
"""Parameters per query (document numbers of copy 1 of the scaled corpus); others keep defaults."""


def run(store: Store, text: str, subs: dict) -> int:
    return len(list(store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=subs)))


def timed(store: Store, text: str, subs: dict, repeat: int) -> tuple[float, float, int]:
    """Cold ms (first run), warm median ms, rows."""
    times, rows = [], 0
    for _ in range(repeat + 1):
        start = time.perf_counter()
        rows = run(store, text, subs)
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times[1:]), rows


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def folder_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def _rdflib_child(nquads: str, jobs: list[tuple[str, str, dict]], out) -> None:
    from rdflib import Dataset, Literal, URIRef

    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(nquads, format="nquads")
    out.put(("parse", (time.perf_counter() - start) * 1000))
    for name, text, bindings in jobs:
        init = {k: (URIRef(v) if kind == "iri" else Literal(v, datatype=URIRef(dt) if dt else None))
                for k, (kind, v, dt) in bindings.items()}
        start = time.perf_counter()
        try:
            len(list(ds.query(text, initNs=PREFIXES, initBindings=init)))
            out.put((name, (time.perf_counter() - start) * 1000))
        except Exception as exc:  # noqa: BLE001 - rdflib lacks some functions (xsd:date + duration)
            out.put((name, f"{type(exc).__name__}"))


def rdflib_times(nquads: Path, queries: list[StoredQuery], cap_s: float) -> dict[str, object]:
    """ms per query name (and "parse"), from a child process given ``cap_s`` seconds in all."""
    if cap_s <= 0:
        return {}
    jobs = []
    for q in queries:
        ready = prepare(q, PARAMS.get(q.name, {}))
        subs = ready.substitutions
        jobs.append((q.name, ready.text, {v.value: ("iri", t.value, "") if not hasattr(t, "datatype")
                                      else ("literal", t.value, t.datatype.value) for v, t in subs.items()}))
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_rdflib_child, args=(str(nquads), jobs, out), daemon=True)
    child.start()
    found: dict[str, object] = {}
    deadline = time.monotonic() + cap_s
    while len(found) < len(jobs) + 1 and time.monotonic() < deadline:
        try:
            name, ms = out.get(timeout=max(0.1, deadline - time.monotonic()))
            found[name] = ms
        except Exception:  # noqa: BLE001 - queue.Empty at the cap
            break
    child.kill()
    return found


def whole_process(build: Path, args: list[str], repeat: int, floor: bool = False) -> float:
    """Median seconds of a whole ``python -m kg`` process (``floor``: of ``python -c pass``)."""
    times = []
    command = [sys.executable, "-c", "pass"] if floor else \
        [sys.executable, "-m", "kg", *args, "--build-dir", str(build)]
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_build(tmp: Path, copies: int) -> Path:
    from bench_build import kg_build, scaled_corpus

    (tmp / "scaled").mkdir()
    scaled_corpus(tmp / "scaled", copies)
    secs = kg_build(tmp / "build", tmp / "scaled")
    print(f"built the scaled corpus ({copies} copies) with kg build in {secs:.1f} s", file=sys.stderr)
    return tmp / "build"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", type=Path, help="a kg build folder (default: build the scaled corpus)")
    ap.add_argument("--copies", type=int, default=46)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rdflib-cap", type=float, default=300.0, help="seconds for rdflib in all; 0 skips it")
    ns = ap.parse_args()
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        build = ns.build_dir or make_build(Path(tmp), ns.copies)
        graph = json.loads((build / "report.json").read_text(encoding="utf-8"))["graph"]
        size = graph.get("quads", graph.get("triples"))  # reports before the graph stage in parts said triples
        queries = catalogue()
        before = rss_mib()
        start = time.perf_counter()
        memory = Store()
        memory.bulk_load(path=str(build / "graph.nq"), format=RdfFormat.N_QUADS, lenient=True)
        load_s = time.perf_counter() - start
        print(f"{size} quads; graph.nq into memory {load_s:.1f} s, +{rss_mib() - before:.0f} MiB RSS; "
              f"store on disk {folder_mib(build / 'store'):.0f} MiB")
        rdflib = rdflib_times(build / "graph.nq", queries, ns.rdflib_cap)
        if ns.rdflib_cap > 0:
            parse = rdflib.get("parse")
            print(f"rdflib: parse {parse / 1000:.0f} s" if isinstance(parse, float)
                  else f"rdflib: graph.nq not parsed within the {ns.rdflib_cap:.0f} s cap")
        head = (f"{'query':24} {'rows':>6} {'disk cold':>9} {'disk warm':>9} {'mem cold':>9} {'mem warm':>9} "
                f"{'rdflib':>9} {'rdflib/mem':>10} {'rdflib/disk':>11} {'substituted':>11} {'all rows':>8} "
                f"{'all mem':>8}")
        print(head + "\n" + "-" * len(head))
        for q in queries:
            params = PARAMS.get(q.name, {})
            page = prepare(q, params)
            disk = Store.read_only(str(build / "store"))
            d_cold, d_warm, rows = timed(disk, page.text, page.substitutions, ns.repeat)
            m_cold, m_warm, _ = timed(memory, page.text, page.substitutions, ns.repeat)
            r = rdflib.get(q.name, ">cap" if ns.rdflib_cap > 0 else "")
            ratio = f"{r / m_warm:.0f}x" if isinstance(r, float) else ""
            ratio_disk = f"{r / d_warm:.0f}x" if isinstance(r, float) else ""
            r_text = f"{r:.0f}" if isinstance(r, float) else str(r)[:9]
            plain = ""
            if q.values:
                substituted = prepare(replace(q, values=()), params)
                plain = f"{timed(memory, substituted.text, substituted.substitutions, ns.repeat)[1]:.1f}"
            whole = prepare(q, {**params, "limit": 0})
            _, all_warm, all_rows = timed(memory, whole.text, whole.substitutions, min(ns.repeat, 3))
            print(f"{q.name:24} {rows:>6} {d_cold:>9.1f} {d_warm:>9.1f} {m_cold:>9.1f} {m_warm:>9.1f} "
                  f"{r_text:>9} {ratio:>10} {ratio_disk:>11} {plain:>11} {all_rows:>8} {all_warm:>8.1f}")
            del disk
        print("(ms; rows: the default page and its probe row; 'substituted': the warm in-memory time with "
              "the parameter substituted instead of VALUES; 'all': the whole answer, limit=0, warm in memory)")
        print(f"whole process `python -c pass`: {whole_process(build, [], 3, floor=True):.2f} s (the interpreter)")
        print("whole `kg query NAME --format json` processes, default page, median of 3 (target < 0.5 s):")
        for q in queries:
            args = ["query", q.name, "--format", "json"]
            args += [a for k, v in PARAMS.get(q.name, {}).items() for a in ("-p", f"{k}={v}")]
            print(f"  {q.name:24} {whole_process(build, args, 3):.2f} s")
        ask = quote("SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/kg-cn/ontology#Duty> }")
        secs = whole_process(build, ["serve", "--get", f"/sparql?query={ask}"], 1)
        print(f"kg serve to first answer (in memory, one worker): {secs:.1f} s (target < 10 s)")
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
