"""Remedy texts: the commands to run, with the paths and shells of the host's OS, and where each comes from."""

from __future__ import annotations

from .fleet import OS, Host

# Sources named in remedies and in docs/checks.md (the ids of shared/reference/ibm-rmc-diagnosis.md).
FIELD_GUIDE = "field guide"
IBM_RMCCTRL = "IBM: rmcctrl (S13)"
IBM_RECFGCT = "IBM: recfgct (S7)"
IBM_DIAGRMC = "IBM: diagrmc (S8)"

WAIT = ("then wait about five minutes (the HMC passes its keys and IP to the partition through NVRAM, re-read about "
        "every five minutes: field guide) and confirm with `lspartition -dlpar` on the HMC (Active:<1>) and "
        "`rmcdomainstatus -s ctrmc` on both sides (I)")
HMC_ROOT = "as root through pesh (with the one-day password from IBM support)"
HMC_RMC = "no RMC restart on the HMC is needed (it restarts only with an HMC reboot: field guide)"


def rsct_bin(os: OS | None) -> str:
    """Where RSCT's commands are on ``os`` (both places, said which is which, when the OS is not known)."""
    if os == "linux":
        return "/opt/rsct/bin"
    if os in ("aix", "vios"):
        return "/usr/sbin/rsct/bin"
    return "/usr/sbin/rsct/bin (AIX, VIOS) or /opt/rsct/bin (Linux)"


def on(host: Host | None, name: str | None = None) -> str:
    """``on NAME`` with the shell step its OS needs first (VIOS: ``oem_setup_env`` from padmin)."""
    label = name or (host.label if host else "the partition")
    if host is not None and host.os == "vios":
        return f"on {label} (a VIOS: as padmin run oem_setup_env first)"
    return f"on {label}"


def on_host(host: Host) -> str:
    """Where a step runs, as the start of a remedy: an HMC as root through pesh, else ``on`` the host."""
    return f"on the HMC {host.label}, {HMC_ROOT}," if host.is_hmc else on(host) + ","


def cmd(host: Host | None, command: str, *more: str) -> str:
    """RSCT commands, the first with its full path on the host's OS (the HMC's is /usr/sbin/rsct/bin)."""
    os: OS | None = "aix" if host is not None and host.is_hmc else (host.os if host is not None else None)
    if os is None:
        return "; ".join((command, *more)) + " (in /usr/sbin/rsct/bin on AIX and VIOS, /opt/rsct/bin on Linux)"
    return "; ".join((f"{rsct_bin(os)}/{command}", *more))


def restart_rmc(host: Host | None, name: str | None = None, note: str = "") -> str:
    """Restarting RMC on a partition without losing its configuration (IBM recommends rmcctrl: S13)."""
    return (f"{on(host, name)}, restart RMC without losing its configuration: "
            f"{cmd(host, 'rmcctrl -z', 'rmcctrl -A', 'rmcctrl -p')} (IBM recommends rmcctrl over stopsrc/startsrc, "
            f"which also work{note}); " + WAIT)


def recfgct(host: Host | None) -> str:
    """The recfgct command (wipes /var/ct and gives a new node id: IBM reserves it, S7)."""
    os = host.os if host is not None else None
    if os == "linux":
        return "/opt/rsct/install/bin/recfgct"
    if os in ("aix", "vios"):
        return "/usr/sbin/rsct/install/bin/recfgct"
    return "recfgct (/usr/sbin/rsct/install/bin on AIX and VIOS, /opt/rsct/install/bin on Linux)"


def diagrmc(lpar_name: str, ip: str | None = None) -> str:
    """IBM's HMC diagnosis of one partition's RMC connection (S8)."""
    target = f" --ip {ip}" if ip else ""
    return (f"on the HMC, run diagrmc -m MANAGED_SYSTEM{target} -p {lpar_name} (it checks the network, the RMC ports, "
            "the RMC subsystems, duplicate node ids and recycled IPs; --autocorrect lets it fix what it finds)")
