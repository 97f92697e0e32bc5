"""The endpoint's HTML pages opened in Debian's chromium (issue 19): the agency page of 市科委 lists
its duties (as many as the records), a stored-query form returns an HTML table, hostile text
from a gazette stays text, and no page fetches anything (the pages work offline)."""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from click.testing import CliRunner

from kg import records
from kg.cli import cli
from kg.sparql.running import run_query
from kg.sparql.server import open_app

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOTS = Path("/tmp/kg-pages")
READY_WITHIN = 120  # seconds; a guard against a hang, not a timing assertion
HOSTILE = """上海市人民政府办公厅关于印发《上海市<script>window.__pwned=1</script>测试方案》的通知
沪府办发〔2025〕3号
各区人民政府：
一、重点任务
（一）建设<img src=x onerror="window.__pwned=2">平台。完善设施<script>window.__pwned=3</script>。（责任单位：市科委、市经济信息化委）
"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()) and os.environ.get("CI") != "true",
                       reason="needs Debian's chromium (apt-get install chromium chromium-driver)"),
]


class _Threading(ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a browser's idle keep-alive connection must not block the next page


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


def _serve(build_dir: Path):
    app = open_app(build_dir, workers=1)
    server = make_server("127.0.0.1", 0, app, server_class=_Threading, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def site(graph_build):
    app, server, base = _serve(graph_build)
    yield base
    server.shutdown()
    app.pool.close()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "gazette.txt").write_text(HOSTILE, encoding="utf-8")
    CliRunner().invoke(cli, ["build", "-q", str(folder), "--out", str(folder / "build")])
    app, server, base = _serve(folder / "build")
    yield base
    server.shutdown()
    app.pool.close()


@pytest.fixture(scope="module")
def browser():
    if os.environ.get("CI") == "true":  # CI installs the test extras: a missing selenium is a failure there
        from selenium import webdriver
    else:
        webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--proxy-server=127.0.0.1:9",
                "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _rows(driver, table_index: int = 0) -> int:
    return driver.execute_script(f"return document.querySelectorAll('table')[{table_index}].tBodies[0].rows.length")


def _fetched_nothing(driver) -> bool:
    return driver.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_agency_page_lists_the_duties_the_records_give(browser, site, corpus):
    browser.get(f"{site}/agency/{quote('市科委')}")
    duties = records.select_duties(corpus, agency="市科委", include_text=True)
    leads = [d for d in duties if records.agency_role(d, records.resolve_agency("市科委")) == "lead"]
    assert _rows(browser) == len(duties) > 0
    counts = browser.find_element("id", "counts").text
    assert f"{len(duties)} duties: {len(leads)} as lead" in counts
    assert "上海市科学技术委员会" in browser.title and _fetched_nothing(browser)
    SCREENSHOTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "agency-市科委.png"))  # for a human look


def test_a_stored_query_form_returns_an_html_table(browser, site, graph_build):
    browser.get(f"{site}/catalogue")
    form = browser.find_element("id", "q-agency-duties")
    form.find_element("name", "agency").send_keys("市科委")
    form.find_element("name", "role").send_keys("lead")
    form.find_element("css selector", "button[type=submit]").click()
    deadline = time.monotonic() + READY_WITHIN
    while "/html/query/agency-duties" not in browser.current_url:
        assert time.monotonic() < deadline, "the form never submitted"
        time.sleep(0.05)
    expected = run_query("agency-duties", graph_build, agency="市科委", role="lead")
    assert _rows(browser) == len(expected) > 0
    links = [a.text for a in browser.find_elements("css selector", "a")]
    assert "CSV" in links and "JSON" in links
    assert "市科委" in browser.find_element("css selector", "table").text  # names, not encoded IRIs
    assert "%E" not in browser.find_element("css selector", "table").text


def test_a_mistyped_agency_page_suggests(browser, site):
    browser.get(f"{site}/agency/{quote('市科卫')}")
    assert "did you mean 市科委 (上海市科学技术委员会)?" in browser.find_element("css selector", "p.error").text


def test_hostile_text_stays_text(browser, hostile_site):
    for path in ("/docs", f"/doc/{quote('沪府办发〔2025〕3号')}", f"/agency/{quote('市科委')}",
                 "/agency/" + quote("<script>window.__pwned=4</script>")):
        browser.get(hostile_site + path)
        assert browser.execute_script("return window.__pwned") is None, path
        assert browser.execute_script("return document.querySelectorAll('img, script').length") == 0, path
    browser.get(f"{hostile_site}/doc/{quote('沪府办发〔2025〕3号')}")
    assert "<script>window.__pwned=1</script>" in browser.find_element("tag name", "body").text


def test_vocabulary_sheet(browser, site):
    browser.get(f"{site}/vocabulary")
    text = browser.find_element("tag name", "body").text
    assert "kg:Duty" in text and "职责" in text and "eli:id_local" in text


def test_the_agency_map_draws_under_the_page_policy(browser, site):
    browser.get(f"{site}/map/agency/sh-stcsm")
    deadline = time.monotonic() + READY_WITHIN
    while not browser.execute_script("return window.__kgReady === true"):
        assert time.monotonic() < deadline, "the map never became ready"
        time.sleep(0.05)
    assert _fetched_nothing(browser)
