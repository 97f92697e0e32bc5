"""Records pickled for the extraction cache (kg.cache) without growing the build's memory.

Two things made pickling a large file's records in the build process cost more than the records:
CPython's pickler caches each string's UTF-8 form inside the string (PyUnicode_AsUTF8AndSize), and
its memo keeps every state tuple it pickled alive until the pickle is done. :func:`dump_to` writes
long texts as bytes of their own and a Corpus in chunks with a fresh memo each; :func:`loads` reads
that back, and plain pickles (a worker's) too.
"""
from __future__ import annotations

import io
import pickle
from dataclasses import fields
from typing import BinaryIO

from .model import Corpus


class TextPickler(pickle.Pickler):
    """Pickles each string as its UTF-8 bytes (once per string object, then by number).

    CPython's pickler takes a string's UTF-8 form with PyUnicode_AsUTF8AndSize, which caches that
    form inside the string for as long as it lives: pickling a file's records in the build process
    kept a second copy of all their text (74 MB of a 10 MB text's build; issue 16). Encoding here
    makes a new bytes object and leaves the string as it was. Only long non-ASCII strings (texts)
    go this way: an ASCII string's UTF-8 form is the string itself, and numbering every short name
    cost more memory than their copies. Slower than plain pickling, so used only where records are
    pickled in the build process itself (workers' copies do not matter)."""

    LONG = 64  # characters

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._numbers: dict[int, int] = {}  # id(string) → its number
        self._kept: list[str] = []  # the numbered strings, held so that no id is reused meanwhile

    def persistent_id(self, obj: object) -> bytes | int | None:
        if type(obj) is not str or obj.isascii() or len(obj) < self.LONG:
            return None
        number = self._numbers.get(id(obj))
        if number is not None:
            return number
        self._numbers[id(obj)] = len(self._numbers)
        self._kept.append(obj)
        return obj.encode("utf-8", "surrogatepass")


class TextUnpickler(pickle.Unpickler):
    """Reads what :class:`TextPickler` wrote (and plain pickles): a string once, then shared."""

    def __init__(self, stream: BinaryIO, strings: list[str] | None = None) -> None:
        super().__init__(stream)
        self._strings = strings if strings is not None else []  # shared by the chunks of one entry

    def persistent_load(self, pid: bytes | int) -> str:
        if isinstance(pid, int):
            return self._strings[pid]
        text = pid.decode("utf-8", "surrogatepass")
        self._strings.append(text)
        return text


_CHUNKED = "kg-chunked-corpus"
_CHUNK = 256  # records per pickle


def dump_to(out: BinaryIO, value: object) -> None:
    """Pickle ``value`` into ``out``; a Corpus as a header and its record lists in chunks, each a
    pickle of its own with a fresh memo: a pickler's memo keeps every state tuple it pickled alive
    (70 MB for a 10 MB text's records). Long texts stay shared across chunks (one number each, see
    :class:`TextPickler`); other objects shared across chunks load as equal copies."""
    pickler = TextPickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    if not isinstance(value, Corpus):
        pickler.dump(value)
        return
    lists = {f.name: getattr(value, f.name) for f in fields(value)}
    pickler.dump((_CHUNKED, {name: len(items) for name, items in lists.items()}))
    for items in lists.values():
        for start in range(0, len(items), _CHUNK):
            pickler.clear_memo()  # the memo keeps every pickled state alive; texts stay shared by number
            pickler.dump(items[start:start + _CHUNK])


def dumps(value: object) -> bytes:
    out = io.BytesIO()
    dump_to(out, value)
    return out.getvalue()


def loads(data: bytes) -> object:
    """What :func:`_dump_to` wrote, or a plain pickle (a worker's)."""
    stream = io.BytesIO(data)
    strings: list[str] = []
    first = TextUnpickler(stream, strings).load()
    if not (isinstance(first, tuple) and len(first) == 2 and first[0] == _CHUNKED):
        return first
    lists: dict[str, list] = {}
    for name, count in first[1].items():
        items = lists[name] = []
        while len(items) < count:  # a fresh memo per chunk, as the pickler cleared its own
            items += TextUnpickler(stream, strings).load()
    return Corpus(**lists)
