"""Rules on reachability: is the partition in the HMC's management domain, and is the RMC connection up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from ..._commands.lspartition import DlparPartition
from ..._commands.lssyscfg import Lpar
from ..._commands.rmcdomainstatus import DomainNode
from ..finding import Evidence, Section, evidence, evidence_line
from ..fleet import Fleet, Host
from ..identity import canonical
from ..registry import Found, rule
from ..remedies import diagrmc, restart_rmc
from .causes import CONNECTION_CAUSES, CONNECTION_STATES
from .hmcviews import join_lssyscfg, uses_rmc

PORT_657 = "port 657 (UDP and TCP) open in both directions between the HMC and the partition (field guide; IBM S1, S4)"


def full_output(section: Section) -> bool:
    """Whether the section shows a command's whole output (no pipe through grep or head)."""
    return "|" not in (section.argv or "")


def _domain_lines(f: Fleet, code: Callable[[str], bool]) -> Iterator[tuple[str, Host | None, str, Evidence]]:
    """(subject, partition host, view, evidence) of every management-domain line whose state ``code`` accepts."""
    for host in f.hosts.values():
        for node, s in host.records(DomainNode):
            if node.domain == "peer_domain" or not code(node.state_code):
                continue
            ev = evidence_line(s, node.node_id, node.address)
            if node.domain == "managed_nodes":
                lpar = f.find(node.address)
                yield (f.subject(node.address), lpar,
                       f"{host.label} sees partition {node.address} as {node.state_code!r}", ev)
            else:
                yield host.label, host, f"{host.label} sees HMC {node.address} as {node.state_code!r}", ev


def _by_subject(f: Fleet, code: Callable[[str], bool]) -> dict[str, tuple[Host | None, list[str], list[Evidence]]]:
    """The lines of ``_domain_lines`` merged per subject: one finding per partition, every view as evidence."""
    out: dict[str, tuple[Host | None, list[str], list[Evidence]]] = {}
    for subject, lpar, view, ev in _domain_lines(f, code):
        held = out.setdefault(subject, (lpar, [], []))
        held[1].append(view)
        held[2].append(ev)
    return out


@rule("DOMAIN_ABSENT", "error", "reachability", ("rmcdomainstatus",),
      "a running partition in no management domain: its HMC's Managed Nodes lack it, or it lists no MCP",
      source="IBM: rmcdomainstatus (S5, S6); field guide (the HMC lists every partition it reaches on port 657)",
      explained_by=("CTRMC_INACTIVE", "RM_NOT_INSTALLED", "DOMAIN_RM_INACTIVE"))
def domain_absent(f: Fleet) -> Iterator[Found]:
    views: dict[str, tuple[Host | None, list[str], list[Evidence], str | None]] = {}

    def add(subject: str, lpar: Host | None, view: str, ev: list[Evidence], ip: str | None) -> None:
        held = views.setdefault(subject, (lpar, [], [], ip))
        held[1].append(view)
        held[2].extend(ev)

    for part in f.lpars():
        sections = [s for s in part.ran("rmcdomainstatus") if full_output(s)]
        nodes = [n for n, _ in part.records(DomainNode, "rmcdomainstatus")]
        if sections and not any(n.domain == "management_control_points" for n in nodes):
            add(part.label, part, f"{part.label}'s rmcdomainstatus lists no management control point",
                [evidence(s) for s in sections], None)
    for hmc in f.hmcs():
        domain = [s for s in hmc.ran("rmcdomainstatus") if full_output(s)]
        if not domain:
            continue
        listed_hosts = {id(h) for n, _ in hmc.records(DomainNode, "rmcdomainstatus") if n.domain == "managed_nodes"
                        for h in [f.find(n.address)] if h is not None}
        listed = {canonical(n.address) for n, _ in hmc.records(DomainNode, "rmcdomainstatus")}
        running: list[tuple[str | None, str | None, Section, str]] = [
            (lp.name, lp.rmc_ipaddr, s, lp.name or "") for lp, s in hmc.records(Lpar, "lssyscfg")
            if lp.state == "Running" and uses_rmc(lp)]
        running += [(p.hostname, p.ip_address, s, f"<#{p.index}>") for p, s in hmc.records(DlparPartition)]
        for name, ip, s, needle in running:
            lpar = f.index.find(name, ip)
            if lpar is hmc or (lpar is None and not ip):
                continue
            if (ip and canonical(ip) in listed) or (lpar is not None and id(lpar) in listed_hosts):
                continue
            subject = f.subject(name, ip)
            add(subject, lpar, f"{hmc.label} shows {subject} ({ip or 'no RMC address'}) running but its "
                f"rmcdomainstatus does not list it", [evidence(s, needle), evidence(domain[0])], ip)
    for subject, (lpar, texts, ev, ip) in views.items():
        yield Found(
            subject,
            "; ".join(dict.fromkeys(texts)) + ": the partition is in no management domain, so the HMC has no RMC "
            "connection to it (the field guide's 'cannot reach on port 657' case)",
            tuple(dict.fromkeys(ev)),
            f"check that the partition's network reaches the HMC, with {PORT_657}, and that RMC runs on the partition; "
            + diagrmc(subject, ip) + "; then " + restart_rmc(lpar, subject),
        )


STATE_TEXT = {
    "O": "the RMC heartbeat says the connection is down",
    "X": "communication is suspended",
}


@rule("RMC_DOWN", "error", "reachability", ("rmcdomainstatus",), "a node is down by the RMC heartbeat (O)",
      source="field guide; IBM: rmcdomainstatus lists O (S5)",
      explained_by=("CTRMC_INACTIVE", "DOMAIN_ABSENT", "RECYCLED_IP"))
def rmc_down(f: Fleet) -> Iterator[Found]:
    for subject, (lpar, views, ev) in _by_subject(f, lambda c: c == "O").items():
        yield Found(subject, "; ".join(views) + f": {STATE_TEXT['O']}", tuple(ev),
                    f"check that the partition is up, with {PORT_657}; then " + restart_rmc(lpar, subject))


@rule("RMC_SUSPENDED", "error", "reachability", ("rmcdomainstatus",), "communication with a node is suspended (X)",
      source="IBM: rmcdomainstatus lists X (S5), MCP suspension (S14), packet size (S15); the MTU reading is the "
             "field guide's hypothesis")
def rmc_suspended(f: Fleet) -> Iterator[Found]:
    for subject, (lpar, views, ev) in _by_subject(f, lambda c: c == "X").items():
        yield Found(
            subject, "; ".join(views) + f": {STATE_TEXT['X']}", tuple(ev),
            "IBM: a suspended MCP stays suspended until it is resumed or RMC restarts (refresh -s ctrmc does not clear "
            "it, S14); RMC's UDP packets are capped by default and the cap is set in /var/ct/cfg/ctrmc.maxpktsz (S15). "
            "A path MTU problem is a hypothesis to test (no IBM source found): ping between the HMC and the partition "
            "with large packets that must not fragment. Then " + restart_rmc(lpar, subject),
        )


@rule("RMC_STATE_UNKNOWN", "warning", "reachability", ("rmcdomainstatus",),
      "a node state code that rsctparse does not know as healthy (not I, S, i, O or X)",
      source="IBM: rmcdomainstatus lists the codes (S5, S6); meanings of the others not retrieved")
def rmc_state_unknown(f: Fleet) -> Iterator[Found]:
    for subject, (_, views, ev) in _by_subject(f, lambda c: c not in ("I", "S", "i", "O", "X")).items():
        yield Found(subject, "; ".join(views) + ": a state code rsctparse does not know as healthy", tuple(ev),
                    "look the code up in the rmcdomainstatus man page and check `rmcdomainstatus -s ctrmc` on both "
                    "sides")


@rule("RMC_VIEW_MISMATCH", "warning", "reachability", ("rmcdomainstatus",),
      "the HMC's and the partition's views of their connection differ",
      source="rsctparse (both sides of IBM's rmcdomainstatus, S6)",
      explained_by=CONNECTION_CAUSES + CONNECTION_STATES)
def rmc_view_mismatch(f: Fleet) -> Iterator[Found]:
    # each partition's MCP lines, by the HMC they name
    mcp_lines: dict[tuple[int, int], list[tuple[DomainNode, Section]]] = defaultdict(list)
    for part in f.lpars():
        for mcp, ls in part.records(DomainNode):
            mcp_host = f.find(mcp.address) if mcp.domain == "management_control_points" else None
            if mcp_host is not None:
                mcp_lines[part.order, mcp_host.order].append((mcp, ls))
    for hmc in f.hmcs():
        for node, s in hmc.records(DomainNode):
            if node.domain != "managed_nodes":
                continue
            lpar = f.find(node.address)
            if lpar is None or lpar is hmc:
                continue
            for mcp, ls in mcp_lines.get((lpar.order, hmc.order), []):
                if (mcp.state_code == "I") != (node.state_code == "I"):
                    yield Found(
                        lpar.label,
                        f"{hmc.label} sees {lpar.label} as {node.state_code!r} but {lpar.label} sees {hmc.label} as "
                        f"{mcp.state_code!r}: one side's RMC has not caught up or traffic flows one way only",
                        (evidence_line(s, node.node_id, node.address), evidence_line(ls, mcp.node_id, mcp.address)),
                        f"check {PORT_657}; then " + restart_rmc(lpar),
                    )


@rule("LSPARTITION_IP", "warning", "reachability", ("lspartition", "ctsvhbal"),
      "the IP in lspartition -dlpar is one of the partition's own identities (ctsvhbal)",
      source="field guide (the partition must return its correct IP)")
def lspartition_ip(f: Fleet) -> Iterator[Found]:
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
                yield Found(
                    lpar.label,
                    f"{hmc.label} reaches {lpar.label} at {part.ip_address}, which is not one of its identities "
                    f"({', '.join(i for i, _ in identities)})",
                    (evidence(s, f"<#{part.index}>"), *[evidence(x) for x in lpar.ran("ctsvhbal")]),
                    "the partition must give the HMC its correct IP: check its interfaces and name resolution "
                    "(ctsvhbal, and the host name's address in /etc/hosts or DNS); then " + restart_rmc(lpar),
                )


@rule("LSSYSCFG_RMC_IP", "warning", "reachability", ("lssyscfg", "lspartition"),
      "lssyscfg's rmc_ipaddr and lspartition -dlpar's IP for a partition agree",
      source="field guide (the partition must return its correct IP); IBM: both commands' fields (S1)")
def lssyscfg_rmc_ip(f: Fleet) -> Iterator[Found]:
    for hmc in f.hmcs():
        for lp, s, part, ps in join_lssyscfg(hmc):
            if lp.rmc_ipaddr and part.ip_address and canonical(lp.rmc_ipaddr) != canonical(part.ip_address):
                lpar = f.find(lp.name) or f.find(part.hostname)
                subject = f.subject(lp.name, part.hostname, lp.rmc_ipaddr)
                yield Found(
                    subject,
                    f"{hmc.label}: lssyscfg rmc_ipaddr={lp.rmc_ipaddr} for {lp.name or lp.lpar_id} but lspartition "
                    f"-dlpar shows {part.ip_address}",
                    (evidence(s, lp.name or ""), evidence(ps, f"<#{part.index}>")),
                    "the partition must present one correct IP to the HMC: check its interfaces; then "
                    + restart_rmc(lpar, subject),
                )


