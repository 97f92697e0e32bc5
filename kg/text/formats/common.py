"""What every reader in :mod:`kg.text.formats` shares: the :class:`Extracted` record and
whitespace squashing (HTML cells and Word table cells are squashed alike).

Kept apart from ``__init__`` so the readers can build an ``Extracted`` without importing the
package that imports them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Extracted:
    """Text taken out of a PDF, HTML or .docx file."""

    text: str
    kind: str  # pdf | html | docx
    page_starts: list[int] = field(default_factory=list)  # 1-based line where each PDF page starts
    empty_pages: list[int] = field(default_factory=list)  # 1-based PDF pages with no text layer


def squash(text: str) -> str:
    """Collapse runs of spaces and newlines (HTML source layout) into one space; strip."""
    return re.sub(r"[ \t\r\n\xa0]+", " ", text).strip(" \u3000")
