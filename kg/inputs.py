"""Which files a build reads: the paths named, and the readable files inside folders named.

File discovery is its own stage so that what kg will not read (an unreadable type, a broken
link, a file over the size limit) is reported here, with the file's name and what to do, instead
of being skipped silently or ending the build (issue 16). File names are shown through
:func:`display_name`: a name that is not UTF-8 (GBK bytes from a Windows zip) or holds control
characters cannot reach the terminal, problems.txt or corpus.json unescaped.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from . import limits
from .model import Problem
from .resources import corpus_dir

SUFFIXES = {".txt", ".text", ".pdf", ".html", ".htm", ".docx", ""}

ADVICE = {
    ".doc": "convert it to .docx (Word: Save As → Word Document) or PDF",
    ".wps": "convert it to .docx or PDF (WPS: Save As)",
    ".rtf": "save it as .docx or plain text",
    ".xls": "tables are not read; copy the text into a .docx",
    ".xlsx": "tables are not read; copy the text into a .docx",
    ".ofd": "print it to PDF",
    ".caj": "print it to PDF",
    ".zip": "unpack it and build the folder",
    ".rar": "unpack it and build the folder",
    ".7z": "unpack it and build the folder",
}
IMAGES = {".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp"}
IGNORED = {".md", ".json", ".csv", ".tsv", ".xml", ".rq", ".ttl", ".py", ".toml", ".yaml", ".yml"}
"""Kinds that sit beside gazettes (notes, metadata) and are not gazettes: not reported."""


def input_files(paths: Iterable[Path | str] | None = None) -> list[Path]:
    """Files named, and the readable files inside folders named (sorted); default: the bundled corpus."""
    return discover(paths)[0]


def discover(paths: Iterable[Path | str] | None = None) -> tuple[list[Path], list[Problem]]:
    """The files to read, and a problem for each file found but not read.

    Args:
        paths: files and folders; default: the bundled corpus.

    Returns:
        The files in order (each folder's sorted), and problems: ``skipped-file`` (a type kg
        cannot read, with what to do), ``broken-link`` (dangling or looping symbolic link),
        ``file-too-large`` (over ``--max-file-mb``), ``file-name`` (not UTF-8, or control characters).
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for p in [Path(x) for x in (paths or [corpus_dir()])]:
        found = _walk(p, problems) if p.is_dir() else [p]
        for f in found:
            if _accept(f, problems):
                files.append(f)
    return files, problems


def _walk(folder: Path, problems: list[Problem]) -> list[Path]:
    """Every non-hidden entry under ``folder`` that is a file or a broken link, sorted.

    ``os.walk`` does not follow symbolic links to folders, so a link loop cannot recurse; links to
    files are followed when read."""
    out: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in dirs:
            if os.path.islink(os.path.join(root, d)):
                problems.append(Problem("warning", "skipped-file", "is a symbolic link to a folder, "
                                        "not followed (name the folder itself to build it)",
                                        display_name(Path(root, d))))
        out += [Path(root, n) for n in names if not n.startswith(".")]
    return sorted(out)


def _accept(path: Path, problems: list[Problem]) -> bool:
    """Whether to read ``path``; a problem naming it when not (or when its name is odd)."""
    name = display_name(path)
    if os.path.islink(path) and not path.exists():
        problems.append(Problem("error", "broken-link", _link_trouble(path), name))
        return False
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        if suffix not in IGNORED:
            advice = ADVICE.get(suffix) or ("kg does no OCR; give the text or a PDF with a text layer"
                                            if suffix in IMAGES else "kg reads .txt, .pdf, .html and .docx")
            problems.append(Problem("warning", "skipped-file", f"not read: {suffix} files are not "
                                    f"supported; {advice}", name))
        return False
    if not path.is_file():
        return True  # a missing or special path named on the command line: reading reports it
    size = path.stat().st_size
    if size > limits.current().max_file_bytes:
        problems.append(Problem("error", "file-too-large", f"not read: {size / 2**20:.1f} MB is over the "
                                f"limit of {limits.current().max_file_mb:g} MB (kg build --max-file-mb)", name))
        return False
    if name != path.name:
        problems.append(Problem("warning", "file-name", _name_trouble(path), name))
    return True


def _link_trouble(path: Path) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return f"not read: the symbolic link loops (→ {escape(target)})"
    except OSError:
        pass
    return f"not read: the symbolic link is dangling (→ {escape(target)}, which does not exist)"


def _name_trouble(path: Path) -> str:
    raw = os.fsencode(path.name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return ("the file name is not valid UTF-8 (GBK bytes from a Windows zip?); shown decoded as "
                "GB18030 where possible, other bytes as \\x..; rename the file (convmv -f gbk -t utf8)")
    return "the file name holds control characters, shown escaped; rename the file"


def relative_names(paths: Iterable[Path | str] | None, files: list[Path]) -> dict[Path, str]:
    """Each file's name in provenance and keys: its path relative to the folder named (so two
    ``index.html`` in different sub-folders stay two), or its own name for a file named."""
    roots = [Path(x) for x in (paths or [corpus_dir()]) if Path(x).is_dir()]
    out: dict[Path, str] = {}
    for f in files:
        root = next((r for r in roots if f.is_relative_to(r)), None)
        parts = f.relative_to(root).parts if root else (f.name,)
        out[f] = "/".join(display_name(part) for part in parts)
    return out


def display_name(path: Path | str) -> str:
    """A file's name fit for a terminal and JSON: undecodable bytes decoded as GB18030 if they
    are that, else ``\\xNN``; control characters escaped."""
    name = Path(path).name
    raw = os.fsencode(name)
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            name = raw.decode("gb18030")
        except UnicodeDecodeError:
            name = raw.decode("utf-8", "backslashreplace")
    return escape(name)


def escape(text: str) -> str:
    """Control characters (C0, DEL, C1, and lone surrogates) as ``\\xNN``/``\\uNNNN``: they must not
    move a terminal's cursor or change its colours when a problem is printed."""
    return "".join(c if _printable(c) else c.encode("unicode_escape").decode("ascii")
                   if ord(c) < 0xD800 or ord(c) > 0xDFFF else f"\\u{ord(c):04x}" for c in text)


def _printable(c: str) -> bool:
    o = ord(c)
    return not (o < 0x20 or 0x7F <= o < 0xA0 or 0xD800 <= o <= 0xDFFF or o in (0x2028, 0x2029))
