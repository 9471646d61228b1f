"""Library hygiene: records pickle, no eval/exec/pickle of input, files opened only where the CLI is told to."""

from __future__ import annotations

import pickle
import re

import rsctparse
from tests.golden import ROOT, cases, golden


def test_every_corpus_record_pickles_and_is_frozen() -> None:
    import attrs

    for sample in cases():
        meta = golden(sample)
        if "records" not in meta:
            continue
        for record in rsctparse.parse(sample.read_bytes(), meta["command"], **meta.get("options", {})):
            assert attrs.has(type(record)) and type(record).__setattr__ is not object.__setattr__
            assert not hasattr(record, "__dict__"), type(record)  # slotted
            again = pickle.loads(pickle.dumps(record))
            assert again.as_data() == record.as_data()


def test_no_eval_exec_or_unpickling_in_the_package() -> None:
    for path in (ROOT / "rsctparse").rglob("*.py"):
        source = path.read_text()
        assert not re.search(r"\b(eval|exec)\(", source), path
        assert "pickle.load" not in source, path


def test_files_are_opened_only_by_the_cli_splitter_and_grammar_loader() -> None:
    openers = {p.name for p in (ROOT / "rsctparse").rglob("*.py") if re.search(r"\bopen\(|read_text\(", p.read_text())}
    assert openers <= {"_cli.py", "_split.py", "_grammar.py"}
