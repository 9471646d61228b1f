"""Adversarial inputs: time per MB against valid input of the same size and command, and peak memory.

    python bench/adversarial.py [--mb 100]
    python bench/adversarial.py --scaling [--sizes 1,2,4,8] [--inputs NAME,...] [--modes NAME,...]
    python bench/adversarial.py --memory

Each case runs in a fresh subprocess (its own peak RSS). ``parse`` cases call rsctparse.parse() on the
whole text; ``stream`` cases run iter_sections() (the CLI's path) with the default section cap.
``--scaling`` runs the CLI in every mode on inputs of each size and prints the CPU time (the process and its
workers) and its growth per doubling of the input: linear work grows 2x, and every row should stay within
2.3x. ``--memory`` measures the peak RSS of the CLI on the two largest single sections of issue 18.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's rsctparse in every subprocess


def _fill(unit: bytes, size: int) -> bytes:
    return unit * max(1, size // len(unit))


def _sample(command: str, name: str) -> bytes:
    return (ROOT / "corpus" / command / name).read_bytes()


# A section every repair of docs/transcripts.md may try, and none mends: a long prompt with -F names, rows of one
# width (wrap candidates), an elision line, a short last row; just under the 64 KiB re-reading limit.
_ROW = b"aix1,Running,active,10.1.1.1,1,1,1,0,08A64825-D324-4FBB-A6D3-D44143ED8AF3,xxxxxxxxxxxxxxxxxxxxx\n"
_REPAIRABLE_FAILURE = (b"hscroot@hmc1:~> lssyscfg -r lpar -m 9117-570*65B4D6E -F a,b,c,d,e,f,g,h,i,j,k,l,m,n,o\n"
                       + _ROW * 300 + b"...\n" + _ROW * 300 + b"aix2,Running\n")


# name -> (mode, command, builder of the adversarial bytes, builder of valid bytes of the same command)
CASES: dict[str, tuple[str, str, Callable[[int], bytes], Callable[[int], bytes]]] = {
    "one line of the whole size (lssrc)": ("parse", "lssrc", lambda n: b" ctrmc rsct " + b"x" * n + b" active\n",
                                      lambda n: _fill(_sample("lssrc", "aix-status-all.txt"), n)),
    "one huge line in a dump": ("stream", "", lambda n: b"# lssrc -a\n" + b"y" * n + b"\n",
                                lambda n: _fill(_sample("dumps", "field-guide-mixed-prompts.txt"), n)),
    "resource blocks of 36 bytes (lsrsrc)": (
        "parse", "lsrsrc",
        lambda n: b"Resource Persistent Attributes for IBM.MCP\n" + b"".join(
            b"resource %d:\n\tHMCIPAddr = \"10.0.0.1\"\n" % i for i in range(1, n // 36)),
        lambda n: _fill(_sample("lsrsrc", "mcp-two-hmcs.txt"), n)),
    "unbalanced quotes (lssyscfg)": ("parse", "lssyscfg", lambda n: _fill(b'name="a""b,"c""",d=",e\n', n),
                                     lambda n: _fill(_sample("lssyscfg", "lpar-attr-value-power5.txt"), n)),
    "nested braces (lsrsrc)": ("parse", "lsrsrc",
                               lambda n: b"Resource Persistent Attributes for IBM.MCP\nresource 1:\n\tX = " +
                               b"{" * (n // 2) + b"}" * (n // 2) + b"\n",
                               lambda n: _fill(_sample("lsrsrc", "mcp-two-hmcs.txt"), n)),
    "NUL bytes (ctsthl)": ("parse", "ctsthl",
                           lambda n: _fill(b"--------------------\nHost name: a\x00b\n\x00\x00\n", n),
                           lambda n: _fill(_sample("ctsthl", "ibm-doc-rsa1024.txt"), n)),
    "invalid UTF-8 (dump)": ("stream", "",
                             lambda n: _fill(b"# lssrc -a\n ctrmc rsct 1 \xff\xfeactive\n\xc3\x28\n", n),
                             lambda n: _fill(_sample("dumps", "field-guide-mixed-prompts.txt"), n)),
    "CR-only line ends (rmcdomainstatus)": (
        "parse", "rmcdomainstatus",
        lambda n: _fill(b"Management Domain Status: Managed Nodes\r  I A  0x1  0001  h\r", n),
        lambda n: _fill(_sample("rmcdomainstatus", "hmc-managed-nodes.txt"), n)),
    "header repeated (lssrc)": ("parse", "lssrc",
                                lambda n: _fill(b"Subsystem         Group            PID          Status\n", n),
                                lambda n: _fill(_sample("lssrc", "aix-status-all.txt"), n)),
    "failing sections re-read for copy artefacts (dump)": ("stream", "", lambda n: _fill(_REPAIRABLE_FAILURE, n),
                                 lambda n: _fill(_sample("dumps", "field-guide-mixed-prompts.txt"), n)),
    "prompt lines only (dump)": ("stream", "", lambda n: _fill(b"hscroot@hmc:~> lssrc -a\n", n),
                                 lambda n: _fill(_sample("dumps", "field-guide-mixed-prompts.txt"), n)),
    # issue 18: an SRC message rebuilt per continuation line was quadratic
    "SRC message with continuation lines (lssrc)": ("parse", "lssrc", lambda n: b"0513-059 x\n" + _fill(b"Ab.\n", n),
                                                    lambda n: _fill(_sample("lssrc", "aix-status-all.txt"), n)),
    # issue 18: records made per blank line made the garbage collector's work grow with the input
    "blank lines (lssyscfg)": ("parse", "lssyscfg", lambda n: _fill(b"\n", n),
                               lambda n: _fill(_sample("lssyscfg", "lpar-attr-value-power5.txt"), n)),
    # issue 13: the command-line rule, fleet framings, host-prefixed lines, output amid noise
    "long prompt prefixes (dump)": ("stream", "", lambda n: _fill(b"a" * 60 + b" b c # lssrc -a\n", n),
                                    lambda n: _fill(_sample("dumps", "prompt-forms-general.txt"), n)),
    "lines full of prompt characters (dump)": ("stream", "", lambda n: _fill(b"#$>%" * 40 + b" lssrc\n", n),
                                               lambda n: _fill(_sample("dumps", "prompt-forms-general.txt"), n)),
    "one line of prompt characters (dump)": ("stream", "", lambda n: b"# lssrc -a\n" + b"# $ > % " * (n // 8) + b"\n",
                                             lambda n: _fill(_sample("dumps", "prompt-forms-general.txt"), n)),
    "rules and host lines (dump)": ("stream", "", lambda n: _fill(b"-----\naix1\n-----\n===== x\n---- y\n", n),
                                    lambda n: _fill(_sample("dumps", "fleet-tools.txt"), n)),
    # the scan's marks of sure prompt shapes: a path of prompt characters, blanks, then a byte no prompt holds
    "one long near miss of a sure prompt shape (dump)": (
        "stream", "", lambda n: b"a@b:/" + b"%" * (n // 3) + b"\x01\n[a@b]#" + b" " * (n // 3) + b"\x01\nc /d"
        + b"% " * (n // 6) + b"\x01\n", lambda n: _fill(_sample("dumps", "prompt-forms-general.txt"), n)),
    "host-prefixed lines after dsh (dump)": (
        "stream", "", lambda n: b"# dsh -n a,b lssrc -a\n" + _fill(b"aix1: ctrmc rsct 1 active\nb: x\n", n),
        lambda n: _fill(_sample("dumps", "fleet-tools.txt"), n)),
    "unrelated lines before output (plain file)": (
        "stream", "", lambda n: _fill(b"some words of an install log\n", n) + _sample("lssrc", "aix-status-all.txt"),
        lambda n: _fill(_sample("lssrc", "aix-status-all.txt"), n)),
}


# --- scaling of every CLI mode -------------------------------------------------------------------------
def _estate(size: int) -> bytes:
    """A realistic dump of many HMCs and partitions (bench/gen_dump.py): many names to learn and hosts to join."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "estate.txt")
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_dump.py"), "--mb", str(size / 1e6), "-o", path],
                       env=ENV, check=True)
        return Path(path).read_bytes()


def _many_names(size: int) -> bytes:
    """One lssyscfg -F section per 40 partitions, every one a new name and address (the anonymiser's worst)."""
    parts = []
    total = 0
    i = 0
    while total < size:
        rows = "".join(f"lpar{k:07},{k % 250 + 1},Running,active,10.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}\n"
                       for k in range(i, i + 40))
        part = f"hscroot@hmc{i % 97}:~> lssyscfg -r lpar -m sys{i % 13} -F name,lpar_id,state,rmc_state,rmc_ipaddr\n"
        part += rows
        parts.append(part)
        total += len(part)
        i += 40
    return "".join(parts).encode()


SCALING_INPUTS: dict[str, Callable[[int], bytes]] = {
    "estate dump (gen_dump)": _estate,
    "lssyscfg -F: a new name per row": _many_names,
    "SRC message: continuation lines": lambda n: b"# lssrc -s ctrmc\n0513-059 x\n" + _fill(b"Ab.\n", n),
    "lssyscfg text of blank lines": lambda n: b"hscroot@hmc1:~> lssyscfg -r sys\n" + _fill(b"\n", n),
}
SCALING_MODES: dict[str, list[str]] = {
    "default": [], "--check": ["--check"], "--anonymise": ["--anonymise", "--salt", "bench"],
    "--workers 2": ["--workers", "2"],
}
LIMIT = 2.3  # growth per doubling beyond which a row is flagged


def _cli_seconds(args: list[str], path: str) -> tuple[float, int]:
    """CPU seconds (the CLI and its workers) and exit status of one CLI run, output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-m", "rsctparse", "--quiet", *args, path], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), proc.returncode


def scaling(sizes: list[float], inputs: list[str], modes: list[str]) -> bool:
    """Print the scaling table; whether every row stayed within LIMIT per doubling."""
    print(f"CPU seconds of the CLI per input size (MB), python {sys.version.split()[0]}; growth = per doubling")
    print("| input | mode | " + " | ".join(f"{m:g} MB" for m in sizes) + " | growth per doubling | |")
    print("|---|---|" + "---:|" * len(sizes) + "---|---|")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name in inputs:
            paths: list[str] = []
            for mb in sizes:
                path = os.path.join(tmp, f"{len(paths)}.txt")
                Path(path).write_bytes(SCALING_INPUTS[name](int(mb * 1_000_000)))
                paths.append(path)
            for mode in modes:
                times = [_cli_seconds(SCALING_MODES[mode], path)[0] for path in paths]
                growth = [b / a if a > 0 else float("inf") for a, b in itertools.pairwise(times)]
                worst = max(growth, default=0.0)
                ok &= worst <= LIMIT
                print(f"| {name} | {mode} | " + " | ".join(f"{t:.2f}" for t in times) + " | "
                      + " ".join(f"{g:.2f}x" for g in growth) + f" | {'ok' if worst <= LIMIT else 'OVER'} |",
                      flush=True)
    return ok


MEMORY_CASES: dict[str, Callable[[], bytes]] = {
    "31 MB section of unbalanced quotes (lssyscfg)": lambda: b"hscroot@hmc1:~> lssyscfg -r lpar -m s\n"
    + _fill(b'name="a""b,"c""",d=",e\n', 31_000_000),
    "the same, and a quote never closed at its end": lambda: b"hscroot@hmc1:~> lssyscfg -r lpar -m s\n"
    + _fill(b'name="a""b,"c""",d=",e\n', 31_000_000) + b'name=a,"never closed\n',
    "100 MB single line (dump)": lambda: b"# lssrc -a\n" + b"y" * 100_000_000 + b"\n",
}


def _peak_rss_mb(args: list[str], path: str) -> tuple[float, float, int]:
    """Peak RSS (MB) of one CLI run (the largest of the CLI and its workers), its CPU seconds and exit status."""
    code = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(u.ru_maxrss, u.ru_utime + u.ru_stime, p.returncode)")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "rsctparse", "--quiet", *args, path],
                         capture_output=True, text=True, cwd=ROOT, env=ENV, check=True).stdout.split()
    return int(out[0]) / 1024, float(out[1]), int(out[2])


def memory() -> None:
    print("| input | mode | peak RSS MB | CPU s | exit |")
    print("|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in MEMORY_CASES.items():
            path = os.path.join(tmp, "input.txt")
            Path(path).write_bytes(build())
            for mode in ("default", "--anonymise"):
                rss, cpu, status = _peak_rss_mb(SCALING_MODES[mode], path)
                print(f"| {name} | {mode} | {rss:.0f} | {cpu:.1f} | {status} |", flush=True)


def run_case(name: str, which: str, size: int) -> dict[str, float | str]:
    import rsctparse

    mode, command, bad, good = CASES[name]
    data = (bad if which == "bad" else good)(size)
    start = time.perf_counter()
    if mode == "parse":
        try:
            outcome = f"{len(rsctparse.parse(data, command)):,} records"
        except rsctparse.ParseError as exc:
            outcome = f"ParseError at {exc.line}:{exc.column}"
    else:
        sections = 0
        errors = 0
        for s in rsctparse.iter_sections(io.BytesIO(data)):
            sections += 1
            errors += s.error is not None
        outcome = f"{sections:,} sections, {errors:,} errors"
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"bytes": len(data), "seconds": seconds, "rss_mb": rss, "outcome": outcome}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--case")
    ap.add_argument("--which")
    ap.add_argument("--scaling", action="store_true", help="every CLI mode at each of --sizes")
    ap.add_argument("--sizes", default="1,2,4,8", help="input sizes in MB for --scaling")
    ap.add_argument("--inputs", default=",".join(SCALING_INPUTS), help="inputs for --scaling (comma-separated)")
    ap.add_argument("--modes", default=",".join(SCALING_MODES), help="modes for --scaling (comma-separated)")
    ap.add_argument("--memory", action="store_true", help="peak RSS on the largest single sections")
    args = ap.parse_args()
    if args.scaling:
        ok = scaling([float(m) for m in args.sizes.split(",")], args.inputs.split(","), args.modes.split(","))
        sys.exit(0 if ok else 1)
    if args.memory:
        memory()
        return
    size = int(args.mb * 1_000_000)
    if args.case:
        print(json.dumps(run_case(args.case, args.which, size)))
        return
    print(f"adversarial inputs of about {args.mb:g} MB, python {sys.version.split()[0]}")
    print("| case | s/MB adversarial | s/MB valid | ratio | outcome | peak RSS MB |")
    print("|---|---:|---:|---:|---|---:|")
    for name in CASES:
        rows = {}
        for which in ("bad", "good"):
            proc = subprocess.run([sys.executable, __file__, "--mb", str(args.mb), "--case", name, "--which", which],
                                  capture_output=True, text=True, env=ENV, check=True)
            rows[which] = json.loads(proc.stdout)
        per = {w: r["seconds"] / (r["bytes"] / 1e6) for w, r in rows.items()}
        print(f"| {name} | {per['bad']:.3f} | {per['good']:.3f} | {per['bad'] / per['good']:.1f}x "
              f"| {rows['bad']['outcome']} | {rows['bad']['rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
