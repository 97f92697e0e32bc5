"""Issue 19: `kg query agency-duties -p role=leader` printed two blank lines and exited 0. A choice
parameter (lead|co) now refuses another word with a suggestion, and an empty answer says so."""
from __future__ import annotations

from kg.cli import cli


def test_a_wrong_role_exits_2_with_a_suggestion(graph_build, runner):
    result = runner.invoke(cli, ["query", "agency-duties", "-p", "agency=市科委", "-p", "role=leader",
                                 "--build-dir", str(graph_build)])
    assert result.exit_code == 2
    assert "must be one of lead, co; did you mean lead?" in result.output


def test_an_empty_answer_says_so(graph_build, runner):
    result = runner.invoke(cli, ["query", "SELECT ?s WHERE { ?s <https://example.org/none> ?o }",
                                 "--build-dir", str(graph_build)])
    assert result.exit_code == 0 and "matched nothing" in result.output
