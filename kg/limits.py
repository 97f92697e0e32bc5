"""Input limits of a build, so that no single file can exhaust the machine (issue 16).

The limits are module state set by :func:`using` around a build rather than a parameter threaded
through every stage: file discovery (:mod:`kg.inputs`) and the .docx reader check them, and worker
processes forked by :mod:`kg.parallel` inherit them.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limits:
    """What one input file may cost."""

    max_file_mb: float = 50.0
    """Largest file read; 50 MB is ten times the largest gazette issue seen (a PDF of 4.6 MB)."""
    max_docx_ratio: float = 100.0
    """Largest inflation of a .docx's XML over the file's size. Real documents compress 5–20×; a
    zip bomb compresses ~1000×."""
    max_docx_xml_mb: float = 500.0
    """Largest inflated size of a .docx's XML parts, whatever the ratio."""

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


_current = Limits()


def current() -> Limits:
    """The limits in force."""
    return _current


@contextmanager
def using(**changes: float | None) -> Iterator[Limits]:
    """Set limits by name for the duration of a build (``None`` values keep the default)."""
    global _current
    before = _current
    _current = replace(before, **{k: v for k, v in changes.items() if v is not None})
    try:
        yield _current
    finally:
        _current = before
