"""Splitting a transcript into raw sections (prompt line and output, as bytes), lazily, in bounded memory."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import IO, Any, NamedTuple

from ._prompt import CANDIDATE_SURE, MAX_PROMPT, SANDWICH, SURE_PROMPT_ASCII, prompt, shape_of_group

BLOCK = 1 << 20
DEFAULT_MAX_SECTION = 32 << 20  # bytes; a larger section becomes error sections of at most this size

# A line that may be a prompt or a marker: tested in C over whole blocks, then confirmed in Python (unless the
# scan marked it as one of the sure shapes: ``Match.lastindex`` is set).

_CANDIDATE_LINE = re.compile(rb"\n(?:" + CANDIDATE_SURE + rb")[^\n]*+")  # a newline, then the line
SHAPE_OF_GROUP = shape_of_group(_CANDIDATE_LINE.groupindex)
_HEAD_LINES = 4  # a block's first line is scanned with the lines after it that the scan may look at (a framing)


def _first_line_match(data: bytes, size: int | None = None) -> re.Match[bytes] | None:
    """The scan's match of a block's first line, as if a newline came before it (one pattern compiled, not two:
    the scan is the dearest pattern to compile at import), on the block's first few lines only (of its first
    ``size`` bytes: the block)."""
    size = len(data) if size is None else size
    cut = -1
    for _ in range(_HEAD_LINES):
        cut = data.find(b"\n", cut + 1, size)
        if cut < 0:
            cut = size
            break
    return _CANDIDATE_LINE.match(b"\n" + data[:cut])


class RawSection(NamedTuple):
    """A section as split: prompt line and output, both still bytes (a tuple: cheap to make and to pickle)."""

    prompt: bytes  # the prompt or marker line (b"" for the preamble)
    prompt_line: int  # its 1-based line number (the first output line's for the preamble)
    body: bytes
    body_line: int  # 1-based line of the first output line
    overflow: int = 0  # the size cap, when this is part of a section cut at it
    context: bytes = b""  # for a fleet tool's framing: the last command line before it (it names the command)
    sure: int = 0  # the prompt line is the marker or a sure shape (``SURE_PROMPT_ASCII`` accepts it whole): which
    # (``_prompt.sure_prompt``'s numbers; ``SURE_ANY`` when not known), else 0



class _LineReader:
    """A ``read(n)`` over an iterable of str or bytes lines."""

    def __init__(self, lines: Iterable[str | bytes]) -> None:
        self._it = iter(lines)
        self._buf = b""

    def read(self, n: int) -> bytes:
        parts = [self._buf]
        size = len(self._buf)
        for line in self._it:
            data = line.encode("utf-8", "surrogateescape") if isinstance(line, str) else bytes(line)
            parts.append(data)
            size += len(data)
            if size >= n:
                break
        joined = b"".join(parts)
        self._buf = joined[n:]
        return joined[:n]


Source = str | os.PathLike[str] | IO[bytes] | Iterable[str | bytes]


def _open(source: Source) -> tuple[Any, bool]:
    if isinstance(source, (str, os.PathLike)):
        return open(source, "rb"), True
    if hasattr(source, "read"):
        return source, False
    return _LineReader(source), False


def split_raw(source: Source, *, max_section: int = DEFAULT_MAX_SECTION) -> Iterator[RawSection]:
    """Raw sections of a dump, lazily; each holds at most ``max_section`` bytes of output."""
    reader, owned = _open(source)
    try:
        # a file opened here is read again from where a block ends (no copy of the block's cut line to carry)
        yield from _split(reader, max_section, owned and reader.seekable())
    finally:
        if owned:
            reader.close()


def _split(reader: Any, cap: int, seek: bool = False) -> Iterator[RawSection]:
    prompt_bytes = b""
    prompt_line = 1
    body: list[bytes] = []
    body_size = 0
    body_line = 1
    line = 1  # number of the next line to consume
    carry = b""
    back = 0  # the bytes to read again (with ``seek``: the rest of the last block, not carried)
    cut = 0  # the cap, once the current section was cut at it (its remaining parts are errors too)
    line_start = True  # the next block starts a line
    command_line = b""  # the last prompt line that was not a fleet tool's framing
    context = b""  # the current section's context (see RawSection)
    framed_start = False  # the current section starts at a fleet tool's framing
    framed = False
    sure_prompt = 0  # the current section's prompt line's sure shape (0: none)
    new = tuple.__new__  # RawSection(...) without its Python-level __new__ (one call per section)

    def overflow() -> Iterator[RawSection]:
        """Past the cap, hand the current output out in parts (bounded memory); keeps the rest."""
        nonlocal body, body_size, body_line, prompt_bytes, prompt_line, cut, sure_prompt
        while body_size > cap:
            joined = b"".join(body)
            at = joined.rfind(b"\n", 0, cap) + 1 or cap
            head, rest = joined[:at], joined[at:]
            yield RawSection(prompt_bytes, prompt_line, head, body_line, cap, context, sure_prompt)
            body_line += head.count(b"\n")
            prompt_bytes = b""
            sure_prompt = 0
            prompt_line = body_line
            body, body_size = ([rest], len(rest)) if rest else ([], 0)
            cut = cap

    while True:
        chunk = reader.read(BLOCK + back)  # (the bytes read again, and a block: as the carried bytes and a block)
        back = 0
        if chunk:
            data = carry + chunk if carry else chunk
            end = data.rfind(b"\n")
            if end < 0:
                if len(data) <= cap:
                    carry = data
                    continue
                end = len(data) - 1  # a runaway line: cut it here
            size = end + 1  # the block is data[:size] (not sliced: a copy of the block), the rest is carried
            held = _framing_begun(data, size)
            if held is not None and (held or len(data) <= cap):
                # a fleet tool's framing (a rule, a host, the rule) may go on in the next block: read it whole
                if not held:
                    carry = data
                    continue
                size = held
            if size == len(data):
                carry = b""
            elif seek:
                back = len(data) - size
                reader.seek(-back, os.SEEK_CUR)  # the rest is read again with the next block
                carry = b""
            else:
                carry = data[size:]
        else:
            data, carry = carry, b""
            size = len(data)
            if not data:
                break
        # candidate lines found in C: a match starts at the newline before the line and ends at the line's end; its
        # lastindex is set when the line is of a sure shape (matches read as they come: no list of spans, 2 M on d2)
        matches: Iterable[Any] = _CANDIDATE_LINE.finditer(data, 0, size)
        if line_start and (first := _first_line_match(data, size)) is not None:
            matches = chain((_AtStart(first.end() - 1, first.lastindex),), matches)
        line_start = data[size - 1] == 10  # (a block is never empty)
        pos = 0
        for m in matches:
            start = m.start() + 1
            if start < pos:
                continue  # inside a framing of three lines already taken
            stop = m.end()
            sure = m.lastindex
            if sure is not None and not body and stop - start < MAX_PROMPT and start - pos <= cap:
                # the usual case, in short (the same steps as below): a sure prompt line after output of this block
                piece = data[pos:start]
                if piece:
                    n = (length := len(piece)) - len(piece.replace(b"\n", b"", most := length >> 4))
                    line += n if n < most else piece.count(b"\n")
                if prompt_bytes or piece:
                    yield new(RawSection, (prompt_bytes, prompt_line, piece, body_line, cut, context, sure_prompt))
                if prompt_bytes and not framed_start:
                    command_line = prompt_bytes
                pos = stop + 1 if stop < size else stop
                prompt_bytes = data[start:pos]
                framed_start = False
                sure_prompt = SHAPE_OF_GROUP[sure]
                context = b""
                prompt_line = line
                line += 1
                body_line = line
                cut = 0
                continue
            end = stop + 1 if stop < size else stop  # the prompt line with its newline
            framed = False  # a fleet tool's framing (never one of the sure prompt shapes: they hold a prompt byte)
            if sure is not None:
                if end - start > MAX_PROMPT:
                    continue
            elif data[start] in _RULE_BYTES and (three := SANDWICH.match(data, start, size)) is not None:
                end, framed = three.end(), True  # a rule, a host, a rule
            elif end - start > MAX_PROMPT:
                continue
            elif SURE_PROMPT_ASCII.fullmatch(data, start, stop) is not None:
                sure = 0  # (a shape not known; the scan marks these itself: tests/test_split_scan.py)
            else:
                found = prompt(data[start:stop].decode("utf-8", "surrogateescape").rstrip("\r\n"))
                if found is None:
                    continue
                framed = found.framed
            stop = end
            piece = data[pos:start]
            if piece:
                # newlines counted by memchr, a call a line (about 80 instructions), up to one each 16 bytes; a
                # denser piece is counted byte by byte (about 5 a byte)
                n = (length := len(piece)) - len(piece.replace(b"\n", b"", most := length >> 4))
                line += n if n < most else piece.count(b"\n")
            if body or len(piece) > cap:  # output held from before (an earlier block), or past the cap
                if piece:
                    body.append(piece)
                    body_size += len(piece)
                    if body_size > cap:
                        yield from overflow()
                output = body[0] if len(body) == 1 else b"".join(body)
                body, body_size = [], 0
            else:
                output = piece  # (the usual case: the output between two prompts of one block)
            # the output before this prompt ends the current section
            if prompt_bytes or output:
                yield new(RawSection, (prompt_bytes, prompt_line, output, body_line, cut, context, sure_prompt))
            if prompt_bytes and not framed_start:
                command_line = prompt_bytes
            prompt_bytes = data[start:stop]
            framed_start = framed
            sure_prompt = SHAPE_OF_GROUP[sure] if sure is not None and not framed else 0
            context = command_line if framed else b""
            prompt_line = line
            line += prompt_bytes.count(b"\n") + (prompt_bytes[-1] != 10) if framed else 1  # (one line, or a framing)
            body_line = line
            cut = 0
            pos = stop
        piece = data[pos:size]  # the rest of the block is output
        if piece:
            n = (length := len(piece)) - len(piece.replace(b"\n", b"", most := length >> 4))
            line += n if n < most else piece.count(b"\n")
            body.append(piece)
            body_size += len(piece)
            if body_size > cap:
                yield from overflow()
    output = body[0] if len(body) == 1 else b"".join(body)
    if prompt_bytes or output:
        yield new(RawSection, (prompt_bytes, prompt_line, output, body_line, cut, context, sure_prompt))


_RULE_BYTES = frozenset(b"-=")


class _AtStart:
    """A candidate line at a block's start, read as the scan's matches are (which start at the newline before)."""

    __slots__ = ("_end", "lastindex")

    def __init__(self, end: int, lastindex: int | None) -> None:
        self._end = end
        self.lastindex = lastindex

    def start(self) -> int:
        return -1

    def end(self) -> int:
        return self._end


_RULES = (b"-----", b"=====")


def _framing_begun(data: bytes, size: int | None = None) -> int | None:
    """Where a rule-host-rule framing that the end of ``data[:size]`` (whole lines) may cut begins, or None.

    A rule among the last two lines opens a framing that may go on past the block, unless it closes one that
    began two lines before it.
    """
    starts = [len(data) if size is None else size]
    for _ in range(4):  # the starts of the last four lines, last first
        if starts[-1] == 0:
            break
        starts.append(data.rfind(b"\n", 0, starts[-1] - 1) + 1)
    lines = starts[1:]  # [last, second, third, fourth]
    for k in (1, 0):  # the second-to-last line first: the earliest wins
        if k < len(lines) and data.startswith(_RULES, lines[k], starts[0]):
            opener = lines[k + 2] if k + 2 < len(lines) else None
            closes = opener is not None and (m := SANDWICH.match(data, opener, starts[0])) is not None and (
                m.end() == starts[k])
            if not closes:
                return lines[k]
    return None

