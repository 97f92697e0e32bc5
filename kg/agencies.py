"""The agency register: official names, short forms, kinds and history of the bodies kg knows.

The register itself is data (``ontology/agencies.ttl``, W3C ORG + SKOS); this module only reads
it into plain dataclasses and answers exact look-ups. Resolution never guesses: a printed name
resolves only when it equals an official name or a registered short form after normalisation
(NFKC, spaces removed) or after the one general rule "<home city>X ⇄ 市X" (上海市科委 ⇄ 市科委,
中共上海市委组织部 ⇄ 市委组织部), where the home city is read from the register's municipal
government entries, so a register for another city works unchanged.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.resources import ontology_file

# The terms the register is read by, as plain IRIs: reading it needs no rdflib (0.2 s of every
# command's start, `kg query` and `kg --help` included).
_KG, _SKOS, _ORG = "https://w3id.org/kg-cn/ontology#", "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/org#"
_DCT, _SCHEMA = "http://purl.org/dc/terms/", "https://schema.org/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

_SPACES = re.compile(r"\s+")
# Look-ups remembered per register: a corpus prints the same few hundred names thousands of times
# (issue 17: resolution was ~4 % of extraction). Bounded, so a corpus of odd names cannot grow it.
_MEMO_SIZE = 16384


@dataclass(frozen=True)
class Agency:
    """One body of the register. ``kind`` is the local name of its kg:agencyKind term."""

    id: str
    name: str
    name_en: str
    kind: str
    short_names: tuple[str, ...] = ()
    parent: str | None = None
    replaced_by: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    valid_from: date | None = None  # only when the founding day is known
    valid_to: date | None = None  # only when the dissolution day is known
    jurisdiction: str | None = None  # inferred bodies: the place whose short form they expand (广州市)
    inferred: bool = False  # True: not in the register, expanded by the local short-form rule

    def valid_on(self, on: date) -> bool:
        """True unless a known founding/dissolution day puts ``on`` outside the body's life."""
        if self.valid_from and on < self.valid_from:
            return False
        return not (self.valid_to and on >= self.valid_to)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.short_names)


@lru_cache(maxsize=_MEMO_SIZE)
def normalise_name(name: str) -> str:
    """Lookup key of a printed name: NFKC (full-width → ASCII) and every space removed.

    Cached: every clause party, table cell and graph node asks for the key of a name seen before.
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", name))


class Register:
    """The agencies, indexed by every name they are printed under."""

    def __init__(self, agencies: Iterable[Agency], source: str = "<memory>"):
        self.source = source
        self._by_id: dict[str, Agency] = {}
        for agency in agencies:
            if agency.id in self._by_id:
                raise InputError(f"agency id {agency.id!r} defined twice", source)
            self._by_id[agency.id] = agency
        self._check_links()
        self._home_prefixes = self._find_home_prefixes()
        self._index = self._build_index()
        # The register does not change once built, so a name's answer is the same every time.
        # Agencies are frozen, so the remembered tuples and agencies can be shared.
        self._candidates = lru_cache(maxsize=_MEMO_SIZE)(self._find_candidates)
        self._resolved = lru_cache(maxsize=_MEMO_SIZE)(self._resolve)

    # ---- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None) -> Register:
        """Read a register from Turtle (default: the bundled ``ontology/agencies.ttl``).

        Raises:
            InputError: the file is missing, is not Turtle, or an entry lacks a zh/en name or kind.
        """
        path = Path(path) if path else ontology_file("agencies.ttl")
        if not path.is_file():
            raise InputError("agency register not found", str(path))
        graph = _parse_turtle(path)
        subjects = set(graph.subjects(_RDF_TYPE, _ORG + "Organization")) | set(graph.subjects(_KG + "agencyKind"))
        kinds = {_local_name(k) for k in graph.subjects(_SKOS + "inScheme", _KG + "AgencyKind")}
        return cls((_agency_from(graph, s, kinds, str(path)) for s in sorted(subjects, key=str)),
                   source=str(path))

    # ---- look-ups --------------------------------------------------------------------------

    def get(self, agency_id: str) -> Agency:
        """The agency with this id, register or inferred (``loc-…``); KeyError naming the id when none."""
        try:
            return self._by_id[agency_id]
        except KeyError:
            found = _inferred(agency_id)
            if found is None:
                raise KeyError(f"no agency with id {agency_id!r} in {self.source}") from None
            return found

    def candidates(self, name: str) -> tuple[Agency, ...]:
        """Every agency printed under ``name`` (usually one; several only across reorganisations)."""
        return self._candidates(name)

    def _find_candidates(self, name: str) -> tuple[Agency, ...]:
        key = normalise_name(name)
        ids = self._index.get(key) or self._index.get(self._home_form(key) or "", ())
        return tuple(self._by_id[i] for i in ids)

    def resolve(self, name: str, on: date | None = None, jurisdiction: str | None = None) -> Agency | None:
        """The agency a printed name denotes, or None when the name is not registered.

        ``on`` (the document's date) only chooses between bodies that were printed under the same
        name at different times; a name with one body resolves to it whatever the date, because the
        text printed it. Without a date, the current (not replaced) body wins. Still ambiguous → None.

        ``jurisdiction`` is where the document was issued (广州市). Outside the home city a home
        body counts only when the name says so (上海市科委); otherwise the local short-form rule of
        kg.documents.jurisdiction expands the name into an inferred body of that jurisdiction, or
        the name stays unresolved. None (central documents, or unknown) and the home city: as before.
        """
        return self._resolved(name, on, jurisdiction)

    def _resolve(self, name: str, on: date | None, jurisdiction: str | None) -> Agency | None:
        found = self.candidates(name)
        if jurisdiction and jurisdiction not in self._home_prefixes:
            key = normalise_name(name)
            found = tuple(a for a in found if not self.is_home_body(a)
                          or any(stem in key for stem in self._home_stems()))
            if not found:
                return _infer(key, jurisdiction)
        if len(found) > 1 and on is not None:
            found = tuple(a for a in found if a.valid_on(on))
        if len(found) > 1:
            found = tuple(a for a in found if not a.replaced_by) or found
        return found[0] if len(found) == 1 else None

    def successors(self, agency_id: str) -> tuple[Agency, ...]:
        """The bodies that took over from this one, nearest first (the chain of dct:isReplacedBy)."""
        seen: list[str] = []
        queue = list(self.get(agency_id).replaced_by)
        while queue:
            nxt = queue.pop(0)
            if nxt not in seen and nxt != agency_id:
                seen.append(nxt)
                queue.extend(self._by_id[nxt].replaced_by)
        return tuple(self._by_id[i] for i in seen)

    def is_home_body(self, agency: Agency) -> bool:
        """True for a body of the home city (its name holds 上海), as opposed to a central one."""
        return not agency.inferred and any(stem in agency.name for stem in self._home_stems())

    def _home_stems(self) -> tuple[str, ...]:
        return tuple(p.removesuffix("市") for p in self._home_prefixes)

    def names(self) -> dict[str, tuple[str, ...]]:
        """Lookup key → agency ids, a copy of the index (for reports and tests)."""
        return dict(self._index)

    def __iter__(self) -> Iterator[Agency]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, agency_id: object) -> bool:
        return agency_id in self._by_id or (isinstance(agency_id, str) and _inferred(agency_id) is not None)

    # ---- index -----------------------------------------------------------------------------

    def _check_links(self) -> None:
        for a in self._by_id.values():
            for linked in (a.parent, *a.replaced_by, *a.replaces):
                if linked is not None and linked not in self._by_id:
                    raise InputError(f"{a.id} links to unknown agency {linked!r}", self.source)

    def _find_home_prefixes(self) -> tuple[str, ...]:
        """'上海市' from '上海市人民政府': the city whose bodies print themselves as 市X."""
        return tuple(
            normalise_name(a.name).removesuffix("人民政府")
            for a in self._by_id.values()
            if a.kind == "MunicipalGovernment" and a.name.endswith("市人民政府")
        )

    def _home_form(self, key: str) -> str | None:
        """'市X' for '上海市X' and '市委X' for '中共上海市委X'; None if the key has no home prefix."""
        for prefix in self._home_prefixes:
            for lead in ("中共" + prefix, prefix):
                if key.startswith(lead) and len(key) > len(lead):
                    return "市" + key[len(lead):]
        return None

    def _build_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for a in self._by_id.values():
            for name in a.names:
                key = normalise_name(name)
                for k in (key, self._home_form(key)):
                    if k and a.id not in index.setdefault(k, []):
                        index[k].append(a.id)
        return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def default_register() -> Register:
    """The bundled register, read once per process."""
    return Register.load()


def _infer(name: str, jurisdiction: str) -> Agency | None:
    from kg.documents.jurisdiction import infer  # the rule sits with the documents' jurisdiction

    return infer(name, jurisdiction)


def _inferred(agency_id: str) -> Agency | None:
    if not agency_id.startswith("loc-"):
        return None
    from kg.documents.jurisdiction import inferred_agency

    return inferred_agency(agency_id)


# ---- reading one entry ----------------------------------------------------------------------


class _Triples:
    """The register file's triples, indexed by subject and predicate (all the reading needs)."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self._out: dict[tuple[str, str], list] = {}
        self._in: dict[tuple[str, str | None], list[str]] = {}
        for t in triples:
            obj = t.object
            self._out.setdefault((t.subject.value, t.predicate.value), []).append(obj)
            self._in.setdefault((t.predicate.value, None), []).append(t.subject.value)
            if isinstance(obj, ox.NamedNode):
                self._in.setdefault((t.predicate.value, obj.value), []).append(t.subject.value)

    def objects(self, subject: str, predicate: str) -> list:
        return self._out.get((subject, predicate), [])

    def value(self, subject: str, predicate: str):  # noqa: ANN201 - a pyoxigraph term or None
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def subjects(self, predicate: str, obj: str | None = None) -> list[str]:
        """Subjects with ``predicate`` to the IRI ``obj`` (None: to anything)."""
        return self._in.get((predicate, obj), [])


def _parse_turtle(path: Path) -> _Triples:
    """The register file's triples, parsed by Oxigraph (rdflib's Turtle parser took 0.5 s)."""
    try:
        return _Triples(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"cannot parse the agency register: {exc}", str(path)) from exc


def _agency_from(graph: _Triples, subject: str, kinds: set[str], source: str) -> Agency:
    where = f"{source}: {subject}"
    kind_term = graph.value(subject, _KG + "agencyKind")
    if kind_term is None:
        raise InputError("lacks kg:agencyKind", where)
    kind = _local_name(kind_term)
    if kind not in kinds:
        raise InputError(f"kg:agencyKind {kind!r} is not one of {sorted(kinds)}", where)
    ident = graph.value(subject, _DCT + "identifier")
    agency_id = ident.value if ident is not None else _local_name(subject)
    if agency_id != _local_name(subject):
        raise InputError(f"dct:identifier {agency_id!r} differs from the IRI's local name", where)
    return Agency(
        id=agency_id,
        name=_label(graph, subject, _SKOS + "prefLabel", "zh", where),
        name_en=_label(graph, subject, _SKOS + "prefLabel", "en", where),
        kind=kind,
        short_names=tuple(sorted(o.value for o in graph.objects(subject, _SKOS + "altLabel"))),
        parent=_optional_id(graph.value(subject, _ORG + "subOrganizationOf")),
        replaced_by=_ids(graph.objects(subject, _DCT + "isReplacedBy")),
        replaces=_ids(graph.objects(subject, _DCT + "replaces")),
        valid_from=_day(graph.value(subject, _SCHEMA + "foundingDate")),
        valid_to=_day(graph.value(subject, _SCHEMA + "dissolutionDate")),
    )


def _label(graph: _Triples, subject: str, predicate: str, lang: str, where: str) -> str:
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, ox.Literal) and o.language == lang]
    if len(values) != 1:
        raise InputError(f"needs exactly one {lang} skos:prefLabel, has {len(values)}", where)
    return values[0].value


def _local_name(iri: object) -> str:
    text = iri.value if isinstance(iri, ox.NamedNode | ox.Literal) else str(iri)
    return re.split(r"[/#]", text)[-1]


def _optional_id(iri: object) -> str | None:
    return _local_name(iri) if iri is not None else None


def _ids(iris: Iterable[object]) -> tuple[str, ...]:
    return tuple(sorted(_local_name(i) for i in iris))


def _day(value: object) -> date | None:
    """A founding/dissolution day; None for a year-only value (xsd:gYear), which cannot bound a date."""
    if isinstance(value, ox.Literal) and value.datatype.value == _XSD_DATE:
        try:
            return date.fromisoformat(value.value)
        except ValueError:
            return None
    return None
