"""Bytes → :class:`~kg.model.SourceText`.

Gazette texts arrive as UTF-8 (with or without BOM), GB18030/GBK (older portals), or as PDF,
HTML and Word files (handled by :mod:`kg.text.formats`). charset detectors misread GBK
(PITFALLS.md), so the order is fixed: UTF-8, then GB18030 (a superset of GBK and GB2312).
Traditional characters are simplified for matching, position for position, while the printed
text is kept for provenance.
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..inputs import display_name
from ..model import SourceText
from . import formats

# Full-width digits and Latin letters → ASCII (PDF text is full of them); punctuation is kept.
_FULLWIDTH = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
              for cp in range(r[0], r[1] + 1)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH.update({ord("«"): ord("《"), ord("»"): ord("》")})  # some PDFs print book-title marks as «»
# Windows line ends (\r\n): the \r becomes a space that cleaning trims, so a line "国发〔2018〕39号\r"
# still reads as a number line (position for position, so the printed text stays the provenance).
_FULLWIDTH[ord("\r")] = 0x20
# The same mapping as a search for the few characters it changes: str.translate looks every
# character of a file up in the table (22 ms of the bundled corpus), a regex skips the others.
_FULLWIDTH_CHARS = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FULLWIDTH)) + "]")
_FULLWIDTH_OF = {chr(k): chr(v) for k, v in _FULLWIDTH.items()}

# Characters XML 1.0 forbids (§2.2 Char): C0 controls but tab, newline and carriage return, and
# U+FFFE/U+FFFF. One of them in a text made TriG, SPARQL XML results, GEXF and GraphML files
# that no XML parser reads (issue 16), so they are removed when a file is read, with a warning.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read_source(path: Path) -> SourceText:
    """Read one file into a SourceText; raise InputError naming the file when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read file: {e.strerror}", where=str(path)) from e
    if not data.strip():
        raise InputError("file is empty", where=str(path))
    extracted = formats.extract(path, data)
    if extracted is not None:
        printed, encoding, pages = extracted.text, extracted.kind, extracted.page_starts
        empty = extracted.empty_pages
    else:
        printed, encoding = decode(data, path)
        pages, empty = [], []
    printed, warnings = strip_forbidden(printed)
    if not printed.strip():
        raise InputError("file has no text", where=str(path))
    return SourceText(path=str(path), name=display_name(path), printed=printed,
                      text=normalise(printed), encoding=encoding, page_starts=pages,
                      empty_pages=empty, warnings=warnings)


def strip_forbidden(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` without the characters XML 1.0 forbids, and a (code, message) warning when any were."""
    found = _FORBIDDEN.findall(text)
    if not found:
        return text, []
    kinds = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(found))[:5])
    return _FORBIDDEN.sub("", text), [("forbidden-characters", f"{len(found)} characters that XML does not "
                                       f"allow ({kinds}) were removed from the text")]


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode text bytes: UTF-8 (BOM stripped), else GB18030; binary data is refused."""
    if _looks_binary(data):
        raise InputError("file is binary, not a text (expected UTF-8 or GB18030/GBK text, "
                         "PDF, HTML or .docx)", where=str(path))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError("cannot decode the file as UTF-8 or GB18030/GBK", where=str(path))


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]  # a stray NUL is stripped later; UTF-16 or a binary file has many controls
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 50


def normalise(printed: str) -> str:
    """Full-width alphanumerics to ASCII, traditional to simplified; same length as the input."""
    text = _FULLWIDTH_CHARS.sub(_fullwidth_of, printed)
    return _to_simplified(text)


def _fullwidth_of(m: re.Match) -> str:
    return _FULLWIDTH_OF[m.group()]


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to characters so offsets stay valid.
    conv = _converter()
    return "".join(c2 if len(c2 := conv.convert(c)) == 1 else c for c in text)
