"""Interactive network maps of agencies, documents and duties, for coordination meetings.

``MAP_KINDS`` names every map kind and its builder (records → networkx graph); :func:`draw_map`
builds one and renders it as a self-contained HTML page (see :mod:`kg.maps.html`).
"""
from __future__ import annotations

import gc
import html as html_lib
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from ..errors import InputError
from ..model import Corpus
from . import collab, document, ego, lifecycle
from .export import FORMATS, export_graph, writable
from .html import render_html
from .matrix import matrix_rows
from .matrix_page import render_matrix, write_matrix

MAP_KINDS: dict[str, Callable[..., nx.Graph]] = {
    "collaboration": collab.build,
    "document": document.build,
    "agency": ego.build,
    "lifecycle": lifecycle.build,
}


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a map is read, built or rendered.

    Those steps make hundreds of thousands of small lists and dicts (duty lists, columns) next to
    a corpus of millions of objects, and every collection of the oldest generation walks them
    all: on a 5,000-agency map (bench/bench_maps.py) the collector took more than half of
    building it. They make no reference cycles that need collecting meanwhile; the collector is
    back on (if it was on) when the step ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


SIGMA_FROM = 1000  # above this many nodes, notebooks draw with ipysigma (WebGL) when it is installed
BACKENDS = ("auto", "vis", "sigma")


@dataclass
class MapResult:
    """A built map: the networkx graph, its offline HTML page (rendered when first asked for),
    and how a notebook shows it (``backend``: vis-network page or ipysigma widget)."""

    kind: str
    graph: nx.Graph
    backend: str = "vis"
    _html: str | None = field(default=None, repr=False)

    @property
    def html(self) -> str:
        if self._html is None:
            with gc_paused():
                self._html = render_html(self.graph)
        return self._html

    def save(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the map: HTML (UTF-8) by default, or GEXF/GraphML by ``fmt`` or file suffix."""
        path = Path(path)
        fmt = (fmt or path.suffix.lstrip(".") or "html").lower()
        if fmt in FORMATS:
            return export_graph(self.graph, path, fmt)
        if fmt not in ("html", "htm"):
            raise InputError(f"unknown map format {fmt!r}; use html, {', '.join(FORMATS)}", where=str(path))
        path.write_text(self.html, encoding="utf-8")
        return path

    def sigma(self, **options):
        """The map as an ipysigma widget (WebGL: tens of thousands of nodes stay fluid), at the
        positions the page would use, coloured and sized as on the page."""
        from ipysigma import Sigma

        from .layout import layout

        graph = writable(self.graph)
        positions = {str(n): {"x": float(x), "y": float(y)} for n, (x, y) in layout(self.graph).items()}
        settings = dict(layout=positions, raw_node_color="color", raw_node_size="size", node_label="label",
                        edge_size="width", default_edge_type="arrow" if self.graph.is_directed() else "line",
                        height=640)
        settings.update(options)
        return Sigma(graph, **settings)

    def _repr_html_(self) -> str:
        """Show the map inline in Jupyter, isolated in an iframe so its scripts stay its own."""
        return (f'<iframe srcdoc="{html_lib.escape(self.html, quote=True)}" '
                'style="width:100%;height:640px;border:1px solid #ddd"></iframe>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Jupyter's display: the ipysigma widget for the sigma backend, else the page."""
        if self.backend == "sigma":
            return self.sigma()._repr_mimebundle_(include=include, exclude=exclude)
        return {"text/html": self._repr_html_()}


def sigma_available() -> bool:
    try:
        import ipysigma  # noqa: F401 - only whether it imports
    except ImportError:
        return False
    return True


def map_builder(kind: str) -> Callable[..., nx.Graph]:
    """The builder of a map kind; an unknown kind fails listing the valid ones."""
    try:
        return MAP_KINDS[kind]
    except KeyError:
        raise InputError(f"unknown map kind {kind!r}; choose one of {', '.join(MAP_KINDS)}") from None


def build_graph(kind: str, corpus: Corpus, **filters) -> nx.Graph:
    """Build a map's networkx graph; a filter the kind does not take is an InputError."""
    builder = map_builder(kind)
    accepted = [p for p in inspect.signature(builder).parameters if p != "corpus"]
    unknown = sorted(set(filters) - set(accepted))
    if unknown:
        raise InputError(f"the {kind} map takes no {', '.join(unknown)} filter; it takes: "
                         f"{', '.join(accepted)}")
    return builder(corpus, **filters)


def draw_map(kind: str, corpus: Corpus, backend: str = "auto", **filters) -> MapResult:
    """Build a map and render it.

    Args:
        kind: one of ``MAP_KINDS`` (collaboration, document, agency, lifecycle).
        corpus: extracted records (``kg.extract(...)`` or ``kg.corpus_io.load_corpus(build_dir)``).
        backend: how a notebook shows it: ``vis`` (the offline page), ``sigma`` (ipysigma, WebGL)
            or ``auto`` (sigma above ``SIGMA_FROM`` nodes when ipysigma is installed). ``.html``
            and ``.save()`` always give the offline page.
        **filters: the kind's options: ``doc``, ``agency``, ``min_shared``, ``color``, ``as_of``.

    Returns:
        A :class:`MapResult` with ``.graph``, ``.html``, ``.save(path)``, ``.sigma()`` and inline display.
    """
    if backend not in BACKENDS:
        raise InputError(f"unknown map backend {backend!r}; use one of {', '.join(BACKENDS)}")
    with gc_paused():
        graph = build_graph(kind, corpus, **filters)
    if backend == "auto":
        backend = "sigma" if graph.number_of_nodes() > SIGMA_FROM and sigma_available() else "vis"
    return MapResult(kind=kind, graph=graph, backend=backend)


PAGES = ("matrix",)  # pages that are not network maps: the responsibility matrix


def write_map(kind: str, build_dir: str | Path, out: str | Path | None = None, fmt: str = "html",
              hold: list | None = None, **filters) -> Path:
    """Draw a map of a build's corpus and save it (the ``kg map`` command in one call).

    Args:
        kind: a map kind, or ``matrix`` for the responsibility matrix page (HTML only).
        build_dir: the build folder holding ``corpus.json``.
        out: the file to write; defaults to ``<build_dir>/maps/<kind>.<fmt>``.
        fmt: html, gexf or graphml.
        hold: a list to keep the records and the map in, for a caller that ends the process
            without freeing them (``kg map``: freeing the objects of a 5,000-agency map took
            0.3-0.7 s, issue 17); by default they are freed on return.
        **filters: the kind's filters; ``None`` values are left out.

    Returns:
        The path written.
    """
    if kind not in PAGES:
        map_builder(kind)  # fail on an unknown kind before reading the build
    elif fmt != "html":
        raise InputError(f"the {kind} page is HTML only, not {fmt}", where="kg map --format")
    # one pause from reading to writing: re-enabled in between, the collector's first pass walked
    # every record just read (0.8 s at 13,774 duties); the records are freed before it is back on
    with gc_paused():
        return _read_draw_write(kind, Path(build_dir), out, fmt, filters, [] if hold is None else hold)


def _read_draw_write(kind: str, build_dir: Path, out: str | Path | None, fmt: str, filters: dict,
                     hold: list) -> Path:
    from .records import load_map_corpus  # reads corpus.json: imported when a map is drawn

    # the records without the texts no map shows (4 s less on a 211 MB corpus.json); the document
    # map's own document whole, for its provisions' headings
    corpus = load_map_corpus(build_dir, full_document=filters.get("doc") if kind == "document" else None)
    hold.append(corpus)
    if kind in PAGES:
        path = Path(out) if out else build_dir / "maps" / f"{kind}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_matrix(corpus, path)
    # the page is what is written: no notebook backend to choose (ipysigma's import alone is 0.7 s)
    result = draw_map(kind, corpus, backend="vis", **{k: v for k, v in filters.items() if v is not None})
    hold.append(result)
    path = Path(out) if out else build_dir / "maps" / f"{kind}.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    return result.save(path, fmt)


__all__ = ["BACKENDS", "MAP_KINDS", "PAGES", "SIGMA_FROM", "MapResult", "build_graph", "draw_map",
           "map_builder", "matrix_rows", "render_matrix", "write_map", "write_matrix"]
