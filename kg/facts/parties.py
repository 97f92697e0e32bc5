"""Parties of a responsibility clause: split the printed list, classify each party, resolve it.

"（责任单位：市科委、市经济信息化委）" names its parties in order, the first leading. This module
turns the text after the label into :class:`kg.model.Party` records: each party keeps its printed
form, gets a kind (municipal, district, district-collective, central, party, institution, other,
unknown) and, when the agency register knows it, the register id (or, in a document of another
jurisdiction, the id of a body the local short-form rule infers). The register decides first;
the genre patterns in ``party_kinds.toml`` (data, beside this module) only classify what the
register does not know, and never give an id: an unresolved party stays unresolved.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from kg.agencies import Agency, Register, default_register, normalise_name
from kg.errors import InputError
from kg.model import Party

if sys.version_info >= (3, 11):  # noqa: UP036 - pyproject still allows 3.10, which has no tomllib
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

RULES_FILE = Path(__file__).with_name("party_kinds.toml")
PARTY_KINDS = ("municipal", "district", "district-collective", "central", "party", "institution", "other",
               "unknown")
ROLES = ("lead", "co")

# Brackets and punctuation a clause extractor may leave at a party's edges: "市财政局）", "市科委。"
_EDGE_OPEN = "（("
_EDGE_CLOSE = "）)"
_TRAILING = "。.；;，,、：:"


@dataclass(frozen=True)
class PartyPattern:
    """A genre pattern: parties matching ``regex`` are of ``kind``; ``id`` names the rule."""

    id: str
    kind: str
    regex: re.Pattern[str]
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class PartyRules:
    """Everything ``party_kinds.toml`` says: separators, joiners, kind mapping, patterns.

    Compared (and hashed) by identity: each loaded file is its own rules, and a key of the
    classification cache (its dict of kinds could not be hashed by value).
    """

    separators: str
    joiners: tuple[str, ...]
    register_kinds: dict[str, str]
    patterns: tuple[PartyPattern, ...]

    @classmethod
    def load(cls, path: str | Path | None = None) -> PartyRules:
        """Read and check the rules file; InputError names the file and the faulty entry."""
        path = Path(path) if path else RULES_FILE
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"cannot read party rules: {exc}", str(path)) from exc
        patterns = tuple(_pattern(entry, str(path)) for entry in data.get("pattern", []))
        kinds = dict(data.get("register_kinds", {}))
        for agency_kind, kind in kinds.items():
            _check_kind(kind, f"{path}: register_kinds.{agency_kind}")
        split = data.get("split", {})
        return cls(split.get("separators", "、，,；;"), tuple(split.get("joiners", ())), kinds, patterns)

    @property
    def joiner_regex(self) -> re.Pattern[str]:
        ordered = sorted(self.joiners, key=len, reverse=True)
        return re.compile("(" + "|".join(map(re.escape, ordered)) + ")")


@dataclass(frozen=True)
class Classification:
    """A party's kind, the agency it resolved to (if any) and the rule that decided."""

    kind: str
    agency: Agency | None
    rule: str  # "register", "local-form" (an inferred body), a pattern id, or "none"


@lru_cache(maxsize=1)
def default_rules() -> PartyRules:
    """The bundled rules, read once per process."""
    return PartyRules.load()


# ---- splitting ------------------------------------------------------------------------------


def split_parties(raw: str, register: Register | None = None, rules: PartyRules | None = None) -> list[str]:
    """Split a printed party list into party names, in printed order.

    Splits on 、，,；; ; on spaces only where every spaced piece is a party by itself (a 牵头单位
    column "市医保局 市民政局"), otherwise the spaces are PDF justification and are removed
    ("市 发 展 改 革 委"); on 及/和/等 only where both sides are parties and the whole is not a
    registered name (上海市经济和信息化委员会 stays whole).

    Raises:
        ValueError: ``raw`` holds no party at all.
    """
    register = register or default_register()
    rules = rules or default_rules()
    pieces = re.split(f"[{re.escape(rules.separators)}]", raw)
    parties: list[str] = []
    for piece in pieces:
        piece = _trim(piece)
        if not piece:
            continue
        for spaced in _split_spaced(piece, register, rules):
            parties.extend(_split_joined(spaced, register, rules))
    if not parties:
        raise ValueError(f"no party in the party list {raw!r}")
    return parties


def _trim(piece: str) -> str:
    """Strip edge spaces, unbalanced edge brackets and trailing punctuation."""
    previous = None
    while piece != previous:
        previous = piece
        piece = piece.strip().rstrip(_TRAILING)
        if piece[:1] in _EDGE_OPEN and not any(c in piece for c in _EDGE_CLOSE):
            piece = piece[1:]
        if piece[-1:] in _EDGE_CLOSE and not any(c in piece for c in _EDGE_OPEN):
            piece = piece[:-1]
    return piece


def _split_spaced(piece: str, register: Register, rules: PartyRules) -> list[str]:
    tokens = piece.split()
    joined = "".join(tokens)
    if len(tokens) == 1 or register.resolve(joined) is not None:
        return [joined]
    if all(len(t) >= 3 and _classify(t, register, rules).kind != "unknown" for t in tokens):
        return tokens
    return [joined]


def _split_joined(piece: str, register: Register, rules: PartyRules) -> list[str]:
    """Split on joiners into the finest sequence of pieces that are each a party; else keep whole."""
    if register.resolve(piece) is not None:
        return [piece]
    tokens = rules.joiner_regex.split(piece) if rules.joiners else [piece]
    words, joins = tokens[0::2], tokens[1::2]
    best: list[list[str] | None] = [[]] + [None] * len(words)
    for end in range(1, len(words) + 1):
        for start in range(end):
            head = best[start]
            segment = _rejoin(words, joins, start, end)
            if head is None or not segment or not _is_party(segment, register, rules):
                continue
            if best[end] is None or len(head) + 1 > len(best[end]):
                best[end] = [*head, segment]
    return best[-1] or [piece]


def _rejoin(words: list[str], joins: list[str], start: int, end: int) -> str:
    """words[start:end] with the joiners printed between them."""
    return "".join(w + (joins[i] if i < end - 1 else "") for i, w in enumerate(words[start:end], start))


def _is_party(name: str, register: Register, rules: PartyRules) -> bool:
    return _classify(name, register, rules).kind != "unknown"


# ---- classifying ----------------------------------------------------------------------------


def classify(printed: str, register: Register | None = None, on: date | None = None) -> str:
    """The kind of one printed party: the register's kind if it resolves, else a genre pattern's.

    Returns one of ``PARTY_KINDS``; "unknown" when neither the register nor a pattern knows it.
    """
    return explain(printed, register, on).kind


def explain(printed: str, register: Register | None = None, on: date | None = None,
            rules: PartyRules | None = None, jurisdiction: str | None = None) -> Classification:
    """Like :func:`classify`, also giving the resolved agency and the deciding rule.

    ``jurisdiction`` is where the document was issued (广州市; None: central or the home city):
    outside the home city a local short form resolves to an inferred body of that jurisdiction
    (see kg.documents.jurisdiction) or not at all, never to the home city's body.
    """
    return _classify(printed, register or default_register(), rules or default_rules(), on, jurisdiction)


@lru_cache(maxsize=16384)
def _classify(printed: str, register: Register, rules: PartyRules, on: date | None = None,
              jurisdiction: str | None = None) -> Classification:
    """The classification of one printed name, remembered: a corpus prints the same names over
    and over, and the answer depends only on the name, the register, the rules, the date and the
    jurisdiction (issue 17: classifying was the largest single cost of reading clauses). The
    register and the rules are keys by identity; a Classification (and its Agency) is frozen."""
    key = normalise_name(_trim(printed))
    agency = register.resolve(key, on, jurisdiction)
    if agency is not None:
        kind = rules.register_kinds.get(agency.kind)
        if kind is None:
            raise InputError(f"agency kind {agency.kind!r} has no party kind in [register_kinds]",
                             str(RULES_FILE))
        return Classification(kind, agency, "local-form" if agency.inferred else "register")
    for pattern in rules.patterns:
        if pattern.regex.search(key):
            return Classification(pattern.kind, None, pattern.id)
    return Classification("unknown", None, "none")


# ---- records --------------------------------------------------------------------------------


def to_party(printed: str, register: Register | None = None, role: str = "co",
             on: date | None = None, jurisdiction: str | None = None) -> Party:
    """A :class:`Party` for one printed party: kind, and register id when it resolves.

    Collective parties (各区政府) and unregistered ones get a kind but ``agency_id`` None. In a
    document of another jurisdiction (``jurisdiction``, e.g. 广州市) a local short form gets the
    id of an inferred body of that jurisdiction (``loc-…``) when the local short-form rule expands it.

    Raises:
        ValueError: ``role`` is not "lead" or "co".
    """
    if role not in ROLES:
        raise ValueError(f"party role must be one of {ROLES}, not {role!r}")
    found = _classify(printed, register or default_register(), default_rules(), on, jurisdiction)  # as explain
    agency_id = found.agency.id if found.agency else None
    return Party(printed=printed, kind=found.kind, agency_id=agency_id, role=role)


def parties_of(raw: str, register: Register | None = None, on: date | None = None,
               jurisdiction: str | None = None) -> list[Party]:
    """Split a clause's party list; the first party leads, the rest are co-responsible."""
    names = split_parties(raw, register)
    return [to_party(n, register, "lead" if i == 0 else "co", on, jurisdiction) for i, n in enumerate(names)]


# ---- rules file helpers ---------------------------------------------------------------------


def _pattern(entry: dict, source: str) -> PartyPattern:
    where = f"{source}: pattern {entry.get('id', '?')!r}"
    try:
        regex = re.compile(entry["regex"])
        pattern = PartyPattern(entry["id"], entry["kind"], regex, tuple(entry.get("examples", ())))
    except KeyError as exc:
        raise InputError(f"pattern lacks {exc}", where) from exc
    except re.error as exc:
        raise InputError(f"bad regex: {exc}", where) from exc
    _check_kind(pattern.kind, where)
    return pattern


def _check_kind(kind: str, where: str) -> None:
    if kind not in PARTY_KINDS:
        raise InputError(f"party kind {kind!r} is not one of {PARTY_KINDS}", where)
