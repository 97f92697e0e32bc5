"""The RDF graph: vocabulary, IRIs, building, SHACL validation and the Oxigraph store."""
from __future__ import annotations

from .building import build_dataset
from .store import load, open_store, write_build
from .validation import ValidationReport, render, validate, validate_build

__all__ = ["ValidationReport", "build_dataset", "load", "open_store", "render", "validate",
           "validate_build", "write_build"]
