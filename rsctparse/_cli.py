"""The command line: ``rsctparse [--command NAME] [--pretty] FILE...`` (contract in docs/cli.md)."""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import IO, Any

import attrs

from ._registry import COMMANDS
from ._stream import (
    DEFAULT_MAX_SECTION,
    RawSection,
    _raw_size,
    build_section,
    lone_marked,
    ordered_map,
    section_data,
    split_raw,
)


def _arguments() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="rsctparse",
        description="Parse HMC and RSCT command output (RMC / DLPAR troubleshooting) into JSON Lines: "
        "one object per section of a transcript, or per plain file.",
    )
    ap.add_argument("files", nargs="+", metavar="FILE", help="a file of command output or a transcript; - for stdin")
    ap.add_argument("--command", choices=sorted(COMMANDS), help="the command that printed text outside any prompt "
                    "(default: detect it)")
    ap.add_argument("--argv", metavar="CMDLINE", help="the command line that printed text outside any prompt, "
                    "e.g. 'lssyscfg -r lpar -F name,state' (gives -F output its names)")
    ap.add_argument("--pretty", action="store_true", help="indent the JSON")
    ap.add_argument("--engine", choices=("fast", "lark"), default="fast", help="fast tokenizers or the grammars")
    ap.add_argument("--workers", type=int, default=1, metavar="N", help="parse in N processes (order kept)")
    ap.add_argument("--max-section-mb", type=int, default=DEFAULT_MAX_SECTION >> 20, metavar="MB",
                    help="a section larger than this becomes an error section (default: %(default)s)")
    ap.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    ap.add_argument("--check", action="store_true",
                    help="run the RMC/DLPAR checks over all FILEs instead of printing sections (docs/checks.md)")
    ap.add_argument("--json", action="store_true", help="with --check: one JSON object per finding")
    ap.add_argument("--anonymise", action="store_true",
                    help="print the FILEs with host names, IPs, serials, keys and node ids replaced consistently")
    return ap


def _anonymise(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from ._anonymise import Anonymiser
    from ._stream import iter_sections

    data: dict[str, bytes] = {}
    for name in args.files:  # read stdin once; files are read twice (learn, then rewrite) in bounded memory
        if name == "-":
            data[name] = sys.stdin.buffer.read()
        elif not os.path.isfile(name):
            print(f"rsctparse: cannot read {name}: no such file", file=err)
            return 2

    def sections(name: str) -> Any:
        source: Any = io.BytesIO(data[name]) if name == "-" else name
        return iter_sections(source, command=args.command, max_section=args.max_section_mb << 20)

    anon = Anonymiser()
    for name in args.files:
        for section in sections(name):
            anon.learn(section)
    for name in args.files:
        for section in sections(name):
            out.write(anon.text(section.text))
    out.flush()
    return 0


def _open(name: str, err: IO[str]) -> tuple[str, Any] | None:
    """(label, binary source) of a FILE argument; None (after saying why) when it cannot be read."""
    try:
        return ("<stdin>", sys.stdin.buffer) if name == "-" else (name, open(name, "rb"))
    except OSError as exc:
        print(f"rsctparse: cannot read {name}: {exc.strerror or exc}", file=err)
        return None


def _check(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from ._check import render_json, render_report, run_checks
    from ._stream import Section, iter_sections

    sections: list[Section] = []
    failed = 0
    for name in args.files:
        opened = _open(name, err)
        if opened is None:
            return 2
        label, source = opened
        try:
            for section in iter_sections(source, command=args.command, engine=args.engine, workers=args.workers,
                                         max_section=args.max_section_mb << 20, file=label, argv=args.argv):
                if section.error is not None:
                    failed += 1
                    print(str(section.error), file=err)
                sections.append(section)
        finally:
            if name != "-":
                source.close()
    report = run_checks(sections)
    if args.json:
        out.write(render_json(report))
    else:
        out.write(render_report(report))
        if failed:
            out.write(f"{failed} section(s) could not be parsed (see above); the checks skipped them\n")
    out.flush()
    return 1 if any(f.severity == "error" for f in report.findings) else 0


@functools.cache
def _encoder(indent: int | None) -> Callable[[Any], str]:
    """One JSON encoder per process (json.dumps with options builds a new one per call)."""
    return json.JSONEncoder(ensure_ascii=False, indent=indent, check_circular=False).encode


@attrs.frozen
class _Job:
    """Per-section work that ends in text: the JSON line and the stderr message, if any."""

    file: str
    command: str | None
    engine: str
    indent: int | None
    argv: str | None = None

    def __call__(self, item: tuple[RawSection, bool]) -> tuple[str, str | None, int]:
        raw, lone = item
        section = build_section(raw, file=self.file, command=self.command, engine=self.engine, lone=lone,
                                argv=self.argv)
        line = _encoder(self.indent)(section_data(section, self.file))
        size = len(raw.prompt) + len(raw.body)
        return line, None if section.error is None else str(section.error), size


class _Progress:
    def __init__(self, err: IO[str], total: int | None, enabled: bool) -> None:
        self.err, self.total, self.enabled = err, total, enabled and bool(total) and (total or 0) > 8 << 20
        self.done, self.last = 0, 0.0

    def add(self, n: int) -> None:
        if not self.enabled:
            return
        self.done += n
        now = time.monotonic()
        if now - self.last > 0.5:
            self.last = now
            pct = 100 * self.done / (self.total or 1)
            self.err.write(f"\rrsctparse: {pct:5.1f}% of {(self.total or 0) >> 20} MiB")
            self.err.flush()

    def close(self) -> None:
        if self.enabled:
            self.err.write("\r" + " " * 40 + "\r")
            self.err.flush()


def main(argv: Sequence[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 all parsed, 1 a section failed, 2 usage)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if stdout is None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    args = _arguments().parse_args(argv)
    if args.workers < 1 or args.max_section_mb < 1:
        print("rsctparse: --workers and --max-section-mb must be at least 1", file=err)
        return 2
    if args.json and not args.check:
        print("rsctparse: --json goes with --check (sections are always JSON)", file=err)
        return 2
    if args.check:
        return _check(args, out, err)
    if args.anonymise:
        return _anonymise(args, out, err)
    status = 0
    indent = 2 if args.pretty else None
    for name in args.files:
        opened = _open(name, err)
        if opened is None:
            return 2
        label, source = opened
        total = None
        if name != "-":
            try:
                total = os.fstat(source.fileno()).st_size
            except OSError:
                total = None
        progress = _Progress(err, total, not args.quiet and err.isatty())
        try:
            raws = lone_marked(split_raw(source, max_section=args.max_section_mb << 20))
            job = _Job(label, args.command, args.engine, indent, args.argv)
            for line, message, size in ordered_map(job, raws, args.workers, _raw_size):
                out.write(line + "\n")
                progress.add(size)
                if message is not None:
                    status = 1
                    progress.close()
                    print(message, file=err)
        except OSError as exc:
            print(f"rsctparse: cannot read {name}: {exc.strerror or exc}", file=err)
            return 2
        finally:
            progress.close()
            if name != "-":
                source.close()
    out.flush()
    return status
