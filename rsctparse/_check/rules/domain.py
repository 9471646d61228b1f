"""Rules on rmcdomainstatus: node states, RMC levels, both sides' views, node ids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..._commands.rmcdomainstatus import DomainNode
from ..._stream import Section
from ..finding import Severity, evidence
from ..fleet import Fleet
from ..identity import canonical
from ..registry import Found, rule
from ..remedies import RMCCTRL

STATE_FINDINGS: dict[str, tuple[Severity, str, str]] = {
    "i": ("error", "is pending up: communication works but the RMC handshake does not complete "
                   "(authentication most likely fails)",
          "compare the trusted host lists (ctsthl -l) with the identities (ctsvhbal) on both sides; see HOST_IDENTITY"),
    "O": ("error", "is down according to the RMC heartbeat",
          "check that the partition is up, that port 657 (udp and tcp) is open in both directions between the HMC "
          "and the partition, and the RMC daemons: " + RMCCTRL),
    "X": ("error", "has communication suspended after a problem (often an MTU / large packet issue on the path)",
          "check the MTU and packet filtering on the path between the HMC and the partition, then " + RMCCTRL),
}


@rule("RMC_DOMAIN_STATE", "error", ("rmcdomainstatus",), "node states of rmcdomainstatus: i, O, X and unknown codes")
def rmc_domain_state(f: Fleet) -> Iterator[Found]:
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
            yield Found(subject, f"the RMC connection to the {about} {text}", (evidence(s, node.node_id),), remedy,
                        severity)


@rule("RMC_LOWER_LEVEL", "info", ("rmcdomainstatus",), "a node runs an older RMC daemon (queue token a or r)")
def rmc_lower_level(f: Fleet) -> Iterator[Found]:
    for host in f.hosts.values():
        for node, s in host.records(DomainNode):
            if node.domain == "managed_nodes" and node.lower_rmc_level:
                peer = f.find(node.address)
                yield Found(
                    peer.name if peer else node.address,
                    f"{node.address} runs an older RMC daemon than {host.name} (queue token {node.queue_code!r})",
                    (evidence(s, node.node_id),),
                    "no action needed for DLPAR; update RSCT on the partition when convenient",
                )


@rule("RMC_VIEW_MISMATCH", "warning", ("rmcdomainstatus",),
      "the HMC's and the partition's views of their connection differ")
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
                        lpar.name,
                        f"{hmc.name} sees {lpar.name} as {node.state_code!r} but {lpar.name} sees {hmc.name} as "
                        f"{mcp.state_code!r}: one side's RMC has not caught up or traffic flows one way only",
                        (evidence(s, node.node_id), evidence(ls, mcp.node_id)),
                        "check port 657 udp/tcp in both directions; then " + RMCCTRL,
                    )


@rule("DUPLICATE_NODE_ID", "error", ("rmcdomainstatus",), "two partitions with one RSCT node id (cloned images)")
def duplicate_node_id(f: Fleet) -> Iterator[Found]:
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
                    yield Found(
                        peer.name if peer else node.address,
                        f"{node.address} has the RSCT node id {node.node_id} of {nodes[0][0].address}: "
                        "a cloned image keeps its source's node id and RMC cannot tell the partitions apart",
                        tuple(evidence(sx, n.address) for n, sx in nodes),
                        f"on the clone ({node.address}), run /usr/sbin/rsct/install/bin/recfgct to generate a new "
                        "node id, then wait a few minutes",
                    )
