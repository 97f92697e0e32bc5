"""Atomic builds (issue 16): whatever happens mid-way, the build folder is the old build or the new
one, whole; a second build into the same folder at the same time is refused at once.

The kill tests run a build in a child process that SIGKILLs itself at a chosen step (no timing),
then check that the previous build still answers the same counts through ``kg query`` and
``kg docs``' loader.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.buildfolder import build_lock, swap_in
from kg.cli import cli
from kg.corpus_io import load_corpus
from kg.resources import corpus_dir
from kg.sparql.running import run_query

SMALL = corpus_dir() / "004_b94330644b90e9c5.txt"  # 14 KB: a build takes about a second
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _build(runner, out: Path, *paths: Path):
    return runner.invoke(cli, ["build", "--quiet", "--out", str(out), *map(str, paths or (SMALL,))])


def _state(out: Path) -> tuple:
    """What readers see: the triple count through SPARQL, the documents through corpus.json, the report."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return (run_query(COUNT, out)[0]["n"], len(load_corpus(out).documents), report["build_id"])


@pytest.fixture
def old_build(tmp_path: Path, runner) -> tuple[Path, tuple]:
    out = tmp_path / "B"
    result = _build(runner, out)
    assert result.exit_code in (0, 1) and (out / "report.json").exists(), result.output  # 1: a file's problems
    return out, _state(out)


def _killed_build(out: Path, patch: str) -> subprocess.CompletedProcess:
    """Run ``kg build`` of the whole bundled corpus into ``out`` in a child that applies ``patch``
    (Python that replaces one step by a SIGKILL of the child itself)."""
    program = "import os, signal, sys\n" + patch + textwrap.dedent("""
        from kg.cli import cli
        cli(["build", "--quiet", "--out", sys.argv[1]])
    """)
    return subprocess.run([sys.executable, "-c", program, str(out)], capture_output=True, timeout=600)


KILLS = {
    "while writing corpus.json": """
import kg.report as r
real = r.save_corpus
def save(corpus, folder, *more):
    path = real(corpus, folder, *more)
    path.write_bytes(path.read_bytes()[:1000])  # half-written
    os.kill(os.getpid(), signal.SIGKILL)
r.save_corpus = save
""",
    "while loading the store": """
import kg.graph.writing as w
def checks(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)  # the store process is filling the new store meanwhile
w.check_parts = checks
""",
}


@pytest.mark.parametrize("step", KILLS)
def test_a_killed_build_leaves_the_previous_build_answering(old_build, step: str) -> None:
    out, before = old_build
    done = _killed_build(out, KILLS[step])
    assert done.returncode == -9, done.stderr.decode()
    assert _state(out) == before
    written = json.loads((out / "report.json").read_text(encoding="utf-8"))["graph"]["files"]
    assert all((out / name).exists() for name in written + ["corpus.json", "problems.txt", "validation.txt"])


def test_the_next_build_after_a_kill_replaces_the_old_one_and_clears_the_leftovers(old_build, runner) -> None:
    out, before = old_build
    _killed_build(out, KILLS["while writing corpus.json"])
    assert list(out.parent.glob(".B.building-*")), "the killed build left no temporary folder to clear"
    result = _build(runner, out, corpus_dir())
    assert result.exit_code in (0, 1), result.output
    assert not list(out.parent.glob(".B.building-*"))
    after = _state(out)
    assert after[1] > before[1] and after[2] != before[2]


def test_a_second_concurrent_build_is_refused_and_the_first_stays_whole(old_build, runner) -> None:
    out, before = old_build
    holder = os.open(out.parent / ".B.lock", os.O_RDWR)  # as a running build holds it
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        result = _build(runner, out, corpus_dir())
    finally:
        os.close(holder)
    assert result.exit_code == 2
    assert "another `kg build` is writing this build folder" in result.output
    assert _state(out) == before


def test_two_builds_at_once_one_refused(tmp_path: Path, runner) -> None:
    """A real second process: while it builds, an in-process build is refused; it then finishes whole."""
    out = tmp_path / "B"
    gate = tmp_path / "gate"
    program = textwrap.dedent("""
        import sys, time, pathlib
        import kg.report as r
        real = r.save_corpus
        def save(corpus, folder, *more):
            pathlib.Path(sys.argv[2]).write_text("holding")
            while pathlib.Path(sys.argv[2]).exists():
                time.sleep(0.05)
            return real(corpus, folder, *more)
        r.save_corpus = save
        from kg.cli import cli
        cli(["build", "--quiet", "--out", sys.argv[1], sys.argv[3]])
    """)
    child = subprocess.Popen([sys.executable, "-c", program, str(out), str(gate), str(SMALL)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        while not gate.exists():
            assert child.poll() is None, child.stderr.read().decode()
            os.sched_yield()
        refused = _build(runner, out)
        gate.unlink()
        child.wait(timeout=300)
    finally:
        child.kill()
    assert refused.exit_code == 2 and "another `kg build`" in refused.output
    assert child.returncode in (0, 1), child.stderr.read().decode()
    assert _state(out)[1] > 0


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def test_disk_full_says_so_and_leaves_the_old_build(tmp_path: Path, runner, monkeypatch) -> None:
    disk = tmp_path / "disk"
    if _tmpfs(disk, "12m"):  # root in a container: a real full disk
        try:
            out = disk / "B"
            first = _build(runner, out)
            assert (out / "report.json").exists(), first.output
            before = _state(out)
            result = _build(runner, out, corpus_dir())
            assert _state(out) == before
            assert not list(disk.glob(".B.building-*"))
        finally:
            subprocess.run(["umount", "-l", str(disk)], check=False)
    else:  # no mount allowed: a simulated write error at the same place
        out = disk / "B"
        assert _build(runner, out).exit_code in (0, 1)
        before = _state(out)
        import kg.graph.writing as writing

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "graph.nq")
        monkeypatch.setattr(writing, "check_parts", full)  # while the store is being made
        result = _build(runner, out)
        assert _state(out) == before
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output and "previous build" in result.output
    assert "Traceback" not in result.output


def test_a_read_only_folder_is_one_line_and_exit_2(tmp_path: Path, runner) -> None:
    disk = tmp_path / "ro"
    if not _tmpfs(disk, "1m"):
        if os.environ.get("CI") == "true":
            pytest.fail("cannot mount a read-only tmpfs in CI")
        pytest.skip("cannot mount a tmpfs here (not root); root ignores permission bits")
    try:
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = _build(runner, disk / "B")
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
    assert result.exit_code == 2
    assert "Read-only file system" in result.output and "Traceback" not in result.output


def test_a_folder_that_is_not_a_build_is_never_replaced(tmp_path: Path, runner) -> None:
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    result = _build(runner, mine)
    assert result.exit_code == 2 and "not a kg build" in result.output
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_swap_in_exchanges_whole_folders(tmp_path: Path) -> None:
    old, new = tmp_path / "B", tmp_path / "new"
    old.mkdir()
    (old / "report.json").write_text("old")
    new.mkdir()
    (new / "report.json").write_text("new")
    with build_lock(old):
        swap_in(new, old)
    assert (old / "report.json").read_text() == "new" and not new.exists()


def test_a_corrupted_store_is_one_line_error(old_build, runner) -> None:
    out, _ = old_build
    for f in (out / "store").iterdir():
        if f.is_file():
            f.write_bytes(b"\x00garbage" * 10)
    result = runner.invoke(cli, ["query", COUNT, "--build-dir", str(out)])
    assert result.exit_code == 2, result.output
    assert "store" in result.output and "kg build" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_damaged_corpus_json_is_one_line_error(old_build, runner) -> None:
    out, _ = old_build
    (out / "corpus.json").write_text('{"documents": [', encoding="utf-8")
    result = runner.invoke(cli, ["docs", "--build-dir", str(out)])
    assert result.exit_code == 2 and "rebuild with `kg build`" in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_evaluation_error_in_kg_query_is_one_line(old_build, runner) -> None:
    """A federated query to a closed loopback port fails while it is evaluated, not parsed."""
    import socket

    out, _ = old_build
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    result = runner.invoke(cli, ["query", query, "--allow-service", "--build-dir", str(out)])
    assert result.exit_code == 2 and "query failed" in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
