"""Start-up stays light: `kg --help` and `kg query` import no networkx, pyvis, pyshacl or pandas
(issue 17: `kg --help` took 0.84 s because every command imported every library).

Checked in this process, without a subprocess: kg's modules and the heavy libraries are taken
out of ``sys.modules``, the command runs on a fresh import of kg, and everything is put back
afterwards, so the rest of the suite keeps its module objects (and its exception classes).
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

HEAVY = ("networkx", "pyvis", "pyshacl", "pandas", "IPython")
QUERY_HEAVY = ("oxrdflib", "rdflib")  # `kg query` runs Oxigraph: rdflib (0.2 s to import) stays out


def _ours(name: str) -> bool:
    return name == "kg" or name.startswith("kg.") or any(name == h or name.startswith(h + ".")
                                                         for h in (*HEAVY, *QUERY_HEAVY))


@pytest.fixture
def fresh_import() -> Iterator[None]:
    saved = {name: module for name, module in sys.modules.items() if _ours(name)}
    for name in saved:
        del sys.modules[name]
    try:
        yield
    finally:
        for name in [n for n in sys.modules if _ours(n)]:
            del sys.modules[name]
        sys.modules.update(saved)


def _imported_heavy() -> list[str]:
    return sorted(h for h in HEAVY if h in sys.modules)


@pytest.mark.parametrize("args", [["--help"], ["query", "--help"], ["query", "--list"], ["build", "--help"],
                                  ["validate", "--help"], ["serve", "--help"]])
def test_help_and_listing_import_no_heavy_library(fresh_import, args: list[str]) -> None:
    from kg.cli import cli

    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert _imported_heavy() == []


@pytest.mark.parametrize(("fmt", "shown"), [("json", "sh-stcsm"), ("table", "市科委")])
def test_a_query_imports_no_heavy_library(fresh_import, graph_build: Path, fmt: str, shown: str) -> None:
    # the table (the default) names agencies through kg.output.compact_iri, which imported rdflib
    from kg.cli import cli

    result = CliRunner().invoke(cli, ["query", "agency-workload", "-p", "agency=市科委",
                                      "--build-dir", str(graph_build), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert shown in result.output
    assert _imported_heavy() == []
    assert [m for m in QUERY_HEAVY if m in sys.modules] == []


def test_a_paged_query_imports_neither_rdflib_nor_the_records(fresh_import, graph_build: Path) -> None:
    from kg.cli import cli

    result = CliRunner().invoke(cli, ["query", "agency-duties", "-p", "agency=市科委", "-p", "limit=3",
                                      "--build-dir", str(graph_build), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "more rows exist" in result.stderr
    assert [m for m in ("rdflib", "kg.records", "kg.resolver", "kg.corpus_io", "kg.inputs") if m in sys.modules] == []


def test_the_light_names_agree_with_the_rdflib_terms() -> None:
    # kg.graph.names serves the query path without rdflib; it must mint what kg.graph.iris mints
    from kg.agencies import default_register
    from kg.commands.tables import ROLES
    from kg.graph import iris, names, vocab
    from kg.records import ROLES as RECORD_ROLES

    assert names.PREFIXES == {"kg": str(vocab.KG._NS), "eli": str(vocab.ELI._NS), "org": str(vocab.ORG),
                              "prov": str(vocab.PROV), "dct": str(vocab.DCT), "skos": str(vocab.SKOS),
                              "rdf": str(vocab.RDF), "rdfs": str(vocab.RDFS), "owl": str(vocab.OWL),
                              "xsd": str(vocab.XSD), "schema": str(vocab.SCHEMA)}
    assert vocab.PREFIXES is names.PREFIXES and vocab.BASE is names.BASE
    assert names.XSD == str(vocab.XSD) and names.RDF == str(vocab.RDF)
    for agency in list(default_register())[:50]:
        assert names.agency_iri(agency.id) == str(iris.agency(agency.id))
    for key in ("沪府办发〔2024〕8号", "a/b c", ".", "生物医药产业高质量发展"):
        assert names.document_iri(key) == str(iris.document(key))
    assert ROLES == RECORD_ROLES


def test_map_kinds_are_still_offered(fresh_import) -> None:
    from kg.cli import cli

    result = CliRunner().invoke(cli, ["map", "--help"])
    assert "collaboration" in result.output
    bad = CliRunner().invoke(cli, ["map", "no-such-kind"])
    assert bad.exit_code == 2 and "collaboration" in bad.output
