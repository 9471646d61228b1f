"""The rules, one module per area; importing this package registers them all (in report order)."""

from . import domain, hmc, identity, partition  # noqa: F401  (registration happens on import)
