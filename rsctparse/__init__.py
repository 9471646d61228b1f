"""rsctparse: typed records from the HMC and RSCT commands used to troubleshoot RMC and DLPAR."""

from ._api import detect, parse
from ._check import Evidence, Finding, check
from ._commands.lssrc import Subserver, Subsystem
from ._errors import ParseError
from ._records import Message, Record, as_data
from ._registry import COMMANDS
from ._stream import MARKER, Section, iter_sections

__version__ = "0.1.0"

__all__ = [
    "COMMANDS",
    "MARKER",
    "Evidence",
    "Finding",
    "Message",
    "ParseError",
    "Record",
    "Section",
    "Subserver",
    "Subsystem",
    "__version__",
    "as_data",
    "check",
    "detect",
    "iter_sections",
    "parse",
]
