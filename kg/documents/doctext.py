"""The stage object every extractor reads: one document's cleaned text, with all it needs.

Splitting a file yields one :class:`DocumentText` per document. It holds the cleaned text of the
whole file (offsets stay file offsets, so spans map back to source lines), the document's range,
its metadata record, its provision tree with offsets, its jurisdiction and the input's format.
Extractors ask it "which provision holds this offset" instead of each repeating the lookup.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Document, Provision, Span
from ..provisions.tree import innermost, located
from ..text.cleaning import Cleaned


@dataclass
class DocumentText:
    """One document of one input file, as the extractors see it.

    Attributes:
        cleaned: the cleaned text of the whole file and its map back to source lines.
        start, end: the document's cleaned offsets, [start, end).
        document: the document's metadata record (key, number, title, issuers, dates).
        provisions: the document's provisions with their cleaned [start, end) offsets, in order.
        jurisdiction: where the document was issued ("上海市", "广州市"); None for central bodies.
        format: the input's format: pdf, html, docx or text.
        rules: document-level rules found while reading it (e.g. the lead rule "列第一位者为牵头单位").
        head_found: whether a document head (title, number, addressee, metadata) was found.
    """

    cleaned: Cleaned
    start: int
    end: int
    document: Document
    provisions: list[tuple[int, int, Provision]]
    jurisdiction: str | None = None
    format: str = "text"
    rules: dict[str, str] = field(default_factory=dict)
    head_found: bool = True  # False: no document head qualified; the whole file is this document
    repeated_paths: list[tuple[str, int]] = field(default_factory=list)  # (path, line) printed again

    @classmethod
    def of(cls, cleaned: Cleaned, start: int, end: int, document: Document,
           jurisdiction: str | None = None, format: str = "text") -> DocumentText:
        """A DocumentText with its provision tree read from cleaned [start, end).

        A numbering path printed twice (a list restarted at 一、) keeps the later provision under
        a distinct path, "一#2", listed in ``repeated_paths`` for the build report.
        """
        text = cls(cleaned, start, end, document, located(cleaned, start, end), jurisdiction, format)
        seen: dict[str, int] = {}
        for _, _, prov in text.provisions:
            n = seen[prov.path] = seen.get(prov.path, 0) + 1
            if n > 1:
                text.repeated_paths.append((prov.path, prov.span.start_line))
                prov.path = f"{prov.path}#{n}"
        return text

    @property
    def key(self) -> str:
        return self.document.key

    @property
    def text(self) -> str:
        """The cleaned text of the whole file (index it with the document's offsets)."""
        return self.cleaned.text

    @property
    def body(self) -> str:
        return self.cleaned.text[self.start:self.end]

    @property
    def source_file(self) -> str:
        return self.cleaned.source.name

    def provision_at(self, pos: int) -> Provision | None:
        """The innermost provision whose range holds cleaned offset ``pos``."""
        return innermost(self.provisions, pos)

    def provision_range(self, prov: Provision | None) -> tuple[int, int] | None:
        """The cleaned [start, end) of one of this document's provisions."""
        return next(((a, b) for a, b, p in self.provisions if p is prov), None)

    def span(self, start: int, end: int) -> Span:
        return self.cleaned.span(start, end)

    def line(self, pos: int) -> int:
        """The 1-based source line of cleaned offset ``pos``."""
        return self.cleaned.span(pos, pos + 1).start_line


def snippet(text: str, key: str = "snippet", name: str = "snippet.txt") -> DocumentText:
    """A whole text as one document (for tests and notebooks that try an extractor on a passage)."""
    from ..model import SourceText
    from ..text.cleaning import clean

    cleaned = clean(SourceText(name, name, text, text, "utf-8"))
    end = len(cleaned.text)
    document = Document(key=key, doc_number=None, title=None, attached_title=None, kind=None, issuers=[],
                        signed_date=None, effective_from=None, expires_on=None, supersedes=[], interprets=None,
                        basis=[], english_title=None, span=cleaned.span(0, end))
    return DocumentText.of(cleaned, 0, end, document)
