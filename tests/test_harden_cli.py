"""The CLI never shows a traceback (issue 18 §3): input errors, a closed output pipe, Ctrl-C, odd options."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import rsctparse._sections
from rsctparse import _cli
from tests.golden import CORPUS

MODES = [[], ["--check"], ["--anonymise"], ["--workers", "2"]]
ROOT = CORPUS.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _rsctparse(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "rsctparse", *args], capture_output=True, env=ENV, check=False,
                          **kwargs)


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 300 kB of transcript (more output than a pipe holds)."""
    chunk = b"".join(p.read_bytes() for p in sorted((CORPUS / "scenarios").glob("*.txt")))
    path = tmp_path_factory.mktemp("medium") / "medium.txt"
    path.write_bytes(chunk * (300_000 // len(chunk) + 1))
    return path


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 6 MB of transcript: every scenario, many times over."""
    chunk = b"".join(p.read_bytes() for p in sorted((CORPUS / "scenarios").glob("*.txt")))
    path = tmp_path_factory.mktemp("large") / "large.txt"
    path.write_bytes(chunk * (6_000_000 // len(chunk) + 1))
    return path


@pytest.mark.parametrize("mode", MODES, ids=lambda m: " ".join(m) or "default")
def test_a_directory_as_file_is_an_input_error(mode: list[str], tmp_path: Path) -> None:
    proc = _rsctparse(*mode, str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"rsctparse: {tmp_path}: cannot read: Is a directory\n"


@pytest.mark.parametrize("mode", MODES, ids=lambda m: " ".join(m) or "default")
def test_a_file_that_fails_to_read_is_an_input_error(mode: list[str]) -> None:
    """/proc/self/mem opens but every read fails (EIO): the error names the FILE, not the output."""
    if not Path("/proc/self/mem").exists():
        pytest.skip("no /proc")
    proc = _rsctparse(*mode, "/proc/self/mem")
    assert proc.returncode == 2
    assert proc.stderr.decode() == "rsctparse: /proc/self/mem: cannot read: Input/output error\n"


@pytest.mark.parametrize("mode", MODES, ids=lambda m: " ".join(m) or "default")
def test_an_unreadable_file_is_an_input_error(mode: list[str], tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "secret.txt"
    path.write_text("ctrmc rsct 1 active\n")
    path.chmod(0)
    proc = _rsctparse(*mode, str(path))
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"rsctparse: {path}: cannot read: Permission denied\n"


@pytest.mark.parametrize("mode", MODES, ids=lambda m: " ".join(m) or "default")
def test_a_closed_output_pipe_ends_quietly(mode: list[str], medium: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "rsctparse", *mode, str(medium)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=ENV)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away (as `| head` does) before the output is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141
    # no traceback and nothing blaming the input (sections of the corpus that fail to parse are reported)
    assert "Traceback" not in err and "cannot read" not in err and "Broken pipe" not in err
    assert "rsctparse:" not in err, err[-2000:]


def test_a_closed_output_pipe_after_some_output(large: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "rsctparse", str(large)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=ENV)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b'{"file":')
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=300) == 141
    assert b"Traceback" not in err and b"cannot read" not in err and b"rsctparse:" not in err


@pytest.mark.parametrize("mode", [[], ["--workers", "2"], ["--workers", "2", "--check"],
                                  ["--workers", "2", "--anonymise"]], ids=lambda m: " ".join(m) or "default")
def test_ctrl_c_exits_130_without_a_traceback(mode: list[str], large: Path) -> None:
    """SIGINT to the whole process group (what Ctrl-C does), workers included, while it is running."""
    proc = subprocess.Popen([sys.executable, "-m", "rsctparse", *mode, str(large)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=ENV, start_new_session=True)
    assert proc.stdout is not None and proc.stderr is not None
    # running: the default mode has printed a line; the others are still reading (no output yet)
    errors: list[bytes] = []

    def drain_stderr() -> None:
        assert proc.stderr is not None
        errors.append(proc.stderr.read())

    reader = threading.Thread(target=drain_stderr)
    reader.start()
    if "--check" not in mode and "--anonymise" not in mode:
        assert proc.stdout.readline()
    else:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=1.5)  # not a timing assertion: only lets it get going
    assert proc.poll() is None, "finished before the signal: make the input larger"
    os.killpg(proc.pid, signal.SIGINT)
    proc.stdout.read()
    assert proc.wait(timeout=300) == 130
    reader.join()
    assert b"Traceback" not in errors[0] and b"KeyboardInterrupt" not in errors[0], errors[0][-2000:]


def test_workers_above_the_cpu_count_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int | None] = []
    real = rsctparse._sections.map_sections

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(_cli, "map_sections", spy)
    out, err = io.StringIO(), io.StringIO()
    path = str(CORPUS / "scenarios" / "healthy.txt")
    assert _cli.main(["--workers", "1000", path], stdout=out, stderr=err) == 0
    assert seen == [min(1000, _cli._cpus())] and seen[0] is not None and seen[0] <= (os.cpu_count() or 1)


@pytest.mark.parametrize(("options", "message"), [
    (["--check", "--anonymise"], "--check and --anonymise are two modes: choose one"),
    (["--anonymise", "--pretty"], "--pretty goes with the JSON of sections (not --check, --anonymise or --format csv)"),
    (["--check", "--pretty"], "--pretty goes with the JSON of sections (not --check, --anonymise or --format csv)"),
    (["--salt", "x"], "--salt and --keep-unparsed go with --anonymise"),
    (["--check", "--keep-unparsed"], "--salt and --keep-unparsed go with --anonymise"),
    (["--json"], "--json goes with --check (sections are always JSON)"),
    (["--anonymise", "--json"], "--json goes with --check (sections are always JSON)"),
    (["--workers", "0"], "--workers and --max-section-mb must be at least 1"),
    (["--format", "csv", "--pretty"],
     "--pretty goes with the JSON of sections (not --check, --anonymise or --format csv)"),
    (["--html", "r.html"], "--html goes with --check"),
    (["--schema", "lssrc"], "--schema prints a schema and reads no FILE: give one or the other"),
])
def test_options_a_mode_does_not_use_are_refused(options: list[str], message: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert _cli.main([*options, str(CORPUS / "scenarios" / "healthy.txt")], stdout=out, stderr=err) == 2
    assert err.getvalue() == f"rsctparse: {message}\n" and out.getvalue() == ""


def test_anonymise_honours_workers_engine_command_and_argv(tmp_path: Path) -> None:
    path = str(CORPUS / "scenarios" / "down.txt")
    plain = _rsctparse("--anonymise", "--salt", "s", path)
    assert plain.returncode == 0 and plain.stdout
    for extra in (["--workers", "2"], ["--engine", "lark"]):
        assert _rsctparse("--anonymise", "--salt", "s", *extra, path).stdout == plain.stdout
    # --command and --argv read a plain file (no prompts): here lssyscfg -F output with its names
    rows = tmp_path / "rows.txt"
    rows.write_text("aix10,Running,active\naix20,Running,inactive\n")
    out = _rsctparse("--anonymise", "--salt", "s", "--command", "lssyscfg", "--argv",
                     "lssyscfg -r lpar -F name,state,rmc_state", str(rows)).stdout.decode()
    assert "aix10" not in out and "aix20" not in out and out.count(",Running,") == 2
    withheld = _rsctparse("--anonymise", "--salt", "s", str(rows)).stdout.decode()
    assert "aix10" not in withheld and "withheld" in withheld  # without --command nothing parses: withheld


def test_anonymise_reads_stdin_and_fifos_once_and_salts_alike(tmp_path: Path) -> None:
    path = CORPUS / "scenarios" / "healthy.txt"
    from_file = _rsctparse("--anonymise", "--salt", "estate", str(path))
    from_stdin = _rsctparse("--anonymise", "--salt", "estate", "-", input=path.read_bytes())
    assert from_file.returncode == from_stdin.returncode == 0 and from_file.stdout == from_stdin.stdout
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(path.read_bytes()))
    writer.start()
    from_fifo = _rsctparse("--anonymise", "--salt", "estate", str(fifo), timeout=120)
    writer.join()
    assert from_fifo.returncode == 0 and from_fifo.stdout == from_file.stdout
    assert b"hmc1" not in from_file.stdout and b"10.10.50." not in from_file.stdout
    # another salt, other stand-ins; two files of one estate: one stand-in for hmc1 in both
    assert _rsctparse("--anonymise", "--salt", "other", str(path)).stdout != from_file.stdout
    both = _rsctparse("--anonymise", "--salt", "estate", str(path), str(CORPUS / "scenarios" / "down.txt"))
    prompt = from_file.stdout.split(b"\n", 1)[0]
    assert both.stdout.count(prompt.split(b">")[0]) >= 2


def test_keep_unparsed_through_the_cli(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text("[root@aix10 ~]# hostname\nmysecretbox\n[root@aix10 ~]# lssrc -s ctrmc\n"
                    "Subsystem         Group            PID          Status\n"
                    " ctrmc            rsct             1 active\n")
    withheld = _rsctparse("--anonymise", str(dump)).stdout.decode()
    assert "mysecretbox" not in withheld and "1 line(s) of unknown output withheld" in withheld
    assert " ctrmc            rsct             1 active" in withheld
    kept = _rsctparse("--anonymise", "--keep-unparsed", str(dump)).stdout.decode()
    assert "mysecretbox" in kept and "aix10" not in kept


@pytest.mark.parametrize("value", ["1\u00b2.1.1.1", "1" * 5000 + ".1.1.1", "\u0661\u0662.1.1.1"],
                         ids=["superscript", "5000-digits", "arabic-indic"])
@pytest.mark.parametrize("mode", [["--check"], ["--anonymise"]], ids=lambda m: m[0])
def test_odd_identities_and_a_serial_not_utf8_end_without_a_traceback(mode: list[str], value: str,
                                                                      tmp_path: Path) -> None:
    """Issue 18 §3: an identity with a superscript digit or a 5,000-digit part, a serial with a byte that is
    not UTF-8, Arabic-Indic digits (never an address)."""
    dump = tmp_path / "odd.txt"
    dump.write_bytes((
        "[root@aix10 ~]# /usr/sbin/rsct/bin/ctsvhbal\n"
        "ctsvhbal: The Host Based Authentication (HBA) mechanism identities for\nthe local system are:\n\n"
        f"                Identity:  {value}\n\n"
        "hscroot@hmc1:~> lspartition -dlpar\n"
        f"<#0> Partition:<2*8286-42A*21A\udcff4B7V, {value}, {value}>\n"
        "       Active:<1>, OS:<AIX, 7.2, 7200-05-03-2148>, DCaps:<0x2c5f>, CmdCaps:<0x1b, 0x1b>, PinnedMem:<1>\n"
    ).encode("utf-8", "surrogateescape"))
    proc = _rsctparse(*mode, str(dump))
    assert proc.returncode in (0, 1) and b"Traceback" not in proc.stderr, proc.stderr[-2000:]
    if mode == ["--anonymise"]:
        assert b"21A\xff4B7V" not in proc.stdout and b"aix10" not in proc.stdout


def test_anonymise_writes_bytes_that_are_not_utf8_as_they_came() -> None:
    path = CORPUS / "dumps" / "crlf-ansi-echo-badbyte.txt"
    original = path.read_bytes()
    proc = _rsctparse("--anonymise", "--salt", "s", str(path))
    assert proc.returncode == 0 and b"\\udc" not in proc.stdout
    bad = [bytes([b]) for b in set(original) if b >= 0x80 and bytes([b]).decode("utf-8", "replace") == "\ufffd"]
    assert bad and all(b in proc.stdout for b in bad)
