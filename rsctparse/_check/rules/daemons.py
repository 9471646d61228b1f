"""Rules on the partition's RSCT daemons (lssrc): ctrmc, IBM.DRM and the management domain RM."""

from __future__ import annotations

import shlex
from collections import defaultdict
from collections.abc import Iterator

from ..._commands.lssrc import Subsystem
from ..finding import Section, evidence_line
from ..fleet import Fleet, Host
from ..registry import Found, rule
from ..remedies import restart_rmc

DOMAIN_RMS = ("IBM.MgmtDomainRM", "IBM.CSMAgentRM")
# Resource managers every RSCT installs with its core (AIX rsct.core.rmc, Linux rsct.core): a listing without
# any of them was trimmed by hand, and what it lacks proves nothing.
CORE_RMS = {"IBM.ERRM", "IBM.AuditRM"}


def _rows(lpar: Host) -> dict[str, list[tuple[Subsystem, Section]]]:
    by_name: dict[str, list[tuple[Subsystem, Section]]] = defaultdict(list)
    for row, s in lpar.records(Subsystem):
        by_name[row.subsystem].append((row, s))
    return by_name


def domain_rm(lpar: Host) -> str | None:
    """The management domain RM the partition's lssrc lists (IBM.MgmtDomainRM first), or None."""
    names = _rows(lpar)
    return next((n for n in DOMAIN_RMS if n in names), None)


def _inactive(lpar: Host, name: str, what: str) -> Found | None:
    entries = _rows(lpar).get(name)
    if not entries or any(r.status == "active" for r, _ in entries):
        return None  # absent from the output (a grep subset, lssrc -s) says nothing here
    statuses = ", ".join(dict.fromkeys(r.status for r, _ in entries))
    return Found(
        lpar.label, f"{name}, {what}, is {statuses} on {lpar.label}",
        tuple(dict.fromkeys(evidence_line(s, r.subsystem, r.status) for r, s in entries)),
        restart_rmc(lpar, note="; rmcctrl -A starts ctrmc, which starts its resource managers"),
    )


@rule("CTRMC_INACTIVE", "error", "daemons", ("lssrc",), "the RMC daemon ctrmc is listed and not active",
      source="field guide; IBM: rmcctrl (S13)")
def ctrmc_inactive(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        found = _inactive(lpar, "ctrmc", "the RMC daemon")
        if found:
            yield found


@rule("DRM_INACTIVE", "error", "daemons", ("lssrc",), "IBM.DRM (the DLPAR resource manager) is listed and not active",
      source="field guide (the key for DLPAR); IBM: rmcctrl (S13)", explained_by=("CTRMC_INACTIVE",))
def drm_inactive(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        found = _inactive(lpar, "IBM.DRM", "the DLPAR resource manager")
        if found:
            yield found


@rule("DOMAIN_RM_INACTIVE", "error", "daemons", ("lssrc",),
      "the management domain RM (IBM.MgmtDomainRM, or IBM.CSMAgentRM on older RSCT) is listed and not active",
      source="field guide (the HMC handshake); IBM: which RM runs where (S2)", explained_by=("CTRMC_INACTIVE",))
def domain_rm_inactive(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        name = domain_rm(lpar)
        found = _inactive(lpar, name, "the management domain resource manager (the HMC handshake)") if name else None
        if found:
            yield found


def listing_scope(section: Section) -> str | None:
    """What a full lssrc listing covers: ``all`` (lssrc -a, or piped through grep rsct), ``rsct_rm`` (-g rsct_rm).

    None for a listing that does not show every subsystem of a scope (lssrc -s NAME, other filters).
    """
    try:
        words = shlex.split(section.argv or "")
    except ValueError:
        return None
    if "lssrc" not in words:
        return None
    words = words[words.index("lssrc") + 1:]
    command, _, rest = " ".join(words).partition("|")
    options = command.split()
    if rest:
        filter_words = rest.split()
        if filter_words[:1] != ["grep"] or [w for w in filter_words[1:] if w != "-i"] != ["rsct"]:
            return None
    if options == ["-a"]:
        return "all"
    if options == ["-g", "rsct_rm"] and not rest:
        return "rsct_rm"
    return None


@rule("RM_NOT_INSTALLED", "error", "daemons", ("lssrc",),
      "a full lssrc listing shows RSCT but no IBM.DRM, or no management domain RM: it is not installed",
      source="rsctparse from lssrc's definition (a full listing shows every subsystem); field guide (IBM.DRM is the "
             "key for DLPAR); IBM: which RM runs where (S2)")
def rm_not_installed(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        for s in lpar.ran("lssrc"):
            scope = listing_scope(s)
            names = {r.subsystem for r in s.records if isinstance(r, Subsystem)}
            if scope == "all" and "ctrmc" not in names:
                continue
            if scope is None or not names & CORE_RMS:
                continue
            missing = [] if "IBM.DRM" in names else ["IBM.DRM (the DLPAR resource manager)"]
            if not names & set(DOMAIN_RMS):
                missing.append("a management domain resource manager (IBM.MgmtDomainRM or IBM.CSMAgentRM)")
            if not missing:
                continue
            if lpar.os == "linux":
                install = ("install the DynamicRM package (with rsct.core and src) from IBM's Service and "
                           "Productivity Tools for Linux on Power")
            elif lpar.os == "vios":
                install = "update or reinstall the VIOS image (RSCT is part of it) from IBM's VIOS media"
            else:
                install = ("on AIX, reinstall the RSCT filesets: compare `lslpp -l 'rsct.*'` with a working partition "
                           "at the same level; on Linux, install the DynamicRM package (with rsct.core and src)")
            yield Found(
                lpar.label,
                f"`{s.argv}` on {lpar.label} lists every subsystem of its scope (with "
                f"{', '.join(sorted(names & CORE_RMS))}) but lacks {' and '.join(missing)}: not installed",
                (evidence_line(s, "ctrmc") if "ctrmc" in names else evidence_line(s, "rsct_rm"),),
                f"{install}; rmcctrl and recfgct cannot create a missing resource manager; then "
                + restart_rmc(lpar),
            )
            break
