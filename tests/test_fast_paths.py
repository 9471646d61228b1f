"""The fast paths' whole-entry and whole-text matches equal the grammar (and the line engines they front)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse._commands import ctsthl
from rsctparse._errors import Fault, Reject
from rsctparse._parse import Engine


def outcome(text: str, command: str, engine: Engine) -> object:
    try:
        return [r.as_data() for r in rsctparse.parse(text, command, engine=engine)]
    except rsctparse.ParseError as exc:
        return (exc.line, exc.column, exc.message)


def same(text: str, command: str) -> None:
    assert outcome(text, command, "fast") == outcome(text, command, "lark")


BLANKS = st.sampled_from(["", " ", "\t", "  ", " \t "])
SOME_BLANKS = st.sampled_from([" ", "\t", "  ", " \t "])
HEX = st.from_regex(r"[0-9a-fA-F]{1,20}", fullmatch=True)


@st.composite
def ctsthl_lines(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        clean = draw(st.booleans())  # as ctsthl prints it, or with a perturbation anywhere

        def odd(values: st.SearchStrategy[str], clean: bool = clean) -> str:
            return "" if clean and draw(st.integers(0, 9)) else draw(values)

        lines += draw(st.lists(st.sampled_from(["", "-" * 20, "---", "--", "-----  ", "----x"]), max_size=2))
        label = draw(st.sampled_from(["Host Identity:", "Host name:", "Host  Identity :", "Host\tname:"]))
        host = draw(st.sampled_from(["hmc01.domain.com", "10.1.0.5", "", "a b", "fe80::1", "h\r"]))
        lines.append(odd(BLANKS) + label + draw(BLANKS) + host + odd(BLANKS))
        method = draw(st.sampled_from(["rsa1024", "rsa512", "", "rsa 2048"]))
        lines.append(odd(BLANKS) + "Identifier Generation Method:" + draw(BLANKS) + method + odd(BLANKS))
        lines.append(odd(BLANKS) + "Identifier Value:" + odd(st.sampled_from(["", " ", " 12ab"])))
        for _ in range(draw(st.integers(0, 3))):
            lines.append(odd(BLANKS) + draw(HEX) + odd(st.sampled_from(["", " ", " 0a", "x", "-"])))
    lines += draw(st.lists(st.sampled_from(["", "-" * 20, "Identifier Value:"]), max_size=2))
    return lines


@settings(max_examples=400, deadline=None)
@given(ctsthl_lines())
def test_ctsthl_entries_equal_the_grammar_and_the_line_engine(lines: list[str]) -> None:
    text = "".join(line + "\n" for line in lines)
    same(text, "ctsthl")
    results: list[object] = []
    for engine in (ctsthl.fast_records, ctsthl._line_records):
        try:
            results.append(engine(text))
        except (Reject, Fault) as exc:
            results.append(type(exc))
    assert results[0] == results[1]


NODE = st.builds(
    lambda lead, state, queue, node_id, number, address, tail, sep, end: lead + sep.join(
        [state, queue, node_id, number, address] + ([tail] if tail else [])) + end,
    BLANKS, st.sampled_from(["I", "i", "O", "S", "X", "Z", "1", "II"]), st.sampled_from(["A", "a", "R", "r", "S", "-"]),
    st.sampled_from(["0x96586cb4b5fc641c", "0xZZ", "0x", "96586cb4"]),
    st.sampled_from(["0002", "1", "12345678901234567890", "x1"]),
    st.sampled_from(["9.2.5.33", "hmc01", "a\rb"]), st.sampled_from(["", "pd1  Online", "x ", " "]),
    SOME_BLANKS, BLANKS,
)
RMC_LINE = st.one_of(
    NODE,
    st.builds(lambda lead, title, end: lead + title + end, BLANKS, st.sampled_from([
        "Peer Domain Status", "Management Domain Status: Managed Nodes", "Management Domain Status:Managed Nodes",
        "Management Domain Status:  Management Control Points", "Management Domain Status: Other"]), BLANKS),
    st.sampled_from(["", " ", "\t", "x", "\r", "I A"]),
)


@settings(max_examples=400, deadline=None)
@given(st.booleans(), st.lists(RMC_LINE, max_size=8))
def test_rmcdomainstatus_lines_equal_the_grammar(header: bool, lines: list[str]) -> None:
    if header:
        lines.insert(0, "Peer Domain Status")
    same("".join(line + "\n" for line in lines), "rmcdomainstatus")


VALUE = st.sampled_from([
    '"10.1.0.5"', '""', '"a"b"', '"a', '{"10.1.0.5"}', '{"a","b"}', '{ "a" , "b" }', '{"a",1}', "{}", "{ }",
    '{"a"', '{"a",}', "{1,2.5,-3}", "12", "-12", "007", "1.5", "1e3", "1.5x", "-", "Online", "0x1f", "",
    '["a",{1}]', "1" * 1001,
])
LSRSRC_LINE = st.one_of(
    st.builds(lambda lead, name, eq1, eq2, value, end: lead + name + eq1 + "=" + eq2 + value + end,
              st.sampled_from(["\t", "        ", "", " "]),
              st.sampled_from(["MNName", "NodeID", "_x", "a.b", "1x"]), BLANKS, BLANKS, VALUE, BLANKS),
    st.builds(lambda lead, text, end: lead + text + end, BLANKS, st.sampled_from([
        "resource 1:", "resource  2 :", "resource x:", "Resource Persistent Attributes for IBM.MCP",
        "Resource Dynamic Attributes for: IBM.ManagementServer", "Resource Persistent Attributes for::IBM.X",
        "Resource Persistent Attributes for", "class_name", '"IBM.MCP"', '"IBM.MCP" x', "x"]), BLANKS),
    st.sampled_from(["", " ", "\t", "\r"]),
)


@settings(max_examples=400, deadline=None)
@given(st.booleans(), st.lists(LSRSRC_LINE, max_size=10))
def test_lsrsrc_lines_equal_the_grammar(headers: bool, lines: list[str]) -> None:
    if headers:
        lines[:0] = ["Resource Persistent Attributes for IBM.MCP", "resource 1:"]
    same("".join(line + "\n" for line in lines), "lsrsrc")


def test_the_whole_text_matches_read_clean_output_themselves() -> None:
    """Clean output never reaches the line engines' or the grammar's paths (FALLBACKS stays 0)."""
    from rsctparse import _grammar

    texts = {
        "ctsthl": "-" * 20 + "\nHost Identity: h\nIdentifier Generation Method: rsa1024\nIdentifier Value:\n"
                  "12ab\n34cd\n" + "-" * 20 + "\n",
        "rmcdomainstatus": "Management Domain Status: Managed Nodes\n  I a  0x96586cb4b5fc641c  0002  9.2.5.33\n",
        "lsrsrc": 'Resource Persistent Attributes for IBM.MCP\nresource 1:\n\tMNName = "a"\n\tIPs = {"b", "c"}\n',
    }
    _grammar.reset_fallbacks()
    for command, text in texts.items():
        assert rsctparse.parse(text, command)
    assert not _grammar.FALLBACKS
    assert ctsthl.fast_records(texts["ctsthl"]) == [ctsthl.TrustedHost("h", "rsa1024", "12ab34cd")]


CTSVHBAL_LINE = st.builds(lambda lead, text, end: lead + text + end, BLANKS, st.sampled_from([
    "ctsvhbal: The Host Based Authentication (HBA) mechanism identities for",
    "ctsvhbal: The Enhanced Host Based Authentication (HBA2) mechanism identities for", "the local system are:",
    "Identity:  aix01.domain.com", "Identity:10.1.1.10", "Identity:", "Identity: a b", "(HBAx) (HBA2)", "(HBAx)",
    "Other text", "", "2650-xxx identities"]), BLANKS)


@settings(max_examples=300, deadline=None)
@given(st.lists(CTSVHBAL_LINE, max_size=8))
def test_ctsvhbal_lines_equal_the_grammar(lines: list[str]) -> None:
    same("".join(line + "\n" for line in lines), "ctsvhbal")


@st.composite
def lspartition_lines(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    for n in range(draw(st.integers(0, 3))):
        clean = draw(st.booleans())

        def pick(usual: str, *odd: str, clean: bool = clean) -> str:
            return usual if clean and draw(st.integers(0, 9)) else draw(st.sampled_from([usual, *odd]))

        lines += draw(st.lists(st.sampled_from(["", "--", " -- ", "-"]), max_size=1))
        ident = pick("1*8286-42A*21A4B7V", "1*8286-42A", "*8286*x", "1**", "1*a*b*c", "12345678901234567890*a*b")
        lines.append(pick("<#", " <#") + pick(str(n), "x") + "> Partition:<" + ident + pick(", ", ",", ",  ")
                     + pick("aix01.domain.com", "", "a b") + ", " + pick("10.1.1.10", "") + ">" + pick("", " ", "x"))
        os_ = pick("AIX, 7.2, 7200-05-03-2148", "AIX, 7.2", "AIX,,", "Linux, , 1")
        lines.append(pick("       ", "", "\t") + "Active:<" + pick("1", "", "x", "1, 2") + ">, OS:<" + os_
                     + ">, DCaps:<" + pick("0x2c5f", "0x", "2c5f", "0X1") + ">, CmdCaps:<"
                     + pick("0x4000001b, 0x1b", "0x1", "0x1,0x2") + ">, PinnedMem:<" + pick("2048", "") + ">"
                     + pick("", " ", ", Other:<a>", ","))
    lines += draw(st.lists(st.sampled_from(["", "--", "1,10.1.1.10,1;"]), max_size=2))
    return lines


@settings(max_examples=400, deadline=None)
@given(lspartition_lines())
def test_lspartition_partitions_equal_the_grammar(lines: list[str]) -> None:
    same("".join(line + "\n" for line in lines), "lspartition")
