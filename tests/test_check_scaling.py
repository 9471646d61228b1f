"""The checks stay linear in the dump: operations counted (not timed) on estates of n and 2n partitions."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import rsctparse
from rsctparse._check import run_checks
from rsctparse._check.fleet import fleet
from rsctparse._sections import Section
from tests import estate


def _sections(n_lpars: int, n_hmcs: int = 2) -> list[Section]:
    return list(rsctparse.iter_sections([estate.render(estate.estate(3, n_hmcs, n_lpars))]))


def _calls(fn: Callable[[], Any]) -> int:
    """Python and C function calls made by ``fn()`` (a deterministic operation count)."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count


def test_alias_lookups_are_indexed() -> None:
    """Building the fleet and finding every partition costs a bounded number of probes per alias."""
    probes = []
    for n in (20, 40, 80):
        f = fleet(_sections(n))
        before = f.index.probes
        for lpar in f.lpars():
            assert f.find(lpar.name) is lpar
        probes.append((f.index.probes, f.index.probes - before))
    for (build_a, find_a), (build_b, find_b) in itertools.pairwise(probes):
        assert build_b <= 2.2 * build_a and find_b <= 2.2 * find_a, probes


def test_run_checks_is_linear_in_partitions() -> None:
    """Doubling the partitions (two HMCs manage them all) at most doubles the work, with a small margin."""
    counts = []
    for n in (15, 30, 60):
        sections = _sections(n)
        counts.append(_calls(lambda s=sections: run_checks(s)))  # type: ignore[misc]
    assert all(b <= 2.3 * a for a, b in itertools.pairwise(counts)), counts


def test_run_checks_is_linear_in_hmcs() -> None:
    """Doubling the HMCs (each managing every partition) at most doubles the work."""
    counts = []
    for h in (2, 4, 8):
        sections = _sections(10, h)
        counts.append(_calls(lambda s=sections: run_checks(s)))  # type: ignore[misc]
    assert all(b <= 2.3 * a for a, b in itertools.pairwise(counts)), counts


def test_evidence_for_every_line_of_a_large_section_is_linear() -> None:
    """An HMC listing n partitions down: finding each one's line reads O(n) lines in all, not O(n^2)."""
    from rsctparse._check.lines import LineIndex

    def lines_read(n: int) -> int:
        nodes = "".join(f"  O A  0x{i:016x}  {i:04d}  10.{i >> 16}.{(i >> 8) & 255}.{i & 255}\n" for i in range(n))
        text = "[root@hmc1 ~]# rmcdomainstatus -s ctrmc\n\nManagement Domain Status: Managed Nodes\n" + nodes
        before = LineIndex.lines_read
        findings = rsctparse.check(rsctparse.iter_sections([text]))
        assert len([f for f in findings if f.rule == "RMC_DOWN"]) == n
        return LineIndex.lines_read - before

    counts = [lines_read(n) for n in (500, 1000, 2000)]
    assert all(b <= 2.3 * a for a, b in itertools.pairwise(counts)), counts
