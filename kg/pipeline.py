"""The extraction pipeline over many files: read → clean → split → describe → provisions → duties.

One bad file becomes a :class:`Problem` and the others go on. ``extract`` is pure (paths in,
records out); :func:`build` also writes the build folder.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .agencies import default_register, normalise_name
from .cache import ExtractCache, cached_map
from .documents.doctext import DocumentText
from .documents.duplicates import merge_duplicates
from .documents.jurisdiction import localise, place_of
from .documents.linking import english_titles, link
from .documents.metadata import describe
from .documents.splitting import split
from .errors import InputError
from .facts.programmes import merge_entities
from .facts.registry import EXTRACTORS
from .inputs import discover, display_name, relative_names
from .memory import RELEASE_FROM, release
from .model import Corpus, Duty, Entity, Indicator, Problem, SourceText
from .numbering import number_facts
from .text.cleaning import Cleaned, clean, format_of
from .text.reading import read_source


def extract(paths: Iterable[Path | str] | Path | str | None = None,
            progress: Callable[[Path], None] | None = None, workers: int = 1,
            cache: ExtractCache | None = None, meanwhile: Callable[[], None] | None = None) -> Corpus:
    """Read files and folders into a Corpus of documents, duties and problems.

    Files are independent, so with ``workers`` > 1 (``kg build --jobs``) and at least
    PARALLEL_FROM files (kg.parallel) they are read by a pool of forked worker processes; the result is the same.
    With a ``cache`` (kg.cache, as ``kg build`` passes), unchanged files are not read again.
    ``meanwhile`` runs in this process while the workers read (kg.parallel.map_files).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, found = discover(paths)
    corpus = Corpus(problems=found)
    names = relative_names(paths, files)
    read = functools.partial(extract_file, names=names)
    for path, part in zip(files, cached_map(read, files, workers, cache, worker_died, names, meanwhile), strict=True):
        if progress:
            progress(path)
        corpus.files.append(names[path])
        _merge(corpus, part)
        if _size(path) >= RELEASE_FROM:
            release()
    merge_duplicates(corpus)
    number_facts(corpus)
    corpus.entities = merge_entities(corpus.entities)
    link(corpus.documents)
    _report_unresolved(corpus)
    return corpus


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def extract_file(path: Path, names: dict[Path, str] | None = None) -> Corpus:
    """One file's records, or its problem: an unreadable file or one kg fails on is reported.

    ``names`` gives the file's name relative to its input folder (see kg.inputs.relative_names).
    """
    name = (names or {}).get(path) or display_name(path)
    try:
        return _extract_file(path, default_register(), name)
    except InputError as e:
        return Corpus(problems=[Problem("error", "unreadable-file", str(e), name)])
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the others; reported as an error
        return Corpus(problems=[Problem("error", "extraction-failed",
                                        f"{path}: kg could not extract this file ({type(e).__name__}: {e}); "
                                        "please report it with the file", name)])


def worker_died(path: Path, reason: str) -> Corpus:
    """The record of a file whose worker process died (kg.parallel): the build goes on without it."""
    return Corpus(problems=[Problem("error", "worker-died", f"not read: {reason}; the other files were "
                                    "read (is the file very large? see kg build --max-file-mb)", path.name)])


def _merge(corpus: Corpus, part: Corpus) -> None:
    corpus.documents += part.documents
    corpus.duties += part.duties
    corpus.indicators += part.indicators
    corpus.entities += part.entities
    corpus.problems += part.problems


def _extract_file(path: Path, register, name: str | None = None) -> Corpus:
    """One file's records; nothing of a file that fails half-way reaches the corpus."""
    corpus = Corpus()
    source = read_source(path)
    source.name = name or source.name
    corpus.problems += [Problem("warning", code, message, source.name) for code, message in source.warnings]
    if source.empty_pages:
        pages = ", ".join(map(str, source.empty_pages))
        corpus.problems.append(Problem("warning", "empty-pages", f"PDF pages {pages} have no text layer "
                                       "(scanned?); their text is missing", source.name))
    cleaned = clean(source)
    docs = []
    for text in document_texts(cleaned, source):  # one at a time: a 50 MB file holds thousands
        corpus.problems += _shape_problems(text)
        _run_extractors(text, register, corpus)
        docs.append(text.document)
    if not docs:
        corpus.problems.append(Problem("warning", "no-document",
                                       "no policy document found (no title, number or addressee line)",
                                       source.name, 1))
    english_titles(docs, cleaned.toc)
    corpus.documents += docs
    return corpus


def documents_of(source: SourceText) -> list[DocumentText]:
    """A read file → its documents, each cleaned, split, described and given its provision tree."""
    return list(document_texts(clean(source), source))


def document_texts(cleaned: Cleaned, source: SourceText) -> Iterator[DocumentText]:
    """The documents of a cleaned file, made one by one as they are asked for."""
    for i, sl in enumerate(split(cleaned), start=1):
        doc = describe(cleaned, sl, i)
        text = DocumentText.of(cleaned, sl.start, sl.end, doc, place_of(doc, cleaned.text[sl.start:sl.end]),
                               format_of(source))
        text.head_found = sl.head_found
        doc.provisions = [p for _, _, p in text.provisions]
        yield text


def _shape_problems(text: DocumentText) -> list[Problem]:
    """What splitting noticed about a document's shape: no head found, a numbering path repeated."""
    out = [Problem("warning", "repeated-provision", f"{text.key}: provision {path!r} is numbered again here; "
                   f"kept as {path}#2…", text.source_file, line) for path, line in text.repeated_paths]
    if not text.head_found:
        out.insert(0, Problem("warning", "no-document-head", "no document head (title with number, addressee "
                              "or metadata block) found: the whole file is read as one document, "
                              f"'{text.document.title or text.key}'", text.source_file, text.document.start_line))
    return out


_ROUTES = {Duty: "duties", Indicator: "indicators", Entity: "entities"}


def _run_extractors(doc: DocumentText, register, corpus: Corpus) -> None:
    """Every registered extractor on one document; one that raises becomes a problem of its own."""
    duties: list[Duty] = []
    for name, extractor in EXTRACTORS.items():
        try:
            facts, problems = extractor(doc, register)
        except Exception as e:  # noqa: BLE001 - one extractor failing must not lose the others' facts
            corpus.problems.append(Problem(
                "error", "extraction-failed",
                f"{doc.key}: the {name} extractor failed on this document ({type(e).__name__}: {e}); "
                "its other facts are kept; please report it with the file", doc.source_file,
                doc.document.start_line))
            continue
        for fact in facts:
            getattr(corpus, _ROUTES[type(fact)]).append(fact)
            if isinstance(fact, Duty):
                duties.append(fact)
        corpus.problems += problems
    _drop_restated(corpus, duties)
    localise(duties, doc, register)


def _drop_restated(corpus: Corpus, duties: list[Duty]) -> None:
    """A duty "stated in running text" inside a clause's own span is that clause, read twice: keep
    the clause (由A会同B负责 is both a clause and running text)."""
    clauses = [d.span for d in duties if not d.stated_in_text]
    restated = {id(d) for d in duties if d.stated_in_text and any(
        c.start_line <= d.span.start_line and d.span.end_line <= c.end_line and d.span.text in c.text
        for c in clauses)}
    if restated:
        corpus.duties[:] = [d for d in corpus.duties if id(d) not in restated]
        duties[:] = [d for d in duties if id(d) not in restated]


def _report_unresolved(corpus: Corpus) -> None:
    """One warning per unresolved name (not per clause), at its first clause, counting the others."""
    seen: dict[str, list[Duty]] = {}
    kinds: dict[str, str] = {}
    for duty in corpus.duties:
        for party in duty.parties:
            collective = party.printed.startswith(("各", "有关", "相关"))
            if party.agency_id is None and not collective and party.kind in (
                    "unknown", "municipal", "district", "central", "party", "institution"):
                key = normalise_name(party.printed)
                kinds.setdefault(key, party.kind)
                clauses = seen.setdefault(key, [])
                if not clauses or clauses[-1] is not duty:  # a name twice in one clause counts once
                    clauses.append(duty)
    for key, duties in seen.items():
        first, n = duties[0], len(duties)
        docs = sorted({d.doc for d in duties})
        more = f" and {n - 1} other clause{'s' if n > 2 else ''} ({', '.join(docs)})" if n > 1 else ""
        corpus.problems.append(Problem(
            "warning", "unresolved-party",
            f"party '{key}' of {first.doc} {first.provision}{more} is not in the agency register and no local "
            f"short-form rule expands it (kept as an unresolved {kinds[key]} party)",
            first.span.source_file, first.span.start_line))


def _prepare_graph_stage() -> None:
    """Import the graph stage (pyoxigraph, rdflib) and compile the shapes while the workers read:
    this process would only wait for them (0.5 s of a bundled build's 2 s)."""
    from .graph import parts, writing  # noqa: F401 - imported for what importing them loads
    from .graph.shapes import compile_shapes

    compile_shapes()


def build(paths=None, out_dir: Path | str = "build", progress: Callable[[Path], None] | None = None,
          jsonld: bool = False, workers: int = 1, formats: Iterable[str] = ()) -> tuple[Corpus, dict]:
    """Extract, then write the build folder: corpus.json, report.json, graph.nq and the store, and
    the serialisations named in ``formats`` (trig, ttl, nt, jsonld)."""
    from .buildfolder import building
    from .report import write_outputs

    default_register()  # loaded once here, so forked workers inherit it
    with building(out_dir) as folder:  # entered first, so that new cache entries go to disk at once
        cache = ExtractCache(out_dir, into=folder)  # the previous build's records of unchanged files
        corpus = extract(paths, progress=progress, workers=workers, cache=cache, meanwhile=_prepare_graph_stage)
        report = write_outputs(corpus, Path(out_dir), jsonld=jsonld, keep=cache.save, workers=workers,
                               formats=formats, folder=folder, derive_meanwhile=cache.misses > 0)
    return corpus, report
