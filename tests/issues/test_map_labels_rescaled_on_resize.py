"""vis-network rescales its view when the canvas changes size after the first fit: the lifecycle
map's labels came out at 15.4 px instead of 16 at 1280×720 (the toolbar's status line wrapped
after the layout was fitted). The page now writes the status line before measuring, lets
vis-network take the container's size before fixing the scale at 1, and re-arranges when the
container is resized (issue 18)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_maps_browser import HAVE_CHROMIUM, browser, open_page  # noqa: E402,F401 - the module's browser fixture

from kg.maps import draw_map  # noqa: E402
from kg.maps.page import LABEL_PX  # noqa: E402

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not HAVE_CHROMIUM and __import__("os").environ.get("CI") != "true",
                                 reason="needs Debian's chromium")]


def test_lifecycle_labels_keep_their_size_after_the_page_settles(browser, tmp_path, corpus):  # noqa: F811
    path = draw_map("lifecycle", corpus).save(tmp_path / "lifecycle.html")
    open_page(browser, path, (1280, 720))
    assert browser.execute_script("return window.__kgNetwork.getScale()") == 1
    assert browser.execute_script("return window.__kgLabelPx") == LABEL_PX
    browser.execute_script("document.getElementById('kg-status').textContent += ' ' + 'x'.repeat(400)")
    browser.execute_script("return new Promise(r => setTimeout(r, 400))")  # the toolbar wraps: a resize
    assert browser.execute_script("return window.__kgNetwork.getScale()") == 1
