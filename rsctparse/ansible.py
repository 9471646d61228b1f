"""Ansible filter plugins ``rsctparse`` and ``rsctparse_check`` (docs/ansible.md): command output to plain data.

Ansible loads the class ``FilterModule`` from a file in a ``filter_plugins/`` folder; one line makes this one
visible there: ``from rsctparse.ansible import FilterModule``. Nothing here needs Ansible to be importable.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ._check import run_checks
from ._errors import ParseError
from ._parse import parse
from ._records import JSON, as_data
from ._sections import Section, iter_sections


def _text(data: Any) -> str:
    """The output held by ``data``: a string, a registered result (its ``stdout``) or a list of lines."""
    if isinstance(data, Mapping) and "stdout" in data:
        data = data["stdout"]
    if isinstance(data, (list, tuple)) and all(isinstance(x, str) for x in data):
        return "\n".join(data)
    if isinstance(data, (str, bytes)):
        return data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
    raise TypeError(f"expected command output (a string, a registered result or a list of lines), "
                    f"not {type(data).__name__}")


def _outputs(data: Any) -> list[tuple[str, str]]:
    """(name, text) of one dump, or of each item of a list of dumps (or of a loop's registered result).

    A list of strings none of which holds a line end is one output's lines (``stdout_lines``).
    """
    if isinstance(data, Mapping) and isinstance(data.get("results"), list):
        data = data["results"]
    if isinstance(data, (list, tuple)) and not all(isinstance(x, str) and "\n" not in x for x in data):
        return [(f"<item {i}>", _text(x)) for i, x in enumerate(data)]
    return [("<input>", _text(data))]


def _filter_error(exc: Exception) -> Exception:
    """``exc`` as Ansible's own filter error (the exception itself when Ansible is not installed)."""
    try:
        errors = importlib.import_module("ansible.errors")
    except ImportError:
        return exc
    error: Exception = errors.AnsibleFilterError(f"rsctparse: {exc}", orig_exc=exc)
    return error


def _sections(data: Any, strict: bool) -> Iterator[Section]:
    for name, text in _outputs(data):
        for section in iter_sections(io.BytesIO(text.encode("utf-8", "surrogateescape")), file=name):
            if strict and section.error is not None:
                raise section.error
            yield section


def _guarded(fn: Callable[..., JSON]) -> Callable[..., JSON]:
    def run(*args: Any, **kwargs: Any) -> JSON:
        try:
            return fn(*args, **kwargs)
        except (ParseError, TypeError, ValueError) as exc:
            raise _filter_error(exc) from exc

    run.__name__, run.__doc__ = fn.__name__, fn.__doc__
    return run


def rsctparse(data: Any, command: str | None = None, *, transcript: bool = False, strict: bool = False,
              **options: Any) -> JSON:
    """Records of one command's output as plain data (``command`` None: detected from the text).

    ``transcript=True`` reads a whole dump (prompts or marker lines) and returns its sections as the CLI
    prints them: a section that does not parse has its ``error`` set, or with ``strict=True`` fails the filter.
    Other keyword arguments are parse options (lssyscfg ``argv='lssyscfg -r lpar -F name,state'``, ...).
    """
    if transcript:
        if command is not None or options:
            raise TypeError("transcript=true reads the commands from the prompts: give no command or option")
        return [s.as_data() for s in _sections(data, strict)]
    return as_data(parse(_text(data), command, **options))


def rsctparse_check(data: Any, *, strict: bool = True) -> JSON:
    """The findings of the field guide's checks over one dump, or a list of dumps, as plain data.

    ``strict`` (default) fails on the first section that does not parse; ``strict=False`` checks without it.
    """
    return [f.as_data() for f in run_checks(_sections(data, strict)).findings]


class FilterModule:
    """What Ansible loads from a filter_plugins/ file: the filters by name."""

    def filters(self) -> dict[str, Callable[..., JSON]]:
        return {"rsctparse": _guarded(rsctparse), "rsctparse_check": _guarded(rsctparse_check)}
