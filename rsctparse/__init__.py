"""rsctparse: typed records from the HMC and RSCT commands used to troubleshoot RMC and DLPAR."""

from typing import TYPE_CHECKING

from ._errors import ParseError
from ._parse import detect, parse
from ._records import Message, Record, as_data
from ._registry import COMMANDS

if TYPE_CHECKING:
    from ._anonymise import anonymise
    from ._check import Evidence, Finding, check
    from ._commands.ctsthl import TrustedHost
    from ._commands.ctsvhbal import HostIdentities
    from ._commands.lspartition import DlparPartition, PartitionAddress
    from ._commands.lsrsrc import ManagementServer, Mcp, Resource, ResourceClass
    from ._commands.lssrc import Subserver, Subsystem
    from ._commands.lssyscfg import HmcRecord, Lpar, LparProfile, ManagedSystem, Values
    from ._commands.rmcdomainstatus import DomainNode
    from ._prompt import MARKER
    from ._render import render
    from ._sections import Section, iter_sections

__version__ = "0.1.0"

# The names loaded on first use, by the module that holds them: ``import rsctparse`` and ``parse(text, "lssrc")``
# load neither the transcript reader nor the other commands' modules (an Ansible module runs in a new process
# each time). ``from rsctparse import Subsystem`` works as ever.
_LAZY = {
    "anonymise": "_anonymise",
    "Evidence": "_check", "Finding": "_check", "check": "_check",
    "TrustedHost": "_commands.ctsthl",
    "HostIdentities": "_commands.ctsvhbal",
    "DlparPartition": "_commands.lspartition", "PartitionAddress": "_commands.lspartition",
    "ManagementServer": "_commands.lsrsrc", "Mcp": "_commands.lsrsrc", "Resource": "_commands.lsrsrc",
    "ResourceClass": "_commands.lsrsrc",
    "Subserver": "_commands.lssrc", "Subsystem": "_commands.lssrc",
    "HmcRecord": "_commands.lssyscfg", "Lpar": "_commands.lssyscfg", "LparProfile": "_commands.lssyscfg",
    "ManagedSystem": "_commands.lssyscfg", "Values": "_commands.lssyscfg",
    "DomainNode": "_commands.rmcdomainstatus",
    "MARKER": "_prompt",
    "render": "_render",
    "Section": "_sections", "iter_sections": "_sections",
}

if not TYPE_CHECKING:  # at run time only: type checkers see the names above, and no catch-all attribute

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "COMMANDS",
    "MARKER",
    "DlparPartition",
    "DomainNode",
    "Evidence",
    "Finding",
    "HmcRecord",
    "HostIdentities",
    "Lpar",
    "LparProfile",
    "ManagedSystem",
    "ManagementServer",
    "Mcp",
    "Message",
    "ParseError",
    "PartitionAddress",
    "Record",
    "Resource",
    "ResourceClass",
    "Section",
    "Subserver",
    "Subsystem",
    "TrustedHost",
    "Values",
    "__version__",
    "anonymise",
    "as_data",
    "check",
    "detect",
    "iter_sections",
    "parse",
    "render",
]
