"""Adversarial input: records or a positioned ParseError, linear work, the stream never loses a byte.

Sizes are small enough for CI; bench/adversarial.py measures the same cases at 20 MB and more.
"""

from __future__ import annotations

import contextlib
import io

import pytest

import rsctparse
from bench.adversarial import CASES

SIZE = 300_000


@pytest.mark.parametrize("name", list(CASES))
def test_adversarial_case(name: str) -> None:
    mode, command, bad, _ = CASES[name]
    data = bad(SIZE)
    if mode == "parse":
        for engine in ("fast", "lark"):
            try:
                rsctparse.parse(data, command, engine=engine)
            except rsctparse.ParseError as exc:
                assert not exc.message.startswith("internal error")
                assert 1 <= exc.line <= data.count(b"\n") + data.count(b"\r") + 1
                assert len(str(exc)) < 1000  # a huge line is shown shortened
    else:
        sections = list(rsctparse.iter_sections(io.BytesIO(data), max_section=64 << 10))
        assert b"".join(s.text.encode("utf-8", "surrogateescape") for s in sections) == data


@pytest.mark.parametrize("text", [
    "a " * 100_000 + "x\n",                                  # a long sentence-like line (lssyscfg message rule)
    "0513-085 x.\nA" + ". " * 50_000 + "x\n",                # continuation-like line (lssrc)
    "Management Domain Status: Managed Nodes\n  I A  0x1  0001  h  a" + " " * 100_000 + "b\n",
    'Resource Persistent Attributes for IBM.MCP\nresource 1:\n\tX = "a' + " " * 100_000 + 'b"\n',
    "<#0> Partition:<a" + " " * 100_000 + "b, , 1.2.3.4>\n",
    "ctsvhbal: x\nIdentity: a" + " " * 100_000 + "b\n",
    "\x1b]" * 50_000 + "\n",
    "# " + "password" * 20_000 + ":\n",
])
def test_no_catastrophic_backtracking(text: str) -> None:
    """Inputs built against each regex's worst case: these would not finish if a regex backtracked badly."""
    for command in rsctparse.COMMANDS:
        with contextlib.suppress(rsctparse.ParseError):
            rsctparse.parse(text, command)
    list(rsctparse.iter_sections([text]))


def test_deep_nesting_is_an_error_not_a_recursion() -> None:
    text = "Resource Persistent Attributes for IBM.X\nresource 1:\n\tA = " + "{" * 10_000 + "}" * 10_000 + "\n"
    with pytest.raises(rsctparse.ParseError, match="expected"):
        rsctparse.parse(text, "lsrsrc")


@pytest.mark.parametrize(("text", "command"), [
    ("Resource Persistent Attributes for IBM.X\nresource 1:\n\tA = " + "9" * 5000 + "\n", "lsrsrc"),
    ("Resource Persistent Attributes for IBM.X\nresource 1:\n\tA = 1e999\n", "lsrsrc"),
    ("Management Domain Status: Managed Nodes\n  I A  0x1  " + "1" * 5000 + "  h\n", "rmcdomainstatus"),
    ("name=a,lpar_id=" + "7" * 5000 + "\n", "lssyscfg"),
    (" ctrmc rsct " + "1" * 5000 + " active\n", "lssrc"),
    ("<#" + "1" * 5000 + "> Partition:<1*2*3, , 1.2.3.4>\n", "lspartition"),
    ("1" * 5000 + ",1.2.3.4,0;2,1.2.3.5,0\n", "lspartition"),
])
def test_huge_numbers_stay_json_safe(text: str, command: str) -> None:
    """Python refuses int() of more than 4300 digits and JSON has no Infinity: neither may escape."""
    import json

    for engine in ("fast", "lark"):
        try:
            records = rsctparse.parse(text, command, engine=engine)
        except rsctparse.ParseError as exc:
            assert not exc.message.startswith("internal error")
        else:
            json.dumps(rsctparse.as_data(records), allow_nan=False)


def test_scaling_table_has_a_row_per_input_and_mode(capsys: pytest.CaptureFixture[str]) -> None:
    """bench/adversarial.py --scaling runs the CLI in every mode (tiny sizes here: no timing is asserted)."""
    from bench.adversarial import SCALING_INPUTS, SCALING_MODES, scaling

    scaling([0.02, 0.04], ["SRC message: continuation lines"], list(SCALING_MODES))
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| SRC message")]
    assert [row.split(" | ")[1] for row in rows] == list(SCALING_MODES)
    assert all(len(row.split(" | ")) == 6 for row in rows)
    assert len(SCALING_INPUTS) == 4
    for build in SCALING_INPUTS.values():
        data = build(20_000)
        assert len(data) >= 20_000


@pytest.mark.parametrize("text", [
    "a:" * 50_000 + "g\n",                        # an IPv6-like run that fails at its end
    "1." * 100_000 + "\n",                        # a dotted run (IPv4-like, FQDN-like)
    "0x" + "f" * 100_000 + "\n",                  # a node-id-like run
    "a." * 100_000 + "com\n",                     # a DNS name of 100,000 labels
    "x" * 1_000_000 + "\n",                       # one huge token
    "u@" * 100_000 + "\n",                        # user names before '@'
    ("a" * 79 + "\n") * 10_000,                   # every line a wrap candidate
    "Identifier Value:\n" + ("ab" * 40 + "\n") * 10_000,
    "1*8286-42A*" * 50_000 + "\n",                # MTM*serial chained
])
def test_anonymiser_is_linear_and_keeps_lengths(text: str) -> None:
    """Inputs built against the anonymiser's patterns: these would not finish if it were quadratic."""
    from rsctparse._anonymise import Anonymiser

    anon = Anonymiser("s")
    anon.learn_name("a")
    out = anon.text(anon.keys(text))
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
