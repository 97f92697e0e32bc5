"""Records passed between pipeline stages.

Every fact carries a :class:`Span` so that provenance (file, lines, exact printed text) comes
from where the fact was found, never from a second search. Records are plain dataclasses so that
notebooks can turn them into DataFrames with ``dataclasses.asdict``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter


@dataclass(frozen=True, slots=True)
class Span:
    """Where a fact was printed: file name, 1-based inclusive line range, exact printed text."""

    source_file: str
    start_line: int
    end_line: int
    text: str
    page: int | None = None


@dataclass
class SourceText:
    """A decoded input file.

    ``printed`` is the text as decoded (kept for provenance); ``text`` is the same text with
    full-width digits/letters made ASCII and traditional characters simplified, position for
    position (same length), so offsets in one are offsets in the other.
    """

    path: str
    name: str
    printed: str
    text: str
    encoding: str
    page_starts: list[int] = field(default_factory=list)  # 1-based lines where a PDF page starts
    empty_pages: list[int] = field(default_factory=list)  # 1-based PDF pages without a text layer
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message) found while reading


@dataclass(slots=True)
class Party:
    """One party of a responsibility clause, as printed, with its kind and register id."""

    printed: str
    kind: str  # municipal | district | district-collective | central | party | institution | other | unknown
    agency_id: str | None = None
    role: str = "co"  # lead | co (a duty may have several leads: "A、B牵头")
    role_word: str = ""  # the role word or label as printed: 牵头, 配合, 指导, 牵头单位, 责任单位 … ("" if none)


@dataclass(slots=True)
class Provision:
    """A numbered unit of a document: chapter 一、, section (一), item 1., article 第X条."""

    path: str  # e.g. "二.(一).1" or "第三条"
    marker: str  # the number as printed, e.g. "(一)"
    level: str  # chapter | section | item | subitem | article
    heading: str
    text: str
    span: Span


@dataclass(slots=True)
class Duty:
    """One responsibility clause (or a duty stated in running text) of a provision."""

    doc: str  # document key
    provision: str  # provision path, "" for the document body
    heading: str
    label: str  # 责任单位 | 牵头单位 | … | "" for running-text forms
    raw: str  # clause text after the label, cleaned
    parties: list[Party]
    form: str  # bracket | lead-co | led-with | by-division | table | stated-in-text
    span: Span  # span.start_line is the line where the label is printed
    text: str = ""  # the provision text the duty belongs to
    stated_in_text: bool = False
    role_text: str = ""  # for running-text duties: competent authority, lead, responsible …
    deadline_text: str | None = None  # the time limit as printed: 2025年底前, 持续推进, 长期坚持
    deadline: date | None = None  # the last day the deadline allows; None for ongoing or none printed
    rule: str = ""  # how the lead was decided: explicit | first-listed | document-rule | table-column | single
    number: int = 0  # 1-based, within its provision, in printed order: set once (kg.numbering), read by the graph

    @property
    def lead(self) -> Party | None:
        """The first lead (joint leads: see :attr:`leads`)."""
        return next((p for p in self.parties if p.role == "lead"), None)

    @property
    def leads(self) -> list[Party]:
        return [p for p in self.parties if p.role == "lead"]

    @property
    def co(self) -> list[Party]:
        return [p for p in self.parties if p.role != "lead"]


@dataclass(slots=True)
class Document:
    """A policy document found in a gazette issue, with its metadata."""

    key: str
    doc_number: str | None
    title: str | None
    attached_title: str | None
    kind: str | None
    issuers: list[str]
    signed_date: date | None
    effective_from: date | None
    expires_on: date | None
    supersedes: list[str]
    interprets: str | None
    basis: list[str]
    english_title: str | None
    span: Span  # start and end line of the whole document in its source file
    body: str = ""  # cleaned text of the document
    abolished_by: str | None = None  # key of a corpus document that abolishes this one
    provisions: list[Provision] = field(default_factory=list)
    published: date | None = None  # a portal's 发布日期, where the copy prints one
    sources: list[str] = field(default_factory=list)  # further files holding the same document

    @property
    def source_file(self) -> str:
        return self.span.source_file

    @property
    def start_line(self) -> int:
        return self.span.start_line


@dataclass(slots=True)
class Indicator:
    """A target set by a document: a table row or a quantified target in running text."""

    doc: str
    table: str  # the table caption, or "text"
    category: str | None
    name: str
    unit: str | None
    target: str  # as printed
    comparator: str | None  # >= <= > < = ≈ range
    value: float | None
    value_max: float | None
    year: int | None
    type: str | None  # 约束性 | 预期性
    leads: list[Party]
    span: Span
    provision: str = ""
    baseline: str | None = None  # previous plan's target / achieved value where the table gives it
    value_unit: str | None = None  # the unit `value` counts in, printed in the target or apart (亿元, %, 个)
    lead_rule: str = ""  # how the leads were read: table-column | item-clause | stated-in-text | ""
    number: int = 0  # 1-based among the same name in one table (or the text): set once (kg.numbering)


@dataclass(slots=True)
class Amount:
    """A funding amount: yuan value with the printed text."""

    text: str
    yuan: float | None
    cap: bool  # 最高/不超过 → a ceiling, else fixed
    share: float | None  # 30% → 0.3
    purpose: str


@dataclass(slots=True)
class Funding:
    """A funds relation: a fund or programme supports a programme, platform or purpose, as printed."""

    target: str  # what is supported, as printed: 研发测试公共服务平台建设, 企业并购投资
    target_kind: str  # programme | fund | platform | purpose
    span: Span
    target_id: str | None = None  # the entity id when the target is a named programme, fund or platform
    amounts: list[Amount] = field(default_factory=list)  # the amount and cap printed with it


@dataclass(slots=True)
class Entity:
    """A programme, fund or platform named by a document."""

    id: str  # stable key (register id or normalised name)
    kind: str  # programme | fund | platform
    name: str
    doc: str
    provision: str
    span: Span
    agencies: list[Party] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    relation: str = "mentions"  # creates | funds | mentions
    funds: list[Funding] = field(default_factory=list)  # what it supports (kg:funds)
    administered_by: list[Party] = field(default_factory=list)  # 主管部门, 管理单位, 由X设立 (kg:administers)
    established_by: str | None = None  # the key of the document that sets it up (kg:establishedBy)


# Every problem code kg reports, with what it means. report.json lists the codes of a build with
# these descriptions; tests/test_problem_codes.py checks that every code kg emits is listed here.
PROBLEM_CODES: dict[str, str] = {
    # files
    "unreadable-file": "a file kg cannot read (empty, binary, corrupt, undecodable); nothing of it is in the build",
    "skipped-file": "a file in a folder of a type kg does not read (.doc, images …), with what to do",
    "broken-link": "a symbolic link that dangles or loops",
    "file-name": "a file name that is not valid UTF-8 or holds control characters (shown escaped)",
    "file-too-large": "a file over --max-file-mb, or a .docx whose XML inflates past the ratio limit",
    "forbidden-characters": "NUL or other characters XML 1.0 forbids, stripped at reading",
    "empty-pages": "PDF pages without a text layer (scanned?): their text is missing",
    "worker-died": "the worker process reading the file was killed; the other files were read",
    "extraction-failed": "an extractor raised on one document; the document's other facts are kept",
    # documents
    "no-document": "a file with no text that could be a document",
    "no-document-head": "no title, number, addressee or metadata block: the whole file is read as one document",
    "duplicate-document": "the same document in two files: one document, with both sources",
    "number-taken": "a different document claims a number already taken; kept under a distinct key",
    "repeated-provision": "a numbering path printed twice in one document; the later one is kept as path#2",
    # clauses and facts
    "unparsed-clause": "a bracket, line or table row that looks like a responsibility clause but does not read as one",
    "truncated-clause": "a labelled clause whose closing bracket never comes (the source is cut off)",
    "clause-without-lead": "a clause that names only co-responsible parties; not taken as a duty",
    "implicit-party": "a document names a party that carries out every later clause without being listed",
    "unparsed-indicator-row": "a row of an indicator table that does not fit its header",
    "unresolved-party": "a party the agency register and the jurisdiction rules cannot resolve (once per name)",
}


@dataclass(slots=True)
class Problem:
    """A non-fatal finding for the build report: never dropped, never raised.

    ``code`` is one of :data:`PROBLEM_CODES`; ``severity`` is error (something of the input is not
    in the build), warning (read, but not all of it) or info (read; a note on how).
    """

    severity: str  # error | warning | info
    code: str  # one of PROBLEM_CODES
    message: str
    source_file: str
    line: int | None = None


@dataclass
class Corpus:
    """Everything extracted from a set of files."""

    documents: list[Document] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def _by_constructor(cls: type) -> type:
    """Pickle a slotted record as its constructor and field values.

    A slotted dataclass pickles through dataclasses' ``__getstate__``/``__setstate__``, which call
    ``fields()`` for every record: two thirds of unpickling a worker's records (3 s of a
    1,000-document build's main process). ``cls(*values)`` makes the same record (every field is
    an ``__init__`` argument, no ``__post_init__``), and ``copy.copy`` goes the same way."""
    names = tuple(f.name for f in fields(cls))
    if any(not f.init for f in fields(cls)) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: a field outside __init__ cannot be rebuilt by its constructor")
    values = attrgetter(*names)

    def __reduce__(self):  # noqa: N807 - the pickle protocol's name
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


for _record in (Span, Party, Provision, Duty, Document, Indicator, Amount, Funding, Entity, Problem):
    _by_constructor(_record)
