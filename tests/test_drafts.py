"""Records made as drafts (issue 16): a class laid out as the record's, whose slots are stored, then the record's class.

A fast engine makes a record as ``object.__new__(DRAFT)``, stores its slots and sets ``__class__`` to the record's
class: what attrs' ``__init__`` does, while the record class has nothing else to run (no default it does not set,
no validator, converter or on_setattr hook, no __attrs_post_init__) and the draft has the same base and slots.
"""

from __future__ import annotations

import pickle
from typing import Any, cast

import attrs
import pytest

from rsctparse._commands import ctsthl, lspartition, lsrsrc, rmcdomainstatus
from rsctparse._records import Record

# record class -> (its draft, the fields the fast engines store, in order)
DRAFTS: dict[type, tuple[type, tuple[str, ...]]] = {
    rmcdomainstatus.DomainNode: (rmcdomainstatus._DRAFT, (
        "domain", "state_code", "state", "queue_code", "node_id", "node_number", "address", "peer_domain")),
    ctsthl.TrustedHost: (ctsthl._DRAFT, ("host_identity", "identifier_generation_method", "identifier_value")),
    lspartition.DlparPartition: (lspartition._DRAFT, (
        "index", "lpar_id", "machine_type_model", "serial_number", "hostname", "ip_address", "active", "os_type",
        "os_version", "os_level", "dcaps", "cmd_caps", "pinned_mem", "extra")),
    **{kind: (lsrsrc._DRAFTS[kind], ("items", "resource_class", "index", "persistence"))
       for kind in (lsrsrc.Resource, lsrsrc.Mcp, lsrsrc.ManagementServer)},
}
IDS = [c.__name__ for c in DRAFTS]


@pytest.mark.parametrize("cls", list(DRAFTS), ids=IDS)
def test_drafts_are_laid_out_as_their_records(cls: type) -> None:
    draft, names = DRAFTS[cls]
    assert draft.__bases__ == cls.__bases__ and vars(draft)["__slots__"] == vars(cls)["__slots__"]
    assert draft.__basicsize__ == cls.__basicsize__ and draft.__dictoffset__ == cls.__dictoffset__ == 0
    assert tuple(f.name for f in attrs.fields(cls)) == names
    slots = {name for k in cls.__mro__ for name in vars(k).get("__slots__", ())} - {"__weakref__"}
    assert slots == set(names)  # (the engines store every slot the record has: no default is left to __init__)
    for field in attrs.fields(cls):
        assert field.validator is None and field.converter is None and field.on_setattr in (None, attrs.NOTHING)
    for hook in ("__attrs_post_init__", "__attrs_pre_init__", "__attrs_init__"):
        assert not hasattr(cls, hook)
    assert issubclass(cls, Record) and not issubclass(draft, cls)


@pytest.mark.parametrize("cls", list(DRAFTS), ids=IDS)
def test_a_finished_draft_is_its_record(cls: type) -> None:
    draft, names = DRAFTS[cls]
    values = [f"v{i}" for i in range(len(names))]
    made = cast(Any, object.__new__(draft))
    for name, value in zip(names, values, strict=True):
        setattr(made, name, value)
    setattr(made, "__class__", cls)  # noqa: B010 - (what the engines write as made.__class__ = cls)
    built = cls(*values)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert attrs.astuple(made, recurse=False) == tuple(values)
    assert pickle.loads(pickle.dumps(made)) == built
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(made, names[0], "x")
    with pytest.raises(AttributeError):
        made.other = 1
    assert type(made) is cls

