"""Finds kg's data folders in a source checkout and in an installed wheel."""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _first(*candidates: Path) -> Path:
    for c in candidates:
        if c.exists():
            return c
    return candidates[0]


def ontology_dir() -> Path:
    """``ontology/`` beside the package in a checkout, ``kg/_ontology`` in a wheel."""
    return _first(_PKG.parent / "ontology", _PKG / "_ontology")


def corpus_dir() -> Path:
    """The bundled corpus: the five seed gazette texts."""
    return _first(_PKG.parent / "data" / "corpus", _PKG / "_corpus")


def queries_dir() -> Path:
    return _PKG / "sparql" / "queries"


def ontology_file(name: str) -> Path:
    return ontology_dir() / name
