"""Map offsets in cleaned text back to the source file.

Cleaning deletes page heads, joins broken lines and drops justification spaces. Each piece of
the cleaned text is recorded as an anchor (cleaned offset, source offset); inside a piece the
offsets advance together, so one bisect finds the source offset of any cleaned position, and a
second one its 1-based source line. Facts take their provenance from here, never from a search.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass
class LineMap:
    """Anchors from cleaned offsets to source offsets, plus the source's line starts."""

    line_starts: list[int]
    clean: list[int] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    length: list[int] = field(default_factory=list)

    @classmethod
    def for_source(cls, text: str) -> LineMap:
        starts = [0]
        pos = text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        return cls(line_starts=starts)

    def add(self, clean_pos: int, src_pos: int, length: int) -> None:
        self.clean.append(clean_pos)
        self.src.append(src_pos)
        self.length.append(length)

    def source_offset(self, clean_pos: int) -> int:
        """Source offset of a cleaned position (synthetic characters map to their neighbour)."""
        i = bisect_right(self.clean, clean_pos) - 1
        if i < 0:
            return self.src[0] if self.src else 0
        delta = min(clean_pos - self.clean[i], max(self.length[i] - 1, 0))
        return self.src[i] + delta

    def line_of_offset(self, src_pos: int) -> int:
        return bisect_right(self.line_starts, src_pos)

    def line(self, clean_pos: int) -> int:
        """1-based source line of a cleaned position."""
        return self.line_of_offset(self.source_offset(clean_pos))

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [a, b) covering cleaned [start, end)."""
        if end <= start:
            a = self.source_offset(start)
            return a, a
        return self.source_offset(start), self.source_offset(end - 1) + 1
