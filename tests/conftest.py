"""Session fixtures: one extraction and one build of the bundled corpus for the whole suite."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.pipeline import extract
from kg.resources import corpus_dir

GOLD_DIR = Path(os.environ.get("KG_GOLD_DIR", Path(__file__).resolve().parents[2] / "shared" / "gold"))


@pytest.fixture(scope="session")
def corpus():
    """Records extracted from the bundled corpus."""
    return extract([corpus_dir()])


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    """A build of the bundled corpus, made once through the CLI."""
    from kg.cli import cli

    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(cli, ["build", "--quiet", "--out", str(out)])
    assert (out / "corpus.json").exists(), result.output
    return out


@pytest.fixture(scope="session")
def graph_build(build_dir: Path) -> Path:
    """The bundled build with its Oxigraph store, for the SPARQL tests."""
    assert (build_dir / "store").is_dir(), "kg build wrote no store"
    return build_dir


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.json")) if GOLD_DIR.exists() else []


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
