"""Instructions (valgrind callgrind) one command's fast engine costs on a dump's outputs of that command.

    python -m bench.command_icount /tmp/d2.txt lssrc

The outputs are taken from the dump's parsed sections (prompt line cut off) in a setup pass; the count is that of
setup and ``parse_normalized`` over each output, minus that of the setup alone (see bench/icount.py).
"""

from __future__ import annotations

import sys

from bench.icount import ROOT, count

SETUP = """
import rsctparse
from rsctparse._parse import parse_normalized
from rsctparse._registry import LOADED, command_for
for _ in rsctparse.COMMANDS.values(): pass
outputs = [s.text.split("\\n", 1)[1] for s in rsctparse.iter_sections({dump!r}) if s.records and s.command == {name!r}]
spec = LOADED.get({name!r}) or command_for({name!r})
"""
WORK = """
for output in outputs:
    parse_normalized(output, spec, None, "fast", {}, False)
"""


def main() -> None:
    dump, name = sys.argv[1], sys.argv[2]
    prefix = f"import sys; sys.path.insert(0, {str(ROOT)!r})\n" + SETUP.format(dump=dump, name=name)
    print(f"{name} on {dump}: {(count(prefix + WORK) - count(prefix)) / 1e6:.1f} M instructions")


if __name__ == "__main__":
    main()
