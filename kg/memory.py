"""Handing memory back to the system between the large stages of a build (issue 16).

A large file's extraction makes and drops far more than it keeps (cleaned text, each document's
text object, match objects), and some of it in reference cycles that wait for a full collection.
glibc keeps freed memory for reuse instead of returning it, so the next stage (the graph of a 10 MB
text) grew on top of ~80 MB that nothing used. ``release`` collects the cycles and asks glibc to
return its free pages; elsewhere it only collects.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc

RELEASE_FROM = 4 * 2**20
"""Bytes of input: after a file this large is read, release memory (a full collection takes ~0.1 s
with a large corpus in memory, so not after every small file)."""


@functools.lru_cache(maxsize=1)
def _trim():  # noqa: ANN202 - a ctypes function or None
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release() -> None:
    """Collect reference cycles and return free heap pages to the system (glibc's malloc_trim)."""
    gc.collect()
    trim = _trim()
    if trim is not None:
        trim(0)
