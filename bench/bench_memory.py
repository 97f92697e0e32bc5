"""Peak memory of ``kg build`` on one large text: 1, 10 and 50 MB (issue 16: < 20× the input).

Run by hand (not part of the test suite)::

    python bench/bench_memory.py                  # 1, 10 and 50 MB
    python bench/bench_memory.py --sizes 1 10     # MB

Each input is one UTF-8 file made of the bundled gazettes repeated, each copy's document numbers
shifted (沪府办发〔2024〕8号 → 〔2024〕1008号 …) so that every copy is a document of its own. The
build runs in a child process (``--jobs 1``, so extraction stays in that process); its peak RSS is
the child's ``ru_maxrss`` (the largest process of the build: the store loader runs apart and is
smaller). Prints the baseline (a process with kg imported and nothing built), then per size: input
size, peak RSS, RSS ÷ input, (RSS − baseline) ÷ input, corpus.json size and seconds.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.resources import corpus_dir  # noqa: E402

_NUMBER = re.compile(r"〔(\d{4})〕(\d+)号")


def make_text(path: Path, megabytes: float) -> int:
    """Write a gazette text of about ``megabytes`` MB; its size in bytes."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir().glob("*.txt"))]
    target = int(megabytes * 2**20)
    written, copy = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            for seed in seeds:
                text = _NUMBER.sub(lambda m, k=copy: f"〔{m[1]}〕{int(m[2]) + 1000 * k}号", seed)
                out.write(text + "\n\n")
                written += len(text.encode("utf-8")) + 2
                if written >= target:
                    break
            copy += 1
    return path.stat().st_size


ONE_PROVISION_HEAD = ("上海市人民政府办公厅关于印发《上海市推进科技创新工作方案》的通知\n沪府办发〔2024〕99号\n"
                      "各区人民政府，市政府各委、办、局：\n一、重点任务\n")
ONE_PROVISION_LINE = ("加强科技创新平台建设，推动重点产业高质量发展，完善配套政策。"
                      "（责任单位：市科委、市经济信息化委）\n")


def make_one_provision(path: Path, megabytes: float) -> int:
    """One document whose body is one long provision holding thousands of duties: the shape
    that made a 1 MB text a 447 MB corpus.json when every duty carried the provision's text."""
    lines = int(megabytes * 2**20 / len(ONE_PROVISION_LINE.encode("utf-8")))
    path.write_text(ONE_PROVISION_HEAD + ONE_PROVISION_LINE * lines, encoding="utf-8")
    return path.stat().st_size


SHAPES = {"gazettes": make_text, "one-provision": make_one_provision}


def measure(megabytes: float, work: Path, shape: str = "gazettes", code: str | None = None) -> dict:
    text = work / f"{shape}-{megabytes:g}mb.txt"
    size = SHAPES[shape](text, megabytes)
    out = work / f"build-{megabytes:g}"
    program = ("import resource, sys\nfrom kg.cli import cli\ntry:\n    cli(sys.argv[1:])\nfinally:\n"
               "    print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    start = time.perf_counter()
    limit = [] if code else ["--max-file-mb", "1000"]  # older versions have no size limit
    done = subprocess.run([sys.executable, "-c", program, "build", "--quiet", "--jobs", "1", *limit,
                           "--out", str(out), str(text)],
                          capture_output=True, text=True,
                          env={**os.environ, **({"PYTHONPATH": code} if code else {})})
    seconds = time.perf_counter() - start
    found = re.search(r"maxrss (\d+)", done.stderr)
    rss = int(found[1]) * 1024 if found else resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    corpus = out / "corpus.json"
    if done.returncode:  # say why (exit 1: a problem of severity error, or a shape violation)
        errors = [line for line in done.stderr.splitlines() if line.startswith("error") or "SHACL" in line]
        print(f"exit {done.returncode} at {megabytes:g} MB:", *(errors[:3] or done.stderr.splitlines()[-3:]),
              sep="\n  ", file=sys.stderr)
    return {"input_mb": size / 2**20, "peak_rss_mb": rss / 2**20, "ratio": rss / size,
            "corpus_json_mb": corpus.stat().st_size / 2**20 if corpus.exists() else float("nan"),
            "seconds": seconds, "exit": done.returncode}


_BASELINE = ("import resource, sys\nimport kg.cli, kg.pipeline, kg.report, kg.graph.parts, kg.graph.writing\n"
             "from kg.agencies import default_register\ndefault_register()\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")


def baseline_mb(code: str | None = None) -> float:
    """Peak RSS of a process that has imported what a build imports and read the register, and
    built nothing: the interpreter's share of every row (most of the 1 MB row)."""
    done = subprocess.run([sys.executable, "-c", _BASELINE], capture_output=True, text=True, check=True,
                          env={**os.environ, **({"PYTHONPATH": code} if code else {})})
    return int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 50], help="input sizes in MB")
    parser.add_argument("--shape", choices=SHAPES, default="gazettes",
                        help="gazettes: the bundled issues repeated; one-provision: thousands of duties "
                        "in one provision")
    parser.add_argument("--code", help="a folder holding another kg package to build with, for before/after")
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    base = baseline_mb(args.code)
    print(f"baseline: {base:.0f} MB peak RSS with kg imported and the register read, nothing built")
    print(f"{'input MB':>9} {'peak RSS MB':>12} {'RSS/input':>10} {'(RSS-base)/input':>17} {'corpus.json MB':>15} "
          f"{'s':>7} exit")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            r = measure(mb, Path(tmp), args.shape, args.code)
            over = (r["peak_rss_mb"] - base) / r["input_mb"]
            print(f"{r['input_mb']:9.1f} {r['peak_rss_mb']:12.0f} {r['ratio']:10.1f} {over:17.1f} "
                  f"{r['corpus_json_mb']:15.1f} {r['seconds']:7.1f} {r['exit']}", flush=True)


if __name__ == "__main__":
    main()
