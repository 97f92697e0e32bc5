"""What changed between two builds: documents, duties and leads gained or lost, problems by code.

A change to a reader is measured on everything it reads, not only on the tests: build before and
after, then ``kg diff BEFORE AFTER``. Duties are matched by document, source file, line and their order on the line.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .corpus_io import load_corpus
from .model import Corpus, Duty


@dataclass
class BuildDiff:
    """The differences between build ``a`` and build ``b``."""

    documents_gained: list[str] = field(default_factory=list)
    documents_lost: list[str] = field(default_factory=list)
    duties_gained: list[str] = field(default_factory=list)
    duties_lost: list[str] = field(default_factory=list)
    leads_changed: list[str] = field(default_factory=list)
    parties_changed: list[str] = field(default_factory=list)
    problems: dict[str, tuple[int, int]] = field(default_factory=dict)  # code → (a, b), where they differ
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.documents_gained or self.documents_lost or self.duties_gained or self.duties_lost
                    or self.leads_changed or self.parties_changed or self.problems)


def _keyed(duties: list[Duty]) -> dict[tuple[str, str, int, int], Duty]:
    """Duties by (document, file, line, n-th clause on that line)."""
    seen: Counter = Counter()
    out = {}
    for d in duties:
        if d.stated_in_text:
            continue
        at = (d.doc, d.span.source_file, d.span.start_line)
        out[(*at, seen[at])] = d
        seen[at] += 1
    return out


def _label(d: Duty) -> str:
    lead = d.lead.printed if d.lead else "—"
    return f"{d.span.source_file}:{d.span.start_line} {d.doc} {d.provision} lead {lead}"


def diff_corpora(a: Corpus, b: Corpus, problems_a: Counter, problems_b: Counter) -> BuildDiff:
    """The differences between two corpora (and their problem counts by code)."""
    out = BuildDiff()
    docs_a, docs_b = {d.key for d in a.documents}, {d.key for d in b.documents}
    out.documents_gained, out.documents_lost = sorted(docs_b - docs_a), sorted(docs_a - docs_b)
    da, db = _keyed(a.duties), _keyed(b.duties)
    out.duties_gained = [_label(db[k]) for k in sorted(db.keys() - da.keys())]
    out.duties_lost = [_label(da[k]) for k in sorted(da.keys() - db.keys())]
    for k in sorted(da.keys() & db.keys()):
        x, y = da[k], db[k]
        if [p.printed for p in x.leads] != [p.printed for p in y.leads]:
            out.leads_changed.append(f"{_label(x)} → {', '.join(p.printed for p in y.leads) or '—'}")
        elif [p.printed for p in x.parties] != [p.printed for p in y.parties]:
            out.parties_changed.append(f"{_label(x)}: {len(x.parties)} → {len(y.parties)} parties")
    out.problems = {c: (problems_a[c], problems_b[c]) for c in sorted(problems_a.keys() | problems_b.keys())
                    if problems_a[c] != problems_b[c]}
    out.counts = {"documents": (len(a.documents), len(b.documents)), "duties": (len(da), len(db)),
                  "indicators": (len(a.indicators), len(b.indicators))}
    return out


def diff_builds(a: Path | str, b: Path | str) -> BuildDiff:
    """The differences between two build folders written by ``kg build``."""
    return diff_corpora(load_corpus(a), load_corpus(b), _problems(Path(a)), _problems(Path(b)))


def _problems(build: Path) -> Counter:
    report = json.loads((build / "report.json").read_text(encoding="utf-8"))
    return Counter(report.get("problems_by_code", {}))


def render(d: BuildDiff) -> str:
    """The diff as text: counts first, then each list."""
    lines = [f"{k}: {x} → {y}" for k, (x, y) in d.counts.items()]
    lines += [f"problems [{c}]: {x} → {y}" for c, (x, y) in d.problems.items()]
    for title, items in (("documents gained", d.documents_gained), ("documents lost", d.documents_lost),
                         ("duties gained", d.duties_gained), ("duties lost", d.duties_lost),
                         ("leads changed", d.leads_changed), ("parties changed", d.parties_changed)):
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines += [f"  {x}" for x in items]
    if d.empty:
        lines.append("no difference in documents, duties, leads or problems")
    return "\n".join(lines)
