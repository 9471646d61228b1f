"""Cross-record checks: the field guide's RMC / DLPAR procedure as findings with evidence and a remedy.

Each rule is a small function over the fleet model, registered with ``@rule``; docs/checks.md describes them.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import attrs

from ._commands.ctsthl import TrustedHost
from ._commands.ctsvhbal import HostIdentities
from ._commands.lspartition import DlparPartition
from ._commands.lsrsrc import ManagementServer, Mcp, Resource
from ._commands.lssrc import Subsystem
from ._commands.lssyscfg import Lpar
from ._commands.rmcdomainstatus import DomainNode
from ._records import JSON, Record
from ._sections import Section

SEVERITIES = ("error", "warning", "info")
RMCCTRL = (
    "on the partition, restart RMC without losing its configuration: /usr/sbin/rsct/bin/rmcctrl -z; "
    "/usr/sbin/rsct/bin/rmcctrl -A; /usr/sbin/rsct/bin/rmcctrl -p (never stopsrc/startsrc for these daemons); "
    "if it stays broken, /usr/sbin/rsct/install/bin/recfgct, wait several minutes and check lssrc -a | grep rsct"
)


@attrs.frozen
class Evidence(Record):
    """Where a finding's input is: file, line, the host and command of its section."""

    file: str | None
    line: int
    host: str | None
    command: str


@attrs.frozen
class Finding(Record):
    """One problem (or note) found in a dump."""

    rule: str
    severity: str  # error, warning or info
    subject: str  # the host the finding is about
    message: str
    evidence: tuple[Evidence, ...]
    remedy: str


def evidence(section: Section, needle: str | None = None) -> Evidence:
    """Evidence pointing at the output line of ``section`` that holds ``needle``."""
    line = section.locate(needle) if needle else section.line
    return Evidence(section.file, line, section.host, section.command)


# --- names and addresses ------------------------------------------------------------------------
def canonical(alias: str) -> str:
    """A host alias for joining hosts: lower case; IPs in canonical form (IPv4 leading zeros dropped)."""
    text = alias.strip().lower()
    parts = text.split(".")
    if len(parts) == 4 and all(p.isdigit() and p for p in parts):
        text = ".".join(str(int(p)) for p in parts)
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text


def is_ip(alias: str) -> bool:
    try:
        ipaddress.ip_address(canonical(alias))
    except ValueError:
        return False
    return True


def names_of(alias: str) -> set[str]:
    """The canonical alias and, for a host name, its short form (aix10.domain.com -> aix10)."""
    text = canonical(alias)
    if not text:
        return set()
    if is_ip(text):
        return {text}
    return {text, text.split(".", 1)[0]}


def same_identity(a: str, b: str) -> bool:
    """RSCT's matching of a trusted host list identity against a host identity.

    Host based authentication compares the identity strings themselves: a short name does not match
    its fully qualified form. rsctparse compares them case-insensitively (DNS names are) and IPv4
    addresses numerically; nothing else is equated.
    """
    return canonical(a) == canonical(b)


# --- the fleet model ------------------------------------------------------------------------------
R = TypeVar("R", bound=Record)


@attrs.define
class Host:
    """What the dump says about one host (by transcript host name)."""

    name: str
    sections: list[Section] = attrs.field(factory=list)
    aliases: set[str] = attrs.field(factory=set)

    def records(self, cls: type[R], command: str | None = None) -> list[tuple[R, Section]]:
        """Records of a type (from sections of ``command``), each with its section."""
        return [
            (r, s)
            for s in self.sections
            if command is None or s.command == command
            for r in s.records
            if isinstance(r, cls)
        ]

    def ran(self, command: str) -> list[Section]:
        """Its sections of ``command`` that parsed."""
        return [s for s in self.sections if s.command == command and s.error is None]

    @property
    def is_hmc(self) -> bool:
        return bool(self.ran("lspartition") or self.ran("lssyscfg")) or any(
            r.domain == "managed_nodes" for r, _ in self.records(DomainNode)
        )

    @property
    def is_lpar(self) -> bool:
        return not self.is_hmc and bool(self.sections)

    def identities(self) -> list[tuple[str, Section]] | None:
        """The ctsvhbal identities (None when ctsvhbal is not in the dump for this host)."""
        if not self.ran("ctsvhbal"):
            return None
        return [(i, s) for r, s in self.records(HostIdentities) for i in r.identities]

    def trusted(self) -> list[tuple[TrustedHost, Section]] | None:
        """The ctsthl -l entries (None when ctsthl is not in the dump for this host)."""
        if not self.ran("ctsthl"):
            return None
        return self.records(TrustedHost)


@attrs.define
class Fleet:
    """Hosts of a dump joined by their aliases."""

    hosts: dict[str, Host]
    files: set[str | None]

    def find(self, alias: str | None) -> Host | None:
        """The host known by ``alias`` (host name, short name, IP), or None."""
        return _lookup(self.hosts, alias)

    def hmcs(self) -> list[Host]:
        return [h for h in self.hosts.values() if h.is_hmc]

    def lpars(self) -> list[Host]:
        return [h for h in self.hosts.values() if h.is_lpar]


def fleet(sections: Iterable[Section]) -> Fleet:
    """Group sections by host and collect each host's aliases."""
    hosts: dict[str, Host] = {}
    files: set[str | None] = set()
    for section in sections:
        files.add(section.file)
        if section.host is None:
            continue
        key = canonical(section.host)
        host = hosts.setdefault(key, Host(section.host))
        host.sections.append(section)
    for host in hosts.values():
        host.aliases |= names_of(host.name)
        for identity, _ in host.identities() or []:
            host.aliases |= names_of(identity)
        for mcp, _ in host.records(Mcp):
            for value in (mcp.mn_name, *(mcp.connectivity_names or ())):
                if value:
                    host.aliases |= names_of(value)
    # what the HMCs say about the partitions they manage names those partitions too
    for hmc in [h for h in hosts.values() if h.is_hmc]:
        for part, _ in hmc.records(DlparPartition):
            lpar = _lookup(hosts, part.hostname, part.ip_address)
            if lpar is not None and lpar is not hmc:
                lpar.aliases |= names_of(part.ip_address or "") | names_of(part.hostname or "")
        for lp, _ in hmc.records(Lpar):
            lpar = _lookup(hosts, lp.name, lp.rmc_ipaddr)
            if lpar is not None and lpar is not hmc and lp.rmc_ipaddr:
                lpar.aliases |= names_of(lp.rmc_ipaddr)
    return Fleet(hosts, files)


def _lookup(hosts: dict[str, Host], *aliases: str | None) -> Host | None:
    """The first host known by one of ``aliases`` (tried in order), or None."""
    for alias in aliases:
        if not alias:
            continue
        wanted = names_of(alias)
        for host in hosts.values():
            if host.aliases & wanted:
                return host
    return None


def managed_pairs(f: Fleet) -> Iterator[tuple[Host, Host, list[Evidence]]]:
    """(HMC, LPAR, evidence) for every pair the dump shows as managed, from either side."""
    seen: dict[tuple[str, str], list[Evidence]] = {}
    for hmc in f.hmcs():
        for part, s in hmc.records(DlparPartition):
            lpar = f.find(part.hostname) or f.find(part.ip_address)
            if lpar is not None and lpar is not hmc:
                seen.setdefault((hmc.name, lpar.name), []).append(evidence(s, part.ip_address or part.hostname))
        for node, s in hmc.records(DomainNode):
            if node.domain == "managed_nodes":
                lpar = f.find(node.address)
                if lpar is not None and lpar is not hmc:
                    seen.setdefault((hmc.name, lpar.name), []).append(evidence(s, node.node_id))
    for lpar in f.lpars():
        for node, s in lpar.records(DomainNode):
            if node.domain == "management_control_points":
                mcp_host = f.find(node.address)
                if mcp_host is not None and mcp_host.is_hmc:
                    seen.setdefault((mcp_host.name, lpar.name), []).append(evidence(s, node.node_id))
    for (hmc_name, lpar_name), ev in seen.items():  # evidence from the HMC's side comes first
        yield f.hosts[canonical(hmc_name)], f.hosts[canonical(lpar_name)], ev


# --- rules ----------------------------------------------------------------------------------------
@attrs.frozen
class Rule:
    """A registered check: what it needs from the dump and the function that runs it."""

    id: str
    needs: tuple[str, ...]  # commands it reads; it runs only when all are in the dump
    summary: str
    run: Callable[[Fleet], Iterator[Finding]]


RULES: list[Rule] = []


def rule(rule_id: str, needs: tuple[str, ...], summary: str) -> Callable[[Callable[[Fleet], Iterator[Finding]]], Any]:
    """Register a rule (adding a rule is one decorated function and its tests)."""

    def register(fn: Callable[[Fleet], Iterator[Finding]]) -> Callable[[Fleet], Iterator[Finding]]:
        RULES.append(Rule(rule_id, needs, summary, fn))
        return fn

    return register


def _identity_remedy(side: str, other: str) -> str:
    return (
        f"on {side}, add or refresh the entry for {other}: compare `ctsthl -l` on {side} with `ctsvhbal` on {other}; "
        "the HMC's entry for a partition is created by the RMC handshake, so on the partition run "
        "/usr/sbin/rsct/bin/rmcctrl -z; rmcctrl -A; rmcctrl -p (or recfgct for a cloned/re-installed image) "
        "and let the HMC re-exchange keys"
    )


@rule("HOST_IDENTITY", ("ctsthl", "ctsvhbal"),
      "each side's trusted host list holds one of the other side's identities, with its current key")
def host_identity(f: Fleet) -> Iterator[Finding]:
    for hmc, lpar, pair_ev in managed_pairs(f):
        for holder, other in ((hmc, lpar), (lpar, hmc)):
            trusted, identities = holder.trusted(), other.identities()
            if trusted is None or identities is None:
                continue
            matches = [(e, s) for e, s in trusted if any(same_identity(e.host_identity, i) for i, _ in identities)]
            ev = [evidence(s) for s in holder.ran("ctsthl")] + [evidence(s) for s in other.ran("ctsvhbal")]
            if not matches:
                yield Finding(
                    "HOST_IDENTITY", "error", lpar.name,
                    f"the trusted host list of {holder.name} has no entry for any identity of {other.name} "
                    f"({', '.join(i for i, _ in identities) or 'none listed'}): RMC authentication fails",
                    tuple(ev + pair_ev[:1]), _identity_remedy(holder.name, other.name),
                )
                continue
            own = other.trusted() or []
            own_keys = {e.identifier_value.lower() for e, _ in own if any(
                same_identity(e.host_identity, i) for i, _ in identities)}
            if not own_keys:
                continue
            for entry, s in matches:
                if entry.identifier_value.lower() not in own_keys:
                    yield Finding(
                        "HOST_IDENTITY", "error", lpar.name,
                        f"{holder.name} trusts {entry.host_identity} with a different key than the one "
                        f"{other.name} holds for itself: a stale key (re-installed or cloned partition)",
                        (evidence(s, entry.host_identity),
                         *[evidence(os_, e.host_identity) for e, os_ in own if same_identity(
                             e.host_identity, entry.host_identity)][:1]),
                        f"on {holder.name}, remove the stale entry (ctsthl -d -n {entry.host_identity}) and let RMC "
                        f"re-exchange keys; on a cloned {other.name}, run recfgct to give it its own node id and keys",
                    )


STATE_FINDINGS = {
    "i": ("error", "is pending up: communication works but the RMC handshake does not complete "
                   "(authentication most likely fails)",
          "compare the trusted host lists (ctsthl -l) with the identities (ctsvhbal) on both sides; see HOST_IDENTITY"),
    "O": ("error", "is down according to the RMC heartbeat",
          "check that the partition is up, that port 657 (udp and tcp) is open in both directions between the HMC "
          "and the partition, and the RMC daemons: " + RMCCTRL),
    "X": ("error", "has communication suspended after a problem (often an MTU / large packet issue on the path)",
          "check the MTU and packet filtering on the path between the HMC and the partition, then " + RMCCTRL),
}


@rule("RMC_DOMAIN_STATE", ("rmcdomainstatus",), "node states of rmcdomainstatus: i, O, X and unknown codes")
def rmc_domain_state(f: Fleet) -> Iterator[Finding]:
    for host in f.hosts.values():
        for node, s in host.records(DomainNode):
            if node.domain == "peer_domain" or node.state_code in ("I", "S"):
                continue
            if node.domain == "managed_nodes":
                peer = f.find(node.address)
                subject = peer.name if peer else node.address
                about = f"partition {node.address} seen from {host.name}"
            else:
                subject, about = host.name, f"HMC {node.address} seen from {host.name}"
            severity, text, remedy = STATE_FINDINGS.get(node.state_code, (
                "warning", f"has state code {node.state_code!r}, which rsctparse does not know as healthy",
                "check `rmcdomainstatus -s ctrmc` on both sides and the RMC daemons: " + RMCCTRL))
            yield Finding("RMC_DOMAIN_STATE", severity, subject, f"the RMC connection to the {about} {text}",
                          (evidence(s, node.node_id),), remedy)


@rule("RMC_LOWER_LEVEL", ("rmcdomainstatus",), "a node runs an older RMC daemon (queue token a or r)")
def rmc_lower_level(f: Fleet) -> Iterator[Finding]:
    for host in f.hosts.values():
        for node, s in host.records(DomainNode):
            if node.domain == "managed_nodes" and node.lower_rmc_level:
                peer = f.find(node.address)
                yield Finding(
                    "RMC_LOWER_LEVEL", "info", peer.name if peer else node.address,
                    f"{node.address} runs an older RMC daemon than {host.name} (queue token {node.queue_code!r})",
                    (evidence(s, node.node_id),),
                    "no action needed for DLPAR; update RSCT on the partition when convenient",
                )


@rule("RMC_VIEW_MISMATCH", ("rmcdomainstatus",), "the HMC's and the partition's views of their connection differ")
def rmc_view_mismatch(f: Fleet) -> Iterator[Finding]:
    for hmc in f.hmcs():
        for node, s in hmc.records(DomainNode):
            if node.domain != "managed_nodes":
                continue
            lpar = f.find(node.address)
            if lpar is None or lpar is hmc:
                continue
            for mcp, ls in lpar.records(DomainNode):
                if mcp.domain != "management_control_points" or f.find(mcp.address) is not hmc:
                    continue
                if (mcp.state_code == "I") != (node.state_code == "I"):
                    yield Finding(
                        "RMC_VIEW_MISMATCH", "warning", lpar.name,
                        f"{hmc.name} sees {lpar.name} as {node.state_code!r} but {lpar.name} sees {hmc.name} as "
                        f"{mcp.state_code!r}: one side's RMC has not caught up or traffic flows one way only",
                        (evidence(s, node.node_id), evidence(ls, mcp.node_id)),
                        "check port 657 udp/tcp in both directions; then " + RMCCTRL,
                    )


@rule("DUPLICATE_NODE_ID", ("rmcdomainstatus",), "two partitions with one RSCT node id (cloned images)")
def duplicate_node_id(f: Fleet) -> Iterator[Finding]:
    for hmc in f.hmcs():
        by_id: dict[str, list[tuple[DomainNode, Section]]] = defaultdict(list)
        for node, s in hmc.records(DomainNode):
            if node.domain == "managed_nodes":
                by_id[node.node_id.lower()].append((node, s))
        for nodes in by_id.values():
            addresses = {canonical(n.address) for n, _ in nodes}
            if len(addresses) > 1:
                for node, _ in nodes[1:]:
                    peer = f.find(node.address)
                    yield Finding(
                        "DUPLICATE_NODE_ID", "error", peer.name if peer else node.address,
                        f"{node.address} has the RSCT node id {node.node_id} of {nodes[0][0].address}: "
                        "a cloned image keeps its source's node id and RMC cannot tell the partitions apart",
                        tuple(evidence(sx, n.address) for n, sx in nodes),
                        f"on the clone ({node.address}), run /usr/sbin/rsct/install/bin/recfgct to generate a new "
                        "node id, then wait a few minutes",
                    )


@rule("LSPARTITION_DLPAR", ("lspartition",), "lspartition -dlpar: Active:<0>, DCaps:<0x0>")
def lspartition_dlpar(f: Fleet) -> Iterator[Finding]:
    for hmc in f.hmcs():
        for part, s in hmc.records(DlparPartition):
            lpar = f.find(part.hostname) or f.find(part.ip_address)
            subject = lpar.name if lpar else (part.hostname or part.ip_address or f"lpar {part.lpar_id}")
            needle = f"<#{part.index}>"
            if part.active == 0:
                yield Finding(
                    "LSPARTITION_DLPAR", "error", subject,
                    f"{hmc.name} has no RMC connection to partition {part.lpar_id} ({part.ip_address}): Active:<0>, "
                    "DLPAR is not possible",
                    (evidence(s, needle),),
                    "check the partition's IP and network to the HMC (port 657 both ways) and its RMC daemons: "
                    + RMCCTRL,
                )
            elif part.dcaps == 0:
                yield Finding(
                    "LSPARTITION_DLPAR", "error", subject,
                    f"partition {part.lpar_id} ({part.ip_address}) reports no DLPAR capability to {hmc.name}: "
                    "DCaps:<0x0>",
                    (evidence(s, needle),),
                    "IBM.DRM must be active on the partition (lssrc -a | grep rsct): " + RMCCTRL,
                )


@rule("LSPARTITION_IP", ("lspartition", "ctsvhbal"),
      "the IP in lspartition -dlpar is one of the partition's own identities (ctsvhbal)")
def lspartition_ip(f: Fleet) -> Iterator[Finding]:
    for hmc in f.hmcs():
        for part, s in hmc.records(DlparPartition):
            lpar = f.find(part.hostname) if part.hostname else None
            if lpar is None or not part.ip_address:
                continue
            identities = lpar.identities()
            if identities is None:
                continue
            known = {canonical(i) for i, _ in identities}
            if canonical(part.ip_address) not in known:
                yield Finding(
                    "LSPARTITION_IP", "warning", lpar.name,
                    f"{hmc.name} reaches {lpar.name} at {part.ip_address}, which is not one of its identities "
                    f"({', '.join(i for i, _ in identities)})",
                    (evidence(s, f"<#{part.index}>"), *[evidence(x) for x in lpar.ran("ctsvhbal")]),
                    "the partition must return its correct IP: check its interfaces and name resolution; then "
                    + RMCCTRL,
                )


def _join_lssyscfg(hmc: Host) -> Iterator[tuple[Lpar, Section, DlparPartition, Section]]:
    parts = hmc.records(DlparPartition)
    by_id: dict[int, list[tuple[DlparPartition, Section]]] = defaultdict(list)
    for p, ps in parts:
        by_id[p.lpar_id].append((p, ps))
    for lp, s in hmc.records(Lpar):
        candidates = by_id.get(lp.lpar_id or -1, [])
        if len(candidates) > 1:  # ids repeat across managed systems: narrow by name or address
            candidates = [(p, ps) for p, ps in candidates if (lp.rmc_ipaddr and p.ip_address and canonical(
                lp.rmc_ipaddr) == canonical(p.ip_address)) or (lp.name and p.hostname and names_of(lp.name) & names_of(
                p.hostname))]
        if len(candidates) == 1:
            yield lp, s, candidates[0][0], candidates[0][1]


@rule("LSSYSCFG_RMC_STATE", ("lssyscfg",), "a Running partition whose rmc_state is not active")
def lssyscfg_rmc_state(f: Fleet) -> Iterator[Finding]:
    for hmc in f.hmcs():
        for lp, s in hmc.records(Lpar):
            if lp.state == "Running" and lp.rmc_state is not None and lp.rmc_state != "active":
                lpar = f.find(lp.name) or f.find(lp.rmc_ipaddr)
                yield Finding(
                    "LSSYSCFG_RMC_STATE", "error", lpar.name if lpar else (lp.name or str(lp.lpar_id)),
                    f"{hmc.name}: partition {lp.name} is Running but its rmc_state is {lp.rmc_state!r}",
                    (evidence(s, lp.name or ""),),
                    "check the RMC connection from both sides (rmcdomainstatus -s ctrmc, lspartition -dlpar); "
                    + RMCCTRL,
                )


@rule("LSSYSCFG_LSPARTITION", ("lssyscfg", "lspartition"), "lssyscfg and lspartition -dlpar agree")
def lssyscfg_lspartition(f: Fleet) -> Iterator[Finding]:
    for hmc in f.hmcs():
        for lp, s, part, ps in _join_lssyscfg(hmc):
            name = lp.name or str(lp.lpar_id)
            lpar = f.find(lp.name) or f.find(part.hostname)
            subject = lpar.name if lpar else name
            ev = (evidence(s, lp.name or ""), evidence(ps, f"<#{part.index}>"))
            if lp.rmc_state in ("active", "inactive", "none") and part.active is not None and (
                    (lp.rmc_state == "active") != (part.active > 0)):
                yield Finding(
                    "LSSYSCFG_LSPARTITION", "warning", subject,
                    f"{hmc.name}: lssyscfg says rmc_state={lp.rmc_state} for {name} but lspartition -dlpar says "
                    f"Active:<{part.active}>",
                    ev,
                    "the HMC's views disagree while the connection changes state; check again in a few minutes, "
                    "then rmcdomainstatus -s ctrmc on both sides",
                )
            if lp.rmc_ipaddr and part.ip_address and canonical(lp.rmc_ipaddr) != canonical(part.ip_address):
                yield Finding(
                    "LSSYSCFG_LSPARTITION", "warning", subject,
                    f"{hmc.name}: lssyscfg rmc_ipaddr={lp.rmc_ipaddr} for {name} but lspartition -dlpar shows "
                    f"{part.ip_address}",
                    ev,
                    "the partition must present one correct IP to the HMC: check its interfaces, then " + RMCCTRL,
                )


@rule("LSSRC_RSCT", ("lssrc",), "ctrmc, IBM.DRM and the management domain RM are active on the partition")
def lssrc_rsct(f: Fleet) -> Iterator[Finding]:
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
            yield Finding(
                "LSSRC_RSCT", "error", lpar.name,
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


@rule("MANAGEMENT_SERVER", ("lsrsrc",), "lsrsrc IBM.MCP / IBM.ManagementServer lists exactly the managing HMCs")
def management_server(f: Fleet) -> Iterator[Finding]:
    pairs = list(managed_pairs(f))
    for lpar in f.lpars():
        sections = [s for s in lpar.ran("lsrsrc") if any(isinstance(r, (Mcp, ManagementServer)) or (
            isinstance(r, Resource) and r.resource_class in ("IBM.MCP", "IBM.ManagementServer")) for r in s.records)
            or "IBM.MCP" in (s.argv or "") or "IBM.ManagementServer" in (s.argv or "")]
        if not sections:
            continue
        resources = [(r, s) for s in sections for r in s.records
                     if isinstance(r, Resource) and r.resource_class in ("IBM.MCP", "IBM.ManagementServer")]
        # an HMC manages the partition when its own output lists it (the partition's lists may be stale)
        managing = [(hmc, ev) for hmc, lp, ev in pairs if lp is lpar and any(e.host == hmc.name for e in ev)]
        for hmc, ev in managing:
            if not any(_mcp_addresses(r) & hmc.aliases for r, _ in resources):
                yield Finding(
                    "MANAGEMENT_SERVER", "error", lpar.name,
                    f"{hmc.name} manages {lpar.name} but {lpar.name} has no IBM.MCP / IBM.ManagementServer resource "
                    "for it: the RMC management domain was not set up from the partition's side",
                    (*[evidence(s) for s in sections], *ev[:1]),
                    "on the partition: " + RMCCTRL,
                )
        managing_hosts = [h for h, _ in managing]
        for r, s in resources:
            addresses = _mcp_addresses(r)
            listed = next((h for h in f.hmcs() if h.aliases & addresses), None)
            label = str(r.get("HMCIPAddr") or r.get("Hostname") or r.get("KeyToken") or r.get("Name") or r.index)
            if listed is None:
                yield Finding(
                    "MANAGEMENT_SERVER", "info", lpar.name,
                    f"{lpar.name} lists HMC {label}, which is not in the dump: rsctparse cannot tell whether it still "
                    "manages the partition (HMCs that stopped managing it stay listed)",
                    (evidence(s, label),),
                    "collect the commands from that HMC too; if it no longer manages the partition, the resource is "
                    "stale and harmless",
                )
            elif listed not in managing_hosts and (listed.ran("lspartition") or listed.ran("rmcdomainstatus")):
                yield Finding(
                    "MANAGEMENT_SERVER", "warning", lpar.name,
                    f"{lpar.name} lists {listed.name} ({label}) as a management control point, "
                    f"but {listed.name} does not list the partition: a stale resource",
                    (evidence(s, label), *[evidence(x) for x in listed.ran("lspartition")[:1]]),
                    "if the HMC should manage it, check the network and RMC on both sides; otherwise the stale "
                    "resource goes away after recfgct on the partition",
                )
            elif listed in managing_hosts:
                ip = r.get("HMCIPAddr")
                if isinstance(ip, str) and ip and not names_of(ip) & listed.aliases:
                    yield Finding(
                        "MANAGEMENT_SERVER", "warning", lpar.name,
                        f"{lpar.name} has {listed.name} at HMCIPAddr {ip}, "
                        "which is not an address the dump shows for it",
                        (evidence(s, ip),),
                        "check the HMC's network settings and the partition's name resolution; then " + RMCCTRL,
                    )


# --- running --------------------------------------------------------------------------------------
@attrs.frozen
class CheckReport:
    """The findings of a dump, worst first, and the rules that could not run for lack of a command."""

    findings: tuple[Finding, ...]
    skipped: tuple[tuple[str, tuple[str, ...]], ...]  # (rule id, missing commands)
    hosts: tuple[str, ...] = ()  # the hosts checked
    unattributed: int = 0  # parsed sections with no host (plain files): the checks cannot use them


def run_checks(sections: Iterable[Section]) -> CheckReport:
    """Build the fleet model and run every rule whose inputs are in the dump."""
    sections = list(sections)
    f = fleet(sections)
    present = {s.command for h in f.hosts.values() for s in h.sections if s.error is None}
    unattributed = sum(1 for s in sections if s.host is None and s.command != "unknown" and s.error is None)
    findings: list[Finding] = []
    skipped: list[tuple[str, tuple[str, ...]]] = []
    for r in RULES:
        missing = tuple(c for c in r.needs if c not in present)
        if missing:
            skipped.append((r.id, missing))
            continue
        findings.extend(r.run(f))
    unique = list(dict.fromkeys(findings))
    unique.sort(key=lambda x: (SEVERITIES.index(x.severity), x.subject, x.rule))
    return CheckReport(tuple(unique), tuple(skipped), tuple(h.name for h in f.hosts.values()), unattributed)


def check(sections: Iterable[Section]) -> list[Finding]:
    """The findings of the field guide's checks on parsed sections (see docs/checks.md)."""
    return list(run_checks(sections).findings)


def finding_data(f: Finding) -> dict[str, JSON]:
    """A finding as the CLI's ``--json`` prints it."""
    return {
        "rule": f.rule,
        "severity": f.severity,
        "subject": f.subject,
        "message": f.message,
        "evidence": [e.as_data() for e in f.evidence],
        "remedy": f.remedy,
    }


def render_report(report: CheckReport) -> str:
    """The human report: grouped by host, worst first, evidence as FILE:LINE and the remedy."""
    out: list[str] = []
    by_host: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_host[f.subject].append(f)
    order = sorted(by_host, key=lambda h: (min(SEVERITIES.index(f.severity) for f in by_host[h]), h))
    for host in order:
        out.append(f"== {host}")
        for f in by_host[host]:
            out.append(f"  {f.severity.upper():7} {f.rule}: {f.message}")
            for e in f.evidence:
                out.append(f"          at {e.file or '<input>'}:{e.line} ({e.host or '?'}: {e.command})")
            out.append(f"          fix: {f.remedy}")
        out.append("")
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITIES}
    out.append(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s) "
               f"on {len(by_host)} of {len(report.hosts)} host(s) checked")
    if report.unattributed:
        out.append(f"{report.unattributed} section(s) name no host (plain files without prompts or markers): "
                   "the checks cannot use them; see docs/transcripts.md")
    for rule_id, missing in report.skipped:
        out.append(f"not run: {rule_id} (the dump has no {', '.join(missing)} output)")
    return "\n".join(out) + "\n"
