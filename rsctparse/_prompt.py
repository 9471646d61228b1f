"""Command lines in transcripts: which lines are prompts or markers, and the command each one runs."""

from __future__ import annotations

import functools
import re
import shlex
from typing import NamedTuple

from ._registry import COMMANDS

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

class CommandLine(NamedTuple):
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
def prompt(line: str) -> CommandLine | None:
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
    return CommandLine(host, cmd or None, command, stage, log)


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


SURE_PROMPT_ASCII = re.compile(b"|".join(b"(?:" + _ascii_pattern(p.pattern) + b")" for p, needs in _PROMPTS
                                          if not needs))


MAX_PROMPT = 4096  # a longer line is output, never a prompt (and is not scanned by the prompt patterns)


def is_prompt_line(text: str) -> bool:
    """Whether a line (no end of line) is a prompt or marker line; cheaper than ``prompt``."""
    if "\x1b" in text:
        text = _ANSI.sub("", text).rstrip("\r\n")
    if _SURE_PROMPT.fullmatch(text):
        return True
    return text[:1] in "#$[R" and prompt(text) is not None  # (the styles that need a known command)
