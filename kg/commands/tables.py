"""`kg docs`, `kg duties`, `kg export duties`: the tables a build folder answers."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from .. import records
from ..corpus_io import load_corpus
from ..output import render
from .build import BUILD_DIR, FORMAT


@click.command("docs")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Date for the status (default: today).")
@FORMAT
@BUILD_DIR
def docs_cmd(as_of, fmt: str, build_dir: Path) -> None:
    """List the documents: number, date, issuer, title, status."""
    rows = records.documents(load_corpus(build_dir), as_of.date() if as_of else date.today())
    cols = None if fmt == "json" else ["key", "signed_date", "issuers", "title", "status"]
    click.echo(render(rows, fmt, cols))


@click.command("duties")
@click.argument("agency", required=False)
@click.option("--role", type=click.Choice(["lead", "co", "any"]), default="any", show_default=True,
              help="Role of AGENCY in the duty.")
@click.option("--doc", help="Only duties of this document (its key, e.g. 沪府办发〔2024〕8号).")
@click.option("--include-text", is_flag=True, help="Also duties stated in running text.")
@FORMAT
@BUILD_DIR
def duties_cmd(agency, role, doc, include_text, fmt, build_dir) -> None:
    """List responsibility clauses, optionally of AGENCY (short or full name)."""
    rows = records.duties(load_corpus(build_dir), agency=agency, role=role, doc=doc, include_text=include_text)
    cols = None if fmt == "json" else ["doc", "provision", "lead", "co", "source_file", "line"]
    click.echo(render(rows, fmt, cols))


@click.command("export")
@click.argument("what", type=click.Choice(["duties"]))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("--out", "out", type=click.Path(path_type=Path), help="File to write (default: stdout; "
              "required for xlsx).")
@BUILD_DIR
def export_cmd(what: str, fmt: str, out: Path | None, build_dir: Path) -> None:
    """Export the flat table of (duty, party) rows for a coordination meeting."""
    from ..export import write_export

    rows = records.duty_party_rows(load_corpus(build_dir))
    text = write_export(rows, records.EXPORT_COLUMNS, fmt, out)
    if text is not None:
        click.echo(text)


COMMANDS = [docs_cmd, duties_cmd, export_cmd]
