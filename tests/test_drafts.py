"""Records made as drafts (issue 16, ``_records.draft``): a subclass of the record's class that adds no slot, whose
slots are stored, then the record's class.

A fast engine makes a record as ``DRAFT()``, stores its slots and sets ``__class__`` to the record's class: what
attrs' ``__init__`` does, while the record class has nothing else to run (no default it does not set, no
validator, converter or on_setattr hook, no __attrs_post_init__) and the draft has the same layout.
"""

from __future__ import annotations

import pickle
from typing import Any, cast

import attrs
import pytest

from rsctparse import _sections
from rsctparse._commands import ctsthl, lspartition, lsrsrc, lssrc, rmcdomainstatus
from rsctparse._records import Record, draft

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
    lssrc.Subsystem: (lssrc._DRAFT, ("subsystem", "group", "pid", "status")),
    _sections.Section: (_sections._DRAFT, (
        "host", "command", "argv", "line", "text", "records", "error", "managed_system", "file", "text_line")),
}
IDS = [c.__name__ for c in DRAFTS]


@pytest.mark.parametrize("cls", list(DRAFTS), ids=IDS)
def test_drafts_are_laid_out_as_their_records(cls: type) -> None:
    made_as, names = DRAFTS[cls]
    assert made_as.__bases__ == (cls,) and vars(made_as)["__slots__"] == ()
    assert made_as.__basicsize__ == cls.__basicsize__ and made_as.__dictoffset__ == cls.__dictoffset__ == 0
    assert made_as.__weakrefoffset__ == cls.__weakrefoffset__
    assert set(vars(made_as)) <= {"__module__", "__slots__", "__setattr__", "__delattr__", "__init__", "__doc__",
                                  "__qualname__"}
    assert tuple(f.name for f in attrs.fields(cls)) == names
    slots = {name for k in cls.__mro__ for name in vars(k).get("__slots__", ())} - {"__weakref__"}
    assert slots == set(names)  # (the engines store every slot the record has: no default is left to __init__)
    for field in attrs.fields(cls):
        assert field.validator is None and field.converter is None and field.on_setattr in (None, attrs.NOTHING)
    for hook in ("__attrs_post_init__", "__attrs_pre_init__", "__attrs_init__"):
        assert not hasattr(cls, hook)
    assert issubclass(cls, Record)


@pytest.mark.parametrize("cls", list(DRAFTS), ids=IDS)
def test_a_finished_draft_is_its_record(cls: type) -> None:
    made_as, names = DRAFTS[cls]
    values = [f"v{i}" for i in range(len(names))]
    made = cast(Any, made_as())
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



def test_a_draft_has_no_dict_and_leaves_its_record_class_as_it_was() -> None:
    @attrs.frozen
    class Pair(Record):
        left: str
        right: int

    before = dict(vars(Pair))
    made_as = draft(Pair)
    assert vars(Pair) == before and attrs.fields(made_as) == attrs.fields(Pair)
    made = made_as()
    with pytest.raises(AttributeError):
        made.other = 1  # (no __dict__: a misspelt field fails at once)
    made.left, made.right = "a", 1
    made.__class__ = Pair
    assert made == Pair("a", 1) and type(made) is Pair
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.left = "b"  # type: ignore[misc]
