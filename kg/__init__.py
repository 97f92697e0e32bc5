"""kg: a knowledge graph of Chinese government agencies, policies and the duties they assign.

The public verbs, for notebooks and scripts::

    import kg
    corpus = kg.extract()                 # records from the bundled corpus (or any paths)
    kg.build(out_dir="build")             # extract and write the build folder (graph, store)
    g = kg.load("build")                  # rdflib graph over the embedded Oxigraph store
    kg.run_query("agency-duties", agency="市科委")
    kg.duties_frame(corpus)               # pandas DataFrames for common tables
    kg.draw_map("collaboration", corpus)

Imports are lazy so that ``import kg`` stays fast for the CLI.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "extract": "kg.pipeline",
    "build": "kg.pipeline",
    "load_corpus": "kg.corpus_io",
    "load": "kg.graph.store",
    "open_store": "kg.graph.store",
    "run_query": "kg.sparql.running",
    "catalogue": "kg.sparql.catalogue",
    "draw_map": "kg.maps",
    "matrix_rows": "kg.maps.matrix",
    "use_cjk_font": "kg.charts",
    "duties_frame": "kg.frames",
    "documents_frame": "kg.frames",
    "duty_parties_frame": "kg.frames",
    "indicators_frame": "kg.frames",
    "status": "kg.documents.validity",
    "default_register": "kg.agencies",
    "compare_documents": "kg.succession",
    "pairs_frame": "kg.succession",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
