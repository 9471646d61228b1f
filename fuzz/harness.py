"""Atheris harnesses: any input gives records or a ParseError (never another exception), and the fast
engine agrees with the grammar. Run ``python fuzz/harness.py COMMAND [libFuzzer options]`` (see README.md)."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["rsctparse"]):
    import rsctparse
    from rsctparse._sections import iter_sections

ROOT = Path(__file__).resolve().parent.parent


def _outcome(text: str, command: str, engine: str) -> object:
    try:
        return [r.as_data() for r in rsctparse.parse(text, command, engine=engine)]
    except rsctparse.ParseError as exc:
        if exc.message.startswith("internal error"):
            raise AssertionError(exc.message) from exc
        str(exc)
        return (exc.line, exc.column, exc.message)


def parser_target(command: str):  # type: ignore[no-untyped-def]
    def test_one_input(data: bytes) -> None:
        text = data.decode("utf-8", "surrogateescape")
        fast = _outcome(text, command, "fast")
        lark = _outcome(text, command, "lark")
        if fast != lark:
            raise AssertionError(f"engines differ on {text!r}: {fast!r} != {lark!r}")

    return test_one_input


def dump_target(data: bytes) -> None:
    sections = list(iter_sections(io.BytesIO(data), max_section=4096))
    joined = "".join(s.text for s in sections).encode("utf-8", "surrogateescape")
    if joined != data:
        raise AssertionError("sections do not add up to the input")
    for s in sections:
        if s.error is not None and s.error.message.startswith("internal error"):
            raise AssertionError(s.error.message)


def seeds(name: str) -> Path:
    """A writable corpus directory for libFuzzer, seeded from corpus/ (corpus/ itself stays untouched)."""
    out = ROOT / "fuzz" / "out" / name
    out.mkdir(parents=True, exist_ok=True)
    folders = [ROOT / "corpus" / name] if name != "dump" else [ROOT / "corpus" / "dumps", ROOT / "corpus" / "scenarios"]
    for folder in folders:
        for sample in folder.glob("*.txt"):
            target = out / f"seed-{sample.parent.name}-{sample.name}"
            if not target.exists():
                shutil.copyfile(sample, target)
    return out


def main() -> None:
    name = sys.argv[1]
    target = dump_target if name == "dump" else parser_target(name)
    if name != "dump" and name not in rsctparse.COMMANDS:
        raise SystemExit(f"unknown harness {name}: one of dump, {', '.join(rsctparse.COMMANDS)}")
    args = [sys.argv[0], *sys.argv[2:], str(seeds(name))]
    atheris.Setup(args, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
