"""The fleet model: a dump's sections grouped into hosts (HMCs and partitions) joined by their aliases."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

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
