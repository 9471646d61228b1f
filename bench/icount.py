"""Instructions (valgrind callgrind) that a snippet costs after a setup snippet, in millions.

    python bench/icount.py "SETUP" "WORK"      e.g.
    python bench/icount.py "def f():
        for _ in open('/tmp/d2.txt', 'rb'): pass" "f()"

Both run with the checkout on sys.path; the count is that of SETUP + WORK minus that of SETUP alone, so
interpreter start-up and imports drop out. Counts do not move with the machine's load (wall-clock does).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def count(code: str) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code],
        capture_output=True, text=True, check=True,
    ).stderr
    found = re.search(r"Collected : (\d+)", out)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out}")
    return int(found.group(1))


def main() -> None:
    setup, work = sys.argv[1], sys.argv[2]
    prefix = f"import sys; sys.path.insert(0, {str(ROOT)!r})\n{setup}\n"
    print(f"{(count(prefix + work) - count(prefix)) / 1e6:.1f} M instructions")


if __name__ == "__main__":
    main()
