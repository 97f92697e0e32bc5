"""The stored query catalogue on the bundled corpus: every query answers with real facts.

Expected counts come from the gold annotations (tests/data/gold, lead = parties[0]) or from the
extracted records, never from the query under test.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import GOLD_DIR

from kg.cli import cli
from kg.errors import QueryError
from kg.sparql.catalogue import catalogue, parse_text
from kg.sparql.running import run_query

GOLD = GOLD_DIR / "000_56e28ced04004a88.json"
PLAN = "沪府办发〔2024〕8号"  # the elderly-care technology action plan of seed 000


def gold_duties() -> list[dict]:
    assert GOLD.exists(), f"gold annotations not found at {GOLD}"
    return json.loads(GOLD.read_text(encoding="utf-8"))["duties"]


# ---- the catalogue as data -------------------------------------------------------------------

@pytest.mark.parametrize("query", catalogue(), ids=lambda q: q.name)
def test_every_stored_query_is_documented(query):
    assert query.title and query.description
    for param in query.params:
        assert param.help, f"{query.name}: parameter {param.name} has no meaning"


@pytest.mark.parametrize("query", [q for q in catalogue() if q.params], ids=lambda q: q.name)
def test_every_parameter_is_projected(query):
    # pyoxigraph substitutes only variables of the projection; a hidden one would bind nothing.
    # limit and offset shape a paged query's page (kg.sparql.binding.prepare): not variables
    head = query.text.split("WHERE", 1)[0]
    paging = ("limit", "offset") if query.paging else ()
    for param in (p for p in query.params if p.name not in paging):
        assert f"?{param.name}" in head, f"{query.name}: ?{param.name} not in the SELECT clause"


def test_the_catalogue_has_the_questions_of_issue_6():
    names = {q.name for q in catalogue()}
    assert {"agency-duties", "agency-pairs", "agency-workload", "document-duties", "documents-in-force",
            "documents-expiring", "supersession-chain", "replaced-agency-duties", "indicators",
            "programmes"} <= names


@pytest.mark.parametrize("header, problem", [
    ("# title: t\n# param: x (colour, red) – a colour\nSELECT ?x {}", "unknown type 'colour'"),
    ("# title: t\n# param: x integer 3\nSELECT ?x {}", "cannot read parameter line"),
])
def test_bad_headers_are_errors(header, problem):
    with pytest.raises(QueryError, match=problem):
        parse_text(header)


# ---- answers on the bundled corpus -----------------------------------------------------------

def test_agency_duties_match_the_gold_lead_count(graph_build):
    expected = sum(1 for d in gold_duties() if d["doc"] == PLAN and d["parties"][0] == "市科委")
    rows = run_query("agency-duties", graph_build, agency="市科委", role="lead")
    assert sum(1 for r in rows if r["number"] == PLAN) == expected == 14
    assert {r["printedName"] for r in rows if r["number"] == PLAN} == {"市科委"}


def test_agency_duties_accept_full_name_id_and_short_form(graph_build):
    by_short = run_query("agency-duties", graph_build, agency="市科委")
    assert by_short == run_query("agency-duties", graph_build, agency="上海市科学技术委员会")
    assert by_short == run_query("agency-duties", graph_build, agency="sh-stcsm")
    assert {r["role"] for r in by_short} == {"lead", "co"}


def test_agency_duties_judge_validity_on_the_day(graph_build):
    # 沪府办规〔2024〕12号 takes effect 2024-08-01 and is valid until 2029-07-31 (gold seed 004)
    rows = run_query("agency-duties", graph_build, agency="市科委", on="2024-07-31")
    status = {r["number"]: r["validity"] for r in rows}
    assert status["沪府办规〔2024〕12号"] == "not yet in force"
    assert status[PLAN] == "in force"
    later = {r["number"]: r["validity"] for r in run_query("agency-duties", graph_build, agency="市科委",
                                                           on="2029-08-01")}
    assert later["沪府办规〔2024〕12号"] == "expired"
    assert later[PLAN] == "in force"


def test_workload_per_document_and_total(graph_build, corpus):
    rows = run_query("agency-workload", graph_build, agency="市科委")
    plan = next(r for r in rows if r["number"] == PLAN)
    expected = sum(1 for d in gold_duties() if d["doc"] == PLAN and d["parties"][0] == "市科委")
    assert plan["lead"] == expected
    leads = sum(1 for d in corpus.duties if d.lead and d.lead.agency_id == "sh-stcsm")
    assert {r["leadTotal"] for r in rows} == {leads}
    assert sum(r["lead"] for r in rows) == leads


def _shared(corpus, a: str, b: str) -> int:
    return sum(1 for d in corpus.duties if {a, b} <= {p.agency_id for p in d.parties})


def test_agency_pairs_count_shared_duties(graph_build, corpus):
    rows = run_query("agency-pairs", graph_build, min_shared=2)
    pair = next(r for r in rows if {r["nameA"], r["nameB"]} == {"上海市科学技术委员会", "上海市经济和信息化委员会"})
    assert pair["sharedDuties"] == _shared(corpus, "sh-stcsm", "sh-cei") > 0
    assert min(r["sharedDuties"] for r in rows) >= 2


def test_agency_partners(graph_build, corpus):
    rows = run_query("agency-partners", graph_build, agency="市科委")
    partner = next(r for r in rows if r["partnerName"] == "上海市经济和信息化委员会")
    assert partner["sharedDuties"] == _shared(corpus, "sh-stcsm", "sh-cei")


def test_document_duties_follow_the_printed_order(graph_build):
    gold = [d for d in gold_duties() if d["doc"] == PLAN]
    rows = run_query("document-duties", graph_build, document=PLAN)
    assert len(rows) == len(gold)
    assert [r["line"] for r in rows] == sorted(r["line"] for r in rows)
    first = rows[0]
    assert (first["provision"], first["heading"], first["lead"], first["co"]) == (
        "二.(一).1", "智能传感技术", "市科委", "市经济信息化委")
    five = next(d for d in gold if len(d["parties"]) == 5)
    row = next(r for r in rows if r["line"] == five["line"])
    assert [row["lead"], *row["co"].split("、")] == five["parties"]


def test_document_parameter_accepts_ascii_brackets(graph_build):
    assert run_query("document-duties", graph_build, document="沪府办发[2024]8号") == \
        run_query("document-duties", graph_build, document=PLAN)


@pytest.mark.parametrize("on, present, absent", [
    # 沪科规〔2024〕3号 in force from 2024-07-01; 沪府办规〔2024〕7号 from 2024-07-11
    ("2024-07-02", "沪科规〔2024〕3号", "沪府办规〔2024〕7号"),
    # after 2026-06-30 the 沪科规 measures have expired; 沪府办规〔2024〕12号 runs to 2029-07-31
    ("2026-07-01", "沪府办规〔2024〕12号", "沪科规〔2024〕3号"),
])
def test_documents_in_force(graph_build, on, present, absent):
    numbers = {r["number"] for r in run_query("documents-in-force", graph_build, on=on)}
    assert present in numbers
    assert absent not in numbers


def test_documents_expiring(graph_build):
    rows = run_query("documents-expiring", graph_build, on="2026-05-01", within_days=90)
    assert {r["number"]: r["daysLeft"] for r in rows} == {"沪科规〔2024〕3号": 60, "沪科规〔2024〕4号": 60}
    assert run_query("documents-expiring", graph_build, on="2026-05-01", within_days=30) == []


def test_expiring_defaults_to_today(graph_build):
    rows = run_query("documents-expiring", graph_build)
    assert all(r["on"] == date.today().isoformat() for r in rows)


def test_supersession_chain(graph_build):
    # 沪药监规〔2024〕3号 declares 沪药监规〔2021〕3号 abolished (gold: supersedes)
    rows = run_query("supersession-chain", graph_build, document="沪药监规〔2024〕3号")
    assert [(r["direction"], r["other"].rsplit("/", 1)[1], r["inCorpus"]) for r in rows] == [
        ("supersedes", "%E6%B2%AA%E8%8D%AF%E7%9B%91%E8%A7%84%E3%80%942021%E3%80%953%E5%8F%B7", False)]


def test_duties_of_replaced_agencies(graph_build):
    # 沪府办规〔2021〕7号 gives a duty to 市地方金融监管局, merged in 2024 into the CPC finance office
    rows = run_query("replaced-agency-duties", graph_build, document="沪府办规〔2021〕7号")
    assert rows, "the 2021 plan names 市地方金融监管局 as lead"
    assert {(r["printedName"], r["successorName"], r["changed"]) for r in rows} == {
        ("市地方金融监管局", "中共上海市委金融委员会办公室", "2024")}


def test_indicators_on_the_bundled_corpus(graph_build, corpus):
    assert corpus.indicators, "the extraction found no indicator in the bundled corpus"
    rows = run_query("indicators", graph_build, limit=0)
    assert len({r["indicator"] for r in rows}) == len(rows) == len(corpus.indicators)


def test_programmes_on_the_bundled_corpus(graph_build, corpus):
    assert any(e.agencies for e in corpus.entities), "no programme of the bundled corpus has an agency"
    assert run_query("programmes", graph_build)


def test_agency_duties_come_in_printed_order_of_documents(graph_build, corpus):
    # the kg:DutyList order: document number, document, line, role, duty (the old ORDER BY)
    every = run_query("agency-duties", graph_build, agency="市科委", on="2024-07-02", limit=0)
    numbers = {f"https://w3id.org/kg-cn/doc/{_iri_key(d.key)}": d.doc_number for d in corpus.documents}
    keys = [(bool(numbers[r["document"]]), r["number"] or "", r["document"], r["line"], r["role"], r["duty"])
            for r in every]
    assert keys == sorted(keys) and len(every) > 100  # more than one default page
    for role in ("lead", "co"):
        alone = run_query("agency-duties", graph_build, agency="市科委", role=role, on="2024-07-02", limit=0)
        assert alone == [r for r in every if r["role"] == role]


def test_materialised_texts_keep_printed_order(graph_build, corpus):
    # kg:partiesText and kg:coText hold the printed names in printed order
    duty = next(d for d in corpus.duties if d.doc == PLAN and len(d.parties) == 5)
    rows = run_query("""PREFIX kg: <https://w3id.org/kg-cn/ontology#>
        SELECT ?parties ?co WHERE { ?d kg:startLine ?line ; kg:inDocument ?doc ; kg:partiesText ?parties ;
        kg:coText ?co }""".replace("?line", str(duty.span.start_line))
                     .replace("?doc ", f"<https://w3id.org/kg-cn/doc/{_iri_key(PLAN)}> "), graph_build)
    assert rows == [{"parties": "、".join(p.printed for p in duty.parties),
                     "co": "、".join(p.printed for p in duty.parties[1:])}]


def _iri_key(key: str) -> str:
    from kg.graph.iris import segment

    return segment(key)


# ---- errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, params, message", [
    ("agency-duties", {}, "needs parameter 'agency'"),
    ("agency-duties", {"agency": "市科委", "colour": "red"}, "no parameter 'colour'; valid: agency, role, on"),
    ("agency-duties", {"agency": "市不存在委"}, "not in the agency register"),
    ("documents-in-force", {"on": "2024-13-01"}, "not a valid date"),
    ("no-such-query", {}, "no stored query 'no-such-query'; the catalogue has: agency-duties"),
])
def test_bad_requests_are_clear_errors(graph_build, name, params, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_query(name, graph_build, **params)


def test_malformed_sparql_names_line_and_column(graph_build):
    with pytest.raises(QueryError) as info:
        run_query("SELECT ?s\nWHERE { ?s ?p }", graph_build)
    assert "line 2, column" in str(info.value)
    assert "WHERE { ?s ?p }" in str(info.value)


# ---- the command line ------------------------------------------------------------------------

def test_cli_list(runner):
    result = runner.invoke(cli, ["query", "--list"])
    assert result.exit_code == 0
    assert "agency-duties" in result.output and "Duties an agency leads or shares" in result.output


def test_cli_stored_query_as_json(runner, graph_build):
    result = runner.invoke(cli, ["query", "agency-duties", "-p", "agency=市科委", "-p", "role=lead",
                                 "--format", "json", "--build-dir", str(graph_build)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert sum(1 for r in rows if r["number"] == PLAN) == 14


def test_cli_file_and_text(runner, graph_build, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Duty }", encoding="utf-8")
    by_file = runner.invoke(cli, ["query", "--file", str(rq), "--format", "csv", "--build-dir", str(graph_build)])
    by_text = runner.invoke(cli, ["query", rq.read_text(encoding="utf-8"), "--format", "csv",
                                  "--build-dir", str(graph_build)])
    assert by_file.exit_code == 0, by_file.output
    assert by_file.output == by_text.output
    assert by_file.output.splitlines()[0] == "n"


def test_cli_malformed_query_exits_2(runner, graph_build):
    result = runner.invoke(cli, ["query", "SELECT * WHERE { ?s ?p }", "--build-dir", str(graph_build)])
    assert result.exit_code == 2
    assert "line 1, column 25" in result.output


# ---- indicators and programmes on a small corpus of real snippets ----------------------------

@pytest.fixture(scope="module")
def small_build(tmp_path_factory) -> Path:
    """One document of seed 000 with a target of its text (line 39) and a platform and fund."""
    from kg.graph.building import build_dataset
    from kg.graph.store import write_build
    from kg.model import Amount, Corpus, Document, Entity, Indicator, Party, Span

    span = Span("000_56e28ced04004a88.txt", 39, 39, "建设1个养老科技产业园")
    doc = Document(key=PLAN, doc_number=PLAN, title="上海市推进养老科技创新发展行动方案", attached_title=None,
                   kind="通知", issuers=[], signed_date=date(2024, 6, 13), effective_from=None, expires_on=None,
                   supersedes=[], interprets=None, basis=[], english_title=None,
                   span=Span("000_56e28ced04004a88.txt", 1, 440, ""))
    stcsm = Party("市科委", "municipal", "sh-stcsm", "lead")
    corpus = Corpus(
        documents=[doc],
        indicators=[Indicator(doc=PLAN, table="text", category=None, name="养老科技产业园", unit="个",
                              target="1", comparator="=", value=1.0, value_max=None, year=2027, type=None,
                              leads=[stcsm], span=span)],
        entities=[
            Entity(id="养老科技产业园", kind="platform", name="养老科技产业园", doc=PLAN, provision="",
                   span=span, agencies=[stcsm, Party("市民政局", "municipal", "sh-civil-affairs", "co")]),
            Entity(id="市级科技重大专项", kind="fund", name="市级科技重大专项", doc=PLAN, provision="",
                   span=span, agencies=[stcsm], relation="funds",
                   amounts=[Amount("最高1000万元", 1e7, True, None, "项目资助")]),
        ])
    out = tmp_path_factory.mktemp("small-build")
    write_build(build_dataset(corpus), out, formats=())
    return out


def test_indicators_with_targets_and_leads(small_build):
    rows = run_query("indicators", small_build, document=PLAN)
    assert [(r["name"], r["target"], r["unit"], r["year"], r["leads"]) for r in rows] == [
        ("养老科技产业园", "1", "个", 2027, "上海市科学技术委员会")]


@pytest.mark.parametrize("params, expected", [
    ({}, {("fund", "市级科技重大专项", "上海市科学技术委员会"), ("platform", "养老科技产业园", "上海市民政局"),
          ("platform", "养老科技产业园", "上海市科学技术委员会")}),
    ({"kind": "fund"}, {("fund", "市级科技重大专项", "上海市科学技术委员会")}),
    ({"agency": "市民政局"}, {("platform", "养老科技产业园", "上海市民政局")}),
])
def test_programmes_funds_platforms(small_build, params, expected):
    rows = run_query("programmes", small_build, **params)
    assert {(r["kind"], r["name"], r["agencyName"]) for r in rows} == expected
    fund = [r for r in rows if r["kind"] == "fund"]
    assert all(r["amounts"] == "最高1000万元" for r in fund)


# ---- joint leads and deadlines on a small corpus ---------------------------------------------

@pytest.fixture(scope="module")
def deadline_build(tmp_path_factory) -> Path:
    """One plan with three clauses: joint leads due 2025-12-31, one lead due 2026-06-30 and an
    ongoing duty (持续推进, no day)."""
    from kg.graph.building import build_dataset
    from kg.graph.store import write_build
    from kg.model import Corpus, Document, Duty, Party, Provision, Span

    def span(line: int, text: str = "") -> Span:
        return Span("000_56e28ced04004a88.txt", line, line, text)

    doc = Document(key=PLAN, doc_number=PLAN, title="上海市推进养老科技创新发展行动方案", attached_title=None,
                   kind="通知", issuers=[], signed_date=date(2024, 6, 13), effective_from=None, expires_on=None,
                   supersedes=[], interprets=None, basis=[], english_title=None, span=Span(span(1).source_file, 1, 440, ""),
                   provisions=[Provision("二", "二、", "chapter", "重点任务", "", span(10))])
    drc, cei = Party("市发展改革委", "municipal", "sh-drc", "lead", "牵头"), Party("市经济信息化委", "municipal", "sh-cei", "lead", "牵头")
    stcsm_co, stcsm = Party("市科委", "municipal", "sh-stcsm", "co", "配合"), Party("市科委", "municipal", "sh-stcsm", "lead")

    def duty(line: int, parties: list[Party], text: str | None, day: date | None, rule: str) -> Duty:
        raw = "、".join(p.printed for p in parties)
        return Duty(doc=PLAN, provision="二", heading="重点任务", label="责任单位", raw=raw, parties=parties,
                    form="lead-co", span=span(line, raw), deadline_text=text, deadline=day, rule=rule)

    corpus = Corpus(documents=[doc], duties=[
        duty(20, [drc, cei, stcsm_co], "2025年底前", date(2025, 12, 31), "explicit"),
        duty(30, [stcsm], "2026年6月底前", date(2026, 6, 30), "single"),
        duty(40, [stcsm, Party("市民政局", "municipal", "sh-civil-affairs", "co")], "持续推进", None, "first-listed"),
    ])
    out = tmp_path_factory.mktemp("deadline-build")
    write_build(build_dataset(corpus), out, formats=())
    return out


def test_duties_due_within_days_by_agency(deadline_build):
    rows = run_query("duties-due", deadline_build, on="2025-12-01", within_days=30)
    assert [(r["agencyName"], r["role"], r["deadline"], r["daysLeft"], r["deadlineText"]) for r in rows] == [
        ("上海市发展和改革委员会", "lead", "2025-12-31", 30, "2025年底前"),
        ("上海市科学技术委员会", "co", "2025-12-31", 30, "2025年底前"),
        ("上海市经济和信息化委员会", "lead", "2025-12-31", 30, "2025年底前"),
    ]


@pytest.mark.parametrize("params, expected", [
    # one agency: both of its duties due within the year, the ongoing one never
    ({"agency": "市科委", "on": "2025-07-01", "within_days": 365}, [("co", "2025-12-31"), ("lead", "2026-06-30")]),
    ({"agency": "市科委", "role": "lead", "on": "2025-07-01", "within_days": 365}, [("lead", "2026-06-30")]),
    # the window is inclusive at both ends, and past deadlines are not due
    ({"agency": "市科委", "on": "2026-06-30", "within_days": 0}, [("lead", "2026-06-30")]),
    ({"agency": "市科委", "on": "2026-07-01", "within_days": 3650}, []),
])
def test_duties_due_for_one_agency(deadline_build, params, expected):
    rows = run_query("duties-due", deadline_build, **params)
    assert [(r["role"], r["deadline"]) for r in rows] == expected


def test_document_duties_list_joint_leads_in_one_row(deadline_build):
    rows = run_query("document-duties", deadline_build, document=PLAN)
    assert [(r["lead"], r["co"], r.get("deadline"), r.get("deadlineText"), r["rule"]) for r in rows] == [
        ("市发展改革委、市经济信息化委", "市科委", "2025-12-31", "2025年底前", "explicit"),
        ("市科委", "", "2026-06-30", "2026年6月底前", "single"),
        ("市科委", "市民政局", None, "持续推进", "first-listed"),
    ]


def test_agency_duties_find_each_joint_lead(deadline_build):
    for agency in ("市发展改革委", "市经济信息化委"):
        rows = run_query("agency-duties", deadline_build, agency=agency, role="lead", on="2025-01-01")
        assert [(r["printedName"], r["roleWord"], r["deadline"]) for r in rows] == [(agency, "牵头", "2025-12-31")]


def test_agency_duties_page_with_offset(graph_build):
    every = run_query("agency-duties", graph_build, agency="市科委", role="lead", on="2024-07-02")
    pages = [run_query("agency-duties", graph_build, agency="市科委", role="lead", on="2024-07-02",
                       limit=4, offset=offset) for offset in range(0, len(every) + 4, 4)]
    assert [r["duty"] for page in pages for r in page] == [r["duty"] for r in every]
    assert all(len(page) <= 4 for page in pages) and pages[-1] == []


# ---- parameters in a VALUES block -------------------------------------------------------------

def test_values_header_puts_the_parameter_in_a_values_block():
    from kg.sparql.binding import prepare
    from kg.sparql.catalogue import stored_query

    query = stored_query("document-duties")
    assert query.values == ("document",)
    ready = prepare(query, {"document": PLAN})
    text = ready.text
    assert ready.substitutions == {}
    assert "WHERE { VALUES ?document { <https://w3id.org/kg-cn/doc/" in text
    assert text.count("VALUES") == 1


def test_values_header_must_name_a_parameter():
    with pytest.raises(QueryError, match="not parameters"):
        parse_text("# title: t\n# param: a (string, any) – a\n# values: b\nSELECT ?a WHERE { ?a ?p ?o }")


def test_fast_agency_names_agree_with_the_register():
    # the agency parameter's fast path (one agency per name) must say what the register says
    from kg.resolver import resolve_agency
    from kg.sparql.binding import unambiguous_names

    names = unambiguous_names()
    assert names["市科委"] == "sh-stcsm" and names["sh-stcsm"] == "sh-stcsm"
    disagree = {name: agency_id for name, agency_id in names.items() if resolve_agency(name).id != agency_id}
    assert disagree == {}
