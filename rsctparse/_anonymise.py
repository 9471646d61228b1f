"""Anonymising a dump before sharing it: host names, IPs, serials, keys and node ids replaced consistently."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Iterable, Iterator

from ._commands.ctsthl import TrustedHost
from ._commands.ctsvhbal import HostIdentities
from ._commands.lspartition import DlparPartition, PartitionAddress
from ._commands.lsrsrc import Resource
from ._commands.lssyscfg import HmcRecord
from ._commands.rmcdomainstatus import DomainNode
from ._sections import Section

_IPV4 = re.compile(r"(?<![\w.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![\w.]*[\w])")
_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_HEX_KEY = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{32,}(?![0-9A-Za-z])")
_NODE_ID = re.compile(r"0x[0-9A-Fa-f]{16}(?![0-9A-Za-z])")
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _digest(text: str, length: int, alphabet: str = "0123456789abcdef") -> str:
    out = ""
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(f"{counter}:{text}".encode()).hexdigest()
        counter += 1
    if alphabet != "0123456789abcdef":
        out = "".join(alphabet[int(c, 16) % len(alphabet)] for c in out)
    return out[:length]


class Anonymiser:
    """Consistent replacements: the same original always becomes the same stand-in."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self.domains: dict[str, str] = {}
        self.ips: dict[str, str] = {}
        self.serials: dict[str, str] = {}
        self.names: set[str] = set()

    # --- learning what is sensitive -------------------------------------------------------------
    def learn_name(self, name: str | None) -> None:
        if not name or _ip(name) is not None or not _LABEL.match(name) or name.lower() in ("none", "null"):
            return
        self.names.add(name)

    def learn_serial(self, serial: str | None) -> None:
        if serial and len(serial) >= 5:
            self.serials.setdefault(serial, "S" + _digest(serial, len(serial) - 1, "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"))

    def learn(self, section: Section) -> None:
        self.learn_name(section.host)
        self.learn_name(section.managed_system)
        for r in section.records:
            if isinstance(r, HostIdentities):
                for identity in r.identities:
                    self.learn_name(identity)
            elif isinstance(r, TrustedHost):
                self.learn_name(r.host_identity)
            elif isinstance(r, (DlparPartition, PartitionAddress)):
                self.learn_name(r.hostname)
                if isinstance(r, DlparPartition):
                    self.learn_serial(r.serial_number)
            elif isinstance(r, DomainNode):
                self.learn_name(r.address)
            elif isinstance(r, HmcRecord):
                for key in ("name", "lpar_name"):
                    value = r.get(key)
                    if isinstance(value, str):
                        self.learn_name(value)
                for key in ("serial_num", "logical_serial_num"):
                    value = r.get(key)
                    if isinstance(value, str):
                        self.learn_serial(value)
            elif isinstance(r, Resource):
                for key in ("MNName", "KeyToken", "Hostname", "LocalHostname", "Name"):
                    value = r.get(key)
                    if isinstance(value, str):
                        self.learn_name(value)
                for key in ("NodeNameList",):
                    value = r.get(key)
                    if isinstance(value, tuple):
                        for v in value:
                            self.learn_name(str(v))

    # --- replacing ------------------------------------------------------------------------------
    def _label(self, label: str) -> str:
        key = label.lower()
        if key not in self.labels:
            self.labels[key] = f"host{len(self.labels) + 1}"
        return self.labels[key]

    def _domain(self, domain: str) -> str:
        key = domain.lower()
        if key not in self.domains:
            self.domains[key] = f"site{len(self.domains) + 1}.example"
        return self.domains[key]

    def name(self, name: str) -> str:
        label, dot, domain = name.partition(".")
        return self._label(label) + (dot + self._domain(domain) if dot else "")

    def ip(self, text: str) -> str:
        addr = _ip(text)
        if addr is None:
            return text
        key = str(addr)
        if key not in self.ips:
            n = len(self.ips) + 1
            self.ips[key] = (f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}" if addr.version == 4
                             else f"2001:db8::{n:x}")
        return self.ips[key]

    def text(self, text: str) -> str:
        """Replace every sensitive token of ``text``."""
        text = _NODE_ID.sub(lambda m: "0x" + _digest(m.group().lower(), 16), text)
        text = _HEX_KEY.sub(lambda m: _digest(m.group().lower(), len(m.group())), text)
        text = _IPV4.sub(lambda m: self.ip(m.group()), text)
        text = _IPV6.sub(lambda m: self.ip(m.group()) if _ip(m.group()) else m.group(), text)
        if self.serials:
            pattern = "|".join(re.escape(s) for s in sorted(self.serials, key=len, reverse=True))
            text = re.sub(rf"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])", lambda m: self.serials[m.group()], text)
        if self.names:
            labels = {n.partition(".")[0] for n in self.names}
            full = sorted(self.names | labels, key=len, reverse=True)
            pattern = "|".join(re.escape(n) for n in full)
            text = re.sub(rf"(?<![\w.-])(?:{pattern})(?:\.[A-Za-z0-9-]+)*(?![\w-])",
                          lambda m: self.name(m.group()), text, flags=re.IGNORECASE)
        return text


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    parts = text.split(".")
    if len(parts) == 4 and all(p.isdigit() for p in parts):
        if any(int(p) > 255 for p in parts):
            return None
        text = ".".join(str(int(p)) for p in parts)
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def anonymise(sections: Iterable[Section], learn_from: Iterable[Section] | None = None) -> Iterator[str]:
    """The texts of ``sections`` with host names, IPs, serials, keys and node ids replaced consistently.

    ``learn_from`` (default: ``sections``, which are then held in memory) tells which names are host names.
    """
    anon = Anonymiser()
    if learn_from is None:
        sections = list(sections)
        learn_from = sections
    for section in learn_from:
        anon.learn(section)
    for section in sections:
        yield anon.text(section.text)
