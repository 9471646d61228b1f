"""What an HMC shows for a partition, joined across its commands: lssyscfg -r lpar with lspartition -dlpar."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..._commands.lspartition import DlparPartition
from ..._commands.lssyscfg import Lpar
from ..finding import Section
from ..fleet import Host
from ..identity import canonical, names_of


def uses_rmc(lp: Lpar) -> bool:
    """Whether the partition's OS talks RMC to the HMC: IBM i (``lpar_env=os400``) does not, so its
    ``rmc_state`` says nothing about a fault."""
    return (lp.lpar_env or "").lower() != "os400"


def join_lssyscfg(hmc: Host) -> Iterator[tuple[Lpar, Section, DlparPartition, Section]]:
    """Each lssyscfg partition of an HMC with its lspartition -dlpar entry (by id, narrowed by name or IP)."""
    by_id: dict[int, list[tuple[DlparPartition, Section]]] = defaultdict(list)
    by_key: dict[tuple[int, str, str], list[tuple[DlparPartition, Section]]] = defaultdict(list)
    for p, ps in hmc.records(DlparPartition):
        by_id[p.lpar_id].append((p, ps))
        for kind, value in (("ip", canonical(p.ip_address or "")), *(("name", n) for n in names_of(p.hostname or ""))):
            by_key[p.lpar_id, kind, value].append((p, ps))
    for lp, s in hmc.records(Lpar, "lssyscfg"):
        candidates = by_id.get(lp.lpar_id or -1, [])
        if len(candidates) > 1:  # ids repeat across managed systems: narrow by name or address
            keys = [("ip", canonical(lp.rmc_ipaddr))] if lp.rmc_ipaddr else []
            keys += [("name", n) for n in names_of(lp.name or "")]
            candidates = list({id(c[0]): c for kind, value in keys
                               for c in by_key.get((lp.lpar_id or -1, kind, value), [])}.values())
        if len(candidates) == 1:
            yield lp, s, candidates[0][0], candidates[0][1]
