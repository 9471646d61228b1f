"""Stand-ins for the anonymiser: salted, same-length, never shared replacements of names, serials, hex,
node ids and IP addresses (in the notation printed)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from ._values import ip_address

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
_SERIAL = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
_HEX = re.compile(r"[0-9A-Fa-f]+")
SYSTEM_USERS = frozenset({"root", "hscroot", "hscpe", "padmin"})  # accounts every HMC/AIX has: kept


class StandIns:
    """Stand-ins for one salt: the same original always gets the same one, and no two originals share one."""

    def __init__(self, salt: str) -> None:
        self.salt = salt
        self._out: dict[tuple[str, str], str] = {}  # (kind, original) -> stand-in
        self._taken: dict[tuple[str, str], str] = {}  # (kind, stand-in) -> original: no two share one

    def _digest(self, kind: str, value: str, n: int, attempt: int = 0) -> bytes:
        import hashlib  # here, not at the top: importing rsctparse stays quick

        data = f"{self.salt}\0{kind}\0{attempt}\0{value}".encode("utf-8", "surrogateescape")
        return hashlib.shake_256(data).digest(n)

    def _unique(self, kind: str, value: str, make: Callable[[int], str]) -> str:
        """The stand-in of ``value``: ``make(attempt)`` until one not given to another value (memoised)."""
        key = (kind, value)
        out = self._out.get(key)
        if out is None:
            for attempt in range(1000):
                out = make(attempt)
                owner = self._taken.setdefault((kind, out.lower()), value)
                if owner == value:
                    break
            assert out is not None
            self._out[key] = out
        return out

    def label(self, label: str) -> str:
        """A same-length stand-in for one label of a name (case pattern kept)."""
        n = len(label)
        key = f"{n}:{label.lower()}"  # (lower() may change the length of some letters: 'İ')

        def make(attempt: int) -> str:
            raw = self._digest("label", key, n, attempt)
            return "".join(_ALNUM[b % (26 if i == 0 else 36)] for i, b in enumerate(raw))

        out = self._unique("label", key, make)
        return "".join(o.upper() if c.isupper() else o for c, o in zip(label, out, strict=True))

    def name(self, name: str) -> str:
        return ".".join(self.label(part) if part else part for part in name.split("."))

    def user(self, user: str) -> str:
        if user.lower() in SYSTEM_USERS:
            return user
        return self.label(user) if "." not in user else self.name(user)

    def serial(self, serial: str) -> str:
        n = len(serial)
        key = f"{n}:{serial.lower()}"

        def make(attempt: int) -> str:
            return "".join(_SERIAL[b % len(_SERIAL)] for b in self._digest("serial", key, n, attempt))

        out = self._unique("serial", key, make)
        return "".join(o.lower() if c.islower() else o for c, o in zip(serial, out, strict=True))

    def hex_digits(self, token: str) -> str:
        """The hex digits of ``token`` replaced (others kept): MACs, UUIDs and keys in any notation alike."""
        digits = "".join(_HEX.findall(token)).lower()
        n = len(digits)
        out = self._unique("hex", digits, lambda a: self._digest("hex", digits, (n + 1) // 2, a).hex()[:n])
        upper = any(c.isupper() for c in token)
        it = iter(out.upper() if upper else out)
        return "".join(next(it) if c in "0123456789abcdefABCDEF" else c for c in token)

    def node_id(self, value: int, digits: int) -> int:
        """A node id of as many decimal digits (0 stays 0), below 2**64 when ``value`` is."""
        lo = 10 ** (digits - 1) if digits > 1 else 1
        hi = min(10**digits, 2**64) if value < 2**64 else 10**digits

        def make(attempt: int) -> str:
            if value == 0:
                return "0"
            raw = int.from_bytes(self._digest("node", str(value), 12, attempt), "big")
            return str(lo + raw % (hi - lo))

        return int(self._unique("node", str(value), make))

    def _octets(self, addr: ipaddress.IPv4Address) -> list[int]:
        if addr.is_loopback or addr.is_unspecified or _netmask(addr):
            return list(addr.packed)

        def make(attempt: int) -> str:
            raw = self._digest("ipv4", str(addr), 4, attempt)
            out = [_same_digits(o, b, 10, 255) for o, b in zip(addr.packed, raw, strict=True)]
            return ".".join(map(str, out))

        return [int(o) for o in self._unique("ipv4", str(addr), make).split(".")]

    def _groups(self, addr: ipaddress.IPv6Address) -> list[int]:
        groups = [int(g, 16) for g in addr.exploded.split(":")]
        if addr.is_loopback or addr.is_unspecified:
            return groups
        if addr.ipv4_mapped is not None:  # ::ffff:a.b.c.d: the IPv4 address's stand-in
            a, b, c, d = self._octets(addr.ipv4_mapped)
            return [*groups[:6], a << 8 | b, c << 8 | d]
        keep = 1 if addr.is_link_local or addr.is_multicast else 0

        def make(attempt: int) -> str:
            raw = self._digest("ipv6", str(addr), 16, attempt)
            out = groups[:keep] + [_same_digits(g, int.from_bytes(raw[2 * i:2 * i + 2], "big"), 16, 0xFFFF)
                                   for i, g in enumerate(groups) if i >= keep]
            return ":".join(f"{g:x}" for g in out)

        return [int(g, 16) for g in self._unique("ipv6", str(addr), make).split(":")]

    def ipv4(self, token: str) -> str | None:
        """``token`` (dotted IPv4, leading zeros kept) with the address replaced, or None if not one."""
        addr = ip_address(token)
        if not isinstance(addr, ipaddress.IPv4Address) or token.count(".") != 3:
            return None
        parts = token.split(".")
        return ".".join(str(o).zfill(len(p)) for o, p in zip(self._octets(addr), parts, strict=True))

    def ipv6(self, token: str) -> str | None:
        """``token`` (IPv6 in the notation printed, zone kept) with the address replaced, or None."""
        text, pct, zone = token.partition("%")
        addr = ip_address(text)
        if not isinstance(addr, ipaddress.IPv6Address):
            return None
        head, sep, tail = text.partition("::")
        head_parts = head.split(":") if head else []
        tail_parts = tail.split(":") if tail else []
        if not sep and not head_parts:
            return None
        mapped = self._groups(addr)
        v4 = (head_parts or tail_parts)[-1] if "." in text else None
        if v4 is not None:  # a trailing dotted quad: the same stand-in as the IPv4 address alone
            v4_out = self.ipv4(v4)
            if v4_out is None:
                return None
            (tail_parts if tail_parts else head_parts)[-1] = v4_out
        out_groups = [f"{g:x}" for g in mapped]
        upper = any(c.isupper() for c in text)

        def put(parts: list[str], offset: int) -> list[str]:
            done = []
            for i, part in enumerate(parts):
                if "." in part:
                    done.append(part)
                    continue
                g = out_groups[offset + i].zfill(len(part))
                done.append(g.upper() if upper else g)
            return done

        n_tail = len(tail_parts) + (1 if v4 is not None and tail_parts else 0)
        new_head = put(head_parts, 0)
        new_tail = put(tail_parts, 8 - n_tail)
        return ":".join(new_head) + sep + ":".join(new_tail) + pct + zone


def _same_digits(value: int, raw: int, base: int, top: int) -> int:
    """A value as many digits long in ``base`` as ``value`` (0 stays 0), at most ``top``."""
    if value == 0:
        return 0
    digits = len(str(value) if base == 10 else f"{value:x}")
    lo = int(base ** (digits - 1)) if digits > 1 else 1
    hi = min(int(base**digits) - 1, top)
    return lo + raw % (hi - lo + 1)


def _netmask(addr: ipaddress.IPv4Address) -> bool:
    """Whether ``addr`` is a network mask (255.255.255.0, ...): the same in every network, kept."""
    value = int(addr)
    hosts = ~value & 0xFFFFFFFF  # the host bits: all ones at the bottom in a mask
    return value >> 24 == 255 and hosts & (hosts + 1) == 0
