"""kg.maps.records: corpus.json read for a map, without the texts no map shows (issue 17).

Every map must come out byte for byte as it does from ``load_corpus``; a line or a file not laid
out as save_corpus writes it must still be read right (whole), never cut wrong.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from kg.corpus_io import CORPUS_FILE, load_corpus, save_corpus
from kg.errors import BuildNotFound
from kg.maps import draw_map, render_matrix
from kg.maps.records import load_map_corpus
from kg.model import Corpus, Document, Duty, Party, Provision, Span


def _without_texts(doc: Document) -> Document:
    return dataclasses.replace(doc, body="", provisions=[], span=dataclasses.replace(doc.span, text=""))


def _without_provision_text(corpus: Corpus) -> list[Duty]:
    """The duties as the map reader gives them: a duty's own text kept, its provision's left out."""
    texts = {(d.key, p.path): p.text for d in corpus.documents for p in d.provisions}
    return [dataclasses.replace(d, text="") if d.text == texts.get((d.doc, d.provision), "") else d
            for d in corpus.duties]


def _busiest_agency(corpus: Corpus) -> str:
    counts: dict[str, int] = {}
    for d in corpus.duties:
        for p in d.parties:
            counts[p.printed] = counts.get(p.printed, 0) + 1
    return max(sorted(counts), key=counts.get)


def test_the_build_reads_back_but_for_the_texts(build_dir: Path) -> None:
    full, light = load_corpus(build_dir), load_map_corpus(build_dir)
    assert light.documents == [_without_texts(d) for d in full.documents]
    assert any(d.body and d.provisions for d in full.documents)  # there was text to leave out
    assert light.duties == _without_provision_text(full)
    assert (light.entities, light.files) == (full.entities, full.files)
    assert light.indicators == [] and light.problems == []


def test_the_document_asked_for_is_read_whole(build_dir: Path) -> None:
    full = load_corpus(build_dir)
    wanted = next(d for d in full.documents if d.provisions and d.doc_number)
    light = load_map_corpus(build_dir, full_document=wanted.doc_number)
    assert [d for d in light.documents if d.key == wanted.key] == [wanted]
    assert all(d == _without_texts(d) for d in light.documents if d.key != wanted.key)


def test_every_map_of_the_build_is_the_same_page(build_dir: Path) -> None:
    full = load_corpus(build_dir)
    doc = next(d for d in full.documents if d.provisions and any(x.doc == d.key for x in full.duties))
    maps = [("collaboration", {}), ("collaboration", {"color": "community"}), ("document", {"doc": doc.key}),
            ("agency", {"agency": _busiest_agency(full)}), ("lifecycle", {})]
    for kind, filters in maps:
        light = load_map_corpus(build_dir, full_document=filters.get("doc"))
        assert draw_map(kind, light, backend="vis", **filters).html == \
            draw_map(kind, full, backend="vis", **filters).html, kind
    assert render_matrix(load_map_corpus(build_dir)) == render_matrix(full)


def _trap_corpus() -> Corpus:
    """Documents whose texts print the very keys the reader cuts at, quotes and backslashes."""
    trap = 'x", "doc_number": "假", "published": \\"2020", "supersedes": ["y"], "text": "z\\\\'
    span = Span("a.txt", 1, 9, trap)
    provision = Provision(path="一", marker="一", level="chapter", heading='"span": {', text=trap, span=span)
    docs = [Document(key=f"k{i}", doc_number=f"沪府发〔2024〕{i}号", title=f"标题{i}", attached_title=None,
                     kind="通知", issuers=["上海市人民政府"], signed_date=None, effective_from=None,
                     expires_on=None, supersedes=[f"旧{i}"], interprets=None, basis=[], english_title=None,
                     span=span, body=trap * (i + 1), provisions=[provision]) for i in range(3)]
    duty = Duty(doc="k0", provision="一", heading="h", label="责任单位", raw="市科委", parties=[Party("市科委", "municipal")],
                form="bracket", span=span, text="own text")
    return Corpus(documents=docs, duties=[duty], files=["a.txt"])


def test_texts_that_print_the_cut_keys_are_cut_right(tmp_path: Path) -> None:
    save_corpus(_trap_corpus(), tmp_path)
    light, full = load_map_corpus(tmp_path), load_corpus(tmp_path)
    assert light.documents == [_without_texts(d) for d in full.documents]
    assert [d.supersedes for d in light.documents] == [["旧0"], ["旧1"], ["旧2"]]
    assert light.duties == full.duties  # its own text, not its provision's: written, and kept


def test_a_line_written_otherwise_is_read_whole(tmp_path: Path) -> None:
    save_corpus(_trap_corpus(), tmp_path)
    path = tmp_path / CORPUS_FILE
    lines = path.read_text(encoding="utf-8").split("\n")
    record = json.loads(lines[3].rstrip(","))  # the second document, keys in reverse order
    lines[3] = json.dumps(dict(reversed(record.items())), ensure_ascii=False) + ","
    path.write_text("\n".join(lines), encoding="utf-8")
    light = load_map_corpus(tmp_path)
    assert light.documents[1] == load_corpus(tmp_path).documents[1]  # whole: body and provisions
    assert light.documents[0].body == "" and light.documents[2].body == ""


def test_a_file_not_one_record_per_line_is_read_by_load_corpus(tmp_path: Path) -> None:
    save_corpus(_trap_corpus(), tmp_path)
    path = tmp_path / CORPUS_FILE
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=2), encoding="utf-8")
    assert load_map_corpus(tmp_path) == load_corpus(tmp_path)
    with pytest.raises(BuildNotFound):
        load_map_corpus(tmp_path / "nowhere")
