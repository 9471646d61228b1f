"""The commands rsctparse knows: each command module's descriptor, in sniffing order."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any

from ._command import Command

__all__ = ["COMMANDS", "HMC_FAMILY", "LOADED", "NAMES", "PARSER_OF", "Command", "command_for", "detect_name",
           "head_lines", "options_of"]

# The registered commands, sniffed in this order (the most specific formats first). Each is the module
# ``rsctparse._commands.NAME``, which ends with its descriptor ``COMMAND``; a module is imported when its command
# is first asked for, so ``import rsctparse`` and a parse of one command load no other command's code.
NAMES = ("rmcdomainstatus", "ctsthl", "lsrsrc", "lspartition", "ctsvhbal", "lssrc", "lssyscfg")

# The HMC commands that print lssyscfg's conventions (HMC command reference: every ``ls*`` command with
# ``-F [attribute-names] [--header]``); a transcript section of any of them is read by lssyscfg.
HMC_FAMILY: frozenset[str] = frozenset(
    """lsaccfg lscod lsdump lsfru lshmc lshmcencr lshmcfs lshmcldap lshmcusr lshwres lsipsec lsled lslic lslock
    lslogon lslparmigr lslparutil lsmediadev lsmemdev lsmemopt lsnportlogin lsproxy lspsm lspwdpolicy lspwrmgmt
    lsrefcode lsrrstartlpar lssacfg lssvcevents lssyscfg lssysconn lstskey lsusrtca lsvet lsvsn""".split()
)


# The commands loaded so far, by every name asked for (registered, or an HMC ls* one read by lssyscfg): the
# stream's per-section lookup is one dict lookup (``LOADED.get(name) or command_for(name)``).
LOADED: dict[str, Command] = {}


def command_for(name: str) -> Command:
    """The registered command that parses ``name``'s output (``lshwres`` -> lssyscfg); KeyError when none."""
    command = LOADED.get(name)
    if command is not None:
        return command
    canonical = PARSER_OF[name]
    command = LOADED.get(canonical)
    if command is None:
        command = importlib.import_module(f"{__package__}._commands.{canonical}").COMMAND
        if command.name != canonical:  # pragma: no cover - a registration slip, caught by tests/test_registry.py
            raise RuntimeError(f"rsctparse._commands.{canonical} registers {command.name!r}")
        LOADED[canonical] = command
    LOADED[name] = command
    return command


class _Registry(Mapping[str, Command]):
    """The registered commands by name, in sniffing order; a command's module is imported on first use."""

    __slots__ = ()

    def __getitem__(self, name: str) -> Command:
        if name not in NAMES:
            raise KeyError(name)
        return LOADED.get(name) or command_for(name)

    def __iter__(self) -> Iterator[str]:
        return iter(NAMES)

    def __len__(self) -> int:
        return len(NAMES)

    def __contains__(self, name: object) -> bool:
        return name in NAMES

    def __repr__(self) -> str:
        return f"<rsctparse commands: {', '.join(NAMES)}>"


# The commands whose output a registered parser reads: each registered name, and the HMC's ls* commands that
# print lssyscfg's conventions (a section's command stays the name as invoked: lshwres).
PARSER_OF: dict[str, str] = {name: name for name in NAMES} | {
    name: "lssyscfg" for name in sorted(HMC_FAMILY - {"lssyscfg"})
}

COMMANDS: Mapping[str, Command] = _Registry()


_SNIFF_LINES = 5


def head_lines(text: str) -> list[str]:
    """The first few non-blank lines of ``text`` (what sniffers look at)."""
    out: list[str] = []
    start = 0
    while len(out) < _SNIFF_LINES and start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end]
        if line.strip():
            out.append(line)
        start = end + 1
    return out


def detect_name(text: str) -> str | None:
    """The name of the command whose output ``text`` looks like, or None."""
    head = head_lines(text)
    if not head:
        return None
    get = LOADED.get
    for name in NAMES:  # (not COMMANDS.values(): called once a line on noisy dumps, its lookups add up)
        if (get(name) or command_for(name)).sniff(head):
            return name
    return None


def options_of(command: Command, options: dict[str, Any]) -> dict[str, Any]:
    """The parse options the command accepts (others are a usage error)."""
    unknown = set(options) - command.options
    if unknown:
        raise TypeError(f"{command.name} takes no option {', '.join(sorted(unknown))}")
    if command.check_options is not None and options:
        command.check_options(options)
    return options
