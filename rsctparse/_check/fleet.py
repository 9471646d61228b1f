"""The fleet model: a dump's sections grouped into hosts (HMCs and partitions) joined by their aliases."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from typing import Any, Literal, TypeVar

import attrs

from .._commands.ctsthl import TrustedHost
from .._commands.ctsvhbal import HostIdentities
from .._commands.lspartition import DlparPartition
from .._commands.lsrsrc import Mcp
from .._commands.lssyscfg import Lpar
from .._commands.rmcdomainstatus import DomainNode
from .._records import Record
from .finding import Evidence, Section, evidence, evidence_line
from .identity import canonical, names_of

R = TypeVar("R", bound=Record)
OS = Literal["aix", "vios", "linux"]


@attrs.define(eq=False)
class Host:
    """What the dump says about one host (by transcript host name)."""

    name: str
    order: int = 0  # position in the dump (the first host named by an alias wins)
    sections: list[Section] = attrs.field(factory=list)
    aliases: set[str] = attrs.field(factory=set)
    is_hmc: bool = False  # set once the sections are in (see ``fleet``)
    label: str = ""  # the name findings use: the partition's name as its HMC shows it, else ``name``
    os: OS | None = None  # aix, vios or linux, when the dump tells
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


# How much an alias says about its host: its own names (prompt, ctsvhbal) first, then what its HMCs show,
# then what its IBM.MCP resources hold (a cloned image's MNName can still be its original's address).
OWN, HMC_VIEW, MCP_VIEW = 0, 1, 2


@attrs.define
class AliasIndex:
    """Hosts by alias (canonical names and short names): each lookup is a few dict probes, not a scan.

    An alias names the host that holds it most reliably (``OWN`` before ``HMC_VIEW`` before ``MCP_VIEW``), then
    the first in the dump. ``probes`` counts the dict probes made, so tests can check lookups stay linear.
    """

    by_alias: dict[str, tuple[int, int, Host]] = attrs.field(factory=dict)
    probes: int = 0

    def add(self, host: Host, names: AbstractSet[str], source: int = OWN) -> None:
        """``host`` is also known by ``names``."""
        host.aliases |= names
        for name in names:
            held = self.by_alias.get(name)
            if held is None or (source, host.order) < held[:2]:
                self.by_alias[name] = (source, host.order, host)

    def get(self, name: str) -> Host | None:
        """The host of one canonical name."""
        self.probes += 1
        held = self.by_alias.get(name)
        return held[2] if held is not None else None

    def find(self, *aliases: str | None) -> Host | None:
        """The host known by one of ``aliases``, tried in order: the whole name first, then its short form."""
        for alias in aliases:
            if not alias:
                continue
            names = names_of(alias)
            whole = canonical(alias)
            host = self.get(whole)
            if host is not None:
                return host
            for name in names - {whole}:
                host = self.get(name)
                if host is not None:
                    return host
        return None


@attrs.define
class Fleet:
    """Hosts of a dump joined by their aliases."""

    hosts: dict[str, Host]
    files: set[str | None]
    index: AliasIndex = attrs.field(factory=AliasIndex)
    lpar_names: dict[str, str] = attrs.field(factory=dict)  # canonical rmc_ipaddr -> lssyscfg name
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

    def subject(self, *aliases: str | None) -> str:
        """The name findings use for the partition known by one of ``aliases``: the HMC's partition name.

        A host of the dump gives its label; else an HMC's ``lssyscfg`` name for that address; else the first
        alias given.
        """
        host = self.index.find(*aliases)
        if host is not None:
            return host.label
        for alias in aliases:
            for name in names_of(alias or ""):
                self.index.probes += 1
                if name in self.lpar_names:
                    return self.lpar_names[name]
        return next((a for a in aliases if a), "?")

    def find_hmc(self, names: Iterable[str]) -> Host | None:
        """The first HMC (in dump order) known by one of the canonical ``names``."""
        found = [h for h in (self._hmc_index.get(n) for n in names) if h is not None]
        return min(found, key=lambda h: h.order) if found else None

    def hmcs_named(self, names: Iterable[str]) -> list[Host]:
        """The HMCs known by one of the canonical ``names``."""
        found = {h.order: h for h in (self._hmc_index.get(n) for n in names) if h is not None}
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
                    index.add(host, names_of(value), MCP_VIEW)
    # what the HMCs say about the partitions they manage names those partitions too
    lpar_names: dict[str, str] = {}
    for hmc in [h for h in hosts.values() if h.is_hmc]:
        for part, _ in hmc.records(DlparPartition):
            lpar = index.find(part.ip_address, part.hostname)
            if lpar is not None and lpar is not hmc:
                index.add(lpar, names_of(part.ip_address or "") | names_of(part.hostname or ""), HMC_VIEW)
                lpar.os = lpar.os or _os_named(part.os_type)
        for lp, _ in hmc.records(Lpar, "lssyscfg"):
            if lp.name and lp.rmc_ipaddr:
                lpar_names.setdefault(canonical(lp.rmc_ipaddr), lp.name)
            lpar = index.find(lp.name, lp.rmc_ipaddr)
            if lpar is None or lpar is hmc:
                continue
            if lp.rmc_ipaddr:
                index.add(lpar, names_of(lp.rmc_ipaddr), HMC_VIEW)
            if lp.name and not lpar.label:
                lpar.label = lp.name
            lpar.os = ("vios" if lp.lpar_env == "vioserver" else _os_named(lp.os_version)) or lpar.os
    for host in hosts.values():
        host.label = host.label or host.name
        host.os = host.os or _os_from_prompts(host)
    return Fleet(hosts, files, index, lpar_names)


def _os_named(text: str | None) -> OS | None:
    """The OS an HMC field names (``AIX 7.2 ...``, ``VIOS 3.1...``, ``Linux/Red Hat``), or None."""
    word = (text or "").strip().lower()
    if word.startswith("vios"):
        return "vios"
    if word.startswith("aix"):
        return "aix"
    if word.startswith("linux") or "linux" in word.split("/", 1)[0]:
        return "linux"
    return None


def _os_from_prompts(host: Host) -> OS | None:
    """The OS the host's own command lines show: padmin/oem_setup_env (VIOS), /opt/rsct (Linux), /usr/sbin/rsct."""
    paths: set[OS] = set()
    for s in host.sections:
        first = s.text.split("\n", 1)[0]
        if "padmin" in first or "oem_setup_env" in first or "ioscli" in first:
            return "vios"
        if "/opt/rsct/" in (s.argv or ""):
            paths.add("linux")
        elif "/usr/sbin/rsct/" in (s.argv or ""):
            paths.add("aix")
    return next(iter(paths)) if len(paths) == 1 else None


def managed_pairs(f: Fleet) -> Iterator[tuple[Host, Host, list[Evidence]]]:
    """(HMC, LPAR, evidence) for every pair the dump shows as managed, from either side."""
    seen: dict[tuple[str, str], list[Evidence]] = {}
    for hmc in f.hmcs():
        for part, s in hmc.records(DlparPartition):
            lpar = f.index.find(part.ip_address, part.hostname)
            if lpar is not None and lpar is not hmc:
                seen.setdefault((hmc.name, lpar.name), []).append(evidence(s, f"<#{part.index}>"))
        for node, s in hmc.records(DomainNode):
            if node.domain == "managed_nodes":
                lpar = f.find(node.address)
                if lpar is not None and lpar is not hmc:
                    seen.setdefault((hmc.name, lpar.name), []).append(evidence_line(s, node.node_id, node.address))
    for lpar in f.lpars():
        for node, s in lpar.records(DomainNode):
            if node.domain == "management_control_points":
                mcp_host = f.find(node.address)
                if mcp_host is not None and mcp_host.is_hmc:
                    seen.setdefault((mcp_host.name, lpar.name), []).append(
                        evidence_line(s, node.node_id, node.address))
    for (hmc_name, lpar_name), ev in seen.items():  # evidence from the HMC's side comes first
        yield f.hosts[canonical(hmc_name)], f.hosts[canonical(lpar_name)], ev
