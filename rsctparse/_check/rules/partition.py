"""Rules on the partition's side: RSCT subsystems (lssrc) and its management control points (lsrsrc)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..._commands.lsrsrc import ManagementServer, Mcp, Resource
from ..._commands.lssrc import Subsystem
from ..._stream import Section
from ..finding import evidence
from ..fleet import Fleet
from ..identity import names_of
from ..registry import Found, rule
from ..remedies import RMCCTRL


@rule("LSSRC_RSCT", "error", ("lssrc",), "ctrmc, IBM.DRM and the management domain RM are active on the partition")
def lssrc_rsct(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        rows = lpar.records(Subsystem)
        by_name: dict[str, list[tuple[Subsystem, Section]]] = defaultdict(list)
        for row, s in rows:
            by_name[row.subsystem].append((row, s))
        checks = [("ctrmc", "the RMC daemon"), ("IBM.DRM", "the DLPAR resource manager (the key for DLPAR)")]
        domain_rm = "IBM.MgmtDomainRM" if "IBM.MgmtDomainRM" in by_name else "IBM.CSMAgentRM"
        checks.append((domain_rm, "the management domain resource manager (HMC handshake)"))
        for name, what in checks:
            entries = by_name.get(name)
            if not entries or any(r.status == "active" for r, _ in entries):
                continue  # absent from the output (e.g. a grep subset) says nothing
            row, s = entries[0]
            yield Found(
                lpar.name,
                f"{name}, {what}, is {row.status} on {lpar.name}",
                tuple(evidence(sx, r.subsystem) for r, sx in entries),
                RMCCTRL,
            )


def _mcp_addresses(r: Resource) -> set[str]:
    values: list[str] = []
    for key in ("HMCIPAddr", "Hostname", "Name", "KeyToken"):
        v = r.get(key)
        if isinstance(v, str) and v:
            values.append(v)
    for key in ("IPAddresses",):
        v = r.get(key)
        if isinstance(v, tuple):
            values += [str(x) for x in v]
    for key in ("HMCAddIPs", "HMCAddIPv6s"):
        v = r.get(key)
        if isinstance(v, str):
            values += v.replace(",", " ").split()
    return {n for value in values for n in names_of(value)}


@rule("MANAGEMENT_SERVER", "error", ("lsrsrc",),
      "lsrsrc IBM.MCP / IBM.ManagementServer lists exactly the managing HMCs")
def management_server(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        sections = [s for s in lpar.ran("lsrsrc") if any(isinstance(r, (Mcp, ManagementServer)) or (
            isinstance(r, Resource) and r.resource_class in ("IBM.MCP", "IBM.ManagementServer")) for r in s.records)
            or "IBM.MCP" in (s.argv or "") or "IBM.ManagementServer" in (s.argv or "")]
        if not sections:
            continue
        resources = [(r, s) for s in sections for r in s.records
                     if isinstance(r, Resource) and r.resource_class in ("IBM.MCP", "IBM.ManagementServer")]
        # an HMC manages the partition when its own output lists it (the partition's lists may be stale)
        managing = [(hmc, ev) for hmc, ev in f.managers(lpar) if any(e.host == hmc.name for e in ev)]
        addresses = [_mcp_addresses(r) for r, _ in resources]
        named = {h.order for names in addresses for h in f.hmcs_named(names)}
        for hmc, ev in managing:
            if hmc.order not in named:
                yield Found(
                    lpar.name,
                    f"{hmc.name} manages {lpar.name} but {lpar.name} has no IBM.MCP / IBM.ManagementServer resource "
                    "for it: the RMC management domain was not set up from the partition's side",
                    (*[evidence(s) for s in sections], *ev[:1]),
                    "on the partition: " + RMCCTRL,
                )
        managing_hosts = [h for h, _ in managing]
        for position, (r, s) in enumerate(resources):
            listed = f.find_hmc(addresses[position])
            label = str(r.get("HMCIPAddr") or r.get("Hostname") or r.get("KeyToken") or r.get("Name") or r.index)
            if listed is None:
                yield Found(
                    lpar.name,
                    f"{lpar.name} lists HMC {label}, which is not in the dump: rsctparse cannot tell whether it still "
                    "manages the partition (HMCs that stopped managing it stay listed)",
                    (evidence(s, label),),
                    "collect the commands from that HMC too; if it no longer manages the partition, the resource is "
                    "stale and harmless",
                    "info",
                )
            elif listed not in managing_hosts and (listed.ran("lspartition") or listed.ran("rmcdomainstatus")):
                yield Found(
                    lpar.name,
                    f"{lpar.name} lists {listed.name} ({label}) as a management control point, "
                    f"but {listed.name} does not list the partition: a stale resource",
                    (evidence(s, label), *[evidence(x) for x in listed.ran("lspartition")[:1]]),
                    "if the HMC should manage it, check the network and RMC on both sides; otherwise the stale "
                    "resource goes away after recfgct on the partition",
                    "warning",
                )
            elif listed in managing_hosts:
                ip = r.get("HMCIPAddr")
                if isinstance(ip, str) and ip and not names_of(ip) & listed.aliases:
                    yield Found(
                        lpar.name,
                        f"{lpar.name} has {listed.name} at HMCIPAddr {ip}, "
                        "which is not an address the dump shows for it",
                        (evidence(s, ip),),
                        "check the HMC's network settings and the partition's name resolution; then " + RMCCTRL,
                        "warning",
                    )
