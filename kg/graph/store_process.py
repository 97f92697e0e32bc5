"""The store process of ``kg build``: load a new Oxigraph store, or update the last build's.

Run as a script by :mod:`kg.graph.writing` in a fresh interpreter that imports pyoxigraph and the
standard library only (0.15 s to start; ``kg`` itself takes 0.5 s). A separate interpreter rather
than a fork: a fork copies RocksDB's thread pools without their threads when the process has
opened a store before (tests, notebooks).

``load GRAPH_NQ STORE``
    bulk-load graph.nq into a new store.
``update PLAN STORE``
    copy the last build's store (a RocksDB checkpoint: hard links) and bring it to the new
    graph. PLAN (JSON) names the last store, the last graph.nq, the graphs that went, and for
    each changed graph the file holding its new N-Quads with its entry in the last build's index
    ([sha256, offset, length], or null), and optionally the files of the quads it lost and gained
    when the build process made that diff already (graph/derived: made while corpus.json is
    written, when that process would only wait). A graph whose old bytes are still what the index
    says is updated by the quads it lost and gained (graph/derived changes a little with every
    document); any other is replaced whole. Other diffs are made here, not in the build process,
    which meanwhile checks the shapes.

``lenient`` parsing: every IRI was validated when the parts were made.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import threading

import pyoxigraph as ox

NQ = ox.RdfFormat.N_QUADS


SPLIT_FROM = 4 << 20
"""graph.nq from this size on is loaded by several bulk loads at once, one slice each."""


def load(source: str, store_path: str) -> None:
    """Bulk-load graph.nq; a large one in slices at line boundaries, each by a bulk load of its
    own in a thread. One bulk load parses and loads on one core (18 s at 1.2 M quads on this
    2-core machine); pyoxigraph releases the GIL, and the store takes the slices' SST files side
    by side (the same quads: tests/test_incremental.py, bench_build's byte-identical check)."""
    store = ox.Store(store_path)
    slices = _slices(source, min(os.cpu_count() or 1, 4)) if os.path.getsize(source) >= SPLIT_FROM else []
    if len(slices) < 2:
        store.bulk_load(path=source, format=NQ, lenient=True)
    else:
        errors: list[BaseException] = []
        fd = os.open(source, os.O_RDONLY)
        try:
            threads = [threading.Thread(target=_load_slice, args=(store, fd, start, end, errors))
                       for start, end in slices]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            os.close(fd)
        if errors:
            raise errors[0]
    store.flush()


def _slices(path: str, count: int) -> list[tuple[int, int]]:
    """``count`` byte ranges of the file, each ending at a line end."""
    size, cuts = os.path.getsize(path), [0]
    with open(path, "rb") as f:
        for k in range(1, count):
            f.seek(max(size * k // count, cuts[-1]))
            f.readline()
            cuts.append(min(f.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _load_slice(store: ox.Store, fd: int, start: int, end: int, errors: list) -> None:
    try:
        store.bulk_load(io.BufferedReader(_Slice(fd, start, end), 1 << 20), format=NQ, lenient=True)
    except BaseException as exc:  # noqa: BLE001 - raised by load() in the main thread
        errors.append(exc)


class _Slice(io.RawIOBase):
    """Bytes ``start``…``end`` of an open file, read with pread (threads share the descriptor)."""

    def __init__(self, fd: int, start: int, end: int) -> None:
        super().__init__()
        self._fd, self._pos, self._end = fd, start, end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 - a writable buffer
        n = min(len(buffer), self._end - self._pos)
        if n <= 0:
            return 0
        data = os.pread(self._fd, n, self._pos)
        buffer[:len(data)] = data
        self._pos += len(data)
        return len(data)


def update(plan_path: str, store_path: str) -> None:
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    drop, added, removed = list(plan["gone"]), [], []
    for name, new_path, entry, *made in plan["changed"]:
        if made and made[0]:  # the build process made the diff already, against this entry
            lost, gained = (_read(path) for path in made[0])
            removed.append(lost)
            added.append(gained)
            continue
        now = _read(new_path)
        then = old_bytes(plan["previous_nq"], entry)
        if then is None:
            if entry is not None:
                drop.append(name)
            added.append(now)
            continue
        lost, gained = line_diff(then, now)
        removed.append(lost)
        added.append(gained)
    try:
        ox.Store.read_only(plan["previous_store"]).backup(store_path)
        store = ox.Store(store_path)
        for name in drop:
            store.remove_graph(ox.NamedNode(name))
        if any(removed):
            for quad in ox.parse(b"".join(removed), format=NQ, lenient=True):
                store.remove(quad)
        if any(added):
            store.bulk_load(b"".join(added), format=NQ, lenient=True)
        store.flush()
    except BaseException:
        shutil.rmtree(store_path, ignore_errors=True)
        raise


def line_diff(then: bytes, now: bytes) -> tuple[bytes, bytes]:
    """The N-Quads lines ``then`` has and ``now`` lacks, and those ``now`` has and ``then`` lacks
    (a graph holds each quad once: a line is a quad)."""
    now_lines, then_lines = now.splitlines(True), then.splitlines(True)
    in_now, in_then = set(now_lines), set(then_lines)
    return (b"".join(line for line in then_lines if line not in in_now),
            b"".join(line for line in now_lines if line not in in_then))


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def old_bytes(previous_nq: str, entry: list | None) -> bytes | None:
    """A graph's bytes in the last build's graph.nq, if they are still what its index says."""
    if not entry or len(entry) < 3:
        return None
    digest, offset, length = entry[:3]
    try:
        with open(previous_nq, "rb") as f:
            f.seek(offset)
            data = f.read(length)
    except (OSError, ValueError, TypeError):
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


if __name__ == "__main__":
    mode, source, target = sys.argv[1:4]
    (load if mode == "load" else update)(source, target)
