"""The rules, one module per area of the chain; importing this package registers them all (in chain order)."""

from . import reach  # noqa: I001  (registration order is the chain's order)
from . import daemons
from . import identity
from . import mcp
from . import capability
from . import data

__all__ = ["capability", "daemons", "data", "identity", "mcp", "reach"]
