"""The one exception rsctparse raises for bad input."""

from __future__ import annotations

_SHOWN = 160  # characters of the offending line shown around the fault


def _printable(ch: str) -> str:
    if ch == "\t" or ch.isprintable():
        return ch
    return "?"


def describe(found: str) -> str:
    """Quote a found fragment for a message, escaped and shortened."""
    if found == "":
        return "end of input"
    if found == "\n":
        return "end of line"
    text = found if len(found) <= 40 else found[:37] + "..."
    return repr(text)


class ParseError(ValueError):
    """Input that does not follow the command's output format.

    ``line`` and ``column`` are 1-based; ``text_line`` is the offending line
    without its end-of-line; ``source`` is the file name when known.
    """

    command: str
    message: str
    line: int
    column: int
    text_line: str
    source: str | None

    def __init__(
        self,
        message: str,
        *,
        command: str,
        line: int,
        column: int,
        text_line: str = "",
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.command = command
        self.message = message
        self.line = max(1, line)
        self.column = max(1, column)
        self.text_line = text_line
        self.source = source

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.message, self.command, self.line, self.column, self.text_line, self.source))

    @property
    def location(self) -> str:
        """``FILE:LINE:COL`` (``<input>`` when the source is unknown)."""
        return f"{self.source or '<input>'}:{self.line}:{self.column}"

    def headline(self) -> str:
        """The first line of the message: ``FILE:LINE:COL: command: message``."""
        return f"{self.location}: {self.command}: {self.message}"

    def excerpt(self) -> tuple[str, str]:
        """The offending line (shortened around the fault) and a caret under the fault."""
        text = self.text_line
        start = 0
        col = self.column - 1
        if len(text) > _SHOWN:
            start = max(0, min(col - _SHOWN // 2, len(text) - _SHOWN))
        shown = "".join(_printable(c) for c in text[start : start + _SHOWN])
        offset = min(max(col - start, 0), len(shown))
        pad = "".join("\t" if c == "\t" else " " for c in shown[:offset])
        prefix = "..." if start else ""
        return prefix + shown, " " * len(prefix) + pad + "^"

    def __str__(self) -> str:
        shown, caret = self.excerpt()
        return f"{self.headline()}\n{shown}\n{caret}"

    def moved(
        self, *, line_offset: int = 0, source: str | None = None, column_offset: int = 0, text_line: str | None = None
    ) -> ParseError:
        """The same error placed in a larger input (lines shifted, columns shifted, source named).

        ``text_line`` replaces the offending line shown (when the larger input's line holds more).
        """
        return ParseError(
            self.message,
            command=self.command,
            line=self.line + line_offset,
            column=self.column + column_offset,
            text_line=self.text_line if text_line is None else text_line,
            source=source if source is not None else self.source,
        )


def _rebuild(
    message: str, command: str, line: int, column: int, text_line: str, source: str | None
) -> ParseError:
    return ParseError(message, command=command, line=line, column=column, text_line=text_line, source=source)


class Reject(Exception):
    """Internal: a fast tokenizer leaves this input to the grammar (which gives the result or the error)."""


class Fault(Exception):
    """Internal: a positioned fault found while building records (becomes a ParseError)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
