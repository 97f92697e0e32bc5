"""The ``kg`` command line: a click group over the library.

Commands live in ``kg/commands/``; every module there lists its click commands in ``COMMANDS``
and is registered here, so adding a command never edits this file. :class:`KgError` is turned
into a click error at this one boundary (exit 2 for input errors, 1 for validation failures).
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from . import commands
from .errors import KgError


class KgGroup(click.Group):
    """A group that maps KgError to a clean message and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(e.exit_code)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def cli() -> None:
    """kg: a knowledge graph of Chinese government agencies, policies and duties.

    Start with `kg build` (reads the bundled Shanghai gazette corpus into build/), then
    `kg docs`, `kg duties 市科委`, `kg query --list`, `kg map collaboration`.
    """


def _register() -> None:
    # the folder's modules by name (pkgutil alone took 20 ms of each start, issue 17)
    for path in sorted(Path(commands.__file__).parent.glob("[!_]*.py")):
        module = importlib.import_module(f"{commands.__name__}.{path.stem}")
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(command)


_register()


def main() -> None:
    cli()
