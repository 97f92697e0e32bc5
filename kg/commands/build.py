"""`kg build`: extraction into a build folder."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import limits

# kg.buildfolder and kg.inputs are imported when a build runs: every command, `kg query` too,
# imports this module to register itself, and must start fast (issue 17)

BUILD_DIR = click.option("--build-dir", default="build", show_default=True, type=click.Path(path_type=Path),
                         help="Build folder to read (written by `kg build`).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                      show_default=True, help="Output format.")


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", default="build", show_default=True, type=click.Path(path_type=Path),
              help="Build folder to write.")
@click.option("--formats", default="", metavar="LIST",
              help="Also write the graph as any of trig, ttl, nt, jsonld (comma-separated); graph.nq and the "
                   "store are always written.")
@click.option("--jsonld", is_flag=True, help="Also write graph.jsonld (the same as --formats jsonld).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=os.cpu_count() or 1, show_default="cores",
              help="Worker processes reading files and building graphs (used from 4 files on).")
@click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True), default=limits.Limits.max_file_mb,
              show_default=True, help="Larger files are not read (a problem names each).")
def build_cmd(paths: tuple[Path, ...], out_dir: Path, formats: str, jsonld: bool, quiet: bool, jobs: int,
              max_file_mb: float) -> None:
    """Read gazette files and folders (default: the bundled corpus) into a build folder.

    Problems (unreadable files, unresolved parties, truncated clauses) go to stderr and to
    OUT/problems.txt, each with file and line. The build is written beside OUT and swapped in
    whole at the end: a failed or interrupted build leaves the previous one in OUT untouched, and
    a second build into OUT at the same time is refused. Exit status 0 when every file built and
    the graph conforms to the shapes, 1 otherwise, 2 when nothing could be written.
    """
    from ..buildfolder import build_lock
    from ..graph.outputs import OPTIONAL_FORMATS
    from ..inputs import escape, input_files
    from ..pipeline import build as run_build  # the whole extraction: only when building

    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in OPTIONAL_FORMATS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from {', '.join(OPTIONAL_FORMATS)}",
                                 param_hint="--formats")

    with build_lock(out_dir), limits.using(max_file_mb=max_file_mb):
        files = input_files(paths or None)
        with click.progressbar(length=len(files), label="Reading", file=sys.stderr,
                               show_pos=True, hidden=quiet) as bar:
            corpus, report = run_build(paths or None, out_dir, progress=lambda _: bar.update(1), jsonld=jsonld,
                                       workers=jobs, formats=wanted)
    for p in corpus.problems:
        click.echo(escape(f"{p.severity}: {p.source_file}:{p.line or ''}: {p.message}"), err=True)
    graph = report["graph"]
    if not graph["conforms"]:
        click.secho(f"The graph violates the SHACL shapes ({graph['violations']} violations): "
                    f"see {out_dir / 'validation.txt'} or run `kg validate`.", fg="red", bold=True, err=True)
    unread = sum(report["problems_by_code"].get(c, 0) for c in ("unparsed-clause", "truncated-clause",
                                                                  "clause-without-lead"))
    click.echo(f"{report['files']} files, {report['documents']} documents, {report['duties']} duties, "
               f"{unread} clauses not read (see problems), {report['agencies']} agencies, "
               f"{graph['quads']} quads, {report['problems']} problems → {out_dir}")
    if report["errors"] or not graph["conforms"]:
        sys.exit(1)


COMMANDS = [build_cmd]
