"""Command lines in transcripts: which lines are prompts or markers, and the command each one runs."""

from __future__ import annotations

import functools
import re
import shlex
from collections.abc import Mapping
from typing import NamedTuple

from ._registry import COMMANDS, PARSER_OF
from ._values import CACHED_LINE_MAX

# The section marker collection scripts print before each command's output (docs/transcripts.md).
MARKER = "### rsctparse host={host} argv={argv}"

# Prompt shapes whose form alone makes a command line (any command after them starts a section).
_SURE: tuple[re.Pattern[str], ...] = (
    re.compile(r"\[(?P<user>[\w.-]+)@(?P<host>[\w.-]+)(?:[ \t][^\]]*)?\][#$%][ \t]*(?P<cmd>.*)"),
    re.compile(r"(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?P<path>[^\s#$>]*)[ \t]*[>#$%][ \t]*(?P<cmd>.*)"),
    re.compile(r"(?P<host>[\w.-]+):(?P<path>/[^\s#$>]*)[ \t]*[#$>%][ \t]*(?P<cmd>.*)"),
    re.compile(r"(?P<host>[\w.-]+)[ \t]+(?P<path>/[^\s#$>]*)[ \t]+[#$>%][ \t]*(?P<cmd>.*)"),
)
_MARKER_LINE = re.compile(r"### rsctparse host=(?P<host>\S*) argv=(?P<cmd>.*)")


def _numbered(pattern: str, k: int) -> str:
    """``pattern`` with ``k`` after each group name (``host`` -> ``host2``)."""
    return re.sub(r"\(\?P<([a-z]+)>", lambda g: f"(?P<{g.group(1)}{k}>", pattern)


# the marker and the sure shapes as one pattern, tried in that order (group names numbered by shape)
_MARKER_OR_SURE = re.compile("|".join(
    f"(?:{_numbered(shape.pattern, k)})" for k, shape in enumerate((_MARKER_LINE, *_SURE))))
# the numbers of each shape's host and command groups, by the number of its command's group (the last of each
# shape: ``Match.lastindex``); numbers, as ``m[n]`` is several times cheaper than ``m.group(name, name)``
_GROUP = _MARKER_OR_SURE.groupindex
_HOST_AND_CMD = {_GROUP[f"cmd{k}"]: (_GROUP[f"host{k}"], _GROUP[f"cmd{k}"]) for k in range(len(_SURE) + 1)}
# test-harness logs (avocado's job.log, then its console form, which needs a known command)
_HARNESS_LOG = re.compile(
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+[ \t]+[\w.-]+[ \t]+L\d+[ \t]+INFO[ \t]*\| Running '(?P<cmd>.*)'")
_HARNESS_CONSOLE = re.compile(r"Running '(?P<cmd>.*)'")
# Any other command line: a short prefix (no prompt character, none of = , < " which fill output lines), the
# first prompt character of the line, then the command. Accepted only when the command is one rsctparse knows.
_GENERAL = re.compile(r'(?P<prefix>[^#$>%=,<"\n]{0,64}+)[#$>%][ \t]*+(?P<cmd>[^ \t].*)')
_PREFIX_WORDS = 3  # a prefix of more blank-separated words is prose, not a prompt (``user @ host`` is one)
_AT = re.compile(r"[ \t]*@[ \t]*")
_COMMENT_WORD = re.compile(r"[A-Za-z][a-z]*")  # a plain word after a command: prose in a `#` comment line
# the host in a prefix: user@host (blanks allowed around @), host:path, host:user:path, [host:user] path, host path
_PREFIX_USER_AT_HOST = re.compile(r"(?:\(\d+\))?\[?[\w.-]+[ \t]*@[ \t]*(?P<host>[\w.-]+)")
_PREFIX_HOST = re.compile(
    r"\[(?P<host>[A-Za-z0-9][\w.-]*):[^\]]*\][^\n]*|(?P<bare>[A-Za-z0-9][\w.-]*)(?::[^\n]*|[ \t]+[/~][^\n]*)?")
_NOT_HOSTS = re.compile(r"(?:ba|k|z|tc|c|da|ksh93|)sh(?:-\d[\d.]*)?|root|padmin|hscroot|hscpe|admin|user|\(base\)")

# The commands a general prompt needs after it: rsctparse's own (by bare name or any path), the HMC's command
# families, the wrappers that run another command, and the shell commands met in troubleshooting transcripts.
PARSED = frozenset(COMMANDS)
WRAPPERS = frozenset({"sudo", "ssh", "viosvrcmd", "su", "env", "time", "nohup", "pesh", "oem_setup_env"})
OTHER_COMMANDS = frozenset(
    """rmcctrl recfgct lsrpdomain lsrpnode lsnodeid diagrmc ctsnap ctsvhbar ctsvhbac ctskeygen ctsthl lsrsrcdef
    nlssrc stopsrc startsrc refresh ioscli ioslevel oslevel lslpp instfix lparstat prtconf errpt lscfg lsdev lsattr
    lsvg lspv entstat chdev mkdev rmdev cat grep egrep fgrep awk sed head tail more less ls ps df uname hostname
    whoami id date echo printf ping traceroute nslookup host dig netstat ifconfig ip tracepath telnet nc scp rpm
    zypper yum dnf systemctl service find tee wc sort uniq cut tr exit cd pwd
    dsh xdsh pdsh clcmd dcli ansible""".split()
)
# the HMC's commands: its ls* family (read like lssyscfg) and the ch*/mk*/rm* ones met with them
HMC_COMMANDS = frozenset(PARSER_OF) | frozenset(
    """chsyscfg chhwres chsysstate chhmc chhmcusr chlparutil chcod chled chaccfg chsacfg chpsm chlparstate
    mksyscfg mkauthkeys mkvterm mkhmcusr mkaccfg rmsyscfg rmvterm rmlock rmhmcusr rmaccfg rmlparutil migrlpar
    lpar_netboot viosvrcmd""".split()
)
# A command line that starts with a known command: ``VAR=value`` words, any path, the name, then the end of the
# word. The same text compiled over str (for ``prompt``) and over bytes (for the splitter's scan).
_KNOWN_START = (
    r"(?:[\w.-]*=\S*[ \t]+)*(?:\S*/)?(?:"
    + "|".join(sorted(PARSED | WRAPPERS | OTHER_COMMANDS | HMC_COMMANDS, key=lambda n: (-len(n), n)))
    + r")(?![^\s|;&])"
)
_KNOWN_COMMAND = re.compile(_KNOWN_START)


def is_known(base: str) -> bool:
    """Whether a command name (no path) is one a general prompt may run."""
    return base in PARSED or base in WRAPPERS or base in OTHER_COMMANDS or base in HMC_COMMANDS


class CommandLine(NamedTuple):
    """What a prompt line says: host, the command line as typed, and the command it runs (a tuple: cheap)."""

    host: str | None
    argv: str | None
    command: str | None  # the command's name when a parser reads it (lssyscfg, lshwres, ...), else None
    command_argv: str | None  # the first pipeline stage of the command (for parse options)
    log: bool = False  # a harness's log line: the output is its [stdout] and [stderr] lines
    indent: str = ""  # the blanks before the prompt (a block indented as a whole: its output is too)
    fleet: bool = False  # a fleet tool (dsh, pdsh, clcmd, ansible): its output comes framed or prefixed by host
    framed: bool = False  # not a prompt: a fleet tool's framing that names the host whose output follows
    status: str | None = None  # the framing's word for a run that failed (ansible's FAILED, UNREACHABLE!)
    frame: str | None = None  # which framing: dshbak, rule, ansible, echo (a shell loop's), warning (a tool's note)


_SEPARATORS = frozenset({"|", "||", ";", "&&", "&", "|&"})
_SEPARATOR = re.compile(r"\|\|?|;|&&?|\|&")


def _words(text: str) -> list[str]:
    """Shell words of the first pipeline stage of ``text`` (tolerant of unbalanced quotes)."""
    if "'" not in text and '"' not in text and "\\" not in text:  # no quoting: no need for shlex (which is slow)
        if "|" in text or ";" in text or "&" in text:
            text = _SEPARATOR.split(text, 1)[0]
        return text.split()
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


_SAFE_WORDS = re.compile(r"[\w@%+=:,./ -]*", re.ASCII)  # what shlex.quote leaves as it is, and blanks


def _joined(words: list[str]) -> str:
    """``shlex.join(words)``, without quoting each word when none needs it."""
    line = " ".join(words)
    if line.count(" ") == len(words) - 1 and "" not in words and _SAFE_WORDS.fullmatch(line) is not None:
        return line
    return shlex.join(words)


# options that take a value, per wrapper (the rest are flags)
_SSH_ARG_OPTIONS = frozenset("bcDEeFIiJLlmOopQRSWw")
_SUDO_ARG_OPTIONS = frozenset("ugpCchrtTUD")


def _option_end(words: list[str], start: int, with_value: frozenset[str]) -> int:
    """The index of the first word after the options that start at ``start``."""
    i = start
    while i < len(words) and words[i].startswith("-") and words[i] != "-":
        opt = words[i]
        if opt == "--":
            return i + 1
        i += 2 if len(opt) == 2 and opt[1] in with_value else 1
    return i


def _inner(rest: list[str]) -> list[str]:
    """The words of a command given as one quoted argument (``ssh host 'cmd | filter'``) or as several."""
    return _words(rest[0]) if len(rest) == 1 else rest


# fleet tools and the options of theirs that take a value (dsh and xdsh: AIX/CSM/xCAT; pdsh; PowerHA clcmd)
_FLEET: dict[str, frozenset[str]] = {
    "dsh": frozenset({"-n", "-N", "-w", "-W", "-f", "-l", "-o", "-e", "-E", "-t", "-u", "-x", "-C", "-R", "-X"}),
    "xdsh": frozenset({"-f", "-l", "-o", "-e", "-E", "-t", "-C", "-X", "-B", "-z"}),
    "pdsh": frozenset({"-w", "-x", "-g", "-X", "-R", "-l", "-f", "-t", "-u", "-N"}),
    "clcmd": frozenset({"-n", "-m", "-g"}),
    "ansible": frozenset({"-m", "-a", "-i", "-u", "-f", "-e", "-l", "-c", "-T", "-B", "-P", "--args",
                          "--module-name", "--inventory", "--user", "--forks", "--limit", "--become-user"}),
}


def _fleet_command(tool: str, words: list[str]) -> list[str]:
    """The words of the command a fleet tool runs on each host ([] when it names none)."""
    with_value = _FLEET[tool]
    rest: list[str] = []
    args: str | None = None
    module = "command"
    i = 1
    while i < len(words):
        word = words[i]
        if word in with_value and i + 1 < len(words):
            if word in ("-a", "--args"):
                args = words[i + 1]
            elif word in ("-m", "--module-name"):
                module = words[i + 1]
            i += 2
            continue
        if word.startswith("-"):
            i += 1
            continue
        if tool == "ansible":
            i += 1  # the host pattern (the command is the value of -a)
            continue
        if tool == "xdsh" and not rest:
            rest.append(word)  # the noderange
            i += 1
            continue
        rest.extend(words[i:])
        break
    if tool == "ansible":
        return _words(args) if args and module in ("command", "shell", "raw", "ansible.builtin.command",
                                                    "ansible.builtin.shell", "ansible.builtin.raw") else []
    if tool == "xdsh":
        rest = rest[1:]  # the noderange
    return _inner(rest) if rest else []


@functools.lru_cache(maxsize=4096)
def analyse(argv: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(base command name, target host, canonical command, first pipeline stage) of a command line.

    Wrappers are looked through: ``sudo [opts]``, ``env``/``time``/``nohup``, ``VAR=value``, ``ssh [opts]
    [user@]host CMD`` and ``viosvrcmd -m SYS -p VIOS -c "CMD"`` (whose target is the host), ``su - user -c
    "CMD"``.
    """
    words = _words(argv)
    host = None
    while words:
        first = words[0].rsplit("/", 1)[-1]
        if "=" in words[0] and not words[0].startswith("-"):
            words = words[1:]
        elif first in ("env", "time", "nohup"):
            words = words[_option_end(words, 1, frozenset()):]
        elif first == "sudo":
            words = words[_option_end(words, 1, _SUDO_ARG_OPTIONS):]
        elif first == "ssh":
            i = _option_end(words, 1, _SSH_ARG_OPTIONS)
            if i >= len(words):
                return first, host, None, _joined(words)
            host = words[i].rsplit("@", 1)[-1]
            words = _inner(words[_option_end(words, i + 1, _SSH_ARG_OPTIONS):])  # (options after the host too)
        elif first in _FLEET:
            inner = _fleet_command(first, words)
            if not inner:
                return first, host, None, _joined(words)
            words = inner
        elif first in ("viosvrcmd", "su") and "-c" in words:
            at = words.index("-c")
            if first == "viosvrcmd" and "-p" in words[: at] and words.index("-p") + 1 < at:
                host = words[words.index("-p") + 1]
            if at + 1 >= len(words):
                return first, host, None, _joined(words)
            words = _inner(words[at + 1 :])
        else:
            return first, host, first if first in PARSER_OF else None, _joined(words)
    return None, host, None, None


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def visible(line: str) -> str:
    """A line as a terminal shows it: escape sequences, a BOM and text overwritten after a CR removed."""
    if "\x1b" in line:
        line = _ANSI.sub("", line)
    if "\ufeff" in line:
        line = line.replace("\ufeff", "")
    line = line.rstrip("\r\n")
    if "\b" in line:  # a backspace erases the character before it
        shown_chars: list[str] = []
        for ch in line:
            if ch == "\b":
                if shown_chars:
                    shown_chars.pop()
            else:
                shown_chars.append(ch)
        line = "".join(shown_chars)
    if "\r" in line:  # a carriage return inside the line: what follows it is written over what came before
        shown = ""
        for part in line.split("\r"):
            shown = part + shown[len(part):]
        line = shown
    return line


def _host_of(prefix: str) -> str | None:
    """The host a prompt's prefix names (``user@host``, ``host:path``, ``[host:user] path``, ...), else None."""
    m = _PREFIX_USER_AT_HOST.search(prefix)  # (after a time stamp too: `[10:15:32] root@aix01:~#`)
    if m is None:
        m = _PREFIX_HOST.fullmatch(prefix.strip())
    if m is None:
        return None
    host = m.group("host") or m.group("bare")
    return None if _NOT_HOSTS.fullmatch(host) else host


@functools.lru_cache(maxsize=4096)
def prompt(line: str) -> CommandLine | None:
    """The command line a prompt or marker line shows, or None when the line is not one."""
    if len(line) > MAX_PROMPT or _CANDIDATE_TEXT.match(line) is None:
        return None
    text = visible(line)
    body = text.lstrip(" \t")
    indent = text[: len(text) - len(body)]
    if not indent:  # the marker or a sure shape, in one match (an indented line needs the general rule)
        m = _MARKER_OR_SURE.fullmatch(body)
        if m is not None:
            k = (m.lastgroup or "cmd0")[3:]  # (the last group of each shape is its command)
            return _command_line(m.group("cmd" + k).strip(), m.group("host" + k) or None, False, indent)
    else:
        m = _MARKER_LINE.fullmatch(body)
        if m is not None:
            return _command_line(m.group("cmd").strip(), m.group("host") or None, False, indent)
    m = _HARNESS_LOG.fullmatch(body)
    if m is not None:
        return _command_line(m.group("cmd").strip(), None, True, indent)
    frame = framing(body) if body[:1] in _FRAME_START or " | " in body else None
    if frame is not None:
        return frame
    m = _HARNESS_CONSOLE.fullmatch(body)
    if m is not None:
        cmd = m.group("cmd").strip()
        base = analyse(cmd)[0]
        return _command_line(cmd, None, True, indent) if base is not None and is_known(base) else None
    m = _GENERAL.fullmatch(body)
    if m is None or _KNOWN_COMMAND.match(m.group("cmd")) is None:
        return None
    cmd = m.group("cmd").strip()
    prefix = m.group("prefix")
    if len(_AT.sub("@", prefix).split()) > _PREFIX_WORDS:
        return None
    if not prefix.strip():  # a bare `#` or `$`: a comment line looks alike, so the command must look like one
        base = analyse(cmd)[0]
        if base is None:  # a wrapper alone: `ssh host` (an interactive login), `sudo -i`
            first = cmd.split(None, 1)[0].rsplit("/", 1)[-1]
            base = first if first in WRAPPERS else None
        if base is None or not is_known(base):
            return None  # a wrapper around something else (`# time to restart ...`)
        if base in PARSER_OF or base in _FLEET or base in WRAPPERS:
            return _command_line(cmd, None, False, indent)
        args = cmd.split()[1:]
        plain = sum(1 for a in args if _COMMENT_WORD.fullmatch(a))
        shaped = any(a[:1] in "-/|<>.~$'\"" for a in args)  # options, paths, redirections, quoting
        if not shaped and (plain >= 2 or (args and _COMMENT_WORD.fullmatch(args[0]) and len(args) >= 2)):
            return None  # `# host aix01 is down`, `# more output omitted`: a comment, not a command
    return _command_line(cmd, _host_of(prefix), False, indent)


# The marker and the sure shapes by number (1: the marker, 2...: ``_SURE``), as the splitter marks lines
# (``RawSection.sure``): each one's match and the numbers of its host and command groups. They exclude one another
# (each starts otherwise: ``###``, ``[``, ``word@word:``, ``word:/``, ``word /``), so a line's shape is the one
# ``_MARKER_OR_SURE`` would find.
_SHAPES = (_MARKER_LINE, *_SURE)
_SHAPE_MATCH = {k: (p.fullmatch, p.groupindex["host"], p.groupindex["cmd"]) for k, p in enumerate(_SHAPES, 1)}
SURE_ANY = len(_SHAPES) + 1  # a sure line whose shape is not known


def sure_prompt(line: str, shape: int = SURE_ANY) -> CommandLine | None:
    """``prompt(line)`` for a line the splitter's scan marked as the marker or a sure shape (``SURE_PROMPT_ASCII``
    accepts it: printable ASCII, no indent, no end of line), without the tests such a line passes anyway.
    ``shape``: which one, when known (one pattern to try, not all)."""
    one = _SHAPE_MATCH.get(shape)
    if one is not None:
        match, h, c = one
        m = match(line)
        if m is None:
            return prompt(line)
    else:
        m = _MARKER_OR_SURE.fullmatch(line)
        if m is None:
            return prompt(line)
        h, c = _HOST_AND_CMD[m.lastindex or 0]
    host = m[h]
    target, command, stage, fleet = _command_of(cmd := m[c].strip())
    return _new(CommandLine, (target or host or None, cmd or None, command, stage, False, "", fleet, False, None, None))


def sure_command(line: str, shape: int) -> tuple[str | None, str | None, str | None, str | None] | None:
    """(host, argv, command, first stage) that ``sure_prompt`` reads in a line the splitter's scan marked as of a
    sure ``shape`` (its end of line kept), when that is a prompt that starts no fleet tool; None for anything else
    (then ``sure_prompt`` says what the line is).

    The line's host is found by the bytes that end it in its shape (a host, and the user before it, are
    ``[\\w.-]+``: the first ``@`` ends the user, the first ``:``, blank or ``]`` after it the host); what follows
    it, the tail, reads the same on every host (``~> lssrc -a``): the tail's reading, by the shape's pattern, is
    kept (tests/test_sections_fast.py holds this to ``sure_prompt``).
    """
    if shape == 4:  # host:/path # CMD
        host, _, tail = line.partition(":")
    elif shape == 3:  # user@host:path> CMD
        host, _, tail = line.partition("@")[2].partition(":")
    elif shape == 1:  # ### rsctparse host=HOST argv=CMD
        host, _, tail = line[19:].partition(" ")
    elif shape == 2:  # [user@host path]# CMD
        host, _, tail = line.partition("@")[2].partition("]")
        host = host.partition(" ")[0].partition("\t")[0]
    elif shape == 5:  # host /path # CMD
        host = line.partition(" ")[0].partition("\t")[0]
        tail = line[len(host) :]
    else:
        return None
    tails = _TAILS[shape]
    found = tails.get(tail)
    if found is None:
        found = _tail_reading(line, shape, len(line) - len(tail), host)
        if found is None:
            return None
        if len(tail) <= CACHED_LINE_MAX:
            if len(tails) >= 4096:
                tails.clear()
            tails[tail] = found
    if not found:
        return None
    target, cmd, command, stage = found
    return target or host or None, cmd, command, stage


# by shape: each tail's reading ((target, argv, command, stage), or () when ``sure_command`` leaves it to
# ``sure_prompt``: a fleet tool, no command)
_TAILS: tuple[dict[str, tuple[str | None, str, str | None, str | None] | tuple[()]], ...] = tuple(
    {} for _ in range(SURE_ANY))


def _tail_reading(line: str, shape: int, cut: int,
                  host: str) -> tuple[str | None, str, str | None, str | None] | tuple[()] | None:
    """What the tail of ``line`` (from ``cut``) reads as, by the shape's pattern; None when the pattern does not
    read the line with ``host`` before ``cut`` and its command after (not a line of that shape: nothing is kept)."""
    match, h, c = _SHAPE_MATCH[shape]
    m = match(line.rstrip("\n"))
    if m is None or m[h] != host or not m.end(h) <= cut <= m.start(c):
        return None
    cmd = m[c].strip()
    target, command, stage, fleet = _command_of(cmd)
    return () if fleet or not cmd else (target, cmd, command, stage)


@functools.lru_cache(maxsize=4096)
def _command_of(cmd: str) -> tuple[str | None, str | None, str | None, bool]:
    """(target host, canonical command, first pipeline stage, whether a fleet tool runs it) of a command line
    (the same command line recurs on every host of a transcript)."""
    _, target, command, stage = analyse(cmd) if cmd else (None, None, None, None)
    first = cmd.split(None, 1)[:1]  # (a fleet tool is a plain word: no need for shell quoting rules)
    return target, command, stage, bool(first) and first[0].rsplit("/", 1)[-1] in _FLEET


_new = tuple.__new__  # a CommandLine without its Python-level __new__ (one per section)


def _command_line(cmd: str, host: str | None, log: bool, indent: str) -> CommandLine:
    target, command, stage, fleet = _command_of(cmd)
    return _new(CommandLine, (target or host, cmd or None, command, stage, log, indent, fleet, False, None, None))


# Fleet tools' framing: a line that names the host whose output follows (docs/transcripts.md).
_HOSTISH = r"[A-Za-z0-9][\w.-]*"
_FRAME = re.compile(
    r"HOSTS?:[ \t]*(?P<dshbak>[A-Za-z0-9][\w.,\[\]-]*)"  # IBM and xCAT dshbak: HOST: name, then a rule
    r"|(?P<ansible>[A-Za-z0-9][\w.:\[\]-]*) \| (?P<state>CHANGED|SUCCESS|FAILED!?|UNREACHABLE!)"
    r"(?: \| rc=-?\d+ >>| => \{.*|: .*)?"  # ansible ad hoc: host | STATE | rc=N >>, host | STATE => {
    r"|(?P<mark>[=#-])(?P=mark){2,}[ \t]*(?P<echo>" + _HOSTISH + r")[ \t]*(?P<close>(?P=mark){3,})?"
    r"|(?P<warning>\[(?:WARNING|DEPRECATION WARNING|ERROR)\]: .*)"  # ansible's own messages
)
_FRAME_START = frozenset("H=-#[")
# three lines: a rule, the host (pdsh dshbak, clubak with a count, PowerHA clcmd's NODE), the same rule again
SANDWICH = re.compile(
    rb"(?P<rule>-{5,}+|={5,}+)\r?\n(?:NODE[ \t]+)?(?P<host>[A-Za-z0-9][\w.,\[\]-]*)(?:[ \t]+\(\d+\))?[ \t]*\r?\n"
    rb"(?P=rule)\r?(?:\n|$)"
)


def framing(text: str) -> CommandLine | None:
    """The host a fleet tool's framing (one line, or a rule, a host and a rule) names, else None."""
    if "\n" in text.rstrip("\r\n"):
        m = SANDWICH.fullmatch(text.encode("utf-8", "surrogateescape"))
        if m is None:
            return None
        return CommandLine(m.group("host").decode("utf-8", "surrogateescape"), None, None, None, framed=True,
                           frame="rule")
    f = _FRAME.fullmatch(visible(text).strip())
    if f is None:
        return None
    if f.group("warning") is not None:
        return CommandLine(None, None, None, None, framed=True, frame="warning")
    if f.group("echo") is not None and f.group("mark") != "=" and f.group("close") is None:
        return None  # "--- name" alone could be output; a rule must close it
    host = f.group("dshbak") or f.group("ansible") or f.group("echo")
    state = f.group("state")
    status = state if state in ("FAILED", "FAILED!", "UNREACHABLE!") else None
    kind = "echo" if f.group("echo") is not None else "ansible" if f.group("ansible") is not None else "dshbak"
    return CommandLine(host, None, None, None, framed=True, status=status, frame=kind)


MAX_PROMPT = 4096  # a longer line is output, never a prompt (and is not scanned by the prompt patterns)


def is_prompt_line(text: str) -> bool:
    """Whether a line (no end of line) is a prompt or marker line."""
    return prompt(text) is not None


# How a command line or a fleet tool's framing starts, over bytes: found in C across whole blocks, then confirmed
# with ``prompt``/``framing`` (which accept no line that does not start so). The shapes: ``(n)``, ``[``, ``#``
# (the marker too), ``$``, ``%``; an escape sequence or a BOM; ``HOST:``, a rule of ``-`` or ``=`` with a host line
# and the same rule after it (``SANDWICH``), a rule of ``=``, ``-`` or ``*`` before a name on the line; a word
# followed by ``@``, ``:`` and a path, a prompt character, or blanks and a path, ``@``, a prompt character, ``|``
# (ansible), a time (harness logs) or a quote (``Running '...'``); indented by a tab or four blanks or
# more (a copy from a page): a word then ``@``, a prompt character or ``[``. Kept to shapes the regex engine
# rejects within a word: this scan runs on every line (bench/instructions.sh split). The engine's BRANCH tests
# each alternative's first byte or set against the line's first byte before it enters it (about 10 instructions
# a literal, 30 a set): so few alternatives, each led by a literal or a set; the rare first bytes share one set,
# then a lookbehind tells them apart; a line led by ``-`` reads its dashes once (a word, a rule of ``-=*`` or a
# framing's rule: lookbehinds count the dashes); runs of blanks are read by a literal count of spaces first (a
# set costs about 20 instructions a byte, a literal 4). The sets are spelled out (``\w`` is a category test a byte
# besides the bitmap). The lines found are those of the form before this one (tests/test_split_scan.py).
_WORD = rb"[A-Za-z0-9_.-]"
# a framing's host line (SANDWICH's), in alternatives led by a byte: the optional groups were repeats (costly)
_HOST = rb"[A-Za-z0-9][A-Za-z0-9_.,\[\]-]*+[ \t]*+(?:\r?\n|(?<=[ \t])\(\d+\)[ \t]*+\r?\n)"
_HOST_LINE = rb"(?:\n|\r\n)(?:NODE[ \t]+" + _HOST + rb"|" + _HOST + rb")"
_BLANKS_THEN = rb" *+[ \t]*+(?:/{S4}|[~@#$>%|]|[0-9][0-9]:|')"  # (after a blank)
_AFTER_WORD = rb"(?: " + _BLANKS_THEN + rb"|@{S2}|:(?:/{S3}|[~A-Za-z0-9_])|[#$>%]|\t" + _BLANKS_THEN + rb")"
_CANDIDATE_FORM = (  # {M} {S1} ... : where the scan also tries the rest of a sure shape (SURE_PROMPT_ASCII)
    rb"(?:[A-Za-z0-9_.]" + _WORD + rb"*+" + _AFTER_WORD
    + rb"|     *+[ \t]*+" + _WORD + rb"*+[@#$%\[]"  # (four blanks, then the other blanks)
    + rb"|\t" + _WORD + _WORD + rb"*+@"
    + rb"|--*+(?:" + _WORD + rb"*+" + _AFTER_WORD + rb"|[-=*]*+(?<=[-=*][-=*][-=*])[ \t]*+[A-Za-z0-9]"
    + rb"|(?<=-----)(?=" + _HOST_LINE + rb"-))"
    + rb"|HOSTS?:"
    + rb"|[#\[$%(\x1b\xef=*](?:(?<=#){M}|(?<=\[){S1}|(?<=[$%])|(?<=\()[A-Za-z0-9_]*\)|(?<=\x1b)[\[\]]"
    + rb"|(?<=\xef)\xbb\xbf|(?<==)(?:=====*+(?=" + _HOST_LINE + rb"=)|[-=*][-=*][-=*]*+[ \t]*+[A-Za-z0-9])"
    + rb"|(?<=\*)[-=*][-=*][-=*]*+[ \t]*+[A-Za-z0-9]))"
)
# (linear: a path, blanks and the prompt character in an atomic group, the first that fits from the right; the rest
# is printable to the end of the line or no split fits; ``[ \t]*`` before ``[ -~]*+`` would backtrack: omitted)
_PATH, _CMD = rb'(?>[!"%-=?-~]*', rb"[ -~]*+(?![^\n])()"
_SURE_RESTS = {  # the rest of each sure shape, after what the scan has read (``SURE_PROMPT_ASCII``'s shapes)
    b"{M}": rb"## rsctparse host=[!-~]*+ argv=[ -~]*+(?![^\n])()",
    b"{S1}": _WORD + rb"++@" + _WORD + rb"++(?:[ \t][^\]\x00-\x1f\x7f-\xff]*+)?\][#$%]" + _CMD,
    b"{S2}": _WORD + rb"++:" + _PATH + rb"[ \t]*[>#$%])" + _CMD,
    b"{S3}": _PATH + rb"[ \t]*[#$>%])" + _CMD,
    b"{S4}": _PATH + rb"[ \t]+[#$>%])" + _CMD,
}
CANDIDATE = _CANDIDATE_FORM
# The same scan, which also tells a line of a sure shape (``SURE_PROMPT_ASCII`` accepts the whole line) by an
# empty group at its end (``Match.lastindex`` is then set): the rest of each shape after the bytes the scan has
# read, tried only there, in an optional group (the lines found are those of ``CANDIDATE``). Tests hold that a
# line is marked exactly when ``SURE_PROMPT_ASCII`` accepts it.
CANDIDATE_SURE = _CANDIDATE_FORM
for _shape, (_mark, _rest) in enumerate(_SURE_RESTS.items(), 1):  # (each rest's end group named by its shape)
    CANDIDATE = CANDIDATE.replace(_mark, b"")
    _cut = _rest.rindex(b"()")
    for _n in range(CANDIDATE_SURE.count(_mark)):  # (a mark may be met more than once: a name for each)
        _named = _rest[:_cut] + b"(?P<shape%d_%d>)" % (_shape, _n) + _rest[_cut + 2 :]
        CANDIDATE_SURE = CANDIDATE_SURE.replace(_mark, b"(?:" + _named + b"|)", 1)


def shape_of_group(groupindex: Mapping[str, int]) -> dict[int, int]:
    """The shape (``sure_prompt``'s numbers) of a line a ``CANDIDATE_SURE`` scan marks, by ``Match.lastindex``
    (from the compiled scan's ``groupindex``); 0 for a line found sure another way (``SURE_ANY``)."""
    return {index: int(name[5:].split("_")[0]) for name, index in groupindex.items()} | {0: SURE_ANY}


_CANDIDATE_TEXT = re.compile(  # (over text, a BOM is one character)
    CANDIDATE.decode("ascii").replace("\\x1b\\xef", "\\x1b\ufeff").replace("(?<=\\xef)\\xbb\\xbf", "(?<=\ufeff)"),
    re.ASCII,
)
assert "xef" not in _CANDIDATE_TEXT.pattern
# The sure shapes over bytes, with ASCII classes that are subsets of the str ones: a line this accepts is a
# prompt (``prompt`` accepts it too); a line it rejects goes to ``prompt``.
_ASCII_CLASSES = (
    (r"[\w.-]", r"[A-Za-z0-9_.-]"),
    (r"\S*", r"[!-~]*"),
    (r"[^\s#$>]", r'[!"%-=?-~]'),
    (r"[^\]]", r"[^\]\x00-\x1f\x7f-\xff]"),
    (r".*", r"[ -~]*"),
)


def _ascii_pattern(pattern: str) -> bytes:
    pattern = re.sub(r"[?]P<[a-z]+>", "?:", pattern)
    for unicode_class, ascii_class in _ASCII_CLASSES:
        pattern = pattern.replace(unicode_class, ascii_class)
    assert "\\w" not in pattern and "\\s" not in pattern and "\\S" not in pattern, pattern
    return pattern.encode("ascii")


SURE_PROMPT_ASCII = re.compile(
    b"|".join(b"(?:" + _ascii_pattern(p.pattern) + b")" for p in (_MARKER_LINE, *_SURE))
)
