"""Map graphs → GEXF (Gephi) and GraphML via networkx, with every attribute made writable.

networkx's writers accept only scalar attribute values and reject ``None``; map graphs carry
lists (legend entries, example duties) and optional values, so lists and dicts become JSON
strings and ``None`` becomes an empty string, the same for every node so each key has one type.
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from ..errors import InputError

FORMATS = {"gexf": nx.write_gexf, "graphml": nx.write_graphml}


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, str)):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def writable(graph: nx.Graph) -> nx.Graph:
    """A copy whose node, edge and graph attributes are all str, int, float or bool."""
    copy = graph.__class__()
    copy.graph.update({k: _scalar(v) for k, v in graph.graph.items()})
    for node, attrs in graph.nodes(data=True):
        copy.add_node(str(node), **{k: _scalar(v) for k, v in attrs.items()})
    for a, b, attrs in graph.edges(data=True):
        copy.add_edge(str(a), str(b), **{k: _scalar(v) for k, v in attrs.items()})
    _unify_types(copy.nodes.values())
    _unify_types([attrs for _, _, attrs in copy.edges(data=True)])
    return copy


def _unify_types(rows) -> None:
    """Give each key one type across rows (GraphML declares a key's type once): int+float → float."""
    rows = list(rows)
    types: dict[str, set[type]] = {}
    for attrs in rows:
        for key, value in attrs.items():
            types.setdefault(key, set()).add(type(value))
    mixed = {k: float if t == {int, float} else str for k, t in types.items() if len(t) > 1}
    for attrs in rows:
        for key in mixed.keys() & attrs.keys():
            attrs[key] = mixed[key](attrs[key])


def export_graph(graph: nx.Graph, path: str | Path, fmt: str | None = None) -> Path:
    """Write a map graph as GEXF or GraphML (format from ``fmt`` or the file suffix)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown graph format {fmt!r}; use one of {', '.join(FORMATS)}", where=str(path))
    FORMATS[fmt](writable(graph), path)
    return path
