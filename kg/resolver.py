"""One resolver for what users type: an agency or a document, for every command and the library.

Users name an agency by its short form (市科委), full name, register id (sh-stcsm) or IRI, and a
document by its number in whatever brackets their keyboard has (沪府办发[2024]8号, 【】, （）,
spaces), by its title or part of it, by its key or IRI (issue 19). Every command used to answer a
typo with an empty table and exit 0; here an unknown value is an :class:`~kg.errors.InputError`
(exit 2) that names the nearest known names, by edit distance and shared characters.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from .agencies import Agency, Register, default_register, normalise_name
from .documents.patterns import NUMBER, normalise_number
from .errors import InputError
from .model import Corpus, Document, Party

BASE = "https://w3id.org/kg-cn/"
_BRACKETS = str.maketrans({"【": "〔", "】": "〕", "[": "〔", "]": "〕", "［": "〔", "］": "〕",
                           "(": "〔", ")": "〕", "（": "〔", "）": "〕"})
_PUNCT = re.compile(r"[\s《》“”\"'‘’()（）〔〕\[\]【】,，、.。:：;；·—－-]+")
_NO_AGENCY = "; no similar name in the agency register (ontology/agencies.ttl) or the build"
_NO_DOC = "; no similar number or title (`kg docs` lists the documents)"


@dataclass(frozen=True)
class AgencyRef:
    """An agency as resolved: a register body (``id`` set) or a party only printed in the corpus."""

    id: str | None
    name: str  # the official full name, or the printed name of an unregistered party
    short: str  # the form to show: the short form typed or the register's first short form

    @property
    def label(self) -> str:
        return self.short if self.short == self.name else f"{self.short} ({self.name})"

    def matches(self, party: Party) -> bool:
        """True when ``party`` is this agency: same register id, or the same printed unresolved name."""
        if self.id is not None:
            return party.agency_id == self.id
        return party.agency_id is None and normalise_name(party.printed) == normalise_name(self.name)


@dataclass(frozen=True)
class DocRef:
    """A document as resolved: its key, and the record when the corpus has one."""

    key: str
    document: Document | None = None

    @property
    def label(self) -> str:
        doc = self.document
        return (doc.doc_number or doc.attached_title or doc.title or self.key) if doc else self.key


# ---- agencies ---------------------------------------------------------------------------------


def _ref(agency: Agency) -> AgencyRef:
    """The register body, shown by its shortest short form (市科委) whatever form was typed."""
    shorts = [s for s in agency.short_names if len(s) < len(agency.name)]
    return AgencyRef(agency.id, agency.name, min(shorts, key=len) if shorts else agency.name)


def _unresolved_names(corpus: Corpus | None) -> dict[str, str]:
    """Normalised → printed name of every party the register does not know, as the corpus prints it."""
    if corpus is None:
        return {}
    names: dict[str, str] = {}
    for duty in corpus.duties:
        for p in duty.parties:
            if p.agency_id is None:
                names.setdefault(normalise_name(p.printed), p.printed)
    return names


def _printed_bodies(corpus: Corpus | None, name: str, register: Register) -> list[str]:
    """Ids the corpus resolved a party printed or named ``name`` to (广州市 body for 市发展改革委)."""
    if corpus is None:
        return []
    key = normalise_name(name)
    ids = {p.agency_id for d in corpus.duties for p in d.parties if p.agency_id}
    return sorted({p.agency_id for d in corpus.duties for p in d.parties
                   if p.agency_id and normalise_name(p.printed) == key}
                  | {i for i in ids if i.startswith("loc-") and normalise_name(register.get(i).name) == key})


def resolve_agency(value: str, corpus: Corpus | None = None, register: Register | None = None) -> AgencyRef:
    """The agency ``value`` names: short form, full name, register id, IRI, or a printed party name.

    Args:
        value: what the user typed.
        corpus: when given, parties the register does not know are found by their printed name.
        register: default: the bundled register.

    Raises:
        InputError: nothing matches (the message suggests the nearest names), or the name denotes
            several bodies over time.
    """
    register = register or default_register()
    text = value.strip()
    if text.startswith(BASE + "agency/"):
        text = unquote(text.removeprefix(BASE + "agency/"))
    elif text.startswith(BASE + "party/"):
        text = unquote(text.removeprefix(BASE + "party/"))
    if text in register:
        return _ref(register.get(text))
    found = register.resolve(text)
    printed = _printed_bodies(corpus, text, register)
    if len(printed) == 1 and (found is None or found.id not in printed):
        found = register.get(printed[0])  # the corpus prints it for another city's body (issue 15)
    if found is not None:
        return _ref(found)
    several = register.candidates(text)
    if several:
        raise InputError(f"agency {value!r} names several bodies over time: "
                         f"{', '.join(f'{a.id} ({a.name})' for a in several)}; give the register id")
    printed = _unresolved_names(corpus).get(normalise_name(text))
    if printed:
        return AgencyRef(None, printed, printed)
    raise InputError(f"no agency {value!r}{_hint(text, _agency_choices(register, corpus), _NO_AGENCY)}")


def _agency_choices(register: Register, corpus: Corpus | None) -> dict[str, str]:
    """Every name an agency may be typed as → how a suggestion shows it."""
    choices: dict[str, str] = {}
    for a in register:
        for name in (*a.names, a.id):
            choices.setdefault(name, _ref(a).label)
    for printed in _unresolved_names(corpus).values():
        choices.setdefault(printed, printed)
    return choices


# ---- documents --------------------------------------------------------------------------------


def normalise_doc_number(text: str) -> str | None:
    """沪府办发[2024]8号, 【】, （）, full-width digits or spaces → 沪府办发〔2024〕8号; None if not a number."""
    plain = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    match = NUMBER.fullmatch(re.sub(r"\s+", "", plain))
    return normalise_number(*match.groups()) if match else None


def _loose(text: str | None) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))


def _titles(doc: Document) -> list[str]:
    return [t for t in (doc.title, doc.attached_title, doc.english_title) if t]


def _names(doc: Document) -> list[str]:
    """What a part typed may be a part of: the titles and the number."""
    return [*_titles(doc), *([doc.doc_number] if doc.doc_number else [])]


def resolve_document(value: str, corpus: Corpus) -> DocRef:
    """The document ``value`` names: key, number (any brackets), IRI, title or a unique part of it.

    Raises:
        InputError: no document matches (with the nearest numbers and titles), or a part of a title
            matches several documents (they are listed).
    """
    text = value.strip()
    if text.startswith(BASE + "doc/"):
        text = unquote(text.removeprefix(BASE + "doc/").split("/")[0])
    number = normalise_doc_number(text)
    for doc in corpus.documents:
        if text in (doc.key, doc.doc_number) or (number and number in (doc.key, doc.doc_number)):
            return DocRef(doc.key, doc)
    if any(d.doc == text for d in corpus.duties):
        return DocRef(text)
    wanted = _loose(text)
    if not wanted:
        raise InputError("an empty document name")
    exact = [d for d in corpus.documents if any(_loose(t) == wanted for t in _titles(d))]
    partial = exact or [d for d in corpus.documents if any(wanted in _loose(t) for t in _names(d))]
    if len(partial) == 1:
        return DocRef(partial[0].key, partial[0])
    if len(partial) > 1:
        listed = "; ".join(f"{d.key} ({d.attached_title or d.title})" for d in partial[:8])
        raise InputError(f"{value!r} matches {len(partial)} documents: {listed}; give more of the title or the number")
    raise InputError(f"no document {value!r}{_hint(text, _document_choices(corpus), _NO_DOC)}")


def _document_choices(corpus: Corpus) -> dict[str, str]:
    choices: dict[str, str] = {}
    for doc in corpus.documents:
        title = doc.attached_title or doc.title or ""
        shown = f"{doc.doc_number or doc.key} ({title})" if title else doc.key
        for name in (doc.key, doc.doc_number, *_titles(doc)):
            if name:
                choices.setdefault(name, shown)
    return choices


# ---- suggestions ------------------------------------------------------------------------------


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute), character by character."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def nearest(typed: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """The names closest to ``typed``: small edit distance relative to length, many shared characters.

    A name qualifies when it is within a third of its length in edits, contains or is contained in
    what was typed, or shares half its characters while being less than half rewritten; so 市科卫
    finds 市科委 and nonsense finds nothing rather than noise.
    """
    key = normalise_name(typed).lower()
    scored = []
    for name in set(names):
        other = normalise_name(name).lower()
        if not other:
            continue
        distance = edit_distance(key, other)
        shared = len(set(key) & set(other)) / len(set(key) | set(other))
        contained = len(key) >= 2 and (key in other or other in key)
        similar = shared >= 0.5 and distance <= max(len(key), len(other)) // 2
        if distance <= max(1, len(other) // 3) or similar or contained:
            scored.append((distance - 2 * shared - contained, len(other), name))
    return [name for *_, name in sorted(scored)[:limit]]


def _hint(typed: str, choices: dict[str, str], otherwise: str = "") -> str:
    shown: list[str] = []
    for name in nearest(typed, choices, limit=6):
        if choices[name] not in shown:
            shown.append(choices[name])
    return f"; did you mean {', '.join(shown[:3])}?" if shown else otherwise
