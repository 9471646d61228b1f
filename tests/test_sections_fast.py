"""The usual section's short path (``_sections._build``) against the general one (``_general``), and the prompt
reading it uses (``_prompt.sure_command``, with its cache of tails) against ``sure_prompt``."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from bench.gen_dump import write
from rsctparse import _prompt, _session
from rsctparse import _sections as sections_module
from rsctparse._prompt import sure_command, sure_prompt
from rsctparse._sections import Section, _build, _builder, _Context, _general
from rsctparse._split import RawSection, split_raw
from rsctparse._values import CACHED_LINE_MAX
from tests.golden import cases, dumps
from tests.test_captures import _FAILED_RUN_MESSAGES

_CORPUS = sorted(p for p in Path(__file__).resolve().parent.parent.joinpath("corpus").rglob("*.txt"))
_FIELDS = [f.name for f in attrs.fields(Section) if f.name != "error"]


def _full(section: Section) -> tuple[Any, ...]:
    """Everything a section holds: its class, every field (the error's too), its records' classes."""
    err = section.error
    return (type(section), *(getattr(section, name) for name in _FIELDS), [type(r) for r in section.records],
            None if err is None else (type(err), err.message, err.command, err.line, err.column, err.text_line,
                                      err.source))


def _contexts() -> Iterator[_Context]:
    yield _Context(None, None, None, "fast")
    yield _Context("dump.txt", None, None, "fast")
    yield _Context("x", "lssrc", "lssrc -a", "fast")


def test_the_short_path_is_the_hand_engines() -> None:
    assert _builder(_Context(None, None, None, "lark")) is _general
    assert _builder(_Context(None, None, None, "fast")) is _build


def _check(data: bytes, contexts: tuple[_Context, ...] = (_Context("dump.txt", None, None, "fast"),)) -> int:
    """Every raw section of ``data`` builds the same sections by the short path as by the general one; the number
    of sections built."""
    raws = list(split_raw(io.BytesIO(data)))
    for ctx in contexts:
        for n, raw in enumerate(raws):
            lone = n == 0 and len(raws) == 1 and not raw.prompt
            assert [_full(s) for s in _build(ctx, raw, lone)] == [_full(s) for s in _general(ctx, raw, lone)], raw
    return len(raws)


def _generated(seed: int, megabytes: float, profiles: bool) -> bytes:
    out = io.StringIO()
    write(out, megabytes, seed=seed, profiles=profiles)
    return out.getvalue().encode("utf-8", "surrogateescape")


def test_short_path_on_the_corpus_and_generated_dumps() -> None:
    for path in _CORPUS:
        _check(path.read_bytes(), tuple(_contexts()))
    for seed, profiles in ((1, False), (2, True)):
        assert _check(_generated(seed, 0.2, profiles), tuple(_contexts())) > 100


def test_short_path_is_taken_by_most_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    """(The differential tests above compare something: the usual section takes the short path.)"""
    general = []

    def counted(ctx: _Context, raw: RawSection, lone: bool) -> Sequence[Section]:
        general.append(raw)
        return _general(ctx, raw, lone)

    monkeypatch.setattr(sections_module, "_general", counted)
    sections = list(rsctparse.iter_sections(io.BytesIO(_generated(3, 0.2, False))))
    assert len(sections) > 150 and len(general) < len(sections) // 10


# outputs of every sample, and first lines that send a section to the general path (noise, failures, artefacts)
_BODIES = [p.read_bytes().decode("utf-8", "surrogateescape") for p in cases()]
_FIRST_LINES = ["", "Password:", "Last login: Mon Dec  7 10:00:00 2026 from 10.0.0.1", "{c}", " {c} ", "-----",
                "ssh: connect to host aix1 port 22: Connection refused", "sudo: a password is required",
                "ksh: lssrc: not found", "\x1b[0m", "\ufeff", "*** Authorized access only ***", "x\r", "\t",
                "Subsystem         Group            PID          Status", "\xff", "   ",
                "pdsh@h: aix1: ssh exited with exit code 255"]
_SHAPES = ["### rsctparse host={h} argv={c}", "[root@{h} ~]# {c}", "[root@{h}]$ {c}", "hscroot@{h}:~> {c}",
           "[root@{h}\t~]# {c}", "[root@{h}\t]%\t{c}", "### rsctparse host={h}\t argv={c}",
           "root@{h}::/> {c}", "{h}:/ # {c}", "{h}:/#{c}", "{h}:/tmp%# {c}", "{h} /home $ {c}", "{h}\t/ #\t{c}",
           "u@{h}:/a%b> {c}", "u@{h}:/x% {c}", "[u@{h} a]b]# {c}", "{h}:/ # {c}\r"]
_COMMANDS = ["lssrc -a", "lssrc -s ctrmc", "/usr/sbin/rsct/bin/ctsthl -l", "lsrsrc IBM.MCP", "rmcctrl -p",
             "ssh aix2 lssrc -a", "dsh -n aix1,aix2 lssrc -a", "lssyscfg -r lpar -m sys", "lshmc -V", "", " ",
             "/opt/rsct/bin/rmcdomainstatus -s ctrmc", "lspartition -dlpar", "sudo /usr/sbin/rsct/bin/ctsvhbal",
             "lssrc -a | grep rsct", "uname -a", "'lssrc -a"]


# what a section's output may hold besides what its command printed (the general path reads each otherwise)
_INSERTS = ["", "", "\x1b[0m", "\ufeff", "\r", "\xff", "\n", "\nPassword:\n", "\n\n", " ", "\t", "\"", ","]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SHAPES), st.sampled_from(["aix1", "a.b-c_d", "x", "hmc01"]),
                          st.sampled_from(_COMMANDS), st.sampled_from(_FIRST_LINES), st.sampled_from(_BODIES),
                          st.sampled_from(["", "\n", "\r\n"]), st.sampled_from(_INSERTS), st.floats(0, 1)),
                min_size=1, max_size=6))
def test_short_path_equals_the_general_one(parts: list[tuple[str, str, str, str, str, str, str, float]]) -> None:
    chunks = []
    for shape, host, command, first, body, end, insert, at in parts:
        cut = int(len(body) * at)
        body = body[:cut] + insert + body[cut:]
        chunks.append(shape.format(h=host, c=command) + "\n" + (first.format(c=command) + "\n" if first else "")
                      + (body.rstrip("\n") + end if end else body))
    data = "".join(chunks).encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff")
    _check(data, tuple(_contexts()))


def test_short_path_with_artefacts_inside_outputs() -> None:
    """Each of ``_INSERTS`` in the middle of each of the first lines of each sample's output (random positions
    favour the ends, where the fast engine rejects the output anyway)."""
    for n, body in enumerate(_BODIES):
        starts = [0, *[i + 1 for i, ch in enumerate(body) if ch == "\n"][:4]]
        ends = [*starts[1:], len(body)]
        chunks: list[str] = []
        for insert in _INSERTS:
            for start, end in zip(starts, ends, strict=True):
                at = (start + end) // 2
                prompt = _SHAPES[(n + len(chunks)) % len(_SHAPES)].format(h="aix1", c=_COMMANDS[n % len(_COMMANDS)])
                chunks.append(prompt + "\n" + body[:at] + insert + body[at:] + ("" if body.endswith("\n") else "\n"))
        _check("".join(chunks).encode("utf-8", "surrogateescape"))


def _readings(data: bytes) -> Iterator[tuple[str, int]]:
    for raw in split_raw(io.BytesIO(data)):
        if raw.sure:
            yield raw.prompt.decode(), raw.sure


def _check_lines(data: bytes) -> int:
    """``sure_command`` reads each line the split marks sure as ``sure_prompt`` does, or leaves it to it."""
    read = 0
    for line, shape in _readings(data):
        found = sure_command(line, shape)
        inv = sure_prompt(line.rstrip("\n"), shape)
        assert inv is not None
        if found is not None:
            read += 1
            assert found == (inv.host, inv.argv, inv.command, inv.command_argv), line
            assert inv._replace(host=None, argv=None, command=None, command_argv=None) == _prompt.CommandLine(
                None, None, None, None), line  # (a plain prompt: no fleet tool, log, indent or framing)
        else:
            assert inv.fleet or inv.argv is None or _prompt._SHAPE_MATCH.get(shape) is None, line
    return read


def test_sure_command_on_the_corpus_and_generated_dumps() -> None:
    for path in dumps():
        _check_lines(path.read_bytes())
    assert _check_lines(_generated(4, 0.3, False)) > 100


_PIECES = st.lists(st.sampled_from(["aix1", "root", "@", ":", "::", "/", "/tmp", "~", " ", "  ", "\t", "#", "$", ">",
                                    "%", "[", "]", "lssrc -a", "dsh aix1 lssrc -a", "ssh h lssrc", " argv=", "-", "x",
                                    "### rsctparse host=", ".", "_", "'", "|"]), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=8), st.lists(st.sampled_from(["aix1", "b", "h.x-y", "q_1"]),
                                                             min_size=1, max_size=3))
def test_sure_command_equals_sure_prompt_with_and_without_cached_tails(lines: list[str], hosts: list[str]) -> None:
    """Lines of the shapes' pieces, each also with its host (the word before ``@``, ``:``, ``]`` or a blank)
    replaced: the tail kept from one line is read the same for another, and as when nothing was kept."""
    variants = []
    for line in lines:
        variants.append(line)
        for host in hosts:
            for sep in ("@", ":", " ", "="):
                head, found, tail = line.partition(sep)
                if found:
                    variants.append(head.rsplit(" ", 1)[0] + host + sep + tail if sep == "=" else
                                    head + sep + host + tail[len(tail) - len(tail.lstrip("aixrot1_.-b")):])
    data = "\n".join(variants).encode()
    for tails in _prompt._TAILS:
        tails.clear()
    _check_lines(data)  # (tails read on the way: the second line of a tail finds it kept)
    cold = []
    for line, shape in _readings(data):
        for tails in _prompt._TAILS:
            tails.clear()
        cold.append(sure_command(line, shape))
    assert [sure_command(line, shape) for line, shape in _readings(data)] == cold


def test_sure_command_reads_every_shape() -> None:
    lines = [(1, "### rsctparse host=aix1 argv=lssrc -a"), (2, "[root@aix1 ~]# lssrc -a"),
             (2, "[root@aix1\t~]#lssrc -a"), (2, "[root@aix1]$ lssrc -a"), (3, "root@aix1:/home> lssrc -a"),
             (3, "root@aix1:/a%b% lssrc -a"), (4, "aix1:/ # lssrc -a"), (4, "aix1:/\t# lssrc -a"),
             (5, "aix1 /home $ lssrc -a"), (5, "aix1\t/home\t$ lssrc -a")]
    for shape, line in lines:
        assert (_prompt._SHAPE_MATCH[shape][0](line) is not None and _readings(line.encode() + b"\n").__next__()
                == (line + "\n", shape)), line
        assert sure_command(line + "\n", shape) == ("aix1", "lssrc -a", "lssrc", "lssrc -a"), line
        assert sure_command(line.replace("aix1", "aix2") + "\n", shape) == ("aix2", "lssrc -a", "lssrc",
                                                                             "lssrc -a"), line
    assert sure_command("aix1:/ # dsh -n a lssrc -a\n", 4) is None  # a fleet tool: the general path
    assert sure_command("[root@aix1 ~]# ssh aix9 lssrc -a\n", 2) == ("aix9", "ssh aix9 lssrc -a", "lssrc",
                                                                      "lssrc -a")


@pytest.mark.parametrize("message", _FAILED_RUN_MESSAGES)
def test_a_failed_runs_message_is_no_plain_start(message: str) -> None:
    """``plain_start`` reads a line by the failed-run patterns only when it holds one of their words: each message
    still reads as one (and is then not plain), alone or after a blank."""
    for line in (message, " " + message, message + "\r"):
        _session._PLAIN_STARTS.clear()
        assert _session._failure_word(line.strip()) and not _session.plain_start(line), line


def test_long_lines_are_plain_starts_without_failed_run_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    row = ",".join(f"attr_{k}=value{k}" for k in range(200))  # (an lssyscfg row: not cached, read each time)
    read = []

    class Pattern:
        def fullmatch(self, text: str) -> None:
            read.append(text)

    monkeypatch.setattr(_session, "_FAILURES", ((Pattern(), "x"),))
    monkeypatch.setattr(_session, "_PLAIN_STARTS", {})
    assert _session.plain_start(row) and row not in _session._PLAIN_STARTS and read == []
    assert _session.plain_start("ssh: x") and read == ["ssh: x"]  # (a line with a word: read by the patterns)


def test_only_short_tails_are_kept() -> None:
    for tails in _prompt._TAILS:
        tails.clear()
    long = "lssrc -a " + "x" * CACHED_LINE_MAX
    assert sure_command(f"aix1:/ # {long}\n", 4) == ("aix1", long, "lssrc", long)
    assert sure_command("aix1:/ # lssrc -a\n", 4) == ("aix1", "lssrc -a", "lssrc", "lssrc -a")
    assert list(_prompt._TAILS[4]) == ["/ # lssrc -a\n"]
