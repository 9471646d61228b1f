"""Adversarial inputs: time per MB against valid input of the same size and command, and peak memory.

    python bench/adversarial.py [--mb 100]

Each case runs in a fresh subprocess (its own peak RSS). ``parse`` cases call rsctparse.parse() on the
whole text; ``stream`` cases run iter_sections() (the CLI's path) with the default section cap.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
}


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
    args = ap.parse_args()
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
                                  capture_output=True, text=True, check=True)
            rows[which] = json.loads(proc.stdout)
        per = {w: r["seconds"] / (r["bytes"] / 1e6) for w, r in rows.items()}
        print(f"| {name} | {per['bad']:.3f} | {per['good']:.3f} | {per['bad'] / per['good']:.1f}x "
              f"| {rows['bad']['outcome']} | {rows['bad']['rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
