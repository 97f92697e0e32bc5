"""The RDF graph: IRIs, building, SHACL validation, deterministic output, store round trip."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kg.errors import KgError
from kg.graph import iris
from kg.graph.building import build_dataset, build_quads
from kg.graph.checking import check_nquads, check_quads
from kg.graph.context import agent_iri
from kg.graph.quads import dataset_quads
from kg.graph.shapes import UnsupportedShape, compile_shapes
from kg.graph.store import _loaded, _start_store, load, open_store, sorted_nquads, write_build, write_outputs
from kg.graph.validation import render, validate
from kg.graph.vocab import DCT, ELI, KG, PROV, RDF, SKOS, sparql_prologue
from kg.model import Amount, Corpus, Document, Duty, Entity, Indicator, Party, Provision, Span

SEED = "000_56e28ced04004a88.txt"
KEY = "沪府办发〔2024〕8号"
OTHER = "沪府发〔2023〕5号"


# ---------------------------------------------------------------- factories


def span(start: int, end: int, text: str = "", source: str = SEED) -> Span:
    return Span(source, start, end, text)


def document(key: str = KEY, start: int = 1) -> Document:
    return Document(
        key=key, doc_number=key,
        title="上海市人民政府办公厅关于印发《上海市推进养老科技创新发展行动方案（2024－2027年）》的通知",
        attached_title="上海市推进养老科技创新发展行动方案（2024—2027年）", kind="通知",
        issuers=["上海市人民政府办公厅"], signed_date=date(2024, 6, 13), effective_from=date(2024, 7, 1),
        expires_on=date(2026, 6, 30), supersedes=["沪药监规〔2021〕3号"], interprets=None,
        basis=["国务院办公厅关于发展银发经济增进老年人福祉的意见"], english_title=None,
        span=span(start, start + 90),
        provisions=[
            Provision("二", "二、", "chapter", "重点任务", "", span(start + 10, start + 80)),
            Provision("二.(一)", "(一)", "section", "突破关键技术", "", span(start + 11, start + 30)),
        ],
    )


def duty(key: str, line: int, parties: list[Party], raw: str, provision: str = "二.(一)") -> Duty:
    return Duty(doc=key, provision=provision, heading="突破关键技术", label="责任单位", raw=raw,
                parties=parties, form="bracket", span=span(line, line, f"（责任单位：{raw}）"))


def duties(key: str = KEY, start: int = 1) -> list[Duty]:
    return [
        duty(key, start + 15, [Party("市科委", "municipal", "sh-stcsm", "lead"),
                               Party("市经济信息化委", "municipal", "sh-cei", "co")],
             "市科委、市经济信息化委"),
        # a collective party the register cannot resolve, leading
        duty(key, start + 20, [Party("各区政府", "district-collective", None, "lead"),
                               Party("市民政局", "municipal", "sh-civil-affairs", "co"),
                               Party("相关管道燃气经营企业", "other", None, "co")],
             "各区政府、市民政局、相关管道燃气经营企业"),
    ]


def corpus(*keys: str) -> Corpus:
    keys = keys or (KEY,)
    docs = [document(k, 1 + 200 * i) for i, k in enumerate(keys)]
    ds = [d for i, k in enumerate(keys) for d in duties(k, 1 + 200 * i)]
    indicator = Indicator(doc=keys[0], table="主要指标", category="养老服务", name="全市养老床位总数",
                          unit="万张", target="≥17.8", comparator=">=", value=17.8, value_max=None,
                          year=2025, type="约束性",
                          leads=[Party("市民政局", "municipal", "sh-civil-affairs", "lead")],
                          span=span(60, 60, "全市养老床位总数（万张） ≥17.8 约束性 市民政局"))
    fund = Entity(id="养老科技专项资金", kind="fund", name="养老科技专项资金", doc=keys[0],
                  provision="二.(一)",
                  span=span(25, 25, "最高给予500万元支持"), relation="funds",
                  amounts=[Amount("最高给予500万元支持", 5_000_000.0, True, None, "项目支持")])
    return Corpus(documents=docs, duties=ds, indicators=[indicator], entities=[fund], files=[SEED])


def run(ds, query: str) -> list[tuple]:
    return [tuple(row) for row in ds.query(sparql_prologue() + query)]


# ---------------------------------------------------------------- IRIs


@pytest.mark.parametrize("made, expected", [
    # Chinese document numbers become percent-encoded UTF-8, ASCII only
    (iris.document(KEY), "https://w3id.org/kg-cn/doc/%E6%B2%AA%E5%BA%9C%E5%8A%9E%E5%8F%91%E3%80%942024%E3%80%958%E5%8F%B7"),
    # provision paths keep their dots; parentheses are encoded
    (iris.provision("A", "二.(一).1"), "https://w3id.org/kg-cn/doc/A/provision/%E4%BA%8C.%28%E4%B8%80%29.1"),
    # the document body (empty path) is the lone hyphen
    (iris.provision("A", ""), "https://w3id.org/kg-cn/doc/A/provision/-"),
    (iris.duty("A", "第三条", 2), "https://w3id.org/kg-cn/doc/A/duty/%E7%AC%AC%E4%B8%89%E6%9D%A1/2"),
    # a slash inside a key cannot open a new path segment
    (iris.document("a/b"), "https://w3id.org/kg-cn/doc/a%2Fb"),
    # a dot segment would vanish under IRI resolution
    (iris.document(".."), "https://w3id.org/kg-cn/doc/%2E%2E"),
    # unresolved parties: full-width and stray spaces normalised away
    (iris.party("各区 政府"), str(iris.party("各区政府"))),
    (iris.party("ＡＢＣ公司"), "https://w3id.org/kg-cn/party/ABC%E5%85%AC%E5%8F%B8"),
    (iris.agency("sh-stcsm"), "https://w3id.org/kg-cn/agency/sh-stcsm"),
    (iris.indicator("A", "text", "床位", 2), "https://w3id.org/kg-cn/doc/A/indicator/text/%E5%BA%8A%E4%BD%8D~2"),
])
def test_iris(made: URIRef, expected: str) -> None:
    assert str(made) == expected
    assert str(made).isascii()


def test_empty_key_is_an_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        iris.document("")


def test_pair_iri_is_order_free() -> None:
    a, b = iris.agency("sh-stcsm"), iris.agency("sh-cei")
    assert iris.pair(a, b) == iris.pair(b, a) != iris.pair(a, iris.agency("sh-edu"))


# ---------------------------------------------------------------- building and validation


@pytest.fixture(scope="module")
def built():
    return build_dataset(corpus())


def test_graph_conforms(built) -> None:
    report = validate(built)
    assert report.conforms, render(report)
    assert report.violations == []


def test_duty_without_lead_does_not_conform(built) -> None:
    ds = build_dataset(corpus())
    first = iris.duty(KEY, "二.(一)", 1)
    ds.remove((first, KG.lead, None, None))
    report = validate(ds)
    assert not report.conforms
    assert [(v.path, v.where) for v in report.violations] == [("kg:lead", f"{SEED}:16")]
    assert "at least one lead" in render(report)


@pytest.mark.parametrize("predicate, extra, message", [
    # provenance gone
    (KG.sourceText, None, "printed source text"),
    (PROV.wasDerivedFrom, None, "prov:wasDerivedFrom"),
    # a duty in two documents
    (KG.inDocument, iris.document(OTHER), "exactly one document"),
    # a deadline that is no xsd:date
    (KG.deadline, Literal("2025年底前"), "deadline must be one xsd:date"),
])
def test_broken_duties_do_not_conform(predicate: URIRef, extra: URIRef | None, message: str) -> None:
    ds = build_dataset(corpus())
    first = iris.duty(KEY, "二.(一)", 1)
    g = ds.graph(iris.doc_graph(KEY))
    if extra is None:
        g.remove((first, predicate, None))
    else:
        g.add((first, predicate, extra))
    report = validate(ds)
    assert not report.conforms
    assert any(message in v.message for v in report.violations), render(report)


def test_party_role_outside_lead_co_does_not_conform() -> None:
    ds = build_dataset(corpus())
    role = iris.party_role(iris.duty(KEY, "二.(一)", 1), 2)
    g = ds.graph(iris.doc_graph(KEY))
    g.set((role, KG.role, Literal("helper")))
    assert "lead" in render(validate(ds))


@pytest.mark.parametrize("change, error", [
    # a duty of a document the corpus does not hold
    (lambda c: c.duties.append(duties("沪府发〔1999〕1号")[0]), "does not hold"),
    # an agency id the register lacks
    (lambda c: c.duties[0].parties.__setitem__(0, Party("市科委", "municipal", "no-such-id", "lead")),
     "not in the agency register"),
    # two documents with one key
    (lambda c: c.documents.append(document()), "more than once"),
])
def test_bad_records_raise_clear_errors(change, error: str) -> None:
    c = corpus()
    change(c)
    with pytest.raises(KgError, match=error):
        build_dataset(c)


def test_document_triples(built) -> None:
    doc = iris.document(KEY)
    rows = run(built, f"""SELECT ?n ?issuer ?repeals ?basis ?expires WHERE {{
        <{doc}> eli:id_local ?n ; eli:passed_by ?issuer ; eli:repeals ?repeals ;
                kg:basisTitle ?basis ; kg:expiresOn ?expires }}""")
    assert rows == [(Literal(KEY), iris.agency("sh-gov-office"), iris.document("沪药监规〔2021〕3号"),
                     Literal("国务院办公厅关于发展银发经济增进老年人福祉的意见"), Literal(date(2026, 6, 30)))]


def test_unresolved_party_is_typed_with_its_kind(built) -> None:
    rows = run(built, "SELECT ?p ?kind WHERE { ?p a kg:UnresolvedParty ; kg:agencyKind ?kind } ORDER BY ?p")
    assert sorted(rows) == sorted([(iris.party("各区政府"), KG.DistrictCollective),
                                   (iris.party("相关管道燃气经营企业"), KG.NonGovernment)])


def test_indicator_and_fund(built) -> None:
    rows = run(built, """SELECT ?v ?y ?lead ?file WHERE { ?i a kg:Indicator ; kg:targetValue ?v ;
        kg:targetYear ?y ; kg:leadAgency ?lead ; kg:sourceFile ?file }""")
    assert [(float(v), int(y), lead, str(f)) for v, y, lead, f in rows] == [
        (17.8, 2025, iris.agency("sh-civil-affairs"), SEED)]
    rows = run(built, "SELECT ?yuan WHERE { ?doc kg:funds ?f . ?f a kg:Fund ; kg:amount/kg:amountYuan ?yuan }"
               )
    assert [float(r[0]) for r in rows] == [5_000_000.0]


def test_coordination_pairs(built) -> None:
    rows = run(built, f"""SELECT ?shared ?ab ?ba WHERE {{ GRAPH <{iris.DERIVED_GRAPH}> {{
        ?pair kg:agentA ?a ; kg:agentB ?b ; kg:sharedDuties ?shared ; kg:aLeadsB ?ab ; kg:bLeadsA ?ba .
        FILTER(?a = <{iris.agency("sh-cei")}> && ?b = <{iris.agency("sh-stcsm")}>) }} }}""")
    assert [tuple(int(x) for x in r) for r in rows] == [(1, 0, 1)]  # sh-stcsm leads, sh-cei co
    pairs = run(built, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:CoordinationPair }")
    assert int(pairs[0][0]) == 1 + 3  # one pair in the first clause, three in the second


def test_duty_numbers_follow_printed_order_not_list_order() -> None:
    c = corpus()
    c.duties.reverse()
    ds = build_dataset(c)
    first = iris.duty(KEY, "二.(一)", 1)
    rows = run(ds, f"SELECT ?line WHERE {{ <{first}> kg:startLine ?line }}")
    assert rows == [(Literal(16),)]


def test_body_duty_gets_the_body_provision() -> None:
    c = corpus()
    c.duties.append(duty(KEY, 95, [Party("市科委", "municipal", "sh-stcsm", "lead")], "市科委", provision=""))
    ds = build_dataset(c)
    body_duty = iris.duty(KEY, "", 1)
    rows = run(ds, f"SELECT ?p ?path WHERE {{ <{body_duty}> kg:provision ?p . ?p kg:path ?path }}")
    assert rows == [(iris.provision(KEY, ""), Literal(""))]
    assert validate(ds).conforms


def joint_lead_corpus() -> Corpus:
    """The first clause read as 市发展改革委、市经济信息化委牵头，市科委配合，2025年底前完成."""
    c = corpus()
    c.duties[0] = Duty(
        doc=KEY, provision="二.(一)", heading="突破关键技术", label="", form="lead-co",
        raw="市发展改革委、市经济信息化委牵头，市科委配合", span=span(16, 16, "市发展改革委、市经济信息化委牵头，市科委配合"),
        parties=[Party("市发展改革委", "municipal", "sh-drc", "lead", "牵头"),
                 Party("市经济信息化委", "municipal", "sh-cei", "lead", "牵头"),
                 Party("市科委", "municipal", "sh-stcsm", "co", "配合")],
        deadline_text="2025年底前", deadline=date(2025, 12, 31), rule="explicit")
    return c


def test_joint_leads_deadline_and_rule_triples() -> None:
    ds = build_dataset(joint_lead_corpus())
    leads = run(ds, f"SELECT ?a WHERE {{ <{FIRST}> kg:lead ?a }} ORDER BY ?a")
    assert leads == [(iris.agency("sh-cei"),), (iris.agency("sh-drc"),)]
    rows = run(ds, f"""SELECT ?text ?day ?rule WHERE {{ <{FIRST}> kg:deadlineText ?text ;
        kg:deadline ?day ; kg:leadRule ?rule }}""")
    assert rows == [(Literal("2025年底前"), Literal(date(2025, 12, 31)), Literal("explicit"))]
    assert rows[0][1].datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    words = run(ds, f"""SELECT ?i ?word WHERE {{ <{FIRST}> kg:party ?r . ?r kg:position ?i ;
        kg:roleWord ?word }} ORDER BY ?i""")
    assert [(int(i), str(w)) for i, w in words] == [(1, "牵头"), (2, "牵头"), (3, "配合")]
    text = run(ds, f"SELECT ?t WHERE {{ GRAPH <{iris.DERIVED_GRAPH}> {{ <{FIRST}> kg:leadText ?t }} }}")
    assert text == [(Literal("市发展改革委、市经济信息化委"),)]


def test_joint_leads_conform_under_pyshacl_and_the_fast_checker() -> None:
    ds = build_dataset(joint_lead_corpus())
    reference, fast = validate(ds), check_quads(dataset_quads(ds))
    assert reference.conforms, render(reference)
    assert fast.conforms and fast.violations == []


def test_joint_leads_each_lead_the_co_party_and_not_each_other() -> None:
    ds = build_dataset(joint_lead_corpus())
    def pair(a: str, b: str) -> tuple[int, ...]:
        x, y = sorted((iris.agency(a), iris.agency(b)))
        rows = run(ds, f"""SELECT ?shared ?ab ?ba WHERE {{ GRAPH <{iris.DERIVED_GRAPH}> {{
            <{iris.pair(x, y)}> kg:agentA <{x}> ; kg:sharedDuties ?shared ; kg:aLeadsB ?ab ; kg:bLeadsA ?ba }} }}""")
        shared, ab, ba = (int(v) for v in rows[0])
        return (shared, ab, ba) if (x, y) == (iris.agency(a), iris.agency(b)) else (shared, ba, ab)
    assert pair("sh-drc", "sh-stcsm") == (1, 1, 0)
    assert pair("sh-cei", "sh-stcsm") == (1, 1, 0)
    assert pair("sh-drc", "sh-cei") == (1, 0, 0)
    counts = run(ds, f"""SELECT ?lead ?co WHERE {{ GRAPH <{iris.DERIVED_GRAPH}> {{
        <{iris.agency("sh-cei")}> kg:leadCount ?lead ; kg:coCount ?co }} }}""")
    assert [tuple(int(v) for v in r) for r in counts] == [(1, 0)]


def test_duty_without_deadline_has_no_deadline_triples(built) -> None:
    assert run(built, "SELECT ?d WHERE { ?d kg:deadline|kg:deadlineText|kg:leadRule ?x }") == []


# ---------------------------------------------------------------- the fast checker against pySHACL

FIRST = iris.duty(KEY, "二.(一)", 1)
ROLE = iris.party_role(FIRST, 2)
PAIR = iris.pair(iris.agency("sh-cei"), iris.agency("sh-stcsm"))


def _remove(s, p):
    return lambda ds: ds.remove((s, p, None, None))


def _add(s, p, o):
    return lambda ds: ds.graph(iris.doc_graph(KEY)).add((s, p, o))


def _set(s, p, o):
    return lambda ds: (ds.remove((s, p, None, None)), ds.graph(iris.doc_graph(KEY)).add((s, p, o)))


BROKEN = [
    # duty without lead (several joint leads conform: see test_joint_leads_conform)
    ("no lead", _remove(FIRST, KG.lead)),
    # the time limit: a deadline as text, two deadlines, a lead rule outside the list
    ("deadline as text", _add(FIRST, KG.deadline, Literal("2025-12-31"))),
    ("two deadlines", lambda ds: [_add(FIRST, KG.deadline, Literal(d))(ds)
                                  for d in (date(2025, 12, 31), date(2026, 6, 30))]),
    ("lead rule outside the list", _add(FIRST, KG.leadRule, Literal("guessed"))),
    ("two role words", lambda ds: [_add(ROLE, KG.roleWord, Literal(w))(ds) for w in ("配合", "参与")]),
    # duty without provenance
    ("no source file", _remove(FIRST, KG.sourceFile)),
    ("no source text", _remove(FIRST, KG.sourceText)),
    ("no derivation", _remove(FIRST, PROV.wasDerivedFrom)),
    ("start line as text", _set(FIRST, KG.startLine, Literal("16"))),
    # a duty in two documents, or in a provision that is no kg:Provision
    ("two documents", _add(FIRST, KG.inDocument, iris.document(OTHER))),
    ("provision untyped", _set(FIRST, KG.provision, iris.document(KEY))),
    ("co-responsible literal", _add(FIRST, KG.coResponsible, Literal("市教委"))),
    # provision without path, or part of two parents
    ("provision without path", _remove(iris.provision(KEY, "二.(一)"), KG.path)),
    ("provision in two parents", _add(iris.provision(KEY, "二.(一)"), ELI.is_part_of, iris.document(OTHER))),
    # party roles
    ("role outside lead/co", _set(ROLE, KG.role, Literal("helper"))),
    ("position 0", _set(ROLE, KG.position, Literal(0))),
    ("empty printed name", _set(ROLE, KG.printedName, Literal(""))),
    ("role without agent", _remove(ROLE, KG.agent)),
    # documents: neither title nor number (sh:or), two keys, a date as text
    ("no title nor number", lambda ds: [ds.remove((iris.document(KEY), p, None, None))
                                        for p in (ELI.title, ELI.id_local)]),
    ("two keys", _add(iris.document(KEY), DCT.identifier, Literal("x"))),
    ("date as text", _set(iris.document(KEY), ELI.date_document, Literal("2024-06-13"))),
    # unresolved party without a kind, indicator value as text, pair with zero shared duties
    ("party without kind", _remove(iris.party("各区政府"), KG.agencyKind)),
    ("indicator value as text", lambda ds: [_set(i, KG.targetValue, Literal("17.8"))(ds)
                                            for i in ds.subjects(RDF.type, KG.Indicator)]),
    ("fund without name", lambda ds: [ds.remove((f, SKOS.prefLabel, None, None))
                                      for f in list(ds.subjects(RDF.type, KG.Fund))]),
    ("pair shares no duty", lambda ds: _set(PAIR, KG.sharedDuties, Literal(0))(ds)),
]


def _results(report) -> list[tuple[str, str, str]]:
    return sorted({(v.focus, v.path, v.value) for v in report.violations})


@pytest.mark.parametrize("name, breakage", BROKEN, ids=[b[0] for b in BROKEN])
def test_fast_checker_reports_what_pyshacl_reports(name: str, breakage) -> None:
    ds = build_dataset(corpus())
    breakage(ds)
    reference, fast = validate(ds), check_quads(dataset_quads(ds))
    assert not reference.conforms and not fast.conforms
    assert _results(fast) == _results(reference), render(fast) + "\n" + render(reference)
    assert {v.where for v in fast.violations} == {v.where for v in reference.violations}


def test_fast_checker_conforms_with_pyshacl_on_a_good_graph() -> None:
    ds = build_dataset(corpus(KEY, OTHER))
    reference, fast = validate(ds), check_quads(dataset_quads(ds))
    assert reference.conforms and fast.conforms and fast.violations == []
    assert fast.triples == reference.triples


def test_fast_checker_keeps_the_shapes_messages() -> None:
    ds = build_dataset(corpus())
    ds.remove((FIRST, KG.lead, None, None))
    expected = [("kg:lead", "duty must have at least one lead (kg:lead)", f"{SEED}:16")]
    assert [(v.path, v.message, v.where) for v in check_quads(dataset_quads(ds)).violations] == expected
    assert [(v.path, v.message, v.where) for v in check_nquads(sorted_nquads(ds)).violations] == expected


@pytest.mark.parametrize("shape, error", [
    # a constraint the compiler does not know
    ("[ sh:path kg:label ; sh:maxLength 10 ]", "sh:maxLength"),
    # a path that is not one IRI
    ("[ sh:path ( kg:party kg:agent ) ; sh:minCount 1 ]", "single IRI sh:path"),
])
def test_shapes_the_checker_cannot_compile_fail_loudly(tmp_path: Path, shape: str, error: str) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kg: <https://w3id.org/kg-cn/ontology#> .\n"
                      f"<urn:s> a sh:NodeShape ; sh:targetClass kg:Duty ; sh:property {shape} .\n",
                      encoding="utf-8")
    with pytest.raises(UnsupportedShape, match=error):
        compile_shapes(shapes)


# ---------------------------------------------------------------- output files and store


def test_quads_and_dataset_hold_the_same_graph() -> None:
    c = corpus(KEY, OTHER)
    assert sorted_nquads(build_quads(c)) == sorted_nquads(build_dataset(c))


def test_quad_builds_are_byte_identical(tmp_path: Path) -> None:
    a = write_build(build_quads(corpus(KEY, OTHER)), tmp_path / "a")
    b = write_build(build_quads(corpus(KEY, OTHER)), tmp_path / "b")
    for name in ("trig", "ttl", "nt", "nq"):
        assert a[name].read_bytes() == b[name].read_bytes(), name


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    a = write_build(build_dataset(corpus()), tmp_path / "a", jsonld=True)
    b = write_build(build_dataset(corpus()), tmp_path / "b", jsonld=True)
    files = sorted(k for k in a if k != "store")
    assert files == ["jsonld", "nq", "nt", "trig", "ttl"]
    for name in files:
        assert a[name].read_bytes() == b[name].read_bytes(), name


def test_rebuild_replaces_the_store(tmp_path: Path) -> None:
    write_build(build_dataset(corpus(KEY, OTHER)), tmp_path)
    write_build(build_dataset(corpus(KEY)), tmp_path)
    store = open_store(tmp_path)
    graphs = {str(g.value) for g in store.named_graphs()}
    assert str(iris.doc_graph(OTHER)) not in graphs and str(iris.doc_graph(KEY)) in graphs


def test_checks_run_while_the_store_loads_and_the_store_is_complete_after(tmp_path: Path) -> None:
    quads = build_quads(corpus(KEY, OTHER))
    files, triples, report = write_outputs(quads, tmp_path, formats=("ttl",),
                                           meanwhile=lambda nq, n: check_nquads(nq, triples=n))
    assert sorted(files) == ["store", "ttl"] and report.conforms and report.triples == triples
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "store"]  # no N-Quads left behind
    memory = ox.Store()  # Oxigraph stores decimals in canonical form ("90.0" as "90"), in memory too
    memory.extend(quads)
    assert set(open_store(tmp_path)) == set(memory)


@pytest.mark.parametrize("nquads, error", [
    (b"<urn:s> <urn:p> \"unterminated <urn:g> .\n", "loading the graph store failed"),
    (b"<urn:s> <urn:p> <urn:o> <urn:g>\n", "loading the graph store failed"),
])
def test_a_store_that_cannot_load_fails_the_build(tmp_path: Path, nquads: bytes, error: str) -> None:
    source = tmp_path / "bad.nq"
    source.write_bytes(nquads)
    loading = _start_store(source, tmp_path / "store")
    _, stderr = loading.communicate()
    with pytest.raises(KgError, match=error):
        _loaded(loading.returncode, stderr, tmp_path / "store")


def _graph_quads(ds, key: str) -> list[str]:
    mark = f"<{iris.doc_graph(key)}> ."
    return [line for line in sorted_nquads(ds).decode().splitlines() if line.endswith(mark)]


def test_adding_a_document_leaves_the_other_graph_unchanged() -> None:
    alone = _graph_quads(build_dataset(corpus(KEY)), KEY)
    together = _graph_quads(build_dataset(corpus(KEY, OTHER)), KEY)
    assert alone and alone == together


def test_round_trip_duties_through_the_store(tmp_path: Path) -> None:
    c = corpus(KEY, OTHER)
    write_build(build_dataset(c), tmp_path)
    store = open_store(tmp_path)
    query = sparql_prologue() + """
        SELECT ?doc ?path ?line ?text ?lead ?pos ?role ?printed WHERE {
          ?duty a kg:Duty ; kg:inDocument ?d ; kg:provision/kg:path ?path ; kg:startLine ?line ;
                kg:sourceText ?text ; kg:lead ?lead ; kg:party ?r . ?d dct:identifier ?doc .
          ?r kg:position ?pos ; kg:role ?role ; kg:printedName ?printed }"""
    got: dict[tuple, list] = {}
    for row in store.query(query, use_default_graph_as_union=True):
        doc, path, line, text, lead, pos, role, printed = (x.value for x in row)
        got.setdefault((doc, path, int(line), text, lead), []).append((int(pos), role, printed))
    expected = {
        (d.doc, d.provision, d.span.start_line, d.span.text, str(agent_iri(d.lead))):
            [(i, p.role, p.printed) for i, p in enumerate(d.parties, 1)]
        for d in c.duties
    }
    assert {k: sorted(v) for k, v in got.items()} == expected


def test_load_gives_a_read_only_rdflib_dataset(tmp_path: Path) -> None:
    write_build(build_dataset(corpus()), tmp_path)
    ds = load(tmp_path)
    rows = run(ds, "SELECT ?duty WHERE { ?duty kg:lead <https://w3id.org/kg-cn/agency/sh-stcsm> }")
    assert [r[0] for r in rows] == [iris.duty(KEY, "二.(一)", 1)]
    assert len(ds.graph(iris.doc_graph(KEY))) > 0
    with pytest.raises(KgError, match="read-only"):
        ds.add((iris.document(KEY), KG.status, Literal("x")))


def test_cli_validate_exit_codes(tmp_path: Path) -> None:
    from kg.cli import cli

    write_build(build_dataset(corpus()), tmp_path / "good")
    broken = build_dataset(corpus())
    broken.remove((iris.duty(KEY, "二.(一)", 2), KG.lead, None, None))
    write_build(broken, tmp_path / "bad")
    runner = CliRunner()
    good = runner.invoke(cli, ["validate", "--build-dir", str(tmp_path / "good")])
    assert good.exit_code == 0 and "conforms" in good.output
    bad = runner.invoke(cli, ["validate", "--build-dir", str(tmp_path / "bad")])
    assert bad.exit_code == 1 and "at least one lead" in bad.output
    fast = runner.invoke(cli, ["validate", "--fast", "--build-dir", str(tmp_path / "bad")])
    assert fast.exit_code == 1 and "at least one lead" in fast.output
    missing = runner.invoke(cli, ["validate", "--build-dir", str(tmp_path / "none")])
    assert missing.exit_code == 2


# ---------------------------------------------------------------- the bundled corpus


@pytest.fixture(scope="module")
def bundled():
    from kg.pipeline import extract

    c = extract()
    assert c.duties, "the pipeline found no duty in the bundled corpus"
    return c


def test_bundled_corpus_graph_conforms(bundled) -> None:
    report = validate(build_dataset(bundled))
    assert report.conforms, render(report)
    fast = check_quads(build_quads(bundled))
    assert fast.conforms and fast.triples == report.triples, render(fast)


def test_bundled_corpus_duties_round_trip(bundled, tmp_path: Path) -> None:
    write_build(build_dataset(bundled), tmp_path)
    store = open_store(tmp_path)
    rows = store.query(sparql_prologue() + "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Duty }",
                       use_default_graph_as_union=True)
    assert int(next(iter(rows))[0].value) == len(bundled.duties)
