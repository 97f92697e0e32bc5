"""Time `kg build` on the bundled corpus and on a scaled corpus of ≥ 1,000 documents.

Run by hand: ``python bench/bench_build.py [--copies 46]``. The scaled corpus is the seeds
varied: each copy renumbers every document number (〔2024〕8号 → 〔2024〕1008号 …) and renames
the files, so the copies are distinct documents. Targets (issue 3): bundled < 2 s, 1,000
documents < 30 s on a 2-core machine, whole pipeline (extraction, graph, store, validation).
"""
from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
from pathlib import Path

from kg.pipeline import build
from kg.resources import corpus_dir

NUMBER = re.compile(r"([〔\[［]\s*[0-9０-９]{4}\s*[〕\]］]\s*)([0-9０-９]+)(\s*号)")


def scaled_corpus(target: Path, copies: int) -> None:
    for k in range(copies):
        for f in sorted(corpus_dir().glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            shift = 1000 * (k + 1)
            text = NUMBER.sub(lambda m, s=shift: f"{m.group(1)}{int(m.group(2).translate(_FW)) + s}{m.group(3)}",
                              text)
            (target / f"{f.stem}-copy{k:03d}.txt").write_text(text, encoding="utf-8")


_FW = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}


def timed(paths, out: Path) -> tuple[float, dict]:
    t = time.perf_counter()
    corpus, report = build(paths, out, workers=os.cpu_count() or 1)  # as `kg build` does
    return time.perf_counter() - t, report


def stages(paths, out: Path) -> str:
    """Each graph stage's seconds, run one by one as ``kg report._write_graph`` runs them (the
    store loads in another process while this one writes the other files and checks the shapes);
    then, outside the total, the checks alone."""
    from kg.agencies import default_register
    from kg.graph.building import build_quads
    from kg.graph.checking import check_nquads
    from kg.graph.store import write_outputs
    from kg.pipeline import extract

    clock, out_times = time.perf_counter(), {}
    corpus = extract(paths)
    out_times["extract"] = time.perf_counter() - clock
    clock = time.perf_counter()
    quads = build_quads(corpus, default_register())
    out_times["build quads"] = time.perf_counter() - clock
    clock = time.perf_counter()
    kept = {}

    def check(nquads: bytes, triples: int | None):
        kept.update(nquads=nquads, triples=triples)
        return check_nquads(nquads, triples=triples)

    write_outputs(quads, out, meanwhile=check)
    out_times["write files + store, checks meanwhile"] = time.perf_counter() - clock
    total = sum(out_times.values())
    clock = time.perf_counter()
    check_nquads(kept["nquads"], triples=kept["triples"])
    alone = time.perf_counter() - clock
    return (f"{len(quads)} quads; " + ", ".join(f"{k} {v:.2f} s ({v / total:.0%})" for k, v in out_times.items())
            + f"; total {total:.2f} s (checks alone: {alone:.2f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=46, help="copies of the corpus (22 documents each)")
    ns = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build(None, tmp / "warm")  # imports, register and shapes loaded once
        secs, rep = timed(None, tmp / "b1")
        print(f"bundled:  {rep['files']} files, {rep['documents']} documents, {rep['duties']} duties: {secs:.2f} s")
        print("  stages:", stages(None, tmp / "s1"))
        (tmp / "scaled").mkdir()
        scaled_corpus(tmp / "scaled", ns.copies)
        secs, rep = timed([tmp / "scaled"], tmp / "b2")
        print(f"scaled:   {rep['files']} files, {rep['documents']} documents, {rep['duties']} duties: {secs:.2f} s "
              f"({rep['documents'] / secs:.0f} documents/s)")
        print("  stages:", stages([tmp / "scaled"], tmp / "s2"))


if __name__ == "__main__":
    main()
