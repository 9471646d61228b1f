"""The command line: ``rsctparse [--command NAME] [--pretty] FILE...`` (contract in docs/cli.md)."""

from __future__ import annotations

import argparse
import codecs
import functools
import io
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, cast

from ._jsonl import compact_text, compact_writer, joined_text, pretty_text
from ._registry import COMMANDS
from ._sections import Section, iter_sections, map_sections
from ._split import DEFAULT_MAX_SECTION

if TYPE_CHECKING:
    from ._check import CheckReport


class _Formatters:
    """argparse's ``formatter_class``. argparse makes a help formatter for each argument it is given, only to check
    the argument's metavar, and each asks the terminal its size (importing ``shutil`` for it, and ``shutil`` the
    compression modules): one formatter, of any width, serves those checks while the parser is built; the help and
    usage messages (``built``) get argparse's own."""

    def __init__(self) -> None:
        self.made: argparse.HelpFormatter | None = None
        self.built = False

    def __call__(self, prog: str) -> argparse.HelpFormatter:
        if self.built:
            return argparse.HelpFormatter(prog)
        if self.made is None:
            self.made = argparse.HelpFormatter(prog, width=80)
        return self.made


def _arguments() -> argparse.ArgumentParser:
    formatters = _Formatters()
    ap = argparse.ArgumentParser(
        prog="rsctparse",
        formatter_class=formatters,
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
                    help="print the FILEs with what identifies the site replaced and what is not understood "
                    "withheld (docs/robustness.md)")
    ap.add_argument("--salt", metavar="TEXT", help="with --anonymise: the same stand-ins for the same TEXT "
                    "(two dumps of one estate alike; keep TEXT secret); default: a random salt per run")
    ap.add_argument("--keep-unparsed", action="store_true", help="with --anonymise: keep (with replacements) "
                    "the text of unknown and failed sections instead of withholding it: a RISK, names nothing "
                    "parsed are not known to be names")
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
    formatters.built = True
    return ap


# What argparse makes of a command line of FILEs alone (``rsctparse DUMP``), the usual one: the options' defaults
# (tests/test_cli_args.py compares them with the parser's). Building the parser costs about 7 M instructions, as
# much as writing the JSON of 1,000 sections.
_DEFAULTS = {"command": None, "argv": None, "pretty": False, "engine": "fast", "workers": 1,
             "max_section_mb": DEFAULT_MAX_SECTION >> 20, "quiet": False, "check": False, "json": False,
             "anonymise": False, "salt": None, "keep_unparsed": False, "schema": None, "format": "json",
             "output": None, "bom": False, "html": None}


def _files_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options of a command line whose every argument is a FILE (none begins with ``-`` but ``-`` itself, which
    argparse takes for a FILE too), as argparse would give them; None for any other command line."""
    if not argv or any(arg[:1] == "-" and arg != "-" for arg in argv):
        return None
    return argparse.Namespace(files=list(argv), **_DEFAULTS)


class _InputError(Exception):
    """A FILE could not be opened or read: ``rsctparse: FILE: reason``, exit 2."""

    def __init__(self, name: str, exc: OSError) -> None:
        super().__init__(f"{name}: cannot read: {exc.strerror or exc}")


class _Input:
    """A binary input whose read errors name the FILE (write errors then are the output's)."""

    def __init__(self, name: str, raw: Any) -> None:
        self.name, self.raw = name, raw

    def read(self, n: int = -1) -> bytes:
        try:
            data: bytes = self.raw.read(n)
        except OSError as exc:
            raise _InputError(self.name, exc) from None
        return data

    def close(self) -> None:
        if self.raw is not sys.stdin.buffer:
            self.raw.close()


def _open(name: str) -> tuple[str, _Input]:
    """(label, binary source) of a FILE argument; ``_InputError`` when it cannot be opened."""
    if name == "-":
        return "<stdin>", _Input(name, sys.stdin.buffer)
    try:
        return name, _Input(name, open(name, "rb"))
    except OSError as exc:
        raise _InputError(name, exc) from None


def _all_sections(args: argparse.Namespace, err: IO[str] | None = None) -> Iterator[Section]:
    """The sections of every FILE in turn, each file read once (errors of failed sections to ``err``)."""
    for name in args.files:
        label, source = _open(name)
        try:
            for section in iter_sections(cast(IO[bytes], source), command=args.command, engine=args.engine,
                                         workers=args.workers, max_section=args.max_section_mb << 20, file=label,
                                         argv=args.argv):
                if err is not None and section.error is not None:
                    print(str(section.error), file=err)
                yield section
        finally:
            source.close()


def _csv(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from ._csvout import tables

    sections = list(_all_sections(args, err))
    failed = sum(1 for s in sections if s.error is not None)
    found = tables(sections)
    if args.output is None:
        if len(found) > 1:
            print(f"rsctparse: the FILEs hold {len(found)} commands ({', '.join(found)}): give --output DIR for "
                  "one CSV file each", file=err)
            return 2
        for table in found.values():
            table.write(out, args.bom)
        out.flush()
        return 1 if failed else 0
    try:
        os.makedirs(args.output, exist_ok=True)
        for command, table in found.items():
            with open(os.path.join(args.output, f"{command}.csv"), "w", encoding="utf-8",
                      errors="backslashreplace", newline="") as f:
                table.write(f, args.bom)
    except OSError as exc:
        print(f"rsctparse: cannot write {args.output}: {exc.strerror or exc}", file=err)
        return 2
    return 1 if failed else 0


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
    from ._anonymise import anonymise_once

    # every FILE is read once (stdin and FIFOs too); texts wait in a temporary file while names are learned
    anonymise_once(_all_sections(args), out, salt=args.salt, keep_unparsed=args.keep_unparsed)
    out.flush()
    return 0


def _check(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from ._check import render_json, render_report, run_checks

    sections = list(_all_sections(args, err))
    failed = sum(1 for s in sections if s.error is not None)
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


def _json_line(pretty: bool, section: Section) -> tuple[str, str | None, int]:
    """A section's JSON line (with its newline), its error message (if any) and its size, made where the section
    is parsed (``--workers``)."""
    line = (pretty_text if pretty else compact_text)(section)
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


def _usage_problem(args: argparse.Namespace) -> str | None:
    """Why the options do not go together (argparse checks each alone): each is honoured or refused."""
    if not args.files:
        return "give at least one FILE (or --schema)"
    if args.workers < 1 or args.max_section_mb < 1:
        return "--workers and --max-section-mb must be at least 1"
    if args.check and args.anonymise:
        return "--check and --anonymise are two modes: choose one"
    if args.format != "json" and (args.check or args.anonymise):
        return "--format goes with neither --check nor --anonymise"
    if (args.output or args.bom) and args.format != "csv":
        return "--output and --bom go with --format csv"
    if args.html and not args.check:
        return "--html goes with --check"
    if args.json and not args.check:
        return "--json goes with --check (sections are always JSON)"
    if args.pretty and (args.check or args.anonymise or args.format != "json"):
        return "--pretty goes with the JSON of sections (not --check, --anonymise or --format csv)"
    if (args.salt is not None or args.keep_unparsed) and not args.anonymise:
        return "--salt and --keep-unparsed go with --anonymise"
    return None


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _catch_interrupts() -> Callable[[], None]:
    """Ctrl-C raises KeyboardInterrupt here only: forked workers (which inherit the handler) ignore it and
    end when the parent shuts them down. Returns the function that puts the old handler back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    parent = os.getpid()

    def interrupt(signum: int, frame: object) -> None:
        if os.getpid() == parent:
            raise KeyboardInterrupt

    old = signal.signal(signal.SIGINT, interrupt)

    def restore() -> None:
        signal.signal(signal.SIGINT, old)

    return restore


def _quiet_stdout() -> None:
    """After the reader of stdout went away: send what is still buffered nowhere (no error at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run the CLI; returns the exit status (docs/cli.md: 0 fine, 1 a section failed or an error found,
    2 usage or input error, 130 interrupted, 141 output closed)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if stdout is None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    args = _files_only(sys.argv[1:] if argv is None else argv) or _arguments().parse_args(argv)
    if args.schema is not None and (args.files or args.check or args.anonymise or args.format != "json"):
        print("rsctparse: --schema prints a schema and reads no FILE: give one or the other", file=err)
        return 2
    if args.schema is not None:
        from ._schema import text

        out.write(text(args.schema))
        out.flush()
        return 0
    problem = _usage_problem(args)
    if problem is not None:
        print(f"rsctparse: {problem}", file=err)
        return 2
    if args.anonymise and stdout is None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="surrogateescape")  # a byte that was not UTF-8 goes out as it came in
    args.workers = min(args.workers, _cpus())  # more processes than CPUs only cost memory
    restore = _catch_interrupts()
    try:
        if args.format == "csv":
            return _csv(args, out, err)
        if args.check:
            return _check(args, out, err)
        if args.anonymise:
            return _anonymise(args, out, err)
        return _print_sections(args, out, err)
    except _InputError as exc:
        print(f"rsctparse: {exc}", file=err)
        return 2
    except BrokenPipeError:
        if stdout is None:
            _quiet_stdout()
        return 141  # as a shell reports a process that SIGPIPE ended
    except OSError as exc:  # inputs report their own errors: this one is the output's (or a temporary file's)
        print(f"rsctparse: cannot write: {exc.strerror or exc}", file=err)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        restore()


def _print_sections(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    status = 0
    for name in args.files:
        label, source = _open(name)
        total = None
        if name != "-":
            try:
                total = os.fstat(source.raw.fileno()).st_size
            except OSError:
                total = None
        progress = _Progress(err, total, not args.quiet and err.isatty())
        try:
            options = {"command": args.command, "engine": args.engine, "max_section": args.max_section_mb << 20,
                       "file": label, "argv": args.argv}
            if args.workers > 1:
                status |= _write_made(map_sections(functools.partial(_json_line, args.pretty),
                                                   cast(IO[bytes], source), workers=args.workers, **options),
                                      out, err, progress)
            else:
                status |= _write(iter_sections(cast(IO[bytes], source), **options), args.pretty, out, err, progress)
        finally:
            progress.close()
            source.close()
    out.flush()
    return status


def _write(sections: Iterator[Section], pretty: bool, out: IO[str], err: IO[str], progress: _Progress) -> int:
    """Write each section's JSON line, made here (one process); 1 when a section failed.

    Compact lines are made in UTF-8 and written a run at a time (``_RUN`` lines; each at once on a line-buffered
    stream, a terminal): to the stream's own binary stream when it has one that takes the same bytes
    (``_byte_sink``), else as one text. The run so far is written before a failed section's message.
    """
    if pretty:
        return _write_made(((pretty_text(s), None if s.error is None else str(s.error), len(s.text))
                            for s in sections), out, err, progress)
    status = 0
    found = _byte_sink(out)
    if found is None:
        errors = "surrogatepass"  # (the run's text is decoded with it: the lines' texts, as compact_text's)

        def write(run: list[bytes]) -> None:
            out.write(joined_text(run))
    else:
        sink, errors = found
        out.flush()  # (what was written to the text stream before goes out before these bytes)

        def write(run: list[bytes]) -> None:
            sink.write(b"".join(run))
    run: list[bytes] = []
    add, enabled, line_of = run.append, progress.enabled, compact_writer(errors)
    size = 1 if getattr(out, "line_buffering", False) else _RUN
    try:
        for section in sections:
            add(line_of(section))
            if len(run) >= size:
                lines = run[:]
                run.clear()
                write(lines)
            if enabled:
                progress.add(len(section.text))
            if section.error is not None:
                status = 1
                lines = run[:]
                run.clear()
                write(lines)
                progress.close()
                print(str(section.error), file=err)
                err.flush()  # (before the lines that follow, when err is the output stream too)
    finally:  # (the lines made before an interruption are written; a run that failed to write is not tried again)
        if run:
            write(run)
    return status


_RUN = 64  # lines written at once


def _byte_sink(out: IO[str]) -> tuple[IO[bytes], str] | None:
    """The binary stream under ``out`` when writing a line's UTF-8 bytes there is what writing its text to ``out``
    does: ``out`` an ``io.TextIOWrapper`` encoding UTF-8, where a line ends with ``\\n`` (a wrapper made with
    ``newline="\\r\\n"`` there would translate: rsctparse makes none, and ``sys.stdout`` is not one), not
    line-buffered (a terminal: its text stream writes each line out at once). With the stream's error handler (for
    bytes of the input that were not UTF-8)."""
    if type(out) is not io.TextIOWrapper or os.linesep != "\n" or out.line_buffering:
        return None
    try:
        if codecs.lookup(out.encoding).name != "utf-8":
            return None
    except LookupError:  # pragma: no cover - a wrapper has a known encoding
        return None
    return cast(IO[bytes], out.buffer), out.errors or "strict"


def _write_made(lines: Iterator[tuple[str, str | None, int]], out: IO[str], err: IO[str], progress: _Progress) -> int:
    """Write the JSON lines made in the worker processes; 1 when a section failed."""
    status = 0
    for line, message, size in lines:
        out.write(line)
        if progress.enabled:
            progress.add(size)
        if message is not None:
            status = 1
            progress.close()
            print(message, file=err)
    return status
