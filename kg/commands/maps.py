"""``kg map``: draw an interactive network map of the latest build as offline HTML (or GEXF/GraphML)."""
from __future__ import annotations

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

    path = write_map(kind, build_dir, out, fmt, doc=doc, agency=agency, min_shared=min_shared,
                     color=color, as_of=as_of.date() if as_of else None)
    click.echo(str(path))
    exit_if_whole_process()


def exit_if_whole_process() -> None:
    """End the process now, output flushed, when this command is the whole ``kg`` process.

    The map is written and said: what remains is tearing down the interpreter, which walks and
    frees every object left (a quarter of a second after a 5,000-agency map, issue 17) for no
    one. Run from anywhere else (a test's CliRunner, a notebook calling ``cli.main``) nothing
    happens: only ``python -m kg`` and the ``kg`` script end this way.
    """
    main = sys.modules.get("__main__")
    spec = getattr(getattr(main, "__spec__", None), "name", None)
    script = Path(getattr(main, "__file__", None) or "").name
    if spec != "kg.__main__" and script not in ("kg", "kg.exe", "kg-script.py"):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


COMMANDS = [map_cmd]
