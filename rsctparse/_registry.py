"""The commands rsctparse knows: each command module's descriptor, in sniffing order."""

from __future__ import annotations

from typing import Any

from ._command import Command
from ._commands import ctsthl, ctsvhbal, lspartition, lsrsrc, lssrc, lssyscfg, rmcdomainstatus

__all__ = ["COMMANDS", "PARSER_OF", "Command", "command_for", "detect_name", "head_lines", "options_of"]

# Each command module's descriptor, sniffed in this order: the most specific formats first.
COMMANDS: dict[str, Command] = {
    module.COMMAND.name: module.COMMAND
    for module in (rmcdomainstatus, ctsthl, lsrsrc, lspartition, ctsvhbal, lssrc, lssyscfg)
}

# The commands whose output a registered parser reads: each registered name, and the HMC's ls* commands that
# print lssyscfg's conventions (a section's command stays the name as invoked: lshwres).
PARSER_OF: dict[str, str] = {name: name for name in COMMANDS} | {
    name: lssyscfg.NAME for name in sorted(lssyscfg.FAMILY - {lssyscfg.NAME})
}


def command_for(name: str) -> Command:
    """The registered command that parses ``name``'s output (``lshwres`` -> lssyscfg); KeyError when none."""
    return COMMANDS[PARSER_OF[name]]


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
    for command in COMMANDS.values():
        if command.sniff(head):
            return command.name
    return None


def options_of(command: Command, options: dict[str, Any]) -> dict[str, Any]:
    """The parse options the command accepts (others are a usage error)."""
    unknown = set(options) - command.options
    if unknown:
        raise TypeError(f"{command.name} takes no option {', '.join(sorted(unknown))}")
    if command.check_options is not None and options:
        command.check_options(options)
    return options
