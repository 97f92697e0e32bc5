"""Running one function over many input files, in worker processes when that pays.

Files are independent, so a pool of forked workers reads them; the results come back in the
order of the files, the same as reading them one by one.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

PARALLEL_FROM = 16  # files; below this, starting worker processes costs more than it saves


def map_files(fn: Callable[[Path], T], files: list[Path], workers: int) -> Iterator[T]:
    """``fn`` over ``files`` in order; in a pool of ``workers`` forked processes from PARALLEL_FROM files."""
    if workers <= 1 or len(files) < PARALLEL_FROM:
        yield from map(fn, files)
        return
    # fork: workers inherit the loaded register and need no importable __main__ (spawn does).
    # The CLI forks before it opens any Oxigraph store, which a forked child must not inherit.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(fn, files, chunksize=4)
