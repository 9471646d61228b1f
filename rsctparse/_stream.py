"""Splitting transcripts (multi-host, multi-command dumps) into sections, lazily and in bounded memory."""

from __future__ import annotations

import csv
import functools
import itertools
import os
import re
import shlex
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, Any, NamedTuple, TypeVar

import attrs

from ._api import ENGINES, normalize, parse_normalized
from ._commands.lssyscfg import Values, invocation
from ._errors import ParseError
from ._grammar import FAST_ONLY
from ._records import JSON, Record
from ._registry import COMMANDS, detect_name

BLOCK = 1 << 20
DEFAULT_MAX_SECTION = 32 << 20  # bytes; a larger section becomes error sections of at most this size

# A line that may be a prompt or a marker: tested in C over whole blocks, then confirmed in Python.
# (possessive: no backtracking; a word then blanks then a time or a quote: harness logs, `Running '...'`)
_CANDIDATE = rb"### rsctparse |[\w.-]++(?:@|:/|[ \t]++(?:/|\d\d:|'))|\[|[#$]|\x1b\["
_CANDIDATE_LINE = re.compile(rb"\n((?:" + _CANDIDATE + rb")[^\n]*+)")  # the line after a newline
_CANDIDATE_FIRST_LINE = re.compile(rb"(?:" + _CANDIDATE + rb")[^\n]*+")

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")

# The section marker collection scripts print before each command's output (docs/transcripts.md).
MARKER = "### rsctparse host={host} argv={argv}"

_PROMPTS: tuple[tuple[re.Pattern[str], bool], ...] = (
    # (pattern, needs a known command)
    (re.compile(r"### rsctparse host=(?P<host>\S*) argv=(?P<cmd>.*)"), False),
    (re.compile(r"\[(?P<user>[\w.-]+)@(?P<host>[\w.-]+)(?:[ \t][^\]]*)?\][#$][ \t]*(?P<cmd>.*)"), False),
    (re.compile(r"(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?P<path>[^\s#$>]*)[ \t]*[>#$][ \t]*(?P<cmd>.*)"), False),
    (re.compile(r"(?P<host>[\w.-]+):(?P<path>/[^\s#$>]*)[ \t]*[#$>][ \t]*(?P<cmd>.*)"), False),
    (re.compile(r"(?P<host>[\w.-]+)[ \t]+(?P<path>/[^\s#$>]*)[ \t]+[#$>][ \t]*(?P<cmd>.*)"), False),
    # test-harness logs (avocado's job.log, then its console form): the command a harness runs
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+[ \t]+[\w.-]+[ \t]+L\d+[ \t]+INFO[ \t]*\| Running '(?P<cmd>.*)'"),
     False),
    (re.compile(r"Running '(?P<cmd>.*)'"), True),
    (re.compile(r"\[(?P<label>[^\]@\s]+)\][#$][ \t]*(?P<cmd>.*)"), True),
    (re.compile(r"[#$][ \t]*(?P<cmd>.*)"), True),
)

# Command names met in the field guide's transcripts (the parsed ones and the others).
CANONICAL = {name: name for name in COMMANDS}
OTHER_COMMANDS = frozenset(
    """lshmc rmcctrl recfgct lsrpdomain lsrpnode lsnodeid ssh sudo pesh cat grep uname oslevel ioscli lscfg
    lsdev ifconfig hostname ping lsattr netstat chsysstate chsyscfg chhwres lshwres lsrsrcdef lssrc nlssrc
    stopsrc startsrc refresh ctsvhbar ctskeygen ls echo date rpm""".split()
)
_SSH_ARG_OPTIONS = frozenset("bcDEeFIiJLlmOopQRSWw")
_PASSWORD = re.compile(r"[^\n]*[Pp]assword[^\n]*:[ \t]*")


class Invocation(NamedTuple):
    """What a prompt line says: host, the command line as typed, and the command it runs (a tuple: cheap)."""

    host: str | None
    argv: str | None
    command: str | None  # canonical name, or None when no parser reads it
    command_argv: str | None  # the first pipeline stage of the command (for parse options)
    log: bool = False  # a harness's log line: the output is its [stdout] and [stderr] lines


_SEPARATORS = frozenset({"|", "||", ";", "&&", "&", "|&"})


_PLAIN = re.compile(r"[^'\"\\]*")
_SEPARATOR = re.compile(r"\|\|?|;|&&?|\|&")


def _words(text: str) -> list[str]:
    """Shell words of the first pipeline stage of ``text`` (tolerant of unbalanced quotes)."""
    if _PLAIN.fullmatch(text):  # no quoting: no need for shlex (which is slow)
        return _SEPARATOR.split(text, 1)[0].split()
    lexer = shlex.shlex(text, posix=True, punctuation_chars="|;&")
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        words = list(lexer)
    except ValueError:
        words = text.replace("|", " | ").split()
    for i, word in enumerate(words):
        if word in _SEPARATORS:
            return words[:i]
    return words


@functools.lru_cache(maxsize=4096)
def analyse(argv: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(base command name, ssh target host, canonical command, first pipeline stage) of a command line."""
    words = _words(argv)
    host = None
    while words:
        first = words[0].rsplit("/", 1)[-1]
        if first == "sudo" or ("=" in words[0] and not words[0].startswith("-")):
            words = words[1:]
            continue
        if first == "ssh":
            i = 1
            while i < len(words) and words[i].startswith("-"):
                opt = words[i]
                i += 2 if len(opt) == 2 and opt[1] in _SSH_ARG_OPTIONS else 1
            if i >= len(words):
                return first, host, None, shlex.join(words)
            host = words[i].rsplit("@", 1)[-1]
            rest = words[i + 1 :]
            words = _words(rest[0]) if len(rest) == 1 else rest  # ssh host 'cmd args | filter'
            continue
        return first, host, CANONICAL.get(first), shlex.join(words)
    return None, host, None, None


@functools.lru_cache(maxsize=4096)
def prompt(line: str) -> Invocation | None:
    """The invocation a prompt or marker line shows, or None when the line is not one."""
    if len(line) > MAX_PROMPT:
        return None
    text = (_ANSI.sub("", line) if "\x1b" in line else line).rstrip("\r\n")
    m = _ANY_PROMPT.fullmatch(text)  # the styles in order, in one pass
    if m is None:
        return None
    needs_known, cmd_group, host_group, log = _STYLES[m.lastindex or 0]
    cmd = (m.group(cmd_group) or "").strip()
    base, ssh_host, command, stage = analyse(cmd) if cmd else (None, None, None, None)
    if needs_known and (base is None or (base not in CANONICAL and base not in OTHER_COMMANDS)):
        return None  # (the later styles cannot match a line this one matched)
    host = ssh_host or (m.group(host_group) if host_group else None) or None
    return Invocation(host, cmd or None, command, stage, log)


_ANY_PROMPT = re.compile("|".join(
    f"(?P<s{i}>" + re.sub(r"[?]P<([a-z]+)>", lambda g, i=i: f"?P<{g.group(1)}{i}>", pat.pattern) + ")"  # type: ignore[misc]
    for i, (pat, _) in enumerate(_PROMPTS)
))
# by the index of a style's outer group (the last group a match closes): needs a known command, cmd and
# host group indexes (0: none)
_STYLES: dict[int, tuple[bool, int, int, bool]] = {
    _ANY_PROMPT.groupindex[f"s{i}"]: (
        needs,
        _ANY_PROMPT.groupindex[f"cmd{i}"],
        _ANY_PROMPT.groupindex.get(f"host{i}", 0),
        "Running '" in pat.pattern,  # a harness's log: its output is the [stdout] and [stderr] lines
    )
    for i, (pat, needs) in enumerate(_PROMPTS)
}


# The prompt styles whose shape alone makes them prompts (the others need a known command).
_SURE_PROMPT = re.compile(
    "|".join(f"(?:{re.sub(r'[?]P<[a-z]+>', '?:', pat.pattern)})" for pat, needs in _PROMPTS if not needs)
)


# The same styles over bytes, with ASCII classes that are subsets of the str ones (and hold no ESC): a line
# this accepts is a prompt (the str patterns accept it too); a line it rejects goes to the str patterns.
_ASCII_CLASSES = (
    (r"[\w.-]", r"[A-Za-z0-9_.-]"),
    (r"\S*", r"[!-~]*"),
    (r"[^\s#$>]", r'[!"%-=?-~]'),
    (r"[^\]]", r"[^\]\x00-\x1f\x7f-\xff]"),
)


def _ascii_pattern(pattern: str) -> bytes:
    pattern = re.sub(r"[?]P<[a-z]+>", "?:", pattern)
    for unicode_class, ascii_class in _ASCII_CLASSES:
        pattern = pattern.replace(unicode_class, ascii_class)
    assert "\\w" not in pattern and "\\s" not in pattern and "\\S" not in pattern, pattern
    return pattern.encode("ascii")


_SURE_PROMPT_ASCII = re.compile(b"|".join(b"(?:" + _ascii_pattern(p.pattern) + b")" for p, needs in _PROMPTS
                                          if not needs))


MAX_PROMPT = 4096  # a longer line is output, never a prompt (and is not scanned by the prompt patterns)


def is_prompt(line: bytes) -> bool:
    """Whether a line (bytes, end of line included) is a prompt or marker line; cheaper than ``prompt``."""
    return len(line) <= MAX_PROMPT and _is_prompt_text(line.decode("utf-8", "surrogateescape").rstrip("\r\n"))


def _is_prompt_text(text: str) -> bool:
    if "\x1b" in text:
        text = _ANSI.sub("", text).rstrip("\r\n")
    if _SURE_PROMPT.fullmatch(text):
        return True
    return text[:1] in "#$[R" and prompt(text) is not None  # (the styles that need a known command)


class RawSection(NamedTuple):
    """A section as split: prompt line and output, both still bytes (a tuple: cheap to make and to pickle)."""

    prompt: bytes  # the prompt or marker line (b"" for the preamble)
    prompt_line: int  # its 1-based line number (the first output line's for the preamble)
    body: bytes
    body_line: int  # 1-based line of the first output line
    overflow: int = 0  # the size cap, when this is part of a section cut at it


@attrs.frozen
class Section(Record):
    """One command's output in a dump: where it came from, its records or its error, its raw text."""

    host: str | None
    command: str  # canonical name, or "unknown"
    argv: str | None
    line: int  # 1-based line of the first output line in the dump
    text: str  # the raw text, prompt line included (sections' texts add up to the input)
    records: tuple[Record, ...] = ()
    error: ParseError | None = attrs.field(default=None, eq=False)
    managed_system: str | None = None
    file: str | None = None
    text_line: int = 1  # 1-based line of the text's first line (the prompt line when there is one)

    def as_data(self) -> dict[str, JSON]:
        return section_data(self, self.file)

    def locate(self, needle: str) -> int:
        """The dump line of the first output line holding ``needle`` (the section's line when none does)."""
        for i, text in enumerate(self.text.split("\n")):
            if needle in text and self.text_line + i >= self.line:
                return self.text_line + i
        return self.line


def section_data(section: Section, file: str | None) -> dict[str, JSON]:
    """The CLI's JSON object for a section (docs/cli.md)."""
    out: dict[str, JSON] = {
        "file": file,
        "command": section.command,
        "host": section.host,
        "argv": section.argv,
        "line": section.line,
        "records": [r.as_data() for r in section.records],
        "error": None
        if section.error is None
        else {"message": section.error.message, "line": section.error.line, "column": section.error.column},
    }
    if section.managed_system is not None:
        out["managed_system"] = section.managed_system
    if section.command == "unknown" or section.error is not None:
        out["text"] = section.text
    return out


# --- reading --------------------------------------------------------------------------------------
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
        yield from _split(reader, max_section)
    finally:
        if owned:
            reader.close()


def _split(reader: Any, cap: int) -> Iterator[RawSection]:
    prompt_bytes = b""
    prompt_line = 1
    body: list[bytes] = []
    body_size = 0
    body_line = 1
    line = 1  # number of the next line to consume
    carry = b""
    cut = 0  # the cap, once the current section was cut at it (its remaining parts are errors too)
    line_start = True  # the next block starts a line

    def overflow() -> Iterator[RawSection]:
        """Past the cap, hand the current output out in parts (bounded memory); keeps the rest."""
        nonlocal body, body_size, body_line, prompt_bytes, prompt_line, cut
        while body_size > cap:
            joined = b"".join(body)
            at = joined.rfind(b"\n", 0, cap) + 1 or cap
            head, rest = joined[:at], joined[at:]
            yield RawSection(prompt_bytes, prompt_line, head, body_line, cap)
            body_line += head.count(b"\n")
            prompt_bytes = b""
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
        else:
            data, carry = carry, b""
            if not data:
                break
        # candidate lines found in C, as (start, end of line without its newline); confirmed in Python
        spans = [m.span(1) for m in _CANDIDATE_LINE.finditer(data)]
        if line_start:
            first = _CANDIDATE_FIRST_LINE.match(data)
            if first is not None:
                spans.insert(0, first.span())
        line_start = data.endswith(b"\n")
        size = len(data)
        spans.append((size, size))  # the end of the block (no candidate is empty): the rest is output
        pos = 0
        for start, stop in spans:
            if start < size:
                end = stop + 1 if stop < size else stop  # the prompt line with its newline
                if end - start > MAX_PROMPT or (
                    _SURE_PROMPT_ASCII.fullmatch(data, start, stop) is None
                    and not _is_prompt_text(data[start:stop].decode("utf-8", "surrogateescape").rstrip("\r\n"))
                ):
                    continue
                stop = end
            piece = data[pos:start]
            if piece:
                line += piece.count(b"\n")
                body.append(piece)
                body_size += len(piece)
                if body_size > cap:
                    yield from overflow()
            if start == size:
                break
            # the output before this prompt ends the current section
            output = body[0] if len(body) == 1 else b"".join(body)
            if prompt_bytes or output:
                yield RawSection(prompt_bytes, prompt_line, output, body_line, cut)
            body, body_size = [], 0
            prompt_bytes = data[start:stop]
            prompt_line = line
            line += 1
            body_line = line
            cut = 0
            pos = stop
    output = body[0] if len(body) == 1 else b"".join(body)
    if prompt_bytes or output:
        yield RawSection(prompt_bytes, prompt_line, output, body_line, cut)


# --- parsing sections ---------------------------------------------------------------------------
_LOG_LINE = re.compile(
    r"(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+[ \t]+[\w.-]+[ \t]+L\d+[ \t]+[A-Z]+[ \t]*\| )?\[std(?:out|err)\] "
)


def _logged_output(text: str) -> tuple[str, list[int]]:
    """A harness log's section as the command printed it: the ``[stdout]`` and ``[stderr]`` payloads.

    Every other line (the harness's own messages: ``Command ... finished``, parameters) becomes blank, so
    the output keeps its line numbers in the dump. Also gives the length of the prefix cut from each line.
    """
    out, cuts = [], []
    for line in text.split("\n"):
        m = _LOG_LINE.match(line)
        out.append(line[m.end():] if m is not None else "")
        cuts.append(m.end() if m is not None else 0)
    return "\n".join(out), cuts


def _skip_preamble_lines(text: str, argv: str | None) -> int:
    """How many leading lines of a section's output are transcript noise (Password:, the echoed command)."""
    echo = argv.strip() if argv is not None else None
    skipped = 0
    start = 0
    while skipped < 8:
        end = text.find("\n", start)
        if end < 0:
            break
        line = text[start:end]
        if not (("assword" in line and end - start < 200 and _PASSWORD.fullmatch(line.rstrip("\r")) is not None)
                or (echo is not None and line.strip() == echo)):
            break
        skipped += 1
        start = end + 1
    return skipped


_ELISION = re.compile(r"^[ \t]*\.{3,}[ \t]*(?=\r?$)", re.M)
_F_NAMES = re.compile(r"[A-Za-z0-9_,:;|]+\r?")
REPAIR_MAX = 1 << 16  # characters: failing output up to this size is re-read with transcript artefacts undone
REPAIR_TRIES = 6  # at most this many re-reads of one failing section
WRAP_MIN = 60  # a prompt line this long (or longer) may have been hard-wrapped by the terminal
WRAP_MIN_EVEN = 80  # the narrowest terminal assumed when joining lines of output that parsed as printed


def _value_count(line: str, delimiter: str) -> int:
    """How many values a ``-F`` row holds (-1 when the csv module cannot read it)."""
    try:
        return len(next(csv.reader([line.rstrip("\r")], delimiter=delimiter)))
    except (csv.Error, StopIteration):
        return -1


def _wrap_widths(lines: list[str], minimum: int) -> list[int]:
    """Terminal widths the lines may have been wrapped at: lengths of lines followed by more text.

    No line is wider than the terminal, so the longest comes first; then the commonest (copies re-join some
    wraps by hand, which leaves lines longer than the terminal).
    """
    lengths: dict[int, int] = {}
    for i, line in enumerate(lines[:-1]):
        if len(line) >= minimum and lines[i + 1].strip():
            lengths[len(line)] = lengths.get(len(line), 0) + 1
    longest = max(lengths, default=0)
    return sorted(lengths, key=lambda n: (n != longest, -lengths[n], -n))[:3]


def _joined_at(lines: list[str], width: int) -> list[list[str]]:
    """The lines grouped as a terminal of ``width`` columns wrapped them: each line, with its continuations."""
    out: list[list[str]] = []
    for line in lines:
        if out and len(out[-1][-1]) == width and line.strip():
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _unwrapped_lines(name: str, output: str, stage: str | None) -> Iterator[str]:
    """The output with lines hard-wrapped by a terminal joined again, in the likeliest ways first.

    A terminal breaks a long line at its width and loses nothing, so a wrapped line is exactly as long as
    the terminal is wide and the next line goes on with it: lines of one such width (``_wrap_widths``) are
    joined with their next line. Copies often re-join some wraps by hand, so for
    ``lssyscfg -F`` rows a line with fewer values than the others is also joined with the next while that
    makes up the count.
    """
    lines = output.split("\n")
    for width in _wrap_widths(lines, WRAP_MIN):
        yield "\n".join("".join(pieces) for pieces in _joined_at(lines, width))
    if name == "lssyscfg" and stage and " -F " in f" {stage} ":
        typed = invocation(stage)
        delimiter = typed.delimiter
        counts = [_value_count(line, delimiter) for line in lines if line.strip()]
        if counts and -1 not in counts:
            # a row has as many values as -F names, or (no names) as the longest row
            usual = len(typed.fields) if typed.fields else max(counts)
            out: list[str] = []
            short = False  # the last line taken has fewer values than the usual count
            for line in lines:
                count = _value_count(line, delimiter) if line.strip() else 0
                if short and count > 0 and count + _value_count(out[-1], delimiter) - 1 <= usual:
                    out[-1] += line
                else:
                    out.append(line)
                short = bool(line.strip()) and 0 <= _value_count(out[-1], delimiter) < usual
            yield "\n".join(out)


def _unwrapped_f_list(prompt_text: str, argv: str, stage: str, output: str) -> tuple[str, str, int] | None:
    """(argv, stage, length of the first output line) when a ``lssyscfg -F`` command line was hard-wrapped.

    A terminal wraps a long command line at its width and loses nothing, so the rest of the ``-F`` list
    shows as the first output line. That line is taken as part of the command only when the prompt line is
    long, the line looks like names, and the joined list has as many names as the next line has values
    while the list as typed has not.
    """
    visible = _ANSI.sub("", prompt_text).rstrip("\r\n") if "\x1b" in prompt_text else prompt_text.rstrip("\r\n")
    end = output.find("\n")
    if len(visible) < WRAP_MIN or end <= 0 or " -F " not in f" {stage} " or "--header" in stage:
        return None
    first = output[:end]
    if _F_NAMES.fullmatch(first) is None:
        return None
    typed = invocation(stage)
    joined = invocation(stage + first.rstrip("\r"))
    if typed.fields is None or joined.fields is None or joined.delimiter != typed.delimiter:
        return None
    following = next((line for line in output[end + 1 :].split("\n") if line.strip()), None)
    if following is None:
        return None
    values = _value_count(following, typed.delimiter)
    if values != len(joined.fields) or values == len(typed.fields):
        return None
    return argv + first.rstrip("\r"), stage + first.rstrip("\r"), end + 1


def build_section(raw: RawSection, *, file: str | None, command: str | None = None,
                  engine: str = "fast", lone: bool = False, argv: str | None = None) -> Section:
    """Decode, identify and parse one raw section (``command``/``argv``: what printed text outside prompts)."""
    argv_hint = argv
    prompt_text = raw.prompt.decode("utf-8", "surrogateescape")
    body_text = raw.body.decode("utf-8", "surrogateescape")
    text = prompt_text + body_text if prompt_text else body_text
    inv = prompt(prompt_text) if prompt_text else None
    if inv is not None:
        host, argv, name = inv.host, inv.argv, inv.command
    else:
        host, argv, name = None, argv_hint, None
    body_line, text_line = raw.body_line, raw.prompt_line

    if raw.overflow:
        err = ParseError(
            f"section larger than max_section ({raw.overflow} bytes): this part is not parsed",
            command=name or "rsctparse", line=body_line, column=1, text_line="", source=file,
        )
        return Section(host, name or "unknown", argv, body_line, text, (), err, None, file, text_line)
    logged: list[int] | None = None  # for a harness log: the prefix cut from each output line
    raw_body = body_text
    if inv is not None and inv.log:
        body_text, logged = _logged_output(body_text)
    skip = _skip_preamble_lines(body_text, argv) if inv else 0
    if skip:
        cut = 0
        for _ in range(skip):
            cut = body_text.index("\n", cut) + 1
        output = body_text[cut:]
    else:
        output = body_text
    first_line = body_line + skip
    if inv is None:
        if command is None and argv_hint:
            command = analyse(argv_hint)[2]
        name = command or detect_name(normalize(output))
        if name is None:
            unnamed: ParseError | None = None
            if lone and output.strip():
                unnamed = ParseError(
                    "cannot tell which command printed this; name it with --command NAME (one of: "
                    + ", ".join(COMMANDS) + ")",
                    command="rsctparse", line=first_line, column=1,
                    text_line=output.split("\n", 1)[0], source=file,
                )
            return Section(host, "unknown", argv, body_line, text, (), unnamed, None, file, text_line)
    elif name is None:
        return Section(host, "unknown", argv, body_line, text, (), None, None, file, text_line)
    stage = inv.command_argv if inv is not None else (analyse(argv_hint)[3] if argv_hint else None)
    try:
        records, managed = _parse_output(name, output, stage, file, engine)
    except ParseError as exc:
        err = exc.moved(line_offset=first_line - 1)
        if logged is not None and 0 <= err.line - body_line < len(logged):  # the column in the log's line
            index = err.line - body_line
            err = err.moved(column_offset=logged[index], text_line=raw_body.split("\n")[index].rstrip("\r"))
        # Transcript artefacts, tried only on output that fails as printed (so they change nothing else).
        repaired = _repaired(name, prompt_text, argv, stage, output, file, engine)
        if repaired is None:
            err = _not_found(err, output, name) or err
            return Section(host, name, argv, body_line, text, (), err, _managed(name, stage), file, text_line)
        argv, records, managed = repaired
    if name == "lssyscfg" and _uneven_rows(records) and len(output) <= REPAIR_MAX:
        records = _even_rows(output, stage, file, engine) or records
    return Section(host, name, argv, body_line, text, tuple(records), None, managed, file, text_line)


def _uneven_rows(records: list[Record]) -> bool:
    """Whether ``lssyscfg -F`` rows without names differ in length (a sign of rows wrapped in a copy)."""
    if not records or not isinstance(records[0], Values):  # (rows with names: the common case, at once)
        return False
    return len({len(r.values) for r in records if isinstance(r, Values)}) > 1


def _even_rows(output: str, stage: str | None, file: str | None, engine: str) -> list[Record] | None:
    """The rows of a copy whose wrapped lines, joined again, make every row as long as the others.

    Output that parsed is only changed on strong evidence: a terminal width of at least 80 columns shared by
    the lines joined, at least two rows, every row then of one length, and each tail joined shorter (in values)
    than half the line it completes (rows that merely differ, a VIOS beside AIX partitions, stay as printed).
    """
    delimiter = invocation(stage).delimiter
    lines = (_ELISION.sub("", output) if "..." in output else output).split("\n")
    for width in _wrap_widths(lines, WRAP_MIN_EVEN):
        rows = [pieces for pieces in _joined_at(lines, width) if pieces[0].strip()]
        counts = {_value_count("".join(pieces), delimiter) for pieces in rows}
        if len(rows) < 2 or len(counts) != 1 or not any(len(pieces) > 1 for pieces in rows):
            continue
        if any(2 * _value_count(tail, delimiter) >= _value_count(pieces[0], delimiter)
               for pieces in rows for tail in pieces[1:]):
            continue
        try:
            records, _ = _parse_output("lssyscfg", "\n".join("".join(p) for p in rows) + "\n", stage, file,
                                       FAST_ONLY if engine == "fast" else engine)
        except ParseError:
            continue
        if not _uneven_rows(records) and all(isinstance(r, Values) for r in records):
            return records
    return None


_NOT_FOUND = re.compile(r"(?:\S*sh(?:\[\d+\])?: +(?:line \d+: +)?)?(?P<cmd>[^\s:]+): +(?:command +)?not found\.?")


def _not_found(err: ParseError, output: str, name: str) -> ParseError | None:
    """A clearer error when the whole output is the shell saying it found no such command."""
    lines = [line.strip() for line in output.split("\n") if line.strip()]
    if len(lines) != 1 or _NOT_FOUND.fullmatch(lines[0]) is None:
        return None
    return ParseError(
        f"expected {name} output, found the shell's 'not found' message (is RSCT installed, and the command on"
        " the PATH? /usr/sbin/rsct/bin on AIX, /opt/rsct/bin on Linux)",
        command=err.command, line=err.line, column=err.text_line.find(lines[0]) + 1 or 1, text_line=err.text_line,
        source=err.source,
    )


def _managed(name: str, stage: str | None) -> str | None:
    """The managed system a ``lssyscfg -m`` command line names."""
    if name != "lssyscfg" or not stage:
        return None
    words = _words(stage)
    return words[words.index("-m") + 1] if "-m" in words and words.index("-m") + 1 < len(words) else None


def _parse_output(
    name: str, output: str, stage: str | None, file: str | None, engine: str
) -> tuple[list[Record], str | None]:
    options: dict[str, Any] = {"argv": stage} if name == "lssyscfg" and stage else {}
    return parse_normalized(normalize(output), COMMANDS[name], file, engine, options), _managed(name, stage)


def _repaired(
    name: str, prompt_text: str, argv: str | None, stage: str | None, output: str, file: str | None, engine: str
) -> tuple[str | None, list[Record], str | None] | None:
    """(argv, records, managed system) of output that parses once its transcript artefacts are undone.

    The artefacts (docs/transcripts.md): a ``lssyscfg -F`` command line hard-wrapped by the terminal, whose
    rest shows as the first output line; an author's elision line (``...``, ``.....``), read as a blank line;
    lines hard-wrapped at the terminal width. At most ``REPAIR_TRIES`` readings, with the fast engine alone (a
    repair it cannot read is not worth a grammar pass, slow on bad input).
    """
    if len(output) > REPAIR_MAX:
        return None  # artefacts of copies made by hand; a large failing output is not re-read
    quick = FAST_ONLY if engine == "fast" else engine
    printed = (argv, stage, output)  # the reading that failed
    readings = (r for r in _readings(name, prompt_text, argv, stage, output) if r != printed)
    attempts = itertools.islice(readings, REPAIR_TRIES)
    for try_argv, try_stage, try_output in attempts:
        try:
            records, managed = _parse_output(name, try_output, try_stage, file, quick)
        except ParseError:
            continue
        return try_argv, records, managed
    return None


def _readings(
    name: str, prompt_text: str, argv: str | None, stage: str | None, output: str
) -> Iterator[tuple[str | None, str | None, str]]:
    """(argv, stage, output) readings of a failed section with its artefacts undone, likeliest first."""
    commands: list[tuple[str | None, str | None, str]] = [(argv, stage, output)]
    unwrapped = (
        _unwrapped_f_list(prompt_text, argv, stage, output)
        if name == "lssyscfg" and stage and argv is not None else None
    )
    if unwrapped is not None:
        new_argv, new_stage, cut = unwrapped
        # (the continuation line becomes blank, not removed: the output keeps its line numbers)
        commands.insert(0, (new_argv, new_stage, "\n" + output[cut:]))
    for try_argv, try_stage, try_output in commands:
        elided = _ELISION.sub("", try_output) if "..." in try_output else try_output
        for text in dict.fromkeys((elided, try_output)):
            yield try_argv, try_stage, text
            for joined in _unwrapped_lines(name, text, try_stage):
                yield try_argv, try_stage, joined


def iter_sections(
    source: Source,
    *,
    command: str | None = None,
    engine: str = "fast",
    workers: int | None = None,
    max_section: int = DEFAULT_MAX_SECTION,
    file: str | None = None,
    argv: str | None = None,
) -> Iterator[Section]:
    """Sections of a transcript or plain output file, lazily, in input order.

    ``source`` is a path, a binary file or an iterable of lines. ``command`` names the command of text
    outside any prompt (a plain file), ``argv`` its command line (``lssyscfg -F`` names come from it).
    ``workers`` > 1 parses in that many processes.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if file is None and isinstance(source, (str, os.PathLike)):
        file = os.fspath(source)
    raws = lone_marked(split_raw(source, max_section=max_section))
    job = _SectionJob(file, command, engine, argv)
    yield from ordered_map(job, raws, workers, _raw_size)


def _raw_size(item: tuple[RawSection, bool]) -> int:
    return len(item[0].prompt) + len(item[0].body)


def lone_marked(raws: Iterator[RawSection]) -> Iterator[tuple[RawSection, bool]]:
    """Pairs (raw section, whether it is the only one and has no prompt: a plain file)."""
    first = next(raws, None)
    if first is None:
        return
    second = next(raws, None)
    yield first, second is None and not first.prompt
    if second is not None:
        yield second, False
        for raw in raws:
            yield raw, False


@attrs.frozen
class _SectionJob:
    file: str | None
    command: str | None
    engine: str
    argv: str | None = None

    def __call__(self, item: tuple[RawSection, bool]) -> Section:
        raw, lone = item
        return build_section(raw, file=self.file, command=self.command, engine=self.engine, lone=lone,
                             argv=self.argv)


T = TypeVar("T")
U = TypeVar("U")


@attrs.frozen
class _Batch:
    fn: Callable[[Any], Any]

    def __call__(self, items: list[Any]) -> list[Any]:
        return [self.fn(item) for item in items]


def _batches(items: Iterable[T], size: Callable[[T], int], target: int) -> Iterator[list[T]]:
    batch: list[T] = []
    total = 0
    for item in items:
        batch.append(item)
        total += size(item)
        if total >= target:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def ordered_map(
    fn: Callable[[T], U],
    items: Iterable[T],
    workers: int | None,
    size: Callable[[T], int] = lambda item: 1 << 20,
    batch_bytes: int = 1 << 20,
) -> Iterator[U]:
    """``map(fn, items)`` in ``workers`` processes, input order kept, a bounded amount in flight.

    Items go to the workers in batches of about ``batch_bytes`` (by ``size``) so that small sections
    do not cost a round trip each.
    """
    if not workers or workers <= 1:
        for item in items:
            yield fn(item)
        return
    window: deque[Future[list[U]]] = deque()
    batch_fn = _Batch(fn)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for batch in _batches(items, size, batch_bytes):
            window.append(pool.submit(batch_fn, batch))
            if len(window) >= workers * 3:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
