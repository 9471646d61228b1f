"""The descriptor each command module ends with, and the one place that runs a command's two engines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, get_args

import attrs

from ._errors import Fault, ParseError, Reject
from ._grammar import FALLBACKS, error
from ._records import Record

Engine = Literal["fast", "lark"]  # the hand engine (the grammar for anything it is unsure of), or the grammar
ENGINES: tuple[Engine, ...] = get_args(Engine)


def _first_line(doc: str | None) -> str:
    lines = (doc or "").strip().splitlines()
    return lines[0] if lines else ""


@attrs.frozen
class Command:
    """A registered command: its name, its two engines, how to recognise and how to print its output.

    ``parse_fast(text, **options)`` is the hand engine: the records of clean output, ``Reject`` when it is unsure
    (the grammar then reads the text), ``Fault`` on bad input (positioned by the grammar, unless
    ``exact_faults``: the differential tests prove its positions are the grammar's), or a final ``ParseError``.
    ``parse_grammar(text, **options)`` reads ``grammars/NAME.lark`` and builds the same records, or raises
    the positioned ``ParseError``. Both take normalized text (``_parse.normalize``) and checked options.
    """

    name: str
    parse_fast: Callable[..., list[Record]]
    parse_grammar: Callable[..., list[Record]]
    sniff: Callable[[list[str]], bool]
    render: Callable[..., str]
    summary: str = attrs.field(converter=_first_line)  # the module's docstring: its first line is kept
    options: frozenset[str] = frozenset()
    check_options: Callable[[dict[str, Any]], None] | None = None  # raises TypeError/ValueError naming the option
    exact_faults: bool = False
    # the hand engine without its own fallback to the grammar, when it has one (lssyscfg resumes the grammar
    # from the record it rejected); quick() uses it
    parse_quick: Callable[..., list[Record]] | None = None

    def parse(self, text: str, engine: Engine = "fast", **options: Any) -> list[Record]:
        """Records of normalized ``text`` by ``engine``: the hand engine's, or the grammar's when it is unsure."""
        if engine == "fast":
            try:
                return self.parse_fast(text, **options) if options else self.parse_fast(text)
            except Reject:
                pass
            except Fault as fault:
                if self.exact_faults:
                    raise error(self.name, text, fault.message, fault.line, fault.column) from None
            FALLBACKS[self.name] += 1
        return self.parse_grammar(text, **options)

    def quick(self, text: str, **options: Any) -> list[Record]:
        """The hand engine alone: its records, or a ParseError without a position (a cheap yes or no).

        For re-readings that are only worth keeping when they parse (transcript repairs): no grammar pass.
        """
        try:
            return (self.parse_quick or self.parse_fast)(text, **options)
        except (Reject, Fault):
            raise ParseError("left to the grammar", command=self.name, line=1, column=1, text_line="") from None
