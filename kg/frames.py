"""pandas DataFrames of the common tables, so researchers need not hand-write SPARQL."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from . import records
from .corpus_io import load_corpus
from .model import Corpus


def _corpus(source: Corpus | Path | str | None) -> Corpus:
    if isinstance(source, Corpus):
        return source
    return load_corpus(source or "build")


def documents_frame(source: Corpus | Path | str | None = None, as_of: date | None = None) -> pd.DataFrame:
    """One row per document with its metadata and status as of a date."""
    df = pd.DataFrame(records.documents(_corpus(source), as_of))
    for col in ("signed_date", "effective_from", "expires_on"):
        if col in df:
            df[col] = pd.to_datetime(df[col])
    return df


def duties_frame(source: Corpus | Path | str | None = None, **filters) -> pd.DataFrame:
    """One row per responsibility clause (lead, co-responsible, provision, source)."""
    return pd.DataFrame(records.duties(_corpus(source), **filters))


def duty_parties_frame(source: Corpus | Path | str | None = None, **filters) -> pd.DataFrame:
    """One row per (duty, party) with agency id, full name, kind and role."""
    return pd.DataFrame(records.duty_party_rows(_corpus(source), **filters), columns=records.EXPORT_COLUMNS)


def indicators_frame(source: Corpus | Path | str | None = None) -> pd.DataFrame:
    """One row per indicator with target, unit, year and leads."""
    corpus = _corpus(source)
    rows = [{"doc": i.doc, "table": i.table, "category": i.category, "name": i.name, "unit": i.unit,
             "target": i.target, "comparator": i.comparator, "value": i.value, "year": i.year, "type": i.type,
             "leads": [p.printed for p in i.leads], "source_file": i.span.source_file, "line": i.span.start_line}
            for i in corpus.indicators]
    return pd.DataFrame(rows)
