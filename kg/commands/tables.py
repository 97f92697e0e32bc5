"""`kg docs`, `kg duties`, `kg export duties`: the tables a build folder answers."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..output import render
from .build import BUILD_DIR, FORMAT

ROLES = ("lead", "co", "any")
"""kg.records.ROLES, spelled out: kg.records (register, resolver) is imported when a table is made,
not when every command registers (tests/test_startup.py checks they agree)."""
AS_OF = click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
                     help="Only documents in force on this day (YYYY-MM-DD), or whose dates are unknown.")
DUTY_FILTERS = [
    click.option("--role", type=click.Choice(ROLES), default="any", show_default=True,
                 help="Role of the agency in the duty."),
    click.option("--doc", help="Only this document: number in any brackets (沪府办发[2024]8号), title or part of it."),
    click.option("--include-text", is_flag=True, help="Also duties stated in running text (the stored queries "
                 "and maps count them)."),
    AS_OF,
]


def _corpus(build_dir: Path):
    """The build's records (kg.corpus_io is imported when a table is asked for, not at start-up)."""
    from ..corpus_io import load_corpus

    return load_corpus(build_dir)


def _filters(command):
    for option in reversed(DUTY_FILTERS):
        command = option(command)
    return command


def _day(value) -> date | None:
    return value.date() if value else None


@click.command("docs")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Date for the status (default: today).")
@FORMAT
@BUILD_DIR
def docs_cmd(as_of, fmt: str, build_dir: Path) -> None:
    """List the documents: number, date, issuer, title, status."""
    from .. import records

    rows = records.documents(_corpus(build_dir), as_of.date() if as_of else date.today())
    cols = None if fmt == "json" else ["key", "signed_date", "issuers", "title", "status"]
    click.echo(render(rows, fmt, cols, wrap=("title",)))


def duty_columns(rows: list[dict], agency: bool, include_text: bool, wide: bool) -> list[str]:
    """Task first: title, provision, heading, task, the agency's role or the leads, partners."""
    cols = ["doc_title", "provision", "heading", "task", "role" if agency else "leads", "partners"]
    cols += ["due"] if any(r["due"] for r in rows) else []  # the ISO day, else the limit as printed
    cols += ["how"] if include_text else []
    return cols + (["doc", "leads", "source_file", "line"] if wide else [])


@click.command("duties")
@click.argument("agency", required=False)
@_filters
@click.option("--wide", is_flag=True, help="Whole cells, number, leads, file and line; no fitting to the terminal.")
@FORMAT
@BUILD_DIR
def duties_cmd(agency, role, doc, include_text, as_of, wide, fmt, build_dir) -> None:
    """List duties task first, optionally of AGENCY (short form, full name, register id or IRI).

    The count and, for an empty answer, the reason go to stderr.
    """
    from .. import records

    corpus = _corpus(build_dir)
    selection = records.duty_selection(corpus, agency, role, doc, include_text, _day(as_of))
    rows = records.task_rows(corpus, selection)
    cols = None if fmt == "json" else list(dict.fromkeys(duty_columns(rows, bool(agency), include_text, wide)))
    if rows or fmt != "table":
        click.echo(render(rows, fmt, cols, wrap=("task",), wide=wide))
    click.echo(selection.summary(), err=True)


@click.command("export")
@click.argument("what", type=click.Choice(["duties"]))
@click.option("--agency", help="Only this agency's rows (short form, full name, register id or IRI).")
@_filters
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Headers and values (default: zh for xlsx, with "
              "English field names in a second header row; en for csv and json).")
@click.option("--by-agency", is_flag=True, help="xlsx: also one sheet per agency.")
@click.option("--out", "out", type=click.Path(path_type=Path), help="File to write (default: stdout; "
              "required for xlsx). CSV files get a UTF-8 BOM for Excel.")
@BUILD_DIR
def export_cmd(what, agency, role, doc, include_text, as_of, fmt, lang, by_agency, out, build_dir) -> None:
    """Export the flat table of (duty, party) rows for a coordination meeting."""
    from .. import records
    from ..export import write_export

    corpus = _corpus(build_dir)
    selection = records.duty_selection(corpus, agency, role, doc, include_text, _day(as_of))
    rows = records.duty_party_rows(corpus, only_agency=True, agency=selection.agency, role=role,
                                   doc=selection.doc, include_text=include_text, as_of=_day(as_of))
    matrix = _matrix(corpus, selection, role, include_text, as_of) if fmt == "xlsx" else None
    text = write_export(rows, records.EXPORT_COLUMNS, fmt, out, lang=lang, by_agency=by_agency, matrix=matrix)
    if text is not None:
        click.echo(text)
    click.echo(f"{len(rows)} rows; {selection.summary()}", err=True)


def _matrix(corpus, selection, role, include_text, as_of) -> list[dict]:
    """The responsibility matrix of the duties exported (tasks × agencies)."""
    from dataclasses import replace

    from .. import records
    from ..maps.matrix import matrix_rows

    chosen = records.select_duties(corpus, selection.agency, role, selection.doc, include_text, _day(as_of))
    return matrix_rows(replace(corpus, duties=chosen))


COMMANDS = [docs_cmd, duties_cmd, export_cmd]
