"""Time whole `kg build` processes against the floor of reading the same text once.

Run by hand: ``python bench/bench_build.py [--copies 46] [--stages]``. Every build is a separate
``python -m kg build`` process (start-up, workers, store load and checks included) on the real
pipeline. The scaled corpus is the seed gazettes varied: each copy renumbers every document
number (〔2024〕8号 → 〔2024〕1008号 …) and renames the files, so copies are distinct documents.

Printed, each measured in this run (issue 17 targets on 2 cores):

- the floor: read every file, NFKC-normalise it and run one regex over it, in this process;
- bundled build (< 1.5 s), scaled clean build (< 15 s, ≤ 10× the floor), peak RSS per triple;
- an incremental rebuild after changing one file of the scaled corpus (< 3 s), and whether its
  graph.nq and corpus.json equal a clean build of the same files byte for byte;
- with ``--stages``: the in-process stages of the scaled build (extract, graph parts, files + store).
"""
from __future__ import annotations

import argparse
import filecmp
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from kg.resources import corpus_dir

NUMBER = re.compile(r"([〔\[［]\s*[0-9０-９]{4}\s*[〕\]］]\s*)([0-9０-９]+)(\s*号)")
CLAUSE = re.compile(r"[（(](?:责任单位|牵头单位)[：:]([^）)]+)[）)]")
_FW = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}


def scaled_corpus(target: Path, copies: int) -> None:
    for k in range(copies):
        for f in sorted(corpus_dir().glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            shift = 1000 * (k + 1)
            text = NUMBER.sub(lambda m, s=shift: f"{m.group(1)}{int(m.group(2).translate(_FW)) + s}{m.group(3)}",
                              text)
            (target / f"{f.stem}-copy{k:03d}.txt").write_text(text, encoding="utf-8")


def floor(folder: Path) -> tuple[float, int]:
    """Seconds to read + NFKC + one regex over every file, and the clauses that regex finds."""
    clock, found = time.perf_counter(), 0
    for f in sorted(folder.glob("*.txt")):
        found += len(CLAUSE.findall(unicodedata.normalize("NFKC", f.read_text(encoding="utf-8"))))
    return time.perf_counter() - clock, found


def kg_build(out: Path, *paths: Path) -> float:
    """Seconds of one whole ``kg build`` process, with Python's bytecode cache as a user has it
    (this workplace sets PYTHONDONTWRITEBYTECODE, which recompiles kg's modules in every process;
    an installed or editable kg keeps its .pyc files)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    clock = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "build", *map(str, paths), "--out", str(out), "--quiet"],
                   check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - clock


def peak_rss_kib() -> int:
    """The largest resident set of any finished child process so far (Linux: KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def quads(out: Path) -> int:
    import json

    return json.loads((out / "report.json").read_text(encoding="utf-8"))["graph"]["quads"]


def same_build(a: Path, b: Path) -> bool:
    import pyoxigraph as ox

    files = all(filecmp.cmp(a / n, b / n, shallow=False) for n in ("graph.nq", "corpus.json", "report.json"))
    stores = [sorted(map(str, ox.Store.read_only(str(d / "store")))) for d in (a, b)]
    return files and stores[0] == stores[1]


def stages(paths: list[Path], out: Path) -> str:
    """The in-process stages, one after the other (the store is made by a second process)."""
    from kg.agencies import default_register
    from kg.graph.parts import graph_parts
    from kg.graph.writing import write_graph
    from kg.pipeline import extract

    workers = os.cpu_count() or 1
    times, clock = {}, time.perf_counter()
    corpus = extract(paths, workers=workers)
    times["extract"], clock = time.perf_counter() - clock, time.perf_counter()
    parts = graph_parts(corpus, default_register(), workers=workers)
    times["graph parts"], clock = time.perf_counter() - clock, time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    write_graph(parts, out, workers=workers)
    times["graph.nq + store, checks meanwhile"] = time.perf_counter() - clock
    total = sum(times.values())
    n = sum(p.count(b"\n") for p in parts.values())
    return f"{n} quads; " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items()) + f"; total {total:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=46, help="copies of the corpus (22 documents each)")
    ap.add_argument("--stages", action="store_true", help="also time the in-process stages")
    ns = ap.parse_args()
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        scaled = tmp / "scaled"
        scaled.mkdir()
        scaled_corpus(scaled, ns.copies)
        files = len(list(scaled.glob("*.txt")))
        kg_build(tmp / "warm")  # the page cache and Python's bytecode cache, as a user's second build
        bundled = kg_build(tmp / "bundled")
        print(f"bundled build:   {bundled:.2f} s (whole process; target < 1.5 s)")
        secs, clauses = floor(scaled)
        print(f"floor:           {secs:.2f} s to read + NFKC + one regex over {files} files ({clauses} clauses)")
        clean = kg_build(tmp / "clean", scaled)
        n = quads(tmp / "clean")
        rss = peak_rss_kib()
        print(f"scaled build:    {clean:.2f} s, {clean / secs:.1f}x the floor (target < 15 s, <= 10x); "
              f"{n} quads; peak RSS {rss / 1024:.0f} MiB = {rss * 1024 / n / 1024:.2f} KiB per quad")
        again = kg_build(tmp / "clean", scaled)
        print(f"rebuild, no change: {again:.2f} s")
        changed = sorted(scaled.glob("*.txt"))[len(list(scaled.glob("*.txt"))) // 2]
        changed.write_text(changed.read_text(encoding="utf-8").replace("责任单位：市科委", "责任单位：市教委", 1),
                           encoding="utf-8")
        incremental = kg_build(tmp / "clean", scaled)
        fresh = kg_build(tmp / "fresh", scaled)
        print(f"rebuild, 1 of {files} files changed: {incremental:.2f} s (target < 3 s); clean build of the same "
              f"files {fresh:.2f} s; byte-identical: {same_build(tmp / 'clean', tmp / 'fresh')}")
        if ns.stages:
            print("stages:", stages([scaled], tmp / "stages"))
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
