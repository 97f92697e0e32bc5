"""PDF, HTML and Word (.docx) files → plain text, before :mod:`kg.text.reading` decodes it.

The kind is chosen by content, not by suffix alone: portals serve HTML under ``.txt`` and
``.pdf`` links that are really text. Each reader returns plain text only (markup is never kept
or executed) with one line per printed line (PDF) or block element (HTML, Word).

One module per kind: :mod:`.pdf` (pdfminer.six, chosen for its positioned layout boxes and CJK
CMaps; see its docstring), :mod:`.html` (BeautifulSoup over lxml) and :mod:`.docx`
(python-docx, with Word's automatic numbering). kg does no OCR: a PDF without a text layer is
an :class:`~kg.errors.InputError`.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...errors import InputError
from .common import Extracted
from .docx import is_docx, read_docx
from .html import looks_html, read_html
from .pdf import read_pdf

__all__ = ["READERS", "Extracted", "extract", "sniff"]


def extract(path: Path, data: bytes) -> Extracted | None:
    """Extract the text of a PDF, HTML or .docx file; None when ``data`` is none of these.

    Args:
        path: the file's path, used for its suffix and in error messages.
        data: the file's bytes.

    Returns:
        The extracted text, or None for anything else (plain text is decoded by the caller).

    Raises:
        InputError: a PDF without text layer, a corrupt PDF or .docx, a legacy .doc file.
    """
    kind = sniff(path, data)
    return None if kind is None else READERS[kind](path, data)


def sniff(path: Path, data: bytes) -> str | None:
    """The kind of ``data`` ("pdf", "docx", "html") judged by content first, or None."""
    suffix = Path(path).suffix.lower()
    if b"%PDF-" in data[:1024]:  # the spec tolerates junk before the header
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if is_docx(data) or suffix == ".docx" else None
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: legacy .doc/.wps, read by nothing here
        raise InputError("is a legacy Word (.doc/.wps) file; save it as .docx, PDF or text",
                         where=str(path))
    return "html" if looks_html(data, suffix) else None


READERS: dict[str, Callable[[Path, bytes], Extracted]] = {
    "pdf": read_pdf,
    "html": read_html,
    "docx": read_docx,
}
