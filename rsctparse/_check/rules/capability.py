"""Rules on DLPAR capability as the HMC shows it: lspartition -dlpar, lssyscfg -r lpar, RMC levels."""

from __future__ import annotations

from collections.abc import Iterator

from ..._commands.lspartition import DlparPartition
from ..._commands.lssyscfg import Lpar
from ..._commands.rmcdomainstatus import DomainNode
from ..finding import Evidence, evidence, evidence_line
from ..fleet import Fleet, Host
from ..registry import Found, rule
from ..remedies import diagrmc, restart_rmc
from .causes import CONNECTION_CAUSES, CONNECTION_STATES
from .hmcviews import join_lssyscfg, uses_rmc


class _Views:
    """One finding per partition from what several HMCs show: every HMC's view named, every line as evidence."""

    def __init__(self) -> None:
        self.by_subject: dict[str, tuple[Host | None, list[str], list[Evidence], list[str]]] = {}

    def add(self, subject: str, lpar: Host | None, view: str, ev: tuple[Evidence, ...], remedy: str) -> None:
        held = self.by_subject.setdefault(subject, (lpar, [], [], []))
        held[1].append(view)
        held[2].extend(ev)
        held[3].append(remedy)

    def found(self, text: str) -> Iterator[Found]:
        for subject, (_, views, ev, remedies) in self.by_subject.items():
            yield Found(subject, "; ".join(dict.fromkeys(views)) + text, tuple(dict.fromkeys(ev)),
                        " / ".join(dict.fromkeys(remedies)))


def _partition(f: Fleet, part: DlparPartition) -> tuple[str, Host | None]:
    lpar = f.index.find(part.ip_address, part.hostname)
    if part.hostname or part.ip_address:
        return f.subject(part.ip_address, part.hostname), lpar
    return f"lpar {part.lpar_id}", lpar


@rule("LSPARTITION_INACTIVE", "error", "capability", ("lspartition",),
      "lspartition -dlpar shows Active:<0>: the HMC has no RMC connection to the partition",
      source="field guide; IBM: checking RMC connections (S1)", explained_by=CONNECTION_CAUSES + CONNECTION_STATES)
def lspartition_inactive(f: Fleet) -> Iterator[Found]:
    views = _Views()
    for hmc in f.hmcs():
        for part, s in hmc.records(DlparPartition):
            if part.active == 0:
                subject, lpar = _partition(f, part)
                views.add(subject, lpar,
                          f"{hmc.label} shows Active:<0> for partition {part.lpar_id} ({part.ip_address}, "
                          f"{part.hostname})", (evidence(s, f"<#{part.index}>", "Active:"),),
                          "check the partition's IP and network to the HMC (port 657 both ways) and its RMC daemons: "
                          + restart_rmc(lpar, subject) + "; IBM's check of this connection: "
                          + diagrmc(subject, part.ip_address))
    yield from views.found(": the HMC has no RMC connection to it and DLPAR is not possible")


@rule("LSPARTITION_DCAPS", "error", "capability", ("lspartition",),
      "lspartition -dlpar shows DCaps:<0x0> for a connected partition: no DLPAR capability",
      source="field guide; gibsonnet blog (B2: DCaps 0 means IBM.DRM is down)",
      explained_by=("DRM_INACTIVE", "RM_NOT_INSTALLED", "CTRMC_INACTIVE"))
def lspartition_dcaps(f: Fleet) -> Iterator[Found]:
    views = _Views()
    for hmc in f.hmcs():
        for part, s in hmc.records(DlparPartition):
            if part.active != 0 and part.dcaps == 0:
                subject, lpar = _partition(f, part)
                views.add(subject, lpar, f"{hmc.label} shows DCaps:<0x0> for partition {part.lpar_id} "
                          f"({part.ip_address})", (evidence(s, f"<#{part.index}>", "DCaps:"),),
                          "IBM.DRM must be active on the partition (lssrc -a | grep rsct): "
                          + restart_rmc(lpar, subject))
    yield from views.found(": the partition reports no DLPAR capability")


@rule("LSSYSCFG_LSPARTITION", "warning", "capability", ("lssyscfg", "lspartition"),
      "lssyscfg's rmc_state and lspartition -dlpar's Active:<N> for a partition agree",
      source="IBM: checking RMC connections (S1) for Active:<1> with rmc_state none/inactive; the reverse is "
             "rsctparse's own")
def lssyscfg_lspartition(f: Fleet) -> Iterator[Found]:
    views = _Views()
    for hmc in f.hmcs():
        for lp, s, part, ps in join_lssyscfg(hmc):
            if lp.rmc_state not in ("active", "inactive", "none") or part.active is None:
                continue
            if (lp.rmc_state == "active") == (part.active > 0):
                continue
            subject = f.subject(lp.name, part.ip_address, lp.rmc_ipaddr)
            if part.active > 0:
                remedy = ("IBM: the data behind the two commands disagree; rebuild the managed system (on the HMC: "
                          "chsysstate -m MANAGED_SYSTEM -r sys -o rebuild, the command form is rsctparse's) or restart "
                          "the HMC")
            else:
                remedy = ("rsctparse's reading (no IBM source): the views may disagree while the connection "
                          "changes state; run both commands again in a few minutes, then rmcdomainstatus -s ctrmc on "
                          "both sides")
            views.add(subject, None, f"{hmc.label}: lssyscfg says rmc_state={lp.rmc_state} for "
                      f"{lp.name or lp.lpar_id} but lspartition -dlpar says Active:<{part.active}>",
                      (evidence(s, lp.name or ""), evidence(ps, f"<#{part.index}>", "Active:")), remedy)
    yield from views.found("")


@rule("LSSYSCFG_RMC_STATE", "error", "capability", ("lssyscfg",), "a Running partition whose rmc_state is not active",
      source="field guide; IBM: checking RMC connections (S1)",
      explained_by=CONNECTION_CAUSES + CONNECTION_STATES + ("LSPARTITION_INACTIVE", "LSSYSCFG_LSPARTITION"))
def lssyscfg_rmc_state(f: Fleet) -> Iterator[Found]:
    views = _Views()
    for hmc in f.hmcs():
        for lp, s in hmc.records(Lpar, "lssyscfg"):
            if lp.state == "Running" and lp.rmc_state is not None and lp.rmc_state != "active" and uses_rmc(lp):
                lpar = f.find(lp.name) or f.find(lp.rmc_ipaddr)
                subject = f.subject(lp.name, lp.rmc_ipaddr) if lp.name or lp.rmc_ipaddr else str(lp.lpar_id)
                views.add(subject, lpar, f"{hmc.label}: partition {lp.name} is Running with rmc_state "
                          f"{lp.rmc_state!r}", (evidence(s, lp.name or ""),),
                          "check the RMC connection from both sides (rmcdomainstatus -s ctrmc, lspartition -dlpar); "
                          + restart_rmc(lpar, subject))
    yield from views.found(": the HMC has no working RMC connection to it")


@rule("DLPAR_CAPABLE", "warning", "capability", ("lssyscfg",),
      "rmc_state=active with dlpar_mem_capable, dlpar_proc_capable or dlpar_io_capable 0",
      source="IBM: the lssyscfg fields (S1); IBM gives no remedy, the IBM.DRM step is the field guide's",
      explained_by=("DRM_INACTIVE", "RM_NOT_INSTALLED", "CTRMC_INACTIVE"))
def dlpar_capable(f: Fleet) -> Iterator[Found]:
    views = _Views()
    for hmc in f.hmcs():
        for lp, s in hmc.records(Lpar, "lssyscfg"):
            if lp.rmc_state != "active" or not uses_rmc(lp):
                continue
            lacking = [what for what, able in (("memory", lp.dlpar_mem_capable), ("processors", lp.dlpar_proc_capable),
                                               ("I/O", lp.dlpar_io_capable)) if able is False]
            if lacking:
                lpar = f.find(lp.name) or f.find(lp.rmc_ipaddr)
                subject = f.subject(lp.name, lp.rmc_ipaddr)
                views.add(subject, lpar, f"{hmc.label}: {lp.name} has an active RMC connection but reports no DLPAR "
                          f"capability for {' and '.join(lacking)}", (evidence(s, lp.name or ""),),
                          "IBM states no remedy; the field guide's: IBM.DRM must be active on the partition "
                          f"(lssrc -s IBM.DRM), else {restart_rmc(lpar, subject)}; the OS may also not support "
                          "DLPAR of that resource")
    yield from views.found("")


@rule("RMC_LOWER_LEVEL", "info", "capability", ("rmcdomainstatus",), "a node runs an older RMC daemon (queue a or r)",
      source="field guide (a); how-2-know blog (B3)")
def rmc_lower_level(f: Fleet) -> Iterator[Found]:
    for host in f.hosts.values():
        for node, s in host.records(DomainNode):
            if node.domain == "managed_nodes" and node.lower_rmc_level:
                yield Found(
                    f.subject(node.address),
                    f"{node.address} runs an older RMC daemon than {host.label} (queue token {node.queue_code!r})",
                    (evidence_line(s, node.node_id, node.address),),
                    "no action needed for DLPAR; update RSCT on the partition when convenient",
                )


