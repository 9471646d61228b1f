"""Loading the grammars of ``grammars/`` once per process and running them."""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ._errors import Fault, ParseError, describe

if TYPE_CHECKING:  # Lark itself is imported when a grammar is first needed (importing rsctparse stays quick)
    from lark import Lark, Transformer

_HERE = Path(__file__).resolve().parent
# An installed wheel carries the grammars inside the package; a checkout keeps them at the top.
_GRAMMAR_DIRS = (_HERE / "grammars", _HERE.parent / "grammars")

T = TypeVar("T")


def grammar_path(name: str) -> Path:
    """The ``.lark`` file of a command (the specification of its format)."""
    for folder in _GRAMMAR_DIRS:
        path = folder / f"{name}.lark"
        if path.is_file():
            return path
    raise FileNotFoundError(f"grammar {name}.lark not found in {', '.join(map(str, _GRAMMAR_DIRS))}")


@functools.cache
def _parser(name: str, transformer: type[Transformer[Any, Any]], variant: tuple[tuple[str, str], ...] = ()) -> Lark:
    from lark import Lark

    text = grammar_path(name).read_text(encoding="utf-8")
    for old, new in variant:
        if old not in text:
            raise ValueError(f"grammar {name}: variant line {old!r} not found")
        text = text.replace(old, new)
    return Lark(text, parser="lalr", lexer="contextual", transformer=transformer(), maybe_placeholders=True)


def line_at(text: str, line: int) -> str:
    """The 1-based ``line`` of ``text`` without its end-of-line ('' when out of range)."""
    start = 0
    for _ in range(line - 1):
        nxt = text.find("\n", start)
        if nxt < 0:
            return ""
        start = nxt + 1
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def position(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of offset ``pos`` in ``text``."""
    pos = max(0, min(pos, len(text)))
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, column


def expected_list(names: Iterable[str], describe_terminal: Callable[[str], str]) -> str:
    """``a, b or c`` from terminal names, sorted for stable messages."""
    words = sorted({describe_terminal(n) for n in names})
    if not words:
        return "nothing more"
    if len(words) > 6:
        words = [*words[:6], "..."]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def error(command: str, text: str, message: str, line: int, column: int) -> ParseError:
    """A ParseError at ``line``/``column`` of ``text``."""
    return ParseError(message, command=command, line=line, column=column, text_line=line_at(text, line))


def run(
    command: str,
    text: str,
    transformer: type[Transformer[Any, T]],
    terminals: Mapping[str, str],
    variant: Mapping[str, str] | None = None,
) -> T:
    """Parse ``text`` with the command's grammar (``variant``: line substitutions); failures become ParseError."""
    from lark import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
    from lark.lexer import PatternStr

    lark = _parser(command, transformer, tuple(sorted((variant or {}).items())))

    def name_of(term: str) -> str:
        if term in terminals:
            return terminals[term]
        if term in ("$END", "_NL"):
            return "end of line" if term == "_NL" else "end of input"
        try:
            pattern = lark.get_terminal(term).pattern
        except KeyError:
            return term.lower()
        if isinstance(pattern, PatternStr):
            return repr(pattern.value)
        return term.strip("_").lower().replace("_", " ")

    try:
        return cast(T, lark.parse(text))
    except Fault as fault:
        raise error(command, text, fault.message, fault.line, fault.column) from None
    except UnexpectedCharacters as exc:
        pos = exc.pos_in_stream or 0
        found = describe(text[pos : pos + 1])
        message = f"expected {expected_list(exc.allowed or (), name_of)}, found {found}"
        if found == "'\"'":
            message = "unterminated quoted string (this quote is never closed)"
        raise error(command, text, message, exc.line, exc.column) from None
    except UnexpectedToken as exc:
        token = exc.token
        if token.type == "$END":
            line, column = position(text, len(text))
            found = "end of input"
        else:
            line, column = token.line or 1, token.column or 1
            found = describe(str(token))
        message = f"expected {expected_list(exc.expected, name_of)}, found {found}"
        raise error(command, text, message, line, column) from None
    except UnexpectedEOF as exc:
        line, column = position(text, len(text))
        message = f"expected {expected_list(exc.expected, name_of)}, found end of input"
        raise error(command, text, message, line, column) from None
    except UnexpectedInput as exc:  # any other lark input error
        raise error(command, text, str(exc).splitlines()[0], exc.line or 1, exc.column or 1) from None


def run_build(command: str, text: str, items: Callable[[str], T], build: Callable[[T], list[Any]]) -> list[Any]:
    """Records from ``build(items(text))``; a Fault while building becomes a ParseError."""
    try:
        return build(items(text))
    except Fault as fault:
        raise error(command, text, fault.message, fault.line, fault.column) from None


# Per command, how many texts the fast engine left to the grammar since the last reset: unsure of the input
# (Reject), or a fault re-read for the grammar's exact position. The benchmark prints it; valid input gives none.
FALLBACKS: collections.Counter[str] = collections.Counter()


def reset_fallbacks() -> None:
    """Set every command's fallback count to 0."""
    FALLBACKS.clear()


def grammar_engine(
    command: str, items: Callable[[str], T], build: Callable[[T], list[Any]]
) -> Callable[[str], list[Any]]:
    """A command's grammar engine: ``build(items(text))``, a Fault while building becoming a ParseError."""

    def parse_grammar(text: str) -> list[Any]:
        return run_build(command, text, items, build)

    return parse_grammar
