"""Importing rsctparse and parsing valid output need no Lark: the grammar (and Lark) load on first use, as do the
checks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import pytest

import rsctparse
from rsctparse._command import Command
from rsctparse._parse import parse_normalized
from tests.golden import CORPUS, ROOT, cases

LSSRC = CORPUS / "lssrc" / "aix-status-all.txt"


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout


def test_import_and_fast_parse_leave_lark_unimported() -> None:
    code = (
        "import sys, json, rsctparse\n"
        "assert 'lark' not in sys.modules, 'import rsctparse imported lark'\n"
        f"fast = rsctparse.parse(open({str(LSSRC)!r}, 'rb').read(), 'lssrc')\n"
        "after_fast = 'lark' in sys.modules\n"
        f"slow = rsctparse.parse(open({str(LSSRC)!r}, 'rb').read(), 'lssrc', engine='lark')\n"
        "print(json.dumps([after_fast, 'lark' in sys.modules, len(fast), fast == slow]))\n"
    )
    after_fast, after_lark, count, same = json.loads(_run(code))
    assert after_fast is False  # the fast path needed no grammar
    assert after_lark is True  # the grammar engine loads Lark when asked for
    assert count == 75 and same


def test_checks_load_on_first_use() -> None:
    code = (
        "import sys, rsctparse\n"
        "before = 'rsctparse._check' in sys.modules\n"
        "from rsctparse import Finding, check\n"
        "print(before, check is rsctparse.check, Finding.__module__, 'Evidence' in dir(rsctparse))\n"
    )
    assert _run(code).split() == ["False", "True", "rsctparse._check.finding", "True"]
    with pytest.raises(AttributeError, match="module 'rsctparse' has no attribute 'nosuch'"):
        getattr(rsctparse, "nosuch")  # noqa: B009


def test_valid_corpus_samples_never_reach_the_grammar() -> None:
    """Every valid single-command sample parses on the fast path: no grammar fallback, so no Lark."""
    valid = []
    for sample in cases():
        meta = json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))
        if "records" in meta:
            valid.append((str(sample), meta["command"], meta.get("options", {})))
    assert len(valid) > 40
    code = (
        "import sys, json, rsctparse\n"
        f"for path, command, options in json.loads({json.dumps(valid)!r}):\n"
        "    rsctparse.parse(open(path, 'rb').read(), command, **options)\n"
        "    if 'lark' in sys.modules:\n"
        "        print(path)\n"
        "        break\n"
    )
    assert _run(code) == ""


def test_a_fault_left_to_the_grammar_loads_lark_and_keeps_the_golden_error() -> None:
    sample = CORPUS / "ctsthl" / "invalid-value-not-hex.txt"  # ctsthl's grammar re-finds the fault's position
    golden = json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))["error"]
    code = (
        "import sys, json, rsctparse\n"
        "try:\n"
        f"    rsctparse.parse(open({str(sample)!r}, 'rb').read(), 'ctsthl', source={sample.name!r})\n"
        "except rsctparse.ParseError as exc:\n"
        "    print(json.dumps([str(exc), 'lark' in sys.modules]))\n"
    )
    error, loaded = json.loads(_run(code))
    assert error == golden
    assert loaded is True


def _command(parse: Callable[..., list[rsctparse.Record]]) -> Command:
    return Command("broken", parse, parse, lambda head: False, lambda records: "", "A command whose parser fails.")


def test_a_lark_error_is_an_internal_error() -> None:
    from lark.exceptions import GrammarError

    def fails(text: str) -> list[rsctparse.Record]:
        raise GrammarError("bad grammar")

    with pytest.raises(rsctparse.ParseError, match="internal error: GrammarError: bad grammar"):
        parse_normalized("x\n", _command(fails), None, "fast", {})


def test_other_exceptions_are_not_swallowed() -> None:
    def fails(text: str) -> list[rsctparse.Record]:
        raise RuntimeError("not ours to hide")

    with pytest.raises(RuntimeError, match="not ours to hide"):
        parse_normalized("x\n", _command(fails), None, "fast", {})


def test_fallback_counter_is_zero_on_valid_samples_and_counts_a_grammar_reread() -> None:
    from rsctparse import _grammar

    _grammar.reset_fallbacks()
    commands = set()
    for sample in cases():
        meta = json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))
        if "records" in meta:
            rsctparse.parse(sample.read_bytes(), meta["command"], **meta.get("options", {}))
            commands.add(meta["command"])
    assert commands == set(rsctparse.COMMANDS)  # every command had valid samples
    assert sum(_grammar.FALLBACKS.values()) == 0, dict(_grammar.FALLBACKS)
    with pytest.raises(rsctparse.ParseError):  # a fault the grammar re-reads for its exact position
        rsctparse.parse((CORPUS / "ctsthl" / "invalid-value-not-hex.txt").read_bytes(), "ctsthl")
    assert dict(_grammar.FALLBACKS) == {"ctsthl": 1}
    rsctparse.parse((CORPUS / "ctsthl" / "ibm-doc-rsa1024.txt").read_bytes(), "ctsthl", engine="lark")
    assert dict(_grammar.FALLBACKS) == {"ctsthl": 1}  # the grammar engine asked for is no fallback
    _grammar.reset_fallbacks()
    assert not _grammar.FALLBACKS
