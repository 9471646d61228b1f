"""Rules on the partition's management control points: lsrsrc IBM.MCP / IBM.ManagementServer."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from ... import _values
from ..._commands.lsrsrc import ManagementServer, Mcp, Resource
from ..._commands.lssyscfg import HmcRecord
from ..._commands.rmcdomainstatus import DomainNode
from ..finding import Section, evidence, evidence_line
from ..fleet import Fleet, Host
from ..identity import is_ip, names_of
from ..registry import Found, rule
from ..remedies import HMC_ROOT, cmd, diagrmc, on, restart_rmc
from .causes import CONNECTION_CAUSES, CONNECTION_STATES
from .daemons import domain_rm
from .reach import full_output

CLASSES = ("IBM.MCP", "IBM.ManagementServer")


def section_class(section: Section) -> str | None:
    """The MCP class an lsrsrc section lists (by its command line, else its records)."""
    argv = section.argv or ""
    for name in CLASSES:
        if name in argv.split() or any(isinstance(r, Resource) and r.resource_class == name for r in section.records):
            return name
    return None


def expected_class(lpar: Host) -> str | None:
    """The class the partition's management domain RM keeps its HMCs in (IBM S2), when lssrc tells the RM."""
    rm = domain_rm(lpar)
    return {"IBM.MgmtDomainRM": "IBM.MCP", "IBM.CSMAgentRM": "IBM.ManagementServer"}.get(rm or "")


def _wrong_class(lpar: Host, sections: list[Section]) -> bool:
    """Whether none of the sections lists the class that would show the partition's HMCs."""
    wanted = expected_class(lpar)
    classes = {section_class(s) for s in sections}
    if wanted is None:  # the RM is not known: assume IBM.MCP, the class of current AIX and Linux RSCT (S2)
        return "IBM.MCP" not in classes
    return wanted not in classes


def _mcp_addresses(r: Resource) -> set[str]:
    values: list[str] = []
    for key in ("HMCIPAddr", "Hostname", "Name", "KeyToken"):
        v = r.get(key)
        if isinstance(v, str) and v:
            values.append(v)
    v = r.get("IPAddresses")
    if isinstance(v, tuple):
        values += [str(x) for x in v]
    for key in ("HMCAddIPs", "HMCAddIPv6s"):
        v = r.get(key)
        if isinstance(v, str):
            values += v.replace(",", " ").split()
    return {n for value in values for n in names_of(value)}


def mcp_sections(lpar: Host) -> list[Section]:
    """The partition's parsed lsrsrc sections of the MCP classes (by their records or command line)."""
    return [s for s in lpar.ran("lsrsrc") if any(isinstance(r, (Mcp, ManagementServer)) or (
        isinstance(r, Resource) and r.resource_class in CLASSES) for r in s.records)
        or any(c in (s.argv or "") for c in CLASSES)]


def _resources(sections: list[Section]) -> list[tuple[Resource, Section]]:
    return [(r, s) for s in sections for r in s.records if isinstance(r, Resource) and r.resource_class in CLASSES]


def _label(r: Resource) -> str:
    return str(r.get("HMCIPAddr") or r.get("Hostname") or r.get("KeyToken") or r.get("Name") or r.index)


def _link_local(r: Resource) -> bool:
    """A resource whose addresses are all IPv6 link-local: a PowerVM NovaLink MCP (IBM S17), not an HMC."""
    values = [v for v in (r.get("HMCIPAddr"), *(r.get("IPAddresses") or ())) if isinstance(v, str) and v]
    addresses = [_values.ip_address(v) for v in values]
    return bool(addresses) and all(a is not None and a.version == 6 and a.is_link_local for a in addresses)


@rule("MCP_MISSING", "error", "identity", ("lsrsrc",),
      "an HMC that manages the partition (by its own output) has no IBM.MCP / IBM.ManagementServer resource",
      source="field guide (the resource is made after the handshake); IBM: IBM.MCP (S2)",
      explained_by=CONNECTION_CAUSES + CONNECTION_STATES)
def mcp_missing(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        sections = [s for s in mcp_sections(lpar) if full_output(s)]
        if not sections or _wrong_class(lpar, sections):
            continue
        addresses = [_mcp_addresses(r) for r, _ in _resources(sections)]
        named = {h.order for names in addresses for h in f.hmcs_named(names)}
        # an HMC manages the partition when its own output lists it (the partition's lists may be stale)
        for hmc, ev in f.managers(lpar):
            if any(e.host == hmc.name for e in ev) and hmc.order not in named:
                yield Found(
                    lpar.label,
                    f"{hmc.label} manages {lpar.label} but {lpar.label} has no IBM.MCP / IBM.ManagementServer "
                    f"resource for it: the management domain was not set up from the partition's side",
                    (*[evidence(s) for s in sections], *ev[:1]),
                    "the partition makes this resource after it authenticates the HMC (field guide): fix the "
                    f"findings above first; if there are none, {restart_rmc(lpar)}; if it stays missing, "
                    + diagrmc(lpar.label),
                )


@rule("MCP_STALE", "warning", "identity", ("lsrsrc",),
      "a resource for an HMC in the dump that does not list the partition",
      source="field guide; IBM: recfgct is reserved (S7), diagrmc (S8)")
def mcp_stale(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        managing = {hmc.order for hmc, ev in f.managers(lpar) if any(e.host == hmc.name for e in ev)}
        for r, s in _resources(mcp_sections(lpar)):
            listed = f.find_hmc(_mcp_addresses(r))
            full = [x for x in (listed.ran("lspartition") + listed.ran("rmcdomainstatus")) if full_output(x)] \
                if listed is not None else []
            if listed is None or listed.order in managing or not full:
                continue
            yield Found(
                lpar.label,
                f"{lpar.label} lists {listed.label} ({_label(r)}) as a management control point, but {listed.label} "
                "does not list the partition: a stale resource",
                (evidence(s, f"resource {r.index}:"), *[evidence(x) for x in full[:1]]),
                f"if {listed.label} should manage it, check the network and RMC on both sides and "
                + diagrmc(lpar.label) + "; if it no longer does, the resource is harmless (do not run recfgct for "
                "this: IBM reserves it for duplicate node ids, S7)",
            )


@rule("MCP_UNKNOWN_HMC", "info", "data", ("lsrsrc",), "a resource for an HMC that is not in the dump",
      source="rsctparse (what the dump cannot show); IBM: NovaLink MCPs are link-local (S17)")
def mcp_unknown_hmc(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        for r, s in _resources(mcp_sections(lpar)):
            if f.find_hmc(_mcp_addresses(r)) is not None or _link_local(r):
                continue
            yield Found(
                lpar.label,
                f"{lpar.label} lists HMC {_label(r)}, which is not in the dump: rsctparse cannot tell whether it still "
                "manages the partition (HMCs that stopped managing it stay listed)",
                (evidence(s, f"resource {r.index}:"),),
                "collect the commands from that HMC too; if it no longer manages the partition, the resource is "
                "stale and harmless",
            )


def own_addresses(hmc: Host) -> set[str]:
    """The HMC's addresses as the HMC itself shows them: its ctsvhbal identities, ``lshmc -n``, an address prompt."""
    shown = {i for i, _ in hmc.identities() or []} | {hmc.name}
    for s in hmc.sections:
        if s.error is None and (s.argv or "").split()[:2] == ["lshmc", "-n"]:
            shown |= lshmc_addresses(s)
    return {n for a in shown if is_ip(a) for n in names_of(a)}


def lshmc_addresses(section: Section) -> set[str]:
    """The addresses of ``lshmc -n`` (``"ipaddr=A,B"``, ``ipv6addr...``), from its records or its text."""
    fields: list[tuple[str, str]] = []
    for r in section.records:
        if isinstance(r, HmcRecord):
            fields += [(k, v if isinstance(v, str) else ",".join(map(str, v or ()))) for k, v in r.items]
    if not fields:
        for row in csv.reader(section.text.split("\n")[max(0, section.line - section.text_line):]):
            fields += [tuple(f.split("=", 1)) for f in row if "=" in f]  # type: ignore[misc]
    out = set()
    for name, value in fields:
        if name == "ipaddr" or name.startswith("ipv6addr"):
            for part in value.replace(" ", ",").split(","):
                address = _values.ip_address(part.split("/", 1)[0])
                if address is not None and not address.is_unspecified:
                    out.add(str(address))
    return out


@rule("MCP_IP_MISMATCH", "warning", "reachability", ("lsrsrc",),
      "an HMCIPAddr that is none of the addresses the HMC shows for itself",
      source="field guide (DMSRM pushes the HMC's IP to the partition); IBM: IBM.MCP (S2)")
def mcp_ip_mismatch(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        managing = {hmc.order for hmc, _ in f.managers(lpar)}
        for r, s in _resources(mcp_sections(lpar)):
            listed = f.find_hmc(_mcp_addresses(r))
            ip = r.get("HMCIPAddr")
            if listed is None or listed.order not in managing or not isinstance(ip, str) or not ip:
                continue
            current = own_addresses(listed)
            if current and not names_of(ip) & current:
                yield Found(
                    lpar.label,
                    f"{lpar.label} has {listed.label} at HMCIPAddr {ip}, but {listed.label} shows its own "
                    f"address{'es' if len(current) > 1 else ''} as {', '.join(sorted(current))}: a stale address",
                    (evidence(s, f"resource {r.index}:", "HMCIPAddr"),),
                    f"check the HMC's network settings (lshmc -n) and the partition's route to "
                    f"{', '.join(sorted(current))}; the HMC passes its address to the partition through NVRAM, so "
                    + restart_rmc(lpar),
                )


@rule("MCP_CLASS_VS_RM", "info", "data", ("lsrsrc",),
      "the lsrsrc class collected is not the one the partition's management domain RM uses: it proves nothing",
      source="IBM: IBM.MCP replaces IBM.ManagementServer under IBM.MgmtDomainRM (S2)")
def mcp_class_vs_rm(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        sections = [s for s in mcp_sections(lpar) if full_output(s)]
        if not sections or not _wrong_class(lpar, sections):
            continue
        wanted = expected_class(lpar)
        rm = domain_rm(lpar)
        collected = ", ".join(sorted({c for c in map(section_class, sections) if c}))
        why = (f"{lpar.label} runs {rm}, which keeps its HMCs in {wanted}" if wanted else
               f"the dump does not show which management domain RM {lpar.label} runs (IBM.MgmtDomainRM keeps its "
               "HMCs in IBM.MCP, IBM.CSMAgentRM in IBM.ManagementServer)")
        yield Found(
            lpar.label,
            f"{why}; the dump has lsrsrc {collected} only, which proves nothing about its HMCs",
            tuple(evidence(s) for s in sections),
            f"collect `lsrsrc {wanted or 'IBM.MCP'}` on {lpar.label} (and `lssrc -a` if the RM is not known)",
        )


@rule("MCP_KEYTOKEN", "error", "identity", ("lsrsrc", "ctsthl"),
      "the partition's trusted host list holds each MCP's KeyToken, with the key the HMC holds for itself",
      source="IBM: KeyToken is the identity the partition looks the HMC's key up by (S2); trusted host list (S10, "
             "S12); ctsthl -a (the ctsthl man page)", explained_by=("DOMAIN_ABSENT", "HOST_IDENTITY"))
def mcp_keytoken(f: Fleet) -> Iterator[Found]:
    for lpar in f.lpars():
        if lpar.trusted() is None:
            continue
        mcps = [n for n, _ in lpar.records(DomainNode) if n.domain == "management_control_points"]
        states = {name: n.state_code for n in mcps for name in names_of(n.address)}
        for r, s in _resources(mcp_sections(lpar)):
            token = r.get("KeyToken")
            if not isinstance(token, str) or not token or _link_local(r):
                continue
            addresses = _mcp_addresses(r)
            hmc = f.find_hmc(addresses)
            # corroboration: the partition's own view of that MCP; up (I), or not shown, proves the lookup works or
            # leaves it unknown, and a missing entry is then no evidence of a fault
            state = next((states[n] for n in sorted(addresses | (hmc.aliases if hmc else set())) if n in states), None)
            if state in (None, "I"):
                continue
            name = hmc.label if hmc is not None else _label(r)
            held = lpar.trusted_as(token)
            at = evidence(s, f"resource {r.index}:", "KeyToken")
            pending = f" (its rmcdomainstatus shows {name} as {state!r}, as this predicts)"
            if not held:
                yield Found(
                    lpar.label,
                    f"{lpar.label} looks {name}'s public key up under its KeyToken {token}, and its trusted host list "
                    f"has no entry {token}: it cannot authenticate {name}{pending}",
                    (at, *[evidence(x) for x in lpar.ran("ctsthl")]),
                    f"on the HMC {name}, {HMC_ROOT}, print its public key with /usr/sbin/rsct/bin/ctskeygen -d; "
                    f"{on(lpar)}, add it under the KeyToken: {cmd(lpar, f'ctsthl -a -n {token} -m rsa1024 -p KEY')} "
                    f"(IBM S12; the method as ctskeygen prints it); then {restart_rmc(lpar)}",
                )
                continue
            own = hmc.trusted_as(token) if hmc is not None and hmc.trusted() is not None else []
            own_keys = {e.identifier_value.lower() for e, _ in own}
            stale = [(e, x) for e, x in held if own_keys and e.identifier_value.lower() not in own_keys]
            if stale:
                entry, x = stale[0]
                yield Found(
                    lpar.label,
                    f"{lpar.label} holds {name}'s KeyToken {token} with a different key than {name} holds for itself: "
                    f"a stale entry (the HMC was reinstalled or its key regenerated){pending}",
                    (at, evidence(x, entry.host_identity), *[evidence(y, e.host_identity) for e, y in own][:1]),
                    f"{on(lpar)}, replace the entry with the HMC's current key (ctskeygen -d on the HMC, {HMC_ROOT}): "
                    f"{cmd(lpar, f'ctsthl -a -n {token} -m rsa1024 -p KEY')} (IBM S12); then {restart_rmc(lpar)}",
                )


@rule("MCP_STALE_NODE_ID", "warning", "identity", ("lsrsrc", "rmcdomainstatus"),
      "an IBM.MCP NodeID differs from the node id of the same HMC in the partition's rmcdomainstatus",
      source="rsctparse, derived from IBM's definitions of NodeID (S2) and rmcdomainstatus (S6); no IBM remedy")
def mcp_stale_node_id(f: Fleet) -> Iterator[Found]:
    differing: list[tuple[Host, Host, Resource, Section, int, DomainNode, Section]] = []
    agreeing = False
    for lpar in f.lpars():
        lines: dict[int, list[tuple[DomainNode, Section]]] = {}
        for n, ns in lpar.records(DomainNode):
            host = f.find(n.address) if n.domain == "management_control_points" else None
            if host is not None and _values.node_id_value(n.node_id) is not None:
                lines.setdefault(id(host), []).append((n, ns))
        for r, s in _resources(mcp_sections(lpar)):
            node_id = r.get("NodeID")
            hmc = f.find_hmc(_mcp_addresses(r))
            if not isinstance(node_id, int) or hmc is None or id(hmc) not in lines:
                continue
            if any(_values.node_id_value(n.node_id) == node_id for n, _ in lines[id(hmc)]):
                agreeing = True
            else:
                n, ns = lines[id(hmc)][0]
                differing.append((lpar, hmc, r, s, node_id, n, ns))
    # Only a dump whose two notations agree somewhere shows that they can be compared: one whose node ids were
    # rewritten (an anonymiser that replaces hex and decimal ids differently) would otherwise make every resource
    # look stale.
    if not agreeing:
        return
    for lpar, hmc, r, s, node_id, n, ns in differing:
        yield Found(
            lpar.label,
            f"{lpar.label}'s IBM.MCP resource for {hmc.label} has NodeID {node_id} (0x{node_id:016x}), but its "
            f"rmcdomainstatus shows {hmc.label} with node id {n.node_id}: the resource is from an earlier install "
            "of the HMC",
            (evidence(s, f"resource {r.index}:", "NodeID"), evidence_line(ns, n.node_id, n.address)),
            f"{restart_rmc(lpar)}; if the resource stays, " + diagrmc(lpar.label),
        )

