"""Sections of a transcript: each raw section decoded, identified and parsed; ``iter_sections``.

One job in about 500 lines: a section is built in four variants (a command line's output, a plain file's output
found amid other lines, a fleet tool's output per host, a copy read again with its artefacts undone) that share
the same steps (parse, place the error in the dump, name a failed run), so they stay beside those steps.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import attrs

from ._errors import ParseError
from ._parallel import ordered_map
from ._parse import ENGINES, Engine, normalize, parse_normalized
from ._prompt import CommandLine, analyse, framing, prompt, sure_command, sure_prompt, visible
from ._records import JSON, Record, draft, records_data
from ._registry import COMMANDS, LOADED, PARSER_OF, command_for, detect_name
from ._repair import REPAIR_MAX, REPAIR_TRIES, even_row_readings, readings
from ._session import _PLAIN_STARTS, dedented, failure, may_have_failed, plain_start, preamble_lines, terminal_text
from ._split import DEFAULT_MAX_SECTION, RawSection, Source, split_raw

if TYPE_CHECKING:
    from ._commands.lssyscfg import Values

T = TypeVar("T")

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
        """The CLI's JSON object for a section (docs/cli.md)."""
        error = self.error
        records = self.records
        out: dict[str, JSON] = {
            "file": self.file,
            "command": self.command,
            "host": self.host,
            "argv": self.argv,
            "line": self.line,
            "records": records_data(records) if records else [],
            "error": None if error is None else {"message": error.message, "line": error.line, "column": error.column},
        }
        if self.managed_system is not None:
            out["managed_system"] = self.managed_system
        if error is not None or self.command == "unknown":
            out["text"] = self.text
        return out

    def locate(self, needle: str) -> int:
        """The dump line of the first output line holding ``needle`` (the section's line when none does)."""
        for i, text in enumerate(self.text.split("\n")):
            if needle in text and self.text_line + i >= self.line:
                return self.text_line + i
        return self.line


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


class _Context(NamedTuple):
    """What a raw section is read with: the file it came from, and what names text outside prompts."""

    file: str | None
    command: str | None  # the command that printed text outside any prompt (None: detect it)
    argv: str | None  # its command line
    engine: Engine


def build_section(raw: RawSection, *, file: str | None = None, command: str | None = None,
                  engine: Engine = "fast", lone: bool = False, argv: str | None = None) -> Section:
    """Decode, identify and parse one raw section (``command``/``argv``: what printed text outside prompts).

    A fleet tool's host-prefixed output makes one section per host: the first is returned (``iter_sections``
    gives them all).
    """
    ctx = _Context(file, command, argv, engine)
    return _builder(ctx)(ctx, raw, lone)[0]


def _build(ctx: _Context, raw: RawSection, lone: bool) -> Sequence[Section]:
    """The sections of a raw section: one, or one per host for a fleet tool's host-prefixed output.

    The usual section first, in short: a sure prompt line (the splitter's scan read it whole) before output
    that starts plainly (no session noise, no escape codes) and that the command's hand engine reads (the same
    steps ``_general`` takes for it, without the tests such a section passes anyway: tests/test_sections_fast.py
    holds the two to the same sections); anything else, as soon as it is seen, goes to ``_general``. With the
    hand engine only (``_builder``).
    """
    prompt_bytes, text_line, body, body_line, overflow, _, sure = raw
    if sure and not overflow:
        prompt_text = prompt_bytes.decode()  # (a sure prompt line is ASCII)
        found = sure_command(prompt_text, sure)
        if found is not None:
            host, argv, name, stage = found
            try:
                body_text = body.decode()
            except UnicodeDecodeError:
                body_text = body.decode("utf-8", "surrogateescape")
            first = body_text.partition("\n")[0]  # (cheaper than find and a slice)
            if ((_PLAIN_STARTS.get(first) == 2 or plain_start(first)) and first.strip() != argv and (
                    "\x1b" not in body_text and "\ufeff" not in body_text)) or (not body_text and name is None):
                # (plain: no preamble to skip, no failed run to name; ``argv`` is stripped; no output, no command
                # read: nothing to skip or parse either)
                managed = None
                if name is None:
                    records: list[Record] | tuple[()] = ()
                    name = "unknown"
                else:
                    spec = LOADED.get(name)
                    if spec is None or body[-1] != 10 or "\r" in body_text:
                        return _general(ctx, raw, lone)
                    try:
                        if spec.name != "lssyscfg":
                            records = spec.parse_fast(body_text)
                        else:  # (the HMC's commands: options from the command line, rows that may need evening)
                            records = spec.parse_fast(body_text, argv=stage) if stage else spec.parse_fast(body_text)
                            if _uneven_rows(records):
                                return _general(ctx, raw, lone)
                            managed = _managed(name, stage)
                    except Exception:  # (whatever it is: the general path reads the section again and says)
                        return _general(ctx, raw, lone)
                section = _DRAFT()
                section.host = host
                section.command = name
                section.argv = argv
                section.line = body_line
                section.text = prompt_text + body_text
                section.records = tuple(records)
                section.error = None
                section.managed_system = managed
                section.file = ctx[0]  # (the file)
                section.text_line = text_line
                section.__class__ = Section
                return (section,)
    return _general(ctx, raw, lone)


def _general(ctx: _Context, raw: RawSection, lone: bool) -> Sequence[Section]:
    """``_build`` for any raw section, step by step."""
    # (strict UTF-8 first: without an error handler to look up, cheaper; a sure prompt line is ASCII)
    prompt_text = raw.prompt.decode() if raw.sure else raw.prompt.decode("utf-8", "surrogateescape")
    try:
        body_text = raw.body.decode()
    except UnicodeDecodeError:
        body_text = raw.body.decode("utf-8", "surrogateescape")
    inv = sure_prompt(prompt_text.rstrip("\n"), raw.sure) if raw.sure else _command_line_of(prompt_text, raw.context)
    if inv is not None and inv.fleet and not raw.overflow:
        groups = _by_host(terminal_text(body_text))
        if groups is not None:
            return _per_host(raw, inv, groups, ctx, prompt_text, body_text)
    section = _section(raw, lone, ctx, prompt_text, body_text, inv)
    if inv is None and lone and section.error is not None and ctx.command is None and not raw.overflow:
        return _amid_noise(raw, ctx, body_text) or (section,)
    return (section,)


NOISE_LINES = 1000  # a plain file's output is looked for in its first lines only
NOISE_TRIES = 4  # readings with the output cut shorter at the line that failed


def _amid_noise(raw: RawSection, ctx: _Context, body_text: str) -> list[Section] | None:
    """A plain file's one output with unrelated lines before or after it: unknown, parsed, unknown sections.

    The output starts at the first line from which the command is recognised (``detect``) and ends where it
    parses, when a blank line separates it from what follows and what follows does not read as more of the
    same output (otherwise the fault is a bad row, and the section keeps its error); what is around the output
    is kept as unknown sections (nothing lost). None when no such output is found.
    """
    lines = _LINES.findall(body_text)
    shown = terminal_text(body_text).split("\n")
    for start in range(min(len(lines), NOISE_LINES)):
        if shown[start].strip() and (name := detect_name("\n".join(shown[start : start + 8]))) is not None:
            break
    else:
        return None
    end = len(lines)
    for _ in range(NOISE_TRIES):
        output = "\n".join(s.rstrip("\r") for s in shown[start:end]) + "\n"
        try:
            records = _parse_output(name, output, None, ctx.engine)
        except ParseError as exc:
            if exc.line <= 1 or start + exc.line - 1 >= end:
                return None
            cut = start + exc.line - 1  # the output would end before the line that failed
            blank = cut
            while blank > start and not shown[blank - 1].strip():
                blank -= 1
            if blank == cut or detect_name("\n".join(shown[cut : cut + 8])) == name:
                return None  # no blank line before the fault, or more of the same output after it: a bad row
            end = blank
            continue
        if not records or (start == 0 and end == len(lines)):
            return None
        out = []
        if start:
            out.append(Section(None, "unknown", None, raw.body_line, "".join(lines[:start]), (), None, None,
                               ctx.file, raw.body_line))
        line = raw.body_line + start
        out.append(Section(None, name, None, line, "".join(lines[start:end]), tuple(records), None, None, ctx.file,
                           line))
        if end < len(lines):
            line = raw.body_line + end
            out.append(Section(None, "unknown", None, line, "".join(lines[end:]), (), None, None, ctx.file, line))
        return out
    return None


def _command_line_of(prompt_text: str, context: bytes) -> CommandLine | None:
    """What a section's first line(s) say: a command line, or a fleet tool's framing (with the fleet command)."""
    if not prompt_text:
        return None
    inv = framing(prompt_text) if "\n" in prompt_text.rstrip("\r\n") else prompt(prompt_text)
    if inv is not None and inv.framed and context and inv.frame in ("dshbak", "rule", "ansible"):
        fleet = prompt(context.decode("utf-8", "surrogateescape"))
        if fleet is not None and fleet.fleet:
            inv = inv._replace(argv=fleet.argv, command=fleet.command, command_argv=fleet.command_argv)
    return inv


def _section(raw: RawSection, lone: bool, ctx: _Context, prompt_text: str, body_text: str,
             inv: CommandLine | None) -> Section:
    file = ctx.file
    text = prompt_text + body_text if prompt_text else body_text
    if inv is not None:
        host, argv, name = inv.host, inv.argv, inv.command
    else:
        host, argv, name = None, ctx.argv, None
    body_line, text_line = raw.body_line, raw.prompt_line

    if raw.overflow:
        err = ParseError(
            f"section larger than max_section ({raw.overflow} bytes): this part is not parsed",
            command=name or "rsctparse", line=body_line, column=1, text_line="", source=file,
        )
        return Section(host, name or "unknown", argv, body_line, text, (), err, None, file, text_line)
    logged: list[int] | None = None  # for a harness log: the prefix cut from each output line
    raw_body = body_text
    if "\x1b" in body_text or "\ufeff" in body_text:  # (terminal_text's own test, without the call)
        body_text = terminal_text(body_text)
    if inv is not None and inv.log:
        body_text, logged = _logged_output(body_text)
    elif inv is not None and inv.indent:  # a block indented as a whole: its output is read as if not indented
        unindented = dedented(body_text, inv.indent)
        if unindented is not None:
            body_text = unindented
            logged = [len(inv.indent)] * (body_text.count("\n") + 1)
    nl = body_text.find("\n")
    first = body_text if nl < 0 else body_text[:nl]
    plain = inv is not None and (_PLAIN_STARTS.get(first) == 2 or plain_start(first, inv.framed)) and (
        argv is None or first.strip() != argv.strip())
    skip = preamble_lines(body_text, argv, rules=inv.framed) if inv and not plain else 0
    if skip:
        cut = 0
        for _ in range(skip):
            cut = body_text.index("\n", cut) + 1
        output = body_text[cut:]
    else:
        output = body_text
    first_line = body_line + skip
    if inv is None:
        command = ctx.command
        if command is None and ctx.argv:
            command = analyse(ctx.argv)[2]
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
    elif inv.frame == "warning":  # a fleet tool's own note ([WARNING]: ...): not a host's output
        return Section(None, "unknown", None, body_line, text, (), None, None, file, text_line)
    elif inv.fleet and not output.strip():  # framed or prefixed output follows: the run is on other hosts
        return Section(None, "unknown", argv, body_line, text, (), None, None, file, text_line)
    elif inv.status is not None:  # a fleet tool's framing says the run failed
        said = visible(prompt_text).strip()
        msg = _ANSIBLE_MSG.search(output)
        said += f": {msg.group(1)}" if msg is not None else " (the fleet tool reports the run failed)"
        err = ParseError(
            f"expected {name or 'command'} output from {host}, found a failed run: {said}",
            command=name or "rsctparse", line=text_line, column=1, text_line=prompt_text.rstrip("\r\n"), source=file,
        )
        err = _failed_run(err, output, name or "command", host, _lines_from(raw_body, skip), first_line, file) or err
        return Section(host, name or "unknown", argv, body_line, text, (), err, None, file, text_line)
    elif name is None and inv.framed:
        name = detect_name(normalize(output))
    if name is None:
        return Section(host, "unknown", argv, body_line, text, (), None, None, file, text_line)
    stage = inv.command_argv if inv is not None else (analyse(ctx.argv)[3] if ctx.argv else None)
    if inv is not None and not plain and may_have_failed(output):  # the command never ran: no output to read
        err = ParseError("", command=name, line=first_line, column=1, text_line="", source=file)
        failed = _failed_run(err, output, name, host, _lines_from(raw_body, skip), first_line, file)
        if failed is not None:
            return Section(host, name, argv, body_line, text, (), failed, _managed(name, stage), file, text_line)
    try:
        records = _parse_output(name, output, stage, ctx.engine)
    except ParseError as exc:
        err = exc.moved(line_offset=first_line - 1, source=file)
        if logged is not None and 0 <= err.line - body_line < len(logged):  # the column in the dump's line
            index = err.line - body_line
            err = err.moved(column_offset=logged[index], text_line=raw_body.split("\n")[index].rstrip("\r"))
        # Transcript artefacts, tried only on output that fails as printed (so they change nothing else).
        repaired = _repaired(name, prompt_text, argv, stage, output, ctx.engine)
        if repaired is None:
            err = _failed_run(err, output, name, host, _lines_from(raw_body, skip), first_line, file) or err
            return Section(host, name, argv, body_line, text, (), err, _managed(name, stage), file, text_line)
        argv, stage, records = repaired
    managed = None
    if PARSER_OF[name] == "lssyscfg":
        if _uneven_rows(records) and len(output) <= REPAIR_MAX:
            records = _even_rows(output, stage, ctx.engine) or records
        managed = _managed(name, stage)
    section = _DRAFT()
    section.host = host
    section.command = name
    section.argv = argv
    section.line = body_line
    section.text = text
    section.records = tuple(records)
    section.error = None
    section.managed_system = managed
    section.file = file
    section.text_line = text_line
    section.__class__ = Section
    return section  # type: ignore[no-any-return]


# Sections made as drafts (``_records.draft``: the fields stored as plain slots, then the class set; one per
# section: about 1/6 of the cost of attrs' ``__init__`` or of the slots' ``__set__``; tests/test_drafts.py checks
# the class, tests/test_stream.py that such a section equals the constructor's)
_DRAFT = draft(Section)


# dsh, xdsh and pdsh print each line of each host's output after the host's name and a colon; pdsh's own
# messages about a host start with pdsh@LOCALHOST: (the text after it names the host).
_PREFIXED = re.compile(r"(?:pdsh@[\w.-]+: )?[ \t]*(?P<host>[A-Za-z0-9][\w.-]*)[ \t]*: ?(?P<text>[^\n]*)")
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
_TOOL_PREFIXES = frozenset({"dsh", "xdsh", "pdsh", "rsh", "ssh", "Error", "Warning", "ERROR", "WARNING"})
_ANSIBLE_MSG = re.compile(r'^[ \t]*"msg": "((?:[^"\\\n]|\\.)*)"', re.M)


def _by_host(body: str) -> dict[str, list[tuple[int, int]]] | None:
    """{host: [(index of the line, length of its prefix)]} when every line of ``body`` is host-prefixed.

    Blank lines go with the host of the line before them.
    """
    groups: dict[str, list[tuple[int, int]]] = {}
    current: list[tuple[int, int]] | None = None
    blank: list[int] = []
    for index, line in enumerate(body.split("\n")):
        line = line.rstrip("\r")
        if not line.strip():
            if current is None:
                blank.append(index)
            else:
                current.append((index, -1))
            continue
        m = _PREFIXED.fullmatch(line)
        if m is None:
            return None
        if m.group("host") in _TOOL_PREFIXES:  # the tool's own message (dsh: 2618-008 ...): kept, not output
            if current is None:
                blank.append(index)
            else:
                current.append((index, -1))
            continue
        current = groups.setdefault(m.group("host"), [])
        current.extend((i, -1) for i in blank)
        blank = []
        current.append((index, m.start("text")))
    return groups or None


def _per_host(raw: RawSection, inv: CommandLine, groups: dict[str, list[tuple[int, int]]], ctx: _Context,
              prompt_text: str, body_text: str) -> list[Section]:
    """One section per host of a fleet tool's host-prefixed output.

    Each section's text is its host's lines as printed; when the hosts' lines interleave, the first section's
    text is the whole block and the others' are empty, so that the texts still add up to the input.
    """
    printed = _LINES.findall(body_text)
    shown = terminal_text(body_text).split("\n")
    ordered = sorted(groups.items(), key=lambda g: g[1][0][0])
    spans = [(items[0][0], items[-1][0]) for _, items in ordered]
    interleaved = any(spans[k][1] > spans[k + 1][0] for k in range(len(spans) - 1))
    out: list[Section] = []
    for n, (host, items) in enumerate(ordered):
        output = "".join(
            (shown[i].rstrip("\r")[cut:] if cut >= 0 else "") + "\n" for i, cut in items if i < len(printed))
        if interleaved:
            text = (prompt_text + body_text) if n == 0 else ""
        else:
            text = "".join(printed[i] for i, _ in items if i < len(printed))
            if n == 0:
                text = prompt_text + text
        first = raw.body_line + items[0][0]
        text_line = raw.prompt_line if n == 0 and prompt_text else first
        name = inv.command or detect_name(normalize(output))
        if name is None:
            out.append(Section(host, "unknown", inv.argv, first, text, (), None, None, ctx.file, text_line))
            continue
        stage = inv.command_argv
        try:
            records = _parse_output(name, output, stage, ctx.engine)
        except ParseError as exc:
            index, cut = items[min(max(exc.line, 1), len(items)) - 1]
            line_shown = printed[index].rstrip("\n").rstrip("\r") if index < len(printed) else ""
            err = ParseError(exc.message, command=exc.command, line=raw.body_line + index,
                             column=exc.column + max(cut, 0), text_line=line_shown, source=ctx.file)
            lines_printed = [printed[i].rstrip("\n") for i, _ in items if i < len(printed)]
            err = _failed_run(err, output, name, host, lines_printed.__getitem__, first, ctx.file) or err
            if err.line != raw.body_line + index:  # (a failed run: placed at the host's line that says so)
                at = err.line - first
                err = err.moved(line_offset=raw.body_line + items[at][0] - err.line) if 0 <= at < len(items) else err
            out.append(Section(host, name, inv.argv, first, text, (), err, _managed(name, stage), ctx.file,
                               text_line))
            continue
        out.append(Section(host, name, inv.argv, first, text, tuple(records), None, _managed(name, stage), ctx.file,
                           text_line))
    return out


def _uneven_rows(records: list[Record]) -> bool:
    """Whether ``lssyscfg -F`` rows without names differ in length (a sign of rows wrapped in a copy)."""
    values = _values_class()
    if not records or not isinstance(records[0], values):  # (rows with names: the common case, at once)
        return False
    return len({len(r.values) for r in records if isinstance(r, values)}) > 1


def _even_rows(output: str, stage: str | None, engine: Engine) -> list[Record] | None:
    """The records of the first even-row reading of ``output`` whose rows all parse to one length."""
    values = _values_class()
    for reading in even_row_readings(output, stage):
        try:
            records = _parse_output("lssyscfg", reading, stage, engine, quick=True)
        except ParseError:
            continue
        if not _uneven_rows(records) and all(isinstance(r, values) for r in records):
            return records
    return None


def _failed_run(err: ParseError, output: str, name: str, host: str | None, printed: Callable[[int], str],
                first_line: int, file: str | None) -> ParseError | None:
    """A clearer error when the output is only what a shell, sudo or ssh printed for a command that never ran.

    ``printed``: the output's line at an index as in the dump (for the column and the line shown).
    """
    failed = failure(output)
    if failed is None:
        return None
    index, line, meaning = failed
    try:
        shown = printed(index).rstrip("\r")
    except IndexError:
        shown = line
    return ParseError(
        f"expected {name} output{' from ' + host if host else ''}, found {meaning}",
        command=err.command, line=first_line + index, column=shown.find(line.strip()) + 1 or 1, text_line=shown,
        source=file,
    )


def _lines_from(text: str, skip: int) -> Callable[[int], str]:
    """The line at an index of ``text`` once ``skip`` lines are left out (found when asked: no copy of the text)."""
    def line(index: int) -> str:
        start = 0
        for _ in range(skip + index):
            start = text.find("\n", start) + 1
            if start == 0:
                raise IndexError(index)
        end = text.find("\n", start)
        return text[start:] if end < 0 else text[start:end]

    return line


def _managed(name: str, stage: str | None) -> str | None:
    """The managed system a ``lssyscfg -m`` (or ``lshwres -m`` ...) command line names (asked of lssyscfg)."""
    if not stage or PARSER_OF.get(name) != "lssyscfg":
        return None
    managed: str | None = _lssyscfg().invocation(stage).managed_system
    return managed


def _lssyscfg() -> Any:
    """lssyscfg's module, loaded with the first HMC section (a statement ``import`` in a function costs ~9 k
    instructions a call; this a dict lookup once loaded)."""
    module = sys.modules.get(_LSSYSCFG)
    if module is None:
        module = importlib.import_module(_LSSYSCFG)
    return module


def _values_class() -> type[Values]:
    values: type[Values] = _lssyscfg().Values
    return values


_LSSYSCFG = f"{__package__}._commands.lssyscfg"


def _parse_output(name: str, output: str, stage: str | None, engine: Engine, quick: bool = False) -> list[Record]:
    """The records of a section's output (``quick``: the fast engine alone, for repairs: a repair it cannot read
    is not worth a grammar pass)."""
    spec = LOADED.get(name) or command_for(name)
    options: dict[str, Any] = {"argv": stage} if stage and spec.name == "lssyscfg" else {}
    if output[-1:] != "\n" or "\r" in output:  # (what normalize changes; most outputs it leaves as they are)
        output = normalize(output)
    return parse_normalized(output, spec, None, engine, options, quick)


def _repaired(
    name: str, prompt_text: str, argv: str | None, stage: str | None, output: str, engine: Engine
) -> tuple[str | None, str | None, list[Record]] | None:
    """(argv, stage, records) of output that parses once its transcript artefacts are undone.

    At most ``REPAIR_TRIES`` readings (``_repair.readings``), with the fast engine alone.
    """
    if len(output) > REPAIR_MAX:
        return None  # artefacts of copies made by hand; a large failing output is not re-read
    printed = (argv, stage, output)  # the reading that failed
    tries = (r for r in readings(PARSER_OF[name], prompt_text, argv, stage, output) if r != printed)
    for try_argv, try_stage, try_output in itertools.islice(tries, REPAIR_TRIES):
        try:
            records = _parse_output(name, try_output, try_stage, engine, quick=True)
        except ParseError:
            continue
        return try_argv, try_stage, records
    return None


def iter_sections(
    source: Source,
    *,
    command: str | None = None,
    engine: Engine = "fast",
    workers: int | None = None,
    max_section: int = DEFAULT_MAX_SECTION,
    file: str | None = None,
    argv: str | None = None,
) -> Iterator[Section]:
    """Sections of a transcript or plain output file, lazily, in input order.

    ``source`` is a path, a binary file or an iterable of lines. ``command`` names the command of text
    outside any prompt (a plain file), ``argv`` its command line (``lssyscfg -F`` names come from it).
    ``workers`` > 1 parses in that many processes. ``file`` names the source in errors and sections
    (default: the path).
    """
    return map_sections(_same, source, command=command, engine=engine, workers=workers, max_section=max_section,
                        file=file, argv=argv)


def map_sections(
    fn: Callable[[Section], T],
    source: Source,
    *,
    command: str | None = None,
    engine: Engine = "fast",
    workers: int | None = None,
    max_section: int = DEFAULT_MAX_SECTION,
    file: str | None = None,
    argv: str | None = None,
) -> Iterator[T]:
    """``fn`` of each section of ``source``, in input order; with ``workers`` > 1, ``fn`` runs in the workers too.

    ``fn`` must be picklable when ``workers`` > 1 (a module-level function or a ``functools.partial`` of one).
    The other arguments are those of ``iter_sections``.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if command is not None and command not in COMMANDS:
        raise ValueError(f"unknown command {command!r}; known: {', '.join(COMMANDS)}")
    if file is None and isinstance(source, (str, os.PathLike)):
        file = os.fspath(source)
    raws = split_raw(source, max_section=max_section)
    ctx = _Context(file, command, argv, engine)
    if not workers or workers <= 1:
        # in this process: the builder mapped straight over the raw sections, in C (the first two through
        # _head_marked, which tells a plain file; the rest go on from where it stopped)
        build = functools.partial(_builder(ctx), ctx)
        built = itertools.chain(itertools.starmap(build, _head_marked(raws)), map(build, raws, itertools.repeat(False)))
        sections = itertools.chain.from_iterable(built)
        return cast(Iterator[T], sections) if fn is _same else map(fn, sections)
    pairs = itertools.chain(_head_marked(raws), zip(raws, itertools.repeat(False)))
    return itertools.chain.from_iterable(ordered_map(_Job(fn, ctx), pairs, workers, _raw_size))


def _builder(ctx: _Context) -> Callable[[_Context, RawSection, bool], Sequence[Section]]:
    """``_build`` with the hand engine (its short path parses with it), ``_general`` with the grammar."""
    return _build if ctx.engine == "fast" else _general


def _same(section: Section) -> Section:
    return section


def _raw_size(item: tuple[RawSection, bool]) -> int:
    return len(item[0].prompt) + len(item[0].body)


def _head_marked(raws: Iterator[RawSection]) -> Iterator[tuple[RawSection, bool]]:
    """The first two raw sections of ``raws`` in pairs (raw section, whether it is the only one and has no
    prompt: a plain file); the others are left in ``raws``."""
    first = next(raws, None)
    if first is None:
        return
    second = next(raws, None)
    yield first, second is None and not first.prompt
    if second is not None:
        yield second, False


@attrs.frozen
class _Job:
    """Build a section and apply ``fn`` (one picklable callable for the worker processes)."""

    fn: Callable[[Section], Any]
    ctx: _Context

    def __call__(self, item: tuple[RawSection, bool]) -> list[Any]:
        return [self.fn(section) for section in _builder(self.ctx)(self.ctx, item[0], item[1])]
