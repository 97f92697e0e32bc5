"""The same document in two files, and two documents that claim one number.

A document is the same when it has the same number and the same title, or no number and the same
title and signing date. It is kept once, from the fuller copy (more facts, then more text), with
every copy's file in ``Document.sources`` and a ``duplicate-document`` note saying which copy
supplied the facts; the other copy's facts are dropped, not merged twice. A different document
that claims a number already taken keeps its facts under a distinct key (``<number>#2``) and is
reported. Nothing of either copy is silently lost.
"""
from __future__ import annotations

from collections import defaultdict

from ..model import Corpus, Document, Problem
from .patterns import loose


def merge_duplicates(corpus: Corpus) -> None:
    """Collapse copies of one document and re-key documents whose number is taken, in place."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in corpus.documents:
        groups[doc.key].append(doc)
    for key, docs in groups.items():
        if len(docs) < 2:
            continue
        same: dict[tuple, list[Document]] = defaultdict(list)
        for doc in docs:
            same[_identity(doc)].append(doc)
        for n, copies in enumerate(same.values()):
            kept = _keep_one(corpus, copies)
            if n:
                _rekey(corpus, kept, f"{key}#{n + 1}", key)


def _identity(doc: Document) -> tuple:
    return (loose(doc.title), doc.signed_date if not doc.doc_number else None)


def _facts(corpus: Corpus, doc: Document) -> list:
    return [f for facts in (corpus.duties, corpus.indicators, corpus.entities) for f in facts
            if f.doc == doc.key and f.span.source_file == doc.source_file]


def _keep_one(corpus: Corpus, copies: list[Document]) -> Document:
    if len(copies) == 1:
        return copies[0]
    kept = max(copies, key=lambda d: (len(_facts(corpus, d)), len(d.body), -copies.index(d)))
    for other in copies:
        if other is kept:
            continue
        dropped = {id(f) for f in _facts(corpus, other)}
        corpus.duties = [f for f in corpus.duties if id(f) not in dropped]
        corpus.indicators = [f for f in corpus.indicators if id(f) not in dropped]
        corpus.entities = [f for f in corpus.entities if id(f) not in dropped]
        corpus.documents.remove(other)
        kept.sources.append(other.source_file)
        corpus.problems.append(Problem(
            "info", "duplicate-document",
            f"{kept.key} is printed in {kept.source_file} (line {kept.start_line}) and in {other.source_file} "
            f"(line {other.start_line}): one document; its facts come from {kept.source_file}, the fuller copy",
            other.source_file, other.start_line))
    return kept


def _rekey(corpus: Corpus, doc: Document, new_key: str, old_key: str) -> None:
    for fact in _facts(corpus, doc):
        fact.doc = new_key
    doc.key = new_key
    corpus.problems.append(Problem(
        "warning", "number-taken",
        f"'{doc.title}' claims the number {old_key}, which another document of the corpus already has; "
        f"kept as {new_key}", doc.source_file, doc.start_line))
