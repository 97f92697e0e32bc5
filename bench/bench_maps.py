"""Time the maps: build + render in Python, then open in headless chromium until physics stops.

Run by hand (not part of pytest):  python bench/bench_maps.py [--scale 50] [--kinds collaboration,agency]

The scaled corpus replicates every duty ``scale`` times under renamed documents, with the
parties of each copy renamed to synthetic agencies (``市科委#7``), so the collaboration map grows
to thousands of nodes while keeping the shape of the real one. A second copy keeps the real
agencies, so the busiest agency's own map becomes one connected component of thousands of nodes.
"""
from __future__ import annotations

import argparse
import dataclasses
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
            parties = [dataclasses.replace(p, printed=f"{p.printed}#{n}", agency_id=None)
                       for p in duty.parties] if rename_agencies else duty.parties
            out.duties.append(dataclasses.replace(duty, doc=f"{duty.doc}#{n}", parties=parties))
    return out


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
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def time_open(driver, path: Path, limit: float = 600) -> float:
    start = time.perf_counter()
    driver.get(path.as_uri())
    while not driver.execute_script("return window.__kgReady === true"):
        if time.perf_counter() - start > limit:
            return float("nan")
        time.sleep(0.02)
    return time.perf_counter() - start


def bench(label: str, corpus: Corpus, kinds: list[str], driver, folder: Path) -> None:
    busiest = Counter(p.printed for d in corpus.duties for p in d.parties).most_common(1)
    agency = busiest[0][0] if busiest else ""
    filters = {"document": {"doc": corpus.documents[0].key} if corpus.documents else {},
               "agency": {"agency": agency}}
    for kind in kinds:
        start = time.perf_counter()
        result = draw_map(kind, corpus, **filters.get(kind, {}))
        built = time.perf_counter() - start
        path = result.save(folder / f"{label}-{kind}.html")
        opened = time_open(driver, path) if driver else float("nan")
        graph = result.graph
        print(f"{label:>10} {kind:>13} {graph.number_of_nodes():>7} {graph.number_of_edges():>8}"
              f" {built:>9.2f} {opened:>9.2f} {path.stat().st_size / 1e6:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=50)
    parser.add_argument("--kinds", default="collaboration,document,agency,lifecycle")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    base = bundled_corpus()
    print(f"bundled corpus: {len(base.documents)} documents, {len(base.duties)} duties")
    driver = None if args.no_browser else open_driver()
    print(f"{'corpus':>10} {'kind':>13} {'nodes':>7} {'edges':>8} {'python s':>9} {'browser s':>9} {'MB':>7}")
    with tempfile.TemporaryDirectory(prefix="kg-bench-maps-") as tmp:
        try:
            bench("bundled", base, kinds, driver, Path(tmp))
            bench(f"x{args.scale}", scaled(base, args.scale), kinds, driver, Path(tmp))
            same = [k for k in kinds if k == "agency"]
            bench(f"x{args.scale}-same", scaled(base, args.scale, rename_agencies=False), same, driver,
                  Path(tmp))
        finally:
            if driver:
                driver.quit()


if __name__ == "__main__":
    main()
