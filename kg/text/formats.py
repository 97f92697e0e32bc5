"""Placeholder until the PDF/HTML/DOCX reader lands: plain text only."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Extracted:
    text: str
    kind: str
    page_starts: list[int] = field(default_factory=list)


def extract(path: Path, data: bytes) -> Extracted | None:
    return None
