"""A small Power estate (HMCs and partitions) rendered as one transcript, healthy or with injected faults.

Used by the scenario corpus (``python -m tests.estate`` writes the transcripts of ``corpus/scenarios/`` and has
tests/golden.py write their findings) and by property tests. Every output is rendered by rsctparse's own
renderers in the documented formats (docs/commands/); the estates themselves are constructed.
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
from rsctparse._commands.lsrsrc import ManagementServer, Mcp
from rsctparse._commands.lssyscfg import HmcRecord
from rsctparse._commands.rmcdomainstatus import DomainNode

# fault -> the rule it must raise (tests/test_check.py); other findings it causes are in its golden file
FAULTS: dict[str, str | None] = {
    "hmc_lacks_lpar_identity": "HOST_IDENTITY", "lpar_lacks_hmc_identity": "HOST_IDENTITY",
    "stale_key": "HOST_IDENTITY", "pending_up": "RMC_PENDING_UP", "down": "RMC_DOWN", "suspended": "RMC_SUSPENDED",
    "unknown_state": "RMC_STATE_UNKNOWN", "lower_level": "RMC_LOWER_LEVEL", "view_mismatch": "RMC_DOWN",
    "duplicate_node_id": "DUPLICATE_NODE_ID", "duplicate_node_id_clone": "DUPLICATE_NODE_ID",
    "lspartition_inactive": "LSPARTITION_INACTIVE", "dcaps_zero": "LSPARTITION_DCAPS",
    "lspartition_wrong_ip": "LSPARTITION_IP", "running_rmc_inactive": "LSSYSCFG_LSPARTITION",
    "rmc_ipaddr_mismatch": "LSSYSCFG_RMC_IP", "drm_inoperative": "DRM_INACTIVE", "ctrmc_inoperative": "CTRMC_INACTIVE",
    "ctrmc_down_chain": "CTRMC_INACTIVE", "drm_not_installed": "RM_NOT_INSTALLED",
    "mgmt_domain_rm_inoperative": "DOMAIN_RM_INACTIVE", "mcp_missing": "MCP_MISSING", "mcp_stale": "MCP_STALE",
    "mcp_unknown_hmc": "MCP_UNKNOWN_HMC", "mcp_ip_mismatch": "MCP_IP_MISMATCH",
    "domain_absent_hmc": "DOMAIN_ABSENT", "never_reached_hmc": "DOMAIN_ABSENT",
    "partial_dump": "DATA_MISSING",
    "mcp_ip_mismatch_unshown": None,  # a stale-looking HMCIPAddr, but the dump shows none of the HMC's own addresses
    "keytoken_absent_but_up": None,  # no trusted host list entry under the KeyToken, but the MCP is up (I)
}
# the rules from IBM's documentation (issue 19)
IBM_FAULTS = {
    "keytoken_missing": "MCP_KEYTOKEN", "keytoken_stale": "MCP_KEYTOKEN", "recycled_ip": "RECYCLED_IP",
    "mcp_stale_node_id": "MCP_STALE_NODE_ID", "mcp_class_vs_rm": "MCP_CLASS_VS_RM",
    "thl_name_only": "THL_NAME_AND_ADDRESS", "thl_self": "THL_SELF", "dlpar_capable_zero": "DLPAR_CAPABLE",
    "short_name_twice": "NAMING", "long_identity": "NAMING",
}


@attrs.define
class Hmc:
    name: str
    ip: str
    key: str
    node_id: str
    serial: str


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
    flavour: str = "aix"  # aix, linux, vios, old-aix (CSMAgentRM, IBM.ManagementServer)
    fqdn_prompts: bool = False  # partitions' prompts show their FQDN
    hmc_names: bool = False  # the HMC names partitions differently from their host names (prod_aix10)
    keytoken: str = "fqdn"  # what IBM.MCP KeyToken holds: the HMC's fqdn, or its HMCName (MTM*serial)
    novalink: bool = False  # partitions also have a NovaLink MCP (IPv6 link-local)
    ibmi: bool = False  # each HMC also runs an IBM i partition (lpar_env=os400: no RMC, rmc_state none)
    hmc_addresses: str = "ctsvhbal"  # how the HMCs show their own addresses: ctsvhbal, lshmc (lshmc -n), none


def estate(seed: int = 0, n_hmcs: int = 2, n_lpars: int = 4, fault: str | None = None, *, flavour: str = "aix",
           ipv6: bool = False, **style: bool | str) -> Estate:
    """A deterministic estate; every partition is managed by every HMC (dual HMC)."""
    rng = random.Random(seed)

    def key() -> str:
        return "120400" + "".join(rng.choice("0123456789abcdef") for _ in range(120))

    def node_id() -> str:
        return f"0x{rng.getrandbits(64):016x}"

    def ip(n: int) -> str:
        return f"2001:db8:50::{n:x}" if ipv6 else f"10.10.50.{n}"

    if fault in ("keytoken_missing", "keytoken_stale", "keytoken_absent_but_up"):  # KeyToken: the HMC's MTM*serial
        style.setdefault("keytoken", "hmcname")
    if fault == "mcp_ip_mismatch_unshown":
        style.setdefault("hmc_addresses", "none")
    prefix = {"linux": "lnx", "vios": "vios"}.get(flavour, "aix")
    hmcs = [Hmc(f"hmc{i + 1}", ip(i + 5), key(), node_id(), f"7042CR8*84270A{i}") for i in range(n_hmcs)]
    lpars = [Partition(f"{prefix}{i + 1}0", ip(i + 20), i + 2, key(), node_id(), [h.name for h in hmcs])
             for i in range(n_lpars)]
    return Estate(hmcs, lpars, fault, rng.randrange(n_lpars), flavour, **style)  # type: ignore[arg-type]


def _fqdn(name: str) -> str:
    return f"{name}.domain.com"


def _hmc_name(e: Estate, lp: Partition) -> str:
    return f"prod_{lp.name}" if e.hmc_names else lp.name


def render(e: Estate) -> str:
    """The estate's transcript: every command of the field guide and IBM's diagnosis on every host."""
    fault = e.fault
    victim = e.lpars[e.victim]
    other = e.lpars[(e.victim + 1) % len(e.lpars)]
    hmc0 = e.hmcs[0]
    rsct = "/opt/rsct/bin" if e.flavour == "linux" else "/usr/sbin/rsct/bin"
    out: list[str] = []

    def cmd(prompt: str, text: str) -> None:
        out.append(prompt + "\n" + text)

    def hit(lp: Partition, hmc: Hmc | None = None) -> bool:
        return lp is victim and (hmc is None or hmc is hmc0)

    def hostname(lp: Partition) -> str:
        """The partition's DNS name: what its ctsvhbal, the trusted host lists and lspartition show."""
        if fault == "short_name_twice" and lp is other:
            return f"{victim.name}.other.com"
        if fault == "long_identity" and lp is victim:
            return lp.name + "." + ".".join(["subdomain-of-the-estate"] * 4) + ".example.com"
        return _fqdn(lp.name)

    def node_line(lp: Partition, hmc: Hmc, index: int) -> list[DomainNode]:
        state = "I"
        if hit(lp, hmc):
            state = {"pending_up": "i", "down": "O", "view_mismatch": "O", "suspended": "X", "unknown_state": "Z",
                     "ctrmc_down_chain": "O", "hmc_lacks_lpar_identity": "i", "lpar_lacks_hmc_identity": "i",
                     "stale_key": "i", "keytoken_missing": "i", "keytoken_stale": "i", "recycled_ip": "I"}.get(
                fault or "", "I")
        queue = "a" if fault == "lower_level" and hit(lp, hmc) else "A"
        nid = other.node_id if fault in ("duplicate_node_id", "duplicate_node_id_clone") and lp is victim \
            else lp.node_id
        lines = [DomainNode("managed_nodes", state, None, queue, nid, index + 1, lp.ip, None)]
        if fault == "recycled_ip" and hit(lp, hmc):  # a deleted partition's node id still on this address
            lines.append(DomainNode("managed_nodes", "O", None, "A", "0x" + "5" * 16, 90, lp.ip, None))
        return lines

    for hmc in e.hmcs:
        managed = [lp for lp in e.lpars if hmc.name in lp.hmcs]
        parts, rows, nodes, entries = [], [], [], []
        for index, lp in enumerate(managed):
            if fault == "mcp_stale" and hit(lp, hmc):
                continue  # the HMC dropped the partition: only its IBM.MCP resource remains
            absent = (fault == "domain_absent_hmc" and hit(lp, hmc)) or (fault == "never_reached_hmc" and hit(lp))
            down = absent or (fault in ("lspartition_inactive", "ctrmc_down_chain") and hit(lp, hmc))
            active = 0 if down else 1
            dcaps = 0 if (fault in ("dcaps_zero", "drm_not_installed") and lp is victim) or down else 0x2C5F
            address = "10.10.99.99" if fault == "lspartition_wrong_ip" and hit(lp, hmc) else lp.ip
            os = {"linux": ("Linux/SuSE", "5.14.21-150400.24.46-default", "SUSE Linux Enterprise Server 15 SP4"),
                  "vios": ("AIX", "7.3", "7300-01-02-2320")}.get(e.flavour, ("AIX", "7.2", "7200-05-03-2148"))
            parts.append(DlparPartition(index, lp.lpar_id, "8286-42A", "21A4B7V", hostname(lp), address, active,
                                        *os, dcaps, (0x4000001B, 0x1B), 2048))
            rmc_state = "inactive" if (fault in ("running_rmc_inactive",) and lp is victim) or down else "active"
            rmc_ip = "10.10.77.77" if fault == "rmc_ipaddr_mismatch" and hit(lp, hmc) else lp.ip
            if fault == "lspartition_wrong_ip" and hit(lp, hmc):
                rmc_ip = address
            row = [("lpar_id", str(lp.lpar_id)), ("name", _hmc_name(e, lp)), ("state", "Running"),
                   ("rmc_state", rmc_state), ("rmc_ipaddr", rmc_ip)]
            if e.flavour in ("linux", "vios") or fault == "dlpar_capable_zero" or e.ibmi:
                env = "vioserver" if e.flavour == "vios" else "aixlinux"
                version = {"linux": "Linux/SUSE 5.14.21-150400.24.46-default SLES 15 SP4",
                           "vios": "VIOS 3.1.4.10"}.get(e.flavour, "AIX 7.2 7200-05-03-2148")
                mem = "0" if fault == "dlpar_capable_zero" and lp is victim else "1"
                row += [("lpar_env", env), ("os_version", version), ("dlpar_mem_capable", mem),
                        ("dlpar_proc_capable", "1"), ("dlpar_io_capable", "1")]
            rows.append(HmcRecord(tuple(row)))
            if not absent:
                nodes += node_line(lp, hmc, index)
            if not (fault == "hmc_lacks_lpar_identity" and hit(lp, hmc)) and not (
                    fault == "never_reached_hmc" and lp is victim):
                lp_key = "120400" + "0" * 120 if fault == "stale_key" and hit(lp, hmc) else lp.key
                entries += [TrustedHost(hostname(lp), "rsa1024", lp_key), TrustedHost(lp.ip, "rsa1024", lp_key)]
        if e.ibmi:
            rows.append(HmcRecord((("lpar_id", "9"), ("name", "ibmi1"), ("state", "Running"), ("rmc_state", "none"),
                                   ("rmc_ipaddr", ""), ("lpar_env", "os400"), ("os_version", "IBM i 7.5"),
                                   ("dlpar_mem_capable", "0"), ("dlpar_proc_capable", "0"), ("dlpar_io_capable", "0"))))
        entries = [TrustedHost(_fqdn(hmc.name), "rsa1024", hmc.key), TrustedHost(hmc.ip, "rsa1024", hmc.key),
                   TrustedHost(hmc.serial, "rsa1024", hmc.key), *entries]
        fields = [k for k, _ in rows[0].items] if rows else ["lpar_id", "name", "state", "rmc_state", "rmc_ipaddr"]
        hp = f"hscroot@{hmc.name}:~> "
        cmd(hp + "lspartition -dlpar", lspartition.render(list(parts)))
        cmd(hp + f"lssyscfg -r lpar -m p750 -F {','.join(fields)}", lssyscfg.render(list(rows), fields=fields))
        rp = f"[root@{hmc.name} ~]# "
        cmd(rp + "/usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc", rmcdomainstatus.render(list(nodes)))
        cmd(rp + "/usr/sbin/rsct/bin/ctsthl -l", ctsthl.render(list(entries)))
        if not (fault == "partial_dump" and hmc is not hmc0) and e.hmc_addresses == "ctsvhbal":
            cmd(rp + "/usr/sbin/rsct/bin/ctsvhbal", ctsvhbal.render([HostIdentities(
                (_fqdn(hmc.name), hmc.ip), (("HBA", _fqdn(hmc.name)), ("HBA", hmc.ip)), ())]))
        if e.hmc_addresses == "lshmc":  # formats.md 1.9: one name=value record, CSV-quoted multi-value fields
            cmd(hp + "lshmc -n", f'hostname={hmc.name},domain=domain.com,"ipaddr={hmc.ip},0.0.0.0",'
                '"networkmask=255.255.255.0,0.0.0.0",gateway=10.10.50.1,nameserver=10.10.50.2,'
                'ipv4addr_eth0=,tso_eth1=\n')

    for lp in e.lpars:
        if fault == "partial_dump" and lp is other:
            continue  # a whole partition not collected
        is_victim = lp is victim
        if e.flavour == "vios":
            out.append(f"padmin@{lp.name}:/home/padmin$ oem_setup_env\n")
            p = f"{lp.name}:/home/padmin # "
        elif e.flavour == "linux":
            p = f"[root@{_fqdn(lp.name) if e.fqdn_prompts else lp.name} ~]# "
        else:
            p = f"{_fqdn(lp.name) if e.fqdn_prompts else lp.name}:/ # "
        domain_rm = "IBM.CSMAgentRM" if e.flavour == "old-aix" else "IBM.MgmtDomainRM"
        statuses = {"ctrmc": "active", "IBM.DRM": "active", domain_rm: "active"}
        if is_victim and fault == "drm_inoperative":
            statuses["IBM.DRM"] = "inoperative"
        if is_victim and fault in ("ctrmc_inoperative", "ctrmc_down_chain"):
            statuses = dict.fromkeys(statuses, "inoperative")
        if is_victim and fault == "mgmt_domain_rm_inoperative":
            statuses[domain_rm] = "inoperative"
        if is_victim and fault == "drm_not_installed":
            del statuses["IBM.DRM"]
        table = [Subsystem(name, "rsct" if name == "ctrmc" else "rsct_rm",
                           (lp.lpar_id * 1000 + i) if st == "active" else None, st)
                 for i, (name, st) in enumerate([*statuses.items(), ("IBM.HostRM", "active"),
                                                 ("ctcas", "inoperative"), ("IBM.ERRM", "inoperative")])]
        cmd(p + "lssrc -a | grep rsct", "".join(line + "\n" for line in lssrc.render(list(table)).splitlines()[1:]))
        mcp_nodes = []
        for i, hmc in enumerate(e.hmcs):
            if (hit(lp, hmc) and fault in ("mcp_stale", "domain_absent_hmc")) or (
                    is_victim and fault == "never_reached_hmc"):
                continue
            state = {"O": "O", "X": "X", "i": "i"}.get(node_line(lp, hmc, i)[0].state_code, "I")
            if fault == "view_mismatch":
                state = "I"
            mcp_nodes.append(DomainNode("management_control_points", state, None, "A", hmc.node_id, i + 1, hmc.ip,
                                        None))
        if e.novalink:
            mcp_nodes.append(DomainNode("management_control_points", "I", None, "A", "0x1d1e2f3a4b5c6d7e",
                                        len(mcp_nodes) + 1, "fe80::5054:ff:fe00:1", None))
        if is_victim and fault == "ctrmc_down_chain":
            cmd(p + f"{rsct}/rmcdomainstatus -s ctrmc", "0513-036 The request could not be passed to the ctrmc "
                "subsystem. Start the subsystem and try your command again.\n")
        else:
            cmd(p + f"{rsct}/rmcdomainstatus -s ctrmc", rmcdomainstatus.render(list(mcp_nodes)))
        identities = [hostname(lp), lp.ip]
        cmd(p + f"{rsct}/ctsvhbal", ctsvhbal.render([HostIdentities(
            tuple(identities), tuple(("HBA", i) for i in identities), ())]))
        own_ip_key = "120400" + "f" * 120 if fault == "thl_self" and is_victim else lp.key
        entries = [TrustedHost(identities[0], "rsa1024", lp.key), TrustedHost(lp.ip, "rsa1024", own_ip_key)]
        if fault == "duplicate_node_id_clone" and is_victim:  # the list came with the image of `other`
            entries += [TrustedHost(_fqdn(other.name), "rsa1024", lp.key), TrustedHost(other.ip, "rsa1024", lp.key)]
        for hmc in e.hmcs:
            if hit(lp, hmc) and fault in ("lpar_lacks_hmc_identity", "never_reached_hmc"):
                continue
            entries.append(TrustedHost(_fqdn(hmc.name), "rsa1024", hmc.key))
            if not (fault == "thl_name_only" and hit(lp, hmc)):
                entries.append(TrustedHost(hmc.ip, "rsa1024", hmc.key))
            absent = fault in ("keytoken_missing", "keytoken_absent_but_up") and hit(lp, hmc)
            if e.keytoken == "hmcname" and not absent:
                token_key = "120400" + "1" * 120 if fault == "keytoken_stale" and hit(lp, hmc) else hmc.key
                entries.append(TrustedHost(hmc.serial, "rsa1024", token_key))
        cmd(p + f"{rsct}/ctsthl -l", ctsthl.render(list(entries)))
        resources: list[rsctparse.Record] = []
        for hmc in e.hmcs:
            if (hit(lp, hmc) and fault == "mcp_missing") or (is_victim and fault == "never_reached_hmc"):
                continue
            hmc_ip = "10.10.50.250" if fault in ("mcp_ip_mismatch", "mcp_ip_mismatch_unshown") and hit(lp, hmc) \
                else hmc.ip
            token = hmc.serial if e.keytoken == "hmcname" else _fqdn(hmc.name)
            node = int(hmc.node_id, 16) ^ (1 if fault == "mcp_stale_node_id" and hit(lp, hmc) else 0)
            mn_name = other.ip if fault == "duplicate_node_id_clone" and is_victim else lp.ip
            if e.flavour == "old-aix":
                resources.append(ManagementServer((
                    ("Name", hmc_ip), ("Hostname", _fqdn(hmc.name)), ("ManagerType", "HMC"),
                    ("LocalHostname", _fqdn(lp.name)), ("ClusterTM", "9078-160"), ("ClusterSNum", ""),
                    ("ActivePeerDomain", ""), ("NodeNameList", (_fqdn(lp.name),))),
                    "IBM.ManagementServer", len(resources) + 1))
                continue
            resources.append(Mcp((("MNName", mn_name), ("NodeID", node), ("KeyToken", token),
                                  ("IPAddresses", (hmc_ip,)), ("ConnectivityNames", (lp.ip,)),
                                  ("HMCName", hmc.serial), ("HMCIPAddr", hmc_ip), ("HMCAddIPs", ""),
                                  ("HMCAddIPv6s", ""), ("ActivePeerDomain", ""), ("NodeNameList", (lp.name,))),
                                 "IBM.MCP", len(resources) + 1))
        if is_victim and fault == "mcp_unknown_hmc":
            resources.append(Mcp((("MNName", lp.ip), ("NodeID", 12345), ("KeyToken", "oldhmc.domain.com"),
                                  ("IPAddresses", ("10.10.40.5",)), ("ConnectivityNames", (lp.ip,)),
                                  ("HMCName", "7042CR7*10B2C3D"), ("HMCIPAddr", "10.10.40.5"), ("HMCAddIPs", ""),
                                  ("HMCAddIPv6s", ""), ("ActivePeerDomain", ""), ("NodeNameList", (lp.name,))),
                                 "IBM.MCP", len(resources) + 1))
        if e.novalink:
            resources.append(Mcp((("MNName", "fe80::5054:ff:fe00:2"), ("NodeID", 0x1D1E2F3A4B5C6D7E),
                                  ("KeyToken", "novalink1"), ("IPAddresses", ("fe80::5054:ff:fe00:1",)),
                                  ("ConnectivityNames", ("fe80::5054:ff:fe00:2",)), ("HMCName", ""),
                                  ("HMCIPAddr", "fe80::5054:ff:fe00:1"), ("HMCAddIPs", ""), ("HMCAddIPv6s", ""),
                                  ("ActivePeerDomain", ""), ("NodeNameList", (lp.name,))),
                                 "IBM.MCP", len(resources) + 1))
        if e.flavour == "old-aix":
            cmd(p + "lsrsrc IBM.ManagementServer", lsrsrc.render(list(resources)))
        elif fault == "mcp_class_vs_rm" and is_victim:
            cmd(p + "lsrsrc IBM.ManagementServer", "Resource Persistent Attributes for IBM.ManagementServer\n")
        elif fault == "partial_dump" and is_victim:
            cmd(p + "lsrsrc IBM.MCP", "Resource Persistent Attributes for IBM.MCP\nresource 1:\n"
                "\tMNName            = \"10.10.50.2\n")  # cut off mid-copy: fails to parse
        else:
            cmd(p + "lsrsrc IBM.MCP", lsrsrc.render(list(resources)))
    return "".join(out)


PROVENANCE = ("constructed: an estate of {hmcs} HMCs and {lpars} partitions built by tests/estate.py from the field "
              "guide's procedure (shared/reference/rmc-dlpar-troubleshooting-notes.txt) and IBM's RMC diagnosis "
              "(shared/reference/ibm-rmc-diagnosis.md); every output rendered in the documented format of its "
              "command, as in the single-command corpus")

# name -> (fault, style): the scenarios of corpus/scenarios (faults, and healthy look-alikes of each)
SCENARIOS: dict[str, tuple[str | None, dict[str, bool | str]]] = {
    "healthy": (None, {}),
    "healthy-linux": (None, {"flavour": "linux"}),
    "healthy-vios": (None, {"flavour": "vios"}),
    "healthy-old-aix": (None, {"flavour": "old-aix"}),
    "healthy-ipv6": (None, {"ipv6": True}),
    "healthy-hmc-names-fqdn-prompts": (None, {"hmc_names": True, "fqdn_prompts": True}),
    "down-hmc-names-fqdn-prompts": ("down", {"hmc_names": True, "fqdn_prompts": True}),
    "linux-drm-not-installed": ("drm_not_installed", {"flavour": "linux"}),
    "vios-ctrmc-inoperative": ("ctrmc_inoperative", {"flavour": "vios"}),
    **{fault.replace("_", "-"): (fault, {}) for fault in FAULTS},
}
SCENARIOS.update({fault.replace("_", "-"): (fault, {}) for fault in IBM_FAULTS})
SCENARIOS.update({  # after the plain faults: a style given here wins
    "mcp-ip-mismatch-lshmc": ("mcp_ip_mismatch", {"hmc_addresses": "lshmc"}),
    "healthy-lshmc": (None, {"hmc_addresses": "lshmc"}),
    "mcp-ip-mismatch-unshown": ("mcp_ip_mismatch_unshown", {"hmc_addresses": "none"}),
    "linux-dlpar-capable-zero": ("dlpar_capable_zero", {"flavour": "linux"}),
    "healthy-keytoken-hmcname": (None, {"keytoken": "hmcname"}),
    "healthy-novalink": (None, {"novalink": True}),
    "healthy-ibmi": (None, {"ibmi": True}),
})
FAULTS.update(IBM_FAULTS)


def scenario(name: str) -> Estate:
    """The estate of a named scenario."""
    fault, style = SCENARIOS[name]
    return estate(seed=7, fault=fault, **style)  # type: ignore[arg-type]


def write_scenarios(folder: Path) -> None:
    """Write every scenario's transcript; tests/golden.py then writes their findings."""
    from tests.golden import regenerate

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (fault, style) in SCENARIOS.items():
        path = folder / f"{name}.txt"
        e = scenario(name)
        path.write_text(render(e), encoding="utf-8")
        meta = {"provenance": PROVENANCE.format(hmcs=len(e.hmcs), lpars=len(e.lpars)), "fault": fault,
                "style": style}
        json_path = path.with_suffix(".json")
        if json_path.exists():
            meta = {**json.loads(json_path.read_text(encoding="utf-8")), **meta}
        json_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    regenerate(written)


if __name__ == "__main__":
    write_scenarios(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "corpus" / "scenarios")

# rule -> the healthy look-alike scenario that shows what the rule must not take for its fault
LOOK_ALIKES = {
    "DOMAIN_ABSENT": "healthy-ibmi", "RMC_DOWN": "healthy", "RMC_SUSPENDED": "healthy",
    "RMC_STATE_UNKNOWN": "healthy-novalink", "RMC_VIEW_MISMATCH": "healthy-novalink",
    "LSPARTITION_IP": "healthy-hmc-names-fqdn-prompts", "LSSYSCFG_RMC_IP": "healthy-hmc-names-fqdn-prompts",
    "CTRMC_INACTIVE": "healthy", "DRM_INACTIVE": "healthy", "DOMAIN_RM_INACTIVE": "healthy-old-aix",
    "RM_NOT_INSTALLED": "healthy-old-aix", "RMC_PENDING_UP": "healthy", "HOST_IDENTITY": "healthy-ipv6",
    "DUPLICATE_NODE_ID": "healthy", "RECYCLED_IP": "healthy", "THL_NAME_AND_ADDRESS": "healthy-ipv6",
    "THL_SELF": "healthy-vios", "NAMING": "healthy-hmc-names-fqdn-prompts", "MCP_KEYTOKEN": "keytoken-absent-but-up",
    "MCP_STALE_NODE_ID": "healthy", "MCP_MISSING": "healthy-old-aix", "MCP_CLASS_VS_RM": "healthy-old-aix",
    "MCP_STALE": "healthy", "MCP_UNKNOWN_HMC": "healthy-novalink", "MCP_IP_MISMATCH": "mcp-ip-mismatch-unshown",
    "LSPARTITION_INACTIVE": "healthy", "LSPARTITION_DCAPS": "healthy", "LSSYSCFG_LSPARTITION": "healthy-ibmi",
    "LSSYSCFG_RMC_STATE": "healthy-ibmi", "DLPAR_CAPABLE": "healthy-ibmi", "RMC_LOWER_LEVEL": "healthy-linux",
    "DATA_MISSING": "healthy",
}
