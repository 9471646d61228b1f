"""What a terminal session adds around a command's output: echoes, banners, escape codes, indentation, failures.

Each function keeps the output's line count, so positions found in the cleaned text are positions in the dump.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._prompt import visible
from ._values import CACHED_LINE_MAX

_PASSWORD = re.compile(r"[^\n]*[Pp]assword[^\n]*:[ \t]*|Password for [^\n]*:[ \t]*|\[sudo\] password for [^\n]*")
# lines a login or a remote command prints before the output (OpenSSH's own messages among them)
_PREAMBLE = re.compile(
    r"Last (?:failed )?login:[^\n]*|Warning: Permanently added [^\n]*|Pseudo-terminal will not be allocated[^\n]*"
    r"|Authorized (?:uses|access) only[^\n]*|\*{3,}[^\n]*|Script (?:started|command is started) on [^\n]*"
    r"|non-zero return code"  # ansible's note after a failed command's output
)
MAX_PREAMBLE = 8  # lines at most
_PREAMBLE_STARTS = ("Last ", "Warning: Permanently", "Pseudo-terminal", "Authorized ", "***", "Script ", "non-zero")


def _is_preamble(line: str) -> bool:
    """Whether a line is a password prompt or a session's preamble line (substring tests before the regexes)."""
    if "assword" in line:
        return _PASSWORD.fullmatch(line) is not None
    return line.startswith(_PREAMBLE_STARTS) and _PREAMBLE.fullmatch(line) is not None


_RULE = re.compile(r"[ \t]*(?:-{3,}|={3,})[ \t]*")


def preamble_lines(text: str, argv: str | None, rules: bool = False) -> int:
    """How many leading lines of a section's output are session noise, not output.

    Password prompts, the command echoed back, ``Last login:`` and the ssh client's ``Warning: Permanently
    added`` lines, ``script``'s start line; with ``rules``, the rules of a fleet tool's framing.
    """
    echo = argv.strip() if argv is not None else None
    skipped = 0
    start = 0
    while skipped < MAX_PREAMBLE:
        end = text.find("\n", start)
        if end < 0:
            break
        line = text[start:end].rstrip("\r")
        if not (
            (end - start < 200 and _is_preamble(line))
            or (echo is not None and line.strip() == echo)
            or (rules and _RULE.fullmatch(line) is not None)
        ):
            break
        skipped += 1
        start = end + 1
    return skipped


def terminal_text(text: str) -> str:
    """Output as the terminal showed it: escape sequences, BOMs and overwritten text (before a CR) removed.

    Only for text that holds an ESC or a BOM (a terminal capture); line ends and the line count are kept.
    """
    if "\x1b" not in text and "\ufeff" not in text:
        return text
    lines = text.split("\n")
    return "\n".join(visible(line) + ("\r" if line.endswith("\r") else "") for line in lines)


def dedented(text: str, indent: str) -> str | None:
    """``text`` with ``indent`` cut from every line, when every line that is not blank starts with it."""
    if not indent:
        return None
    lines = text.split("\n")
    if any(line.strip() and not line.startswith(indent) for line in lines):
        return None
    return "\n".join(line[len(indent):] if line.startswith(indent) else line.lstrip(" \t") for line in lines)


# What a shell, sudo or ssh prints when the command never ran; (pattern, what it means).
_FAILURES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ssh: connect to host (?P<target>\S+) port \d+: (?P<why>.+)"),
     "ssh's message that the host could not be reached ({why})"),
    (re.compile(r"ssh: Could not resolve hostname (?P<target>[^:\s]+): (?P<why>.+)"),
     "ssh's message that the host name does not resolve ({why})"),
    (re.compile(r"Connection (?:closed|reset) by (?:remote host|(?:authenticating user \S+ )?(?P<target>\S+)"
                r"(?: port \d+)?)\.?[^\n]*"),
     "ssh's message that the connection closed before the command ran"),
    (re.compile(r"(?:\S+@\S+: )?Permission denied(?:, please try again\.| \([\w,-]+\)\.)"),
     "ssh's 'Permission denied' message (the login was refused)"),
    (re.compile(r"Host key verification failed\.?"), "ssh's 'Host key verification failed' message"),
    (re.compile(r"-?r(?:ba)?sh: (?P<cmd>[^:\n]+): restricted[^\n]*"),
     "a restricted shell's refusal (on the HMC, commands outside its CLI need root through pesh)"),
    (re.compile(r"(?:sudo: )?[^\n]*(?:is not in the sudoers file|a password is required|is not allowed to execute"
                r"|incorrect password attempts?)[^\n]*|Sorry, try again\."),
     "sudo's refusal"),
    (re.compile(r"ssh exited with exit code (?P<why>\d+)"), "pdsh's message that ssh failed (exit code {why})"),
    (re.compile(r"connect: (?P<why>Connection refused|Connection timed out|No route to host|Network is unreachable)"),
     "the fleet tool's message that the host could not be reached ({why})"),
    (re.compile(r"(?:\S*sh(?:\[\d+\])?: +(?:line \d+: +)?)?(?P<cmd>[^\s:]+): +(?:command +)?not found\.?"),
     "the shell's 'not found' message (is RSCT installed, and the command on the PATH? /usr/sbin/rsct/bin on AIX, "
     "/opt/rsct/bin on Linux)"),
)


# first lines of outputs, and how plain each is (see plain_start): 0 not, 1 unless framed (a rule), 2 plain
_PLAIN_STARTS: dict[str, int] = {}


def plain_start(line: str, framed: bool = False) -> bool:
    """Whether an output that starts with ``line`` (its first line, no end of line) has no session noise before it
    and is no failed run's messages: the line is not blank, not noise (a password prompt, a preamble, OpenSSH's
    chatter, a rule in a fleet tool's ``framed`` output) nor a failure message. Then ``preamble_lines`` (with
    ``rules=framed``) is 0 unless the line is the command echoed, and ``failure`` is None. Cached: the first lines
    of outputs (headers, ctsthl's rule) recur from host to host."""
    level = _PLAIN_STARTS.get(line)
    if level is None:
        shown = line.rstrip("\r")
        stripped = line.strip()
        if not stripped or (_is_preamble(shown) or _is_preamble(stripped) or _SSH_CHATTER.fullmatch(stripped)
                            is not None or (_failure_word(stripped)
                                            and any(p.fullmatch(stripped) for p, _ in _FAILURES))):
            level = 0
        else:
            level = 1 if _RULE.fullmatch(shown) is not None else 2
        if len(line) <= CACHED_LINE_MAX:
            if len(_PLAIN_STARTS) >= 4096:
                _PLAIN_STARTS.clear()
            _PLAIN_STARTS[line] = level
    return level == 2 or (level == 1 and not framed)


def may_have_failed(output: str) -> bool:
    """A cheap test before ``failure``: whether the output is short and holds a word that every failed-run message
    has."""
    return len(output) < 1024 and _failure_word(output)


def _failure_word(text: str) -> bool:
    """Whether ``text`` holds a word that every failed-run message has (each of ``_FAILURES`` needs one of them:
    tests/test_captures.py): a line without one is none of them, and is not read by their patterns (which take
    time on a long line: an lssyscfg row of many fields)."""
    return (
        "not found" in text or "ssh:" in text or "denied" in text or "restricted" in text
        or "sudo" in text or "Connection " in text or "Host key" in text or "exit code" in text
        or "Sorry" in text or "connect:" in text or "password" in text or "not allowed" in text
    )


# what OpenSSH prints around its failures: host key warnings (a block of @ lines and advice), key exchange
_SSH_CHATTER = re.compile(
    r"@+|@+ *WARNING:.*|IT IS POSSIBLE THAT .*|Someone could be .*|It is also possible .*|The fingerprint for .*"
    r"|SHA256:.*|Please contact your system administrator\.|Add correct host key in .*|Offending .*"
    r"|(?:ECDSA|RSA|ED25519|DSA) host key for .*|No (?:ECDSA|RSA|ED25519|DSA) host key is known for .*"
    r"|kex_exchange_identification: .*|Host key for .* has changed.*|remove with:|  ssh-keygen .*"
    r"|Password authentication is disabled .*|Keyboard-interactive authentication is disabled .*"
)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``text.split("\\n")`` gives them, one at a time."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def failure(output: str) -> tuple[int, str, str] | None:
    """(index of the line, the line, what it means) when the output is only the messages of a failed run.

    Password prompts and session preamble lines may surround the messages; anything else means the command
    ran and printed something (then this is None).
    """
    found: tuple[int, str, str] | None = None
    for index, raw in enumerate(_lines(output)):  # (read as far as needed: no list of every line of a large output)
        line = raw.strip()
        if not line or _is_preamble(line) or _SSH_CHATTER.fullmatch(line):
            continue
        for pattern, meaning in _FAILURES:
            m = pattern.fullmatch(line)
            if m is not None:
                if found is None:
                    groups = m.groupdict()
                    found = (index, raw.rstrip("\r"), meaning.format(why=groups.get("why") or "").rstrip())
                break
        else:
            return None
    return found
