"""Small value tests shared by the parsers, the checks and the anonymiser (one place for each)."""

from __future__ import annotations

import ipaddress

MAX_INT_DIGITS = 19  # the longest decimal the commands print for an id or a count (fits an int64)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_digits(value: str) -> bool:
    """Whether ``value`` is ASCII decimal digits only (``str.isdigit`` also accepts '²' and '٣')."""
    return value.isascii() and value.isdigit()


def is_small_int(value: str) -> bool:
    """Whether ``value`` is 1 to 19 ASCII digits (an id or a count the commands print)."""
    return value.isascii() and value.isdigit() and len(value) <= MAX_INT_DIGITS


INT_PATTERN = f"[0-9]{{1,{MAX_INT_DIGITS}}}"  # the same, in a regular expression


def small_int(value: str) -> int | None:
    """The int of a field of 1 to 19 ASCII digits, else None."""
    if value and len(value) <= MAX_INT_DIGITS and value.isascii() and value.isdigit():
        return int(value)
    return None


def ip_address(text: str) -> IPAddress | None:
    """The address ``text`` spells (IPv4 with leading zeros too: ``010.001.2.3``), or None.

    ASCII only: other scripts' digits never read as an address.
    """
    text = text.strip()
    if not text or not text.isascii() or len(text) > 64:
        return None
    parts = text.split(".")
    if len(parts) == 4 and all(p and len(p) <= 3 and p.isdigit() for p in parts):
        if any(int(p) > 255 for p in parts):
            return None
        text = ".".join(str(int(p)) for p in parts)
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def node_id_value(text: str) -> int | None:
    """The 64-bit value of an RSCT node id in either notation, or None.

    ``rmcdomainstatus`` prints node ids in hex (``0xc8bc2c9647c1cef3``), ``lsrsrc IBM.MCP`` prints ``NodeID`` in
    decimal (``14480238873508198302``): the same value, which the checks compare (and an anonymiser must keep equal).
    """
    text = text.strip()
    if text[:2].lower() == "0x":
        digits = text[2:]
        if not digits or len(digits) > 16 or not digits.isascii() or any(c not in "0123456789abcdefABCDEF"
                                                                          for c in digits):
            return None
        return int(digits, 16)
    if text and len(text) <= 20 and is_digits(text) and int(text) < 2**64:
        return int(text)
    return None


# The longest line a parser's cache of lines keeps (lssrc rows and headers, lsrsrc lines, the first lines of
# outputs): a cache holds at most 4096 lines, so at most about 4096 x 256 characters whatever the input.
CACHED_LINE_MAX = 256
