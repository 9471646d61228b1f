"""The commands rsctparse knows: name, parser, sniffer."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import attrs

from ._commands import ctsthl, ctsvhbal, lspartition, lsrsrc, lssrc, lssyscfg, rmcdomainstatus
from ._records import Record


@attrs.frozen
class Command:
    """A registered command: its canonical name, its parser and how to recognise its output."""

    name: str
    parse: Callable[..., list[Record]]
    sniff: Callable[[list[str]], bool]
    options: frozenset[str]
    summary: str
    check_options: Callable[[dict[str, Any]], None] | None = None  # raises TypeError/ValueError naming the option


def _command(module: ModuleType, options: frozenset[str] = frozenset()) -> Command:
    doc = (module.__doc__ or "").strip().splitlines()[0]
    return Command(module.NAME, module.parse, module.sniff, options, doc, getattr(module, "check_options", None))


# Sniffed in this order: the most specific formats first.
COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        _command(rmcdomainstatus),
        _command(ctsthl),
        _command(lsrsrc),
        _command(lspartition),
        _command(ctsvhbal),
        _command(lssrc),
        _command(lssyscfg, frozenset({"argv", "fields", "header", "resource", "delimiter"})),
    )
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
