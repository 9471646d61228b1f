"""The command line: ``rsctparse [--command NAME] [--pretty] FILE...`` (contract in docs/cli.md)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import IO, Any

from ._api import normalize, parse
from ._errors import ParseError
from ._records import as_data
from ._registry import COMMANDS, detect_name


def _arguments() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="rsctparse",
        description="Parse HMC and RSCT command output (RMC / DLPAR troubleshooting) into JSON Lines.",
    )
    ap.add_argument("files", nargs="+", metavar="FILE", help="a file of command output, or - for standard input")
    ap.add_argument("--command", choices=sorted(COMMANDS), help="the command that printed the text (default: detect)")
    ap.add_argument("--pretty", action="store_true", help="indent the JSON")
    ap.add_argument("--engine", choices=("fast", "lark"), default="fast", help="fast tokenizer or the grammar")
    return ap


def _read(name: str, stdin: IO[bytes]) -> bytes:
    if name == "-":
        return stdin.read()
    with open(name, "rb") as handle:
        return handle.read()


def section(
    text: str, *, file: str, command: str | None, engine: str, line: int = 1
) -> tuple[dict[str, Any], ParseError | None]:
    """One output object of the CLI contract, and the error when the section failed."""
    name = command or detect_name(text)
    out: dict[str, Any] = {"file": file, "command": name or "unknown", "host": None, "argv": None, "line": line}
    try:
        records = parse(text, name, source=file, engine=engine)
    except ParseError as exc:
        if name is None:
            exc = ParseError(
                "cannot tell which command printed this; name it with --command NAME (one of: "
                + ", ".join(COMMANDS)
                + ")",
                command="rsctparse",
                line=exc.line,
                column=exc.column,
                text_line=exc.text_line,
                source=file,
            )
        out["records"] = []
        out["error"] = {"message": exc.message, "line": exc.line, "column": exc.column}
        return out, exc
    out["records"] = [as_data(r) for r in records]
    out["error"] = None
    return out, None


def main(argv: Sequence[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 all parsed, 1 a section failed, 2 usage)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if stdout is None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    args = _arguments().parse_args(argv)
    status = 0
    indent = 2 if args.pretty else None
    for name in args.files:
        try:
            data = _read(name, sys.stdin.buffer)
        except OSError as exc:
            print(f"rsctparse: cannot read {name}: {exc.strerror or exc}", file=err)
            return 2
        label = "<stdin>" if name == "-" else name
        obj, failure = section(normalize(data), file=label, command=args.command, engine=args.engine)
        out.write(json.dumps(obj, ensure_ascii=False, indent=indent) + "\n")
        if failure is not None:
            status = 1
            print(str(failure), file=err)
    out.flush()
    return status
