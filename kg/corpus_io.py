"""Save and load a Corpus as JSON in the build folder, so reading commands need no re-parse.

A duty's ``text`` is its provision's text: in memory the same string object, not a copy. Written
out per duty it made a 1 MB text with thousands of duties in one long provision a 447 MB
corpus.json (issue 16), so a duty's text is left out when it is its provision's, and refers back
to it on loading.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from operator import attrgetter
from pathlib import Path

from .errors import BuildNotFound, KgError
from .model import Amount, Corpus, Document, Duty, Entity, Funding, Indicator, Party, Problem, Provision, Span

CORPUS_FILE = "corpus.json"


def _default(o):
    """Records nested in records (spans, parties, provisions) as their fields, dates as ISO text:
    json's own encoder walks them, with no ``dataclasses.asdict`` deep copy (8 s of a 1,000-document
    build)."""
    if dataclasses.is_dataclass(o):
        return _fields(o)
    if isinstance(o, date):
        return o.isoformat()
    raise TypeError(f"not serialisable: {type(o)}")


def _fields(record) -> dict:
    """A record's fields by name in sorted order, shallow (what ``dataclasses.asdict`` gives one
    level deep): records hold no dicts of their own, so every dict written is sorted here and
    ``json.dumps`` needs no ``sort_keys`` (a third of writing corpus.json)."""
    kind = type(record)
    found = _FIELD_NAMES.get(kind)
    if found is None:
        names = tuple(sorted(f.name for f in dataclasses.fields(record)))
        found = _FIELD_NAMES[kind] = (names, attrgetter(*names))
    names, values = found
    return dict(zip(names, values(record), strict=True))


_FIELD_NAMES: dict[type, tuple[tuple[str, ...], attrgetter]] = {}


def save_corpus(corpus: Corpus, build_dir: Path, digests: dict[str, str] | None = None) -> Path:
    """Write ``corpus.json`` as a stream, one record per line: memory stays that of one record
    (``json.dumps`` of the whole corpus held a second, larger copy of it as one string; issue 16).

    ``digests``, when given, is filled with document key → sha256 of the lines of the document's
    records (its own, its duties', indicators' and entities'): the lines are lossless (load_corpus
    reads the records back), so equal digests mean equal records, and kg.graph.parts keys each
    document's cached graph part by them without serialising the records a second time."""
    path = Path(build_dir) / CORPUS_FILE
    fields = sorted(f.name for f in dataclasses.fields(corpus))
    hashers: dict[str, hashlib._Hash] = {}
    with path.open("wb") as out:
        out.write(b"{")
        for i, name in enumerate(fields):
            out.write(f'{"," if i else ""}\n"{name}": ['.encode())
            texts = _provision_texts(corpus.documents) if name == "duties" else {}
            head = name.encode() + b"\0"
            for j, item in enumerate(getattr(corpus, name)):
                value = _fields(item) if dataclasses.is_dataclass(item) else item
                if name == "duties" and _is_provision_text(item, texts):
                    del value["text"]
                line = _DUMPS(value).encode()
                out.write(b",\n" if j else b"\n")
                out.write(line)
                if digests is not None and name in _OF_DOCUMENT:
                    key = item.key if name == "documents" else item.doc
                    hasher = hashers.get(key) or hashers.setdefault(key, hashlib.sha256())
                    hasher.update(head)  # three updates: the same digest as of their concatenation,
                    hasher.update(line)  # without copying 145 MB of lines at 1,000 documents
                    hasher.update(b"\n")
            out.write(b"\n]")
        out.write(b"\n}\n")
    if digests is not None:
        digests.update({key: h.hexdigest() for key, h in hashers.items()})
    return path


_DUMPS = json.JSONEncoder(ensure_ascii=False, default=_default).encode
"""One record as a line (its dicts are sorted by :func:`_fields`)."""

_OF_DOCUMENT = ("documents", "duties", "indicators", "entities")
"""The record kinds that belong to one document (a document's graph part is made of them)."""


def load_corpus(build_dir: Path | str = "build") -> Corpus:
    """The Corpus of a build folder; BuildNotFound with a hint when there is none."""
    path = Path(build_dir) / CORPUS_FILE
    if not path.exists():
        raise BuildNotFound(f"no build found in '{build_dir}' (run `kg build` first, "
                            "or pass --build-dir)")
    try:
        with path.open(encoding="utf-8") as f:
            d = json.load(f)
    except (OSError, ValueError) as exc:  # a build written by hand, or a disk error
        raise KgError(f"cannot read the build's records ({type(exc).__name__}: {str(exc)[:200]}); "
                      "rebuild with `kg build`", str(path)) from None
    documents = [_document(x) for x in d["documents"]]
    texts = _provision_texts(documents)
    return Corpus(
        documents=documents,
        duties=[_duty(x, texts) for x in d["duties"]],
        indicators=[_indicator(x) for x in d.get("indicators", [])],
        entities=[_entity(x) for x in d.get("entities", [])],
        problems=[Problem(**x) for x in d.get("problems", [])],
        files=d.get("files", []),
    )


def _day(v):
    return date.fromisoformat(v) if v else None


def _document(x: dict) -> Document:
    x = dict(x)
    x["span"] = Span(**x["span"])
    x["provisions"] = [Provision(**{**p, "span": Span(**p["span"])}) for p in x.get("provisions", [])]
    for k in ("signed_date", "effective_from", "expires_on", "published"):
        x[k] = _day(x.get(k))
    return Document(**x)


def _provision_texts(documents: list[Document]) -> dict[tuple[str, str], str]:
    """(document key, provision path) → the provision's text (the first, if a path repeats)."""
    texts: dict[tuple[str, str], str] = {}
    for doc in documents:
        for prov in doc.provisions:
            texts.setdefault((doc.key, prov.path), prov.text)
    return texts


def _is_provision_text(duty: Duty, texts: dict[tuple[str, str], str]) -> bool:
    own = texts.get((duty.doc, duty.provision), "")
    return duty.text is own or duty.text == own


def _duty(x: dict, texts: dict[tuple[str, str], str]) -> Duty:
    if "text" not in x:
        x = {**x, "text": texts.get((x["doc"], x["provision"]), "")}
    return Duty(**{**x, "parties": [Party(**p) for p in x["parties"]], "span": Span(**x["span"]),
                   "deadline": _day(x.get("deadline"))})


def _indicator(x: dict) -> Indicator:
    return Indicator(**{**x, "leads": [Party(**p) for p in x["leads"]], "span": Span(**x["span"])})


def _entity(x: dict) -> Entity:
    funds = [Funding(**{**f, "span": Span(**f["span"]), "amounts": [Amount(**a) for a in f["amounts"]]})
             for f in x.get("funds", [])]
    return Entity(**{**x, "span": Span(**x["span"]), "agencies": [Party(**p) for p in x["agencies"]],
                     "amounts": [Amount(**a) for a in x["amounts"]], "funds": funds,
                     "administered_by": [Party(**p) for p in x.get("administered_by", [])]})
