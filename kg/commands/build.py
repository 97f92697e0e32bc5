"""`kg build`, `kg docs`, `kg duties`, `kg export duties`: extraction and its tables."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from .. import records
from ..corpus_io import load_corpus
from ..inputs import input_files
from ..output import render
from ..pipeline import build as run_build

BUILD_DIR = click.option("--build-dir", default="build", show_default=True, type=click.Path(path_type=Path),
                         help="Build folder to read (written by `kg build`).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                      show_default=True, help="Output format.")


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", default="build", show_default=True, type=click.Path(path_type=Path),
              help="Build folder to write.")
@click.option("--jsonld", is_flag=True, help="Also write graph.jsonld.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=os.cpu_count() or 1, show_default="cores",
              help="Worker processes reading files (used from 16 files on).")
def build_cmd(paths: tuple[Path, ...], out_dir: Path, jsonld: bool, quiet: bool, jobs: int) -> None:
    """Read gazette files and folders (default: the bundled corpus) into a build folder.

    Problems (unreadable files, unresolved parties, truncated clauses) go to stderr and to
    OUT/problems.txt, each with file and line. Exit status 0 when every file built and the graph
    conforms to the shapes, 1 otherwise.
    """
    files = input_files(paths or None)
    with click.progressbar(length=len(files), label="Reading", file=sys.stderr,
                           show_pos=True, hidden=quiet) as bar:
        corpus, report = run_build(paths or None, out_dir, progress=lambda _: bar.update(1), jsonld=jsonld,
                                   workers=jobs)
    for p in corpus.problems:
        click.echo(f"{p.severity}: {p.source_file}:{p.line or ''}: {p.message}", err=True)
    graph = report["graph"]
    if not graph["conforms"]:
        click.secho(f"The graph violates the SHACL shapes ({graph['violations']} violations): "
                    f"see {out_dir / 'validation.txt'} or run `kg validate`.", fg="red", bold=True, err=True)
    click.echo(f"{report['files']} files, {report['documents']} documents, {report['duties']} duties, "
               f"{report['agencies']} agencies, {graph['triples']} triples, {report['problems']} problems → {out_dir}")
    if report["errors"] or not graph["conforms"]:
        sys.exit(1)


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


COMMANDS = [build_cmd, docs_cmd, duties_cmd, export_cmd]
