"""``kg map`` as a whole process (issue 17): it ends right after saying what it wrote, without
tearing the interpreter down, and must still print its path, exit 0 and write the same page as
the library does; run in-process (CliRunner, notebooks) it must not end anything."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.commands.maps import whole_process
from kg.maps import write_map


def test_the_process_says_its_path_and_writes_the_same_page(build_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "collab.html"
    done = subprocess.run([sys.executable, "-m", "kg", "map", "collaboration", "--build-dir", str(build_dir),
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{out}\n"  # flushed before the process ended
    expected = write_map("collaboration", build_dir, tmp_path / "in-process.html")
    assert out.read_bytes() == expected.read_bytes()


def test_a_failing_map_still_exits_with_its_error(build_dir: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kg", "map", "agency", "--agency", "市不存在局",
                           "--build-dir", str(build_dir)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "no duty names the agency" in done.stderr


def test_in_process_the_command_is_not_the_whole_process(build_dir: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    assert not whole_process()  # pytest is the main module: the records are freed, nothing ends
    result = CliRunner().invoke(cli, ["map", "lifecycle", "--build-dir", str(build_dir),
                                      "--out", str(tmp_path / "l.html")])
    assert result.exit_code == 0 and result.output == f"{tmp_path / 'l.html'}\n"
