"""rsctparse: typed records from the HMC and RSCT commands used to troubleshoot RMC and DLPAR."""

from ._api import detect, parse
from ._commands.lssrc import Subserver, Subsystem
from ._errors import ParseError
from ._records import Message, Record, as_data
from ._registry import COMMANDS

__version__ = "0.1.0"

__all__ = [
    "COMMANDS",
    "Message",
    "ParseError",
    "Record",
    "Subserver",
    "Subsystem",
    "__version__",
    "as_data",
    "detect",
    "parse",
]
