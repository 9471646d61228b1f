"""The entry points for one command's output: ``parse()`` and ``detect()``."""

from __future__ import annotations

import sys
from typing import Any

from ._command import ENGINES, Engine
from ._errors import ParseError
from ._grammar import line_at
from ._records import Record
from ._registry import COMMANDS, Command, command_for, detect_name, options_of

__all__ = ["ENGINES", "Engine", "detect", "normalize", "parse", "parse_normalized"]


def normalize(text: str | bytes) -> str:
    """Text as the parsers read it: UTF-8 decoded (bad bytes become U+FFFD), CRLF as LF, ending in LF."""
    if not isinstance(text, str):
        text = bytes(text).decode("utf-8", "replace")
    if text and not text.endswith("\n"):
        text += "\n"  # first: a CR at the very end then ends the line, as it does in a dump
    if "\r" in text:  # (a one-character search is several times faster than one for "\r\n")
        text = text.replace("\r\n", "\n")
    return text


def detect(text: str | bytes) -> str | None:
    """The canonical name of the command whose output ``text`` looks like, or None."""
    return detect_name(normalize(text))


def parse(
    text: str | bytes,
    command: str | None = None,
    *,
    source: str | None = None,
    engine: Engine = "fast",
    **options: Any,
) -> list[Record]:
    """Records of one command's output; raises ParseError (and only that) on bad input.

    ``command`` is a canonical name (see ``COMMANDS``) or an HMC ``ls*`` command read like lssyscfg
    (``lshwres``); None detects it from the text.
    ``engine`` is ``"fast"`` (hand tokenizer where one exists) or ``"lark"`` (the grammar).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    text = normalize(text)
    if command is None:
        command = detect_name(text)
        if command is None:
            raise ParseError(
                "cannot tell which command printed this; name it (one of: " + ", ".join(COMMANDS) + ")",
                command="rsctparse",
                line=1,
                column=1,
                text_line=line_at(text, 1),
                source=source,
            )
    try:
        spec = command_for(command)
    except KeyError:
        raise ValueError(f"unknown command {command!r}; known: {', '.join(COMMANDS)} and the HMC's ls* commands "
                         "(lshwres, lshmc, ...)") from None
    return parse_normalized(text, spec, source, engine, options_of(spec, options))


_BUGS = (RecursionError, ArithmeticError, LookupError, ValueError, TypeError, AssertionError)


def _is_lark_error(exc: Exception) -> bool:
    """Whether ``exc`` is Lark's (only possible once a grammar has run, so Lark is not imported to ask)."""
    lark = sys.modules.get("lark.exceptions")
    return lark is not None and isinstance(exc, lark.LarkError)


def parse_normalized(
    text: str, spec: Command, source: str | None, engine: Engine, options: dict[str, Any], quick: bool = False
) -> list[Record]:
    """``parse()`` once its arguments are checked and ``text`` is normalized (the streaming path's entry).

    ``quick``: with the fast engine, no grammar pass (``Command.quick``: the stream's cheap re-readings).
    """
    try:
        if quick and engine == "fast":
            return spec.quick(text, **options)
        return spec.parse(text, engine, **options) if options else spec.parse(text, engine)
    except ParseError as exc:
        raise exc.moved(source=source) from None
    except Exception as exc:
        if not isinstance(exc, _BUGS) and not _is_lark_error(exc):
            raise
        # A bug of ours; the contract still holds: callers see a ParseError.
        raise ParseError(
            f"internal error: {type(exc).__name__}: {exc}",
            command=spec.name,
            line=1,
            column=1,
            text_line=line_at(text, 1),
            source=source,
        ) from exc
