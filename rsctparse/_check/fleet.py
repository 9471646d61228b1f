"""The fleet model: a dump's sections grouped into hosts (HMCs and partitions) joined by their aliases."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import attrs

from .._commands.ctsthl import TrustedHost
from .._commands.ctsvhbal import HostIdentities
from .._commands.lspartition import DlparPartition
from .._commands.lsrsrc import Mcp
from .._commands.lssyscfg import Lpar
from .._commands.rmcdomainstatus import DomainNode
from .._records import Record
from .._stream import Section
from .finding import Evidence, evidence
from .identity import canonical, names_of

R = TypeVar("R", bound=Record)


@attrs.define(eq=False)
class Host:
    """What the dump says about one host (by transcript host name)."""

    name: str
    order: int = 0  # position in the dump (the first host named by an alias wins)
    sections: list[Section] = attrs.field(factory=list)
    aliases: set[str] = attrs.field(factory=set)
    is_hmc: bool = False  # set once the sections are in (see ``fleet``)
    _trusted_by_identity: dict[str, list[tuple[int, TrustedHost, Section]]] | None = None
    _records: dict[tuple[type, str | None], list[Any]] = attrs.field(factory=dict)

    def records(self, cls: type[R], command: str | None = None) -> list[tuple[R, Section]]:
        """Records of a type (from sections of ``command``), each with its section (computed once)."""
        found: list[tuple[R, Section]] | None = self._records.get((cls, command))
        if found is None:
            found = self._records[cls, command] = [
                (r, s)
                for s in self.sections
                if command is None or s.command == command
                for r in s.records
                if isinstance(r, cls)
            ]
        return found

    def ran(self, command: str) -> list[Section]:
        """Its sections of ``command`` that parsed."""
        return [s for s in self.sections if s.command == command and s.error is None]

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

    def trusted_as(self, *identities: str) -> list[tuple[TrustedHost, Section]]:
        """The ctsthl -l entries whose host identity is one of ``identities`` (RSCT's matching), in list order."""
        if self._trusted_by_identity is None:
            self._trusted_by_identity = {}
            for position, (entry, s) in enumerate(self.trusted() or []):
                self._trusted_by_identity.setdefault(canonical(entry.host_identity), []).append((position, entry, s))
        found = {p: (e, s) for i in identities for p, e, s in self._trusted_by_identity.get(canonical(i), [])}
        return [found[p] for p in sorted(found)]


def _hmc_like(host: Host) -> bool:
    """An HMC ran lspartition or lssyscfg, or lists Managed Nodes."""
    return bool(host.ran("lspartition") or host.ran("lssyscfg")) or any(
        r.domain == "managed_nodes" for r, _ in host.records(DomainNode)
    )


@attrs.define
class AliasIndex:
    """Hosts by alias (canonical names and short names): each lookup is a few dict probes, not a scan.

    ``probes`` counts the dict probes made, so tests can check that lookups stay linear in the dump.
    """

    by_alias: dict[str, Host] = attrs.field(factory=dict)
    probes: int = 0

    def add(self, host: Host, names: set[str]) -> None:
        """``host`` is also known by ``names`` (an alias keeps the host that comes first in the dump)."""
        host.aliases |= names
        for name in names:
            held = self.by_alias.get(name)
            if held is None or host.order < held.order:
                self.by_alias[name] = host

    def find(self, *aliases: str | None) -> Host | None:
        """The first host known by one of ``aliases`` (tried in order; among hosts, the first in the dump)."""
        for alias in aliases:
            if not alias:
                continue
            best: Host | None = None
            for name in names_of(alias):
                self.probes += 1
                host = self.by_alias.get(name)
                if host is not None and (best is None or host.order < best.order):
                    best = host
            if best is not None:
                return best
        return None


@attrs.define
class Fleet:
    """Hosts of a dump joined by their aliases."""

    hosts: dict[str, Host]
    files: set[str | None]
    index: AliasIndex = attrs.field(factory=AliasIndex)
    _hmcs: list[Host] = attrs.field(factory=list)
    _lpars: list[Host] = attrs.field(factory=list)
    _hmc_index: AliasIndex = attrs.field(factory=AliasIndex)
    _pairs: list[tuple[Host, Host, list[Evidence]]] | None = None
    _pairs_of: dict[int, list[tuple[Host, list[Evidence]]]] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        self._hmcs = [h for h in self.hosts.values() if h.is_hmc]
        self._lpars = [h for h in self.hosts.values() if h.is_lpar]
        for hmc in self._hmcs:
            self._hmc_index.add(hmc, set(hmc.aliases))

    def find(self, alias: str | None) -> Host | None:
        """The host known by ``alias`` (host name, short name, IP), or None."""
        return self.index.find(alias)

    def find_hmc(self, names: Iterable[str]) -> Host | None:
        """The first HMC (in dump order) known by one of the canonical ``names``."""
        found = [h for h in (self._hmc_index.by_alias.get(n) for n in names) if h is not None]
        self.index.probes += len(found)
        return min(found, key=lambda h: h.order) if found else None

    def hmcs_named(self, names: Iterable[str]) -> list[Host]:
        """The HMCs known by one of the canonical ``names``."""
        found = {h.order: h for h in (self._hmc_index.by_alias.get(n) for n in names) if h is not None}
        return list(found.values())

    def hmcs(self) -> list[Host]:
        return self._hmcs

    def lpars(self) -> list[Host]:
        return self._lpars

    def pairs(self) -> list[tuple[Host, Host, list[Evidence]]]:
        """(HMC, LPAR, evidence) for every pair the dump shows as managed (computed once)."""
        if self._pairs is None:
            self._pairs = list(managed_pairs(self))
            for hmc, lpar, ev in self._pairs:
                self._pairs_of.setdefault(lpar.order, []).append((hmc, ev))
        return self._pairs

    def managers(self, lpar: Host) -> list[tuple[Host, list[Evidence]]]:
        """The HMCs of the managed pairs of ``lpar``, each with the pair's evidence."""
        self.pairs()
        return self._pairs_of.get(lpar.order, [])


def fleet(sections: Iterable[Section]) -> Fleet:
    """Group sections by host and collect each host's aliases."""
    hosts: dict[str, Host] = {}
    files: set[str | None] = set()
    for section in sections:
        files.add(section.file)
        if section.host is None:
            continue
        key = canonical(section.host)
        host = hosts.get(key)
        if host is None:
            host = hosts[key] = Host(section.host, len(hosts))
        host.sections.append(section)
    index = AliasIndex()
    for host in hosts.values():
        host.is_hmc = _hmc_like(host)
        index.add(host, names_of(host.name))
        for identity, _ in host.identities() or []:
            index.add(host, names_of(identity))
        for mcp, _ in host.records(Mcp):
            for value in (mcp.mn_name, *(mcp.connectivity_names or ())):
                if value:
                    index.add(host, names_of(value))
    # what the HMCs say about the partitions they manage names those partitions too
    for hmc in [h for h in hosts.values() if h.is_hmc]:
        for part, _ in hmc.records(DlparPartition):
            lpar = index.find(part.hostname, part.ip_address)
            if lpar is not None and lpar is not hmc:
                index.add(lpar, names_of(part.ip_address or "") | names_of(part.hostname or ""))
        for lp, _ in hmc.records(Lpar):
            lpar = index.find(lp.name, lp.rmc_ipaddr)
            if lpar is not None and lpar is not hmc and lp.rmc_ipaddr:
                index.add(lpar, names_of(lp.rmc_ipaddr))
    return Fleet(hosts, files, index)


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
