"""Finding the output line of a section that holds some text, through a token index built once per section."""

from __future__ import annotations

import bisect
import functools
import re

_SPLIT = re.compile(r"[\s,<>=\"{}()\[\]]+")


class LineIndex:
    """The lines of one section's text and, per token, the lines it is on (ascending).

    A needle that is a whole token of a line (a node id, an address, ``<#3>``, ``HMCIPAddr``) is found by
    reading only the lines that hold it, so evidence for every record of a large section costs time linear
    in the section; other needles are searched line by line. ``lines_read`` counts the lines compared, so
    tests can check that.
    """

    lines_read = 0

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.where: dict[str, list[int]] = {}
        for i, line in enumerate(self.lines):
            for token in set(_SPLIT.split(line)):
                if token:
                    self.where.setdefault(token, []).append(i)

    def first(self, start: int, *parts: str) -> int | None:
        """The first line from ``start`` holding every one of ``parts``: as whole tokens when a line has them so,
        else as text anywhere in the line. None when no line does."""
        pools = [self.where.get(t) for p in parts for t in _SPLIT.split(p) if t]
        if pools and all(pools):
            pool = min((p for p in pools if p), key=len)
            for i in pool[bisect.bisect_left(pool, start):]:
                LineIndex.lines_read += 1
                if all(p in self.lines[i] for p in parts):
                    return i
        for i in range(start, len(self.lines)):
            LineIndex.lines_read += 1
            if all(p in self.lines[i] for p in parts):
                return i
        return None


@functools.lru_cache(maxsize=64)
def line_index(text: str) -> LineIndex:
    """The index of one section's text (kept for the sections most recently searched)."""
    return LineIndex(text)
