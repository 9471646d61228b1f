"""Identity matching: when two host names or addresses name the same host."""

from __future__ import annotations

import functools

from .._values import ip_address


@functools.lru_cache(maxsize=1 << 16)
def canonical(alias: str) -> str:
    """A host alias for joining hosts: lower case; IPs in canonical form (IPv4 leading zeros dropped)."""
    text = alias.strip().lower()
    address = ip_address(text)
    return text if address is None else str(address)


@functools.lru_cache(maxsize=1 << 16)
def is_ip(alias: str) -> bool:
    """Whether ``alias`` spells an IP address (ASCII digits only)."""
    return ip_address(alias) is not None


@functools.lru_cache(maxsize=1 << 16)
def names_of(alias: str) -> frozenset[str]:
    """The canonical alias and, for a host name, its short form (aix10.domain.com -> aix10)."""
    text = canonical(alias)
    if not text:
        return frozenset()
    if is_ip(text):
        return frozenset((text,))
    return frozenset((text, text.split(".", 1)[0]))


def same_identity(a: str, b: str) -> bool:
    """RSCT's matching of a trusted host list identity against a host identity.

    Host based authentication compares the identity strings themselves: a short name does not match
    its fully qualified form. rsctparse compares them case-insensitively (DNS names are) and IPv4
    addresses numerically; nothing else is equated.
    """
    return canonical(a) == canonical(b)
