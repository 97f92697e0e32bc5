"""kg.graph.store_process: graph.nq loaded in slices, side by side, holds what one bulk load holds."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.graph.store_process as store_process


def test_slices_end_at_line_ends_and_cover_the_file(build_dir: Path) -> None:
    nq = build_dir / "graph.nq"
    data = nq.read_bytes()
    for count in (1, 2, 3, 7):
        slices = store_process._slices(str(nq), count)
        assert slices[0][0] == 0 and slices[-1][1] == len(data)
        assert all(a[1] == b[0] for a, b in zip(slices, slices[1:], strict=False))
        assert all(data[end - 1:end] == b"\n" for _, end in slices)
        assert len(slices) == count


def test_a_load_in_slices_holds_the_quads_of_one_bulk_load(build_dir: Path, tmp_path: Path, monkeypatch) -> None:
    nq = build_dir / "graph.nq"
    monkeypatch.setattr(store_process, "SPLIT_FROM", 0)  # the bundled graph is small: slice it anyway
    store_process.load(str(nq), str(tmp_path / "sliced"))
    whole = ox.Store(str(tmp_path / "whole"))
    whole.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    sliced = sorted(map(str, ox.Store.read_only(str(tmp_path / "sliced"))))
    assert sliced == sorted(map(str, whole)) and len(sliced) == nq.read_bytes().count(b"\n")


def test_a_slice_that_fails_to_parse_fails_the_load(tmp_path: Path, monkeypatch) -> None:
    nq = tmp_path / "graph.nq"
    nq.write_bytes(b"<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n" * 50 + b"not n-quads\n")
    monkeypatch.setattr(store_process, "SPLIT_FROM", 0)
    with pytest.raises(SyntaxError):
        store_process.load(str(nq), str(tmp_path / "store"))
