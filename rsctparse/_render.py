"""render(): records back to their command's canonical output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ._commands import ctsthl, ctsvhbal, lspartition, lsrsrc, lssrc, lssyscfg, rmcdomainstatus
from ._records import Record

_RENDERERS: dict[str, Callable[..., str]] = {
    "lssrc": lssrc.render,
    "lssyscfg": lssyscfg.render,
    "lspartition": lspartition.render,
    "rmcdomainstatus": rmcdomainstatus.render,
    "ctsthl": ctsthl.render,
    "ctsvhbal": ctsvhbal.render,
    "lsrsrc": lsrsrc.render,
}


def render(records: Sequence[Record], command: str, **options: Any) -> str:
    """The canonical output of ``command`` for ``records`` (what parsing it gives back).

    Options: lssrc ``linux=True`` (8-wide PID column); lssyscfg ``fields=[...]`` and ``delimiter`` (-F
    output); ctsthl ``label="Host name"`` (older RSCT) and ``width`` (hex per line).
    """
    try:
        renderer = _RENDERERS[command]
    except KeyError:
        raise ValueError(f"unknown command {command!r}; known: {', '.join(_RENDERERS)}") from None
    return renderer(list(records), **options)
