"""The hand annotations as a conformance suite: documents, their fields and every duty.

Known gaps go into ALLOWED_FAILURES (gold file, item id) with a reason, and the list shrinks.
"""
from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import gold_files, load_gold

from kg.output import doc_row, duty_row

ALLOWED_FAILURES: dict[tuple[str, str], str] = {}
DOC_FIELDS = ["doc_number", "title", "attached_title", "kind", "issuers", "signed_date", "effective_from",
              "expires_on", "supersedes", "interprets", "basis", "start_line"]
PUNCT = str.maketrans({"—": "-", "－": "-", "〔": "[", "〕": "]", "«": "《", "»": "》"})


def norm(v):
    if isinstance(v, list):
        return sorted(norm(x) for x in v)
    if v is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v)).translate(PUNCT))


def _cases():
    for path in gold_files():
        gold = load_gold(path)
        for d in gold["documents"]:
            yield pytest.param(path.name, gold["seed"], "doc", d, id=f"{path.stem}-doc-{d['start_line']}")
        for u in gold["duties"]:
            yield pytest.param(path.name, gold["seed"], "duty", u, id=f"{path.stem}-duty-{u['line']}")


@pytest.mark.parametrize("gold_file, seed, what, item", list(_cases()))
def test_gold(corpus, gold_file, seed, what, item):
    ident = f"{what}-{item.get('line', item.get('start_line'))}"
    if (gold_file, ident) in ALLOWED_FAILURES:
        pytest.xfail(ALLOWED_FAILURES[(gold_file, ident)])
    if what == "doc":
        docs = [doc_row(d, "") for d in corpus.documents if d.source_file == seed]
        found = next((d for d in docs if d["start_line"] == item["start_line"]), None)
        assert found, f"document at line {item['start_line']} not found"
        for field in DOC_FIELDS:
            assert norm(found[field]) == norm(item[field]), field
    else:
        duties = [duty_row(d) for d in corpus.duties if d.span.source_file == seed]
        found = next((d for d in duties if abs(d["line"] - item["line"]) <= 1), None)
        assert found, f"duty at line {item['line']} not found"
        assert found["parties"] == [unicodedata.normalize("NFKC", p) for p in item["parties"]]
        assert found["lead"] == item["parties"][0]
        assert norm(found["provision"]) == norm(item["provision"])
        if not item["doc"].startswith("seed-"):
            assert found["doc"] == item["doc"]


def test_no_extra_duties_in_annotated_files(corpus):
    for path in gold_files():
        gold = load_gold(path)
        lines = {u["line"] for u in gold["duties"]}
        extra = [d.span.start_line for d in corpus.duties
                 if d.span.source_file == gold["seed"] and not d.stated_in_text
                 and not any(abs(d.span.start_line - x) <= 1 for x in lines)]
        assert extra == [], f"{path.name}: duties not in the gold at lines {extra}"
