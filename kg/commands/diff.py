"""`kg diff`: what a change did to everything kg reads, between two build folders."""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("diff")
@click.argument("before", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("after", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--exit-code", is_flag=True, help="Exit 1 when the builds differ (for scripts).")
def diff_cmd(before: Path, after: Path, exit_code: bool) -> None:
    """Compare two builds: documents, duties and leads gained or lost, problems by code.

    Build the corpus before and after a change (`kg build --out BEFORE`, then `--out AFTER`)
    and run `kg diff BEFORE AFTER`.
    """
    from ..diffing import diff_builds, render

    result = diff_builds(before, after)
    click.echo(render(result))
    if exit_code and not result.empty:
        sys.exit(1)


COMMANDS = [diff_cmd]
