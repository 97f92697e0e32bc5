"""Programmes, funds and platforms named by a document → :class:`~kg.model.Entity` records.

A name is taken when it is in the register (``ontology/programmes.ttl``) or when the genre patterns
of ``programme_forms.toml`` make it a proper noun phrase: a name ending (…基金, …专项资金, …专项,
…平台 …) with a place prefix (上海市…, 市…) or a quoted part (“大零号湾”发展专项资金), possibly
after a verb that states the relation (设立 → creates). A list shares its first item's prefix
("发挥上海生物医药产业母基金、生物医药产业股权投资基金和…作用"). Words ending in 平台 without such
a prefix, names inside 《》 titles and names of agencies are never taken.

Entities are linked to the agencies of the responsibility clause of their provision, to the
register's responsible agency, and to amounts printed in the same sentence. :func:`merge_entities`
gives the same fund printed in two documents one id.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..documents.doctext import DocumentText
from ..errors import InputError
from ..model import Amount, Entity, Party, Problem
from ..provisions.tree import innermost
from ..resources import ontology_file
from .amounts import find_amounts
from .clauses import first_clause_parties
from .funds import link_funds
from .parties import explain, to_party

FORMS_FILE = Path(__file__).with_name("programme_forms.toml")
_RELATION_RANK = {"mentions": 0, "funds": 1, "creates": 2}
# A sentence: runs of characters that end none, and decimal points (a run at once, not one
# character per repetition: the same sentences, 3× faster).
_SENTENCE = re.compile(r"(?:[^。；;\n.]+|(?<=\d)\.(?=\d))+")
_SPACE = re.compile(r"\s")
_SPACE_OR_QUOTE = re.compile(r"[\s“]")
_UNQUOTED = re.compile(r"[\s“”\"]")


@dataclass(frozen=True)
class Known:
    """One register entry."""

    id: str
    kind: str
    name: str
    labels: tuple[str, ...]
    agencies: tuple[str, ...]


@dataclass
class _Forms:
    endings: dict[str, str]
    triggers: dict[str, str]
    place: tuple[str, ...]
    home: tuple[str, ...]
    not_place: tuple[str, ...]
    trigger_required: tuple[str, ...]
    not_names: re.Pattern
    min_qualifier: int
    stops: str
    ending_re: re.Pattern
    place_rule: re.Pattern
    naming_verbs: tuple[str, ...]
    naming_min_qualifier: int
    naming_endings: tuple[str, ...]
    prepositions: tuple[str, ...]
    not_followed_by: tuple[str, ...]
    trigger_words: tuple[str, ...]  # the keys of triggers, for one endswith over all of them
    stop_re: re.Pattern  # a left stop or a line end, searched in the reversed text before a name
    trigger_re: re.Pattern  # any trigger word: one search tells a name printed after none of them


@lru_cache(maxsize=1)
def forms(path: Path = FORMS_FILE) -> _Forms:
    """The bundled naming patterns, read once."""
    d = tomllib.loads(path.read_text(encoding="utf-8"))
    endings = dict(sorted(d["endings"].items(), key=lambda kv: -len(kv[0])))
    alt = "|".join(re.escape(e) for e in endings)
    n = d["names"]
    return _Forms(endings, d["triggers"], tuple(n["place_prefixes"]), tuple(n["home_prefixes"]), tuple(n["not_place"]),
                  tuple(n["trigger_required"]), re.compile(n["not_names"]),
                  n["min_qualifier"], n["left_stops"], re.compile(f"(?:{alt})"), re.compile(n["place_rule"]),
                  tuple(n["naming_verbs"]), n["naming_min_qualifier"], tuple(n["naming_endings"]),
                  tuple(n["left_prepositions"]), tuple(n["not_followed_by"]), tuple(d["triggers"]),
                  re.compile("[" + "".join(map(re.escape, n["left_stops"] + "\n")) + "]"),
                  re.compile("|".join(map(re.escape, d["triggers"])) or "(?!)"))


@lru_cache(maxsize=1)
def known(path: Path | None = None) -> tuple[Known, ...]:
    """The register of ``ontology/programmes.ttl``, parsed by Oxigraph (importing rdflib and
    parsing with it took 0.3 s of every build).

    Raises:
        InputError: the file is missing or not Turtle, or an entry lacks a label or kind.
    """
    path = path or ontology_file("programmes.ttl")
    try:
        triples = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"cannot parse the programme register: {exc}", str(path)) from exc
    objects: dict[tuple[str, str], list] = {}
    for t in triples:
        objects.setdefault((t.subject.value, t.predicate.value), []).append(t.object)
    out = []
    for s in sorted({t.subject.value for t in triples if t.predicate.value == _ENTITY_KIND}):
        zh = [o.value for o in objects.get((s, _PREF_LABEL), []) if isinstance(o, ox.Literal) and o.language == "zh"]
        kind = objects.get((s, _ENTITY_KIND))
        if not zh or not kind:
            raise InputError(f"entry {s} lacks a zh prefLabel or kg:entityKind", str(path))
        alts = tuple(o.value for o in objects.get((s, _ALT_LABEL), []))
        agencies = tuple(a.value.rsplit("/", 1)[-1] for a in objects.get((s, _RESPONSIBLE), []))
        identifier = objects.get((s, _IDENTIFIER))
        ident = identifier[0].value if identifier else s.rsplit("/", 1)[-1]
        out.append(Known(ident, kind[0].value, zh[0], (zh[0], *alts), agencies))
    return tuple(out)


_KG = "https://w3id.org/kg-cn/ontology#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ENTITY_KIND, _RESPONSIBLE = _KG + "entityKind", _KG + "responsibleAgency"
_PREF_LABEL, _ALT_LABEL = _SKOS + "prefLabel", _SKOS + "altLabel"
_IDENTIFIER = "http://purl.org/dc/terms/identifier"


def merge_key(name: str) -> str:
    """The name without spaces, quotes and home-city prefix: 上海生物医药产业股权投资基金 → 生物医药产业股权投资基金."""
    key = _UNQUOTED.sub("", name)
    if key.startswith(forms().not_place):
        return key
    for prefix in sorted(forms().home, key=len, reverse=True):
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix):]
    return key


@lru_cache(maxsize=1)
def _known_by_key() -> dict[str, Known]:
    return {merge_key(label): k for k in known() for label in k.labels}


# ---- finding ----------------------------------------------------------------------------------


def find_entities(doc: DocumentText, register) -> tuple[list[Entity], list[Problem]]:
    """Programmes, funds and platforms of the document, one per id.

    Args:
        doc: the document, with its cleaned text and provisions.
        register: agency register for the linked agencies.

    Returns:
        (entities, problems): entities in order of first mention, each with its agencies, amounts
        and strongest relation.
    """
    cleaned, start, end, located, doc_key = doc.cleaned, doc.start, doc.end, doc.provisions, doc.key
    text = cleaned.text
    mentions = _register_mentions(text, start, end) + _pattern_mentions(text, start, end)
    mentions.sort()
    kept: list[tuple[int, int, Entity]] = []
    for pos, stop, name, kind, relation in mentions:
        if any(a <= pos < b for a, b, *_ in mentions if (a, b) != (pos, stop) and a <= pos and stop <= b
               and b - a > stop - pos):
            continue  # a shorter name inside a longer one already taken
        kept.append((pos, stop, _entity(cleaned, pos, stop, name, kind, relation, doc_key, located, register)))
    link_funds(doc, kept, register)
    by_id: dict[str, Entity] = {}
    for _, _, entity in kept:
        _add(by_id, entity)
    return list(by_id.values()), []


def _register_mentions(text: str, start: int, end: int) -> list[tuple[int, int, str, str, str]]:
    out = []
    for pattern, label, kind in _label_patterns():
        for m in pattern.finditer(text, start, end):
            pos = m.start()
            out.append((pos, pos + len(label), label, kind, _relation_before(text, pos)))
    return out


@lru_cache(maxsize=1)
def _label_patterns() -> tuple[tuple[re.Pattern, str, str], ...]:
    """(pattern, label, kind) of every register label, compiled once: each document is searched
    for each of them, within its bounds (no copy of the document's text per label)."""
    return tuple((re.compile(re.escape(label)), label, k.kind) for k in known() for label in k.labels)


def _pattern_mentions(text: str, start: int, end: int) -> list[tuple[int, int, str, str, str]]:
    f = forms()
    out = []
    inherited = False
    for m in f.ending_re.finditer(text, start, end):
        if _inside_title(text, m.start(), start) or text.startswith(f.not_followed_by, m.end()):
            continue
        left = _left_edge(text, m.start(), max(start, m.start() - 40), f)
        quoted = _quoted_start(text, left, start)
        left = quoted if quoted is not None else left
        run = _SPACE.sub("", text[left:m.end()])
        name, relation, triggered = _after_trigger(run)
        name = next((name[len(w):] for w in f.prepositions if name.startswith(w) and len(name) > len(w) + 4), name)
        if not triggered:
            relation = _relation_before(text, left)
            triggered = relation != "mentions" or _triggered_before(text, left)
        quoted_whole = text[left - 1:left] == "“" and text[m.end():m.end() + 1] == "”"
        listed = text[left - 1:left] in "、和及与"
        inherited = inherited and listed
        qualifier = len(name) - len(m.group(0))
        placed = (name.startswith(f.place) or bool(f.place_rule.match(name))) and not name.startswith(f.not_place)
        quoted = "“" in name or quoted_whole
        proper = quoted or placed or (listed and inherited) or _named_by_verb(text, m.end() - len(name), name,
                                                                               m.group(0))
        if m.group(0) in f.trigger_required and not (triggered or quoted):
            proper = False
        if (qualifier < f.min_qualifier - (2 if quoted else 0) or not proper or _is_agency(name)
                or f.not_names.search(name.lstrip("“"))):
            inherited = False
            continue
        inherited = inherited or placed
        out.append((m.end() - len(name), m.end(), name, f.endings[m.group(0)], relation))
    return out


def _left_edge(text: str, pos: int, floor: int, f: _Forms) -> int:
    """Where a name ending at ``pos`` may start: after the last stop before it, at most back to
    ``floor``. The text before it is searched reversed, once, instead of character by character."""
    stop = f.stop_re.search(text[floor:pos][::-1])
    return pos - stop.start() if stop else floor


def _named_by_verb(text: str, pos: int, name: str, ending: str) -> bool:
    """An unprefixed name right after a naming verb, long enough to be no generic word:
    组织实施养老科技创新专项 (a name); 鼓励设立并购基金 (a kind of fund)."""
    f = forms()
    before = _SPACE.sub("", text[max(0, pos - 6):pos])
    return (ending in f.naming_endings and before.endswith(f.naming_verbs)
            and len(name) - len(ending) >= f.naming_min_qualifier)


def _quoted_start(text: str, left: int, floor: int) -> int | None:
    """A name whose qualifier is quoted: “大零号湾”发展专项资金 starts at the opening quote."""
    if text[left - 1:left] == "”":
        q = text.rfind("“", max(floor, left - 30), left)
        return q if q != -1 else None
    return None


def _inside_title(text: str, pos: int, floor: int) -> bool:
    opened = text.rfind("《", max(floor, pos - 80), pos)
    return opened != -1 and text.find("》", opened, pos) == -1


def _after_trigger(run: str) -> tuple[str, str, bool]:
    """The run after its last trigger verb (the one ending last), that verb's relation, and
    whether there was one."""
    f = forms()
    if f.trigger_re.search(run) is None:
        return run, "mentions", False
    best = None
    for verb, relation in f.triggers.items():
        k = run.rfind(verb)
        if k != -1 and (best is None or k + len(verb) > best[0]):
            best = (k + len(verb), relation)
    if best is None:
        return run, "mentions", False
    return run[best[0]:], best[1], True


def _triggered_before(text: str, pos: int) -> bool:
    before = _SPACE_OR_QUOTE.sub("", text[max(0, pos - 6):pos])
    return before.endswith(forms().trigger_words)


def _relation_before(text: str, pos: int) -> str:
    """The relation of the trigger verb printed right before ``pos`` (the first listed that
    fits), "mentions" when none; asked of every mention, so most are ruled out at once."""
    f = forms()
    before = _SPACE_OR_QUOTE.sub("", text[max(0, pos - 6):pos])
    if not before.endswith(f.trigger_words):
        return "mentions"
    return next((r for v, r in f.triggers.items() if before.endswith(v)), "mentions")


def _is_agency(name: str) -> bool:
    return explain(name).agency is not None


def _entity(cleaned, pos, stop, name, kind, relation, doc, located, register) -> Entity:
    key = merge_key(name)
    k = _known_by_key().get(key)
    prov = innermost(located, pos)
    sentence = next((m.group(0) for m in _SENTENCE.finditer(cleaned.text, max(0, pos - 300), stop + 300)
                     if m.start() <= pos < m.end()), "")
    amounts = find_amounts(sentence)
    if amounts and relation == "mentions" and kind == "fund":
        relation = "funds"
    agencies = _clause_agencies(cleaned.text, stop, prov, located, register)
    for agency_id in (k.agencies if k else ()):
        if agency_id not in {p.agency_id for p in agencies}:
            agencies.append(_registered_party(agency_id, register, "lead" if not agencies else "co"))
    return Entity(id=k.id if k else key, kind=k.kind if k else kind, name=k.name if k else name, doc=doc,
                  provision=prov.path if prov else "", span=cleaned.span(pos, stop), agencies=agencies,
                  amounts=amounts, relation=relation)


def _clause_agencies(text, stop, prov, located, register) -> list[Party]:
    """The parties of the responsibility clause closing the entity's provision, if one follows it."""
    bounds = next(((a, b) for a, b, p in located if p is prov), None)
    limit = bounds[1] if bounds else stop + 400
    return first_clause_parties(text, stop, min(limit, stop + 600), register)


def _registered_party(agency_id: str, register, role: str) -> Party:
    from ..agencies import default_register

    agency = (register or default_register()).get(agency_id)
    return to_party(agency.name, register, role)


def _add(by_id: dict[str, Entity], entity: Entity) -> None:
    """Fold a mention into the entity of the same id and document."""
    same = by_id.get(entity.id)
    if same is None:
        by_id[entity.id] = entity
        return
    if _RELATION_RANK[entity.relation] > _RELATION_RANK[same.relation]:
        same.relation = entity.relation
    known_ids = {(p.agency_id, p.printed) for p in same.agencies}
    same.agencies += [p for p in entity.agencies if (p.agency_id, p.printed) not in known_ids]
    same.amounts += [a for a in entity.amounts if a not in same.amounts]
    same.funds += [f for f in entity.funds if f.target not in {g.target for g in same.funds}]
    admins = {(p.printed, p.role_word) for p in same.administered_by}
    same.administered_by += [p for p in entity.administered_by if (p.printed, p.role_word) not in admins]
    same.established_by = same.established_by or entity.established_by


# ---- corpus level -----------------------------------------------------------------------------


def merge_entities(entities: list[Entity]) -> list[Entity]:
    """One id per programme, fund or platform across the corpus, one record per (id, document).

    Mentions are keyed by register id, else by :func:`merge_key`, so "上海生物医药产业股权投资基金"
    (2021) and "生物医药产业股权投资基金" (2024) are one entity linked to both documents; its name is
    the register's, else the longest printed form.
    """
    names: dict[str, str] = {}
    for e in entities:
        e.id = _known_by_key().get(merge_key(e.id), None).id if merge_key(e.id) in _known_by_key() else e.id
        if len(e.name) > len(names.get(e.id, "")):
            names[e.id] = e.name
    for k in known():
        names[k.id] = k.name
    merged: dict[tuple[str, str], Entity] = {}
    for e in entities:
        e.name = names.get(e.id, e.name)
        key = (e.id, e.doc)
        if key in merged:
            _add({e.id: merged[key]}, e)
        else:
            merged[key] = e
    return list(merged.values())


def amounts_total(entity: Entity) -> float:
    """Sum of the fixed yuan amounts of an entity (ceilings excluded), for tables."""
    return sum(a.yuan for a in entity.amounts if a.yuan and not a.cap)


__all__ = ["Amount", "Known", "amounts_total", "find_entities", "forms", "known", "merge_entities", "merge_key"]
