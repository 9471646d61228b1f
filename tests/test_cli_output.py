"""The CLI's JSON lines are the same bytes whichever way they reach the output (``_cli._write``): as text, or as
UTF-8 bytes to the binary stream under a text stream (``_byte_sink``), in runs or a line at a time."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

import rsctparse
from rsctparse import _cli, _jsonl
from rsctparse._cli import main

orjson: Any
try:
    import orjson
except ImportError:  # pragma: no cover - in the test extra
    orjson = None

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# files with failed sections (their messages go between the lines when stdout and stderr are one stream), bytes
# that were not UTF-8 (written with the stream's error handler), several commands
FILES = [CORPUS / "dumps" / "crlf-ansi-echo-badbyte.txt", *sorted((CORPUS / "scenarios").glob("*.txt")),
         *sorted((CORPUS / "dumps").glob("*.txt"))[:6]]
ENCODERS = [False, True] if orjson is not None else [False]


class _Raw(io.RawIOBase):
    """A binary file that keeps what it is given, and each write's size."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.writes: list[int] = []

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.data += bytes(b)
        self.writes.append(len(b))
        return len(b)


def _text_stream(use_orjson: bool, path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The output (stdout and stderr one stream) written as text, encoded as sys.stdout encodes it."""
    out = io.StringIO()
    with monkeypatch.context() as m:
        m.setattr(_jsonl, "_orjson", orjson if use_orjson else None)
        main([str(path)], stdout=out, stderr=out)
    return out.getvalue().encode("utf-8", "backslashreplace")


def _wrapped(use_orjson: bool, path: Path, monkeypatch: pytest.MonkeyPatch, line_buffering: bool = False,
             run: int | None = None) -> _Raw:
    raw = _Raw()
    out = io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", errors="backslashreplace",
                           line_buffering=line_buffering)
    with monkeypatch.context() as m:
        m.setattr(_jsonl, "_orjson", orjson if use_orjson else None)
        if run is not None:
            m.setattr(_cli, "_RUN", run)
        main([str(path)], stdout=out, stderr=out)
    out.flush()
    return raw


@pytest.mark.parametrize("use_orjson", ENCODERS)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bytes_to_the_binary_stream_are_what_the_text_gives(use_orjson: bool, path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    want = _text_stream(use_orjson, path, monkeypatch)
    for run in (1, 3, 64):
        assert bytes(_wrapped(use_orjson, path, monkeypatch, run=run).data) == want, run


def test_a_byte_that_was_not_utf8_is_written_with_the_stream_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    for use_orjson in ENCODERS:
        data = bytes(_wrapped(use_orjson, FILES[0], monkeypatch).data)
        assert b"\\udc" in data  # (backslashreplace: the lone surrogate as text)
        data.decode("utf-8")  # nothing else written but UTF-8


def test_a_line_buffered_stream_gets_each_line_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal shows each section as it is parsed: no runs there."""
    path = CORPUS / "scenarios" / "healthy.txt"
    raw = _wrapped(True, path, monkeypatch, line_buffering=True)
    lines = bytes(raw.data).count(b"\n")
    assert lines > 3 and len(raw.writes) >= lines
    assert len(_wrapped(True, path, monkeypatch).writes) < lines  # (elsewhere, runs)
    assert raw.data == _wrapped(True, path, monkeypatch).data


def test_which_streams_take_bytes() -> None:
    assert _cli._byte_sink(io.StringIO()) is None
    assert _cli._byte_sink(io.TextIOWrapper(io.BytesIO(), encoding="latin-1")) is None
    assert _cli._byte_sink(io.TextIOWrapper(io.BytesIO(), encoding="utf-8", line_buffering=True)) is None
    buffer = io.BytesIO()
    assert _cli._byte_sink(io.TextIOWrapper(buffer, encoding="UTF8", errors="replace")) == (buffer, "replace")


def test_lines_made_before_an_interruption_are_written(monkeypatch: pytest.MonkeyPatch) -> None:
    sections = list(rsctparse.iter_sections(str(CORPUS / "scenarios" / "healthy.txt")))
    assert len(sections) > 2

    def interrupted() -> Any:
        yield from sections[:2]
        raise KeyboardInterrupt

    for out in (io.StringIO(), io.TextIOWrapper(io.BytesIO(), encoding="utf-8")):
        progress = _cli._Progress(out, None, False)
        with pytest.raises(KeyboardInterrupt):
            _cli._write(interrupted(), False, out, out, progress)
        out.flush()
        text = out.getvalue() if isinstance(out, io.StringIO) else out.buffer.getvalue().decode()
        assert text == "".join(_jsonl.compact_text(s) for s in sections[:2])
