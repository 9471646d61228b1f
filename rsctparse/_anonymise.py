"""Anonymising a dump before sharing it: what identifies a site replaced, what is not understood withheld.

The contract (docs/robustness.md): names learned from parsed fields, then addresses, MACs, UUIDs, node ids,
serials, keys, FQDNs and user names found by pattern are replaced as whole tokens by stand-ins of the same
length (a hard-wrapped copy still unwraps), derived from a salt (deterministic with one salt); the text of
sections that are unknown or failed to parse is withheld unless asked for. One tokenizer pass per section
with dict lookups: linear in the input.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import IO

from ._commands.ctsthl import TrustedHost
from ._commands.ctsvhbal import HostIdentities
from ._commands.lspartition import DlparPartition, PartitionAddress
from ._commands.lsrsrc import Resource
from ._commands.lssrc import Subserver, Subsystem
from ._commands.lssyscfg import HmcRecord
from ._commands.rmcdomainstatus import DomainNode
from ._records import AttributeRecord
from ._sections import Section
from ._standins import SYSTEM_USERS, StandIns
from ._values import ip_address, is_digits

_W = r"\w\udc80-\udcff"  # word characters, and bytes that were not UTF-8 (surrogateescape)
_TOKEN = re.compile(
    # machine type-model * serial (HMCName, KeyToken, lspartition's id*MTM*serial): the serial is replaced
    rf"(?P<mtm>(?<![{_W}*.-])(?:[0-9]+\*)?[0-9A-Za-z]{{4}}-?[0-9A-Za-z]{{3}}\*[0-9A-Za-z]{{5,12}}(?![{_W}*-]))"
    # IPv6 (any notation, zone id included) or a MAC with colons
    rf"|(?P<colon>(?<![{_W}:.%])[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%[{_W}.-]+)?(?![{_W}:]))"
    # a user name: the word before an '@' (prompts, mail addresses)
    rf"|(?P<user>[{_W}][{_W}.-]*(?=@))"
    rf"|(?P<word>[{_W}][{_W}.-]*)"
)
_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_MAC = re.compile(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}(\.[0-9A-Fa-f]{4}){2}")
_HEX = re.compile(r"[0-9A-Fa-f]+")
_NODE_ID = re.compile(r"0[xX][0-9A-Fa-f]{16}")
_LABEL = re.compile(rf"[{_W}][{_W}-]*")
_TLD = re.compile(r"[A-Za-z][A-Za-z0-9-]*[A-Za-z]")
# a line naming a password or secret (harness logs print them): every word after the name is starred
_SECRET = re.compile(r"(?i)pwd|passw|secret|api_?key")
_SECRET_LINE = re.compile(r"(?im)^(.*?(?:pwd|passw(?:or)?d|secret|api_?key)\w*)(.*)$")
_WORD_AT = re.compile(r"[A-Za-z]{3,32}(?![A-Za-z])")
_KEY_LABEL = re.compile(r"[ \t]*Identifier Value:")

NOTE = "[rsctparse --anonymise: {} line(s) of {} withheld]"  # what replaces a section's text
WRAP_MIN = 60  # a line this long, followed by more text, may have been hard-wrapped by a terminal
MIN_NODE_DIGITS = 16  # a decimal this long is taken for a node id (64-bit) wherever it is
MIN_HEX = 12  # a run of hex digits (with a digit) this long is taken for a MAC, key or id
SESSION_COMMANDS = frozenset({"ssh", "rsh", "rlogin", "telnet", "su", "sudo", "mkvterm", "vtmenu", "exit", "logout",
                              "viosvrcmd", "pesh", "oem_setup_env"})  # arguments kept (host attribution)

# Words the commands print themselves (never learned as names, so never replaced): the words of the grammars'
# literals (tests/test_anonymise.py keeps the two in step) and the values of enumerated fields; the keys,
# subsystems and statuses of the dump itself are added as it is read.
VOCABULARY = frozenset("""
attributes class_name command control description domain dynamic for found generation group host identifier
identity managed management method name no nodes peer persistent pid points resource results service status
subsystem value were hscl wynik nie znaleziono
active inactive inoperative stopping warned none null running not activated open firmware starting
shutting down error failure migrating hardware discovery suspended on demand operating standby
power off initializing incomplete pending authentication recovery version mismatch aixlinux
os400 vioserver ibm rsct rsct_rm ctrmc ctcas cthats cthags true false yes online offline
unknown norm default local
""".split())


class Anonymiser(StandIns):
    """Consistent replacements: the same original always becomes the same stand-in (for one salt).

    ``salt`` None draws a random one (stand-ins then cannot be confirmed by hashing a guess); with a salt
    given, two runs (two dumps of one estate) replace alike. ``keep_unparsed`` keeps the text of unknown and
    failed sections (with the same replacements) instead of withholding it: what is not understood may leak.
    """

    def __init__(self, salt: str | None = None, *, keep_unparsed: bool = False) -> None:
        import secrets  # here, not at the top: importing rsctparse stays quick

        super().__init__(secrets.token_hex(16) if salt is None else salt)
        self.keep_unparsed = keep_unparsed
        self.names: set[str] = set()  # learned names and FQDNs, lower case
        self.labels: set[str] = set()  # their first labels (a host's short name), lower case
        self.serials: set[str] = set()  # lower case
        self.node_ids: set[str] = set()  # decimal node ids learned from fields
        self.users: set[str] = set()  # user names seen in prompts, lower case
        self.vocabulary: set[str] = set(VOCABULARY)
        self._tokens: dict[str, str] = {}  # token -> its stand-in, until something new is learned

    # --- learning what is sensitive -------------------------------------------------------------
    def learn_name(self, name: str | None, *, host: bool = True) -> None:
        """Learn a host, partition, system or (``host`` False) domain name (each word of a name with blanks).

        A host's first label is then replaced wherever it stands alone too; a domain only as a dotted whole.
        """
        if not name:
            return
        for original in name.split():
            original = original.strip(".")
            word = original.lower()
            if (len(word) < 2 or word in self.vocabulary or is_digits(word) or ip_address(word) is not None
                    or not all(_LABEL.fullmatch(label) for label in original.split("."))):
                continue
            self.names.add(word)
            first = word.partition(".")[0]
            if host and len(first) >= 2 and first not in self.vocabulary and not is_digits(first):
                self.labels.add(first)
            self._tokens.clear()

    def learn_serial(self, serial: str | None) -> None:
        if serial and len(serial) >= 5 and _LABEL.fullmatch(serial):
            self.serials.add(serial.lower())
            self._tokens.clear()

    def learn_user(self, user: str) -> None:
        if user.lower() not in SYSTEM_USERS:
            self.users.add(user.lower())
            self._tokens.clear()

    def learn(self, section: Section) -> None:
        """Learn the names, serials, node ids and users of one section."""
        self._tokens.clear()
        self.learn_name(section.host)
        self.learn_name(section.managed_system)
        if section.text_line < section.line:  # the text starts with the prompt line
            prompt = section.text.partition("\n")[0]
            for m in _TOKEN.finditer(prompt):
                if m.lastgroup == "user":
                    self.learn_user(m.group())
        for r in section.records:
            self._learn_record(r)

    def _learn_record(self, r: object) -> None:
        if isinstance(r, HostIdentities):
            for identity in r.identities:
                self.learn_name(identity)
        elif isinstance(r, TrustedHost):
            self.learn_name(r.host_identity)
        elif isinstance(r, (DlparPartition, PartitionAddress)):
            self.learn_name(r.hostname)
            if isinstance(r, DlparPartition):
                self.learn_serial(r.serial_number)
        elif isinstance(r, DomainNode):
            self.learn_name(r.address)
            self.learn_name(r.peer_domain)
        elif isinstance(r, Subsystem):  # subsystem, group and status names are the commands' own words
            self.vocabulary.update(w.lower() for w in (r.subsystem, r.group, r.status) if w)
        elif isinstance(r, Subserver):
            self.vocabulary.add(r.status.lower())
        elif isinstance(r, AttributeRecord):
            for key, value in r.items:
                self.vocabulary.add(key.lower())
                values = value if isinstance(value, tuple) else (value,)
                lowered = key.lower()
                for v in values:
                    if not isinstance(v, str):
                        continue
                    if "serial" in lowered:
                        self.learn_serial(v)
                    elif lowered in ("nodeid", "node_id", "localnodeid") and is_digits(v):
                        self.node_ids.add(v)
                        self._tokens.clear()
                    elif any(part in lowered for part in ("name", "host", "token", "domain", "profile")) \
                            and isinstance(r, (HmcRecord, Resource)):
                        # a DNS domain (lshmc -n domain=) is no host; a peer domain is a cluster's name
                        self.learn_name(v, host="domain" not in lowered or "peer" in lowered)

    # --- replacing ------------------------------------------------------------------------------
    def token(self, token: str) -> str:
        """The stand-in of one whole token (itself when it is nothing sensitive); always the same length."""
        out = self._tokens.get(token)
        if out is None:
            out = self._token(token)
            if len(token) <= 256:  # a huge token (a 100 MB line) is not kept twice more
                self._tokens[token] = out
        return out

    def _token(self, token: str) -> str:
        core = token.rstrip(".")
        if not core:
            return token
        dots = token[len(core):]
        lower = core.lower()
        if lower in self.names:
            return self.name(core) + dots
        if lower in self.users:
            return self.user(core) + dots
        if lower in self.serials:
            return self.serial(core) + dots
        if is_digits(core):
            if len(core) >= MIN_NODE_DIGITS or core in self.node_ids:
                return str(self.node_id(int(core), len(core))).zfill(len(core)) + dots
            return token
        if "." in core:
            v4 = self.ipv4(core)
            if v4 is not None:
                return v4 + dots
        if _NODE_ID.fullmatch(core):
            new = f"{self.node_id(int(core, 16), len(str(int(core, 16)))):016x}"
            return core[:2] + (new.upper() if any(c.isupper() for c in core[2:]) else new) + dots
        if _UUID.fullmatch(core) or _MAC.fullmatch(core):
            return self.hex_digits(core) + dots
        if len(core) >= MIN_HEX and _HEX.fullmatch(core) and not core.isalpha():
            return self.hex_digits(core) + dots
        if "." in core:
            labels = core.split(".")
            if all(labels) and (labels[0].lower() in self.labels or self._fqdn(labels, lower)):
                return self.name(core) + dots
        elif lower in self.labels:
            return self.label(core) + dots
        return token

    def _fqdn(self, labels: list[str], lower: str) -> bool:
        """Whether a dotted token reads as a DNS name (not IBM.MCP, a version or a file name we know)."""
        return (labels[0] != "IBM" and lower not in self.vocabulary and _TLD.fullmatch(labels[-1]) is not None
                and all(_LABEL.fullmatch(label) for label in labels))

    def _match(self, m: re.Match[str]) -> str:
        kind, text = m.lastgroup, m.group()
        if kind == "mtm":
            head, star, serial = text.rpartition("*")
            return head + star + self.serial(serial)
        if kind == "colon":
            core = text.rstrip(".")
            dots = text[len(core):]
            if _MAC.fullmatch(core):
                return self.hex_digits(core) + dots
            v6 = self.ipv6(core)
            if v6 is not None:
                return v6 + dots
            return re.sub(rf"[{_W}][{_W}.-]*", lambda w: self.token(w.group()), text)
        if kind == "user":
            return self.user(text)
        return self.token(text)

    def text(self, text: str) -> str:
        """Every sensitive token of ``text`` replaced; lines a terminal hard-wrapped are read joined."""
        if _SECRET.search(text):
            text = _SECRET_LINE.sub(_starred, text)
        lines = text.split("\n")
        cuts = _wrap_cuts(lines)
        if not cuts:
            return _TOKEN.sub(self._match, text)
        joined = "".join(line if i + 1 == len(lines) else line + ("" if i in cuts else "\n")
                         for i, line in enumerate(lines))
        removed: list[int] = []  # offsets in ``joined`` where a wrap newline was taken out
        pos = 0
        for i, line in enumerate(lines[:-1]):
            pos += len(line)
            if i in cuts:
                removed.append(pos)
            else:
                pos += 1

        def replace(m: re.Match[str]) -> str:
            lo, hi = bisect.bisect_right(removed, m.start()), bisect.bisect_left(removed, m.end())
            if lo == hi:
                return self._match(m)
            edges = [m.start(), *removed[lo:hi], m.end()]
            # a token across a wrap is one token, unless it is nothing as a whole or a line goes on with the
            # commands' own words (a long line that was not wrapped: 'Identifier Generation Method:')
            if not any(_word_at(joined, cut, self.vocabulary) for cut in edges[1:-1]):
                out = self._match(m)
                if out != m.group():
                    return out
            return "".join(_TOKEN.sub(self._match, joined[a:b]) for a, b in itertools.pairwise(edges))

        out = _TOKEN.sub(replace, joined)
        assert len(out) == len(joined), "stand-ins keep their lengths"
        # the wraps put back where they were
        return "\n".join(out[a:b] for a, b in itertools.pairwise([0, *removed, len(out)]))

    def keys(self, text: str) -> str:
        """ctsthl: each identifier value (over all its lines) replaced as one hex string."""
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            m = _KEY_LABEL.match(lines[i])
            if m is None:
                i += 1
                continue
            spans: list[tuple[int, int, int]] = []
            start = m.end()
            j = i
            while j < len(lines):
                rest = lines[j][start:]
                if j > i and (not rest.strip() or not all(c in "0123456789abcdefABCDEF \t" for c in rest)):
                    break
                spans.extend((j, start + h.start(), start + h.end()) for h in _HEX.finditer(rest))
                j += 1
                start = 0
            if spans:
                value = "".join(lines[r][a:b] for r, a, b in spans)
                new = iter(self.hex_digits(value))
                for r, a, b in spans:
                    line = lines[r]
                    lines[r] = line[:a] + "".join(next(new) for _ in range(b - a)) + line[b:]
            i = max(j, i + 1)
        return "\n".join(lines)

    def section(self, section: Section) -> str:
        """The text of ``section`` anonymised, or (unknown or failed, and not ``keep_unparsed``) withheld."""
        return self.rewrite(section.text, section.command, _withheld(section), section.argv,
                            section.text_line < section.line)

    def rewrite(self, text: str, command: str, withheld: str | None, argv: str | None, prompted: bool) -> str:
        if withheld is None or self.keep_unparsed:
            if command == "ctsthl":
                text = self.keys(text)
            return self.text(text)
        prompt, nl, body = text.partition("\n") if prompted else ("", "", text)
        if prompted and command == "unknown" and argv:
            at = prompt.rfind(argv)
            word = argv.split(None, 1)[0] if argv.split() else ""
            # a session command's arguments say whose output follows (ssh host, su - user): kept, replaced
            if at >= 0 and word != argv.strip() and word.rsplit("/", 1)[-1] not in SESSION_COMMANDS:
                prompt = prompt[:at] + word + " [arguments withheld]" + prompt[at + len(argv):]
        lead = len(body) - len(body.lstrip("\r\n"))  # blank lines first are kept (they say where output ends)
        blanks, body = body[:lead], body[lead:]
        count = body.count("\n") + (0 if body.endswith("\n") or not body else 1)
        if count == 0:
            return self.text(prompt) + nl + blanks
        end = "\n" if body.endswith("\n") else ""
        # a harness log's output lines are its [stdout] lines: the note is one too; its unbalanced quote
        # keeps every parser from reading it as output (a failed section stays failed)
        stdout = body.find("[stdout] ", 0, body.find("\n"))
        note = f'{body[:stdout + 9] if stdout >= 0 else ""}"{NOTE.format(count, withheld)}{end}'
        return (self.text(prompt) + nl if prompted else "") + blanks + note


def _word_at(text: str, at: int, vocabulary: set[str]) -> bool:
    """Whether ``text`` has one of the commands' words at ``at`` (letters up to the next non-letter)."""
    m = _WORD_AT.match(text, at)  # bounded: a run of letters longer than any word is not one
    return m is not None and m.group().lower() in vocabulary


def _starred(m: re.Match[str]) -> str:
    return m.group(1) + re.sub(rf"[{_W}]", "*", m.group(2))


def _wrap_cuts(lines: list[str]) -> set[int]:
    """Indexes of lines a terminal may have wrapped (as the stream reads them): the next line goes on with it."""
    lengths: dict[int, int] = {}
    for i, line in enumerate(lines[:-1]):
        if len(line) >= WRAP_MIN and lines[i + 1].strip():
            lengths[len(line)] = lengths.get(len(line), 0) + 1
    if not lengths:
        return set()
    longest = max(lengths)
    widths = set(sorted(lengths, key=lambda n: (n != longest, -lengths[n], -n))[:3])
    return {i for i, line in enumerate(lines[:-1])
            if len(line) in widths and lines[i + 1].strip() and not line[-1].isspace()
            and not lines[i + 1][0].isspace()}


def _withheld(section: Section) -> str | None:
    """Why the text of ``section`` is withheld (None: it parsed, so it is anonymised)."""
    if section.command == "unknown":
        return "unknown output"
    if section.error is not None:
        return "output that did not parse"
    return None


def anonymise(sections: Iterable[Section], learn_from: Iterable[Section] | None = None, *,
              salt: str | None = None, keep_unparsed: bool = False) -> Iterator[str]:
    """The texts of ``sections`` with what identifies a site replaced (docs/robustness.md).

    ``learn_from`` (default: ``sections``, which are then held in memory) tells which names are host names;
    ``salt`` makes the stand-ins repeatable (default: a random one); ``keep_unparsed`` keeps the text of
    unknown and failed sections (a risk: names nothing parsed are not known to be names).
    """
    anon = Anonymiser(salt, keep_unparsed=keep_unparsed)
    if learn_from is None:
        sections = list(sections)
        learn_from = sections
    for section in learn_from:
        anon.learn(section)
    for section in sections:
        yield anon.section(section)


def anonymise_once(sections: Iterable[Section], out: IO[str], *, salt: str | None = None,
                   keep_unparsed: bool = False) -> None:
    """Write ``sections`` anonymised to ``out``, reading them once: texts wait in a temporary file while
    names are learned, so memory stays bounded by the largest section."""
    import tempfile  # here, not at the top: importing rsctparse stays quick

    anon = Anonymiser(salt, keep_unparsed=keep_unparsed)
    kept: list[tuple[int, str, str | None, str | None, bool]] = []
    with tempfile.TemporaryFile() as spool:
        for section in sections:
            anon.learn(section)
            data = section.text.encode("utf-8", "surrogateescape")
            spool.write(data)
            kept.append((len(data), section.command, _withheld(section), section.argv,
                         section.text_line < section.line))
        spool.seek(0)
        for size, command, withheld, argv, prompted in kept:
            text = spool.read(size).decode("utf-8", "surrogateescape")
            out.write(anon.rewrite(text, command, withheld, argv, prompted))
