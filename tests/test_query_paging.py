"""Issue 17: large answers come a page at a time (``limit``, ``offset``, a default page), in
``kg query``, ``kg.run_query`` and ``kg serve``; a page says when more rows exist and how to get
them. Pages are checked against the whole answer (``limit=0``) on the bundled build: they are
disjoint, in order, and together the whole answer, whether a page is made with LIMIT/OFFSET or
from a list materialised in graph/derived (``# page: … by member``)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from kg.cli import cli
from kg.errors import QueryError
from kg.sparql.binding import MOST_MEMBERS, prepare
from kg.sparql.catalogue import catalogue, parse_text, stored_query
from kg.sparql.running import run_query
from kg.sparql.server import get, open_app

PLAN = "沪府办发〔2024〕8号"
ASKED = [  # each paged query with parameters that give it more than a few rows on the bundled corpus
    ("agency-duties", {"agency": "市科委"}),           # a kg:DutyList of both roles
    ("agency-duties", {"agency": "市科委", "role": "co"}),  # of one role
    ("indicators", {}),                                # the kg:IndicatorList
    ("indicators", {"document": PLAN}),                # the document's kg:IndicatorList
    ("agency-pairs", {"min_shared": "2"}),
    ("agency-partners", {"agency": "市科委"}),
    ("agency-workload", {}),
    ("document-duties", {"document": PLAN}),
    ("documents-in-force", {"on": "2025-01-01"}),
    ("programmes", {}),
    ("programmes", {"kind": "fund"}),
    ("programmes", {"agency": "市科委"}),
]


def _pages(build: Path, name: str, params: dict, size: int) -> list:
    pages, offset = [], 0
    while True:
        page = run_query(name, build, **params, limit=size, offset=offset)
        pages.append(page)
        if not page.more:
            return pages
        assert page.next_offset == offset + size
        offset = page.next_offset


@pytest.mark.parametrize("name, params", ASKED, ids=lambda x: x if isinstance(x, str) else "-".join(x.values()))
def test_pages_are_disjoint_and_make_the_whole_answer(graph_build, name, params):
    whole = run_query(name, graph_build, **params, limit=0)
    size = max(2, len(whole) // 4 + 1)  # four pages, the last one shorter
    assert len(whole) > size, f"{name} {params}: too few rows to page"
    pages = _pages(graph_build, name, params, size)
    assert [len(p) for p in pages[:-1]] == [size] * (len(pages) - 1) and 0 < len(pages[-1]) <= size
    assert [p.more for p in pages] == [True] * (len(pages) - 1) + [False]
    assert [row for page in pages for row in page] == whole  # disjoint, in order, nothing lost
    assert not whole.more and whole.next_offset is None


def test_more_rows_exactly_when_rows_follow(graph_build):
    whole = run_query("agency-pairs", graph_build, limit=0)
    n = len(whole)
    assert run_query("agency-pairs", graph_build, limit=5, offset=n - 5).more is False  # the page ends the answer
    assert run_query("agency-pairs", graph_build, limit=5, offset=n - 6).more is True   # one row follows it
    assert run_query("agency-pairs", graph_build, limit=5, offset=n) == []
    duties = run_query("agency-duties", graph_build, agency="市科委", limit=0)
    last = run_query("agency-duties", graph_build, agency="市科委", limit=7, offset=len(duties) - 7)
    assert last == duties[-7:] and last.more is False
    assert run_query("agency-duties", graph_build, agency="市科委", limit=7, offset=len(duties) - 8).more is True


def test_the_default_page_is_the_first_hundred_rows(graph_build):
    page = run_query("agency-pairs", graph_build)
    whole = run_query("agency-pairs", graph_build, limit=0)
    assert len(whole) > 100 and page == whole[:100] and page.more and page.next_offset == 100
    assert all(q.paging and q.paging.rows == 100 for q in catalogue())
    assert {"limit", "offset"} <= {p.name for p in stored_query("agency-duties").params}


def test_a_large_page_reads_the_list_with_limit(graph_build):
    duties = run_query("agency-duties", graph_build, agency="市科委", limit=0)
    ready = prepare(stored_query("agency-duties"), {"agency": "市科委", "limit": MOST_MEMBERS + 1, "offset": 3})
    assert "VALUES ?member" not in ready.text and ready.text.rstrip().endswith(f"LIMIT {MOST_MEMBERS + 2} OFFSET 3")
    assert run_query("agency-duties", graph_build, agency="市科委", limit=MOST_MEMBERS + 1, offset=3) == duties[3:]


def test_a_page_of_the_list_asks_for_its_members_only():
    ready = prepare(stored_query("agency-duties"), {"agency": "市科委", "limit": 2, "offset": 4})
    members = ready.text.split("VALUES ?member {", 1)[1].split("}", 1)[0].split()
    assert members == [f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#_{n}>" for n in (5, 6, 7)]  # 7: the probe
    plain = prepare(stored_query("documents-in-force"), {"limit": 2, "offset": 4})  # LIMIT and OFFSET
    assert "VALUES ?member" not in plain.text and plain.text.rstrip().endswith("LIMIT 3 OFFSET 4")


@pytest.mark.parametrize("value", ["-1", "x"])
def test_bad_page_parameters_are_errors(value):
    with pytest.raises(QueryError, match="limit"):
        prepare(stored_query("agency-pairs"), {"limit": value})


@pytest.mark.parametrize("header, problem", [
    ("# page: many", "cannot read '# page: many'"),
    ("# page: 0", "ROWS ≥ 1"),
    ("# param: limit (integer, 5) – mine\n# page: 10", "declares no limit"),
    ("# page: 10 by", "cannot read"),
])
def test_bad_page_headers_are_errors(header, problem):
    with pytest.raises(QueryError, match=problem):
        parse_text(f"# title: t\n{header}\nSELECT ?s WHERE {{ ?s ?p ?o }}")


def test_kg_query_says_when_more_rows_exist(runner, graph_build):
    n = len(run_query("agency-pairs", graph_build, limit=0))
    args = ["query", "agency-pairs", "--format", "json", "--build-dir", str(graph_build)]
    first = runner.invoke(cli, [*args, "-p", "limit=10"])
    assert first.exit_code == 0 and len(json.loads(first.stdout)) == 10
    assert "rows 1–10 shown; more rows exist: add -p offset=10 for the next page" in first.stderr
    last = runner.invoke(cli, [*args, "-p", "limit=10", "-p", f"offset={n - 10}"])
    assert last.exit_code == 0 and len(json.loads(last.stdout)) == 10 and "more rows" not in last.stderr
    beyond = runner.invoke(cli, [*args, "-p", f"offset={n}"])
    assert json.loads(beyond.stdout) == [] and f"no rows from offset {n} on" in beyond.stderr


@pytest.fixture(scope="module")
def app(graph_build):
    app = open_app(graph_build, workers=1, time_limit_ms=5000, max_rows=100)
    yield app
    app.pool.close()


def _bindings(body: bytes) -> list[dict]:
    return json.loads(body)["results"]["bindings"]


def test_kg_serve_links_the_next_page(app, graph_build):
    whole = run_query("agency-duties", graph_build, agency="市科委", limit=0)
    target, seen = f"/query/agency-duties?agency={quote('市科委')}&limit=40&format=json", []
    while target:
        status, headers, body = get(app, target)
        assert status == 200
        seen += [b["duty"]["value"] for b in _bindings(body)]
        link = headers.get("Link")
        target = link[1:link.index(">")] if link else None
        if link:
            assert link.endswith('; rel="next"') and parse_qs(urlsplit(target).query)["offset"] == [str(len(seen))]
            assert parse_qs(urlsplit(target).query)["format"] == ["json"]
    assert seen == [r["duty"] for r in whole]


def test_kg_serve_answers_the_default_page_within_its_row_limit(app, graph_build):
    # max_rows is 100 here: the default page of 100 is read with a probe row, which is not sent
    status, headers, body = get(app, "/query/agency-pairs?format=json")
    assert status == 200 and len(_bindings(body)) == 100 and "offset=100" in headers["Link"]
    status, headers, body = get(app, "/query/agency-pairs?limit=0&format=json")  # the whole answer: 563 rows
    assert status == 413 and b"more than 100 rows" in body
    last = len(run_query("agency-pairs", graph_build, limit=0)) - 100
    status, headers, body = get(app, f"/query/agency-pairs?offset={last}&format=json")
    assert status == 200 and len(_bindings(body)) == 100 and "Link" not in headers


def test_the_html_page_links_the_next_page(app):
    status, _, body = get(app, "/html/query/agency-pairs?limit=10")
    page = body.decode("utf-8")
    assert status == 200 and "rows 1–10; more rows exist" in page
    assert "/html/query/agency-pairs?limit=10&amp;offset=10" in page
