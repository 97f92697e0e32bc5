"""The RDF graph: vocabulary, IRIs, building, SHACL validation and the Oxigraph store.

Names are imported when first used (PEP 562), so that ``from kg.graph import iris`` (every SPARQL
parameter binding) does not import pySHACL and rdflib's SHACL machinery with validation.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "build_dataset": "building",
    "load": "rdflib_view",
    "open_store": "store",
    "write_build": "store",
    "ValidationReport": "validation",
    "render": "validation",
    "validate": "validation",
    "validate_build": "validation",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
