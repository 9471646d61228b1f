"""The CLI contract of docs/cli.md."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from rsctparse._cli import main
from tests.golden import CORPUS


def run(*argv: str) -> tuple[int, list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, [json.loads(line) for line in out.getvalue().splitlines() if line], err.getvalue()


def test_one_section_per_file() -> None:
    sample = str(CORPUS / "lssrc" / "aix-status-all.txt")
    status, objs, err = run(sample)
    assert status == 0 and err == ""
    assert len(objs) == 1
    obj = objs[0]
    assert list(obj) == ["file", "command", "host", "argv", "line", "records", "error"]
    assert obj["command"] == "lssrc" and obj["error"] is None and obj["line"] == 1
    assert obj["records"][0] == {"subsystem": "sendmail", "group": "mail", "pid": 5243302, "status": "active"}


def test_failure_is_exit_1_with_positioned_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Subsystem Group PID Status\n a b c d e\n")
    status, objs, err = run(str(bad))
    assert status == 1
    assert objs[0]["error"] == {"message": "expected 2 to 4 fields (Subsystem, Group, PID, Status), found 5",
                                "line": 2, "column": 10}
    assert err.splitlines()[0] == f"{bad}:2:10: lssrc: expected 2 to 4 fields (Subsystem, Group, PID, Status), found 5"


def test_garbage_suggests_command(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.bin"
    bad.write_bytes(b"\xff\xfe garbage \x00\n")
    status, objs, err = run(str(bad))
    assert status == 1
    assert objs[0]["command"] == "unknown"
    assert "--command" in err and "Traceback" not in err


def test_usage_errors_are_exit_2(tmp_path: Path) -> None:
    status, _, err = run(str(tmp_path / "missing.txt"))
    assert status == 2 and "cannot read" in err
    proc = subprocess.run([sys.executable, "-m", "rsctparse", "--command", "nosuch", "x"], capture_output=True)
    assert proc.returncode == 2


def test_stdin_and_pretty() -> None:
    proc = subprocess.run([sys.executable, "-m", "rsctparse", "--pretty", "-"], input=b"ctrmc rsct 1 active\n",
                          capture_output=True, check=True)
    obj = json.loads(proc.stdout)
    assert obj["file"] == "<stdin>" and obj["records"][0]["pid"] == 1
    assert proc.stdout.count(b"\n") > 5


def test_argv_gives_plain_F_output_its_names(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("3,Running,active,10.32.244.214\n")
    status, objs, _ = run("--argv", "lssyscfg -r lpar -m p750 -F lpar_id,state,rmc_state,rmc_ipaddr", str(path))
    assert status == 0
    assert objs[0]["argv"] == "lssyscfg -r lpar -m p750 -F lpar_id,state,rmc_state,rmc_ipaddr"
    assert objs[0]["managed_system"] == "p750"
    assert objs[0]["records"] == [{"lpar_id": 3, "state": "Running", "rmc_state": "active",
                                   "rmc_ipaddr": "10.32.244.214"}]
    status, objs, _ = run("--command", "lssyscfg", str(path))
    assert objs[0]["records"] == [{"values": ["3", "Running", "active", "10.32.244.214"]}]
