"""Which files a build reads: the paths named, and the readable files inside folders named.

File discovery is its own stage so that what kg will not read (an unreadable type, a broken
link) can be reported here, with the file's name, instead of being skipped silently.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .resources import corpus_dir

SUFFIXES = {".txt", ".text", ".pdf", ".html", ".htm", ".docx", ""}


def input_files(paths: Iterable[Path | str] | None = None) -> list[Path]:
    """Files named, and the readable files inside folders named (sorted); default: the bundled corpus."""
    out: list[Path] = []
    for p in [Path(x) for x in (paths or [corpus_dir()])]:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                          and not f.name.startswith("."))
        else:
            out.append(p)
    return out
