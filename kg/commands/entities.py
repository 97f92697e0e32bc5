"""`kg entities`: indicators, programmes, funds and platforms of the latest build, with who is tied to them.

The row builders below fix the JSON field names that ``shared/tools/kgscore.py`` reads
(doc, table, category, name, unit, target, year, type, leads, source_file, line); they can move
to ``kg/records.py`` and ``kg/output.py`` when the lead folds them in.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..output import render

if TYPE_CHECKING:  # the records, the corpus and the resolver are imported when the command runs
    from ..model import Corpus, Entity, Indicator

KINDS = ("indicator", "programme", "fund", "platform")
INDICATOR_COLUMNS = ["doc", "table", "category", "name", "target", "value", "value_max", "comparator", "value_unit",
                     "year", "type", "leads", "line"]
ENTITY_COLUMNS = ["id", "kind", "name", "doc", "relation", "agencies", "administered_by", "funds", "amounts", "line"]


def indicator_row(i: Indicator) -> dict:
    return {"doc": i.doc, "table": i.table, "category": i.category, "name": i.name, "unit": i.unit,
            "target": i.target, "comparator": i.comparator, "value": i.value, "value_max": i.value_max,
            "year": i.year, "type": i.type, "leads": [p.printed for p in i.leads],
            "lead_ids": [p.agency_id for p in i.leads], "lead_roles": [p.role for p in i.leads],
            "lead_role_words": [p.role_word for p in i.leads], "lead_rule": i.lead_rule, "value_unit": i.value_unit,
            "baseline": i.baseline, "provision": i.provision,
            "source_file": i.span.source_file, "line": i.span.start_line, "end_line": i.span.end_line,
            "source_text": i.span.text}


def entity_row(e: Entity) -> dict:
    return {"id": e.id, "kind": e.kind, "name": e.name, "doc": e.doc, "provision": e.provision,
            "relation": e.relation, "agencies": [p.printed for p in e.agencies],
            "agency_ids": [p.agency_id for p in e.agencies],
            "amounts": [a.text for a in e.amounts], "yuan": [a.yuan for a in e.amounts],
            "purposes": [a.purpose for a in e.amounts],
            "funds": [f.target for f in e.funds], "funds_amounts": [[a.text for a in f.amounts] for f in e.funds],
            "administered_by": [p.printed for p in e.administered_by],
            "administered_by_ids": [p.agency_id for p in e.administered_by], "established_by": e.established_by,
            "source_file": e.span.source_file,
            "line": e.span.start_line, "source_text": e.span.text}


def entity_rows(corpus: Corpus, kind: str, doc: str | None = None) -> list[dict]:
    """Rows of one kind (indicator | programme | fund | platform), optionally of one document.

    ``doc`` goes through :func:`kg.resolver.resolve_document` (number in any brackets, title or
    part of it); an unknown one is an InputError with suggestions, never an empty table.
    """
    from ..resolver import resolve_document

    if doc is not None:
        doc = resolve_document(doc, corpus).key
    if kind == "indicator":
        return [indicator_row(i) for i in corpus.indicators if doc in (None, i.doc)]
    return [entity_row(e) for e in corpus.entities if e.kind == kind and doc in (None, e.doc)]


@click.command("entities")
@click.option("--kind", type=click.Choice(KINDS), default="indicator", show_default=True,
              help="What to list.")
@click.option("--doc", help="Only this document: number in any brackets (沪府办发[2021]3号), title or part of it.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="Output format.")
@click.option("--build-dir", default="build", show_default=True, type=click.Path(path_type=Path),
              help="Build folder to read (written by `kg build`).")
def entities(kind: str, doc: str | None, fmt: str, build_dir: Path) -> None:
    """List indicators (targets with their lead agencies) or programmes, funds and platforms."""
    from ..corpus_io import load_corpus
    from ..resolver import resolve_document

    corpus = load_corpus(build_dir)
    ref = resolve_document(doc, corpus) if doc else None
    rows = entity_rows(corpus, kind, ref.key if ref else None)
    columns = None if fmt == "json" else INDICATOR_COLUMNS if kind == "indicator" else ENTITY_COLUMNS
    if rows or fmt != "table":
        click.echo(render(rows, fmt, columns, wrap=("name",)))
    where = f" in {ref.label}" if ref else ""
    click.echo(f"{len(rows)} {kind} rows{where}" if rows else f"no {kind}{where or ' in the build'}", err=True)


COMMANDS = [entities]
