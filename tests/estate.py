"""A small Power estate (HMCs and partitions) rendered as one transcript, healthy or with injected faults.

Used by the scenario corpus (``python -m tests.estate`` writes the transcripts of ``corpus/scenarios/`` and has
tests/golden.py write their findings) and by property tests.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import attrs

import rsctparse
from rsctparse import Subsystem
from rsctparse._commands import ctsthl, ctsvhbal, lspartition, lsrsrc, lssrc, lssyscfg, rmcdomainstatus
from rsctparse._commands.ctsthl import TrustedHost
from rsctparse._commands.ctsvhbal import HostIdentities
from rsctparse._commands.lspartition import DlparPartition
from rsctparse._commands.lsrsrc import Mcp
from rsctparse._commands.lssyscfg import HmcRecord
from rsctparse._commands.rmcdomainstatus import DomainNode

FAULTS = (
    "hmc_lacks_lpar_identity", "lpar_lacks_hmc_identity", "stale_key", "pending_up", "down", "lower_level",
    "view_mismatch", "duplicate_node_id", "lspartition_inactive", "dcaps_zero", "lspartition_wrong_ip",
    "running_rmc_inactive", "rmc_ipaddr_mismatch", "drm_inoperative", "ctrmc_inoperative",
    "mgmt_domain_rm_inoperative", "mcp_missing", "mcp_stale", "mcp_unknown_hmc", "mcp_ip_mismatch",
)


@attrs.define
class Hmc:
    name: str
    ip: str
    key: str
    node_id: str


@attrs.define
class Partition:
    name: str
    ip: str
    lpar_id: int
    key: str
    node_id: str
    hmcs: list[str]


@attrs.define
class Estate:
    hmcs: list[Hmc]
    lpars: list[Partition]
    fault: str | None = None
    victim: int = 0  # index of the partition the fault is injected on


def estate(seed: int = 0, n_hmcs: int = 2, n_lpars: int = 4, fault: str | None = None) -> Estate:
    """A deterministic estate; every partition is managed by every HMC (dual HMC)."""
    rng = random.Random(seed)

    def key() -> str:
        return "120400" + "".join(rng.choice("0123456789abcdef") for _ in range(120))

    def node_id() -> str:
        return f"0x{rng.getrandbits(64):016x}"

    hmcs = [Hmc(f"hmc{i + 1}", f"10.10.50.{i + 5}", key(), node_id()) for i in range(n_hmcs)]
    lpars = [Partition(f"aix{i + 1}0", f"10.10.50.{i + 20}", i + 2, key(), node_id(), [h.name for h in hmcs])
             for i in range(n_lpars)]
    return Estate(hmcs, lpars, fault, rng.randrange(n_lpars))


def _fqdn(name: str) -> str:
    return f"{name}.domain.com"


def render(e: Estate) -> str:
    """The estate's transcript: every field guide command on every host."""
    fault = e.fault
    victim = e.lpars[e.victim]
    hmc0 = e.hmcs[0]
    out: list[str] = []

    def cmd(prompt: str, text: str) -> None:
        out.append(prompt + "\n" + text)

    for hmc in e.hmcs:
        managed = [lp for lp in e.lpars if hmc.name in lp.hmcs]
        if fault == "mcp_stale" and hmc is hmc0:
            managed = [lp for lp in managed if lp is not victim]
        parts, rows, nodes, entries = [], [], [], []
        for index, lp in enumerate(managed):
            active = 0 if fault == "lspartition_inactive" and lp is victim else 1
            dcaps = 0 if fault in ("dcaps_zero",) and lp is victim else 0x2C5F
            ip = "10.10.99.99" if fault == "lspartition_wrong_ip" and lp is victim and hmc is hmc0 else lp.ip
            parts.append(DlparPartition(index, lp.lpar_id, "8286-42A", "21A4B7V", _fqdn(lp.name), ip, active,
                                        "AIX", "7.2", "7200-05-03-2148", dcaps, (0x4000001B, 0x1B), 2048))
            rmc_state = "inactive" if fault in ("running_rmc_inactive", "lspartition_inactive") and lp is victim \
                else "active"
            rmc_ip = "10.10.77.77" if fault == "rmc_ipaddr_mismatch" and lp is victim and hmc is hmc0 else lp.ip
            if fault == "lspartition_wrong_ip" and lp is victim and hmc is hmc0:
                rmc_ip = ip
            rows.append(HmcRecord((("lpar_id", str(lp.lpar_id)), ("name", lp.name), ("state", "Running"),
                                   ("rmc_state", rmc_state), ("rmc_ipaddr", rmc_ip))))
            state = "I"
            if lp is victim and hmc is hmc0:
                state = {"pending_up": "i", "down": "O", "view_mismatch": "O"}.get(fault or "", "I")
            if fault in ("hmc_lacks_lpar_identity", "lpar_lacks_hmc_identity", "stale_key") and lp is victim \
                    and hmc is hmc0:
                state = "i"
            queue = "a" if fault == "lower_level" and lp is victim and hmc is hmc0 else "A"
            nid = lp.node_id
            if fault == "duplicate_node_id" and lp is victim:
                other = e.lpars[(e.victim + 1) % len(e.lpars)]
                nid = other.node_id
            nodes.append(DomainNode("managed_nodes", state, None, queue, nid, index + 1, lp.ip, None))
            if not (fault == "hmc_lacks_lpar_identity" and lp is victim and hmc is hmc0):
                lp_key = lp.key
                if fault == "stale_key" and lp is victim and hmc is hmc0:
                    lp_key = "120400" + "0" * 120
                entries += [TrustedHost(_fqdn(lp.name), "rsa1024", lp_key), TrustedHost(lp.ip, "rsa1024", lp_key)]
        entries = [TrustedHost(_fqdn(hmc.name), "rsa1024", hmc.key), TrustedHost(hmc.ip, "rsa1024", hmc.key),
                   *entries]
        hp = f"hscroot@{hmc.name}:~> "
        cmd(hp + "lspartition -dlpar", lspartition.render(list(parts)))
        cmd(hp + "lssyscfg -r lpar -m p750 -F lpar_id,name,state,rmc_state,rmc_ipaddr",
            lssyscfg.render(list(rows), fields=["lpar_id", "name", "state", "rmc_state", "rmc_ipaddr"]))
        rp = f"[root@{hmc.name} ~]# "
        cmd(rp + "/usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc", rmcdomainstatus.render(list(nodes)))
        cmd(rp + "/usr/sbin/rsct/bin/ctsthl -l", ctsthl.render(list(entries)))
        cmd(rp + "/usr/sbin/rsct/bin/ctsvhbal", ctsvhbal.render([HostIdentities(
            (_fqdn(hmc.name), hmc.ip), (("HBA", _fqdn(hmc.name)), ("HBA", hmc.ip)), ())]))

    for lp in e.lpars:
        is_victim = lp is victim
        p = f"{lp.name}:/ # "
        statuses = {"ctrmc": "active", "IBM.DRM": "active", "IBM.MgmtDomainRM": "active"}
        if is_victim and fault == "drm_inoperative":
            statuses["IBM.DRM"] = "inoperative"
        if is_victim and fault == "ctrmc_inoperative":
            statuses["ctrmc"] = "inoperative"
        if is_victim and fault == "mgmt_domain_rm_inoperative":
            statuses["IBM.MgmtDomainRM"] = "inoperative"
        table = [Subsystem(name, "rsct" if name == "ctrmc" else "rsct_rm",
                          (lp.lpar_id * 1000 + i) if st == "active" else None, st)
                for i, (name, st) in enumerate([*statuses.items(), ("IBM.HostRM", "active"),
                                                ("ctcas", "inoperative"), ("IBM.ERRM", "inoperative")])]
        cmd(p + "lssrc -a | grep rsct", "".join(line + "\n" for line in lssrc.render(list(table)).splitlines()[1:]))
        mcp_nodes = []
        for i, hmc in enumerate(e.hmcs):
            if is_victim and hmc is hmc0 and fault == "mcp_stale":
                continue  # the HMC dropped the partition: only the IBM.MCP resource remains
            state = "I"
            if is_victim and hmc is hmc0 and fault in ("pending_up", "hmc_lacks_lpar_identity",
                                                          "lpar_lacks_hmc_identity", "stale_key"):
                state = "i"
            if is_victim and hmc is hmc0 and fault == "down":
                state = "O"
            mcp_nodes.append(DomainNode("management_control_points", state, None, "A", hmc.node_id, i + 1, hmc.ip,
                                        None))
        cmd(p + "/usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc", rmcdomainstatus.render(list(mcp_nodes)))
        cmd(p + "/usr/sbin/rsct/bin/ctsvhbal", ctsvhbal.render([HostIdentities(
            (_fqdn(lp.name), lp.ip), (("HBA", _fqdn(lp.name)), ("HBA", lp.ip)), ())]))
        entries = [TrustedHost(_fqdn(lp.name), "rsa1024", lp.key), TrustedHost(lp.ip, "rsa1024", lp.key)]
        for hmc in e.hmcs:
            if is_victim and hmc is hmc0 and fault == "lpar_lacks_hmc_identity":
                continue
            entries += [TrustedHost(_fqdn(hmc.name), "rsa1024", hmc.key), TrustedHost(hmc.ip, "rsa1024", hmc.key)]
        cmd(p + "/usr/sbin/rsct/bin/ctsthl -l", ctsthl.render(list(entries)))
        resources: list[rsctparse.Record] = []
        for hmc in e.hmcs:
            if is_victim and hmc is hmc0 and fault == "mcp_missing":
                continue
            hmc_ip = "10.10.50.250" if is_victim and hmc is hmc0 and fault == "mcp_ip_mismatch" else hmc.ip
            resources.append(Mcp((("MNName", lp.ip), ("NodeID", int(hmc.node_id, 16)), ("KeyToken", _fqdn(hmc.name)),
                                  ("IPAddresses", (hmc_ip,)),
                                  ("ConnectivityNames", (lp.ip,)), ("HMCName", "7042CR8*84270AD"),
                                  ("HMCIPAddr", hmc_ip), ("HMCAddIPs", ""), ("HMCAddIPv6s", ""),
                                  ("ActivePeerDomain", ""), ("NodeNameList", (lp.name,))),
                                 "IBM.MCP", len(resources) + 1))
        if is_victim and fault == "mcp_unknown_hmc":
            resources.append(Mcp((("MNName", lp.ip), ("NodeID", 12345), ("KeyToken", "oldhmc.domain.com"),
                                  ("IPAddresses", ("10.10.40.5",)), ("ConnectivityNames", (lp.ip,)),
                                  ("HMCName", "7042CR7*10B2C3D"), ("HMCIPAddr", "10.10.40.5"), ("HMCAddIPs", ""),
                                  ("HMCAddIPv6s", ""), ("ActivePeerDomain", ""), ("NodeNameList", (lp.name,))),
                                 "IBM.MCP", len(resources) + 1))
        cmd(p + "lsrsrc IBM.MCP", lsrsrc.render(list(resources)))
    return "".join(out)


def write_scenarios(folder: Path) -> None:
    """Write the healthy estate and one transcript per fault; tests/golden.py then writes their findings."""
    from tests.golden import regenerate

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fault in (None, *FAULTS):
        name = fault.replace("_", "-") if fault else "healthy"
        path = folder / f"{name}.txt"
        path.write_text(render(estate(seed=7, fault=fault)), encoding="utf-8")
        meta = {
            "provenance": "an estate of 2 HMCs and 4 partitions built by tests/estate.py from the field guide's "
                          "procedure (shared/reference/rmc-dlpar-troubleshooting-notes.txt); every output format as "
                          "in the single-command corpus",
            "fault": fault,
        }
        if not path.with_suffix(".json").exists():
            path.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    regenerate(written)


if __name__ == "__main__":
    write_scenarios(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "corpus" / "scenarios")
