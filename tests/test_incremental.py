"""Incremental builds (kg.cache): a rebuild reads only the files that changed and writes the same
bytes as a clean build of the same files."""
from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

import kg.cache
import kg.corpus_io
import kg.graph.writing
import kg.parallel
import kg.pipeline
import kg.record_pickles
from kg.pipeline import build
from kg.resources import corpus_dir

SEEDS = ("000_56e28ced04004a88.txt", "003_3d6e404cec9cf21f.txt", "004_b94330644b90e9c5.txt")
OUTPUTS = ("graph.nq", "corpus.json", "report.json", "problems.txt", "validation.txt")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in SEEDS:
        shutil.copy(corpus_dir() / name, folder / name)
    return folder


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the files the pipeline extracts (one process: fewer than kg.parallel.PARALLEL_FROM files)."""
    seen: list[str] = []
    real = kg.pipeline.extract_file

    def spy(path: Path, names=None):
        seen.append(path.name)
        return real(path, names=names)

    monkeypatch.setattr(kg.pipeline, "extract_file", spy)
    return seen


def assert_same_build(a: Path, b: Path, outputs: tuple[str, ...] = OUTPUTS) -> None:
    different = [n for n in outputs if not filecmp.cmp(a / n, b / n, shallow=False)]
    assert different == []
    assert store_quads(a) == store_quads(b)  # an updated store holds what a fresh load holds


def store_quads(build_dir: Path) -> list[str]:
    import pyoxigraph as ox

    return sorted(map(str, ox.Store.read_only(str(build_dir / "store"))))


@pytest.fixture
def made(monkeypatch) -> dict[str, list]:
    """What the graph stage did: the documents whose graph part was built, how the store was made."""
    import kg.graph.parts
    import kg.graph.writing

    seen: dict[str, list] = {"parts": [], "store": [], "derived": []}
    real_part, real_process = kg.graph.parts.build_part, kg.graph.writing._process
    real_derived = kg.graph.parts.derived_part

    def derived(corpus):
        seen["derived"].append(len(corpus.documents))
        return real_derived(corpus)

    def part(key, *args):
        seen["parts"].append(key)
        return real_part(key, *args)

    def process(mode, *args):
        seen["store"].append(mode)
        return real_process(mode, *args)

    monkeypatch.setattr(kg.graph.parts, "build_part", part)
    monkeypatch.setattr(kg.graph.parts, "derived_part", derived)
    monkeypatch.setattr(kg.graph.writing, "_process", process)
    return seen


def test_a_rebuild_builds_the_changed_documents_graphs_and_updates_the_store(inputs, made, tmp_path) -> None:
    out = tmp_path / "build"
    build([inputs], out)
    assert made["store"] == ["load"] and len(made["parts"]) > 3 and len(made["derived"]) == 1
    for seen in made.values():
        seen.clear()
    build([inputs], out)
    assert made == {"parts": [], "store": ["update"], "derived": []}  # nothing changed: nothing built
    changed = inputs / "004_b94330644b90e9c5.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("责任单位：市科委", "责任单位：市教委", 1),
                       encoding="utf-8")
    build([inputs], out)
    docs = {d.key: d.source_file for d in kg.corpus_io.load_corpus(out).documents}
    assert made["parts"] and all(docs[key] == changed.name for key in made["parts"])
    assert made["store"][-1] == "update" and len(made["derived"]) == 1  # graph/derived reads every document
    clean = tmp_path / "clean"
    build([inputs], clean)
    assert_same_build(out, clean)


def test_a_rebuild_copies_unchanged_parts_and_its_graph_index_describes_graph_nq(inputs, tmp_path,
                                                                                  monkeypatch) -> None:
    """Unchanged document graphs go into graph.nq by the kernel, with the digests and counts of the
    last build's index; the index must still describe the new graph.nq byte for byte."""
    from kg.graph.iris import doc_graph
    from kg.graph.parts import Parts
    from kg.graph.writing import INDEX

    out = tmp_path / "build"
    build([inputs], out)
    changed = inputs / "004_b94330644b90e9c5.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("责任单位：市科委", "责任单位：市教委", 1),
                       encoding="utf-8")
    read: list[str] = []  # the parts read while graph.nq is indexed and written (the checks read their groups)
    writing, real_get = [], Parts.__getitem__

    def spied(real):
        def run(*args):
            writing.append(True)
            try:
                return real(*args)
            finally:
                writing.clear()
        return run

    for name in ("_write_nquads", "_graph_index", "_copy_parts"):
        monkeypatch.setattr(kg.graph.writing, name, spied(getattr(kg.graph.writing, name)))
    monkeypatch.setattr(kg.graph.writing, "Meanwhile", lambda fn: kg.parallel.Meanwhile(fn, fork=False))  # seen here
    monkeypatch.setattr(Parts, "__getitem__", lambda self, name: (writing and read.append(name), real_get(self, name))[1])
    build([inputs], out)
    unchanged = {str(doc_graph(d.key)) for d in kg.corpus_io.load_corpus(out).documents if d.source_file != changed.name}
    assert unchanged and not unchanged & set(read)
    data = (out / "graph.nq").read_bytes()
    index = json.loads((out / INDEX).read_text(encoding="utf-8"))
    end = 0
    for digest, offset, length, quads, _ in index.values():
        assert offset == end and hashlib.sha256(data[offset:offset + length]).hexdigest() == digest
        assert data[offset:offset + length].count(b"\n") == quads
        end = offset + length
    assert end == len(data)


def test_a_rebuild_with_nothing_changed_links_graph_nq_and_one_with_a_change_writes_it(inputs, tmp_path) -> None:
    """graph.nq is a hard link to the last build's only when every graph is the same: after a
    change it is a file of its own (the last build's stays as it was) equal to a clean build's."""
    out = tmp_path / "build"
    build([inputs], out)
    first = (out / "graph.nq").stat()
    build([inputs], out)
    assert (out / "graph.nq").stat().st_ino == first.st_ino
    kept = tmp_path / "kept.nq"
    shutil.copy(out / "graph.nq", kept)
    changed = inputs / "004_b94330644b90e9c5.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("责任单位：市科委", "责任单位：市教委", 1),
                       encoding="utf-8")
    last = tmp_path / "last"
    shutil.copytree(out, last, copy_function=os.link)  # the last build's files, as they were
    build([inputs], out)
    assert (out / "graph.nq").stat().st_ino != first.st_ino
    assert filecmp.cmp(last / "graph.nq", kept, shallow=False)  # the last build's graph.nq not written into
    clean = tmp_path / "clean"
    build([inputs], clean)
    assert_same_build(out, clean)


def test_a_store_update_replaces_a_graph_whose_old_bytes_changed_and_survives_a_broken_store(
        inputs, made, tmp_path) -> None:
    """The store process diffs a changed graph against the last graph.nq only while those bytes
    are what the last index says; else it replaces the graph whole. An update that fails (the last
    store unreadable) gives way to a fresh load. Either way the store equals a clean build's."""
    out, clean = tmp_path / "build", tmp_path / "clean"
    build([inputs], out)
    changed = inputs / "004_b94330644b90e9c5.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("责任单位：市科委", "责任单位：市教委", 1),
                       encoding="utf-8")
    nq = out / "graph.nq"
    nq.write_bytes(nq.read_bytes().replace(b"kg-cn/ontology#", b"kg-cn/ontologx#"))  # old bytes no longer as indexed
    build([inputs], out)
    assert made["store"][-1] == "update"
    build([inputs], clean)
    assert_same_build(out, clean)
    changed.write_text(changed.read_text(encoding="utf-8").replace("责任单位：市教委", "责任单位：市科委", 1),
                       encoding="utf-8")
    for f in (out / "store").iterdir():
        if f.name.startswith("CURRENT"):
            f.write_text("garbage\n")  # the last store cannot be opened: the update fails
    made["store"].clear()
    build([inputs], out)
    assert made["store"] == ["update", "load"]
    shutil.rmtree(clean)
    build([inputs], clean)
    assert_same_build(out, clean)


def test_requested_formats_are_written_and_equal_a_clean_builds(inputs, tmp_path) -> None:
    out, clean = tmp_path / "build", tmp_path / "clean"
    build([inputs], out)
    build([inputs], out, formats=["trig", "ttl", "nt"])
    build([inputs], clean, formats=["trig", "ttl", "nt"])
    assert_same_build(out, clean, OUTPUTS + ("graph.trig", "graph.ttl", "graph.nt"))
    assert not (tmp_path / "build" / "graph.jsonld").exists()


def test_rebuild_reads_only_the_changed_file_and_equals_a_clean_build(inputs, reads, tmp_path) -> None:
    out = tmp_path / "build"
    build([inputs], out)
    assert sorted(reads) == sorted(SEEDS)
    assert len(list((out / "cache").glob("*.pickle"))) == len(SEEDS)
    reads.clear()
    build([inputs], out)
    assert reads == []  # nothing changed: nothing read
    changed = inputs / "004_b94330644b90e9c5.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("责任单位：市科委", "责任单位：市教委", 1),
                       encoding="utf-8")
    build([inputs], out)
    assert reads == ["004_b94330644b90e9c5.txt"]
    clean = tmp_path / "clean"
    build([inputs], clean)
    assert_same_build(out, clean)
    assert "市教委" in (out / "corpus.json").read_text(encoding="utf-8")


def test_removed_and_added_files(inputs, reads, tmp_path) -> None:
    out = tmp_path / "build"
    build([inputs], out)
    (inputs / SEEDS[1]).unlink()
    reads.clear()
    build([inputs], out)
    assert reads == []
    assert len(list((out / "cache").glob("*.pickle"))) == len(SEEDS) - 1  # the removed file's entry is gone
    clean = tmp_path / "clean"
    build([inputs], clean)
    assert_same_build(out, clean)
    shutil.copy(corpus_dir() / SEEDS[1], inputs / "renamed.txt")  # a new name is a new file
    reads.clear()
    build([inputs], out)
    assert reads == ["renamed.txt"]


def test_another_kg_version_reads_everything_again(inputs, reads, tmp_path, monkeypatch) -> None:
    out = tmp_path / "build"
    build([inputs], out)
    reads.clear()
    monkeypatch.setattr(kg.cache, "code_fingerprint", lambda: "another kg")
    build([inputs], out)
    assert sorted(reads) == sorted(SEEDS)



def _shared_texts(corpus) -> int:
    """How many duties hold their provision's text as the same string object."""
    texts = {(doc.key, p.path): p.text for doc in corpus.documents for p in doc.provisions}
    return sum(1 for d in corpus.duties if d.text is texts.get((d.doc, d.provision)))


def test_records_cached_in_the_build_process_keep_their_strings_as_they_were(tmp_path) -> None:
    """Plain pickling would cache each string's UTF-8 form inside it (a second copy of a file's text
    for the rest of the build); the cache's pickler leaves the texts alone and its entries load
    back equal, with shared texts still shared across its chunks."""
    corpus = kg.pipeline.extract_file(corpus_dir() / SEEDS[0])
    texts = [t for doc in corpus.documents for t in (doc.body, *(p.span.text for p in doc.provisions))
             if not t.isascii() and len(t) >= 64]
    assert len(texts) > 10
    sizes = [sys.getsizeof(t) for t in texts]
    cache = kg.cache.ExtractCache(tmp_path / "previous", into=tmp_path / "new")
    cache.dump("entry", corpus)
    assert [sys.getsizeof(t) for t in texts] == sizes
    back = kg.record_pickles.loads(cache.locate("entry").read_bytes())
    assert back == corpus
    assert _shared_texts(back) == _shared_texts(corpus) > 0


def test_graph_derived_diffed_while_corpus_json_is_written_updates_the_store_as_a_clean_build(
        tmp_path, monkeypatch) -> None:
    """With workers, graph/derived is made while a forked process writes corpus.json, and its diff
    against the last build is made then too (kg.graph.writing.diff_from_last); the store update
    takes that diff instead of making its own, and the store equals a clean build's."""
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted(corpus_dir().glob("*.txt")):
        shutil.copy(f, folder / f.name)
    assert len(list(folder.iterdir())) >= kg.parallel.PARALLEL_FROM  # the fork is what makes the diff early
    out, clean = tmp_path / "build", tmp_path / "clean"
    build([folder], out, workers=2)
    handed: list[list[str] | None] = []
    real = kg.graph.writing._diff_files

    def spy(*args):
        handed.append(real(*args))
        return handed[-1]

    monkeypatch.setattr(kg.graph.writing, "_diff_files", spy)
    changed = folder / "004_b94330644b90e9c5.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("责任单位：市科委", "责任单位：市教委", 1),
                       encoding="utf-8")
    build([folder], out, workers=2)
    assert [files is not None for files in handed].count(True) == 1  # graph/derived's, made early
    assert not list(out.glob(".store-*"))  # the plan and the diff files are gone
    build([folder], clean, workers=2)
    assert_same_build(out, clean)


def test_a_diff_made_early_gives_the_index_entry_only_for_the_bytes_it_was_made_of() -> None:
    """A part's index digest is taken from its early Diff only when the part is the bytes diffed;
    other bytes of the same length are hashed, so the index never names a digest they lack."""
    name = "https://w3id.org/kg-cn/graph/derived"
    diffed, other = b"<a> <b> <c> <g> .\n", b"<a> <b> <d> <g> .\n"
    diff = kg.graph.writing.Diff(diffed, "made-early", 1, [], b"", b"")
    index, _ = kg.graph.writing._graph_index({name: diffed}, {}, {name: diff})
    assert index[name][0] == "made-early"
    index, _ = kg.graph.writing._graph_index({name: other}, {}, {name: diff})
    assert index[name][0] == hashlib.sha256(other).hexdigest()


def test_a_damaged_graph_index_gives_a_fresh_store_load_not_a_crash(inputs, made, tmp_path) -> None:
    """cache/graphs.json with entries that are not [digest, offset, length, quads, file] (an int,
    a string, a short list) was read as if well formed and the rebuild died with a TypeError; now
    the index is ignored, the store is loaded anew and the build equals a clean one."""
    out, clean = tmp_path / "build", tmp_path / "clean"
    build([inputs], out)
    index = json.loads((out / "cache" / "graphs.json").read_text(encoding="utf-8"))
    damaged = {name: (5, "abc", [None])[i % 3] for i, name in enumerate(index)}
    (out / "cache" / "graphs.json").write_text(json.dumps(damaged), encoding="utf-8")
    made["store"].clear()
    build([inputs], out)
    assert made["store"] == ["load"]
    build([inputs], clean)
    assert_same_build(out, clean)


@pytest.mark.parametrize("damage", [lambda data: b"garbage", lambda data: data[:len(data) // 2]],
                         ids=["garbage", "truncated"])
def test_a_damaged_record_cache_entry_is_read_again_not_a_failed_build(inputs, reads, tmp_path, damage) -> None:
    """A file's cached records that do not unpickle raised UnpicklingError and the rebuild failed;
    now the file is read again and the build equals a clean one."""
    out, clean = tmp_path / "build", tmp_path / "clean"
    build([inputs], out)
    entries = list((out / "cache").glob("*.pickle"))
    assert len(entries) == len(SEEDS)
    for entry in entries:
        entry.write_bytes(damage(entry.read_bytes()))
    reads.clear()
    build([inputs], out)
    assert sorted(reads) == sorted(SEEDS)
    build([inputs], clean)
    assert_same_build(out, clean)


@pytest.mark.parametrize("damage", [lambda data: b"garbage", lambda data: data[:len(data) // 2]],
                         ids=["garbage", "truncated"])
def test_a_damaged_check_cache_entry_is_checked_again_not_a_failed_build(inputs, reads, tmp_path, damage) -> None:
    """A group's cached shape-check results that do not unpickle raised UnpicklingError and the
    rebuild failed; now the group is checked again and the build equals a clean one."""
    out, clean = tmp_path / "build", tmp_path / "clean"
    build([inputs], out)
    entries = list((out / "cache" / "checks").glob("*"))
    assert entries
    for entry in entries:
        entry.write_bytes(damage(entry.read_bytes()))
    reads.clear()
    build([inputs], out)
    assert reads == []  # the records were not damaged: no file read again
    assert "conforms" in (out / "validation.txt").read_text(encoding="utf-8")
    build([inputs], clean)
    assert_same_build(out, clean)
