"""Incremental builds: each input file's extraction cached under the build folder.

A file's records depend on its name, its bytes, kg's code and data (extraction rules, the agency
register) and the input limits, so the cache key is a digest of all of them: a changed file, a
new kg version or an edited register misses, and nothing else does. Records of documents are
independent of each other until :func:`kg.pipeline.extract` links them, so the corpus-wide facts
(links between documents, merged entities, unresolved-party problems) are recomputed from the
cached records on every build and a rebuild gives the same bytes as a clean build.

Entries live in ``<build>/cache/<key>.pickle``. A build reads the previous build's entries and
writes its own into the new build folder, each as soon as it is made (``into``: memory does not
grow with the entries, issue 16); hits are hard-linked in before the folder is swapped in, so a
rebuild costs no copy, the cache is always the one of the build beside it and entries of removed
or changed files go away with the old build. Records read in the build process itself are pickled
by :mod:`kg.record_pickles`.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import astuple
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from . import limits
from .parallel import in_process, map_files
from .record_pickles import dump_to, dumps, loads
from .resources import ontology_dir

T = TypeVar("T")
CACHE_DIR = "cache"
_PKG = Path(__file__).resolve().parent
_CODE_SUFFIXES = (".py", ".toml", ".json", ".txt", ".ttl")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of kg's version, its code and data files and the ontology (the register): what
    a file's records depend on besides the file itself. Reading them takes ~10 ms."""
    digest = hashlib.sha256()
    try:
        digest.update(metadata.version("kg").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"unversioned")
    for root in (_PKG, ontology_dir()):
        for path in sorted(p for p in root.rglob("*") if p.suffix in _CODE_SUFFIXES and p.is_file()):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class EntryCache:
    """Entries of one build folder kept for the next build: the previous build's, read, and this
    build's, written into the new build folder before it is swapped in (hits are hard links)."""

    def __init__(self, build_dir: Path | str, subfolder: str = CACHE_DIR, suffix: str = ".pickle",
                 into: Path | str | None = None) -> None:
        self.folder = Path(build_dir) / subfolder
        self.subfolder, self.suffix = subfolder, suffix
        self.into = Path(into) / subfolder if into is not None else None
        self._used: dict[str, bytes | None] = {}  # key → new entry held here, None: on disk (a hit, or written)
        self.hits = 0
        self.misses = 0

    def has(self, key: str) -> bool:
        """Whether the previous build holds the entry (a worker asks before doing the work)."""
        return (self.folder / f"{key}{self.suffix}").is_file()

    def get(self, key: str) -> bytes | None:
        """An entry of the previous build, or None."""
        try:
            data = (self.folder / f"{key}{self.suffix}").read_bytes()
        except OSError:
            return None
        self._used[key] = None
        self.hits += 1
        return data

    def put(self, key: str, data: bytes) -> None:
        """Keep a new entry for the next build folder: written into it at once when the cache was
        given the folder (``into``), so that a build never holds every entry in memory."""
        if self.into is None:
            self.misses += 1
            self._used[key] = data
            return
        self._new_file(key).write_bytes(data)

    def dump(self, key: str, value: object) -> None:
        """Keep ``value`` pickled as a new entry: straight into its file when the cache was given
        the new folder (no pickle bytes held beside the value), else as :meth:`put` does. Strings
        go out through :mod:`kg.record_pickles`."""
        if self.into is None:
            self.put(key, dumps(value))
            return
        with self._new_file(key).open("wb") as f:
            dump_to(f, value)

    def _new_file(self, key: str) -> Path:
        """The file of a new entry in the new folder (``into``), counted and marked as on disk."""
        self.misses += 1
        self.into.mkdir(parents=True, exist_ok=True)
        self._used[key] = None
        return self.into / f"{key}{self.suffix}"

    def locate(self, key: str) -> Path | None:
        """Where this build's entry ``key`` lies on disk (written by :meth:`put` into the new
        folder, or the previous build's, which then counts as a hit), or None."""
        if self.into is not None and key in self._used and self._used[key] is None:
            written = self.into / f"{key}{self.suffix}"
            if written.is_file():
                return written
        previous = self.folder / f"{key}{self.suffix}"
        if not previous.is_file():
            return None
        if key not in self._used:
            self._used[key] = None
            self.hits += 1
        return previous

    def save(self, build_dir: Path) -> None:
        """Write this build's entries into ``build_dir`` (the new build, before it is swapped in):
        the previous build's entries hard-linked, new ones written."""
        target = Path(build_dir) / self.subfolder
        target.mkdir(parents=True, exist_ok=True)
        for key, data in sorted(self._used.items()):
            entry = target / f"{key}{self.suffix}"
            if data is None and self.into is not None and (self.into / entry.name).is_file():
                if self.into != target:
                    os.replace(self.into / entry.name, entry)
                continue
            if data is None:
                try:
                    os.link(self.folder / entry.name, entry)
                    continue
                except OSError:  # another filesystem, or the entry vanished
                    try:
                        data = (self.folder / entry.name).read_bytes()
                    except OSError:
                        continue  # not cached: the next build makes it again
            entry.write_bytes(data)


class ExtractCache(EntryCache):
    """The cached records of one build folder's input files, and the entries of the next build."""

    def __init__(self, build_dir: Path | str, into: Path | str | None = None) -> None:
        super().__init__(build_dir, into=into)
        self._salt = (code_fingerprint() + repr(astuple(limits.current()))).encode()

    def key(self, path: Path, name: str) -> str | None:
        """The entry key of one input file: its name as recorded, bytes, kg's code and the limits;
        None (never cached) for a file that cannot be read or is over the size limit, whose
        problem the extraction reports."""
        digest = hashlib.sha256(self._salt)
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            if not path.is_file() or path.stat().st_size > limits.current().max_file_bytes:
                return None
            with path.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            return None
        return digest.hexdigest()


class PartCache(EntryCache):
    """Each document's graph part (N-Quads) of a build folder, keyed by the digest of its records
    (kg.graph.parts), so a rebuild builds the parts of changed documents only."""

    def __init__(self, build_dir: Path | str, into: Path | str | None = None) -> None:
        super().__init__(build_dir, f"{CACHE_DIR}/graphs", ".nq", into)
        self.salt = (code_fingerprint() + "graph part").encode()


class CheckCache(EntryCache):
    """The shape-check results of each group of graph parts (kg.graph.checking.check_parts),
    keyed by the digest of the group's bytes and the shapes."""

    def __init__(self, build_dir: Path | str, into: Path | str | None = None) -> None:
        super().__init__(build_dir, f"{CACHE_DIR}/checks", ".pickle", into)
        self.salt = (code_fingerprint() + "checks").encode()


def _pickled(fn: Callable[[Path], T], path: Path) -> bytes:
    """``fn(path)`` pickled in the worker, so the records are pickled once for both the trip to
    the parent and the cache."""
    return pickle.dumps(fn(path), protocol=pickle.HIGHEST_PROTOCOL)


def cached_map(fn: Callable[[Path], T], files: list[Path], workers: int, cache: ExtractCache | None,
               failed: Callable[[Path, str], T], names: dict[Path, str] | None = None,
               meanwhile: Callable[[], None] | None = None) -> Iterator[T]:
    """:func:`kg.parallel.map_files` with the cache: cached files are not read again, the others
    go to the workers; results come in the order of ``files``. ``meanwhile``: see map_files.

    A file whose worker died (``failed``) is not cached: the next build tries it again. ``names``
    are the files' names as the records give them (kg.inputs.relative_names), part of the key.
    """
    if cache is None:
        yield from map_files(fn, files, workers, failed=failed, meanwhile=meanwhile)
        return
    keys = [cache.key(path, (names or {}).get(path) or path.name) for path in files]
    found = {i: data for i, key in enumerate(keys) if key and (data := cache.get(key)) is not None}
    missing = [i for i in range(len(files)) if i not in found]
    died: set[int] = set()

    def failure(path: Path, reason: str) -> bytes:
        died.add(files.index(path))
        return pickle.dumps(failed(path, reason))

    if in_process(workers, len(missing)):
        for i in range(len(files)):
            yield _load(found.pop(i), fn, files[i], cache, keys[i]) if i in found \
                else _read_and_keep(fn, files[i], cache, keys[i])
        return
    fresh = map_files(functools.partial(_pickled, fn), [files[i] for i in missing], workers, failed=failure,
                      meanwhile=meanwhile)
    for i in range(len(files)):
        if i in found:
            yield _load(found.pop(i), fn, files[i], cache, keys[i])
            continue
        data = next(fresh)
        if keys[i] and i not in died:
            cache.put(keys[i], data)
        yield loads(data)


def _load(data: bytes, fn: Callable[[Path], T], path: Path, cache: ExtractCache, key: str | None) -> T:
    """A cached entry's records; the file read again (and its entry written anew) when the entry
    does not unpickle: a damaged cache costs that file's extraction, not the build."""
    try:
        return loads(data)
    except Exception:  # noqa: BLE001 - truncated, garbage or of another layout: a miss
        return _read_and_keep(fn, path, cache, key)


def _read_and_keep(fn: Callable[[Path], T], path: Path, cache: ExtractCache, key: str | None) -> T:
    """``fn(path)`` in this process, kept in the cache: pickled straight into its entry file, not
    into bytes held beside the records (a 10 MB text's records pickle to 70 MB)."""
    records = fn(path)
    if key is not None:
        cache.dump(key, records)
    return records
