"""The rule ids that break the HMC's RMC connection to a partition (what a connection symptom follows from)."""

from __future__ import annotations

# Root causes, in the chain's order: reachability, daemons, identity.
CONNECTION_CAUSES = (
    "DOMAIN_ABSENT", "MCP_IP_MISMATCH", "LSPARTITION_IP", "LSSYSCFG_RMC_IP",
    "CTRMC_INACTIVE", "RM_NOT_INSTALLED", "DOMAIN_RM_INACTIVE",
    "DUPLICATE_NODE_ID", "RECYCLED_IP", "HOST_IDENTITY", "MCP_KEYTOKEN",
)
# What the HMC's and the partition's RMC say when the connection is broken.
CONNECTION_STATES = ("RMC_DOWN", "RMC_SUSPENDED", "RMC_STATE_UNKNOWN", "RMC_PENDING_UP")
