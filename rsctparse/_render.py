"""render(): records back to their command's canonical output."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._records import Record
from ._registry import COMMANDS


def render(records: Sequence[Record], command: str, **options: Any) -> str:
    """The canonical output of ``command`` for ``records`` (what parsing it gives back).

    Options: lssrc ``linux=True`` (8-wide PID column); lssyscfg ``fields=[...]`` and ``delimiter`` (-F
    output); ctsthl ``label="Host name"`` (older RSCT) and ``width`` (hex per line).
    """
    try:
        renderer = COMMANDS[command].render
    except KeyError:
        raise ValueError(f"unknown command {command!r}; known: {', '.join(COMMANDS)}") from None
    return renderer(list(records), **options)
