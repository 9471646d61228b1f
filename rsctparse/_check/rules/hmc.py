"""Rules on the HMC's views of its partitions: lspartition -dlpar and lssyscfg -r lpar."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..._commands.lspartition import DlparPartition
from ..._commands.lssyscfg import Lpar
from ..._stream import Section
from ..finding import evidence
from ..fleet import Fleet, Host
from ..identity import canonical, names_of
from ..registry import Found, rule
from ..remedies import RMCCTRL


@rule("LSPARTITION_DLPAR", "error", ("lspartition",), "lspartition -dlpar: Active:<0>, DCaps:<0x0>")
def lspartition_dlpar(f: Fleet) -> Iterator[Found]:
    for hmc in f.hmcs():
        for part, s in hmc.records(DlparPartition):
            lpar = f.find(part.hostname) or f.find(part.ip_address)
            subject = lpar.name if lpar else (part.hostname or part.ip_address or f"lpar {part.lpar_id}")
            needle = f"<#{part.index}>"
            if part.active == 0:
                yield Found(
                    subject,
                    f"{hmc.name} has no RMC connection to partition {part.lpar_id} ({part.ip_address}): Active:<0>, "
                    "DLPAR is not possible",
                    (evidence(s, needle),),
                    "check the partition's IP and network to the HMC (port 657 both ways) and its RMC daemons: "
                    + RMCCTRL,
                )
            elif part.dcaps == 0:
                yield Found(
                    subject,
                    f"partition {part.lpar_id} ({part.ip_address}) reports no DLPAR capability to {hmc.name}: "
                    "DCaps:<0x0>",
                    (evidence(s, needle),),
                    "IBM.DRM must be active on the partition (lssrc -a | grep rsct): " + RMCCTRL,
                )


@rule("LSPARTITION_IP", "warning", ("lspartition", "ctsvhbal"),
      "the IP in lspartition -dlpar is one of the partition's own identities (ctsvhbal)")
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
                    lpar.name,
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


@rule("LSSYSCFG_RMC_STATE", "error", ("lssyscfg",), "a Running partition whose rmc_state is not active")
def lssyscfg_rmc_state(f: Fleet) -> Iterator[Found]:
    for hmc in f.hmcs():
        for lp, s in hmc.records(Lpar):
            if lp.state == "Running" and lp.rmc_state is not None and lp.rmc_state != "active":
                lpar = f.find(lp.name) or f.find(lp.rmc_ipaddr)
                yield Found(
                    lpar.name if lpar else (lp.name or str(lp.lpar_id)),
                    f"{hmc.name}: partition {lp.name} is Running but its rmc_state is {lp.rmc_state!r}",
                    (evidence(s, lp.name or ""),),
                    "check the RMC connection from both sides (rmcdomainstatus -s ctrmc, lspartition -dlpar); "
                    + RMCCTRL,
                )


@rule("LSSYSCFG_LSPARTITION", "warning", ("lssyscfg", "lspartition"), "lssyscfg and lspartition -dlpar agree")
def lssyscfg_lspartition(f: Fleet) -> Iterator[Found]:
    for hmc in f.hmcs():
        for lp, s, part, ps in _join_lssyscfg(hmc):
            name = lp.name or str(lp.lpar_id)
            lpar = f.find(lp.name) or f.find(part.hostname)
            subject = lpar.name if lpar else name
            ev = (evidence(s, lp.name or ""), evidence(ps, f"<#{part.index}>"))
            if lp.rmc_state in ("active", "inactive", "none") and part.active is not None and (
                    (lp.rmc_state == "active") != (part.active > 0)):
                yield Found(
                    subject,
                    f"{hmc.name}: lssyscfg says rmc_state={lp.rmc_state} for {name} but lspartition -dlpar says "
                    f"Active:<{part.active}>",
                    ev,
                    "the HMC's views disagree while the connection changes state; check again in a few minutes, "
                    "then rmcdomainstatus -s ctrmc on both sides",
                )
            if lp.rmc_ipaddr and part.ip_address and canonical(lp.rmc_ipaddr) != canonical(part.ip_address):
                yield Found(
                    subject,
                    f"{hmc.name}: lssyscfg rmc_ipaddr={lp.rmc_ipaddr} for {name} but lspartition -dlpar shows "
                    f"{part.ip_address}",
                    ev,
                    "the partition must present one correct IP to the HMC: check its interfaces, then " + RMCCTRL,
                )
