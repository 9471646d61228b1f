"""Every registered command has its module, grammar, corpus folder and docs page, under one name."""

from __future__ import annotations

import importlib

import pytest

import rsctparse
from rsctparse._grammar import grammar_path
from tests.golden import CORPUS, ROOT


@pytest.mark.parametrize("name", sorted(rsctparse.COMMANDS))
def test_command_has_everything(name: str) -> None:
    module = importlib.import_module(f"rsctparse._commands.{name}")
    assert module.NAME == name
    assert grammar_path(name).parent == ROOT / "grammars"
    assert (ROOT / "docs" / "commands" / f"{name}.md").is_file()
    samples = list((CORPUS / name).glob("*.txt"))
    assert samples, f"corpus/{name}/ has no samples"
    for sample in samples:
        assert sample.with_suffix(".json").is_file(), f"{sample.name} lacks its golden JSON"


def test_registry_collects_each_module_descriptor() -> None:
    """The registry is the modules' COMMAND descriptors, in sniffing order, and render() goes through them."""
    from rsctparse._command import Command
    from rsctparse._registry import PARSER_OF, command_for

    assert list(rsctparse.COMMANDS) == [
        "rmcdomainstatus", "ctsthl", "lsrsrc", "lspartition", "ctsvhbal", "lssrc", "lssyscfg"
    ]
    for name, command in rsctparse.COMMANDS.items():
        module = importlib.import_module(f"rsctparse._commands.{name}")
        assert isinstance(command, Command)
        assert command is module.COMMAND
        assert (command.sniff, command.render) == (module.sniff, module.render)
        assert command.parse_fast.__module__ == module.__name__  # the module's own engines
        assert getattr(module, "fast_records", command.parse_fast) is command.parse_fast
        assert command.summary == (module.__doc__ or "").strip().splitlines()[0]
    assert command_for("lshwres") is rsctparse.COMMANDS["lssyscfg"] and PARSER_OF["lshwres"] == "lssyscfg"
    assert rsctparse.COMMANDS["lssyscfg"].options == {"argv", "fields", "header", "resource", "delimiter"}
    assert all(not c.options and c.check_options is None for n, c in rsctparse.COMMANDS.items() if n != "lssyscfg")
    ctsthl = rsctparse.COMMANDS["ctsthl"]
    records = rsctparse.parse((CORPUS / "ctsthl" / "ibm-doc-rsa1024.txt").read_bytes(), "ctsthl")
    assert records
    assert rsctparse.render(records, "ctsthl") == ctsthl.render(records)
    with pytest.raises(ValueError, match="unknown command 'nosuch'; known: rmcdomainstatus, ctsthl, "):
        rsctparse.render(records, "nosuch")


def test_ci_asks_the_registry_for_the_commands() -> None:
    """.ci/run's fuzz loop lists no command by hand."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "print(*rsctparse.COMMANDS)" in ci
    assert "lssrc lssyscfg" not in ci


def test_no_orphan_corpus_folders() -> None:
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()} - {"scenarios", "dumps"}
    assert folders <= set(rsctparse.COMMANDS)


def test_grammars_compile_lazily() -> None:
    import subprocess
    import sys

    # importing rsctparse must not compile a grammar
    code = (
        "import rsctparse._grammar as g, rsctparse\n"
        "print(g._parser.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


def test_public_api_is_small() -> None:
    """The public names: seven functions, the registry, the marker, the error and the record classes; no more."""
    assert set(rsctparse.__all__) <= set(dir(rsctparse))
    for name in rsctparse.__all__:
        assert not name.startswith("_") or name == "__version__"
    functions = {n for n in rsctparse.__all__ if n[0].islower() and n != "__version__"}
    assert functions == {"anonymise", "as_data", "check", "detect", "iter_sections", "parse", "render"}
    classes = {n for n in rsctparse.__all__ if n[0].isupper() and isinstance(getattr(rsctparse, n), type)}
    records = {n for n in classes if issubclass(getattr(rsctparse, n), rsctparse.Record)}
    assert classes - records == {"ParseError"}  # the one error type; every other class is a record
    assert set(rsctparse.__all__) - functions - classes == {"COMMANDS", "MARKER", "__version__"}
    assert len(rsctparse.__all__) <= 32


def test_one_runner_for_both_engines() -> None:
    """Command.parse: the hand engine's records; a Reject sends the text to the grammar (and is counted); a Fault
    is positioned by the grammar unless the command says its positions are exact; quick() never asks the grammar."""
    from rsctparse import _grammar
    from rsctparse._command import Command
    from rsctparse._errors import Fault, Reject

    calls: list[str] = []

    def fast(text: str) -> list[rsctparse.Record]:
        calls.append("fast")
        if text.startswith("reject"):
            raise Reject
        if text.startswith("fault"):
            raise Fault("bad value", 1, 7)
        return [rsctparse.Message(None, "fast")]

    def grammar(text: str) -> list[rsctparse.Record]:
        calls.append("grammar")
        return [rsctparse.Message(None, "grammar")]

    def command(exact: bool) -> Command:
        return Command("probe", fast, grammar, lambda head: False, lambda records: "", "A probe.", exact_faults=exact)

    _grammar.reset_fallbacks()
    assert command(False).parse("ok\n") == [rsctparse.Message(None, "fast")] and calls == ["fast"]
    assert command(False).parse("ok\n", "lark") == [rsctparse.Message(None, "grammar")] and calls[-1] == "grammar"
    assert command(False).parse("reject\n") == [rsctparse.Message(None, "grammar")] and _grammar.FALLBACKS["probe"] == 1
    assert command(False).parse("fault\n") == [rsctparse.Message(None, "grammar")] and _grammar.FALLBACKS["probe"] == 2
    with pytest.raises(rsctparse.ParseError) as exact:
        command(True).parse("fault here\n")
    assert (exact.value.line, exact.value.column, exact.value.message) == (1, 7, "bad value")
    calls.clear()
    for text in ("reject\n", "fault\n"):
        with pytest.raises(rsctparse.ParseError, match="left to the grammar"):
            command(False).quick(text)
    assert calls == ["fast", "fast"]  # no grammar pass
    _grammar.reset_fallbacks()


def test_command_modules_load_when_first_needed() -> None:
    """``import rsctparse`` loads no command module, no transcript reader and no attrs record class of a command;
    a parse of lssrc output loads lssrc alone; detect() loads modules in sniffing order until one recognises the
    text; a transcript loads the modules of its commands (not lssyscfg's without an HMC section); a lazy name is
    the same object as the module's and stays in dir()."""
    import json
    import subprocess
    import sys

    sample = CORPUS / "lssrc" / "aix-status-all.txt"
    code = (
        "import json, sys, rsctparse\n"
        "loaded = lambda: sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('rsctparse._commands.'))\n"
        "out = [loaded(), 'rsctparse._sections' in sys.modules, 'rsctparse._prompt' in sys.modules]\n"
        f"rsctparse.parse(open({str(sample)!r}).read(), 'lssrc')\n"
        "out.append(loaded())\n"
        f"out.append(rsctparse.detect(open({str(sample)!r}).read()))\n"
        "out.append(loaded())\n"
        "import io\n"
        f"list(rsctparse.iter_sections(io.BytesIO(b'$ lssrc -a\\n' + open({str(sample)!r}, 'rb').read())))\n"
        "out.append(loaded())\n"
        "from rsctparse import Lpar\n"
        "import rsctparse._commands.lssyscfg as m\n"
        "out += [Lpar is m.Lpar, 'Lpar' in dir(rsctparse), 'iter_sections' in dir(rsctparse)]\n"
        "print(json.dumps(out))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [
        [], False, False,
        ["lssrc"],
        "lssrc",
        ["ctsthl", "ctsvhbal", "lspartition", "lsrsrc", "lssrc", "rmcdomainstatus"],  # all before lssrc in order
        ["ctsthl", "ctsvhbal", "lspartition", "lsrsrc", "lssrc", "rmcdomainstatus"],  # (a transcript adds none)
        True, True, True,
    ]


def test_registry_mapping() -> None:
    """COMMANDS reads like a dict of the registered commands and refuses any other name or a change."""
    from rsctparse._registry import NAMES

    assert len(rsctparse.COMMANDS) == len(NAMES) == 7 and tuple(rsctparse.COMMANDS) == NAMES
    assert "lssrc" in rsctparse.COMMANDS and "lshwres" not in rsctparse.COMMANDS and 3 not in rsctparse.COMMANDS  # type: ignore[comparison-overlap]
    assert rsctparse.COMMANDS.get("lshwres") is None
    with pytest.raises(KeyError):
        rsctparse.COMMANDS["lshwres"]
    with pytest.raises(TypeError):
        rsctparse.COMMANDS["lssrc"] = rsctparse.COMMANDS["lssyscfg"]  # type: ignore[index]
    assert dict(rsctparse.COMMANDS)["lssrc"].name == "lssrc"
    assert "lssrc" in repr(rsctparse.COMMANDS)
    with pytest.raises(AttributeError, match="has no attribute 'nosuch'"):
        rsctparse.nosuch  # type: ignore[attr-defined]  # noqa: B018
