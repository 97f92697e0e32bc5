"""Records → networkx graphs: the node ids, names, tooltips and filters every map kind shares.

Node ids are stable keys, never counters: ``doc:<key>``, ``prov:<key>:<path>``,
``duty:<key>:<file>:<line>:<n>`` and, for agencies, the register id when the party was resolved
or ``party:<printed>`` when it was not. Tooltips are plain text; ``kg.maps.html`` escapes them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

import networkx as nx

from ..errors import InputError
from ..model import Corpus, Document, Duty, Party
from . import styles

UNRESOLVED_PREFIX = "party:"
TOOLTIP_TEXT_LIMIT = 400


def agency_id(party: Party) -> str:
    """The agency node id: register id when resolved, else ``party:`` + the printed name."""
    return party.agency_id or UNRESOLVED_PREFIX + party.printed


@lru_cache(maxsize=1)
def _register():
    # kg.agencies is written in parallel; maps must work (with printed names) without it.
    try:
        from ..agencies import default_register
    except ImportError:
        return None
    try:
        return default_register()
    except Exception:  # noqa: BLE001 - a broken register must not break a map; names fall back
        return None


def register_entry(party: Party):
    """The register's entry for a resolved party, or None (unresolved, or no register)."""
    register = _register()
    if register is None or not party.agency_id:
        return None
    try:
        return register.get(party.agency_id)
    except KeyError:
        return None


def agency_name(party: Party) -> str:
    """Full official name from the agency register, or the printed name when unknown."""
    return getattr(register_entry(party), "name", None) or party.printed


def truncate(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def documents_by_key(corpus: Corpus) -> dict[str, Document]:
    return {d.key: d for d in corpus.documents}


def doc_node(key: str) -> str:
    return f"doc:{key}"


def doc_label(doc: Document | None, key: str) -> str:
    """Short label: the document number, else the title cut to 16 characters."""
    if doc is None:
        return truncate(key, 16)
    if doc.doc_number:
        return truncate(doc.doc_number, 20)
    return truncate(doc.attached_title or doc.title or doc.key, 16)


def duty_node(duty: Duty, index: int) -> str:
    return f"duty:{duty.doc}:{duty.span.source_file}:{duty.span.start_line}:{index}"


def duty_roles(duty: Duty) -> dict[str, tuple[Party, str]]:
    """Agency id → (party, role) for one duty; an agency printed twice counts once, lead wins."""
    roles: dict[str, tuple[Party, str]] = {}
    for party in duty.parties:
        key = agency_id(party)
        if key not in roles or party.role == "lead":
            roles[key] = (party, "lead" if party.role == "lead" else "co")
    return roles


def duty_source(duty: Duty, docs: dict[str, Document]) -> str:
    """Where a duty is printed: document number, provision, file:line."""
    doc = docs.get(duty.doc)
    number = (doc.doc_number if doc else None) or duty.doc
    where = f"{duty.span.source_file}:{duty.span.start_line}"
    return " ".join(p for p in (number, duty.provision, where) if p)


def duty_tooltip(duty: Duty, docs: dict[str, Document]) -> str:
    """Plain-text tooltip: heading, duty text, responsibility clause and source."""
    lines = [truncate(duty.heading, 80)] if duty.heading else []
    if duty.text:
        lines.append(truncate(duty.text, TOOLTIP_TEXT_LIMIT))
    lines.append(f"{duty.label or '责任'}：{truncate(duty.raw, 200)}")
    lines.append(f"来源 source: {duty_source(duty, docs)}")
    return "\n".join(lines)


@dataclass
class AgencyTally:
    """What one agency does in a selection of duties."""

    party: Party
    name: str
    lead: int = 0
    co: int = 0

    @property
    def workload(self) -> int:
        return self.lead * 2 + self.co


def tally_agencies(duties: Iterable[Duty]) -> dict[str, AgencyTally]:
    return tally_roles(duty_roles(duty) for duty in duties)


def tally_roles(roles: Iterable[dict[str, tuple[Party, str]]]) -> dict[str, AgencyTally]:
    """:func:`tally_agencies` of duties whose :func:`duty_roles` the caller has already."""
    tallies: dict[str, AgencyTally] = {}
    for one in roles:
        for key, (party, role) in one.items():
            tally = tallies.get(key)
            if tally is None:  # the first party met names the agency; its name is looked up once
                tally = tallies[key] = AgencyTally(party, agency_name(party))
            if role == "lead":
                tally.lead += 1
            else:
                tally.co += 1
    return tallies


def agency_attrs(key: str, tally: AgencyTally) -> dict:
    """Node attributes of an agency: label, kind colour, workload size and a plain tooltip."""
    color, kind_label = styles.agency_kind(tally.party.kind)
    name_en = getattr(register_entry(tally.party), "name_en", None)
    tooltip = "\n".join([
        tally.name,
        *([name_en] if name_en else []),
        f"id: {key}",
        f"类别 kind: {kind_label}",
        f"牵头 lead: {tally.lead}　配合 co: {tally.co}",
    ])
    return {
        "node_type": "agency", "label": tally.party.printed, "name": tally.name,
        "kind": tally.party.kind or "unknown", "lead_count": tally.lead, "co_count": tally.co,
        "workload": tally.workload, "size": min(8 + 2.5 * tally.workload ** 0.5, 32), "shape": "dot",
        "color": color, "title": tooltip, "rank": tally.workload, "jur": jurisdiction(tally.party),
        "search": search_forms(key, tally.party),
        "summary": f"{key} · {kind_label}\n牵头 lead {tally.lead} · 配合 co {tally.co}",
    }


def find_agency(corpus: Corpus, name: str) -> str:
    """Agency node id for a register id, printed short form or full name; InputError otherwise."""
    candidates: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for duty in corpus.duties:
        for party in duty.parties:  # each printed form of each agency once: names repeat a lot
            key = agency_id(party)
            if (key, party.printed) in seen:
                continue
            seen.add((key, party.printed))
            for form in (key, party.printed, agency_name(party), party.agency_id):
                if form:
                    candidates.setdefault(form, key)
    if name in candidates:
        return candidates[name]
    near = sorted({p for p in candidates if name in p or p in name})[:8]
    hint = f"; did you mean: {', '.join(near)}" if near else ""
    raise InputError(f"no duty names the agency {name!r}{hint}", where="kg map --agency")


def check_doc(corpus: Corpus, key: str) -> Document | None:
    """The document with this key or number; InputError listing some keys when there is none."""
    for doc in corpus.documents:
        if key in (doc.key, doc.doc_number):
            return doc
    if any(d.doc == key for d in corpus.duties):
        return None
    keys = ", ".join(d.key for d in corpus.documents[:10]) or "(the corpus has no documents)"
    raise InputError(f"no document {key!r}; documents include: {keys}", where="kg map --doc")


def select_duties(corpus: Corpus, doc: str | None = None, agency: str | None = None,
                  agency_key: str | None = None) -> list[Duty]:
    """Duties of one document and/or naming one agency (all duties when no filter is given).

    The selection itself is kg.records.select_duties, the one definition of "an agency's duties"
    that the duties command and the export share; here the names are checked first so a map
    of an unknown agency or document fails with suggestions, and duties stated in running text
    are kept (a map shows every duty the records hold). ``agency_key`` is the node id of
    ``agency`` when the caller has looked it up already (a second look-up reads every duty again).
    """
    from ..records import select_duties as records_select

    key = None
    if doc is not None:
        found = check_doc(corpus, doc)
        key = found.key if found else doc
    ref = None
    if agency is not None:
        ref = agency_ref(corpus, agency_key or find_agency(corpus, agency))
    return records_select(corpus, agency=ref, doc=key, include_text=True)


def agency_ref(corpus: Corpus, key: str):
    """The agency of a map node as kg.records selects it: by register id, or, for a party the
    register does not know, by its printed name (an exact AgencyRef, so no second resolution)."""
    from ..resolver import AgencyRef

    for duty in corpus.duties:
        for node, (party, _) in duty_roles(duty).items():
            if node == key:
                return AgencyRef(id=party.agency_id, name=agency_name(party), short=party.printed)
    return AgencyRef(id=None, name=key, short=key)


def add_role_edge(graph: nx.Graph, source: str, target: str, role: str, **attrs) -> None:
    """An edge styled by the party's role: lead solid and thick, co-responsible dashed."""
    style = styles.ROLE_EDGES[role]
    graph.add_edge(source, target, role=role, width=style["width"], dashes=style["dashes"],
                   color=style["color"], **attrs)


def role_legend() -> list[dict]:
    return [{"label": s["legend"], "color": s["color"], "shape": "dash" if s["dashes"] else "line"}
            for s in styles.ROLE_EDGES.values()]


def kind_legend(graph: nx.Graph) -> list[dict]:
    """Legend entries for the agency kinds present in the graph, in the styles table's order."""
    present = {a.get("kind") if a.get("kind") in styles.AGENCY_KINDS else "unknown"
               for _, a in graph.nodes(data=True) if a.get("node_type") == "agency"}
    return [{"label": label, "color": color, "shape": "dot"}
            for kind, (color, label) in styles.AGENCY_KINDS.items() if kind in present]


def node_type_legend(types: Iterable[str]) -> list[dict]:
    return [{"label": styles.NODE_TYPES[t][2], "color": styles.NODE_TYPES[t][1], "shape": "dot"}
            for t in types]


def document_attrs(doc: Document | None, key: str, n_duties: int) -> dict:
    """Node attributes of a document: number as label, titles and source in the tooltip."""
    shape, color, _ = styles.NODE_TYPES["document"]
    lines = [x for x in (doc.title, doc.attached_title, doc.doc_number) if x] if doc else [key]
    if doc:
        lines.append(f"来源 source: {doc.source_file}:{doc.start_line}")
    lines.append(f"职责 duties: {n_duties}")
    name = " ".join(x for x in (doc.doc_number, doc.attached_title or doc.title) if x) if doc else key
    return {"node_type": "document", "label": doc_label(doc, key), "shape": shape, "name": name,
            "summary": "\n".join(lines[1:]), "color": color, "size": 30, "title": "\n".join(lines),
            "doc": key, "search": [x for x in (key, doc and doc.doc_number, doc and doc.title) if x]}


def duty_attrs(duty: Duty, docs: dict[str, Document]) -> dict:
    """Node attributes of a duty: the clause as label, the duty text and source as tooltip."""
    shape, color, _ = styles.NODE_TYPES["duty"]
    return {"node_type": "duty", "label": truncate(duty.raw, 12), "shape": shape,
            "color": color, "size": 8, "title": duty_tooltip(duty, docs),
            "doc": duty.doc, "provision": duty.provision,
            "source": f"{duty.span.source_file}:{duty.span.start_line}"}


ROLE_WORDS = {"lead": "牵头", "co": "配合"}


def role_of(duty: Duty, party: Party, leads: list[Party] | None = None) -> str:
    """lead or co; joint leads (``Duty.leads`` where the records carry it, or ``leads`` when the
    caller has it already: a duty's parties ask once) are leads too."""
    if party.role == "lead":
        return "lead"
    if leads is None:
        leads = getattr(duty, "leads", None) or []
    return "lead" if any(p is party for p in leads) else "co"


# Role words a clause may print for a party; Party.role_word may also hold the clause's label
# (责任单位, 责任部门、单位), which names no role, so only these words are shown as printed.
PRINTED_ROLES = ("牵头", "配合", "指导", "负责", "协助", "参与", "会同", "督促", "支持")


def role_word(duty: Duty, party: Party, role: str | None = None) -> str:
    """The role as printed (指导, 负责 … where the records carry it), else 牵头 / 配合 (``role``,
    when the caller knows it)."""
    return _printed_role(getattr(party, "role_word", "") or "") or ROLE_WORDS[role or role_of(duty, party)]


@lru_cache(maxsize=1024)
def _printed_role(printed: str) -> str | None:
    """The first of ``PRINTED_ROLES`` in a printed role word or label (a few distinct labels
    serve every party of every duty)."""
    return next((w for w in PRINTED_ROLES if w in printed), None)


def deadline_of(duty: Duty) -> str:
    """The deadline as printed, else the computed last day, else empty (not every duty has one)."""
    text = getattr(duty, "deadline_text", None)
    if text:
        return str(text)
    day = getattr(duty, "deadline", None)
    return day.isoformat() if day else ""


def duty_record(duty: Duty, docs: dict[str, Document]) -> dict:
    """One duty as the page's side panel lists it: document, provision, heading, parties with
    their roles, deadline and the source line. Plain text; the page writes it as text."""
    doc = docs.get(duty.doc)
    if type(duty) is Duty:  # its leads are its parties whose role is lead: no look-up per party
        roles = ["lead" if p.role == "lead" else "co" for p in duty.parties]
        parties = [[p.printed, role, _printed_role(p.role_word or "") or ROLE_WORDS[role]]
                   for p, role in zip(duty.parties, roles, strict=True)]
    else:
        leads = getattr(duty, "leads", None) or []
        roles = [role_of(duty, p, leads) for p in duty.parties]
        parties = [[p.printed, role, role_word(duty, p, role)] for p, role in zip(duty.parties, roles, strict=True)]
    return {
        "doc_key": duty.doc, "doc": (doc.doc_number if doc else None) or duty.doc,
        "provision": duty.provision, "heading": truncate(duty.heading, 80),
        "parties": parties,
        "deadline": deadline_of(duty),
        "source": f"{duty.span.source_file}:{duty.span.start_line}",
        "clause": truncate(f"{duty.label or '责任'}：{duty.raw}", 200),
    }


class DutyTable:
    """The duties a map refers to, numbered once; nodes and edges carry indices into it."""

    def __init__(self, corpus: Corpus):
        self.docs = documents_by_key(corpus)
        self.rows: list[dict] = []
        self.duties: list[Duty] = []  # row i's record, for what a builder adds later (tooltips)
        self._index: dict[int, int] = {}

    def add(self, duty: Duty) -> int:
        index = self._index.get(id(duty))
        if index is None:
            index = self._index[id(duty)] = len(self.rows)
            self.rows.append(duty_record(duty, self.docs))
            self.duties.append(duty)
        return index

    def attach(self, graph: nx.Graph, corpus: Corpus) -> None:
        """Put the table and every document's validity interval on the graph for the page."""
        graph.graph["duties"] = self.rows
        graph.graph["docs"] = doc_validity(corpus)


def doc_validity(corpus: Corpus) -> dict[str, dict]:
    """Document key → label and in-force interval (ISO days), for the page's "in force on" filter.

    The interval runs from the effective day (else the signing day) to the expiry day, cut at the
    day before an abolishing corpus document takes effect.
    """
    docs = documents_by_key(corpus)
    out = {}
    for d in corpus.documents:
        start = d.effective_from or d.signed_date
        end = d.expires_on
        abolisher = docs.get(d.abolished_by) if d.abolished_by else None
        cut = abolisher and (abolisher.effective_from or abolisher.signed_date)
        if cut and (end is None or cut <= end):
            end = cut - timedelta(days=1)
        out[d.key] = {"label": doc_label(d, d.key), "title": truncate(d.attached_title or d.title or "", 60),
                      "from": start.isoformat() if start else "",
                      "to": end.isoformat() if end else ""}
    return out


def jurisdiction(party: Party) -> str:
    """Which government the agency belongs to, read from its register id (``sh-…``, ``cn-…``)."""
    if not party.agency_id:
        return styles.JURISDICTIONS["unresolved"]
    parts = party.agency_id.split("-")
    code = "sh" if "sh" in parts else parts[0]  # cpc-sh-office is Shanghai's, cpc-… the centre's
    return styles.JURISDICTIONS.get(code, code)


def search_forms(key: str, party: Party) -> list[str]:
    """Every name a person may type for an agency: short form, full name, id, other short forms."""
    entry = register_entry(party)
    forms = [party.printed, agency_name(party), party.agency_id or "",
             getattr(entry, "name_en", "") or "", *getattr(entry, "short_names", ())]
    return list(dict.fromkeys(f for f in forms if f))
