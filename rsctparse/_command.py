"""The descriptor each command module ends with: name, parser, sniffer, renderer and options."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from ._records import Record


def _first_line(doc: str | None) -> str:
    lines = (doc or "").strip().splitlines()
    return lines[0] if lines else ""


@attrs.frozen
class Command:
    """A registered command: its canonical name, its parser, how to recognise and how to print its output."""

    name: str
    parse: Callable[..., list[Record]]
    sniff: Callable[[list[str]], bool]
    render: Callable[..., str]
    summary: str = attrs.field(converter=_first_line)  # the module's docstring: its first line is kept
    options: frozenset[str] = frozenset()
    check_options: Callable[[dict[str, Any]], None] | None = None  # raises TypeError/ValueError naming the option
