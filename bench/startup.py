"""Start-up costs: what a new process pays to import rsctparse and read one command's output.

    python bench/startup.py [--runs 15] [--checkout DIR ...]

Each case runs in a fresh interpreter, ``--runs`` times, interleaved so that load from other jobs falls on all
cases alike; the best and the median wall-clock time of the case's code are printed (interpreter start-up left
out: the time is taken inside the process). Bytecode is cached first in a private directory, as an installed
wheel's would be. Baselines measured in the same run: ``pass`` and ``import attrs`` (attrs is a runtime
dependency: rsctparse's records are attrs classes). ``--checkout`` adds another checkout (e.g. a ``git worktree``
of an older commit) to compare, case by case. An Ansible module or a monitoring probe runs in a new process each
time, so these are the figures such tools see.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LSSRC = ROOT / "corpus" / "lssrc" / "aix-status-all.txt"

# name -> (setup, timed code); the setup runs before the clock starts
CASES: dict[str, tuple[str, str]] = {
    "pass": ("", "pass"),
    "import attrs": ("", "import attrs"),
    "import rsctparse": ("", "import rsctparse"),
    "parse one lssrc output": (
        f"data = open({str(LSSRC)!r}).read()",
        "import rsctparse; rsctparse.parse(data, 'lssrc')",
    ),
    "iter_sections of it": (
        f"import io; data = open({str(LSSRC)!r}, 'rb').read()",
        "import rsctparse; list(rsctparse.iter_sections(io.BytesIO(b'# lssrc -a\\n' + data)))",
    ),
}


def _program(checkout: Path, setup: str, code: str) -> str:
    return (f"import sys, time; sys.path.insert(0, {str(checkout)!r})\n{setup}\n"
            f"t = time.perf_counter()\n{code}\nprint(time.perf_counter() - t)")


def run(checkout: Path, setup: str, code: str, env: dict[str, str]) -> float:
    """Seconds the code took in a new interpreter."""
    out = subprocess.run([sys.executable, "-c", _program(checkout, setup, code)], capture_output=True, text=True,
                         check=True, env=env, cwd=tempfile.gettempdir())
    return float(out.stdout.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--checkout", type=Path, action="append", default=[], help="another checkout to compare")
    args = ap.parse_args()
    checkouts = [ROOT, *(c.resolve() for c in args.checkout)]
    if not LSSRC.exists():
        raise SystemExit(f"missing corpus sample {LSSRC}")
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        times: dict[tuple[str, Path], list[float]] = {}
        for checkout in checkouts:  # one run each first: writes the bytecode cache, untimed
            env["PYTHONPYCACHEPREFIX"] = os.path.join(cache, str(checkouts.index(checkout)))
            for setup, code in CASES.values():
                run(checkout, setup, code, env)
        for _ in range(args.runs):
            for i, checkout in enumerate(checkouts):
                env["PYTHONPYCACHEPREFIX"] = os.path.join(cache, str(i))
                for name, (setup, code) in CASES.items():
                    if name in ("pass", "import attrs") and i:
                        continue  # (baselines: once per round)
                    times.setdefault((name, checkout), []).append(run(checkout, setup, code, env))
    width = max(map(len, CASES))
    print(f"{'case':<{width}}  {'checkout':<24} {'best ms':>8} {'median ms':>10}  x attrs (best)")
    attrs_best = min(times[("import attrs", ROOT)])
    for (name, checkout), values in times.items():
        label = "." if checkout == ROOT else os.path.relpath(checkout, ROOT)
        print(f"{name:<{width}}  {label[:24]:<24} {min(values) * 1e3:8.1f} {statistics.median(values) * 1e3:10.1f}"
              f"  {min(values) / attrs_best:6.2f}")


if __name__ == "__main__":
    main()
