"""Maps opened in Debian's chromium, offline, from file:// URLs: they draw, log no error, run no
injected script, and show Chinese labels (screenshots kept in /tmp/kg-maps/ for a human look)."""
from __future__ import annotations

import base64
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from test_maps import A, hostile_corpus  # the hand-made corpus of the unit tests

from kg.maps import draw_map

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOTS = Path("/tmp/kg-maps")
READY_WITHIN = 120  # seconds; a guard against a hang, not a timing assertion

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()), reason="needs Debian's chromium"),
]

KINDS = [("collaboration", {}), ("document", {"doc": A}), ("agency", {"agency": "市科委"}), ("lifecycle", {})]


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--proxy-server=127.0.0.1:9", "--window-size=1280,900",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def open_map(driver, path: Path) -> None:
    driver.get(path.as_uri())
    deadline = time.monotonic() + READY_WITHIN
    while not driver.execute_script("return window.__kgReady === true"):
        assert time.monotonic() < deadline, "the map never became ready"
        time.sleep(0.05)


NON_WHITE = """
const canvas = document.querySelector('#kg-network canvas');
const ctx = canvas.getContext('2d');
const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
let n = 0;
for (let i = 0; i < px.length; i += 4) {
  if (px[i + 3] > 0 && (px[i] < 240 || px[i + 1] < 240 || px[i + 2] < 240)) n++;
}
return n;
"""


@pytest.mark.parametrize("kind, filters", KINDS, ids=[k for k, _ in KINDS])
def test_map_draws_offline_without_errors(browser, tmp_path, kind, filters):
    result = draw_map(kind, hostile_corpus(), **filters)
    path = result.save(tmp_path / f"{kind}.html")
    browser.get_log("browser")  # drop entries of earlier pages
    open_map(browser, path)
    stats = browser.execute_script("return window.__kgStats")
    assert stats == {"nodes": result.graph.number_of_nodes(), "edges": result.graph.number_of_edges()}
    assert browser.execute_script("return window.__pwned") is None
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert browser.execute_script("return window.__kgNetwork.physics.physicsEnabled") is False
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
    assert browser.execute_script(NON_WHITE) > 1000
    png = base64.b64decode(browser.get_screenshot_as_base64())
    (tmp_path / f"{kind}.png").write_bytes(png)
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / f"{kind}.png").write_bytes(png)


def test_tooltip_shows_hostile_text_as_text(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains

    path = draw_map("document", hostile_corpus(), doc=A).save(tmp_path / "document.html")
    open_map(browser, path)
    x, y = browser.execute_script("""
        const net = window.__kgNetwork;
        const id = net.body.data.nodes.getIds().find(i => i.startsWith('duty:') &&
            net.body.data.nodes.get(i).title.includes('onerror'));
        net.moveTo({position: net.getPosition(id), scale: 1.5, animation: false});
        const p = net.canvasToDOM(net.getPosition(id));
        return [p.x, p.y];
    """)
    canvas = browser.find_element("css selector", "#kg-network canvas")
    offset = (round(x - canvas.size["width"] / 2), round(y - canvas.size["height"] / 2))
    hover = ActionChains(browser).move_to_element_with_offset(canvas, *offset)
    hover.pause(0.3).move_by_offset(1, 0).perform()
    deadline = time.monotonic() + 10
    text = ""
    while "onerror" not in text and time.monotonic() < deadline:
        time.sleep(0.1)
        text = browser.execute_script(
            "const t = document.querySelector('div.vis-tooltip'); return t ? t.innerText : ''")
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert browser.execute_script("return document.querySelector('div.vis-tooltip img')") is None
    assert browser.execute_script("return window.__pwned") is None
