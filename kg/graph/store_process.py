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
    ([sha256, offset, length], or null). A graph whose old bytes are still what the index says
    is updated by the quads it lost and gained (graph/derived changes a little with every
    document); any other is replaced whole. The diff is made here, not in the build process,
    which meanwhile checks the shapes.

``lenient`` parsing: every IRI was validated when the parts were made.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sys

import pyoxigraph as ox

NQ = ox.RdfFormat.N_QUADS


def load(source: str, store_path: str) -> None:
    store = ox.Store(store_path)
    store.bulk_load(path=source, format=NQ, lenient=True)
    store.flush()


def update(plan_path: str, store_path: str) -> None:
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    drop, added, removed = list(plan["gone"]), [], []
    for name, new_path, entry in plan["changed"]:
        with open(new_path, "rb") as f:
            now = f.read()
        then = old_bytes(plan["previous_nq"], entry)
        if then is None:
            if entry is not None:
                drop.append(name)
            added.append(now)
            continue
        now_lines, then_lines = now.splitlines(True), then.splitlines(True)
        in_now, in_then = set(now_lines), set(then_lines)
        removed += [line for line in then_lines if line not in in_now]
        added += [line for line in now_lines if line not in in_then]
    try:
        ox.Store.read_only(plan["previous_store"]).backup(store_path)
        store = ox.Store(store_path)
        for name in drop:
            store.remove_graph(ox.NamedNode(name))
        if removed:
            for quad in ox.parse(b"".join(removed), format=NQ, lenient=True):
                store.remove(quad)
        if added:
            store.bulk_load(b"".join(added), format=NQ, lenient=True)
        store.flush()
    except BaseException:
        shutil.rmtree(store_path, ignore_errors=True)
        raise


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
