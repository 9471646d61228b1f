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
from typing import IO, TYPE_CHECKING, Any

from ._registry import COMMANDS
from ._sections import Section, iter_sections, map_sections
from ._split import DEFAULT_MAX_SECTION

if TYPE_CHECKING:
    from ._check import CheckReport


def _arguments() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="rsctparse",
        description="Parse HMC and RSCT command output (RMC / DLPAR troubleshooting) into JSON Lines: "
        "one object per section of a transcript, or per plain file.",
    )
    ap.add_argument("files", nargs="*", metavar="FILE", help="a file of command output or a transcript; - for stdin")
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
    ap.add_argument("--schema", nargs="?", const="section", choices=[*COMMANDS, "section", "finding"],
                    metavar="NAME", help="print the JSON Schema of a command's records, of the section object "
                    "(default) or of a finding (docs/schema/), and exit")
    ap.add_argument("--format", choices=("json", "csv"), default="json",
                    help="csv: one table per command, one row per record (docs/csv.md)")
    ap.add_argument("--output", metavar="DIR", help="with --format csv: write DIR/<command>.csv (needed when the "
                    "FILEs hold several commands)")
    ap.add_argument("--bom", action="store_true", help="with --format csv: start each table with a UTF-8 BOM")
    ap.add_argument("--html", metavar="REPORT", help="with --check: also write the HTML report to REPORT "
                    "(docs/report.md)")
    return ap


def _usage(args: argparse.Namespace) -> str | None:
    """What is wrong with a combination of options (argparse checks each alone), or None."""
    if args.schema is None and not args.files:
        return "give at least one FILE (or --schema)"
    if args.format != "json" and (args.check or args.anonymise):
        return "--format goes with neither --check nor --anonymise"
    if (args.output or args.bom) and args.format != "csv":
        return "--output and --bom go with --format csv"
    if args.html and not args.check:
        return "--html goes with --check"
    return None


def _sections(args: argparse.Namespace, err: IO[str]) -> tuple[list[Section], int] | None:
    """Every section of the FILEs and how many failed (their errors printed); None when a FILE cannot be read."""
    sections: list[Section] = []
    failed = 0
    for name in args.files:
        opened = _open(name, err)
        if opened is None:
            return None
        label, source = opened
        try:
            for section in iter_sections(source, command=args.command, engine=args.engine, workers=args.workers,
                                         max_section=args.max_section_mb << 20, file=label, argv=args.argv):
                if section.error is not None:
                    failed += 1
                    print(str(section.error), file=err)
                sections.append(section)
        except OSError as exc:
            print(f"rsctparse: cannot read {name}: {exc.strerror or exc}", file=err)
            return None
        finally:
            if name != "-":
                source.close()
    return sections, failed


def _csv(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from ._csvout import tables

    read = _sections(args, err)
    if read is None:
        return 2
    found = tables(read[0])
    if args.output is None:
        if len(found) > 1:
            print(f"rsctparse: the FILEs hold {len(found)} commands ({', '.join(found)}): give --output DIR for "
                  "one CSV file each", file=err)
            return 2
        for table in found.values():
            table.write(out, args.bom)
        out.flush()
        return 1 if read[1] else 0
    try:
        os.makedirs(args.output, exist_ok=True)
        for command, table in found.items():
            with open(os.path.join(args.output, f"{command}.csv"), "w", encoding="utf-8",
                      errors="backslashreplace", newline="") as f:
                table.write(f, args.bom)
    except OSError as exc:
        print(f"rsctparse: cannot write {args.output}: {exc.strerror or exc}", file=err)
        return 2
    return 1 if read[1] else 0


def _html(args: argparse.Namespace, sections: list[Section], report: CheckReport, err: IO[str]) -> bool:
    """Write the HTML report of --html; False (after saying why) when it cannot be written."""
    from ._html import render_html

    page = render_html(sections, report, title=", ".join(args.files))
    try:
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(page)
    except OSError as exc:
        print(f"rsctparse: cannot write {args.html}: {exc.strerror or exc}", file=err)
        return False
    return True


def _anonymise(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from ._anonymise import Anonymiser

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
    if args.html and not _html(args, sections, report, err):
        return 2
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


def _json_line(indent: int | None, section: Section) -> tuple[str, str | None, int]:
    """A section's JSON line, its error message (if any) and its size, made where the section is parsed."""
    line = _encoder(indent)(section.as_data())
    return line, None if section.error is None else str(section.error), len(section.text)


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
    if args.schema is not None:
        from ._schema import text

        out.write(text(args.schema))
        out.flush()
        return 0
    problem = _usage(args)
    if problem is not None:
        print(f"rsctparse: {problem}", file=err)
        return 2
    if args.workers < 1 or args.max_section_mb < 1:
        print("rsctparse: --workers and --max-section-mb must be at least 1", file=err)
        return 2
    if args.json and not args.check:
        print("rsctparse: --json goes with --check (sections are always JSON)", file=err)
        return 2
    if args.format == "csv":
        return _csv(args, out, err)
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
            lines = map_sections(functools.partial(_json_line, indent), source, command=args.command,
                                 engine=args.engine, workers=args.workers, max_section=args.max_section_mb << 20,
                                 file=label, argv=args.argv)
            for line, message, size in lines:
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
