"""Remedy texts shared by several rules (the commands an administrator runs to fix a finding)."""

from __future__ import annotations

RMCCTRL = (
    "on the partition, restart RMC without losing its configuration: /usr/sbin/rsct/bin/rmcctrl -z; "
    "/usr/sbin/rsct/bin/rmcctrl -A; /usr/sbin/rsct/bin/rmcctrl -p (never stopsrc/startsrc for these daemons); "
    "if it stays broken, /usr/sbin/rsct/install/bin/recfgct, wait several minutes and check lssrc -a | grep rsct"
)


def identity_remedy(side: str, other: str) -> str:
    """Refreshing a trusted host list entry of ``side`` for ``other``."""
    return (
        f"on {side}, add or refresh the entry for {other}: compare `ctsthl -l` on {side} with `ctsvhbal` on {other}; "
        "the HMC's entry for a partition is created by the RMC handshake, so on the partition run "
        "/usr/sbin/rsct/bin/rmcctrl -z; rmcctrl -A; rmcctrl -p (or recfgct for a cloned/re-installed image) "
        "and let the HMC re-exchange keys"
    )
