"""Time the maps: build + render in Python, the whole ``kg map`` process on a build folder, and,
in headless chromium at 1280×720, the time until the page is usable: drawn and arranged
(``window.__kgReady``), then a search and a click answered.

Run by hand (not part of pytest):  python bench/bench_maps.py [--scale 71 | --nodes 5000]
[--kinds collaboration,agency] [--keep DIR]
(--scale 71 makes the collaboration map 5,112 agencies and 40,399 edges; --nodes N picks the
least scale whose collaboration map has N agencies or more; issue 17 asks for a 5,000-node page
under 5 MB written by ``kg map`` in under 3 s. --keep DIR leaves the build folders there, to
time ``kg map`` again by hand: DIR/x71/build.)

The scaled corpus replicates every duty ``scale`` times under renamed documents, with the
parties of each copy renamed to synthetic agencies (``市科委#7``), so the collaboration map grows
to thousands of nodes while keeping the shape of the real one. Each copy's heading and clause
are its own text too (the clause prints the renamed parties), as in a real corpus, so a page
that stores each distinct text once is not flattered by the copies. A second copy keeps the
real agencies, so the busiest agency's own map becomes one connected component of thousands of
nodes.

Columns: ``python s`` draw_map and its HTML in this process; ``kg map s`` the whole command (start-up,
reading corpus.json, drawing, writing) in a fresh process; ``ready s`` until the page has drawn;
``search ms`` / ``click ms`` answered in the page; ``MB`` the HTML file.
"""
from __future__ import annotations

import argparse
import dataclasses
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from kg.maps import draw_map
from kg.model import Corpus

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def bundled_corpus() -> Corpus:
    from kg.pipeline import extract
    from kg.resources import corpus_dir

    return extract([corpus_dir()])


def scaled(corpus: Corpus, times: int, rename_agencies: bool = True) -> Corpus:
    """``times`` renamed copies of every document and duty, with synthetic agencies per copy.

    With ``rename_agencies=False`` the copies keep the real agencies, so each agency's map grows
    into one connected component ``times`` as large (the hard case for the layout).
    """
    out = Corpus(files=list(corpus.files))
    for n in range(times):
        for doc in corpus.documents:
            out.documents.append(dataclasses.replace(doc, key=f"{doc.key}#{n}",
                                                     doc_number=doc.doc_number and f"{doc.doc_number}#{n}"))
        for duty in corpus.duties:
            out.duties.append(_copy(duty, n, rename_agencies))
    return out


def _copy(duty, n: int, rename_agencies: bool):
    """Copy ``n`` of a duty: its own document, heading and clause text, renamed parties."""
    if not rename_agencies:
        return dataclasses.replace(duty, doc=f"{duty.doc}#{n}", heading=f"{duty.heading}#{n}")
    parties = [dataclasses.replace(p, printed=f"{p.printed}#{n}", agency_id=None) for p in duty.parties]
    names = sorted({p.printed for p in duty.parties}, key=len, reverse=True)
    raw = re.sub("|".join(map(re.escape, names)), lambda m: f"{m.group(0)}#{n}", duty.raw) if names else duty.raw
    return dataclasses.replace(duty, doc=f"{duty.doc}#{n}", parties=parties, raw=raw,
                               heading=f"{duty.heading}#{n}")


def time_command(corpus: Corpus, kind: str, filters: dict, folder: Path) -> float:
    """Seconds of a whole ``kg map`` process on a build folder holding this corpus."""
    from kg.corpus_io import save_corpus

    build = folder / "build"
    build.mkdir(exist_ok=True)
    if not (build / "corpus.json").exists():
        save_corpus(corpus, build)
    args = [arg for name, value in filters.items() for arg in (f"--{name}", value)]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "map", kind, *args, "--build-dir", str(build),
                    "--out", str(folder / f"cli-{kind}.html")], check=True, capture_output=True)
    return time.perf_counter() - start


def open_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--proxy-server=127.0.0.1:9", "--window-size=1280,900",
                f"--user-data-dir={tempfile.mkdtemp(prefix='kg-bench-')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False})
    return driver


def time_open(driver, path: Path, limit: float = 600) -> float:
    start = time.perf_counter()
    driver.get(path.as_uri())
    while not driver.execute_script("return window.__kgReady === true"):
        if time.perf_counter() - start > limit:
            return float("nan")
        time.sleep(0.02)
    return time.perf_counter() - start


# A search for the busiest node, then a click on it (select = what the click handler does),
# each timed in the page, including the redraw that shows the highlight.
RESPOND = """
const net = window.__kgNetwork, nodes = net.body.data.nodes.get();
const top = window.__kgTop[0], label = nodes.find(n => n.id === top).label;
let t = performance.now(); const found = window.__kgSearch(label); net.redraw();
const search = performance.now() - t;
t = performance.now(); window.__kgSelect(window.__kgTop[1] || top); net.redraw();
return [found !== null, search, performance.now() - t];
"""


def time_usable(driver) -> tuple[float, float]:
    """Milliseconds a search and a click take once the page is ready."""
    ok, search, click = driver.execute_script(RESPOND)
    return (search, click) if ok else (float("nan"), float("nan"))


def bench(label: str, corpus: Corpus, kinds: list[str], driver, folder: Path, command: bool) -> None:
    folder = folder / label
    folder.mkdir()
    busiest = Counter(p.printed for d in corpus.duties for p in d.parties).most_common(1)
    agency = busiest[0][0] if busiest else ""
    filters = {"document": {"doc": corpus.documents[0].key} if corpus.documents else {},
               "agency": {"agency": agency}}
    for kind in kinds:
        start = time.perf_counter()
        result = draw_map(kind, corpus, backend="vis", **filters.get(kind, {}))
        assert result.html  # rendered when first asked for: part of what a map costs
        built = time.perf_counter() - start
        path = result.save(folder / f"{label}-{kind}.html")
        whole = time_command(corpus, kind, filters.get(kind, {}), folder) if command else float("nan")
        opened = time_open(driver, path) if driver else float("nan")
        search, click = time_usable(driver) if driver else (float("nan"), float("nan"))
        graph, usable = result.graph, opened + (search + click) / 1000
        print(f"{label:>10} {kind:>13} {graph.number_of_nodes():>7} {graph.number_of_edges():>8}"
              f" {built:>9.2f} {whole:>8.2f} {opened:>8.2f} {search:>9.0f} {click:>8.0f} {usable:>9.2f}"
              f" {path.stat().st_size / 1e6:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=71)
    parser.add_argument("--nodes", type=int, help="scale to reach this many agencies (overrides --scale)")
    parser.add_argument("--keep", type=Path, help="write the build folders here and keep them")
    parser.add_argument("--kinds", default="collaboration,document,agency,lifecycle")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-command", action="store_true", help="do not time whole kg map processes")
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    base = bundled_corpus()
    print(f"bundled corpus: {len(base.documents)} documents, {len(base.duties)} duties")
    if args.nodes:
        args.scale = scale_for(base, args.nodes)
    driver = None if args.no_browser else open_driver()
    print(f"{'corpus':>10} {'kind':>13} {'nodes':>7} {'edges':>8} {'python s':>9} {'kg map s':>8} {'ready s':>8}"
          f" {'search ms':>9} {'click ms':>8} {'usable s':>9} {'MB':>7}")
    with tempfile.TemporaryDirectory(prefix="kg-bench-maps-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            command = not args.no_command
            bench("bundled", base, kinds, driver, folder, command)
            bench(f"x{args.scale}", scaled(base, args.scale), kinds, driver, folder, command)
            same = [k for k in kinds if k == "agency"]
            if same:
                bench(f"x{args.scale}-same", scaled(base, args.scale, rename_agencies=False), same, driver,
                      folder, command)
        finally:
            if driver:
                driver.quit()


def scale_for(corpus: Corpus, nodes: int) -> int:
    """The least number of renamed copies whose collaboration map has ``nodes`` agencies or more:
    each copy's parties are renamed apart (``市科委#7``), so a copy brings one agency per printed name."""
    per_copy = max(len({p.printed for d in corpus.duties for p in d.parties}), 1)
    return max(1, -(-nodes // per_copy))


if __name__ == "__main__":
    main()
