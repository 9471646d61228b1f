"""Throughput and peak memory of rsctparse on one dump, against a floor measured in the same run.

    python bench/gen_dump.py --mb 200 -o /tmp/dump.txt
    python bench/bench.py /tmp/dump.txt [--lark-mb 5] [--modes floor,split,parse,words,...]

Every mode runs in a fresh subprocess (so its peak RSS is its own) and prints MB/s; the table gives each
mode's rate as a fraction of the floor (``for line in file`` over the same bytes). The jc and TextFSM modes
need the bench extras (``pip install -e '.[bench]'``) and run on the dump's lssrc and ``lssyscfg -F`` sections
only, beside rsctparse on exactly the same sections.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

HERE = Path(__file__).resolve().parent

# TextFSM templates for the same two formats (bench only).
LSSRC_TEMPLATE = r"""Value Subsystem (\S+)
Value Group (\S*)
Value PID (\d*)
Value Status (\S+)

Start
  ^Subsystem\s+Group\s+PID\s+Status\s*$$
  ^\s*${Subsystem}\s+${Group}\s+${PID}\s+${Status}\s*$$ -> Record
  ^\s*${Subsystem}\s+${PID}\s+${Status}\s*$$ -> Record
  ^\s*${Subsystem}\s+${Group}\s+${Status}\s*$$ -> Record
  ^\s*${Subsystem}\s+${Status}\s*$$ -> Record
"""
LSSYSCFG_F_TEMPLATE = r"""Value lpar_id (\d+)
Value name ([^,]*)
Value state ([^,]*)
Value rmc_state ([^,]*)
Value rmc_ipaddr ([^,]*)

Start
  ^${lpar_id},${name},${state},${rmc_state},${rmc_ipaddr}\s*$$ -> Record
"""


def _rss_mb() -> float:
    """Peak RSS of this process or of its largest worker process, whichever is larger."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _subset(path: str) -> tuple[bytes, bytes]:
    """The dump's lssrc outputs and its lssyscfg -F outputs (with a header line added), as two texts."""
    from rsctparse._prompt import prompt
    from rsctparse._split import split_raw

    lssrc_parts, f_parts = [], []
    for raw in split_raw(path):
        inv = prompt(raw.prompt.decode()) if raw.prompt else None
        if inv is None or inv.command_argv is None:
            continue
        if inv.command == "lssrc":
            lssrc_parts.append(raw.body)
        elif inv.command == "lssyscfg" and " -F " in inv.command_argv:
            f_parts.append(raw.body)
    header = b"lpar_id,name,state,rmc_state,rmc_ipaddr\n"
    return b"".join(lssrc_parts), header + b"".join(f_parts)


F_NAMES = ("lpar_id", "name", "state", "rmc_state", "rmc_ipaddr")


def bare_records(lssrc_text: bytes, f_text: bytes) -> list[object]:
    """The records rsctparse returns for these sections, built with no checks at all: a ceiling.

    The least any parser returning these records must do: split each line, convert the PID, construct.
    """
    from rsctparse._commands.lssrc import Subsystem
    from rsctparse._commands.lssyscfg import Lpar

    out: list[object] = []
    append = out.append
    for line in lssrc_text.decode().split("\n"):
        w = line.split()
        if len(w) == 4 and w[2].isdigit():
            append(Subsystem(w[0], w[1], int(w[2]), w[3]))
        elif len(w) == 3 and w[0] != "Subsystem":
            append(Subsystem(w[0], None, int(w[1]), w[2]) if w[1].isdigit() else Subsystem(w[0], w[1], None, w[2]))
        elif len(w) == 2:
            append(Subsystem(w[0], None, None, w[1]))
    for line in f_text.decode().split("\n")[1:]:
        if line:
            append(Lpar(tuple(zip(F_NAMES, line.split(","), strict=False)), "lpar"))
    return out


class Row(TypedDict):
    """One mode's figures."""

    bytes: int
    seconds: float
    rss_mb: float
    accounted: str  # "-", "yes" or "NO: ..." (the split and parse modes' accounting)
    fallbacks: dict[str, int]  # per command, the sections the fast engine left to the grammar


def run_mode(mode: str, path: str, lark_mb: float, repeat: int = 1, account_timed: bool = False) -> Row:
    """Run one mode in this process; returns bytes, seconds and peak RSS.

    The split and parse modes check that nothing is lost in a pass of their own, after the timed ones (the
    check counts every newline again: 18% of the split's time, 7% of the parse's); ``account_timed`` times
    the checking pass instead, as the benchmark did before 2026-12-07.
    """
    import rsctparse
    from rsctparse import _grammar
    from rsctparse._cli import main as cli_main
    from rsctparse._split import split_raw

    for _ in rsctparse.COMMANDS.values():  # each command module, loaded before the clock (on first use since e92d68a)
        pass
    size = os.path.getsize(path)
    work: Callable[[], object]
    lost: list[str] = []  # what the accounting of the split and parse modes found missing
    account: Callable[[], None] | None = None
    if mode == "floor":
        def work() -> None:
            with open(path, "rb") as handle:
                for _ in handle:
                    pass
    elif mode == "split":
        def account_split() -> None:
            # every byte accounted for: prompts and bodies add up to the file, lines follow on
            total, line = 0, 1
            for raw in split_raw(path):
                total += len(raw.prompt) + len(raw.body)
                if raw.prompt_line != line:
                    lost.append(f"line {line}")
                line = raw.body_line + raw.body.count(b"\n")
            if total != size:
                lost.append(f"{size - total} bytes")

        def work() -> None:
            for _ in split_raw(path):
                pass
        account = account_split
    elif mode == "parse":
        def account_parse() -> None:
            # every line accounted for: each section's text starts where the previous one ended
            line = 1
            for section in rsctparse.iter_sections(path):
                if section.text_line != line:
                    lost.append(f"line {line}")
                line = section.text_line + section.text.count("\n")

        def work() -> None:
            for _ in rsctparse.iter_sections(path):
                pass
        account = account_parse
    elif mode in ("cli", "cli2"):
        def work() -> None:
            with open(os.devnull, "w", encoding="utf-8") as sink:
                cli_main([path, "--quiet", "--workers", "2" if mode == "cli2" else "1"], stdout=sink, stderr=sink)
    elif mode == "lark":
        with open(path, "rb") as handle:
            data = handle.read(int(lark_mb * 1_000_000))
        data = data[: data.rfind(b"\n") + 1]
        size = len(data)

        def work() -> None:
            for _ in rsctparse.iter_sections(io.BytesIO(data), engine="lark"):
                pass
    elif mode == "words":
        def work() -> None:
            # the least a pure-Python line parser does: every line split into words, a tuple each
            with open(path, "rb") as handle:
                while lines := handle.readlines(1 << 20):
                    text = b"".join(lines).decode("utf-8", "surrogateescape")
                    [tuple(line.split()) for line in text.split("\n")]
    elif mode in ("jc", "textfsm", "same-sections", "bare-records"):
        lssrc_text, f_text = _subset(path)
        size = len(lssrc_text) + len(f_text)
        if mode == "jc":
            import jc

            def work() -> None:
                jc.parse("asciitable", lssrc_text.decode())
                jc.parse("csv", f_text.decode())
        elif mode == "textfsm":
            import textfsm

            def work() -> None:
                for template, text in ((LSSRC_TEMPLATE, lssrc_text), (LSSYSCFG_F_TEMPLATE, f_text)):
                    textfsm.TextFSM(io.StringIO(template)).ParseText(text.decode())
        elif mode == "bare-records":
            def work() -> None:
                bare_records(lssrc_text, f_text)
        else:
            def work() -> None:
                rsctparse.parse(lssrc_text, "lssrc")
                rsctparse.parse(f_text[f_text.index(b"\n") + 1 :], "lssyscfg", fields=",".join(F_NAMES))
    else:
        raise SystemExit(f"unknown mode {mode}")
    if account is not None and account_timed:
        work, account = account, None
    seconds = float("inf")
    for _ in range(repeat):  # the best of ``repeat`` runs: the machine's load only ever adds time
        _grammar.reset_fallbacks()  # counted per pass
        start = time.perf_counter()
        work()
        seconds = min(seconds, time.perf_counter() - start)
    fallbacks = {name: _grammar.FALLBACKS[name] for name in rsctparse.COMMANDS} if mode in FALLBACK_MODES else {}
    if account is not None:  # untimed (the fallbacks above are those of the last timed pass)
        account()
    accounted = "-" if mode not in ("split", "parse") else "yes" if not lost else "NO: " + ", ".join(lost[:3])
    return {"bytes": size, "seconds": seconds, "rss_mb": _rss_mb(), "accounted": accounted, "fallbacks": fallbacks}


# The modes that parse with the fast engine in this process: their sections that fell back to the grammar
# are counted (per command; 0 on valid input).
FALLBACK_MODES = ("parse", "cli", "same-sections")


DESCRIPTIONS = {
    "floor": "for line in file (binary), the floor",
    "split": "splitting into sections (split_raw)",
    "parse": "full parse to typed records (iter_sections, 1 process)",
    "cli": "CLI writing JSON Lines, 1 process",
    "cli2": "CLI writing JSON Lines, --workers 2",
    "lark": "full parse, engine='lark' (first --lark-mb MB)",
    "words": "ceiling: every line split into words, a tuple each (no records, no checks)",
    "same-sections": "rsctparse on the lssrc + lssyscfg -F sections only",
    "bare-records": "ceiling: the same records built with no checks (split, int(), construct)",
    "jc": "jc asciitable + csv on the same sections",
    "textfsm": "TextFSM templates on the same sections",
}


def main() -> None:
    ap = argparse.ArgumentParser(description="rsctparse throughput and peak RSS")
    ap.add_argument("dump")
    ap.add_argument("--modes", default=",".join(DESCRIPTIONS))
    ap.add_argument("--lark-mb", type=float, default=5.0)
    ap.add_argument("--repeat", type=int, default=1, help="time each mode this many times, keep the best")
    ap.add_argument("--account-timed", action="store_true",
                    help="time the split and parse modes' nothing-lost check with them (as before 2026-12-07)")
    ap.add_argument("--run-one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run_one:
        print(json.dumps(run_mode(args.run_one, args.dump, args.lark_mb, args.repeat, args.account_timed)))
        return
    rows = {}
    for mode in args.modes.split(","):
        proc = subprocess.run(
            [sys.executable, __file__, args.dump, "--run-one", mode, "--lark-mb", str(args.lark_mb),
             "--repeat", str(args.repeat), *(["--account-timed"] if args.account_timed else [])],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            print(f"{mode}: skipped ({proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'failed'})")
            continue
        rows[mode] = json.loads(proc.stdout)
    floor = rows.get("floor")
    floor_rate = floor["bytes"] / floor["seconds"] / 1e6 if floor else None
    print(f"dump: {args.dump} ({os.path.getsize(args.dump) / 1e6:.1f} MB), python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")
    print("| mode | MB | s | MB/s | of floor | peak RSS MB | nothing lost |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for mode, row in rows.items():
        rate = row["bytes"] / row["seconds"] / 1e6
        share = f"1/{floor_rate / rate:.1f}" if floor_rate and rate < floor_rate else "1/1"
        print(f"| {DESCRIPTIONS[mode]} | {row['bytes'] / 1e6:.1f} | {row['seconds']:.2f} | {rate:.1f} | {share} "
              f"| {row['rss_mb']:.0f} | {row['accounted']} |")
    for mode in FALLBACK_MODES:
        if mode in rows:
            counts = ", ".join(f"{name} {n}" for name, n in rows[mode]["fallbacks"].items())
            print(f"grammar fallbacks, {DESCRIPTIONS[mode]}: {counts}")
    others = [m for m in ("jc", "textfsm") if m in rows]
    for mine in ("same-sections", "bare-records"):
        for other in others:
            if mine in rows:
                ratio = rows[other]["seconds"] / rows[mine]["seconds"]
                label = "rsctparse" if mine == "same-sections" else "the no-checks ceiling"
                print(f"{label} vs {other} on the same sections: {ratio:.1f}x faster")
    if "cli" in rows and "cli2" in rows:
        print(f"CLI --workers 2 vs 1: {rows['cli']['seconds'] / rows['cli2']['seconds']:.2f}x")


if __name__ == "__main__":
    tempfile.tempdir = tempfile.gettempdir()
    main()
