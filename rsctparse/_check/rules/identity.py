"""Rules on identity: the RMC handshake, trusted host lists (ctsthl -l) against identities (ctsvhbal), node ids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..._commands.lsrsrc import Mcp
from ..._commands.rmcdomainstatus import DomainNode
from ..._stream import Section
from ..finding import Evidence, evidence, evidence_line
from ..fleet import Fleet, Host
from ..identity import canonical, names_of
from ..registry import Found, rule
from ..remedies import HMC_RMC, HMC_ROOT, WAIT, cmd, diagrmc, on, recfgct, restart_rmc
from .reach import _by_subject


@rule("RMC_PENDING_UP", "error", "identity", ("rmcdomainstatus",),
      "a node is pending up (i): connected, but the RMC handshake does not complete",
      source="IBM: rmcdomainstatus (S6; persistence: S5); field guide",
      explained_by=("HOST_IDENTITY", "DUPLICATE_NODE_ID", "DOMAIN_RM_INACTIVE",
                    "RM_NOT_INSTALLED", "CTRMC_INACTIVE"))
def rmc_pending_up(f: Fleet) -> Iterator[Found]:
    for subject, (_, views, ev) in _by_subject(f, lambda c: c == "i").items():
        yield Found(
            subject,
            "; ".join(views) + ": communication works but the RMC handshake does not complete (if it persists, "
            "authentication most likely fails)",
            tuple(ev),
            "compare each side's trusted host list (ctsthl -l) with the other side's identities (ctsvhbal): the "
            "other findings for this partition name the entry at fault; if the dump lacks them, collect both "
            "commands on the HMC and the partition",
        )


def _missing_remedy(holder: Host, lpar: Host) -> str:
    if holder.is_hmc:
        return (f"the HMC learns a partition's key in the RMC handshake: {restart_rmc(lpar)}; if the entry stays "
                f"missing, {diagrmc(lpar.label)}")
    return (f"the partition gets the HMC's key and IP from the HMC through NVRAM (field guide); on the HMC, "
            f"{HMC_ROOT}: print its public key with /usr/sbin/rsct/bin/ctskeygen -d and compare it with "
            f"{lpar.label}'s entries (IBM S12); then {restart_rmc(lpar)}")


@rule("HOST_IDENTITY", "error", "identity", ("ctsthl", "ctsvhbal"),
      "each side's trusted host list holds one of the other side's identities, with its current key",
      source="field guide; IBM: trusted host list (S10, S12)", explained_by=("DOMAIN_ABSENT", "DUPLICATE_NODE_ID"))
def host_identity(f: Fleet) -> Iterator[Found]:
    for hmc, lpar, pair_ev in f.pairs():
        for holder, other in ((hmc, lpar), (lpar, hmc)):
            trusted, identities = holder.trusted(), other.identities()
            if trusted is None or identities is None:
                continue
            names = [i for i, _ in identities]
            matches = holder.trusted_as(*names)
            ev = [evidence(s) for s in holder.ran("ctsthl")] + [evidence(s) for s in other.ran("ctsvhbal")]
            if not matches:
                yield Found(
                    lpar.label,
                    f"the trusted host list of {holder.label} has no entry for any identity of {other.label} "
                    f"({', '.join(names) or 'none listed'}): RMC authentication fails",
                    tuple(ev + pair_ev[:1]), _missing_remedy(holder, lpar),
                )
                continue
            own_keys = {e.identifier_value.lower() for e, _ in other.trusted_as(*names)}
            if not own_keys:
                continue
            for entry, s in matches:
                if entry.identifier_value.lower() not in own_keys:
                    where = f"on the HMC {holder.label}, {HMC_ROOT}," if holder.is_hmc else on(holder) + ","
                    yield Found(
                        lpar.label,
                        f"{holder.label} trusts {entry.host_identity} with a different key than the one "
                        f"{other.label} holds for itself: a stale key (re-installed or cloned system)",
                        (evidence(s, entry.host_identity),
                         *[evidence(os_, e.host_identity) for e, os_ in other.trusted_as(entry.host_identity)][:1]),
                        f"{where} remove the stale entry with {cmd(holder, f'ctsthl -d -n {entry.host_identity}')}; "
                        f"then let RMC exchange keys again: {restart_rmc(lpar)}"
                        + (f"; {HMC_RMC}" if holder.is_hmc else ""),
                    )


def _copied_from(f: Fleet, copy: Host | None, original: Host | None, original_address: str) -> str | None:
    """Why the dump shows ``copy`` was made from ``original`` (its own lists name the original), or None."""
    if copy is None:
        return None
    original_names = {canonical(original_address)}
    if original is not None:
        original_names |= original.aliases
    own = {canonical(i) for i, _ in copy.identities() or []}
    own_keys = {e.identifier_value.lower() for e, _ in copy.trusted_as(*own)} if own else set()
    for entry, _ in copy.trusted() or []:
        if names_of(entry.host_identity) & original_names and not names_of(entry.host_identity) & own and \
                entry.identifier_value.lower() in own_keys:
            return (f"its trusted host list holds {entry.host_identity} (a name of the other partition) with its own "
                    "key, as a copied image would")
    for mcp, _ in copy.records(Mcp):
        if mcp.mn_name and names_of(mcp.mn_name) & original_names and not names_of(mcp.mn_name) & own:
            return f"its IBM.MCP resources still call it {mcp.mn_name}, the other partition's name"
    return None


@rule("DUPLICATE_NODE_ID", "error", "identity", ("rmcdomainstatus",),
      "two partitions with one RSCT node id (cloned images)",
      source="field guide; IBM: recfgct (S7), diagrmc (S8)")
def duplicate_node_id(f: Fleet) -> Iterator[Found]:
    groups: dict[str, list[tuple[DomainNode, Section, Host]]] = defaultdict(list)
    for hmc in f.hmcs():
        for node, s in hmc.records(DomainNode):
            if node.domain == "managed_nodes":
                groups[node.node_id.lower()].append((node, s, hmc))
    for lines in groups.values():
        by_address: dict[str, list[tuple[DomainNode, Section, Host]]] = defaultdict(list)
        for line in lines:
            by_address[canonical(line[0].address)].append(line)
        if len(by_address) < 2:
            continue
        members = [(f.subject(ls[0][0].address), f.find(ls[0][0].address), ls) for ls in by_address.values()]
        copies = {}
        for subject, host, _ in members:
            for other_subject, other, other_ls in members:
                if other_subject != subject:
                    reason = _copied_from(f, host, other, other_ls[0][0].address)
                    if reason:
                        copies[subject] = (other_subject, reason)
        if len(copies) != 1:
            copies = {}
        for subject, host, ls in members:
            others = [f"{o} ({ols[0][0].address})" for o, _, ols in members if o != subject]
            ev: tuple[Evidence, ...] = tuple(evidence_line(s, n.node_id, n.address) for n, s, _ in ls)
            text = (f"{subject} ({ls[0][0].address}) has the RSCT node id {ls[0][0].node_id} of {', '.join(others)} "
                    f"in {ls[0][2].label}'s Managed Nodes: RMC cannot tell the partitions apart (a cloned image keeps "
                    "its source's node id)")
            run = (f"{recfgct(host)} (it wipes the RSCT configuration and makes a new node id; IBM reserves it for "
                   "duplicate node ids, S7)")
            if copies:
                [(copy, (original, reason))] = copies.items()
                if copy == subject:
                    text += f"; the dump shows {subject} is the copy: {reason}"
                    remedy = f"on {subject} only (the copy), run {run}; never on {original}; {WAIT}"
                else:
                    text += f"; the dump shows {copy} is the copy: {reason}"
                    remedy = f"nothing to run on {subject} (the original): fix {copy}, the copy"
            else:
                numbers = sorted((n.node_number, o) for o, _, ols in members for n, _, _ in ols[:1])
                lower = ", ".join(f"{o}: {n}" for n, o in numbers[:-1])
                text += ("; the dump does not show which is the copy (rmcdomainstatus lines are not in creation "
                         f"order); hint: {numbers[-1][1]} has the highest node number ({numbers[-1][0]}; {lower}), "
                         "so the HMC likely added it last, as it would a copy")
                remedy = ("first find out which partition is the copy (its deployment record, or `ctsthl -l` on each: "
                          "a copy's list still holds the original's names with its own key; diagrmc on the HMC also "
                          f"reports duplicate node ids, S8); then, on the copy only, run {run}; never run it on both")
            yield Found(subject, text, ev, remedy)
