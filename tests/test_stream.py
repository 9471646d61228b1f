"""Transcripts: splitting into sections, hosts and commands from prompts, nothing lost, bounded memory."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from bench.gen_dump import write
from rsctparse import Section, _repair, _split
from rsctparse import _sections as sections_module
from rsctparse._prompt import MAX_PROMPT, SANDWICH, is_prompt_line, prompt
from rsctparse._split import split_raw
from tests.golden import cases, dump_outcome, dumps, golden

DUMPS = dumps()


@pytest.mark.parametrize("sample", DUMPS, ids=[p.stem for p in DUMPS])
def test_dump_matches_golden(sample: Path) -> None:
    assert golden(sample)["provenance"]
    assert dump_outcome(sample) == golden(sample)["sections"]


@pytest.mark.parametrize("sample", DUMPS, ids=[p.stem for p in DUMPS])
def test_sections_add_up_to_the_input(sample: Path) -> None:
    data = sample.read_bytes()
    texts = "".join(s.text for s in rsctparse.iter_sections(sample))
    assert texts.encode("utf-8", "surrogateescape") == data


@pytest.mark.parametrize(
    ("line", "host", "argv", "command"),
    [
        ("hscroot@hmc10:~> lspartition -dlpar", "hmc10", "lspartition -dlpar", "lspartition"),
        ("hscroot@hmc10:~>      ", "hmc10", None, None),
        ("# lssrc -a", None, "lssrc -a", "lssrc"),
        ("aix10:/ # /usr/sbin/rsct/bin/ctsthl -l", "aix10", "/usr/sbin/rsct/bin/ctsthl -l", "ctsthl"),
        ("[root@node1 ~]# /opt/rsct/bin/rmcdomainstatus -s ctrmc", "node1", "/opt/rsct/bin/rmcdomainstatus -s ctrmc",
         "rmcdomainstatus"),
        ("qstcdb1:/#lssrc -a |grep rsct", "qstcdb1", "lssrc -a |grep rsct", "lssrc"),
        ("root@aixbox::/> lsrsrc IBM.MCP", "aixbox", "lsrsrc IBM.MCP", "lsrsrc"),
        ("hotsm001tms /usr/bin # lssrc -s ctrmc", "hotsm001tms", "lssrc -s ctrmc", "lssrc"),
        ("$ ssh aix20 lssrc -a", "aix20", "ssh aix20 lssrc -a", "lssrc"),
        ("$ ssh -l root -p 22 admin@aix21 'lssrc -a | grep rsct'", "aix21",
         "ssh -l root -p 22 admin@aix21 'lssrc -a | grep rsct'", "lssrc"),
        ("[console-expect]#lssrc -s ctrmc", None, "lssrc -s ctrmc", "lssrc"),
        ("hscroot@hmc10:~> lshmc -V", "hmc10", "lshmc -V", "lshmc"),
        ("### rsctparse host=aix30 argv=lsrsrc IBM.MCP", "aix30", "lsrsrc IBM.MCP", "lsrsrc"),
        ("\x1b[01;32mroot@aix10\x1b[00m:/ # lssrc -s ctrmc\r\n", "aix10", "lssrc -s ctrmc", "lssrc"),
        ("$ sudo /usr/sbin/rsct/bin/ctsvhbal", None, "sudo /usr/sbin/rsct/bin/ctsvhbal", "ctsvhbal"),
        ("2019-04-10 11:30:54,365 process          L0626 INFO | Running 'lsrsrc IBM.MCP HMCIPAddr'", None,
         "lsrsrc IBM.MCP HMCIPAddr", "lsrsrc"),
        ("2019-04-10 11:30:54,365 process          L0626 INFO | Running 'uname -a'", None, "uname -a", None),
        ("Running 'lssrc -a'", None, "lssrc -a", "lssrc"),
    ],
)
def test_prompt_styles(line: str, host: str | None, argv: str | None, command: str | None) -> None:
    inv = prompt(line)
    assert inv is not None
    assert (inv.host, inv.argv, inv.command) == (host, argv, command)


@pytest.mark.parametrize("line", [
    " ctrmc            rsct             6947312      active",
    "name=aix10,lpar_id=2,state=Running",
    "<#0> Partition:<2*8233-E8B*069991R, , 10.8.251.102>",
    "        MNName            = \"100.126.217.218\"",
    "# this is a comment, not a command",
    "Resource Persistent Attributes for IBM.MCP",
    "--------------------",
    "Running 'make' in the build tree",  # the console form needs a known command and nothing after it
    "Running 'backup.sh'",
    "2019-04-10 11:30:54,448 process          L0714 INFO | Command 'lssrc -a' finished with 0 after 0.08s",
    "2019-04-10 11:30:54,447 process          L0458 DEBUG| [stdout] resource 1:",
])
def test_output_lines_are_not_prompts(line: str) -> None:
    assert prompt(line) is None


def _marker_dump() -> tuple[bytes, list[Path]]:
    samples = [p for p in cases() if golden(p).get("options") is None or "argv" in golden(p)["options"]]
    parts = []
    for p in samples:
        meta = golden(p)
        argv = meta.get("options", {}).get("argv") or meta["command"]
        parts.append(f"### rsctparse host=h-{p.stem} argv={argv}\n".encode())
        data = p.read_bytes()
        parts.append(data if data.endswith(b"\n") or not data else data + b"\n")
    return b"".join(parts), samples


def test_streaming_equals_whole_file_parsing() -> None:
    data, samples = _marker_dump()
    sections = list(rsctparse.iter_sections(io.BytesIO(data)))
    assert len(sections) == len(samples)
    for section, sample in zip(sections, samples, strict=True):
        meta = golden(sample)
        assert section.command == meta["command"], sample
        assert section.host == f"h-{sample.stem}"
        if "records" in meta:
            assert section.error is None, (sample, section.error)
            assert [r.as_data() for r in section.records] == meta["records"]
        else:
            assert section.error is not None
            # the same message, its line shifted by where the section starts in the dump
            first_line = meta["error"].split("\n", 1)[0].split(":", 3)
            assert section.error.message == first_line[3].split(": ", 1)[1]
            assert section.error.line == int(first_line[1]) + section.line - 1
    assert b"".join(s.text.encode("utf-8", "surrogateescape") for s in sections) == data


def test_workers_keep_order_and_results() -> None:
    data, _ = _marker_dump()
    one = [s.as_data() for s in rsctparse.iter_sections(io.BytesIO(data))]
    two = [s.as_data() for s in rsctparse.iter_sections(io.BytesIO(data), workers=2)]
    assert one == two


def test_sources_path_file_and_lines(tmp_path: Path) -> None:
    data, _ = _marker_dump()
    path = tmp_path / "dump.txt"
    path.write_bytes(data)
    by_path = [s.as_data() for s in rsctparse.iter_sections(path)]
    assert {d["file"] for d in by_path} == {str(path)}
    by_file = [s.as_data() for s in rsctparse.iter_sections(io.BytesIO(data), file=str(path))]
    lines = data.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    by_lines = [s.as_data() for s in rsctparse.iter_sections(lines, file=str(path))]
    assert by_path == by_file == by_lines


def test_runaway_section_is_cut_into_error_sections() -> None:
    big = b"x" * (3 << 20)
    data = b"# lssrc -a\n" + big + b"\n# lssrc -s ctrmc\n ctrmc rsct 1 active\n"
    sections = list(rsctparse.iter_sections(io.BytesIO(data), max_section=1 << 20))
    assert b"".join(s.text.encode() for s in sections) == data
    assert all(len(s.text) <= (1 << 20) + 20 for s in sections)
    assert all(s.error is not None and "max_section" in s.error.message for s in sections[:-1])
    assert sections[-1].records == (rsctparse.Subsystem("ctrmc", "rsct", 1, "active"),)


PROMPTS = ["hscroot@{h}:~> {c}", "{h}:/ # {c}", "[root@{h} ~]# {c}", "{h}:/#{c}", "root@{h}::/> {c}",
           "### rsctparse host={h} argv={c}", "$ ssh {h} {c}"]
# samples holding a CR of their own are left out: turning line ends into CRLF would change them
PLAIN = [p for p in cases() if "records" in golden(p) and not golden(p).get("options") and b"\r" not in p.read_bytes()]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PROMPTS), st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True),
                          st.sampled_from(PLAIN)), min_size=1, max_size=8),
       st.sampled_from(["\n", "\r\n"]))
def test_generated_dumps(parts: list[tuple[str, str, Path]], eol: str) -> None:
    chunks = []
    for style, host, sample in parts:
        command = golden(sample)["command"]
        body = sample.read_bytes().decode("utf-8")  # read_text would turn a lone CR into LF
        if body and not body.endswith("\n"):
            body += "\n"
        chunks.append(style.format(h=host, c=command) + "\n" + body)
    text = "".join(chunks).replace("\n", eol)
    sections = list(rsctparse.iter_sections([text]))
    assert "".join(s.text for s in sections) == text
    assert [(s.host, s.command) for s in sections] == [(h, golden(p)["command"]) for _, h, p in parts]
    for s, (_, _, sample) in zip(sections, parts, strict=True):
        assert [r.as_data() for r in s.records] == golden(sample)["records"]


def test_cli_streams_a_dump_with_workers(tmp_path: Path) -> None:
    data, samples = _marker_dump()
    path = tmp_path / "dump.txt"
    path.write_bytes(data)
    runs = []
    for workers in ("1", "2"):
        proc = subprocess.run([sys.executable, "-m", "rsctparse", "--workers", workers, str(path)],
                              capture_output=True, text=True)
        assert proc.returncode == 1  # the corpus has invalid samples
        runs.append([json.loads(line) for line in proc.stdout.splitlines()])
        assert "Traceback" not in proc.stderr
    assert runs[0] == runs[1]
    assert len(runs[0]) == len(samples)
    assert [o["host"] for o in runs[0]] == [f"h-{p.stem}" for p in samples]


def test_split_raw_counts_lines() -> None:
    data = b"pre\n# lssrc -a\nrow\nrow\n$ lssrc -s x\n"
    raws = list(split_raw(io.BytesIO(data)))
    assert [(r.prompt_line, r.body_line) for r in raws] == [(1, 1), (2, 3), (5, 6)]


def test_section_json_has_text_only_when_unknown_or_failed() -> None:
    [ok, unknown] = rsctparse.iter_sections([b"# lssrc -s ctrmc\n", b" ctrmc rsct 1 active\n", b"# uname -a\n", b"x\n"])
    assert "text" not in ok.as_data() and unknown.as_data()["text"] == "# uname -a\nx\n"


def test_odd_F_separator_in_a_prompt_is_not_an_internal_error() -> None:
    # found by fuzzing: the separator came from a byte that is not UTF-8
    data = b"hscroot@hmc1:~> lssyscfg -r lpar -F name\xffstate\naix1\xffRunning\n"
    [section] = rsctparse.iter_sections(io.BytesIO(data))
    assert section.error is None and section.records[0].as_data() == {"values": ["aix1\udcffRunning"]}


def _reference_split(data: bytes) -> list[tuple[bytes, int, bytes, int]]:
    """The splitter's definition, line by line: a prompt line starts a section (no size cap)."""
    out: list[tuple[bytes, int, bytes, int]] = []
    prompt_bytes, prompt_line, body, body_line = b"", 1, b"", 1
    parts = data.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    skip = 0
    for number, line in enumerate(lines, 1):  # lines end at LF only (a lone CR is inside a line)
        if skip:  # the rest of a fleet tool's framing of three lines (a rule, a host, the rule)
            skip -= 1
            continue
        framing = SANDWICH.fullmatch(b"".join(lines[number - 1 : number + 2]))
        if framing is not None or (
            len(line) <= MAX_PROMPT and is_prompt_line(line.decode("utf-8", "surrogateescape").rstrip("\r\n"))
        ):
            if prompt_bytes or body:
                out.append((prompt_bytes, prompt_line, body, body_line))
            taken = b"".join(lines[number - 1 : number + 2]) if framing is not None else line
            skip = 2 if framing is not None else 0
            prompt_bytes, prompt_line, body, body_line = taken, number, b"", number + 1 + skip
        else:
            body += line
    if prompt_bytes or body:
        out.append((prompt_bytes, prompt_line, body, body_line))
    return out


_LINES = st.one_of(
    st.sampled_from([p.format(h="aix1", c="lssrc -a") for p in PROMPTS]
                    + ["# lssrc -a", "$ rmcctrl -p", "# not a command", "[x]# lssrc -a", "#", "$",
                       "\x1b[1;32mroot@aix1\x1b[0m:/ # lssrc -a", "root@aix1:~> ", "Password:", "",
                       " ctrmc rsct 1 active", "name=aix1,state=Running", "# " + "x" * 5000,
                       "2020-06-04 00:57:37,174 process          L0607 INFO | Running 'lssrc -a'",
                       "2020-06-04 00:57:37,174 process L1 INFO | Running 'x'", "Running 'lssrc -a'", "Running 'x'",
                       "2020-06-04 00:57:37,179 process          L0439 DEBUG| [stdout]  ctrmc rsct 1 active"]),
    st.text(alphabet=st.sampled_from("#$[]@:/ ~>\x1bab1\t\r-.\xff"), max_size=12),
    st.sampled_from(["-----", "=====", "aix1", "NODE aix1", "HOST: aix1", "==== aix1 ====",
                     "aix1 | CHANGED | rc=0 >>"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=20), st.booleans(), st.integers(1, 64))
def test_split_raw_equals_the_line_by_line_definition(lines: list[str], final_eol: bool, block: int) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff")
    if final_eol and data:
        data += b"\n"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_split, "BLOCK", block)  # small blocks: prompts and lines cross block boundaries
        raws = [(r.prompt, r.prompt_line, r.body, r.body_line) for r in split_raw(io.BytesIO(data))]
    assert b"".join(r[0] + r[2] for r in raws) == data
    assert raws == _reference_split(data)


def test_unknown_engine_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="engine must be one of fast, lark, not 'grammar'"):
        next(rsctparse.iter_sections([b"# lssrc -a\n"], engine="grammar"))  # type: ignore[arg-type]


# --- transcript artefacts undone on output that fails as printed ---------------------------------
def _sections(text: str) -> list[rsctparse.Section]:
    return list(rsctparse.iter_sections(io.BytesIO(text.encode())))


PROMPT_F = "hscroot@hmc1:~> lssyscfg -r lpar -m 9117-570*65B4D6E -F name,rmc_state,rmc_ipaddr,rmc_ossh\n"


def test_wrapped_f_command_line_is_joined() -> None:
    text = PROMPT_F + "utdown_capable,dlpar_mem_capable\naix1,active,10.1.1.1,1,1\naix2,inactive,10.1.1.2,0,0\n"
    (section,) = _sections(text)
    assert section.error is None
    assert section.argv is not None and section.argv.endswith("rmc_osshutdown_capable,dlpar_mem_capable")
    assert [r.as_data() for r in section.records][1] == {
        "name": "aix2", "rmc_state": "inactive", "rmc_ipaddr": "10.1.1.2",
        "rmc_osshutdown_capable": "0", "dlpar_mem_capable": "0",
    }
    assert section.text == text  # the section keeps what was printed


def test_names_like_first_line_is_output_when_it_parses() -> None:
    # the same long prompt, but the first line is a value of the one -F name: nothing to join
    text = "hscroot@hmc1:~> lssyscfg -r lpar -m 9117-570*65B4D6E-with-a-long-name-here -F name\nutdown_capable\naix2\n"
    (section,) = _sections(text)
    assert section.argv is not None and section.argv.endswith("-F name")
    assert [r.as_data() for r in section.records] == [{"name": "utdown_capable"}, {"name": "aix2"}]


def test_elision_line_reads_as_rows_left_out() -> None:
    text = "# lssrc -a\nSubsystem         Group            PID          Status\n ctrmc   rsct   123   active\n" \
        "  .....\n IBM.DRM   rsct_rm   456   active\n"
    (section,) = _sections(text)
    assert section.error is None
    assert [r.as_data()["subsystem"] for r in section.records] == ["ctrmc", "IBM.DRM"]


def test_elision_inside_a_quoted_value_is_data() -> None:
    # output that parses as printed is never changed: a line of dots inside a quoted value stays
    text = 'hscroot@hmc1:~> lssyscfg -r sys -F name,description\nsys1,"first line\n.....\nlast line"\n'
    (section,) = _sections(text)
    assert section.error is None
    assert [r.as_data() for r in section.records] == [{"name": "sys1", "description": "first line\n.....\nlast line"}]


def test_hard_wrapped_lspartition_lines_are_joined() -> None:
    detail = "       Active:<1>, OS:<AIX, 6.1, 6100-09-08-1642>, DCaps:<0xc3f>, CmdCaps:<0x3b, 0x3b>, Pi"
    assert len(detail) == 90
    text = f"hscroot@hmc1:~> lspartition -dlpar\n<#1> Partition:<6*9117-570*65YDR6E, , 9.210.114.214>\n{detail}\n" \
        "nnedMem:<645>\n"
    (section,) = _sections(text)
    assert section.error is None
    assert section.records[0].as_data()["pinned_mem"] == 645


def test_failing_output_keeps_its_error_when_no_repair_works() -> None:
    text = "hscroot@hmc1:~> lspartition -dlpar\n<#1> Partition:<6*9117-570*65YDR6E, , 9.210.114.214>\n" \
        "       Active:<1>, OS:<AIX, 6.1, 6100-09-08-1642>, DCaps:<c3f>, CmdCaps:<0x3b, 0x3b>, PinnedMem:<645>\n"
    (section,) = _sections(text)
    assert section.error is not None
    assert (section.error.line, section.error.message) == (3, "expected a hex value (0x...), found 'c3f'")


def test_large_failing_output_is_not_reread(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = sections_module._parse_output

    def counting(*args: object, **kwargs: object) -> object:
        calls.append("x")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sections_module, "_parse_output", counting)
    row = "       Active:<1>, OS:<AIX, 6.1, 6100-09-08-1642>, DCaps:<0xc3f>, CmdCaps:<0x3b, 0x3b>, Pi\n"
    small = "hscroot@hmc1:~> lspartition -dlpar\n" + row + "x\n"
    _sections(small)
    assert 1 < len(calls) <= 1 + _repair.REPAIR_TRIES
    calls.clear()
    _sections("hscroot@hmc1:~> lspartition -dlpar\n" + row * (_repair.REPAIR_MAX // len(row) + 1))
    assert len(calls) == 1


def test_fuzz_cr_in_a_row_read_again_for_artefacts() -> None:
    # found by the dump harness: the csv module refused a CR inside a row while counting values for repairs
    data = b"hscroot@hmc10:~> lssyscfg -r\xef\xefop74* -F name,state\naix10,Ru\x97g\r\n\x1b[01;32mro r\x8d\x9c\x8b" \
        b"\xde  ,,,,,hsc\x00\x00\x00\x00\x00\x00\x00\x00h\xad\xad\xed\xad\r\xffh"
    (section,) = rsctparse.iter_sections(io.BytesIO(data), max_section=4096)
    assert section.error is not None and section.error.message == "expected 2 values (name,state), found 6"


def test_harness_log_output_is_its_stdout_and_stderr_lines() -> None:
    log = ("2020-06-04 00:57:37,174 process          L0607 INFO | Running 'lssrc -s ctrmc'\n"
           "2020-06-04 00:57:37,178 process          L0439 DEBUG| [stdout] Subsystem         Group   PID     Status\n"
           "2020-06-04 00:57:37,178 process          L0689 INFO | Command 'lssrc -s ctrmc' finished with 0\n"
           "2020-06-04 00:57:37,179 process          L0439 DEBUG| [stdout]  ctrmc            rsct    21910   active\n"
           "Running 'lssrc -s ctcas'\n"
           "[stderr] 0513-085 The ctcas Subsystem is not on file.\n"
           "Command 'lssrc -s ctcas' finished with 1 after 0.01s\n")
    first, second = _sections(log)
    assert (first.host, first.argv, first.line) == (None, "lssrc -s ctrmc", 2)
    assert [r.as_data() for r in first.records] == [
        {"subsystem": "ctrmc", "group": "rsct", "pid": 21910, "status": "active"}]
    assert [r.as_data() for r in second.records] == [
        {"code": "0513-085", "message": "The ctcas Subsystem is not on file."}]
    assert first.text + second.text == log


def test_harness_log_error_lines_are_dump_lines() -> None:
    log = ("Running 'lssrc -s ctrmc'\nCommand 'lssrc -s ctrmc' finished with 0\n"
           "[stdout]  ctrmc            rsct    21910   active   extra  fields\n")
    (section,) = _sections(log)
    assert section.error is not None and (section.error.line, section.error.column) == (3, 53)
    assert section.error.text_line.startswith("[stdout]  ctrmc")


@pytest.mark.parametrize(("printed", "column"), [
    ("ksh: lssrc:  not found.", 1), ("/bin/sh: lssrc: command not found", 1), ("-bash: lssrc: command not found", 1),
    ("sh: line 1: lssrc: command not found", 1), ("[stderr] /bin/sh: lssrc: command not found", 10),
])
def test_shell_not_found_is_named(printed: str, column: int) -> None:
    head = "Running 'lssrc -a'\n" if printed.startswith("[stderr]") else "# lssrc -a\n"
    (section,) = _sections(head + printed + "\n")
    assert section.error is not None
    assert str(section.error).splitlines()[0] == (
        f"<input>:2:{column}: lssrc: expected lssrc output, found the shell's 'not found' message (is RSCT installed,"
        " and the command on the PATH? /usr/sbin/rsct/bin on AIX, /opt/rsct/bin on Linux)")


def test_wrapped_rows_without_names_are_joined_when_that_evens_them() -> None:
    row = "lpar" + ",x" * 40  # 81 characters: wrapped by an 80-column terminal
    text = "hscroot@hmc1:~> lssyscfg -r lpar -m sys1 -F\n" + f"{row[:80]}\n{row[80:]}\n" * 2 + "...\n"
    (section,) = _sections(text)
    assert [len(r.as_data()["values"]) for r in section.records] == [41, 41]


def test_uneven_rows_without_names_stay_as_printed() -> None:
    # rows of different lengths that no joining makes even (a VIOS beside AIX partitions): kept as printed
    text = "hscroot@hmc1:~> lssyscfg -r lpar -m sys1 -F\n" + "vios1" + ",v" * 30 + "\n" + "aix1" + ",a" * 20 + "\n"
    (section,) = _sections(text)
    assert [len(r.as_data()["values"]) for r in section.records] == [31, 21]


_ARGV = {"lspartition": "lspartition -dlpar", "lssrc": "lssrc -a", "rmcdomainstatus": "rmcdomainstatus -s ctrmc",
         "ctsthl": "ctsthl -l", "lsrsrc": "lsrsrc IBM.MCP"}


def _wrappable(p: Path) -> bool:
    """Samples whose wrapped pieces cannot read as lines of their own, without TABs or CRs (a TAB is several
    columns): all but lssyscfg name=value (a piece reads as a record), ctsvhbal and SRC messages (a piece reads as
    a message line), lspartition -i (one logical line)."""
    meta = golden(p)
    data = p.read_bytes()
    argv = meta.get("options", {}).get("argv", "")
    kind = (p.parent.name == "lssyscfg" and " -F " in argv) or (
        p.parent.name in _ARGV and not (p.parent.name == "lspartition" and not p.stem.startswith("dlpar")))
    return kind and "records" in meta and b"0513-" not in data and b"\t" not in data and b"\r" not in data


def _widths(lines: list[str]) -> list[int]:
    """Terminal widths that wrap at least one line and leave no line a whole number of widths long (ambiguous)."""
    return [w for w in range(60, 131) if any(len(line) > w for line in lines)
            and all(len(line) % w for line in lines if len(line) >= w)]


def _lines(p: Path) -> list[str]:
    return p.read_text(encoding="utf-8").rstrip("\n").split("\n")


_WRAPPABLE = [(p, golden(p)) for p in cases() if _wrappable(p) and _widths(_lines(p))]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_WRAPPABLE), st.data())
def test_output_hard_wrapped_by_a_terminal_reads_as_unwrapped(
    case: tuple[Path, dict[str, object]], data: st.DataObject
) -> None:
    # a terminal of `width` columns breaks each longer line into pieces of `width` characters, losing nothing
    sample, meta = case
    lines = _lines(sample)
    width = data.draw(st.sampled_from(_widths(lines)))
    wrapped = [line[i : i + width] for line in lines for i in range(0, max(len(line), 1), width)]
    options = meta.get("options", {})
    argv = options["argv"] if isinstance(options, dict) and "argv" in options else _ARGV[sample.parent.name]
    (section,) = _sections(f"hscroot@hmc1:~> {argv}\n" + "\n".join(wrapped) + "\n")
    assert section.error is None
    assert [r.as_data() for r in section.records] == meta["records"]


def test_only_harness_log_styles_mark_a_log() -> None:
    log = prompt("Running 'lssrc -a'")
    assert log is not None and log.log
    inv = prompt("[root@node1 ~]# lssrc -a | grep \"| Running 'x'\"")
    assert inv is not None and inv.command == "lssrc" and not inv.log


def test_sections_made_by_setting_slots_equal_the_constructors() -> None:
    """``_sections`` makes a parsed Section by setting its slots on a draft (``_records.draft``) and then its class:
    the same object as ``Section(...)`` makes, frozen."""
    from rsctparse._sections import _DRAFT

    fields = attrs.fields(Section)
    assert _DRAFT.__bases__ == (Section,) and vars(_DRAFT)["__slots__"] == ()
    assert Section.__slots__ == tuple(f.name for f in fields)  # type: ignore[attr-defined]
    assert not hasattr(Section, "__attrs_post_init__")
    assert all(f.validator is None and f.converter is None for f in fields)  # nothing else for __init__ to run
    out = io.StringIO()
    write(out, 0.3, seed=5)
    sections = list(rsctparse.iter_sections(io.BytesIO(out.getvalue().encode())))
    parsed = [s for s in sections if s.records]
    assert len(parsed) > 20
    for section in parsed:
        made = Section(*(getattr(section, f.name) for f in fields))
        assert made == section and made.as_data() == section.as_data() and hash(made) == hash(section)
        assert type(section) is Section and made.error is section.error is None
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            section.host = "x"  # type: ignore[misc]
