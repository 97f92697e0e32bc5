"""Time extraction (text → records) in this process, without the graph, the files or the store.

Run by hand: ``python bench/bench_extract.py [--copies 46] [--repeat 3]``. Extraction is the
part of ``kg build`` that grows with the corpus (issue 17: a 1,000-document build in < 15 s on
2 cores), so it is timed alone, with one worker, on the bundled corpus and on the scaled corpus
of ``bench_build.scaled_corpus`` (each copy renumbers the documents, so copies are distinct).

Printed: the best of ``--repeat`` runs, as wall and CPU seconds (CPU time is what the build
spends whatever else the machine runs), and the load average before and after, because a
loaded machine makes wall times meaningless.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from kg.agencies import default_register
from kg.pipeline import extract
from kg.resources import corpus_dir

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import scaled_corpus  # noqa: E402 - a sibling script, not a package


def timed(files: list[Path], repeat: int) -> tuple[float, float, int]:
    """Best wall and CPU seconds of ``repeat`` extractions of ``files``, and the documents read."""
    walls, cpus, docs = [], [], 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        docs = len(extract(files, workers=1).documents)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), docs


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=46, help="copies of the bundled corpus (0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is printed")
    args = parser.parse_args()
    default_register()  # read once, as kg build does before extracting
    print(f"load average before: {load()}")
    bundled = sorted(corpus_dir().glob("*.txt"))
    wall, cpu, docs = timed(bundled, args.repeat)
    print(f"bundled: {len(bundled)} files, {docs} documents: {wall:.3f} s wall, {cpu:.3f} s CPU")
    if args.copies:
        with tempfile.TemporaryDirectory() as tmp:
            scaled_corpus(Path(tmp), args.copies)
            files = sorted(Path(tmp).glob("*.txt"))
            wall, cpu, docs = timed(files, max(1, args.repeat // 3))
            print(f"{args.copies} copies: {len(files)} files, {docs} documents: {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
