"""corpus.json read for a map: the records maps draw, without the texts no map shows.

``kg.corpus_io.load_corpus`` parses every document's body, printed span and provision texts:
on a 211 MB corpus.json (bench/bench_maps.py --scale 71) that was 3-4 s of a ``kg map`` that
must finish in 3 s, and 190 MB of it is text no map reads. A map reads, of a document, its
key, number, titles, kind, issuers, dates, references and source line; of a duty, everything
but the provision text it belongs to; entities (the agency map's funds); the file list.

corpus.json is written one record per line (``kg.corpus_io.save_corpus``, keys sorted, json's
default separators), so a document line is cut, before it is parsed, at the keys that bound its
three big values: ``"body"`` up to ``"doc_number"``, ``"provisions"`` up to ``"published"`` and
the span's ``"text"`` up to ``"supersedes"``. A key can be found by its text alone: inside a
JSON string every ``"`` is escaped, so ``"published": `` cannot occur in a value. What is cut
out is checked, not trusted: the parsed rest must hold every other field of a Document and its
span, else the line is parsed whole. Indicators and problems, which no map reads, are skipped.

A file not laid out this way (written by hand, or by another writer) is read by
``load_corpus`` itself, as is a missing or unreadable one (its errors say what to do).
"""
from __future__ import annotations

import dataclasses
import json
import mmap
from datetime import date
from pathlib import Path

from .. import corpus_io
from ..model import Corpus, Document, Duty, Party, Span

_SECTIONS = ("documents", "duties", "entities", "files")  # what maps read; others are skipped
_DOCUMENT_FIELDS = frozenset(f.name for f in dataclasses.fields(Document))
_SPAN_FIELDS = frozenset(f.name for f in dataclasses.fields(Span))
_CUT_FIELDS = frozenset({"body", "provisions"})
# (key that starts a cut, key that ends it), in file order; the span's text is the last of its keys
_CUTS = ((b'"body": ', b'"doc_number": '), (b'"provisions": ', b'"published": '),
         (b'"span": ', None), (b'"text": ', b'"supersedes": '))


class _Layout(Exception):
    """The file is not one record per line as save_corpus writes it."""


def load_map_corpus(build_dir: Path | str = "build", full_document: str | None = None) -> Corpus:
    """The build's records as maps read them: documents without body, printed text or
    provisions, duties without their provision's text, no indicators or problems.

    Args:
        build_dir: the build folder holding ``corpus.json``.
        full_document: a document key or number whose document is read whole (the document
            map draws its provisions' headings).
    """
    path = Path(build_dir) / corpus_io.CORPUS_FILE
    try:
        with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _read(data, full_document)
    except (OSError, ValueError, _Layout, KeyError, TypeError):
        # missing, empty, unreadable or laid out otherwise: the full reader says what is wrong
        return corpus_io.load_corpus(build_dir)


def _read(data: mmap.mmap, full_document: str | None) -> Corpus:
    sections: dict[str, list] = {name: [] for name in _SECTIONS}
    for name, start, end in _records(data):
        if name not in sections:
            continue
        if name == "documents":
            sections[name].append(_document(data, start, end, full_document))
            continue
        line = data[start:end]
        if name == "duties":
            sections[name].append(_duty(json.loads(line)))
        elif name == "entities":
            sections[name].append(corpus_io._entity(json.loads(line)))
        else:
            sections[name].append(json.loads(line))
    return Corpus(documents=sections["documents"], duties=sections["duties"],
                  entities=sections["entities"], files=sections["files"])


def _records(data: mmap.mmap):
    """(section, start, end) of every record line, its trailing comma left out."""
    size = len(data)
    if data[:2] != b"{\n":
        raise _Layout("not one record per line")
    position, section = 2, None
    while position < size:
        end = data.find(b"\n", position)
        end = size if end < 0 else end
        first = data[position:position + 1]
        if section is None:
            head = data[position:end]
            if head == b"}":
                return
            if not (head.startswith(b'"') and head.endswith(b'": [')):
                raise _Layout(f"unexpected line {head[:40]!r}")
            section = head[1:-4].decode()
        elif first == b"]":
            section = None
        else:
            stop = end - 1 if data[end - 1:end] == b"," else end
            yield section, position, stop
        position = end + 1
    raise _Layout("no closing brace")


def _duty(x: dict) -> Duty:
    """A duty from its fresh record, built in place (``corpus_io._duty`` copies the record twice:
    a tenth of a second on 13,774 duties); a text not written is its provision's, left empty."""
    x["parties"] = [Party(**p) for p in x["parties"]]
    x["span"] = Span(**x["span"])
    x["deadline"] = date.fromisoformat(x["deadline"]) if x.get("deadline") else None
    return Duty(**x)


def _document(data: mmap.mmap, start: int, end: int, full_document: str | None) -> Document:
    """A document from its line, cut at its big values when the cuts check out (only the kept
    pieces are copied out of the file)."""
    record = _cut_document(data, start, end)
    if record is None or (full_document is not None
                           and full_document in (record.get("key"), record.get("doc_number"))):
        return corpus_io._document(json.loads(data[start:end]))
    record["span"]["text"] = ""
    return corpus_io._document(record)


def _cut_document(data: mmap.mmap, start: int, end: int) -> dict | None:
    """The document's fields but body, provisions and span text; None when the line does not
    read back as exactly those (keys not where save_corpus puts them)."""
    marks, at = [], start
    for opening, closing in _CUTS:
        for key in (opening, closing) if closing else (opening,):
            at = data.find(key, at, end)
            if at < 0:
                return None
            marks.append(at)
    body, number, provisions, published, _span, text, supersedes = marks
    kept = b"".join((data[start:body], data[number:provisions], data[published:text].rstrip(b", "), b"}, ",
                     data[supersedes:end]))
    try:
        record = json.loads(kept)
    except ValueError:
        return None
    if (type(record) is not dict or set(record) | _CUT_FIELDS != _DOCUMENT_FIELDS
            or type(record.get("span")) is not dict or set(record["span"]) | {"text"} != _SPAN_FIELDS):
        return None
    return record
