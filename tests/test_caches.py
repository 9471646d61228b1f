"""The parsers' caches of lines keep short lines only: memory stays bounded whatever the input's lines."""

from __future__ import annotations

from collections.abc import Mapping

import rsctparse
from rsctparse import _session
from rsctparse._commands import lsrsrc, lssrc, lssyscfg
from rsctparse._values import CACHED_LINE_MAX


def test_long_lines_are_read_and_not_remembered() -> None:
    long = "x" * (CACHED_LINE_MAX + 1)
    short_row = " sendmail         mail                         inoperative"
    long_row = f" {long}         mail                         inoperative"
    header = "Subsystem         Group            PID          Status"
    lssrc_text = f"{header + ' ' * CACHED_LINE_MAX}\n{short_row}\n{long_row}\n"
    records = rsctparse.parse(lssrc_text, "lssrc")
    assert [r.subsystem for r in records] == ["sendmail", long]  # type: ignore[attr-defined]
    lsrsrc_text = (f'Resource Persistent Attributes for IBM.MCP\nresource 1:\n\tMNName = "{long}"\n'
                   '\tNodeID = 1\n')
    [mcp] = rsctparse.parse(lsrsrc_text, "lsrsrc")
    assert mcp.get("MNName") == long  # type: ignore[attr-defined]
    [rec] = rsctparse.parse(f"name=a,{long}=1\n", "lssyscfg")
    assert isinstance(rec, lssyscfg.HmcRecord) and rec.get(long) == "1"
    before = lssyscfg._is_list_name.cache_info().currsize
    assert not lssyscfg.is_list_name(long + "2") and lssyscfg.is_list_name("virtual_eth_adapters")
    assert lssyscfg._is_list_name.cache_info().currsize <= before + 1  # (the short name only)
    list(rsctparse.iter_sections([f"# lssrc -a\n{long}\n".encode()]))
    list(rsctparse.iter_sections([f"# lssyscfg -r lpar -m sys\nname=a,lpar_env={long}\nname=b,lpar_id=2\n".encode()]))
    caches: list[Mapping[str, object]] = [lssrc._NO_PID_ROWS, lssrc._HEADERS, lsrsrc._LINES, _session._PLAIN_STARTS,
                                          lssyscfg._PAIRS]
    assert short_row in lssrc._NO_PID_ROWS and "\tNodeID = 1" in lsrsrc._LINES  # (short lines are remembered)
    assert "lpar_id=2" in lssyscfg._PAIRS  # (and short fields)
    assert all(len(key) <= CACHED_LINE_MAX for cache in caches for key in cache)
    assert not any(long in key for cache in caches for key in cache)
