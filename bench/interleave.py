"""The floor, split_raw, iter_sections and the CLI's JSON Lines alternated in one process, best of N rounds each: on a
machine whose load swings from one minute to the next, they see the same load (bench.py runs each mode in its own
process). Also prints the CLI's rate as a share of iter_sections' (the issue's "CLI vs the API rate").

    PYTHONPATH=CHECKOUT python bench/interleave.py DUMP [ROUNDS] [LABEL]
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import rsctparse
from rsctparse._cli import main as cli_main
from rsctparse._split import split_raw


def main() -> None:
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    label = sys.argv[3] if len(sys.argv) > 3 else rsctparse.__file__
    for _ in rsctparse.COMMANDS.values():  # every command's module, loaded before the clock
        pass

    def floor() -> None:
        with open(path, "rb") as handle:
            for _ in handle:
                pass

    def split() -> None:
        for _ in split_raw(path):
            pass

    def parse() -> None:
        for _ in rsctparse.iter_sections(path):
            pass

    def cli() -> None:
        with open(os.devnull, "w", encoding="utf-8") as sink:
            cli_main([path, "--quiet"], stdout=sink, stderr=sink)

    passes: tuple[Callable[[], None], ...] = (floor, split, parse, cli, floor)
    best = {f.__name__: float("inf") for f in passes}
    for _ in range(rounds):
        for f in passes:
            start = time.perf_counter()
            f()
            best[f.__name__] = min(best[f.__name__], time.perf_counter() - start)
    base = best["floor"]
    print(label, " ".join(f"{name} {s * 1e3:.1f} ms (1/{s / base:.1f})" for name, s in best.items()),
          f"cli/parse rate {best['parse'] / best['cli']:.3f}")


if __name__ == "__main__":
    main()
