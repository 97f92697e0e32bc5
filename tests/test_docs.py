"""Documentation and data kept honest: the README's command reference is current, every command
is documented, every stored query has a title."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    blocks = README.split("```bash")[1:3]
    assert "pip install -e . && kg build" in blocks[0]
    assert "pip install -e '.[test]' && python -m pytest" in blocks[1]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]' && python -m pytest" in ci


def test_every_command_is_in_the_readme():
    for name in cli.commands:
        assert f"### kg {name}" in README, name


def test_readme_command_reference_is_current():
    result = subprocess.run([sys.executable, "-m", "cogapp", "--check", "README.md"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, "README's command reference is stale: run `cog -r README.md`\n" + result.stdout


def test_every_stored_query_has_a_title():
    from kg.resources import queries_dir

    queries = sorted(queries_dir().glob("*.rq"))
    assert queries
    for q in queries:
        assert "# title:" in q.read_text(encoding="utf-8").split("\n\n")[0], q.name
