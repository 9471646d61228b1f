"""Real captures whatever their shape: command lines found by the command, session noise, failed runs."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse import _session
from rsctparse._prompt import prompt
from tests.golden import cases, golden


def _sections(text: str) -> list[rsctparse.Section]:
    return list(rsctparse.iter_sections(io.BytesIO(text.encode("utf-8", "surrogateescape"))))


@pytest.mark.parametrize(
    ("line", "host", "command"),
    [
        ("bash-4.2# lssrc -s ctrmc", None, "lssrc"),
        ("bash-4.4$ lssrc -a", None, "lssrc"),
        ("sh-4.2$ lssrc -a", None, "lssrc"),
        ("sles15:~ # lssrc -a", "sles15", "lssrc"),
        ("hmc1:~> lspartition -dlpar", "hmc1", "lspartition"),
        ("aix01# lssrc -a", "aix01", "lssrc"),
        ("aix01 # lssrc -a", "aix01", "lssrc"),
        ("aix01:root:/ # ctsthl -l", "aix01", "ctsthl"),
        ("[aix01:root] / # ctsvhbal", "aix01", "ctsvhbal"),
        ("(0)root @ aix01: / # lssrc -a", "aix01", "lssrc"),
        ("root@aix01 # lsrsrc IBM.MCP", "aix01", "lsrsrc"),
        ("\thscroot@myMC:~> lspartition -dlpar", "myMC", "lspartition"),
        ("    root@aixbox::/> lsrsrc IBM.MCP", "aixbox", "lsrsrc"),
        ("root@jump# ssh hscroot@hmc1 lssyscfg -r lpar -m p750 -F name,state", "hmc1", "lssyscfg"),
        ("qstcdb1:/#lssrc -a |grep rsct", "qstcdb1", "lssrc"),
        ("[root@xxa1] /etc/zabbix/bin $ lssrc -a", "xxa1", "lssrc"),
        ("# /usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc", None, "rmcdomainstatus"),
        ("% lssrc -a", None, "lssrc"),
        ('$ viosvrcmd -m p750 -p vios1 -c "lsrsrc IBM.MCP"', "vios1", "lsrsrc"),
        ("$ sudo -u root /usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc", None, "rmcdomainstatus"),
        ("# su - root -c 'ctsthl -l'", None, "ctsthl"),
        ("$ ssh -l hscroot -o ConnectTimeout=5 hmc7 lspartition -dlpar", "hmc7", "lspartition"),
        ("$ ssh aix01 -l root lssrc -a", "aix01", "lssrc"),
        ("$ ssh aix01 -- lsrsrc IBM.MCP", "aix01", "lsrsrc"),
        ("\x1b[?2004hroot@aix5:~# lssrc -a", "aix5", "lssrc"),
        ("\x1b]0;root@aix5: ~\x07root@aix5:~# ctsvhbal", "aix5", "ctsvhbal"),
        ("\ufeffaix01 # lssrc -a", "aix01", "lssrc"),
    ],
)
def test_command_lines_found_by_the_command(line: str, host: str | None, command: str) -> None:
    found = prompt(line)
    assert found is not None
    assert (found.host, found.command) == (host, command)


@pytest.mark.parametrize(
    "line",
    [
        "<#0> Partition:<2*8204-E8A*0680E12, aix10.domain.com, 10.10.50.18>",
        "       Active:<1>, OS:<AIX, 7.1, 7100-04-03-1543>, DCaps:<0xc3f>, CmdCaps:<0x1b, 0x1b>, PinnedMem:<645>",
        "# This is a comment about lssrc",
        "Run this as root > lssrc -a and check",  # prose: four words before the prompt character
        "$ ",
        "#",
        '        HMCIPAddr = "10.1.1.1"',
        "name=lpar#1,lpar_id=3,state=Running",
        " ctrmc            rsct             3932374      active",
        "I A  0xef889c809d9617c7  0001  9.57.24.139",
    ],
)
def test_output_and_prose_are_not_command_lines(line: str) -> None:
    assert prompt(line) is None


def _corpus_lines() -> list[tuple[str, str]]:
    out = []
    for sample in cases():
        if "records" in golden(sample):
            for line in sample.read_bytes().decode("utf-8", "replace").split("\n"):
                out.append((sample.name, line))
    return out


def test_no_output_line_of_the_corpus_is_a_command_line() -> None:
    lines = _corpus_lines()
    assert len(lines) > 400
    assert [(name, line) for name, line in lines if prompt(line) is not None] == []


# Records rendered back as their command prints them: strings drawn from what names and values hold in real
# output (host names, versions, paths); no rendered line may read as a command line.
_VALUE = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,15}", fullmatch=True)


def _vary(record: Any, data: st.DataObject) -> Any:
    changes = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if isinstance(value, str) and value and data.draw(st.booleans()):
            changes[field.name] = data.draw(_VALUE)
    try:
        return attrs.evolve(record, **changes)
    except (TypeError, ValueError):
        return record


_RENDERABLE = [p for p in cases() if golden(p).get("records") and not golden(p).get("options")]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_RENDERABLE), st.data())
def test_rendered_output_never_holds_a_command_line(sample: Path, data: st.DataObject) -> None:
    command = golden(sample)["command"]
    records = rsctparse.parse(sample.read_bytes(), command)
    try:
        text = rsctparse.render([_vary(r, data) for r in records], command)
    except (TypeError, ValueError, KeyError):
        return  # a record the renderer cannot print with the varied values
    assert [line for line in text.split("\n") if prompt(line) is not None] == []


def test_indented_copy_reads_as_if_not_indented() -> None:
    block = "hscroot@hmc1:~> lssyscfg -r lpar -m p750 -F name,rmc_state\naix10,active\naix20,inactive\n"
    indented = "".join("    " + line + "\n" for line in block.splitlines())
    (plain,) = _sections(block)
    (section,) = _sections("Notes from the change:\n" + indented)[1:]
    assert section.error is None
    assert (section.host, section.command) == ("hmc1", "lssyscfg")
    assert section.records == plain.records


def test_indented_copy_error_points_at_the_dump_column() -> None:
    text = "    root@aix1:/ # lssrc -a\n     Subsystem  Group  PID  Status\n     ctrmc rsct 1 2 3 4 active\n"
    (section,) = _sections(text)
    assert section.error is not None
    assert (section.error.line, section.error.text_line) == (3, "     ctrmc rsct 1 2 3 4 active")
    (plain,) = _sections(text.replace("\n    ", "\n")[4:])
    assert plain.error is not None and section.error.column == plain.error.column + 4


def test_session_noise_is_not_output() -> None:
    text = ("root@jump# ssh hscroot@hmc1 lspartition -dlpar\n"
            "Warning: Permanently added 'hmc1,10.1.1.5' (ECDSA) to the list of known hosts.\n"
            "Password: \n"
            "Last login: Tue Mar  3 10:01:02 2026 from 10.1.1.9\n"
            "<#0> Partition:<2*8204-E8A*0680E12, aix10.domain.com, 10.10.50.18>\n"
            "       Active:<1>, OS:<AIX, 7.1, 7100-04-03-1543>, DCaps:<0xc3f>, CmdCaps:<0x1b, 0x1b>, PinnedMem:<645>\n")
    (section,) = _sections(text)
    assert section.error is None and section.host == "hmc1"
    assert len(section.records) == 1


@pytest.mark.parametrize(
    ("printed", "says"),
    [
        ("ssh: connect to host aix20 port 22: Connection timed out",
         "expected lssrc output from aix20, found ssh's message that the host could not be reached "
         "(Connection timed out)"),
        ("ssh: Could not resolve hostname aix20: Name or service not known",
         "expected lssrc output from aix20, found ssh's message that the host name does not resolve "
         "(Name or service not known)"),
        ("Permission denied, please try again.\nPermission denied (publickey,password).",
         "expected lssrc output from aix20, found ssh's 'Permission denied' message (the login was refused)"),
        ("Host key verification failed.",
         "expected lssrc output from aix20, found ssh's 'Host key verification failed' message"),
    ],
)
def test_failed_remote_runs_say_what_happened(printed: str, says: str) -> None:
    (section,) = _sections("root@jump# ssh aix20 lssrc -a\n" + printed + "\n")
    assert section.error is not None
    assert section.host == "aix20"
    assert (section.error.message, section.error.line, section.error.column) == (says, 2, 1)


def test_restricted_shell_refusal_is_named() -> None:
    text = ("hscroot@hmc1:~> /usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc\n"
            "-rbash: /usr/sbin/rsct/bin/rmcdomainstatus: restricted: cannot specify `/' in command names\n")
    (section,) = _sections(text)
    assert section.error is not None
    assert section.error.message == (
        "expected rmcdomainstatus output from hmc1, found a restricted shell's refusal (on the HMC, commands "
        "outside its CLI need root through pesh)")


def test_terminal_capture_with_escape_sequences() -> None:
    text = ("\ufeffScript started on 2026-03-03 10:00:00+01:00 [TERM=\"xterm\" TTY=\"/dev/pts/1\"]\n"
            "\x1b]0;root@aix5: ~\x07\x1b[?2004hroot@aix5:~# lssrc -s ctrmc\r\n"
            "\x1b[?2004l\rSubsystem         Group            PID          Status\x1b[K\r\n"
            " \x1b[32mctrmc\x1b[0m            rsct             3932374      active\r\n"
            "\x1b[?2004hroot@aix5:~# exit\r\n")
    sections = _sections(text)
    assert "".join(s.text for s in sections) == text
    lssrc = next(s for s in sections if s.command == "lssrc")
    assert lssrc.error is None and lssrc.host == "aix5"
    assert [(r.subsystem, r.status) for r in lssrc.records] == [("ctrmc", "active")]  # type: ignore[attr-defined]


def test_hmc_ls_family_sections_keep_the_command_as_invoked() -> None:
    text = ("hscroot@hmc1:~> lshwres -r proc -m p750 --level lpar -F lpar_name,curr_procs\n"
            "aix10,2\naix20,4\n"
            "hscroot@hmc1:~> lshmc -V\n"
            '"version= Version: 9\n Release: 1\n Service Pack: 941\n","base_version=V9R1\n"\n')
    lshwres, lshmc = _sections(text)
    assert (lshwres.command, lshwres.managed_system, lshwres.error) == ("lshwres", "p750", None)
    assert [r.as_data() for r in lshwres.records] == [
        {"lpar_name": "aix10", "curr_procs": "2"}, {"lpar_name": "aix20", "curr_procs": "4"}]
    assert lshmc.command == "lshmc" and lshmc.error is None and lshmc.records
    assert rsctparse.parse("lpar_name=aix10,curr_procs=2\n", "lshwres")[0].as_data() == {
        "lpar_name": "aix10", "curr_procs": "2"}


def test_parse_options_of_the_wrong_kind_name_the_argument() -> None:
    with pytest.raises(ValueError, match="delimiter"):
        rsctparse.parse("a,b\n", "lssyscfg", delimiter="ab")
    with pytest.raises(TypeError, match="fields"):
        rsctparse.parse("a,b\n", "lssyscfg", fields=123)
    with pytest.raises(ValueError, match="unknown command 'lsnothing'"):
        rsctparse.parse("a,b\n", "lsnothing")


def test_interleaved_host_prefixed_lines_keep_the_texts_adding_up() -> None:
    # found by the dump harness: hosts' lines interleaved as dsh prints them when they arrive
    text = ('root@nim1:/ # dsh -n aix20,aix21 "lssrc -a | grep rsct"\n'
            "aix20: ctrmc            rsct             3932374      active\n"
            "aix21: ctrmc            rsct                          inoperative\n"
            "aix20: IBM.DRM          rsct_rm          4128962      active\n"
            "aix21: IBM.DRM          rsct_rm                       inoperative\n")
    sections = _sections(text)
    assert "".join(s.text for s in sections) == text
    assert [(s.host, s.line, [r.status for r in s.records]) for s in sections] == [  # type: ignore[attr-defined]
        ("aix20", 2, ["active", "active"]), ("aix21", 3, ["inoperative", "inoperative"])]


def test_checks_treat_a_failed_run_as_missing_data() -> None:
    dump = Path(__file__).resolve().parent.parent / "corpus" / "dumps" / "remote-and-shell-failures.txt"
    findings = rsctparse.check(rsctparse.iter_sections(dump))
    assert {(f.rule, f.severity) for f in findings} == {("DATA_MISSING", "info")}
    aix20 = next(f for f in findings if f.subject == "aix20")
    assert ("lssrc did not run at " + str(dump) + ":2 (ssh's message that the host could not be reached "
            "(Connection timed out))") in aix20.message


_INVALID = [p for p in cases() if "error" in golden(p) and golden(p).get("detect", True)
            and not golden(p).get("options")]


@pytest.mark.parametrize("sample", _INVALID, ids=[f"{p.parent.name}/{p.stem}" for p in _INVALID])
def test_an_invalid_plain_file_keeps_its_error(sample: Path) -> None:
    # found in review: looking for output amid noise cut bad rows off as "unrelated lines", silently
    sections = list(rsctparse.iter_sections(sample))
    assert any(s.error is not None for s in sections), [(s.command, len(s.records)) for s in sections]


def test_a_bad_row_after_good_ones_is_an_error_not_noise() -> None:
    table = (" Subsystem         Group            PID          Status\n"
             " ctrmc            rsct             3932374      active\n")
    (section,) = _sections(table + " IBM.X rsct 12 active extra more\n ctcas rsct 123 active\n")
    assert section.error is not None and section.error.line == 3


@pytest.mark.parametrize(
    "line",
    ["# more output omitted", "# host aix01 is down", "# check the RMC connection first", "# time to restart ctrmc",
     "100% checked", "*** WARNING ***"],
)
def test_comments_and_banners_are_not_command_lines(line: str) -> None:
    # found in review: these started sections of their own
    assert prompt(line) is None


@pytest.mark.parametrize(
    ("line", "host", "argv"),
    [("[10:15:32] root@aix01:~# lssrc -a", "aix01", "lssrc -a"),
     ("10:15:32 root@aix01:~# lssrc -a", "aix01", "lssrc -a"),
     ("root@aix01:~# lssrx\x08\x1b[Kc -a", "aix01", "lssrc -a"), ("# hostname", None, "hostname"),
     ("root@jump# ssh hscroot@hmc1", "hmc1", "ssh hscroot@hmc1")],
)
def test_time_stamps_backspaces_and_bare_commands(line: str, host: str | None, argv: str) -> None:
    found = prompt(line)
    assert found is not None and (found.host, found.argv) == (host, argv)


@pytest.mark.parametrize(
    "printed",
    ["No ECDSA host key is known for aix21 and you have requested strict checking.\nHost key verification failed.",
     "kex_exchange_identification: Connection closed by remote host\nConnection closed by 10.1.1.21 port 22",
     "Sorry, user bob is not allowed to execute '/usr/bin/lssrc -a' as root on aix21.",
     "bob is not in the sudoers file.  This incident will be reported."],
)
def test_real_ssh_and_sudo_failures_are_named(printed: str) -> None:
    (section,) = _sections("root@jump# ssh aix21 sudo lssrc -a\n" + printed + "\n")
    assert section.error is not None and section.error.message.startswith("expected lssrc output from aix21, found ")
    assert "sudo's refusal" in section.error.message or "ssh's" in section.error.message


def test_ansible_warnings_are_their_own_sections() -> None:
    table = (" Subsystem         Group            PID          Status\n"
             " ctrmc            rsct             3932374      active\n")
    warning = ("[WARNING]: Platform aix on host aix20 is using the discovered Python interpreter at\n"
               "/usr/bin/python3.9, but future installation of another Python interpreter could change this.\n")
    text = ('$ ansible aix -a "lssrc -s ctrmc"\n' + warning + "aix20 | CHANGED | rc=0 >>\n" + table + warning
            + "aix21 | CHANGED | rc=0 >>\n" + table)
    sections = _sections(text)
    assert "".join(s.text for s in sections) == text
    assert [(s.host, s.command, len(s.records), s.error) for s in sections if s.command != "unknown"] == [
        ("aix20", "lssrc", 1, None), ("aix21", "lssrc", 1, None)]


# --- the plain start of an output: no noise to skip, no failed run to look for ---------------------------------
_START_LINES = [
    "ssh: connect to host aix1 port 22: Connection refused", "Permission denied (publickey).", "Password:",
    "Last login: Mon Dec  7 01:02:03 2026", "Subsystem Group PID Status", " ctrmc rsct 123 active", "", "  ",
    "sudo: a password is required", "Sorry, try again.", "ksh: lssrc: not found", "Host key verification failed.",
    "Connection closed by 10.1.1.1 port 22", "***** banner", "pdsh@x: aix1: ssh exited with exit code 255",
    "Warning: Permanently added 'x' (ED25519) to the list of known hosts.", "connect: No route to host",
    "rbash: lssrc: restricted", "\r", "root@aix1's password: ", "[sudo] password for root:", "-----", " ==== ",
    "@@@@@@@@@@@@", "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!", "lssrc -a", " lssrc -a ", "\tx",
    "Peer Domain Status", "x" * 250 + "Password:", "Script started on Mon", "  Last login: x", "name=a,state=b",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_START_LINES), min_size=1, max_size=5), st.sampled_from(["", "\n"]),
       st.sampled_from([None, "lssrc -a", " lssrc -a", "x"]), st.booleans())
def test_a_plain_start_has_no_noise_and_no_failed_run(lines: list[str], end: str, argv: str | None,
                                                      rules: bool) -> None:
    """What ``_sections`` skips on a plain first line is what the two tests it saves would have found: nothing."""
    text = "\n".join(lines) + end
    nl = text.find("\n")
    first = text if nl < 0 else text[:nl]
    if _session.plain_start(first, framed=rules) and (argv is None or first.strip() != argv.strip()):
        assert _session.preamble_lines(text, argv, rules=rules) == 0
        assert _session.failure(text) is None
    if first.strip() == "Subsystem Group PID Status":
        assert _session.plain_start(first, framed=rules)  # (a test that can fail: headers are plain)
    if first.strip() in ("-----", "===="):  # ctsthl's first line: plain, unless a fleet tool frames the output
        assert _session.plain_start(first, framed=rules) is not rules


# One message for each way a failed-run pattern can match (sudo's refusals come with and without "sudo: ").
_FAILED_RUN_MESSAGES = [
    "ssh: connect to host aix1 port 22: Connection refused", "ssh: Could not resolve hostname aix1: Name or service",
    "Connection closed by 10.1.1.1 port 22", "Connection reset by remote host",
    "Permission denied (publickey).", "root@aix1: Permission denied, please try again.",
    "Host key verification failed.", "rbash: lssrc: restricted", "-rsh: lssrc: restricted: cannot specify",
    "sudo: a password is required", "a password is required", "admin is not in the sudoers file.",
    "Sorry, user admin is not allowed to execute '/usr/bin/lssrc -a' as root on aix01.",
    "sudo: 3 incorrect password attempts", "3 incorrect password attempts", "Sorry, try again.",
    "ssh exited with exit code 255", "connect: No route to host",
    "ksh: lssrc: not found", "lssrc: command not found", "bash: line 1: lssrc: command not found",
]


@pytest.mark.parametrize("message", _FAILED_RUN_MESSAGES)
def test_every_failed_run_message_passes_the_cheap_test(message: str) -> None:
    """``may_have_failed`` gates ``failure`` for outputs whose first line is not plain: it must let each through."""
    assert _session.failure(message + "\n") is not None  # (the message is one)
    assert _session.may_have_failed(message + "\n")


@pytest.mark.parametrize("message", ["a password is required", "3 incorrect password attempts",
                                     "Sorry, user admin is not allowed to execute 'lssyscfg' as root on hmc01."])
def test_a_refusal_is_not_read_as_a_partition_name(message: str) -> None:
    """``lssyscfg -F name`` reads any line as a name: a refusal must be told before the parse, not after it."""
    text = f"hscroot@hmc01:~> lssyscfg -r lpar -m sys1 -F name\n{message}\n"
    (section,) = _sections(text)
    assert section.records == ()
    assert section.error is not None and section.error.message == (
        "expected lssyscfg output from hmc01, found sudo's refusal")
