"""Deterministic generator of a realistic multi-HMC dump (the field guide's commands, many prompt styles).

    python bench/gen_dump.py --mb 200 -o /tmp/dump.txt
    python bench/gen_dump.py --mb 200 --profiles -o /tmp/dump-profiles.txt

``--profiles`` adds, for every system, ``lssyscfg -r prof`` in name=value form and as wide ``-F`` rows,
with virtual adapter lists whose elements hold commas (a WWPN pair), which the HMC prints in doubled
quotes inside the quoted field (docs/commands/lssyscfg.md).

Several HMCs, each managing a few systems with tens of partitions; for every HMC: lspartition -dlpar,
lssyscfg -r lpar (name=value and -F), lssyscfg -r sys, rmcdomainstatus; for every partition: lssrc -a,
rmcdomainstatus, ctsvhbal, ctsthl -l, lsrsrc IBM.MCP, plus commands without a parser. Output is rendered
with rsctparse's own renderers, so the dump parses without errors.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from typing import IO

from rsctparse import Subsystem
from rsctparse._commands import ctsthl, ctsvhbal, lspartition, lsrsrc, lssrc, lssyscfg, rmcdomainstatus
from rsctparse._commands.ctsthl import TrustedHost
from rsctparse._commands.ctsvhbal import HostIdentities
from rsctparse._commands.lspartition import DlparPartition
from rsctparse._commands.lsrsrc import Mcp
from rsctparse._commands.lssyscfg import HmcRecord
from rsctparse._commands.rmcdomainstatus import DomainNode

AIX_SUBSYSTEMS = [
    ("syslogd", "ras"), ("sendmail", "mail"), ("portmap", "portmap"), ("inetd", "tcpip"), ("snmpd", "tcpip"),
    ("sshd", "ssh"), ("aso", None), ("biod", "nfs"), ("nfsd", "nfs"), ("qdaemon", "spooler"), ("ctrmc", "rsct"),
    ("IBM.DRM", "rsct_rm"), ("IBM.MgmtDomainRM", "rsct_rm"), ("IBM.HostRM", "rsct_rm"), ("IBM.ServiceRM", "rsct_rm"),
    ("IBM.ConfigRM", "rsct_rm"), ("ctcas", "rsct"), ("IBM.ERRM", "rsct_rm"), ("IBM.AuditRM", "rsct_rm"),
    ("IBM.LPRM", "rsct_rm"), ("lpd", "spooler"), ("gsclvmd", None), ("xntpd", "tcpip"), ("named", "tcpip"),
    ("dhcpcd", "tcpip"), ("routed", "tcpip"), ("timed", "tcpip"), ("rwhod", "tcpip"), ("cthags", "cthags"),
]
LPAR_PROMPTS = ["{h}:/ # {c}", "[root@{h} ~]# {c}", "{h}:/#{c}", "root@{h}::/> {c}", "### rsctparse host={h} argv={c}"]


def _key(rng: random.Random) -> str:
    return "120400" + "".join(rng.choice("0123456789abcdef") for _ in range(250))


def _lpar_attrs(rng: random.Random, lpar_id: int, name: str, ip: str, active: bool) -> HmcRecord:
    items = [
        ("name", name), ("lpar_id", str(lpar_id)), ("lpar_env", "aixlinux"),
        ("state", "Running" if active else "Not Activated"), ("resource_config", "1"),
        ("os_version", "AIX 7.2 7200-05-03-2148" if active else "Unknown"),
        ("logical_serial_num", f"21A4B7{lpar_id:X}"),
        ("default_profile", "normal"), ("curr_profile", "normal" if active else ""), ("work_group_id", "none"),
        ("shared_proc_pool_util_auth", "0"), ("allow_perf_collection", "0"), ("power_ctrl_lpar_ids", ()),
        ("boot_mode", "norm"), ("lpar_keylock", "norm"), ("auto_start", "0"), ("redundant_err_path_reporting", "0"),
        ("rmc_state", "active" if active else "inactive"), ("rmc_ipaddr", ip if active else ""),
        ("time_ref", "0"), ("lpar_avail_priority", "127"), ("desired_lpar_proc_compat_mode", "default"),
        ("curr_lpar_proc_compat_mode", "POWER9"), ("suspend_capable", "0"), ("remote_restart_capable", "0"),
        ("simplified_remote_restart_capable", "0"), ("sync_curr_profile", "0"), ("affinity_group_id", "none"),
        ("vtpm_enabled", "0"), ("powervm_mgmt_capable", "0"),
    ]
    return HmcRecord(tuple(items))


PROFILE_FIELDS = [
    "name", "lpar_name", "lpar_id", "lpar_env", "all_resources", "min_mem", "desired_mem", "max_mem", "proc_mode",
    "min_proc_units", "desired_proc_units", "max_proc_units", "min_procs", "desired_procs", "max_procs",
    "sharing_mode", "uncap_weight", "io_slots", "lpar_io_pool_ids", "boot_mode", "conn_monitoring",
    "auto_start", "power_ctrl_lpar_ids", "virtual_eth_adapters", "virtual_scsi_adapters", "virtual_fc_adapters",
    "lpar_proc_compat_mode", "electronic_err_reporting",
]


def _wwpns(rng: random.Random) -> str:
    return ",".join("c05076" + "".join(rng.choice("0123456789abcdef") for _ in range(10)) for _ in range(2))


def _profile(rng: random.Random, lpar_id: int, name: str) -> HmcRecord:
    """A partition profile with adapter lists; fc adapters hold a WWPN pair (an element with a comma)."""
    fc = tuple(f"{slot}/client/{vios}/vios{vios}/{30 + slot}/{_wwpns(rng)}/1" for vios, slot in ((1, 3), (2, 4)))
    items: list[tuple[str, str | tuple[str, ...]]] = [
        ("name", "normal"), ("lpar_name", name), ("lpar_id", str(lpar_id)), ("lpar_env", "aixlinux"),
        ("all_resources", "0"), ("min_mem", "2048"), ("desired_mem", "8192"), ("max_mem", "16384"),
        ("proc_mode", "shared"), ("min_proc_units", "0.1"), ("desired_proc_units", "0.5"), ("max_proc_units", "2.0"),
        ("min_procs", "1"), ("desired_procs", "2"), ("max_procs", "4"), ("sharing_mode", "uncap"),
        ("uncap_weight", "128"), ("io_slots", ()), ("lpar_io_pool_ids", ()), ("boot_mode", "norm"),
        ("conn_monitoring", "1"), ("auto_start", "0"), ("power_ctrl_lpar_ids", ()),
        ("virtual_eth_adapters", (f"2/0/{rng.randint(1, 4000)}//0/0/ETHERNET0//all/none",
                                  "3/1/1/4,5,6/0/1/ETHERNET0//all/none")),
        ("virtual_scsi_adapters", ("5/client/1/vios1/20/1", "6/client/2/vios2/20/1")),
        ("virtual_fc_adapters", fc), ("lpar_proc_compat_mode", "default"), ("electronic_err_reporting", "null"),
    ]
    return HmcRecord(tuple(items))


def sections(seed: int, profiles: bool = False) -> Iterator[str]:
    """An endless sequence of transcript sections (prompt line + output); ``profiles``: with lssyscfg -r prof."""
    rng = random.Random(seed)
    hmc_no = 0
    while True:
        hmc_no += 1
        hmc = f"hmc{hmc_no:02d}"
        hmc_ip = f"10.{hmc_no % 250}.0.5"
        systems = []
        for s in range(rng.randint(2, 4)):
            lpars = []
            for n in range(rng.randint(20, 60)):
                name = f"aix{hmc_no:02d}{s}{n:02d}"
                ip = f"10.{hmc_no % 250}.{s + 1}.{n + 10}"
                lpars.append((n + 1, name, ip, rng.random() > 0.1))
            systems.append((f"Server-8286-42A-SN{hmc_no:02d}{s}A4B7V", lpars))
        all_lpars = [lp for _, lps in systems for lp in lps]
        hp = "hscroot@{h}:~> {c}"
        yield hp.format(h=hmc, c="lshmc -V") + '\n"version= Version: 10\n Release: 3\n Service Pack: 1060\n' \
            'HMC Build level 2408210051\n","base_version=V10R3\n"\n'
        parts = [
            DlparPartition(i, lp[0], "8286-42A", "21A4B7V", f"{lp[1]}.domain.com", lp[2], int(lp[3]),
                           "AIX", "7.2", "7200-05-03-2148", 0x2C5F if lp[3] else 0, (0x4000001B, 0x1B), 2048)
            for i, lp in enumerate(all_lpars)
        ]
        yield hp.format(h=hmc, c="lspartition -dlpar") + "\n" + lspartition.render(list(parts))
        for system, lpars in systems:
            recs = [_lpar_attrs(rng, *lp) for lp in lpars]
            yield hp.format(h=hmc, c=f"lssyscfg -r lpar -m {system}") + "\n" + lssyscfg.render(list(recs))
            fields = ["lpar_id", "name", "state", "rmc_state", "rmc_ipaddr"]
            yield hp.format(h=hmc, c=f"lssyscfg -r lpar -m {system} -F {','.join(fields)}") + "\n" + \
                lssyscfg.render(list(recs), fields=fields)
            if profiles:
                profs = [_profile(rng, lp[0], lp[1]) for lp in lpars]
                yield hp.format(h=hmc, c=f"lssyscfg -r prof -m {system}") + "\n" + lssyscfg.render(list(profs))
                yield hp.format(h=hmc, c=f"lssyscfg -r prof -m {system} -F {','.join(PROFILE_FIELDS)}") + "\n" + \
                    lssyscfg.render(list(profs), fields=PROFILE_FIELDS)
        nodes = [DomainNode("managed_nodes", "I" if lp[3] else "O", None, "a", f"0x{rng.getrandbits(64):016x}",
                            i + 1, lp[2], None) for i, lp in enumerate(all_lpars)]
        yield f"[root@{hmc} ~]# /usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc\n" + rmcdomainstatus.render(list(nodes))
        for _, name, ip, active in all_lpars:
            if not active:
                continue
            style = rng.choice(LPAR_PROMPTS)
            rows = [Subsystem(sub, grp, rng.randint(10**6, 2 * 10**7) if rng.random() > 0.4 else None,
                              "active" if rng.random() > 0.4 else "inoperative") for sub, grp in AIX_SUBSYSTEMS]
            rows = [r if r.pid is not None or r.status != "active" else Subsystem(r.subsystem, r.group, None,
                    "inoperative") for r in rows]
            rows = [r if r.pid is None or r.status == "active" else Subsystem(r.subsystem, r.group, r.pid,
                    "active") for r in rows]
            yield style.format(h=name, c="lssrc -a") + "\n" + lssrc.render(list(rows))
            yield style.format(h=name, c="/usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc") + "\n" + rmcdomainstatus.render(
                [DomainNode("management_control_points", "I", None, "A", f"0x{rng.getrandbits(64):016x}", 1,
                            hmc_ip, None)])
            yield style.format(h=name, c="/usr/sbin/rsct/bin/ctsvhbal") + "\n" + ctsvhbal.render(
                [HostIdentities((f"{name}.domain.com", ip), (("HBA", f"{name}.domain.com"), ("HBA", ip)), ())])
            yield style.format(h=name, c="/usr/sbin/rsct/bin/ctsthl -l") + "\n" + ctsthl.render(
                [TrustedHost(f"{hmc}.domain.com", "rsa1024", _key(rng)), TrustedHost(hmc_ip, "rsa1024", _key(rng))])
            yield style.format(h=name, c="lsrsrc IBM.MCP") + "\n" + lsrsrc.render([Mcp(
                (("MNName", ip), ("NodeID", rng.getrandbits(64)), ("KeyToken", f"{hmc}.domain.com"),
                 ("IPAddresses", (hmc_ip,)), ("ConnectivityNames", (ip,)), ("HMCName", "7042CR8*84270AD"),
                 ("HMCIPAddr", hmc_ip), ("HMCAddIPs", ""), ("HMCAddIPv6s", ""), ("ActivePeerDomain", ""),
                 ("NodeNameList", (name,))), "IBM.MCP", 1)])
            yield style.format(h=name, c="/usr/sbin/rsct/bin/rmcctrl -p") + "\n"


def write(out: IO[str], megabytes: float, seed: int = 1, profiles: bool = False) -> int:
    """Write sections until ``megabytes`` MB; returns the bytes written."""
    target = int(megabytes * 1_000_000)
    size = 0
    for text in sections(seed, profiles):
        out.write(text)
        size += len(text.encode())
        if size >= target:
            break
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profiles", action="store_true", help="add lssyscfg -r prof with doubled-quote lists")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    if args.output == "-":
        write(sys.stdout, args.mb, args.seed, args.profiles)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            write(handle, args.mb, args.seed, args.profiles)


if __name__ == "__main__":
    main()
