"""Where the time of a full parse goes: splitting, each command's parser, and the per-section rest.

    python bench/breakdown.py DUMP

CPU seconds (``time.process_time``, best of ``--repeat`` runs) of: ``split_raw`` alone; ``rsctparse.parse``
on each command's sections (already split and decoded); and ``iter_sections`` end to end. What end to end
costs beyond the two is the per-section work (decoding, reading the prompt, dispatch, ``Section`` records).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import time
from collections.abc import Callable

import rsctparse
from rsctparse._prompt import prompt
from rsctparse._split import split_raw


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("dump")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    size = os.path.getsize(args.dump)
    raws = list(split_raw(args.dump))
    by_command: dict[str, list[str]] = collections.defaultdict(list)
    for raw in raws:
        inv = prompt(raw.prompt.decode("utf-8", "surrogateescape")) if raw.prompt else None
        if inv is not None and inv.command is not None:
            by_command[inv.command].append(raw.body.decode("utf-8", "surrogateescape"))

    def split() -> None:
        for _ in split_raw(args.dump):
            pass

    def whole() -> None:
        for _ in rsctparse.iter_sections(args.dump):
            pass

    def parse_all(texts: list[str], command: str) -> Callable[[], None]:
        def run() -> None:
            for text in texts:
                with contextlib.suppress(rsctparse.ParseError):
                    rsctparse.parse(text, command)
        return run

    split_s = _best(split, args.repeat)
    whole_s = _best(whole, args.repeat)
    print(f"dump: {args.dump} ({size / 1e6:.1f} MB, {len(raws):,} sections, {size / len(raws):.0f} bytes each)")
    print("| part | CPU s | share | MB/s of its bytes | µs per section |")
    print("|---|---:|---:|---:|---:|")
    parse_total = 0.0
    rows: list[tuple[str, float, float | None, float]] = []
    for command, texts in sorted(by_command.items()):
        seconds = _best(parse_all(texts, command), args.repeat)
        parse_total += seconds
        nbytes = sum(len(t) for t in texts)
        rows.append((f"parse: {command} ({len(texts):,} sections)", seconds, nbytes / seconds / 1e6,
                     seconds / len(texts) * 1e6))
    rest = whole_s - split_s - parse_total
    rows.insert(0, ("split_raw", split_s, size / split_s / 1e6, split_s / len(raws) * 1e6))
    rows.append(("per-section rest (decode, prompt, dispatch, Section)", rest, None, rest / len(raws) * 1e6))
    for label, seconds, rate, per in rows:
        shown = "-" if rate is None else f"{rate:.1f}"
        print(f"| {label} | {seconds:.2f} | {seconds / whole_s:.0%} | {shown} | {per:.1f} |")
    print(f"| iter_sections end to end | {whole_s:.2f} | 100% | {size / whole_s / 1e6:.1f} | "
          f"{whole_s / len(raws) * 1e6:.1f} |")


if __name__ == "__main__":
    main()
