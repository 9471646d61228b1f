"""A markdown table of libFuzzer runs from their logs: ``python fuzz/summary.py fuzz/logs/*.log``.

Per log: the harness (the file name up to the first '-'), executions, seconds, executions per second,
coverage (edges in the instrumented rsctparse code), features, corpus entries, and the outcome (a crash
is any log with a Python traceback or libFuzzer's crash/deadly-signal report).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_DONE = re.compile(r"Done (\d+) (?:runs )?in (\d+) second")  # libFuzzer's and atheris's (-atheris_runs) wording
_UNITS = re.compile(r"stat::number_of_executed_units: (\d+)")
_STATUS = re.compile(r"#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/")
_CRASH = re.compile(r"Uncaught Python exception|==\d+== ERROR: libFuzzer|deadly signal|Test unit written to")


def row(path: Path) -> str:
    text = path.read_text(errors="replace")
    statuses = _STATUS.findall(text)
    last = statuses[-1] if statuses else ("0", "-", "-", "-")
    units = _UNITS.findall(text)
    done = _DONE.search(text)
    executions = int(units[-1]) if units else int(done.group(1)) if done else int(last[0])
    seconds = done.group(2) if done else "-"
    rate = f"{executions / int(seconds):,.0f}" if done and int(seconds) else "-"
    outcome = "crash" if _CRASH.search(text) else "none" if done else "unfinished"
    harness = path.name.split("-")[0].removesuffix(".log")
    return (f"| {harness} | {path.name} | {executions:,} | {seconds} | {rate} | {last[1]} | {last[2]} | {last[3]} "
            f"| {outcome} |")


def main() -> None:
    print("| harness | log | executions | seconds | exec/s | coverage | features | corpus | crashes |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for name in sys.argv[1:]:
        print(row(Path(name)))


if __name__ == "__main__":
    main()
