"""Time every catalogue query: embedded Oxigraph (in memory and on disk) against rdflib's memory store.

Run by hand (not part of the test suite)::

    python bench/bench_sparql.py                 # bundled graph and a ≥1M-triple scaled graph
    python bench/bench_sparql.py --copies 60 --rdflib-copies 5 --repeat 5

The scaled graph replicates every document, duty, indicator and entity of the bundled corpus with
new keys (copy k of 沪府办发〔2024〕8号 is 沪府办发〔2024〕8号~rk), then builds it with the normal
pipeline, so graph/derived (coordination pairs, counts) is recomputed over all copies. rdflib parses
~10k triples/s and its SPARQL is slow at scale (rdflib#2181), so it is timed on a smaller copy
count (``--rdflib-copies``). Prints one table: median ms per query and store, rows, and ratios.
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store
from rdflib import Dataset, URIRef
from rdflib import Literal as RdfLiteral

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.graph.building import build_quads  # noqa: E402
from kg.graph.store import sorted_nquads, write_store  # noqa: E402
from kg.graph.vocab import PREFIXES  # noqa: E402
from kg.model import Corpus  # noqa: E402
from kg.pipeline import extract  # noqa: E402
from kg.sparql.binding import bind  # noqa: E402
from kg.sparql.catalogue import catalogue  # noqa: E402

PARAMS = {
    "agency-duties": {"agency": "市科委", "on": "2024-07-02"},
    "agency-partners": {"agency": "市科委"},
    "agency-workload": {"agency": "市科委"},
    "document-duties": {"document": "沪府办发〔2024〕8号"},
    "documents-in-force": {"on": "2024-07-02"},
    "documents-expiring": {"on": "2026-05-01"},
    "supersession-chain": {"document": "沪药监规〔2024〕3号"},
}
"""Parameters per query: the questions the tests ask of the bundled corpus. Other parameters keep
their defaults: agency-duties stops at ``limit`` (1000) rows per role, as a user would see it; the
row count of each answer is printed beside its time."""


def replicate(corpus: Corpus, copies: int) -> Corpus:
    """``copies`` copies of the corpus, copy 0 unchanged, copy k with keys suffixed ``~rk``."""
    out = Corpus(files=list(corpus.files))
    for k in range(copies):
        suffix = "" if k == 0 else f"~r{k}"
        out.documents += [dataclasses.replace(d, key=d.key + suffix, provisions=list(d.provisions),
                                              doc_number=d.doc_number and d.doc_number + suffix,
                                              abolished_by=d.abolished_by and d.abolished_by + suffix)
                          for d in corpus.documents]
        out.duties += [dataclasses.replace(d, doc=d.doc + suffix) for d in corpus.duties]
        out.indicators += [dataclasses.replace(i, doc=i.doc + suffix) for i in corpus.indicators]
        out.entities += [dataclasses.replace(e, doc=e.doc + suffix, id=e.id + suffix) for e in corpus.entities]
    return out


def oxigraph_stores(nquads: bytes, folder: Path) -> dict[str, Store]:
    folder.mkdir(parents=True, exist_ok=True)
    disk = write_store(nquads, folder / "store")
    memory = Store()
    memory.bulk_load(input=nquads, format=RdfFormat.N_QUADS)
    return {"oxigraph-memory": memory, "oxigraph-disk": Store.read_only(str(disk))}


def rdflib_dataset(nquads: bytes) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(data=nquads.decode("utf-8"), format="nquads")
    return ds


def _rdflib_term(term):
    if hasattr(term, "datatype"):
        return RdfLiteral(term.value, datatype=URIRef(term.datatype.value))
    return URIRef(term.value)


def time_query(store, query, params: dict, repeat: int) -> tuple[float, int]:
    """Median ms over ``repeat`` runs (after one warm-up) and the row count."""
    subs = bind(query, params)
    times, count = [], 0
    for _ in range(repeat + 1):
        start = time.perf_counter()
        if isinstance(store, Store):
            count = len(list(store.query(query.text, use_default_graph_as_union=True, prefixes=PREFIXES,
                                         substitutions=subs)))
        else:
            bindings = {v.value: _rdflib_term(t) for v, t in subs.items()}
            count = len(list(store.query(query.text, initNs=PREFIXES, initBindings=bindings)))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[1:]), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60, help="copies of the corpus in the scaled graph")
    parser.add_argument("--rdflib-copies", type=int, default=5, help="copies for the rdflib comparison")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="names of the queries to time")
    args = parser.parse_args()
    corpus = extract()
    graphs: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, copies, with_rdflib in (("bundled", 1, True), (f"x{args.rdflib_copies}", args.rdflib_copies, True),
                                           (f"x{args.copies}", args.copies, False)):
            start = time.perf_counter()
            nquads = sorted_nquads(build_quads(replicate(corpus, copies)))
            stores = oxigraph_stores(nquads, Path(tmp) / label)
            if with_rdflib:
                stores["rdflib-memory"] = rdflib_dataset(nquads)
            triples = nquads.count(b"\n")
            print(f"{label}: {triples} quads, built and loaded in {time.perf_counter() - start:.1f} s",
                  file=sys.stderr)
            graphs[label] = {"triples": triples, "stores": stores}
        header = f"{'query':24} {'graph':>8} {'quads':>9} {'rows':>6} {'ox-mem ms':>10} {'ox-disk ms':>11} " \
                 f"{'rdflib ms':>10} {'disk/mem':>9} {'rdflib/mem':>10}"
        print(header)
        print("-" * len(header))
        for query in [q for q in catalogue() if args.only is None or q.name in args.only]:
            for label, graph in graphs.items():
                cells = {}
                for name, store in graph["stores"].items():
                    try:
                        cells[name], rows = time_query(store, query, PARAMS.get(query.name, {}), args.repeat)
                    except Exception as exc:  # rdflib fails on date arithmetic (xsd:date + duration)
                        print(f"{query.name} on {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                        cells[name] = float("nan")
                mem, disk, rdf = cells["oxigraph-memory"], cells["oxigraph-disk"], cells.get("rdflib-memory")
                print(f"{query.name:24} {label:>8} {graph['triples']:>9} {rows:>6} {mem:>10.1f} {disk:>11.1f} "
                      f"{'' if rdf is None else f'{rdf:.1f}':>10} {disk / mem:>9.1f} "
                      f"{'' if rdf is None else f'{rdf / mem:.0f}':>10}")


if __name__ == "__main__":
    main()
