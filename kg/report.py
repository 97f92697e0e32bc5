"""The build folder: corpus records, the build report and the graph outputs.

Everything is written into a temporary folder beside the build folder and swapped in only when
all of it is written and checked (:mod:`kg.buildfolder`), so a failed build leaves the last good
one answering.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from .buildfolder import building
from .corpus_io import save_corpus
from .inputs import display_name, escape
from .model import PROBLEM_CODES, Corpus
from .parallel import Meanwhile, in_process


def summary(corpus: Corpus) -> dict:
    """Counts for the closing summary and report.json (no timestamps: builds are reproducible)."""
    agencies = {p.agency_id for d in corpus.duties for p in d.parties if p.agency_id}
    unresolved = sorted({p.printed for d in corpus.duties for p in d.parties if p.agency_id is None})
    return {
        "files": len(corpus.files),
        "documents": len(corpus.documents),
        "duties": len(corpus.duties),
        "indicators": len(corpus.indicators),
        "entities": len(corpus.entities),
        "agencies": len(agencies),
        "unresolved_parties": unresolved,
        "problems": len(corpus.problems),
        "problems_by_code": dict(sorted(Counter(p.code for p in corpus.problems).items())),
        "problem_codes": {c: PROBLEM_CODES.get(c, "") for c in sorted({p.code for p in corpus.problems})},
        "errors": sum(1 for p in corpus.problems if p.severity == "error"),
    }


def write_outputs(corpus: Corpus, out_dir: Path, jsonld: bool = False,
                  keep: Callable[[Path], None] | None = None, workers: int = 1,
                  formats: Iterable[str] = (), folder: Path | None = None, derive_meanwhile: bool = True) -> dict:
    """Write the whole build folder atomically; its report (counts, problems, graph, build id).

    ``keep(folder)`` adds to the new build folder before it is swapped in (kg.cache: the records
    of this build's files, for the next build). ``formats``: serialisations beside graph.nq
    (kg.graph.writing.OPTIONAL_FORMATS); ``jsonld`` adds JSON-LD. ``folder``: the new build
    folder when the caller holds it already (kg.buildfolder.building, entered before extraction
    so that caches write into it); else one is made here and swapped in at the end.
    ``derive_meanwhile``: make graph/derived while corpus.json is written (False when every file's
    records came from the cache: graph/derived is then most likely the last build's)."""
    if folder is None:
        with building(out_dir) as tmp:
            return write_outputs(corpus, out_dir, jsonld, keep, workers, formats, tmp, derive_meanwhile)
    if keep is not None:
        keep(folder)
    _printable(corpus)
    # corpus.json is written by a forked process while this one makes graph/derived: both hold the
    # GIL for seconds at 1,000 documents, and neither needs the other
    fork = derive_meanwhile and not in_process(workers, len(corpus.documents))
    saving = Meanwhile(functools.partial(_save, corpus, folder), fork=fork)
    derived = _derived(corpus) if fork else None  # else made when the graph stage finds it changed
    diffs = _diffs(derived, Path(out_dir)) if derived else {}  # while the fork still writes
    recorded = saving.result()  # document key → digest of its records' lines (graph part cache keys)
    report = summary(corpus)
    report["problem_list"] = [dataclasses.asdict(p) for p in corpus.problems]
    report["graph"] = _write_graph(corpus, folder, Path(out_dir), [*formats, *(["jsonld"] if jsonld else [])],
                                   workers, recorded, derived, diffs)
    report["build_id"] = _build_id(folder, recorded, corpus)
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "problems.txt").write_text(
        "".join(f"{p.severity}: {p.source_file}:{p.line or ''}: [{p.code}] {p.message}\n"
                for p in corpus.problems), encoding="utf-8")
    return report


def _save(corpus: Corpus, folder: Path) -> dict[str, str]:
    """Write corpus.json; document key → digest of its records' lines (kg.corpus_io.save_corpus)."""
    recorded: dict[str, str] = {}
    save_corpus(corpus, folder, recorded)
    return recorded


def _derived(corpus: Corpus) -> bytes:
    from .graph.parts import derived_part

    return derived_part(corpus)


def _diffs(derived: bytes, previous: Path) -> dict:
    """graph/derived against the last build's, for its store update (kg.graph.writing.Diff)."""
    from .graph.iris import DERIVED_GRAPH
    from .graph.writing import diff_from_last

    diff = diff_from_last(str(DERIVED_GRAPH), derived, previous)
    return {str(DERIVED_GRAPH): diff} if diff is not None else {}


def _printable(corpus: Corpus) -> None:
    """File names and problem messages with control characters and undecodable bytes escaped, so
    that problems.txt, the terminal and corpus.json (strict UTF-8) all take them."""
    corpus.files = [display_name(f) for f in corpus.files]
    corpus.problems = [dataclasses.replace(p, message=escape(p.message), source_file=escape(p.source_file))
                       for p in corpus.problems]


def _build_id(folder: Path, recorded: dict[str, str], corpus: Corpus) -> str:
    """A digest of the graph and the records: the same input gives the same id, and a server can
    tell two builds apart. Made of the digests the build has already (each named graph's, in the
    graph index; each document's records', from save_corpus) and the problems and file names, so
    that a rebuild does not read and hash 500 MB of graph.nq and corpus.json again."""
    from .graph.writing import INDEX

    digest = hashlib.sha256()
    index_file = folder / INDEX
    if index_file.exists():
        index = json.loads(index_file.read_text(encoding="utf-8"))
        digest.update("".join(f"{name}\0{entry[0]}\n" for name, entry in index.items()).encode())
    digest.update("".join(f"{key}\0{value}\n" for key, value in sorted(recorded.items())).encode())
    rest = {"files": corpus.files, "problems": [dataclasses.asdict(p) for p in corpus.problems]}
    digest.update(json.dumps(rest, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def _write_graph(corpus: Corpus, out_dir: Path, previous: Path, formats: list[str], workers: int,
                 recorded: dict[str, str] | None = None, derived: bytes | None = None,
                 diffs: dict | None = None) -> dict:
    """Write the graph files and the Oxigraph store, and check the shapes with the compiled SPARQL
    checks while the store is made (pySHACL, the reference, is ``kg validate``: minutes at 1M
    triples). Graph parts and check results of the last build (``previous``) are reused where
    their inputs are unchanged."""
    from .agencies import default_register
    from .cache import CheckCache, PartCache
    from .graph.parts import graph_parts
    from .graph.validation import render
    from .graph.writing import write_graph

    parts_cache, checks_cache = PartCache(previous, into=out_dir), CheckCache(previous, into=out_dir)
    parts = graph_parts(corpus, default_register(), workers=workers, cache=parts_cache, recorded=recorded,
                        derived=derived)
    files, result = write_graph(parts, out_dir, previous, formats, workers=workers, check_cache=checks_cache,
                                diffs=diffs)
    parts_cache.save(out_dir)
    checks_cache.save(out_dir)
    (out_dir / "validation.txt").write_text(render(result) + "\n", encoding="utf-8")
    return {"files": sorted(files), "quads": result.quads, "conforms": result.conforms,
            "violations": len(result.violations)}
