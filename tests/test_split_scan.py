"""The splitter's candidate scan, tuned for speed, against its plain definition (docs/performance.md, Session 4)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.gen_dump import write
from rsctparse._prompt import (
    _CANDIDATE_TEXT,
    _SHAPES,
    CANDIDATE,
    SURE_ANY,
    SURE_PROMPT_ASCII,
    CommandLine,
    prompt,
    sure_prompt,
)
from rsctparse._split import _CANDIDATE_LINE, _first_line_match, split_raw
from tests.test_stream import _LINES, _reference_split

# The scan as it was written before it was tuned (main 7deb4be): which lines may be command lines or framings.
_HOST_LINE = rb"\r?\n(?:NODE[ \t]+)?[A-Za-z0-9][\w.,\[\]-]*+(?:[ \t]+\(\d+\))?[ \t]*+\r?\n"
_PLAIN = re.compile(
    rb"\n((?:### rsctparse |\(\w*\)|\[|[#$%]|\x1b[\[\]]|\xef\xbb\xbf|HOSTS?:"
    rb"|[-=*](?:(?<=-)-{4,}+(?=" + _HOST_LINE + rb"-)|(?<==)={4,}+(?=" + _HOST_LINE + rb"=)"
    rb"|[-=*]{2,}+[ \t]*+[A-Za-z0-9])"
    rb"|[\w.-]++(?:@|:[~/\w]|[#$>%]|[ \t]++(?:[/~@#$>%|]|\d\d:|'))|\t[\w.-]++@|    [ \t]*+[\w.-]*+[@#$%\[])[^\n]*+)"
)
_TUNED = re.compile(rb"\n((?:" + CANDIDATE + rb")[^\n]*+)")
# The scan as it was before its alternatives were regrouped for speed (main 1ce70aa), verbatim: the regrouped scan
# must find the same lines, with the same sure marks, and ``prompt``'s text form must accept the same lines.
_W = rb"[A-Za-z0-9_.-]"
_PREV_HOST_LINE = rb"\r?\n(?:NODE[ \t]+)?[A-Za-z0-9][A-Za-z0-9_.,\[\]-]*+(?:[ \t]+\(\d+\))?[ \t]*+\r?\n"
_PREV_FORM = (
    rb"(?:" + _W + _W + rb"*+(?:@{S2}|[#$>%]|:(?:/{S3}|[~A-Za-z0-9_])|[ \t][ \t]*+(?:/{S4}|[~@#$>%|]|\d\d:|'))"
    rb"|#{M}|\[{S1}|[$%]|\([A-Za-z0-9_]*\)|\x1b[\[\]]|\xef\xbb\xbf|HOSTS?:"
    rb"|------*+(?=" + _PREV_HOST_LINE + rb"-)|======*+(?=" + _PREV_HOST_LINE + rb"=)"
    rb"|[-=*][-=*][-=*][-=*]*+[ \t]*+[A-Za-z0-9]"
    rb"|\t" + _W + _W + rb"*+@|    [ \t]*+" + _W + rb"*+[@#$%\[])"
)
_PREV_PATH, _PREV_CMD = rb'(?>[!"%-=?-~]*', rb"[ -~]*+(?![^\n])()"
_PREV_RESTS = {
    b"{M}": rb"## rsctparse host=[!-~]*+ argv=[ -~]*+(?![^\n])()",
    b"{S1}": _W + rb"++@" + _W + rb"++(?:[ \t][^\]\x00-\x1f\x7f-\xff]*+)?\][#$%]" + _PREV_CMD,
    b"{S2}": _W + rb"++:" + _PREV_PATH + rb"[ \t]*[>#$%])" + _PREV_CMD,
    b"{S3}": _PREV_PATH + rb"[ \t]*[#$>%])" + _PREV_CMD,
    b"{S4}": _PREV_PATH + rb"[ \t]+[#$>%])" + _PREV_CMD,
}
_PREV_SURE, _PREV_PLAIN = _PREV_FORM, _PREV_FORM
for _mark, _rest in _PREV_RESTS.items():
    _PREV_SURE = _PREV_SURE.replace(_mark, b"(?:" + _rest + b"|)")
    _PREV_PLAIN = _PREV_PLAIN.replace(_mark, b"")
_PREV_LINE = re.compile(rb"\n(?:" + _PREV_SURE + rb")[^\n]*+")
_PREV_FIRST_LINE = re.compile(rb"(?:" + _PREV_SURE + rb")[^\n]*+")
_PREV_TEXT = re.compile(_PREV_PLAIN.decode("ascii").replace("\\xef\\xbb\\xbf", "\ufeff"), re.ASCII)


def _check_previous(data: bytes) -> None:
    """The regrouped scan finds the lines of the previous one, with the same marks (and at the block's start)."""
    def marks(pattern: re.Pattern[bytes]) -> list[tuple[int, int, bool]]:
        return [(m.start(), m.end(), m.lastindex is not None) for m in pattern.finditer(data)]

    assert marks(_CANDIDATE_LINE) == marks(_PREV_LINE)
    first, prev = _first_line_match(data), _PREV_FIRST_LINE.match(data)  # (first: on "\n" + the first lines)
    assert (first and (first.end() - 1, first.lastindex is not None)) == (
        prev and (prev.end(), prev.lastindex is not None))
    for line in data.decode("utf-8", "surrogateescape").split("\n"):
        assert (_CANDIDATE_TEXT.match(line) is None) == (_PREV_TEXT.match(line) is None), line


_CORPUS = sorted(p for p in Path(__file__).resolve().parent.parent.joinpath("corpus").rglob("*") if p.is_file())


def _generated(seed: int, megabytes: float) -> bytes:
    out = io.StringIO()
    write(out, megabytes, seed=seed, profiles=True)
    return out.getvalue().encode("utf-8", "surrogateescape")


def _check(data: bytes) -> None:
    """Same lines as the plain scan (with and without the sure marks); a line is marked iff it is of a sure shape."""
    _check_previous(data)
    data = b"\n" + data
    _check_previous(data)
    plain = [m.span(1) for m in _PLAIN.finditer(data)]
    assert [m.span(1) for m in _TUNED.finditer(data)] == plain
    marked = [(m.start() + 1, m.end(), m.lastindex is not None) for m in _CANDIDATE_LINE.finditer(data)]
    assert [(start, end) for start, end, _ in marked] == plain
    for start, end, sure in marked:
        assert sure == (SURE_PROMPT_ASCII.fullmatch(data, start, end) is not None), data[start:end]


def test_scan_finds_the_plain_definitions_lines_on_the_corpus_and_generated_dumps() -> None:
    for path in _CORPUS:
        _check(path.read_bytes())
    for seed in (1, 2):
        _check(_generated(seed, 0.3))


def test_the_sure_marks_are_set_where_they_count() -> None:
    data = _generated(1, 0.3)
    assert sum(m.lastindex is not None for m in _CANDIDATE_LINE.finditer(data)) > 100  # (a test that can fail)


# lines made of the pieces prompts are made of, so that near misses of each shape come up
_PIECES = st.lists(st.sampled_from(["aix1", "root", "@", ":", "::", "/", "/tmp", "~", " ", "  ", "\t", "    ", "#",
                                    "$", ">", "%", "[", "]", "(0)", "-", "=", "-----", "|", "'", "12:", "lssrc -a",
                                    "### rsctparse host=", " argv=", "\x1b[0m", "\r", "\xff", "\n"]),
                   max_size=10).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_LINES, _PIECES, st.text(alphabet=st.sampled_from("#$%>[]()@:/ \t~|'=-*,.aA1_\x1b\r\xff"),
                                                   max_size=30)), max_size=12))
def test_scan_equals_the_plain_definition(lines: list[str]) -> None:
    _check("\n".join(lines).encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"))


# pieces of the shapes the regrouping touched: rules of -, = and *, framings' host lines, the rare first bytes
_RULE_PIECES = st.lists(st.sampled_from(["-", "--", "---", "-----", "=", "===", "=====", "*", "**", "-=*", "aix1",
                                         "NODE ", " (3)", " ", "\t", "\r", "\n", "#", "[", "$", "%", "(", ")", "(x)",
                                         "\x1b", "\x1b[", "\ufeff", "\udcef", "\udcbb", "H", "HOST", "HOSTS:", "@", ":",
                                         ":/", "/", "~", "'", "12:", "x", "_", ".", "|"]),
                        max_size=14).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_RULE_PIECES, _PIECES, _LINES), max_size=10))
def test_regrouped_scan_equals_the_previous_one(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff")
    _check_previous(data)
    _check_previous(b"\n" + data)


def test_regrouped_scan_on_rules_and_framings() -> None:
    """Every run of 1 to 7 rule bytes, then the ends a rule line may have, before framings' host lines."""
    heads = [c * n for c in "-=*" for n in range(1, 8)] + [a + b for a in ("-", "--", "---", "=", "==", "*", "-=")
                                                          for b in ("=", "*", "-", "==", "**", "--", "-=*")]
    ends = ["", "\r", " ", "\t", " aix1", "aix1", "\taix1 ====", " x@y:/ #", "@y:/ # a", " /", "#", ":/ #"]
    nexts = ["", "\naix1\n", "\naix1 \r\n", "\nNODE aix1 (2)\n", "\nHost Identity\n", "\n\n", "\naix1(2)\n", "\nNODE\n",
             "\nNODE (2) \r\n", "\r\naix1\t(12)\r\n", "\naix1 (x)\n", "\nNODE  a.b,c[1]\n"]
    for head in heads:
        for end in ends:
            for after in nexts:
                for close in ("-----", "=====", "x", ""):
                    _check_previous(f"out\n{head}{end}{after}{close}\n".encode())


def test_generated_dump_splits_as_the_line_by_line_definition() -> None:
    data = _generated(3, 0.2)
    raws = [(r.prompt, r.prompt_line, r.body, r.body_line) for r in split_raw(io.BytesIO(data))]
    assert raws == _reference_split(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["# lssrc -a", "root@aix1:~> x", "-----\naix1\n-----", "HOST: aix1"]),
                          st.lists(st.sampled_from(["", "x", " a b", "y" * 40, "z" * 300]), max_size=40)),
                max_size=6))
def test_line_numbers_of_dense_and_sparse_outputs(sections: list[tuple[str, list[str]]]) -> None:
    """Outputs of blank or short lines (newlines counted byte by byte) and of long ones (counted a line at a time)."""
    data = "".join(p + "\n" + "".join(line + "\n" for line in out) for p, out in sections).encode()
    raws = [(r.prompt, r.prompt_line, r.body, r.body_line) for r in split_raw(io.BytesIO(data))]
    assert raws == _reference_split(data)


_NEAR_MISSES = [
    "aix1 /tmp # lssrc -a", "aix1 /tmp# lssrc -a", "aix1\t/tmp %", "aix1 /tmp%# x", "aix1 tmp # x", "aix1 ~ # x",
    "aix1:/tmp# x", "aix1:/tmp # x", "aix1:/tmp%# x", "aix1:tmp# x", "aix1:_x", "aix1:~ # x", "aix1:/ > x",
    "root@aix1:~> x", "root@aix1:/> x", "root@aix1> x", "root@aix1:~>", "root@aix1:~ $ x", "root@:~> x",
    "[root@aix1 ~]# x", "[root@aix1]# x", "[root@aix1 ~]> x", "[root@aix1 ~]#", "[root@ ~]# x", "[root@aix1 ~ # x",
    "### rsctparse host=aix1 argv=lssrc -a", "### rsctparse host= argv=", "### rsctparse host=a b argv=x",
    "### rsctparse  host=a argv=x", "## rsctparse host=a argv=x", "root@aix1:~> x\r", "root@aix1:~> \x1b[0mx",
    "root@aix1:~> \xff", "[root@aix1 \x1b~]# x", "\troot@aix1:~> x", "    aix1:/ # x", "aix1 12:00:01 x", "a 'x",
]


def test_scan_on_prompt_shapes_and_their_near_misses() -> None:
    for line in _NEAR_MISSES:
        for end in ("", "\n", "\r\n"):
            _check((line + end).encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"))


def _check_sure_prompts(data: bytes) -> int:
    """A section marked ``sure`` by the split reads the same with ``sure_prompt`` as with ``prompt``."""
    marked = 0
    for raw in split_raw(io.BytesIO(data)):
        line = raw.prompt.decode("utf-8", "surrogateescape")
        if raw.sure:
            marked += 1
            assert SURE_PROMPT_ASCII.fullmatch(raw.prompt.rstrip(b"\n")) is not None, raw.prompt
            assert sure_prompt(line.rstrip("\n"), raw.sure) == sure_prompt(line.rstrip("\n")) == prompt(line), line
            assert prompt(line) is not None and 1 <= raw.sure <= SURE_ANY, line
        elif raw.prompt and b"\n" not in raw.prompt.rstrip(b"\r\n"):
            assert SURE_PROMPT_ASCII.fullmatch(raw.prompt.rstrip(b"\n")) is None, raw.prompt
    return marked


def test_split_marks_sure_prompts_and_they_read_as_prompt_reads_them() -> None:
    assert _check_sure_prompts(_generated(4, 0.3)) > 100
    for path in _CORPUS:
        _check_sure_prompts(path.read_bytes())
    for line in _NEAR_MISSES:
        for end in ("", "\n", "\r\n"):
            _check_sure_prompts(("out\n" + line + end + "out\n").encode("utf-8", "surrogateescape"))
    assert len(CommandLine._fields) == 10  # (_prompt._command_line makes the tuple by hand)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_LINES, _PIECES), max_size=12))
def test_sure_prompts_read_as_prompt_reads_them(lines: list[str]) -> None:
    _check_sure_prompts("\n".join(lines).encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"))


def test_the_scan_tells_each_sure_shape() -> None:
    """Each marked line carries the number of the one shape that reads it whole (``sure_prompt`` tries that one)."""
    lines = {1: "### rsctparse host=aix1 argv=lssrc -a", 2: "[root@aix1 ~]# lssrc -a", 3: "root@aix1:/home> lssrc -a",
             4: "aix1:/ # lssrc -a", 5: "aix1 /home $ lssrc -a"}
    for shape, line in lines.items():
        (_, raw) = split_raw(io.BytesIO(f"out\n{line}\nout\n".encode()))
        assert raw.sure == shape, line
        (first,) = split_raw(io.BytesIO(f"{line}\nout\n".encode()))  # (the scan of a block's first line)
        assert first.sure == shape, line
        assert [k for k, p in enumerate(_SHAPES, 1) if p.fullmatch(line)] == [shape], line
