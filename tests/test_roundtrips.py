"""Generated records rendered in each documented layout parse back equal (lspartition and RSCT commands)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse._commands import ctsthl, ctsvhbal, lspartition, lsrsrc, rmcdomainstatus
from rsctparse._commands.ctsthl import TrustedHost
from rsctparse._commands.ctsvhbal import HostIdentities
from rsctparse._commands.lspartition import DlparPartition, PartitionAddress
from rsctparse._commands.lsrsrc import CLASSES, Resource, ResourceClass
from rsctparse._commands.rmcdomainstatus import DOMAINS, STATES, DomainNode

WORD = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,14}", fullmatch=True)
IPV4 = st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t)))
IPV6 = st.from_regex(r"(fe80|2001):[0-9a-f]{1,4}(:[0-9a-f]{1,4}){0,3}::[0-9a-f]{1,4}", fullmatch=True)
HOST = st.one_of(WORD, IPV4, IPV6, st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,6}){1,3}", fullmatch=True))
SETTINGS = settings(max_examples=150, deadline=None)


def roundtrip(text: str, command: str, detect: bool = True) -> list[rsctparse.Record]:
    records = rsctparse.parse(text, command)
    if detect:
        assert rsctparse.detect(text) == command
    return records


ITEM = st.none() | st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ./()-]{0,20}[A-Za-z0-9)]", fullmatch=True)
PARTITION = st.builds(
    DlparPartition,
    index=st.integers(0, 999), lpar_id=st.integers(1, 999),
    machine_type_model=st.none() | st.from_regex(r"[0-9]{4}-[0-9A-Z]{3}", fullmatch=True),
    serial_number=st.none() | st.from_regex(r"[0-9A-Z]{7}", fullmatch=True),
    hostname=st.none() | HOST, ip_address=st.none() | IPV4,
    active=st.none() | st.integers(0, 3), os_type=ITEM, os_version=ITEM, os_level=ITEM,
    dcaps=st.none() | st.integers(0, 2**20), cmd_caps=st.none() | st.tuples(st.integers(0, 2**32), st.integers(0, 255)),
    pinned_mem=st.none() | st.integers(0, 10**6),
    extra=st.dictionaries(st.from_regex(r"[A-Z][A-Za-z]{1,10}", fullmatch=True).filter(
        lambda k: k not in {"Partition", "Active", "OS", "DCaps", "CmdCaps", "PinnedMem"}),
        st.lists(ITEM, min_size=1, max_size=3), max_size=2),
)


@SETTINGS
@given(st.lists(PARTITION, min_size=1, max_size=6))
def test_lspartition_dlpar(records: list[DlparPartition]) -> None:
    assert roundtrip(lspartition.render(list(records)), "lspartition") == records


@SETTINGS
@given(st.lists(st.builds(PartitionAddress, st.integers(1, 999), IPV4, st.integers(0, 3)), min_size=1, max_size=8))
def test_lspartition_i(records: list[PartitionAddress]) -> None:
    # one record without a ';' cannot be told from -F output: detection needs two
    text = lspartition.render(list(records))
    assert roundtrip(text, "lspartition", detect=len(records) > 1) == records


@SETTINGS
@given(st.lists(st.builds(PartitionAddress, st.integers(1, 999), IPV4, st.integers(0, 3),
                          st.none() | HOST, st.just("AIX"), st.from_regex(r"[0-9]\.[0-9]", fullmatch=True)),
                min_size=1, max_size=8))
def test_lspartition_ix(records: list[PartitionAddress]) -> None:
    text = lspartition.render(list(records))
    assert roundtrip(text, "lspartition", detect=len(records) > 1) == records


NODE = st.builds(
    lambda domain, state, queue, node_id, number, address, tail: DomainNode(
        domain, state, STATES.get(state), queue, node_id, number, address,
        tail if domain == "managed_nodes" else None),
    st.sampled_from(sorted(DOMAINS.values())),
    st.sampled_from(["S", "I", "i", "O", "X", "Z"]), st.sampled_from(["A", "a", "R", "r", "S"]),
    st.from_regex(r"0x[0-9a-f]{16}", fullmatch=True), st.integers(0, 9999), HOST,
    st.none() | st.sampled_from(["!/+", "masMMtest/+ (1)", "masfive/+(2)"]),
)


@SETTINGS
@given(st.lists(NODE, min_size=1, max_size=10))
def test_rmcdomainstatus(records: list[DomainNode]) -> None:
    # the renderer groups consecutive nodes of one domain under one header
    assert roundtrip(rmcdomainstatus.render(list(records)), "rmcdomainstatus") == records


HOST_ENTRY = st.builds(TrustedHost, HOST, st.sampled_from(["rsa512", "rsa1024", "rsa2048"]),
                       st.from_regex(r"120[0-9a-f]{20,300}", fullmatch=True))


@SETTINGS
@given(st.lists(HOST_ENTRY, min_size=1, max_size=5), st.sampled_from(["Host Identity", "Host name"]),
       st.integers(20, 80))
def test_ctsthl(records: list[TrustedHost], label: str, width: int) -> None:
    assert roundtrip(ctsthl.render(list(records), label=label, width=width), "ctsthl") == records


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["HBA", "HBA2"]), HOST), min_size=1, max_size=8))
def test_ctsvhbal(pairs: list[tuple[str, str]]) -> None:
    record = HostIdentities(tuple(i for _, i in pairs), tuple(pairs), ())
    [parsed] = roundtrip(ctsvhbal.render([record]), "ctsvhbal")
    assert isinstance(parsed, HostIdentities)
    assert parsed.identities == record.identities and parsed.mechanisms == record.mechanisms
    assert parsed.for_mechanism("HBA") == tuple(i for m, i in pairs if m == "HBA")


LEAF = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters='"\n'), max_size=20),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: "e" not in repr(f) or True),
)
VALUE = st.one_of(LEAF, st.lists(LEAF, max_size=4).map(tuple))
ATTRS = st.lists(st.tuples(st.from_regex(r"[A-Z][A-Za-z0-9]{0,18}", fullmatch=True), VALUE),
                 min_size=1, max_size=8, unique_by=lambda p: p[0])


@SETTINGS
@given(st.sampled_from(["IBM.MCP", "IBM.ManagementServer", "IBM.TieBreaker"]),
       st.lists(ATTRS, min_size=1, max_size=4))
def test_lsrsrc(resource_class: str, blocks: list[list[tuple[str, object]]]) -> None:
    cls = CLASSES.get(resource_class, Resource)
    records = [cls(tuple(items), resource_class, i + 1) for i, items in enumerate(blocks)]  # type: ignore[arg-type]
    assert roundtrip(lsrsrc.render(list(records)), "lsrsrc") == records


@SETTINGS
@given(st.lists(st.from_regex(r"IBM\.[A-Za-z]{1,20}", fullmatch=True), min_size=1, max_size=6))
def test_lsrsrc_class_list(names: list[str]) -> None:
    records = [ResourceClass(n) for n in names]
    assert roundtrip(lsrsrc.render(list(records)), "lsrsrc") == records
