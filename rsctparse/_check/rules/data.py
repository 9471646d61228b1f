"""The data note: per host, the commands the checks needed and did not get (not collected, or failed to parse)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..finding import Evidence
from ..fleet import Fleet
from ..registry import Found, rule

# the error of a section whose command never ran (rsctparse._sections names such runs; docs/transcripts.md)
_FAILED_RUN = re.compile(
    r"expected \S+ output(?: from \S+)?, found (?P<what>(?:ssh's|a restricted shell's|sudo's|the shell's 'not found'"
    r"|a failed run).*)")
PARTITION_COMMANDS = ("lssrc", "rmcdomainstatus", "ctsvhbal", "ctsthl", "lsrsrc")
HMC_COMMANDS = ("lspartition", "lssyscfg", "rmcdomainstatus", "ctsvhbal", "ctsthl")


@rule("DATA_MISSING", "info", "data", (),
      "a host's commands that the checks need are not in the dump, or failed to parse: those checks did not run "
      "for it", source="rsctparse (the commands of the field guide and IBM's diagnosis, S1-S12)")
def data_missing(f: Fleet) -> Iterator[Found]:
    for host in f.hosts.values():
        if not (host.is_hmc or host.is_lpar):
            continue
        wanted = HMC_COMMANDS if host.is_hmc else PARTITION_COMMANDS
        failed = [s for s in host.sections if s.error is not None and s.command in wanted]
        parsed = {s.command for s in host.sections if s.error is None}
        missing = [c for c in wanted if c not in parsed and not any(s.command == c for s in failed)]
        if not missing and not failed:
            continue
        parts = []
        if missing:
            parts.append(f"{', '.join(missing)} not collected")
        for s in failed:
            if s.command not in parsed:
                line = s.error.line if s.error is not None else s.line
                ran = _FAILED_RUN.match(s.error.message) if s.error is not None else None
                if ran is not None:  # the command never ran (ssh, a restricted shell, not installed): say why
                    parts.append(f"{s.command} did not run at {s.file or '<input>'}:{line} ({ran.group('what')})")
                else:
                    parts.append(f"{s.command} output failed to parse at {s.file or '<input>'}:{line}")
        if not parts:
            continue
        yield Found(
            host.label,
            f"{host.label}: {'; '.join(parts)}: the checks that need this output did not run for this host",
            tuple(Evidence(s.file, s.error.line if s.error else s.line, s.host, s.command) for s in failed
                  if s.command not in parsed),
            f"collect the missing output on {host.label} (docs/collect-rmc.sh lists every command)",
        )

