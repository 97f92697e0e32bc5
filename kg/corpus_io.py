"""Save and load a Corpus as JSON in the build folder, so reading commands need no re-parse."""
from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

from .errors import BuildNotFound
from .model import Amount, Corpus, Document, Duty, Entity, Funding, Indicator, Party, Problem, Provision, Span

CORPUS_FILE = "corpus.json"


def _default(o):
    if isinstance(o, date):
        return o.isoformat()
    raise TypeError(f"not serialisable: {type(o)}")


def save_corpus(corpus: Corpus, build_dir: Path) -> Path:
    """Write ``corpus.json`` as a stream, one record per line: memory stays that of one record
    (``json.dumps`` of the whole corpus held a second, larger copy of it as one string; issue 16)."""
    path = Path(build_dir) / CORPUS_FILE
    fields = sorted(f.name for f in dataclasses.fields(corpus))
    with path.open("w", encoding="utf-8") as out:
        out.write("{")
        for i, name in enumerate(fields):
            out.write(f'{"," if i else ""}\n"{name}": [')
            for j, item in enumerate(getattr(corpus, name)):
                value = dataclasses.asdict(item) if dataclasses.is_dataclass(item) else item
                out.write(("," if j else "") + "\n")
                out.write(json.dumps(value, ensure_ascii=False, default=_default, sort_keys=True))
            out.write("\n]")
        out.write("\n}\n")
    return path


def load_corpus(build_dir: Path | str = "build") -> Corpus:
    """The Corpus of a build folder; BuildNotFound with a hint when there is none."""
    path = Path(build_dir) / CORPUS_FILE
    if not path.exists():
        raise BuildNotFound(f"no build found in '{build_dir}' (run `kg build` first, "
                            "or pass --build-dir)")
    d = json.loads(path.read_text(encoding="utf-8"))
    return Corpus(
        documents=[_document(x) for x in d["documents"]],
        duties=[_duty(x) for x in d["duties"]],
        indicators=[_indicator(x) for x in d.get("indicators", [])],
        entities=[_entity(x) for x in d.get("entities", [])],
        problems=[Problem(**x) for x in d.get("problems", [])],
        files=d.get("files", []),
    )


def _day(v):
    return date.fromisoformat(v) if v else None


def _document(x: dict) -> Document:
    x = dict(x)
    x["span"] = Span(**x["span"])
    x["provisions"] = [Provision(**{**p, "span": Span(**p["span"])}) for p in x.get("provisions", [])]
    for k in ("signed_date", "effective_from", "expires_on", "published"):
        x[k] = _day(x.get(k))
    return Document(**x)


def _duty(x: dict) -> Duty:
    return Duty(**{**x, "parties": [Party(**p) for p in x["parties"]], "span": Span(**x["span"]),
                   "deadline": _day(x.get("deadline"))})


def _indicator(x: dict) -> Indicator:
    return Indicator(**{**x, "leads": [Party(**p) for p in x["leads"]], "span": Span(**x["span"])})


def _entity(x: dict) -> Entity:
    funds = [Funding(**{**f, "span": Span(**f["span"]), "amounts": [Amount(**a) for a in f["amounts"]]})
             for f in x.get("funds", [])]
    return Entity(**{**x, "span": Span(**x["span"]), "agencies": [Party(**p) for p in x["agencies"]],
                     "amounts": [Amount(**a) for a in x["amounts"]], "funds": funds,
                     "administered_by": [Party(**p) for p in x.get("administered_by", [])]})
