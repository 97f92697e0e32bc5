"""A corpus's graph written into a new build folder, from the last build's where it can.

``kg build`` writes ``graph.nq`` from the N-Quads parts of :mod:`kg.graph.parts` (no pyoxigraph
Quad objects, no second serialisation), then, while the Oxigraph store is made by a second
process, checks the shapes group by group (:func:`kg.graph.checking.check_parts`). The store is
made one of two ways:

- **updated**: when the last build's store and its index of graphs (``cache/graphs.json``: graph
  → digest of its bytes) are there, the store is copied (a RocksDB checkpoint: hard links, no
  copy of the data), the graphs that changed or went are removed and the new ones loaded. After
  one changed document of a thousand, that is a second, not a 12 s bulk load.
- **loaded**: otherwise, or when most graphs changed, or when the update fails, the store is
  bulk-loaded from graph.nq.

In a rebuild, graph.nq's index comes first (the digests of unchanged parts from the last index),
and graph.nq itself is copied together by a forked process (kg.parallel.Meanwhile) while the
store is updated and the shapes checked, which read the parts, not graph.nq. When no graph
changed, graph.nq is a hard link to the last build's.

Either way the store holds exactly the quads of graph.nq (tests/test_incremental.py compares
them). Turtle, N-Triples, TriG and JSON-LD are written only when asked for (``kg build
--formats``): at a million quads they cost more than the rest of the graph stage.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from ..parallel import Meanwhile
from .checking import check_parts
from .outputs import OPTIONAL_FORMATS
from .parts import Parts
from .results import ValidationReport
from .store import SERIALISATION_PREFIXES, STORE_DIR, WRITERS, _loaded, union_triples
from .store_process import line_diff, old_bytes

INDEX = "cache/graphs.json"
UPDATE_AT_MOST = 0.5
"""Update the last build's store when at most this share of its graphs changed; else load anew."""


@dataclass(frozen=True)
class Diff:
    """A new graph's bytes against the last build's: its index digest and length, the quads lost
    and gained, and the last index entry they were taken against (an update uses them only if
    that entry is still the last one)."""

    data: bytes
    digest: str
    lines: int
    entry: list
    removed: bytes
    added: bytes


def diff_from_last(name: str, data: bytes, previous: Path | None) -> Diff | None:
    """``data``, the new bytes of graph ``name``, against that graph in the last build folder's
    graph.nq; None when there is no last store to update or its bytes are not what its index says.

    For a part made before the rest (graph/derived, while corpus.json is written): the build
    process would wait then, and the diff (0.5 s at 1,000 documents, 190k lines) is otherwise made
    by the store update after the other parts, on the rebuild's critical path."""
    if previous is None or not (previous / STORE_DIR).is_dir():
        return None
    entry = (_previous_index(previous) or {}).get(name)
    then = old_bytes(str(previous / "graph.nq"), entry)
    if then is None:
        return None
    return Diff(data, hashlib.sha256(data).hexdigest(), data.count(b"\n"), entry, *line_diff(then, data))


def write_graph(parts: Mapping[str, bytes], out_dir: Path, previous: Path | None = None,
                formats: Iterable[str] = (), workers: int = 1, check_cache: Any = None,
                diffs: Mapping[str, Diff] | None = None) -> tuple[list[str], ValidationReport]:
    """Write graph.nq, the store and the requested formats into ``out_dir``; check the shapes.

    Args:
        parts: named graph → N-Quads, in graph-IRI order (kg.graph.parts.graph_parts).
        out_dir: the new build folder.
        previous: the last build folder, whose store may be updated instead of loaded anew.
        formats: any of OPTIONAL_FORMATS, written beside graph.nq.
        workers: processes for the shape checks.
        check_cache: a kg.cache.CheckCache of the last build's check results.
        diffs: graph → its :class:`Diff` from the last build, made already (:func:`diff_from_last`).

    Returns:
        The names of the files written, and the shape-check report.
    """
    formats = list(dict.fromkeys(formats))
    unknown = sorted(set(formats) - set(OPTIONAL_FORMATS))
    if unknown:
        raise ValueError(f"unknown graph formats {unknown}; valid: {', '.join(OPTIONAL_FORMATS)}")
    nquads = out_dir / "graph.nq"
    old = _previous_index(previous) if previous is not None and (previous / STORE_DIR).is_dir() else None
    writing = None
    if old is None:  # a first build: write and hash in one pass, then load the store from it
        index, lines = _write_nquads(parts, nquads)
    else:  # a rebuild: digests mostly from the last index; graph.nq copied meanwhile (the store
        # update and the checks do not read it)
        index, lines = _graph_index(parts, old, diffs or {})
        if not _linked(previous / "graph.nq", nquads, index, old):
            writing = Meanwhile(functools.partial(_copy_parts, parts, nquads, index))
    mode, loading = _start(parts, index, out_dir, previous, old, writing, diffs or {})
    try:
        report = check_parts(parts, workers=workers, cache=check_cache,
                             digests={name: entry[0] for name, entry in index.items()}, quads=lines)
        if writing is not None:
            writing.result()
        written = ["graph.nq", *_write_formats(nquads, out_dir, formats)]
    except BaseException:
        loading.kill()
        raise
    finally:
        _, error = loading.communicate()
        _cleanup(out_dir)
    if loading.returncode != 0 and mode == "update":
        _, loading = _load(nquads, out_dir / STORE_DIR)  # the update failed: a fresh load is the answer
        _, error = loading.communicate()
    _loaded(loading.returncode, error, out_dir / STORE_DIR)
    path = out_dir / INDEX
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(index, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    return [*written, STORE_DIR], report


def _write_nquads(parts: Mapping[str, bytes], path: Path) -> tuple[dict[str, list], int]:
    """graph.nq, one part at a time; the index of graph → [sha256, offset, length, quads, part
    file], and the number of quads."""
    index, offset, lines = {}, 0, 0
    with path.open("wb", buffering=0) as f:
        for name in parts:
            data = parts[name]
            f.write(data)
            index[name] = _entry(parts, name, data, offset)
            offset += len(data)
            lines += index[name][3]
    return index, lines


def _file(parts: Mapping[str, bytes], name: str) -> Path | None:
    """The cache file holding a part (kg.graph.parts.Parts), or None for a part in memory."""
    return parts.file(name) if isinstance(parts, Parts) else None


def _entry(parts: Mapping[str, bytes], name: str, data: bytes, offset: int) -> list:
    file = _file(parts, name)
    return [hashlib.sha256(data).hexdigest(), offset, len(data), data.count(b"\n"),
            file.name if file is not None else ""]


def _graph_index(parts: Mapping[str, bytes], old: dict[str, list],
                 diffs: Mapping[str, Diff]) -> tuple[dict[str, list], int]:
    """The index graph.nq will have, and its number of quads, without writing it.

    A part still in the file the last build's index names (kg.graph.parts.Parts.file: a cache hit,
    the same bytes, as the file is named by the digest of its inputs) keeps that entry's digest and
    count: after one changed document of a thousand, only the changed parts are read and hashed,
    not 400 MB."""
    index, offset, lines = {}, 0, 0
    for name in parts:
        file = _file(parts, name)
        known = _same_file(old.get(name), file)
        if known is None:
            known = _diffed(diffs.get(name), parts, name)
        if known is not None:
            digest, length, count = known
            index[name] = [digest, offset, length, count, file.name if file is not None else ""]
        else:
            index[name] = _entry(parts, name, parts[name], offset)
        offset += index[name][2]
        lines += index[name][3]
    return index, lines


def _diffed(diff: Diff | None, parts: Mapping[str, bytes], name: str) -> tuple[str, int, int] | None:
    """(digest, length, quads) of a part from its :class:`Diff`, hashed when the diff was made,
    when the part is the bytes diffed (compared, not hashed again: a 52 MB part in 20 ms)."""
    if diff is None:
        return None
    file = _file(parts, name)
    try:
        if file is not None and file.stat().st_size != len(diff.data):
            return None
        if parts[name] != diff.data:
            return None
    except OSError:
        return None
    return diff.digest, len(diff.data), diff.lines


def _linked(last: Path, path: Path, index: dict[str, list], old: dict[str, list]) -> bool:
    """graph.nq as a hard link to the last build's, when its index is the last one entry for
    entry (every part the same bytes at the same offset) and that file has the length the index
    gives: a rebuild with nothing changed then writes no 400 MB copy. No build writes into a
    graph.nq once its folder is swapped in, so the two names never differ."""
    if index != old:
        return False
    try:
        if last.stat().st_size != sum(entry[2] for entry in index.values()):
            return False
        os.link(last, path)
    except OSError:  # no such file, or a file system without hard links: copied instead
        return False
    return True


def _copy_parts(parts: Mapping[str, bytes], path: Path, index: dict[str, list]) -> None:
    """graph.nq from the parts, a part in a file copied by the kernel (sendfile)."""
    with path.open("wb", buffering=0) as f:
        for name in parts:
            file = _file(parts, name)
            if file is not None and index[name][4] == file.name:
                _copy_into(f, file, index[name][2])
            else:
                f.write(parts[name])


def _same_file(entry: list | None, file: Path | None) -> tuple[str, int, int] | None:
    """(digest, length, quads) of a part from the last build's index entry, when the part is the
    file that entry names, of the length it gives."""
    if file is None or not entry or len(entry) < 5 or entry[4] != file.name:
        return None
    try:
        if file.stat().st_size != entry[2]:
            return None
    except OSError:
        return None
    return entry[0], entry[2], entry[3]


def _copy_into(out: BinaryIO, file: Path, length: int) -> None:
    """Append ``length`` bytes of ``file`` to the unbuffered ``out`` (sendfile, else read/write)."""
    with file.open("rb", buffering=0) as src:
        sent = 0
        try:
            while sent < length:
                n = os.sendfile(out.fileno(), src.fileno(), sent, length - sent)
                if n == 0:
                    break
                sent += n
        except OSError:
            pass  # not on this file system: the rest by reading
        if sent < length:
            src.seek(sent)
            out.write(src.read(length - sent))


_PLAN = ".store-plan.json"
_NEW = ".store-new-{}.nq"
_DIFF = ".store-diff-{}-{}.nq"
"""Files of a store update in the new build folder: the plan, changed parts held in memory, and
the diffs made already (quads lost, gained)."""


def _start(parts: Mapping[str, bytes], index: dict[str, list], out_dir: Path, previous: Path | None,
           old: dict[str, list] | None, writing: Meanwhile | None = None,
           diffs: Mapping[str, Diff] | None = None) -> tuple[str, subprocess.Popen]:
    """The store process (kg.graph.store_process): an update of the last build's store when that
    pays, else a full load.

    The update is handed the changed graphs (their files, and their entries in the last index) and
    makes the diff itself, while this process checks the shapes, except where ``diffs`` holds it
    already, made against the same last entry. ``old`` is the last build's index (None: no store
    to update); ``writing``, graph.nq being written, which a full load waits for.
    """
    store = out_dir / STORE_DIR
    if store.exists():
        shutil.rmtree(store)
    changed = [name for name, entry in index.items() if old is not None and old.get(name, [None])[0] != entry[0]]
    gone = [name for name in old or () if name not in index]
    if old is None or len(changed) + len(gone) > UPDATE_AT_MOST * max(len(old), 1):
        if writing is not None:
            writing.result()
        return _load(out_dir / "graph.nq", store)
    plan = {"previous_store": str(previous / STORE_DIR), "previous_nq": str(previous / "graph.nq"),
            "gone": sorted(gone), "changed": [[name, str(_part_file(parts, name, out_dir, i)), old.get(name),
                                               _diff_files((diffs or {}).get(name), old.get(name), index[name],
                                                           out_dir, i)]
                                              for i, name in enumerate(changed)]}
    (out_dir / _PLAN).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return "update", _process("update", out_dir / _PLAN, store)


def _part_file(parts: Mapping[str, bytes], name: str, out_dir: Path, i: int) -> Path:
    """A file holding the part's bytes: its cache file, else a new one in the build folder."""
    file = _file(parts, name)
    if file is None:
        file = out_dir / _NEW.format(i)
        file.write_bytes(parts[name])
    return file


def _diff_files(diff: Diff | None, then: list | None, now: list, out_dir: Path, i: int) -> list[str] | None:
    """The files of a diff made already (lost quads, gained quads) for the store update, when it
    was made against the last index entry ``then`` and gives the new entry ``now``'s digest."""
    if diff is None or diff.entry != then or diff.digest != now[0]:
        return None
    files = [out_dir / _DIFF.format(i, "lost"), out_dir / _DIFF.format(i, "gained")]
    files[0].write_bytes(diff.removed)
    files[1].write_bytes(diff.added)
    return [str(f) for f in files]


def _cleanup(out_dir: Path) -> None:
    (out_dir / _PLAN).unlink(missing_ok=True)
    for pattern in (_NEW.format("*"), _DIFF.format("*", "*")):
        for path in out_dir.glob(pattern):
            path.unlink()


def _load(nquads: Path, store: Path) -> tuple[str, subprocess.Popen]:
    shutil.rmtree(store, ignore_errors=True)
    return "load", _process("load", nquads, store)


_SCRIPT = Path(__file__).with_name("store_process.py")


def _process(mode: str, source: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(_SCRIPT), mode, str(source), str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _previous_index(previous: Path | None) -> dict[str, list] | None:
    """The last build's index of graphs; None when there is none or any entry of it is not
    [digest, offset, length, quads, part file] (a damaged or hand-edited file): then the store is
    loaded anew from graph.nq, since an update by a partial index would keep stale quads of the
    graphs it does not describe."""
    if previous is None:
        return None
    try:
        found = json.loads((previous / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or not all(_well_formed(entry) for entry in found.values()):
        return None
    return found


def _well_formed(entry: object) -> bool:
    return (isinstance(entry, list) and len(entry) >= 5 and isinstance(entry[0], str)
            and all(type(n) is int and n >= 0 for n in entry[1:4]) and isinstance(entry[4], str))


def _write_formats(nquads: Path, out_dir: Path, formats: list[str]) -> list[str]:
    """The requested serialisations, from graph.nq (named graphs) or its union (Turtle, N-Triples)."""
    if not formats:
        return []
    quads = list(ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS))
    triples = union_triples(quads) if any(WRITERS[f][1] for f in formats) else []
    written = []
    for fmt in formats:
        rdf_format, of_union = WRITERS[fmt]
        path = out_dir / f"graph.{fmt}"
        ox.serialize(triples if of_union else quads, path, format=rdf_format, prefixes=SERIALISATION_PREFIXES)
        written.append(path.name)
    return written
