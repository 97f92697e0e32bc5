"""Network maps: graphs built from records, the HTML they render, escaping, exports, the CLI.

The corpus below is made by hand from real clauses of the seed gazettes (沪府办发〔2024〕8号 and
its neighbours) so every expected count can be checked by reading the table.
"""
from __future__ import annotations

import dataclasses
import importlib
import json
import sys
import types
from collections import Counter
from datetime import date

import networkx as nx
import pytest

from kg.errors import InputError
from kg.maps import MAP_KINDS, build_graph, draw_map
from kg.maps.html import (
    embedded_data,
    layout,
    network_data,
    pyvis_network,
    render_html,
    script_json,
    vis_network_js,
)
from kg.maps.lifecycle import fallback_status
from kg.maps.styles import CJK_FONT_FACE, STATUSES
from kg.model import Corpus, Document, Duty, Party, Span

SEED_FILE = "000_56e28ced04004a88.txt"
A, B, C = "沪府办发〔2024〕8号", "沪府规〔2023〕5号", "沪府办发〔2019〕2号"
D, E = "沪府发〔2018〕7号", "seed-000-doc5"
STCSM = "sh-stcsm"  # 市科委 in ontology/agencies.ttl


def party(printed: str, role: str = "co", kind: str = "municipal", agency_id: str | None = None) -> Party:
    return Party(printed=printed, kind=kind, agency_id=agency_id, role=role)


def kewei(role: str = "co", printed: str = "市科委") -> Party:
    return party(printed, role, agency_id=STCSM)


def duty(doc: str, provision: str, heading: str, parties: list[Party], line: int, text: str = "") -> Duty:
    raw = "、".join(p.printed for p in parties)
    return Duty(doc=doc, provision=provision, heading=heading, label="责任单位", raw=raw, parties=parties,
                form="bracket", span=Span(SEED_FILE, line, line, raw), text=text)


def document(key: str, title: str, number: str | None = None, **fields) -> Document:
    values = dict(attached_title=None, kind="通知", issuers=["上海市人民政府"], signed_date=None,
                  effective_from=None, expires_on=None, supersedes=[], interprets=None, basis=[],
                  english_title=None)
    values.update(fields)
    return Document(key=key, doc_number=number, title=title, span=Span(SEED_FILE, 1, 400, ""), **values)


def corpus() -> Corpus:
    documents = [
        document(A, "上海市人民政府办公厅关于印发《上海市推进养老科技创新发展行动方案（2024－2027年）》"
                    "的通知", A, signed_date=date(2024, 6, 13),
                 basis=["国务院办公厅关于发展银发经济增进老年人福祉的意见"]),
        document(B, "上海市推进智慧养老产业高质量发展实施办法", B, effective_from=date(2023, 3, 1),
                 expires_on=date(2025, 2, 28), supersedes=["《上海市智慧养老应用场景建设方案》"]),
        document(C, "上海市智慧养老应用场景建设方案", C, effective_from=date(2019, 1, 1),
                 expires_on=date(2022, 12, 31)),
        document(D, "上海市养老服务设施管理办法", D, effective_from=date(2018, 1, 1), abolished_by=B),
        document(E, "《上海市推进智慧养老产业高质量发展实施办法》政策解读", None, kind="政策解读",
                 interprets=B),
    ]
    duties = [
        duty(A, "二.(一).1", "智能传感技术", [kewei("lead"), party("市经济信息化委")], 75,
             "研发老年人生命体征监测、跌倒检测等智能传感设备。"),
        duty(A, "二.(一).2", "信息和通信技术", [kewei("lead"), party("市经济信息化委")], 88),
        duty(A, "三.(一)", "加快应用示范", [party("市民政局", "lead"), party("市卫生健康委"), kewei(),
                                      party("各区政府", kind="district-collective")], 140),
        duty(A, "五.(三)", "强化金融支持", [party("市委金融办", "lead", "party"),
                                      party("金融监管总局上海监管局", kind="central"), kewei()], 201),
        # 市科委 printed twice (short and long form): one agency, counted once per duty.
        duty(B, "二", "推动产业集聚",
             [party("市经济信息化委", "lead"), kewei(), kewei(printed="上海市科委")], 310),
    ]
    return Corpus(documents=documents, duties=duties, files=[SEED_FILE])


def agency(printed: str) -> str:
    return STCSM if printed == "市科委" else "party:" + printed


@pytest.fixture(scope="module")
def collab() -> nx.Graph:
    return build_graph("collaboration", corpus())


@pytest.mark.parametrize("a, b, shared", [
    ("市科委", "市经济信息化委", 3),  # 二.(一).1, 二.(一).2 and B's 二 (printed twice there, once counted)
    ("市科委", "市民政局", 1),
    ("市民政局", "各区政府", 1),
    ("市委金融办", "金融监管总局上海监管局", 1),
    ("市科委", "市委金融办", 1),
])
def test_collaboration_counts_shared_duties(collab, a, b, shared):
    assert collab.edges[agency(a), agency(b)]["shared_duties"] == shared
    assert collab.edges[agency(a), agency(b)]["weight"] == shared


@pytest.mark.parametrize("printed, lead, co, kind", [
    ("市科委", 2, 3, "municipal"),
    ("市经济信息化委", 1, 2, "municipal"),
    ("各区政府", 0, 1, "district-collective"),
    ("金融监管总局上海监管局", 0, 1, "central"),
])
def test_collaboration_sizes_agencies_by_workload(collab, printed, lead, co, kind):
    node = collab.nodes[agency(printed)]
    assert (node["lead_count"], node["co_count"], node["workload"]) == (lead, co, 2 * lead + co)
    assert node["kind"] == kind


def test_collaboration_has_one_node_per_agency_and_one_edge_per_pair(collab):
    assert collab.number_of_nodes() == 7
    # pairs: 科委–经信委 (duties 1, 2, 5); the four parties of 三.(一) (6); the three of 五.(三) (3)
    assert collab.number_of_edges() == 1 + 6 + 3


def test_resolved_agency_gets_register_name_and_unresolved_keeps_printed(collab):
    register = pytest.importorskip("kg.agencies").default_register()
    assert collab.nodes[STCSM]["name"] == register.get(STCSM).name
    assert collab.nodes["party:市民政局"]["name"] == "市民政局"


@pytest.mark.parametrize("filters, nodes, edges", [
    ({"min_shared": 2}, {"市科委", "市经济信息化委"}, 1),
    ({"agency": "市委金融办"}, {"市委金融办", "金融监管总局上海监管局", "市科委"}, 3),
    ({"agency": "上海市科学技术委员会"}, {"市科委", "市经济信息化委", "市民政局", "市卫生健康委", "各区政府",
                                  "市委金融办", "金融监管总局上海监管局"}, 10),
    ({"doc": B}, {"市科委", "市经济信息化委"}, 1),
])
def test_collaboration_filters(filters, nodes, edges):
    if filters.get("agency") == "上海市科学技术委员会":
        pytest.importorskip("kg.agencies")
    graph = build_graph("collaboration", corpus(), **filters)
    assert set(graph.nodes) == {agency(n) for n in nodes}
    assert graph.number_of_edges() == edges


def test_collaboration_communities_colour_every_node():
    graph = build_graph("collaboration", corpus(), color="community")
    communities = {graph.nodes[n]["community"] for n in graph}
    assert len(graph.graph["legend"]) == len(communities) >= 2
    finance = {graph.nodes[n]["community"] for n in ("party:市委金融办", "party:金融监管总局上海监管局")}
    assert len(finance) == 1


@pytest.mark.parametrize("kind, filters, message", [
    ("nope", {}, "choose one of collaboration, document, agency, lifecycle"),
    ("document", {}, "--doc"),
    ("document", {"doc": "沪府发〔1999〕1号"}, "documents include"),
    ("agency", {}, "--agency"),
    ("agency", {"agency": "市不存在局"}, "no duty names the agency"),
    ("agency", {"agency": "科委"}, "did you mean"),
    ("lifecycle", {"agency": "市科委"}, "takes no agency filter"),
    ("collaboration", {"color": "rainbow"}, "colour mode"),
    ("collaboration", {"min_shared": 0}, "at least 1"),
])
def test_bad_requests_fail_clearly(kind, filters, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        build_graph(kind, corpus(), **filters)


def test_document_map_nests_provisions_and_styles_roles():
    graph = build_graph("document", corpus(), doc=A)
    chain = ["doc:" + A, f"prov:{A}:二", f"prov:{A}:二.(一)", f"prov:{A}:二.(一).1"]
    assert all(graph.has_edge(a, b) for a, b in zip(chain, chain[1:], strict=False))
    leaf = chain[-1]
    # the provision's duty is aggregated into one edge per agency, styled by the agency's role
    assert set(graph.successors(leaf)) == {STCSM, "party:市经济信息化委"}
    lead, co = graph.edges[leaf, STCSM], graph.edges[leaf, "party:市经济信息化委"]
    assert (lead["role"], lead["dashes"], lead["width"]) == ("lead", False, 3.0)
    assert (co["role"], co["dashes"], co["width"]) == ("co", True, 1.0)
    duties = graph.graph["duties"]
    (index, led), = lead["duties"]
    assert led is True
    assert duties[index]["source"] == f"{SEED_FILE}:75" and duties[index]["heading"] == "智能传感技术"
    assert len(duties) == 4  # A's four duties, each once
    # columns by outline level, agencies in the last two columns
    x = {n: graph.nodes[n]["pos"][0] for n in chain}
    assert [x[n] for n in chain] == [0.0, 1.0, 2.0, 3.0]
    assert graph.nodes[STCSM]["pos"][0] > 3.0
    assert graph.nodes[leaf]["parent"] == chain[-2]  # what the page folds


def test_agency_map_is_an_ego_ring_of_partners_weighted_by_shared_duties():
    graph = build_graph("agency", corpus(), agency="市科委")
    assert graph.nodes[STCSM]["centre"] is True and graph.nodes[STCSM]["pos"] == (0.0, 0.0)
    partners = set(graph.nodes) - {STCSM}
    assert partners == {agency(p) for p in ("市经济信息化委", "市民政局", "市卫生健康委", "各区政府",
                                            "市委金融办", "金融监管总局上海监管局")}
    assert all(graph.has_edge(STCSM, p) for p in partners) and graph.number_of_edges() == len(partners)
    edge = graph.edges[STCSM, agency("市经济信息化委")]
    assert edge["shared_duties"] == 3  # 二.(一).1 and .2 (科委 leads), B's 二 (经信委 leads)
    assert edge["arrows"] == "to, from"
    assert graph.edges[STCSM, agency("市民政局")]["lead_from"] == agency("市民政局")
    roles = Counter(role for _, role in graph.nodes[STCSM]["duties"])
    assert roles == {"lead": 2, "co": 3}
    # partners grouped by kind around the ring: kinds appear in contiguous runs
    import math
    by_angle = sorted(partners, key=lambda p: math.atan2(graph.nodes[p]["pos"][1], graph.nodes[p]["pos"][0]))
    kinds = [graph.nodes[p]["kind"] for p in by_angle]
    assert sum(a != b for a, b in zip(kinds, kinds[1:] + kinds[:1], strict=True)) == len(set(kinds))


def test_agency_map_duties_are_the_records_selection():
    from kg.records import select_duties

    graph = build_graph("agency", corpus(), agency="上海市科学技术委员会")
    assert len(graph.nodes[STCSM]["duties"]) == len(select_duties(corpus(), agency="市科委",
                                                                  include_text=True)) == 5


@pytest.mark.parametrize("key, as_of, expected", [
    (B, date(2023, 1, 1), "not-yet-in-force"),
    (B, date(2024, 1, 1), "in-force"),
    (B, date(2025, 6, 1), "expired"),
    (D, date(2022, 6, 1), "in-force"),  # B, which abolishes it, not yet in force
    (D, date(2024, 6, 1), "abolished"),
    (E, date(2024, 6, 1), "unknown"),  # no date at all
])
def test_fallback_status(key, as_of, expected):
    docs = {d.key: d for d in corpus().documents}
    assert fallback_status(docs[key], as_of, docs) == expected


@pytest.mark.parametrize("as_of, expected", [
    (date(2024, 6, 1), {A: "not-yet-in-force", B: "in-force", C: "expired", D: "abolished", E: "unknown"}),
    (date(2022, 6, 1), {A: "not-yet-in-force", B: "not-yet-in-force", C: "in-force", D: "in-force"}),
    (date(2025, 6, 1), {A: "in-force", B: "expired", C: "expired", D: "abolished"}),
])
def test_lifecycle_colours_documents_by_status_on_a_date(as_of, expected):
    graph = build_graph("lifecycle", corpus(), as_of=as_of)
    for key, state in expected.items():
        node = graph.nodes["doc:" + key]
        assert (node["status"], node["color"]) == (state, STATUSES[state][0])


def test_lifecycle_links_documents_and_colours_by_status():
    graph = build_graph("lifecycle", corpus(), as_of=date(2024, 6, 1))
    assert graph.edges["doc:" + B, "doc:" + C]["relation"] == "supersedes"  # resolved by title in 《》
    assert graph.edges["doc:" + E, "doc:" + B]["relation"] == "interprets"
    assert graph.edges["doc:" + B, "doc:" + D]["relation"] == "abolishes"
    basis = "ref:国务院办公厅关于发展银发经济增进老年人福祉的意见"
    assert graph.edges["doc:" + A, basis]["relation"] == "based-on"
    assert graph.nodes[basis]["status"] == "outside-corpus"
    statuses = {graph.nodes["doc:" + k]["status"] for k in (A, B, C, D, E)}
    assert statuses <= {"not-yet-in-force", "in-force", "expired", "abolished", "unknown"}
    legend = {e["label"] for e in graph.graph["legend"]}
    assert {"替代 supersedes", "解读 interprets", "依据 based on"} <= legend


def test_lifecycle_doc_filter_keeps_the_connected_documents():
    graph = build_graph("lifecycle", corpus(), doc=C)
    assert set(graph.nodes) == {"doc:" + k for k in (B, C, D, E)}


@pytest.mark.parametrize("kind, filters", [
    ("collaboration", {}), ("document", {"doc": A}), ("agency", {"agency": "市科委"}), ("lifecycle", {}),
])
def test_html_embeds_exactly_the_graph(kind, filters):
    result = draw_map(kind, corpus(), **filters)
    data = embedded_data(result.html)
    graph = result.graph
    assert {n["id"] for n in data["nodes"]} == {str(n) for n in graph.nodes}
    for item in data["nodes"]:
        attrs = graph.nodes[item["id"]]
        assert (item["label"], item.get("title")) == (attrs["label"], attrs.get("title"))
        assert isinstance(item["x"], float) and isinstance(item["y"], float)
    pair = (lambda a, b: (a, b)) if graph.is_directed() else (lambda a, b: frozenset((a, b)))
    embedded = Counter(pair(e["from"], e["to"]) for e in data["edges"])
    assert embedded == Counter(pair(str(a), str(b)) for a, b in graph.edges)
    for edge in data["edges"]:
        attrs = graph.edges[edge["from"], edge["to"]]
        assert (edge.get("dashes"), edge.get("width")) == (attrs.get("dashes"), attrs.get("width"))
        if attrs.get("lead_from"):  # an undirected pair is drawn from the agency that leads
            assert edge["from"] == attrs["lead_from"]


@pytest.mark.parametrize("kind, filters", [
    ("collaboration", {}), ("document", {"doc": A}), ("agency", {"agency": "市科委"}), ("lifecycle", {}),
])
def test_html_embeds_what_the_pyvis_network_holds(kind, filters):
    graph = build_graph(kind, hostile_corpus(), **filters)
    net = pyvis_network(graph, layout(graph))
    page = render_html(graph)
    assert embedded_data(page) == {"nodes": net.nodes, "edges": net.edges}
    assert embedded_data(page, "kg-options") == net.options == network_data(net)[1]
    assert net.get_nodes() == [str(n) for n in graph.nodes]
    assert net.options["nodes"]["font"]["face"] == CJK_FONT_FACE  # spaces kept (set_options strips them)
    for edge in net.get_edges():
        attrs = graph.edges[edge["from"], edge["to"]]
        wanted = attrs.get("arrows") or ("to" if attrs.get("role") in ("lead", "co") and graph.is_directed() else "")
        assert edge["arrows"] == wanted  # pyvis's directed mode must not add arrows of its own


def test_html_is_self_contained():
    page = draw_map("collaboration", corpus()).html
    assert "@version 9.1.9" in vis_network_js()
    assert vis_network_js() in page
    assert "<script src" not in page and "<link" not in page
    assert '"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",sans-serif' in page
    assert "__kgReady" in page and "__kgLabelPx" in page
    assert "http://" not in page.replace(vis_network_js(), "") and "https://" not in page.replace(vis_network_js(), "")


HOSTILE = [
    '</script><script>window.__pwned=1</script>',
    '<img src=x onerror="window.__pwned=1">',
]


def hostile_corpus() -> Corpus:
    base = corpus()
    evil = " ".join(HOSTILE)
    base.documents[0].doc_number = "沪府办发〔2024〕8号" + HOSTILE[0]
    base.documents[1].supersedes.append(evil)
    base.duties.append(duty(A, "六", HOSTILE[1], [party(HOSTILE[0], "lead"), kewei()], 250, evil))
    return base


@pytest.mark.parametrize("kind, filters", [
    ("collaboration", {}), ("document", {"doc": A}), ("agency", {"agency": "市科委"}), ("lifecycle", {}),
])
def test_hostile_text_stays_data(kind, filters):
    page = draw_map(kind, hostile_corpus(), **filters).html
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    scripts_in_vis = vis_network_js().count("<script")
    assert page.count("<script") == 5 + scripts_in_vis  # data, options, meta, vis-network, ours
    texts = json.dumps([embedded_data(page), embedded_data(page, "kg-meta")], ensure_ascii=False)
    assert HOSTILE[0] in texts  # the text is kept, as data
    script = page[page.rindex("<script>"):]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script  # the panel writes text


def test_script_json_escapes_markup():
    assert script_json({"t": "</script>&"}) == '{"t":"\\u003c/script\\u003e\\u0026"}'
    assert json.loads(script_json({"t": "</script>&"})) == {"t": "</script>&"}


@pytest.mark.parametrize("kind, filters", [
    ("collaboration", {}), ("document", {"doc": A}), ("agency", {"agency": "市科委"}), ("lifecycle", {}),
])
@pytest.mark.parametrize("fmt, reader", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_exports_round_trip(tmp_path, kind, filters, fmt, reader):
    result = draw_map(kind, hostile_corpus(), **filters)
    path = result.save(tmp_path / f"{kind}.{fmt}")
    back = reader(path)
    assert set(back.nodes) == {str(n) for n in result.graph.nodes}
    assert {(str(a), str(b)) for a, b in back.edges} == {(str(a), str(b)) for a, b in result.graph.edges}
    for a, b, shared in result.graph.edges(data="shared_duties"):
        if shared is not None:
            assert int(back.edges[a, b]["shared_duties"]) == shared


def test_save_html_and_notebook_display(tmp_path):
    result = draw_map("collaboration", hostile_corpus())
    path = result.save(tmp_path / "collab.html")
    assert path.read_text(encoding="utf-8") == result.html
    shown = result._repr_html_()
    assert shown.startswith('<iframe srcdoc="') and "<script" not in shown
    with pytest.raises(InputError, match="unknown map format"):
        result.save(tmp_path / "collab.pdf")


def test_empty_corpus_renders_an_empty_map():
    page = render_html(build_graph("collaboration", Corpus()))
    assert embedded_data(page) == {"nodes": [], "edges": []}


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A build folder whose corpus.json reader returns the hand-made corpus."""
    try:
        corpus_io = importlib.import_module("kg.corpus_io")
    except ImportError:
        corpus_io = types.ModuleType("kg.corpus_io")
        monkeypatch.setitem(sys.modules, "kg.corpus_io", corpus_io)
    monkeypatch.setattr(corpus_io, "load_corpus", lambda build_dir: corpus(), raising=False)
    return tmp_path


@pytest.mark.parametrize("args, suffix", [
    (["collaboration", "--min-shared", "2"], "html"),
    (["document", "--doc", A, "--format", "gexf"], "gexf"),
    (["agency", "--agency", "市科委", "--format", "graphml"], "graphml"),
    (["lifecycle", "--as-of", "2024-06-01"], "html"),
])
def test_cli_writes_the_map(built, args, suffix):
    from click.testing import CliRunner

    from kg.cli import cli

    out = built / f"out.{suffix}"
    result = CliRunner().invoke(cli, ["map", *args, "--build-dir", str(built), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    assert out.stat().st_size > 0


def test_cli_reports_unknown_agency(built):
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, ["map", "agency", "--agency", "市不存在局", "--build-dir", str(built)])
    assert result.exit_code == 2
    assert "no duty names the agency" in result.output


def test_map_kinds_registry_lists_every_kind():
    assert list(MAP_KINDS) == ["collaboration", "document", "agency", "lifecycle"]


@pytest.fixture(scope="module")
def bundled():
    kg = importlib.import_module("kg")
    from kg.resources import corpus_dir

    return kg.extract([corpus_dir()])


def test_bundled_corpus_collaboration_covers_every_party(bundled):
    graph = build_graph("collaboration", bundled)
    from kg.maps.network import agency_id

    named = {agency_id(p) for d in bundled.duties for p in d.parties}
    assert set(graph.nodes) == named
    page = draw_map("collaboration", bundled).html
    assert len(embedded_data(page)["nodes"]) == len(named)


def test_notebook_backend_is_sigma_for_large_maps_when_ipysigma_is_installed(monkeypatch):
    import kg.maps as maps

    small = draw_map("collaboration", corpus())
    assert small.backend == "vis" and "text/html" in small._repr_mimebundle_()
    monkeypatch.setattr(maps, "SIGMA_FROM", 3)
    monkeypatch.setattr(maps, "sigma_available", lambda: False)
    assert draw_map("collaboration", corpus()).backend == "vis"  # without ipysigma: the page
    monkeypatch.setattr(maps, "sigma_available", lambda: True)
    assert draw_map("collaboration", corpus()).backend == "sigma"
    with pytest.raises(InputError, match="unknown map backend"):
        draw_map("collaboration", corpus(), backend="webgl")


def test_sigma_widget_carries_the_graph():
    pytest.importorskip("ipysigma")
    result = draw_map("collaboration", corpus(), backend="sigma")
    widget = result.sigma()
    assert type(widget).__name__ == "Sigma"
    assert "application/vnd.jupyter.widget-view+json" in result._repr_mimebundle_()


def test_a_big_page_carries_only_the_strongest_edges():
    from kg.maps.html import page_edges

    graph = nx.Graph()
    for i in range(10):
        graph.add_edge(f"a{i}", f"b{i}", shared_duties=i)
    kept = page_edges(graph, limit=3)
    assert [attrs["shared_duties"] for _, _, attrs in kept] == [7, 8, 9]
    assert len(page_edges(graph, limit=100)) == 10


# ---- maps at size: a real generated map of about a thousand agencies --------------------------------

def scaled(corpus: Corpus, times: int) -> Corpus:
    """``times`` copies of every document and duty, each copy with its own agencies (``市科委#3``),
    heading and clause text, as bench/bench_maps.py makes them."""
    out = Corpus(files=list(corpus.files))
    for n in range(times):
        out.documents += [dataclasses.replace(d, key=f"{d.key}#{n}", doc_number=d.doc_number and f"{d.doc_number}#{n}")
                          for d in corpus.documents]
        for d in corpus.duties:
            parties = [dataclasses.replace(p, printed=f"{p.printed}#{n}", agency_id=None) for p in d.parties]
            out.duties.append(dataclasses.replace(d, doc=f"{d.doc}#{n}", parties=parties, heading=f"{d.heading}#{n}",
                                                  raw="、".join(p.printed for p in parties)))
    return out


@pytest.fixture(scope="module")
def big_map(bundled):
    corpus = scaled(bundled, 15)
    return corpus, draw_map("collaboration", corpus, backend="vis")


def test_a_big_page_stores_each_text_once_and_derives_every_edge_list(big_map):
    from kg.maps.html import PAGE_EDGE_LIMIT, raw_block

    _, result = big_map
    graph, page = result.graph, result.html
    assert graph.number_of_nodes() > 1000 and graph.number_of_edges() > PAGE_EDGE_LIMIT
    data, meta = embedded_data(page), embedded_data(page, "kg-meta")
    raw = json.loads(raw_block(page, "kg-data"))
    assert raw["edges"]["cols"]["duties"]["x"] == list(range(len(data["edges"])))  # no list carried
    for edge in data["edges"]:  # as the page derives them: the graph's, each naming both ends
        assert edge["duties"] == graph.edges[edge["from"], edge["to"]]["duties"]
        ends = {graph.nodes[edge["from"]]["label"], graph.nodes[edge["to"]]["label"]}
        assert all(ends <= {p[0] for p in meta["duties"][i]["parties"]} for i, _ in edge["duties"])
    assert meta["duties"] == graph.graph["duties"]
    for row in meta["duties"][::97]:  # a heading, a clause: stored once, whatever shares its names
        assert page.count(script_json(row["heading"])) == 1
    packed = len(raw_block(page, "kg-data")) + len(raw_block(page, "kg-meta"))
    assert packed < 0.3 * (len(script_json(data)) + len(script_json(meta)))  # was 1.0: one object each


def test_above_the_text_budget_busy_agencies_keep_their_first_duties_and_counts_stay_whole(big_map, monkeypatch):
    import kg.maps.page as page_module

    _, result = big_map
    graph = result.graph
    monkeypatch.setattr(page_module, "PAGE_DUTY_TEXTS", 2000)
    page = render_html(graph)
    data, meta = embedded_data(page), embedded_data(page, "kg-meta")
    carried = {i for i, row in enumerate(meta["duties"]) if "source" in row}
    assert 1000 < len(carried) <= 2000 < len(graph.graph["duties"])
    assert all(row == {"doc_key": graph.graph["duties"][i]["doc_key"]}
               for i, row in enumerate(meta["duties"]) if i not in carried)
    assert all(meta["duties"][i] == graph.graph["duties"][i] for i in carried)
    kept = min(sum(i in carried for i, _ in n["duties"]) for n in data["nodes"])  # K: each node's first K
    assert kept > 0
    for node in data["nodes"]:
        assert node["duties"] == graph.nodes[node["id"]]["duties"]  # lists whole: counts, filters exact
        indices = [i for i, _ in node["duties"]]
        assert set(indices[:kept]) <= carried
    for edge in data["edges"]:
        assert edge["duties"] == graph.edges[edge["from"], edge["to"]]["duties"]


def test_a_text_holding_a_placeholder_character_is_stored_as_it_is():
    from kg.maps import packing

    strings = packing.Strings()
    rows = [{"label": "市科委", "title": "市科委\n\ue000 牵头"}, {"label": "市财政局", "title": "市财政局 配合"}]
    table = packing.pack_items(rows, strings, context=packing.node_context, templated=("title",))
    assert "t" not in table["cols"]["title"]  # one text could not be a template: the column is plain
    assert packing.unpack_items(table, strings.table(), packing.node_context) == rows
    strings = packing.Strings()
    table = packing.pack_items(rows[1:], strings, context=packing.node_context, templated=("title",))
    assert table["cols"]["title"]["t"] == 1 and "\ue000 配合" in strings.table()


def test_edge_lists_the_page_cannot_derive_are_carried():
    from kg.maps.html import raw_block

    graph = nx.Graph(kind="collaboration", duties=[], docs={})
    graph.add_node("a", label="A", duties=[[0, "lead"], [1, "co"], [2, "lead"]])
    graph.add_node("b", label="B", duties=[[0, "co"], [1, "co"], [2, "co"]])
    graph.add_node("c", label="C", duties=[[1, "lead"]])
    graph.add_edge("a", "b", duties=[[0, True], [2, True]])  # not every shared duty: carried
    graph.add_edge("a", "c", duties=[[1, True]])  # exactly the shared ones: derived
    page = render_html(graph)
    column = json.loads(raw_block(page, "kg-data"))["edges"]["cols"]["duties"]
    assert column["x"] == [1] and column["d"][0] is not None and column["d"][1] is None
    data = embedded_data(page)
    assert {(e["from"], e["to"]): e["duties"] for e in data["edges"]} == {
        ("a", "b"): [[0, True], [2, True]], ("a", "c"): [[1, True]]}
