"""Rules on authentication: trusted host lists (ctsthl -l) against host identities (ctsvhbal)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import evidence
from ..fleet import Fleet
from ..registry import Found, rule
from ..remedies import identity_remedy


@rule("HOST_IDENTITY", "error", ("ctsthl", "ctsvhbal"),
      "each side's trusted host list holds one of the other side's identities, with its current key")
def host_identity(f: Fleet) -> Iterator[Found]:
    for hmc, lpar, pair_ev in f.pairs():
        for holder, other in ((hmc, lpar), (lpar, hmc)):
            trusted, identities = holder.trusted(), other.identities()
            if trusted is None or identities is None:
                continue
            names = [i for i, _ in identities]
            matches = holder.trusted_as(*names)
            ev = [evidence(s) for s in holder.ran("ctsthl")] + [evidence(s) for s in other.ran("ctsvhbal")]
            if not matches:
                yield Found(
                    lpar.name,
                    f"the trusted host list of {holder.name} has no entry for any identity of {other.name} "
                    f"({', '.join(i for i, _ in identities) or 'none listed'}): RMC authentication fails",
                    tuple(ev + pair_ev[:1]), identity_remedy(holder.name, other.name),
                )
                continue
            own_keys = {e.identifier_value.lower() for e, _ in other.trusted_as(*names)}
            if not own_keys:
                continue
            for entry, s in matches:
                if entry.identifier_value.lower() not in own_keys:
                    yield Found(
                        lpar.name,
                        f"{holder.name} trusts {entry.host_identity} with a different key than the one "
                        f"{other.name} holds for itself: a stale key (re-installed or cloned partition)",
                        (evidence(s, entry.host_identity),
                         *[evidence(os_, e.host_identity) for e, os_ in other.trusted_as(entry.host_identity)][:1]),
                        f"on {holder.name}, remove the stale entry (ctsthl -d -n {entry.host_identity}) and let RMC "
                        f"re-exchange keys; on a cloned {other.name}, run recfgct to give it its own node id and keys",
                    )
