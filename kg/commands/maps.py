"""``kg map``: draw an interactive network map of the latest build as offline HTML (or GEXF/GraphML)."""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click


class _MapKinds(click.Choice):
    """The kinds of ``kg.maps.MAP_KINDS``, read when click first needs them (``kg map --help``
    or a ``kg map`` call): importing kg.maps pulls in networkx and pyvis, which ``kg --help``
    and every other command do without."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self):  # type: ignore[override]
        from ..maps import MAP_KINDS, PAGES

        return [*MAP_KINDS, *PAGES]

    @choices.setter
    def choices(self, _value) -> None:
        pass


@click.command("map")
@click.argument("kind", type=_MapKinds())
@click.option("--doc", help="Document key or number (required for the document map).")
@click.option("--agency", help="Agency id, short form or full name (required for the agency map).")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Status date for lifecycle.")
@click.option("--min-shared", type=click.IntRange(min=1), help="Collaboration: least shared duties per edge.")
@click.option("--color", type=click.Choice(["kind", "community"]), help="Collaboration: colour nodes by.")
@click.option("--out", type=click.Path(dir_okay=False), help="File to write [default: BUILD/maps/KIND.FMT].")
@click.option("--format", "fmt", type=click.Choice(["html", "gexf", "graphml"]), default="html",
              show_default=True)
@click.option("--build-dir", type=click.Path(file_okay=False), default="build", show_default=True)
def map_cmd(kind, doc, agency, as_of, min_shared, color, out, fmt, build_dir):
    """Draw a map: collaboration, document (--doc), agency (--agency) or lifecycle (--as-of);
    or the responsibility matrix (matrix: tasks × agencies, 牵头/配合, for printing).

    The HTML opens offline from a file:// URL; GEXF and GraphML open in Gephi or yEd.
    """
    from ..maps import write_map

    whole = whole_process()
    if whole:
        gc.disable()  # nothing is freed before the end below: nothing for the collector to find
    held: list = []  # the records and the map, kept to the end when the process ends right after
    path = write_map(kind, build_dir, out, fmt, hold=held if whole else None, doc=doc, agency=agency,
                     min_shared=min_shared, color=color, as_of=as_of.date() if as_of else None)
    click.echo(str(path))
    if whole:
        end_process()


def whole_process() -> bool:
    """Whether this command is the whole ``kg`` process: ``python -m kg`` or the ``kg`` script
    is the main module (not a test's CliRunner, not a notebook calling ``cli.main``)."""
    main = sys.modules.get("__main__")
    spec = getattr(getattr(main, "__spec__", None), "name", None)
    script = Path(getattr(main, "__file__", None) or "").name
    return spec == "kg.__main__" or script in ("kg", "kg.exe", "kg-script.py")


def end_process() -> None:
    """End the process now, output flushed, exit status 0.

    The map is written and said: what remains is freeing the records and the map and tearing
    the interpreter down, which walks every object (0.5-1 s after a 5,000-agency map, issue 17)
    for no one.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


COMMANDS = [map_cmd]
