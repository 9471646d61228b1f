"""The split's block reading and its loop against the previous version (main e92d68a), kept verbatim below: the
same raw sections (every field) from a path (a block's cut line read again from the file), from a stream (the cut
line carried), for any block size and section cap."""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.gen_dump import write
from rsctparse import _split as split_module
from rsctparse._prompt import MAX_PROMPT, SANDWICH, SURE_PROMPT_ASCII, prompt
from rsctparse._split import _CANDIDATE_LINE, SHAPE_OF_GROUP, RawSection, split_raw
from tests.test_split_scan import _PIECES, _RULE_PIECES
from tests.test_stream import _LINES

BLOCK = 1 << 20
_HEAD_LINES = 4

# ---- the previous version (rsctparse/_split.py at e92d68a), verbatim but for its name -------------------------


def _first_line_match(data: bytes) -> re.Match[bytes] | None:
    """The scan's match of a block's first line, as if a newline came before it (one pattern compiled, not two:
    the scan is the dearest pattern to compile at import), on the block's first few lines only."""
    cut = -1
    for _ in range(_HEAD_LINES):
        cut = data.find(b"\n", cut + 1)
        if cut < 0:
            cut = len(data)
            break
    return _CANDIDATE_LINE.match(b"\n" + data[:cut])



def _previous(reader: Any, cap: int) -> Iterator[RawSection]:
    prompt_bytes = b""
    prompt_line = 1
    body: list[bytes] = []
    body_size = 0
    body_line = 1
    line = 1  # number of the next line to consume
    carry = b""
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
        chunk = reader.read(BLOCK)
        if chunk:
            data = carry + chunk if carry else chunk
            end = data.rfind(b"\n")
            if end < 0:
                if len(data) <= cap:
                    carry = data
                    continue
                end = len(data) - 1  # a runaway line: cut it here
            data, carry = data[: end + 1], data[end + 1 :]
            held = _framing_begun(data)
            if held is not None and (held or len(data) + len(carry) <= cap):
                # a fleet tool's framing (a rule, a host, the rule) may go on in the next block: read it whole
                data, carry = data[:held], data[held:] + carry
                if not data:
                    continue
        else:
            data, carry = carry, b""
            if not data:
                break
        # candidate lines found in C: a match starts at the newline before the line and ends at the line's end; its
        # lastindex is set when the line is of a sure shape (matches read as they come: no list of spans, 2 M on d2)
        matches: Iterable[Any] = _CANDIDATE_LINE.finditer(data)
        if line_start and (first := _first_line_match(data)) is not None:
            matches = chain((_AtStart(first.end() - 1, first.lastindex),), matches)
        line_start = data.endswith(b"\n")
        size = len(data)
        pos = 0
        for m in matches:
            start = m.start() + 1
            if start < pos:
                continue  # inside a framing of three lines already taken
            stop = m.end()
            sure = m.lastindex
            end = stop + 1 if stop < size else stop  # the prompt line with its newline
            framed = False  # a fleet tool's framing (never one of the sure prompt shapes: they hold a prompt byte)
            if sure is not None:
                if end - start > MAX_PROMPT:
                    continue
            elif data[start] in _RULE_BYTES and (three := SANDWICH.match(data, start)) is not None:
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
        piece = data[pos:]  # the rest of the block is output
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


def _framing_begun(data: bytes) -> int | None:
    """Where a rule-host-rule framing that the end of ``data`` (whole lines) may cut begins, or None.

    A rule among the last two lines opens a framing that may go on past the block, unless it closes one that
    began two lines before it.
    """
    starts = [len(data)]
    for _ in range(4):  # the starts of the last four lines, last first
        if starts[-1] == 0:
            break
        starts.append(data.rfind(b"\n", 0, starts[-1] - 1) + 1)
    lines = starts[1:]  # [last, second, third, fourth]
    for k in (1, 0):  # the second-to-last line first: the earliest wins
        if k < len(lines) and data.startswith(_RULES, lines[k]):
            opener = lines[k + 2] if k + 2 < len(lines) else None
            closes = opener is not None and (m := SANDWICH.match(data, opener)) is not None and m.end() == (
                starts[k])
            if not closes:
                return lines[k]
    return None



# ---- the tests ----------------------------------------------------------------------------------------------------


def _fields(raws: Iterable[RawSection]) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in raws]


def _all_ways(data: bytes, block: int, cap: int) -> None:
    """The previous split (a stream), the split of a stream and of a file: the same sections, every field."""
    global BLOCK
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(split_module, "BLOCK", block)
        BLOCK = block
        try:
            before = _fields(_previous(io.BytesIO(data), cap))
            stream = _fields(split_raw(io.BytesIO(data), max_section=cap))
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp, "dump.txt")
                path.write_bytes(data)
                from_path = _fields(split_raw(path, max_section=cap))
        finally:
            BLOCK = 1 << 20
    assert stream == before
    assert from_path == before


_TEXT = st.lists(st.one_of(_LINES, _PIECES, _RULE_PIECES), max_size=24)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.booleans(), st.integers(1, 96), st.sampled_from([8, 40, 100, 300, 1 << 20]))
def test_split_equals_the_previous_one_for_any_block_and_cap(lines: list[str], final_eol: bool, block: int,
                                                             cap: int) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff")
    if final_eol and data:
        data += b"\n"
    _all_ways(data, block, cap)


_CORPUS = sorted(p for p in Path(__file__).resolve().parent.parent.joinpath("corpus").rglob("*") if p.is_file())


def test_split_equals_the_previous_one_on_the_corpus_and_a_dump() -> None:
    for path in _CORPUS:
        data = path.read_bytes()
        for block in (7, 100, 4096, 1 << 20):
            _all_ways(data, block, 1 << 20)
        _all_ways(data, 512, 2000)
    out = io.StringIO()
    write(out, 0.3, seed=5, profiles=True)
    data = out.getvalue().encode("utf-8", "surrogateescape")
    for block in (1000, 1 << 16):
        _all_ways(data, block, 1 << 20)
        _all_ways(data, block, 5000)


def test_a_file_is_read_again_where_a_block_ends() -> None:
    """A file opened from its path is read again from where a block ends (and a stream is not), so that a test of
    the path above exercises that way (a test that can fail: with the cut line carried it is read once)."""
    data = b"".join(b"# lssrc -a\n ctrmc rsct %d active\n" % i for i in range(300))
    seeks: list[int] = []

    class Counted(io.BufferedReader):
        def seek(self, offset: int, whence: int = 0) -> int:
            seeks.append(offset)
            return super().seek(offset, whence)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "dump.txt")
        path.write_bytes(data)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(split_module, "BLOCK", 1000)
            mp.setattr(split_module, "open", lambda p, mode: Counted(io.FileIO(p, mode)), raising=False)
            sections = list(split_raw(path))
    assert len(sections) == 300 and seeks and all(-1000 < s < 0 for s in seeks)
