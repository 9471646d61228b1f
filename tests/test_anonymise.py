"""--anonymise: nothing identifying is left, the dump still parses, and the checks find the same faults."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse._anonymise import Anonymiser
from tests.golden import CORPUS

DUMPS = sorted((CORPUS / "dumps").glob("*.txt")) + sorted((CORPUS / "scenarios").glob("**/*.txt"))
SALT = "estate-7"
ARABIC_IP = "\u0661\u0662\u0663.\u0661.\u0661.\u0661"  # 123.1.1.1 in Arabic-Indic digits


def _sections(data: bytes) -> list[rsctparse.Section]:
    return list(rsctparse.iter_sections(io.BytesIO(data)))


def _wrapped(data: bytes, width: int) -> bytes:
    """``data`` as a terminal ``width`` columns wide shows it: long lines broken, nothing lost."""
    out = []
    for line in data.split(b"\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return b"\n".join(out)


def _anonymised(sections: Iterable[rsctparse.Section], salt: str = SALT, keep_unparsed: bool = False) -> bytes:
    out = rsctparse.anonymise(sections, salt=salt, keep_unparsed=keep_unparsed)
    return "".join(out).encode("utf-8", "surrogateescape")


def _shape(sections: list[rsctparse.Section]) -> list[tuple[str, int, bool]]:
    """Per section: its command and record count if it parsed; an unknown or failed one stays unparsed (its
    text is withheld, and without it a failure may no longer show which command failed)."""
    return [(s.command, len(s.records), True) if s.command != "unknown" and s.error is None else ("unparsed", 0, False)
            for s in sections]


def _assert_same_meaning(data: bytes, salt: str = SALT) -> None:
    """The anonymised dump parses alike and the checks find the same (rule, severity, subject mapped)."""
    before = _sections(data)
    after = _sections(_anonymised(before, salt))
    assert _shape(after) == _shape(before)
    mapper = Anonymiser(salt)
    for section in before:
        mapper.learn(section)
    expected = sorted((f.rule, f.severity, mapper.text(f.subject)) for f in rsctparse.check(before))
    assert sorted((f.rule, f.severity, f.subject) for f in rsctparse.check(after)) == expected


@pytest.mark.parametrize("path", DUMPS, ids=lambda p: p.stem)
def test_every_dump_keeps_its_meaning(path: Path) -> None:
    _assert_same_meaning(path.read_bytes())


@pytest.mark.parametrize("path", DUMPS, ids=lambda p: p.stem)
def test_every_hard_wrapped_dump_keeps_its_meaning(path: Path) -> None:
    """Stand-ins keep their lengths, so a copy wrapped by a terminal unwraps (and finds) as before."""
    _assert_same_meaning(_wrapped(path.read_bytes(), 80))


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(DUMPS), st.text(max_size=8), st.sampled_from([None, 64, 72, 100, 132]))
def test_any_salt_and_wrap_keep_the_meaning(path: Path, salt: str, width: int | None) -> None:
    data = path.read_bytes()
    _assert_same_meaning(data if width is None else _wrapped(data, width), salt)


@pytest.mark.parametrize("path", DUMPS, ids=lambda p: p.stem)
def test_no_address_host_or_key_of_a_dump_survives(path: Path) -> None:
    original = path.read_text(encoding="utf-8", errors="surrogateescape")
    sections = list(rsctparse.iter_sections(path))
    text = _anonymised(sections).decode("utf-8", "surrogateescape")
    for ip in set(re.findall(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])", original)):
        if not ip.startswith(("127.", "0.", "255.")):  # loopback, unspecified and network masks are kept
            assert not re.search(rf"(?<![\d.]){re.escape(ip)}(?![\d.])", text), ip
    for host in {s.host for s in sections if s.host}:
        assert not re.search(rf"(?<![\w.-]){re.escape(host)}(?![\w-])", text, re.IGNORECASE), host
    for key in set(re.findall(r"[0-9a-f]{40,}", original)):
        assert key not in text


# --- each class of leak found in issue 18 -------------------------------------------------------
LEAKY = """\
jsmith@hmc7:~> lsrsrc IBM.MCP
Resource Persistent Attributes for IBM.MCP
resource 1:
        MNName            = "aix10.corp.example.org"
        NodeID            = 14480238873508198302
        KeyToken          = "7042CR8*84270AD"
        IPAddresses       = {"100.126.217.113","fe80::214:5eff:fe8e:a4b2"}
        HMCName           = "7042CR9*1234ABC"
        HMCIPAddr         = "100.126.217.113"
        HMCAddIPv6s       = "2001:0db8:0000:0000:0000:0000:0000:0042 2001:db8::42 ::ffff:100.126.217.113"
        ActivePeerDomain  = "prodcluster"
        NodeNameList      = {"aix10"}
[admin.ops@aix10 ~]# /usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc

Management Domain Status: Management Control Points
  I A  0xc8f4f0b3a1d2c89e  0001  100.126.217.113
hscroot@hmc7:~> lssyscfg -r lpar -m Server-8286-42A-SN21A4B7V -F name,lpar_id,state,rmc_state,uuid,serial_num
1,1,Running,active,2C6E4D8A-1B3F-4E5D-9A7C-0F1E2D3C4B5A,21A4B7V
aix10,2,Running,active,3D7F5E9B-2C4A-4F6E-8B8D-1A2B3C4D5E6F,21A4B7V
hscroot@hmc7:~> lspartition -dlpar
<#0> Partition:<1*8286-42A*21A4B7V, 1, 100.126.217.50>
       Active:<1>, OS:<AIX, 7.2, 7200-05-03-2148>, DCaps:<0x2c5f>, CmdCaps:<0x4000001b, 0x1b>, PinnedMem:<2048>
[root@aix10 ~]# /usr/sbin/rsct/bin/ctsthl -l
--------------------
Host Identity: hmc7.corp.example.org
Identifier Generation Method: rsa1024
Identifier Value:
120400a4c123b1612dd272d1371c17149d439536b3216fdaeeb975729fae923d5a
4fd12aab
--------------------
[root@aix10 ~]# cat /etc/hosts
100.126.217.9   backupsrv backupsrv.corp.example.org
[root@aix10 ~]# hostname
mysecretbox
[root@aix10 ~]# entstat -d ent0
Hardware Address: 00:1a:64:b2:c3:d4 and 00-1A-64-B2-C3-D5
"""
SECRETS = ["jsmith", "hmc7", "admin.ops", "aix10", "corp", "example", "14480238873508198302", "c8f4f0b3a1d2c89e",
           "84270AD", "1234ABC", "21A4B7V", "2C6E4D8A", "3D7F5E9B", "5eff", "fe8e", "a4b2", "0042", "db8::42",
           "100.126.", "prodcluster", "8286-42A-SN", "4fd12aab", "backupsrv", "mysecretbox", "1a:64", "1A-64",
           "a4c123b1612dd"]


def test_each_leak_class_of_issue_18_is_gone() -> None:
    text = _anonymised(_sections(LEAKY.encode())).decode()
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret
    # what the commands print themselves stays, whatever a partition is called
    assert "Active:<1>" in text and "<#0> Partition:<1*8286-42A*" in text
    assert text.count("Running,active") == 2 and "Resource Persistent Attributes for IBM.MCP" in text
    assert "hscroot@" in text and "[root@" in text  # accounts every HMC and AIX has are kept
    # names and addresses replaced consistently, in every notation and inside the MCP's MTM*serial
    assert re.search(r'KeyToken {10}= "7042CR8\*([0-9A-Z]{7})"', text)
    lines = text.split("\n")
    ipv6 = next(line for line in lines if "HMCAddIPv6s" in line).split('"')[1].split()
    assert len(ipv6[0]) == len("2001:0db8:0000:0000:0000:0000:0000:0042") and ipv6[1].count(":") == 3
    assert str(rsctparse._values.ip_address(ipv6[0])) == ipv6[1]
    mapped_ip = next(line for line in lines if "HMCIPAddr" in line).split('"')[1]
    assert ipv6[2] == "::ffff:" + mapped_ip and f"  {mapped_ip}" in text  # the MCP's address as the node's
    # unknown sections are withheld, with a count
    assert "[rsctparse --anonymise: 1 line(s) of unknown output withheld]" in text
    assert text.count("line(s) of unknown output withheld]") == 3 and "cat [arguments withheld]" in text
    # the anonymised copy parses as the original does
    assert _shape(_sections(text.encode())) == _shape(_sections(LEAKY.encode()))


def test_keep_unparsed_keeps_the_text_of_unknown_sections_with_the_same_replacements() -> None:
    text = _anonymised(_sections(LEAKY.encode()), keep_unparsed=True).decode()
    assert "withheld" not in text and "cat /etc/hosts" in text and "entstat -d ent0" in text
    assert "mysecretbox" in text  # the risk --keep-unparsed takes: a name nothing parsed is not known
    assert "backupsrv.corp" not in text and "100.126." not in text and "1a:64" not in text


def test_decimal_and_hex_node_ids_keep_their_link() -> None:
    value = 0xC8F4F0B3A1D2C89E
    anon = Anonymiser("s")
    hex_out = anon.text("0xc8f4f0b3a1d2c89e")
    assert hex_out != "0xc8f4f0b3a1d2c89e" and len(hex_out) == 18
    assert anon.text(str(value)) == str(int(hex_out, 16))


def test_failed_sections_are_withheld_and_still_fail() -> None:
    data = b"hscroot@hmc7:~> lspartition -dlpar\n<#0> Partition:<1*8286-42A*21A4B7V, secrethost, 10.1.2.3\n"
    before = _sections(data)
    assert before[0].error is not None
    text = _anonymised(before).decode()
    assert "secrethost" not in text and "21A4B7V" not in text and "10.1.2.3" not in text
    assert "1 line(s) of output that did not parse withheld" in text
    after = _sections(text.encode())
    assert after[0].command == "lspartition" and after[0].error is not None


def test_same_salt_same_output_other_salt_other_output_no_salt_random() -> None:
    sections = _sections((CORPUS / "scenarios" / "healthy.txt").read_bytes())
    assert _anonymised(sections, "a") == _anonymised(sections, "a")
    assert _anonymised(sections, "a") != _anonymised(sections, "b")
    no_salt = ["".join(rsctparse.anonymise(sections)) for _ in range(2)]
    assert no_salt[0] != no_salt[1]


@pytest.mark.parametrize("value", ["21A\udcff4B7V", "1²3", ARABIC_IP, "\u0663" * 5000, "1" * 5000, "0x" + "²" * 16])
def test_odd_values_never_crash(value: str) -> None:
    """Issue 18 §3: superscript and Arabic-Indic digits, 5,000-digit parts and bytes that were not UTF-8."""
    text = (f"hscroot@hmc7:~> lssyscfg -r sys -F name,serial_num\n{value},{value}\n"
            f"hscroot@hmc7:~> lspartition -dlpar\n<#0> Partition:<1*8286-42A*{value}, {value}, {value}>\n"
            "       Active:<1>, OS:<AIX, 7.2, 7200-05-03-2148>, DCaps:<0x2c5f>, CmdCaps:<0x1b, 0x1b>, PinnedMem:<1>\n")
    data = text.encode("utf-8", "surrogateescape")
    sections = _sections(data)
    out = _anonymised(sections)
    assert _shape(_sections(out)) == _shape(sections)
    assert ARABIC_IP not in text or Anonymiser("s").ipv4(ARABIC_IP) is None  # not an address


def test_one_tokenizer_pass_per_section(monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear by construction: each token of a section is looked at once, however many names were learned."""
    calls: list[str] = []
    original = Anonymiser._match

    def counting(self: Anonymiser, m: re.Match[str]) -> str:
        calls.append(m.group())
        return original(self, m)

    monkeypatch.setattr(Anonymiser, "_match", counting)
    names = "".join(f"{i},lpar{i:05},Running,active\n" for i in range(2000))
    data = ("hscroot@hmc7:~> lssyscfg -r lpar -m p750 -F lpar_id,name,state,rmc_state\n" + names).encode()
    out = _anonymised(_sections(data)).decode()
    assert "lpar00017" not in out
    tokens = re.findall(r"\w+", data.decode())
    assert len(calls) <= len(tokens) + data.count(b"\n")  # a token across a (possible) wrap: its pieces too


def test_the_grammars_words_are_vocabulary() -> None:
    """Words the grammars match literally are the commands' own: never taken for a name."""
    from rsctparse._anonymise import VOCABULARY

    for path in (CORPUS.parent / "grammars").glob("*.lark"):
        rules = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("//"))
        for literal in re.findall(r'"[^"]*"|/[^/]*/', rules):
            for word in re.findall(r"[A-Za-z][A-Za-z0-9_]{2,}", literal):
                assert word.lower() in VOCABULARY or not word.isalpha(), (path.name, word)


def test_names_whose_lower_case_is_longer_keep_their_length() -> None:
    """'İ'.lower() is two characters: stand-ins follow the printed name, in every case."""
    anon = Anonymiser("s")
    anon.learn_name("İstanbul-host.example.com")
    out = anon.text("İstanbul-host İSTANBUL-HOST İstanbul-host.example.com\n")
    assert "stanbul" not in out.lower() and "example" not in out
    assert [len(w) for w in out.split()] == [13, 13, 25]
    assert out.split()[0].lower() == out.split()[1].lower()


def test_lshmc_n_names_and_addresses_are_replaced_masks_kept() -> None:
    data = (b"hscroot@hmc1:~> lshmc -n\n"
            b'hostname=hmcprod7,domain=corp.example.org,"ipaddr=10.10.50.5,0.0.0.0",'
            b'"networkmask=255.255.255.0,0.0.0.0",gateway=10.10.50.1\n'
            b"root@jump# ssh -l root aix22 uptime\n 10:00AM   up 3 days\n")
    text = _anonymised(_sections(data)).decode()
    for secret in ("hmcprod7", "corp", "example", "10.10.50.", "aix22"):
        assert secret not in text, secret
    assert "255.255.255.0,0.0.0.0" in text and "withheld" in text  # masks kept; uptime's output withheld
    assert "ssh -l root " in text and "[arguments withheld]" not in text  # ssh's target says whose output follows
    target = text.split("ssh -l root ")[1].split()[0]
    assert len(target) == len("aix22") and _sections(text.encode())[1].host == target
