"""Rules on identity: the RMC handshake, trusted host lists (ctsthl -l) against identities (ctsvhbal), node ids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..._commands.lspartition import DlparPartition
from ..._commands.lsrsrc import Mcp
from ..._commands.rmcdomainstatus import DomainNode
from ..finding import Evidence, Section, evidence, evidence_line
from ..fleet import Fleet, Host
from ..identity import canonical, is_ip, names_of
from ..registry import Found, rule
from ..remedies import HMC_RMC, HMC_ROOT, WAIT, cmd, diagrmc, on_host, recfgct, restart_rmc
from .reach import _by_subject


@rule("RMC_PENDING_UP", "error", "identity", ("rmcdomainstatus",),
      "a node is pending up (i): connected, but the RMC handshake does not complete",
      source="IBM: rmcdomainstatus (S6; persistence: S5); field guide",
      explained_by=("HOST_IDENTITY", "MCP_KEYTOKEN", "DUPLICATE_NODE_ID", "RECYCLED_IP", "DOMAIN_RM_INACTIVE",
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
                    where = on_host(holder)
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


@rule("RECYCLED_IP", "error", "identity", ("rmcdomainstatus",),
      "one address with two or more node ids in an HMC's Managed Nodes: a recycled IP",
      source="IBM: diagrmc checks for recycled IPs and fixes them (S8)")
def recycled_ip(f: Fleet) -> Iterator[Found]:
    for hmc in f.hmcs():
        by_address: dict[str, list[tuple[DomainNode, Section]]] = defaultdict(list)
        for node, s in hmc.records(DomainNode):
            if node.domain == "managed_nodes":
                by_address[canonical(node.address)].append((node, s))
        for address, lines in by_address.items():
            ids = list(dict.fromkeys(n.node_id.lower() for n, _ in lines))
            if len(ids) < 2:
                continue
            subject = f.subject(lines[0][0].address)
            states = ", ".join(f"{n.node_id} ({n.state_code})" for n, _ in lines)
            yield Found(
                subject,
                f"{hmc.label}'s Managed Nodes list {address} under {len(ids)} node ids ({states}): the address was "
                f"recycled; it belongs to {subject} now and the other node id is a partition that had it before",
                tuple(evidence_line(s, n.node_id, n.address) for n, s in lines),
                diagrmc(subject, lines[0][0].address) + " (IBM S8)",
            )


def _kinds(names: list[str]) -> set[str]:
    return {"address" if is_ip(n) else "name" for n in names}


@rule("THL_NAME_AND_ADDRESS", "warning", "identity", ("ctsthl", "ctsvhbal"),
      "a trusted host list holds the peer's addresses but none of its names, or the reverse",
      source="IBM: at least one address and one host name of the remote host must be listed (S9, S12)",
      explained_by=("HOST_IDENTITY",))
def thl_name_and_address(f: Fleet) -> Iterator[Found]:
    for hmc, lpar, _ in f.pairs():
        for holder, other in ((hmc, lpar), (lpar, hmc)):
            identities = other.identities()
            if holder.trusted() is None or not identities:
                continue
            names = [i for i, _ in identities]
            listed = [e.host_identity for e, _ in holder.trusted_as(*names)]
            if not listed:
                continue  # HOST_IDENTITY reports a missing entry
            lacking = _kinds(names) - _kinds(listed)
            if not lacking:
                continue
            kind = lacking.pop()
            wanted = [n for n in names if _kinds([n]) == {kind}]
            key = holder.trusted_as(*listed)[0][0].identifier_value
            where = on_host(holder)
            yield Found(
                lpar.label,
                f"the trusted host list of {holder.label} holds {other.label} as {', '.join(listed)} but under no "
                f"{kind} of it ({', '.join(wanted)}): IBM wants at least one address and one host name listed",
                (*[evidence(s) for s in holder.ran("ctsthl")], *[evidence(s) for s in other.ran("ctsvhbal")]),
                f"{where} add the {kind} with {other.label}'s key: "
                f"{cmd(holder, f'ctsthl -a -n {wanted[0]} -m rsa1024 -p {key[:12]}...')} (the whole key of the "
                f"existing entry; IBM S12)",
            )


@rule("THL_SELF", "warning", "identity", ("ctsthl", "ctsvhbal"),
      "a host's own identities carry its own key in its own trusted host list",
      source="IBM: ctsvhbac verifies this (S11)")
def thl_self(f: Fleet) -> Iterator[Found]:
    for host in f.hosts.values():
        identities = host.identities()
        if host.trusted() is None or not identities or not (host.is_hmc or host.is_lpar):
            continue
        names = [i for i, _ in identities]
        entries = [(i, host.trusted_as(i)) for i in names]
        keys = {e.identifier_value.lower() for _, held in entries for e, _ in held}
        missing = [i for i, held in entries if not held]
        if not keys or (not missing and len(keys) == 1):
            continue  # an empty list says nothing about the keys; one key for every identity is right
        problems = []
        if missing:
            problems.append(f"no entry for {', '.join(missing)}")
        if len(keys) > 1:
            problems.append(f"{len(keys)} different keys for them")
        where = on_host(host)
        yield Found(
            host.label,
            f"{host.label}'s own identities are {', '.join(names)}, and its trusted host list has "
            f"{' and '.join(problems)}: peers that reach it under those identities cannot authenticate it",
            (*[evidence(s) for s in host.ran("ctsthl")], *[evidence(s) for s in host.ran("ctsvhbal")]),
            f"{where} run {cmd(host, 'ctsvhbac')} (IBM S11) and correct the local entries so that each carries the "
            f"local public key (printed by {cmd(host, 'ctskeygen -d')}), with ctsthl -a -n IDENTITY -m rsa1024 -p KEY",
        )


MAX_IDENTITY = 100  # bytes: IBM's limit for a fully qualified name (S16)


@rule("NAMING", "warning", "identity", (),
      "two partitions with one short name under an HMC, or an identity over 100 bytes",
      source="IBM: unique, fully qualified names of at most 100 bytes, preferably from DNS (S16)")
def naming(f: Fleet) -> Iterator[Found]:
    reported: set[tuple[str, str]] = set()
    for hmc in f.hmcs():
        by_short: dict[str, list[tuple[DlparPartition, Section]]] = defaultdict(list)
        for part, s in hmc.records(DlparPartition):
            if part.hostname and not is_ip(part.hostname):
                by_short[canonical(part.hostname).split(".", 1)[0]].append((part, s))
        for short, parts in by_short.items():
            names = list(dict.fromkeys(canonical(p.hostname or "") for p, _ in parts))
            if len(names) < 2:
                continue
            for part, _ in parts:
                subject = f.subject(part.ip_address, part.hostname)
                if (subject, short) in reported:
                    continue
                reported.add((subject, short))
                yield Found(
                    subject,
                    f"{hmc.label} manages partitions with one short name {short} ({', '.join(names)}): RSCT cannot "
                    "resolve such names reliably",
                    tuple(evidence(x, f"<#{p.index}>") for p, x in parts),
                    "give each partition a unique fully qualified name served by DNS (IBM S16)",
                )
    for host in f.hosts.values():
        long = [(i, s) for i, s in host.identities() or [] if len(i.encode("utf-8", "surrogateescape")) > MAX_IDENTITY]
        long += [(m.mn_name, s) for m, s in host.records(Mcp)
                 if m.mn_name and len(m.mn_name.encode("utf-8", "surrogateescape")) > MAX_IDENTITY]
        for identity, s in dict.fromkeys(long):
            yield Found(
                host.label,
                f"{host.label} is known as {identity}, {len(identity.encode('utf-8', 'surrogateescape'))} bytes: "
                f"over the {MAX_IDENTITY} bytes RSCT handles",
                (evidence(s, identity),),
                f"shorten the name to at most {MAX_IDENTITY} bytes, fully qualified and unique, served by DNS "
                "(IBM S16)",
            )
