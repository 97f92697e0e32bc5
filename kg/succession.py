"""Policy succession: which agencies gained, kept or lost duties when a document was replaced.

A successor document renumbers and rewrites its provisions (the 2021 biomedicine opinions'
三.(一) "支持创新药研发" reappears in 2024 as 一.(五) "持续加大创新药研发支持力度"), so duties are
matched by what they say, not by their number: the similarity of two duties is the mean of the
character-bigram Jaccard similarity of their headings and of their provision texts (with the
responsibility clause cut off, so shared agency names do not count as shared content). Bigrams
rather than ``difflib`` because a successor often keeps the phrases but reorders them, which
difflib's longest-block matching punishes and a bag of bigrams does not.

A pair of duties matches when its similarity reaches ``threshold`` and it is the best partner of
at least one of the two, so one old duty split in two, or two merged into one, still match.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .agencies import Register, default_register
from .errors import InputError
from .model import Corpus, Duty, Party

DEFAULT_THRESHOLD = 0.18
"""Measured on the 2021 vs 2024 Shanghai biomedicine opinions: true successors scored 0.18–0.49,
the best unrelated pair 0.15; the notebook ``04_policy_succession`` shows the scores near it."""

PAIR_COLUMNS = ("old_provision", "old_heading", "new_provision", "new_heading", "similarity",
                "kept", "gained", "lost")
AGENCY_COLUMNS = ("agency", "agency_id", "old", "new", "kept", "gained", "lost", "led_old", "led_new")


@dataclass(frozen=True)
class Match:
    """Two duties judged to be the same task in the old and the new document."""

    old: int  # index into the old document's duties
    new: int  # index into the new document's duties
    similarity: float


def bigrams(text: str) -> set[str]:
    """The set of adjacent character pairs of ``text`` with whitespace removed."""
    squeezed = "".join(text.split())
    return {squeezed[i:i + 2] for i in range(len(squeezed) - 1)}


def jaccard(a: str, b: str) -> float:
    """Character-bigram Jaccard similarity in [0, 1]; 0 when both texts are empty."""
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def duty_content(duty: Duty) -> str:
    """The provision text a duty belongs to, without its responsibility clause."""
    text = duty.text or duty.heading
    if duty.label and duty.label in text:
        text = text[:text.rfind(duty.label)]
    return text.rstrip("(（[【 \n")


def similarity(old: Duty, new: Duty) -> float:
    """Mean of heading and content bigram similarity."""
    return (jaccard(old.heading, new.heading) + jaccard(duty_content(old), duty_content(new))) / 2


def match_duties(old: list[Duty], new: list[Duty], threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
    """Pairs at or above ``threshold`` that are the best partner of their old or their new duty."""
    scores = [[similarity(o, n) for n in new] for o in old]
    best_new = {i: max(range(len(new)), key=row.__getitem__) for i, row in enumerate(scores) if new}
    best_old = {j: max(range(len(old)), key=lambda i: scores[i][j]) for j in range(len(new)) if old}
    return [Match(i, j, round(scores[i][j], 3))
            for i in range(len(old)) for j in range(len(new))
            if scores[i][j] >= threshold and (best_new[i] == j or best_old[j] == i)]


def agency_key(party: Party) -> str:
    """Register id when the party resolved, else the name as printed (相关区政府)."""
    return party.agency_id or party.printed


def current_body(register: Register) -> Callable[[str], str]:
    """Agency key → the key of the body that now does its work, following the register's
    reorganisations (市地方金融监管局 → 市委金融办) when the chain never splits; else unchanged."""
    def follow(key: str) -> str:
        if key not in register:
            return key
        chain = [register.get(key), *register.successors(key)]
        if len(chain) == 1 or any(len(a.replaced_by) > 1 for a in chain):
            return key
        return chain[-1].id
    return follow


def _keys(duty: Duty, key_of: Callable[[str], str]) -> set[str]:
    return {key_of(agency_key(p)) for p in duty.parties}


def document_duties(corpus: Corpus, key: str, include_text: bool = False) -> list[Duty]:
    """The duties of one document, found by key or document number; duties stated only in running
    text are left out unless ``include_text``, as in :func:`kg.records.select_duties`.

    Raises:
        InputError: no document of the corpus has this key or number.
    """
    doc = next((d for d in corpus.documents if key in (d.key, d.doc_number)), None)
    if doc is None:
        known = ", ".join(d.doc_number or d.key for d in corpus.documents)
        raise InputError(f"no document {key!r} in the corpus; documents: {known}", where="compare_documents")
    return [d for d in corpus.duties if d.doc == doc.key and (include_text or not d.stated_in_text)]


def pairs_frame(corpus: Corpus, old_key: str, new_key: str, threshold: float = DEFAULT_THRESHOLD,
                include_text: bool = False) -> pd.DataFrame:
    """One row per matched pair of duties, with the agencies kept, gained and lost in the pair.

    Args:
        corpus: extracted records.
        old_key: key or number of the earlier document.
        new_key: key or number of the later document.
        threshold: the least similarity of a match.
        include_text: also compare duties stated only in running text.

    Returns:
        Columns ``PAIR_COLUMNS``, ordered by the old document's provisions.
    """
    old, new = document_duties(corpus, old_key, include_text), document_duties(corpus, new_key, include_text)
    rows = []
    for m in match_duties(old, new, threshold):
        o, n = old[m.old], new[m.new]
        was, now = _printed(o), _printed(n)
        rows.append({"old_provision": o.provision, "old_heading": o.heading, "new_provision": n.provision,
                     "new_heading": n.heading, "similarity": m.similarity,
                     "kept": [was[k] for k in was if k in now], "gained": [now[k] for k in now if k not in was],
                     "lost": [was[k] for k in was if k not in now]})
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def _printed(duty: Duty) -> dict[str, str]:
    return {agency_key(p): p.printed for p in duty.parties}


def compare_documents(corpus: Corpus, old_key: str, new_key: str, threshold: float = DEFAULT_THRESHOLD,
                      register: Register | None = None, follow_reorganisations: bool = True,
                      include_text: bool = False) -> pd.DataFrame:
    """Duties per agency kept, gained and lost from one document to its successor.

    An old duty of an agency is *kept* when a matching new duty names the agency too, else
    *lost*; a new duty of an agency is *gained* when no matching old duty names it. So
    ``kept + lost == old`` always, and ``kept + gained == new`` when matches are one to one.

    Args:
        corpus: extracted records.
        old_key: key or number of the earlier document.
        new_key: key or number of the later document.
        threshold: the least similarity of a match (see :func:`similarity`).
        register: the agency register (default: the bundled one).
        follow_reorganisations: count an old agency's duties under the body that replaced it
            (as the register records), so a renamed or merged office is not "lost" and "gained".
        include_text: also count duties stated only in running text.

    Returns:
        One row per agency named in either document, columns ``AGENCY_COLUMNS`` (``agency`` is
        the name as printed, the new document's form when both print it; ``led_old``/``led_new``
        count duties it leads), most duties first.

    Raises:
        InputError: either key names no document of the corpus.
    """
    old, new = document_duties(corpus, old_key, include_text), document_duties(corpus, new_key, include_text)
    matches = match_duties(old, new, threshold)
    partners_of_old, partners_of_new = defaultdict(list), defaultdict(list)
    for m in matches:
        partners_of_old[m.old].append(new[m.new])
        partners_of_new[m.new].append(old[m.old])
    key_of = current_body(register or default_register()) if follow_reorganisations else str
    counts: dict[str, dict] = defaultdict(lambda: dict.fromkeys(AGENCY_COLUMNS[2:], 0))
    names: dict[str, str] = {}
    _tally(new, partners_of_new, key_of, counts, names, "new", None, "gained", "led_new")
    _tally(old, partners_of_old, key_of, counts, names, "old", "kept", "lost", "led_old")
    rows = [{"agency": names[k], "agency_id": k if k != names[k] else None, **c} for k, c in counts.items()]
    frame = pd.DataFrame(rows, columns=AGENCY_COLUMNS)
    return frame.sort_values(["new", "old", "agency"], ascending=[False, False, True], ignore_index=True)


def _tally(duties: list[Duty], partners: dict[int, list[Duty]], key_of: Callable[[str], str], counts: dict,
           names: dict, total: str, found: str | None, missing: str, led: str) -> None:
    """Count, per agency, its duties in one document and whether a matched partner names it."""
    for index, duty in enumerate(duties):
        elsewhere = set().union(*(_keys(p, key_of) for p in partners.get(index, [])))
        for party in duty.parties:
            key = key_of(agency_key(party))
            names.setdefault(key, party.printed)
            row = counts[key]
            row[total] += 1
            row[led] += party.role == "lead"
            if key in elsewhere:
                if found:
                    row[found] += 1
            else:
                row[missing] += 1
