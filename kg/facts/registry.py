"""The extractors the pipeline runs, in order: one line each.

Every extractor has the same signature, ``find_x(doc: DocumentText, register) -> (facts,
problems)``; adding a fact type is one module and one line here. The pipeline routes each fact
by its record type (Duty, Indicator, Entity) into the corpus, and turns an exception inside one
extractor on one document into an ``extraction-failed`` problem for that pair, so the
document's other facts and the other documents still build.
"""
from __future__ import annotations

from collections.abc import Callable

from ..documents.doctext import DocumentText
from .clauses import find_duties
from .indicators import find_indicators
from .programmes import find_entities
from .table_duties import find_table_duties
from .textual_duties import find_textual_duties

Extractor = Callable[[DocumentText, object], tuple[list, list]]

EXTRACTORS: dict[str, Extractor] = {
    "clauses": find_duties,
    "task-tables": find_table_duties,
    "running-text-duties": find_textual_duties,
    "indicators": find_indicators,
    "programmes": find_entities,
}
