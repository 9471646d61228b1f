"""Instructions that lssyscfg's fast engine spends on each kind of lssyscfg section of a dump.

    python -m bench.lssyscfg_kinds DUMP          (from the checkout)

A dump's lssyscfg sections, split and decoded first, are grouped by kind (``-r`` resource, and ``-F`` or not:
``lpar``, ``lpar -F``, ``prof``, ``prof -F`` in a ``gen_dump.py --profiles`` dump) and each group is parsed by
``COMMAND.parse_fast`` under valgrind (``bench/icount.py``: the count of the parse alone, imports and the
split excluded), the cache of name=value fields emptied first. Rows and bytes are printed beside, for the
instructions per row.
"""

from __future__ import annotations

import argparse
import collections

from bench.icount import count
from rsctparse._commands.lssyscfg import invocation
from rsctparse._prompt import prompt
from rsctparse._split import split_raw


def kinds(dump: str) -> dict[str, list[tuple[str, str]]]:
    """The dump's lssyscfg outputs and command lines, by kind."""
    out: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for raw in split_raw(dump):
        line = prompt(raw.prompt.decode("utf-8", "surrogateescape")) if raw.prompt else None
        if line is None or line.command != "lssyscfg" or line.argv is None:
            continue
        inv = invocation(line.argv)
        out[f"{inv.resource}{' -F' if inv.fields is not None else ''}"].append(
            (raw.body.decode("utf-8", "surrogateescape"), line.argv))
    return dict(out)


SETUP = """
import sys
sys.path.insert(0, {root!r})
from bench.lssyscfg_kinds import kinds
from rsctparse._commands.lssyscfg import COMMAND
texts = kinds({dump!r})[{kind!r}]
for text, argv in texts: COMMAND.parse_fast(text, argv=argv)  # (first use: caches and lazy imports)
import rsctparse._commands.lssyscfg as L
"""
# (the cache of name=value fields emptied first: a dump's fields are read once, then found)
WORK = "getattr(L, '_PAIRS', {}).clear()\nfor text, argv in texts: COMMAND.parse_fast(text, argv=argv)\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("dump")
    args = ap.parse_args()
    from bench.icount import ROOT

    print("| kind | sections | rows | bytes | M instructions | k per row |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, texts in sorted(kinds(args.dump).items()):
        setup = SETUP.format(root=str(ROOT), dump=args.dump, kind=kind)
        spent = count(setup + WORK) - count(setup)
        rows = sum(text.count("\n") for text, _ in texts)
        size = sum(len(text) for text, _ in texts)
        print(f"| {kind} | {len(texts)} | {rows} | {size:,} | {spent / 1e6:.1f} | {spent / max(rows, 1) / 1e3:.0f} |")


if __name__ == "__main__":
    main()
