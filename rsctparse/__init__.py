"""rsctparse: typed records from the HMC and RSCT commands used to troubleshoot RMC and DLPAR."""

from typing import TYPE_CHECKING

from ._anonymise import anonymise
from ._commands.ctsthl import TrustedHost
from ._commands.ctsvhbal import HostIdentities
from ._commands.lspartition import DlparPartition, PartitionAddress
from ._commands.lsrsrc import ManagementServer, Mcp, Resource, ResourceClass
from ._commands.lssrc import Subserver, Subsystem
from ._commands.lssyscfg import HmcRecord, Lpar, LparProfile, ManagedSystem, Values
from ._commands.rmcdomainstatus import DomainNode
from ._errors import ParseError
from ._parse import detect, parse
from ._prompt import MARKER
from ._records import Message, Record, as_data
from ._registry import COMMANDS
from ._render import render
from ._sections import Section, iter_sections

if TYPE_CHECKING:
    from ._check import Evidence, Finding, check

__version__ = "0.1.0"

_LAZY = frozenset({"Evidence", "Finding", "check"})  # the cross-record checks load on first use

if not TYPE_CHECKING:  # at run time only: type checkers see the names above, and no catch-all attribute

    def __getattr__(name: str) -> object:
        if name in _LAZY:
            from . import _check

            value = getattr(_check, name)
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(globals()) | _LAZY)


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
