"""Maps opened in Debian's chromium, offline, from file:// URLs, checked for what a person sees:
labels big enough to read on a projector and not on top of each other, search and click that
find and highlight an agency and list its duties, a PNG for slides, hostile text shown as text.

Screenshots of every kind at 1280×720 and 1920×1080 are kept in /tmp/kg-maps/ for a human look.
Without chromium these tests skip, except under CI=true, where they fail.
"""
from __future__ import annotations

import base64
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from test_maps import HOSTILE, A, hostile_corpus, scaled

from kg.maps import draw_map, render_matrix
from kg.maps.page import LABEL_PX

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOTS = Path("/tmp/kg-maps")
READY_WITHIN = 120  # seconds; a guard against a hang, not a timing assertion
SIZES = [(1280, 720), (1920, 1080)]
HAVE_CHROMIUM = CHROMIUM.exists() and CHROMEDRIVER.exists()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE_CHROMIUM and os.environ.get("CI") != "true",
                       reason="needs Debian's chromium and chromedriver (apt-get install chromium chromium-driver)"),
]

KINDS = [("collaboration", {}), ("document", {"doc": "沪府办规〔2024〕9号"}), ("agency", {"agency": "市科委"}),
         ("lifecycle", {})]


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver  # a test dependency: missing, the tests fail rather than skip
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--proxy-server=127.0.0.1:9", "--hide-scrollbars",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def bundled():
    from kg.pipeline import extract
    from kg.resources import corpus_dir

    return extract([corpus_dir()])


@pytest.fixture(scope="module")
def pages(bundled, tmp_path_factory):
    """Every kind of the bundled corpus, and the matrix, written once."""
    folder = tmp_path_factory.mktemp("maps")
    out = {kind: draw_map(kind, bundled, **filters) for kind, filters in KINDS}
    paths = {kind: result.save(folder / f"{kind}.html") for kind, result in out.items()}
    paths["matrix"] = folder / "matrix.html"
    paths["matrix"].write_text(render_matrix(bundled), encoding="utf-8")
    return out, paths


def open_page(driver, path: Path, size: tuple[int, int] = (1280, 720)) -> None:
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.get(path.as_uri())
    deadline = time.monotonic() + READY_WITHIN
    while not driver.execute_script("return window.__kgReady === true"):
        assert time.monotonic() < deadline, "the page never became ready"
        time.sleep(0.05)


def screenshot(driver, name: str) -> bytes:
    png = base64.b64decode(driver.get_screenshot_as_base64())
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / f"{name}.png").write_bytes(png)
    return png


# The label boxes vis-network drew (labelModule.size, canvas units) of the top nodes, in screen
# pixels, with the on-screen font size; computed in the page from the network's scale.
TOP_LABELS = """
const net = window.__kgNetwork, scale = net.getScale();
return window.__kgTop.map(id => {
  const node = net.body.nodes[id], s = node.labelModule.size;
  const a = net.canvasToDOM({x: s.left, y: s.top}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
  return {id: id, px: node.options.font.size * scale, color: node.options.font.color,
          box: [a.x, a.y, b.x, b.y], hidden: node.options.hidden};
});
"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                out.append((a["id"], b["id"]))
    return out


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("kind", [k for k, _ in KINDS])
def test_top_labels_are_legible_and_apart(browser, pages, kind, size):
    results, paths = pages
    browser.get_log("browser")  # drop entries of earlier pages
    open_page(browser, paths[kind], size)
    labels = browser.execute_script(TOP_LABELS)
    assert len(labels) == min(20, results[kind].graph.number_of_nodes())
    assert browser.execute_script("return window.__kgLabelPx") >= 14
    assert min(item["px"] for item in labels) >= 14 and LABEL_PX >= 14
    assert all(item["color"] != "rgba(0,0,0,0)" and not item["hidden"] for item in labels)
    assert overlapping(labels) == []
    width, height = size
    toolbar = browser.execute_script("return document.getElementById('kg-main').getBoundingClientRect().top")
    for item in labels:  # on screen, below the toolbar
        x0, y0, x1, y1 = item["box"]
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 + toolbar <= height, item
    assert browser.execute_script("return window.__kgNetwork.physics.physicsEnabled") is False
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    screenshot(browser, f"{kind}-{size[0]}")


def test_drawing_fills_the_viewport_and_isolated_agencies_sit_in_a_strip(browser, pages):
    _, paths = pages
    open_page(browser, paths["collaboration"], (1280, 720))
    browser.execute_script("window.__kgSetK(1)")
    spread = browser.execute_script("""
        const net = window.__kgNetwork, ids = net.body.data.nodes.getIds({filter: n => !n.hidden});
        const xs = ids.map(id => net.canvasToDOM(net.getPosition(id)).x);
        const ys = ids.map(id => net.canvasToDOM(net.getPosition(id)).y);
        const c = document.getElementById('kg-network');
        return [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys), c.clientWidth, c.clientHeight];
    """)
    x0, x1, y0, y1, width, height = spread
    assert (x1 - x0) > 0.6 * width and (y1 - y0) > 0.7 * height


def test_search_finds_an_agency_by_short_form_and_full_name(browser, pages):
    from selenium.webdriver.common.keys import Keys

    results, paths = pages
    graph = results["collaboration"].graph
    core = graph.graph["core_k"]
    wanted = sorted(n for n in graph["sh-stcsm"] if graph.edges["sh-stcsm", n]["shared_duties"] >= core)
    for typed in ("市科委", "上海市科学技术委员会", "sh-stcsm"):
        open_page(browser, paths["collaboration"])
        box = browser.find_element("id", "kg-search")
        box.send_keys(typed[:2])
        suggestions = browser.execute_script(
            "return [...document.querySelectorAll('#kg-suggest option')].map(o => o.value)")
        assert suggestions and all(typed[:2].lower() in s.lower() for s in suggestions)
        box.send_keys(typed[2:], Keys.ENTER)
        found = browser.execute_script("return window.__kgHighlight")
        assert found["selected"] == "sh-stcsm" and found["neighbours"] == wanted
        colours = browser.execute_script("""
            const d = window.__kgNetwork.body.data.nodes;
            return d.get({filter: n => !n.hidden}).map(n => [n.id, n.color]);""")
        near = set(wanted) | {"sh-stcsm"}
        assert all((c == "#e4e4e4") == (n not in near) for n, c in colours)  # the rest is dimmed
        assert browser.execute_script("return window.__kgPanel.title") == graph.nodes["sh-stcsm"]["name"]


def test_click_on_an_agency_lists_its_duties_from_the_records(browser, pages, bundled):
    from selenium.webdriver.common.action_chains import ActionChains

    from kg.records import select_duties

    _, paths = pages
    open_page(browser, paths["collaboration"])
    x, y = browser.execute_script(
        "const n = window.__kgNetwork; const p = n.canvasToDOM(n.getPosition('sh-stcsm')); return [p.x, p.y];")
    canvas = browser.find_element("css selector", "#kg-network canvas")
    offset = (round(x - canvas.size["width"] / 2), round(y - canvas.size["height"] / 2))
    ActionChains(browser).move_to_element_with_offset(canvas, *offset).click().perform()
    expected = len(select_duties(bundled, agency="市科委", include_text=True))
    panel = browser.find_element("id", "kg-panel")
    assert panel.is_displayed()
    items = browser.find_elements("css selector", "#kg-panel-list li")
    assert len(items) == expected == browser.execute_script("return window.__kgPanel.duties")
    first = items[0].text
    assert "来源 source:" in first and ".txt:" in first and "角色 role:" in first


def test_edge_click_lists_the_shared_duties(browser, pages):
    results, paths = pages
    graph = results["collaboration"].graph
    open_page(browser, paths["collaboration"])
    a, b = "sh-stcsm", "sh-cei"
    shared = graph.edges[a, b]["shared_duties"]
    count = browser.execute_script(f"""
        const net = window.__kgNetwork;
        const e = net.body.data.edges.get({{filter: e => [e.from, e.to].sort().join() === ['{a}', '{b}'].sort().join()}})[0];
        window.__kgShowEdge(e.id); return window.__kgPanel.duties;""")
    assert count == shared


def test_filters_and_show_more_change_what_is_drawn(browser, pages):
    results, paths = pages
    graph = results["collaboration"].graph
    open_page(browser, paths["collaboration"])
    visible = "return window.__kgNetwork.body.data.edges.get({filter: e => !e.hidden}).length"
    core = browser.execute_script(visible)
    assert core == sum(n >= graph.graph["core_k"] for _, _, n in graph.edges(data="shared_duties"))
    browser.find_element("id", "kg-more").click()
    assert browser.execute_script(visible) > core
    browser.execute_script("window.__kgSetK(1)")
    assert browser.execute_script(visible) == graph.number_of_edges()
    select = browser.find_element("id", "kg-f-kind")
    select.send_keys("中央")  # the central branches only
    kinds = browser.execute_script(
        "return [...new Set(window.__kgNetwork.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.kind))]")
    assert kinds == ["central"]


def test_png_export_is_a_non_blank_image(browser, pages):
    from io import BytesIO

    _, paths = pages
    open_page(browser, paths["agency"])
    browser.find_element("id", "kg-png").click()
    url = browser.execute_script("return window.__kgPng")
    assert url.startswith("data:image/png;base64,")
    png = base64.b64decode(url.split(",", 1)[1])
    image = pytest.importorskip("PIL.Image").open(BytesIO(png)).convert("L")
    dark = sum(image.histogram()[:200])  # pixels darker than light grey
    assert image.size[0] >= 1000 and dark > 5000


def test_document_map_folds_a_chapter(browser, pages):
    results, paths = pages
    graph = results["document"].graph
    open_page(browser, paths["document"])
    chapter = next(n for n, a in graph.nodes(data=True) if a.get("depth") == 1)
    below = [n for n in graph.nodes if graph.nodes[n].get("parent") == chapter]
    browser.execute_script(f"window.__kgToggle({chapter!r})")
    hidden = browser.execute_script(
        f"return {below!r}.map(id => window.__kgNetwork.body.data.nodes.get(id) === null)")  # not drawn
    assert below and all(hidden)


def test_matrix_page_rows_sort_and_filter(browser, pages, bundled):
    from kg.maps import matrix_rows

    _, paths = pages
    open_page(browser, paths["matrix"], (1280, 720))
    rows = matrix_rows(bundled)
    assert browser.execute_script("return window.__kgMatrix") == {"shown": len(rows), "rows": len(rows)}
    cells = browser.execute_script(
        "return [...document.querySelectorAll('#kg-matrix tbody tr')].slice(0, 5).map(r => [...r.cells].map(c => c.textContent))")
    assert cells == [list(r.values()) for r in rows[:5]]
    sticky = browser.execute_script(
        "return getComputedStyle(document.querySelector('#kg-matrix thead th')).position")
    assert sticky == "sticky"
    browser.find_element("id", "kg-f-agency").send_keys("市科委")
    browser.find_element("id", "kg-f-role").send_keys("牵头")
    shown = browser.execute_script("return window.__kgMatrix.shown")
    assert shown == sum(r["市科委"] == "牵头" for r in rows)
    screenshot(browser, "matrix-1280")
    open_page(browser, paths["matrix"], (1920, 1080))
    screenshot(browser, "matrix-1920")


@pytest.mark.parametrize("kind, filters", [("collaboration", {}), ("document", {"doc": A}),
                                           ("agency", {"agency": "市科委"}), ("lifecycle", {})])
def test_hostile_text_is_shown_as_text_in_panel_search_and_tooltip(browser, tmp_path, kind, filters):
    result = draw_map(kind, hostile_corpus(), **filters)
    path = result.save(tmp_path / f"{kind}.html")
    open_page(browser, path)
    evil = next((n for n, a in result.graph.nodes(data=True)
                 if HOSTILE[0] in " ".join(map(str, (a.get("label"), a.get("name"), a.get("title"))))), None)
    if evil is not None:
        browser.execute_script("window.__kgSelect(arguments[0])", evil)
        text = browser.find_element("id", "kg-panel").text
        assert "window.__pwned" in text or "onerror" in text
    browser.find_element("id", "kg-search").send_keys("<img")
    edges = browser.execute_script("return window.__kgNetwork.body.data.edges.get().map(e => e.id)")
    for edge in edges:
        browser.execute_script("window.__kgShowEdge(arguments[0])", edge)
    assert browser.execute_script("return document.querySelectorAll('img, #kg-panel script').length") == 0
    assert browser.execute_script("return window.__pwned") is None


def test_tooltip_shows_hostile_text_as_text(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains

    path = draw_map("document", hostile_corpus(), doc=A).save(tmp_path / "document.html")
    open_page(browser, path)
    x, y = browser.execute_script("""
        const net = window.__kgNetwork;
        const id = net.body.data.nodes.getIds().find(i => (net.body.data.nodes.get(i).title || '').includes('onerror'));
        net.moveTo({position: net.getPosition(id), scale: 1.5, animation: false});
        const p = net.canvasToDOM(net.getPosition(id));
        return [p.x, p.y];
    """)
    canvas = browser.find_element("css selector", "#kg-network canvas")
    offset = (round(x - canvas.size["width"] / 2), round(y - canvas.size["height"] / 2))
    ActionChains(browser).move_to_element_with_offset(canvas, *offset).pause(0.3).move_by_offset(1, 0).perform()
    deadline = time.monotonic() + 10
    text = ""
    while "onerror" not in text and time.monotonic() < deadline:
        time.sleep(0.1)
        text = browser.execute_script(
            "const t = document.querySelector('div.vis-tooltip'); return t ? t.innerText : ''")
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert browser.execute_script("return document.querySelector('div.vis-tooltip img')") is None
    assert browser.execute_script("return window.__pwned") is None


def test_hostile_matrix_stays_text(browser, tmp_path):
    path = tmp_path / "matrix.html"
    path.write_text(render_matrix(hostile_corpus()), encoding="utf-8")
    open_page(browser, path)
    body = browser.find_element("id", "kg-matrix").text
    assert HOSTILE[0] in body or HOSTILE[1] in body
    assert browser.execute_script("return document.querySelectorAll('#kg-matrix img, #kg-matrix script').length") == 0
    assert browser.execute_script("return window.__pwned") is None


UNPACKED = "const u = window.__kgUnpack(); return [u.data.nodes, u.data.edges, u.meta.duties, u.meta.docs];"


def same_as_python(page_text: str, unpacked: list) -> None:
    """What the page script unpacked is what kg.maps.html.embedded_data reads (the keys Python
    has: the script adds its own, such as lx and baseColor)."""
    from kg.maps.html import embedded_data

    data, meta = embedded_data(page_text), embedded_data(page_text, "kg-meta")
    nodes, edges, duties, docs = unpacked
    for mine, theirs in ((data["nodes"], nodes), (data["edges"], edges)):
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs, strict=True):
            assert {k: b.get(k) for k in a} == a
    assert duties == meta["duties"] and docs == meta["docs"]


@pytest.mark.parametrize("kind", [k for k, _ in KINDS])
def test_the_page_unpacks_exactly_what_python_packed(browser, pages, kind):
    results, paths = pages
    open_page(browser, paths[kind])
    same_as_python(results[kind].html, browser.execute_script(UNPACKED))


@pytest.fixture(scope="module")
def big_pages(bundled, tmp_path_factory):
    """A collaboration map of 1,065 agencies, whole and with the duty text capped at 2,000."""
    import kg.maps.page as page_module
    from kg.maps.html import render_html

    folder = tmp_path_factory.mktemp("big")
    result = draw_map("collaboration", scaled(bundled, 15), backend="vis")
    whole = result.save(folder / "whole.html")
    budget, page_module.PAGE_DUTY_TEXTS = page_module.PAGE_DUTY_TEXTS, 2000
    try:
        capped_text = render_html(result.graph)
    finally:
        page_module.PAGE_DUTY_TEXTS = budget
    capped = folder / "capped.html"
    capped.write_text(capped_text, encoding="utf-8")
    return result, whole, capped, capped_text


def test_a_big_page_unpacks_its_templates_and_derived_edges(browser, big_pages):
    result, whole, _, _ = big_pages
    open_page(browser, whole)
    same_as_python(result.html, browser.execute_script(UNPACKED))


def test_a_capped_edge_says_how_many_more_and_lists_only_its_own_duties(browser, big_pages):
    from kg.maps.html import embedded_data

    result, _, capped, capped_text = big_pages
    graph = result.graph
    data, meta = embedded_data(capped_text), embedded_data(capped_text, "kg-meta")
    left = [(sum("source" not in meta["duties"][i] for i, _ in e["duties"]), e) for e in data["edges"]]
    missing, edge = max(((m, e) for m, e in left if 0 < m < len(e["duties"])),  # some shown, some not
                        key=lambda pair: (pair[0], len(pair[1]["duties"])))
    open_page(browser, capped)
    same_as_python(capped_text, browser.execute_script(UNPACKED))
    panel = browser.execute_script("window.__kgShowEdge(arguments[0]); return window.__kgPanel;", edge["id"])
    shared = graph.edges[edge["from"], edge["to"]]["shared_duties"]
    assert panel["duties"] == shared and panel["left"] == missing and panel["shown"] == shared - missing
    count = browser.find_element("id", "kg-panel-count").text
    assert f"{shared} 项职责" in count and f"and {missing} more not in this page" in count and "kg duties" in count
    items = browser.find_elements("css selector", "#kg-panel-list li")
    assert len(items) == shared - missing
    ends = [graph.nodes[edge["from"]]["label"], graph.nodes[edge["to"]]["label"]]
    for item in items:  # never a duty of another pair
        parties = item.find_element("css selector", ".kg-parties").text
        assert all(f"{end}（" in parties for end in ends), parties
