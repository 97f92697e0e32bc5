"""Session fixtures: one extraction and one build of the bundled corpus for the whole suite."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.pipeline import extract
from kg.resources import corpus_dir

DATA = Path(__file__).resolve().parent / "data"
GOLD_DIR = Path(os.environ.get("KG_GOLD_DIR", DATA / "gold"))
ELSEWHERE_DIR = DATA / "elsewhere"
# The texts of the elsewhere annotations are crawled public data kept outside the project.
ELSEWHERE_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "elsewhere" / "texts"


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
    """The gold annotations; a missing gold folder fails the suite instead of skipping it."""
    files = sorted(GOLD_DIR.glob("*.json"))
    assert files, f"no gold annotations in {GOLD_DIR}"
    return files


def elsewhere_texts() -> Path | None:
    """The folder of the elsewhere texts, or None (a skip) when ../shared is absent outside CI."""
    if ELSEWHERE_TEXTS.is_dir():
        return ELSEWHERE_TEXTS
    if os.environ.get("CI") == "true":
        raise AssertionError(f"{ELSEWHERE_TEXTS} is absent under CI=true")
    return None


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
