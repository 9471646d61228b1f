"""Dask recipe of docs/scale.md: a directory of dumps to findings and to CSV tables, one dump per task.

Run: ``python docs/scale.py DUMPS_DIR OUT_DIR`` (needs ``pip install 'rsctparse[scale]'``).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask.bag as db

import rsctparse
from rsctparse._csvout import row


def findings_of(path: str) -> list[dict[str, Any]]:
    """The findings of one dump (a dump is one estate: the checks join its hosts), each naming its dump."""
    found = rsctparse.check(rsctparse.iter_sections(path))
    return [{"dump": path, **f.as_data()} for f in found]


def rows_of(path: str) -> list[tuple[str, dict[str, str]]]:
    """(command, CSV row) for every record of every section of one dump that parsed."""
    return [(s.command, row(r, s.host, s.file, s.line)) for s in rsctparse.iter_sections(path) for r in s.records]


def dumps(folder: str | Path) -> list[str]:
    return sorted(str(p) for p in Path(folder).glob("*.txt"))


def findings(paths: list[str], **compute: Any) -> list[dict[str, Any]]:
    """All findings of all dumps, in dump order (``compute``: Dask options such as ``scheduler=``)."""
    bag = db.from_sequence(paths, partition_size=1)
    result: list[dict[str, Any]] = bag.map(findings_of).flatten().compute(**compute)
    return result


def tables(paths: list[str], **compute: Any) -> dict[str, list[dict[str, str]]]:
    """The rows of every command over all dumps, in dump order, grouped by command."""
    bag = db.from_sequence(paths, partition_size=1)
    out: dict[str, list[dict[str, str]]] = {}
    for command, cells in bag.map(rows_of).flatten().compute(**compute):
        out.setdefault(command, []).append(cells)
    return out


def header(rows: list[dict[str, str]]) -> list[str]:
    """The union of the rows' columns in first-seen order (as ``--format csv`` writes them)."""
    return list(dict.fromkeys(key for cells in rows for key in cells))


def write(out: Path, found: list[dict[str, Any]], by_command: dict[str, list[dict[str, str]]]) -> Iterator[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "findings.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(x, ensure_ascii=False) + "\n" for x in found)
    yield out / "findings.jsonl"
    for command, rows in by_command.items():
        with open(out / f"{command}.csv", "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=header(rows), restval="")
            writer.writeheader()
            writer.writerows(rows)
        yield out / f"{command}.csv"


if __name__ == "__main__":
    paths = dumps(sys.argv[1])
    for written in write(Path(sys.argv[2]), findings(paths), tables(paths)):
        print(written)
