"""Repairs of copied output: readings of a failed section with the artefacts of copies undone (never parses)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from ._prompt import visible

_ELISION = re.compile(r"^[ \t]*\.{3,}[ \t]*(?=\r?$)", re.M)
_F_NAMES = re.compile(r"[A-Za-z0-9_,:;|]+\r?")
REPAIR_MAX = 1 << 16  # characters: failing output up to this size is re-read with transcript artefacts undone
REPAIR_TRIES = 6  # at most this many re-reads of one failing section
WRAP_MIN = 60  # a prompt line this long (or longer) may have been hard-wrapped by the terminal
WRAP_MIN_EVEN = 80  # the narrowest terminal assumed when joining lines of output that parsed as printed


def _value_count(line: str, delimiter: str) -> int:
    """How many values a ``-F`` row holds (-1 when the csv module cannot read it)."""
    try:
        return len(next(csv.reader([line.rstrip("\r")], delimiter=delimiter)))
    except (csv.Error, StopIteration):
        return -1


def _wrap_widths(lines: list[str], minimum: int) -> list[int]:
    """Terminal widths the lines may have been wrapped at: lengths of lines followed by more text.

    No line is wider than the terminal, so the longest comes first; then the commonest (copies re-join some
    wraps by hand, which leaves lines longer than the terminal).
    """
    lengths: dict[int, int] = {}
    for i, line in enumerate(lines[:-1]):
        if len(line) >= minimum and lines[i + 1].strip():
            lengths[len(line)] = lengths.get(len(line), 0) + 1
    longest = max(lengths, default=0)
    return sorted(lengths, key=lambda n: (n != longest, -lengths[n], -n))[:3]


def _joined_at(lines: list[str], width: int) -> list[list[str]]:
    """The lines grouped as a terminal of ``width`` columns wrapped them: each line, with its continuations."""
    out: list[list[str]] = []
    for line in lines:
        if out and len(out[-1][-1]) == width and line.strip():
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _unwrapped_lines(name: str, output: str, stage: str | None) -> Iterator[str]:
    """The output with lines hard-wrapped by a terminal joined again, in the likeliest ways first.

    A terminal breaks a long line at its width and loses nothing, so a wrapped line is exactly as long as
    the terminal is wide and the next line goes on with it: lines of one such width (``_wrap_widths``) are
    joined with their next line. Copies often re-join some wraps by hand, so for
    ``lssyscfg -F`` rows a line with fewer values than the others is also joined with the next while that
    makes up the count.
    """
    lines = output.split("\n")
    for width in _wrap_widths(lines, WRAP_MIN):
        yield "\n".join("".join(pieces) for pieces in _joined_at(lines, width))
    if name == "lssyscfg" and stage and " -F " in f" {stage} ":
        from ._commands.lssyscfg import invocation  # (lssyscfg's module loads with its first section)

        typed = invocation(stage)
        delimiter = typed.delimiter
        counts = [_value_count(line, delimiter) for line in lines if line.strip()]
        if counts and -1 not in counts:
            # a row has as many values as -F names, or (no names) as the longest row
            usual = len(typed.fields) if typed.fields else max(counts)
            out: list[str] = []
            short = False  # the last line taken has fewer values than the usual count
            for line in lines:
                count = _value_count(line, delimiter) if line.strip() else 0
                if short and count > 0 and count + _value_count(out[-1], delimiter) - 1 <= usual:
                    out[-1] += line
                else:
                    out.append(line)
                short = bool(line.strip()) and 0 <= _value_count(out[-1], delimiter) < usual
            yield "\n".join(out)


def _unwrapped_f_list(prompt_text: str, argv: str, stage: str, output: str) -> tuple[str, str, int] | None:
    """(argv, stage, length of the first output line) when a ``lssyscfg -F`` command line was hard-wrapped.

    A terminal wraps a long command line at its width and loses nothing, so the rest of the ``-F`` list
    shows as the first output line. That line is taken as part of the command only when the prompt line is
    long, the line looks like names, and the joined list has as many names as the next line has values
    while the list as typed has not.
    """
    shown = visible(prompt_text)
    end = output.find("\n")
    if len(shown) < WRAP_MIN or end <= 0 or " -F " not in f" {stage} " or "--header" in stage:
        return None
    first = output[:end]
    if _F_NAMES.fullmatch(first) is None:
        return None
    from ._commands.lssyscfg import invocation

    typed = invocation(stage)
    joined = invocation(stage + first.rstrip("\r"))
    if typed.fields is None or joined.fields is None or joined.delimiter != typed.delimiter:
        return None
    following = next((line for line in output[end + 1 :].split("\n") if line.strip()), None)
    if following is None:
        return None
    values = _value_count(following, typed.delimiter)
    if values != len(joined.fields) or values == len(typed.fields):
        return None
    return argv + first.rstrip("\r"), stage + first.rstrip("\r"), end + 1


def readings(
    name: str, prompt_text: str, argv: str | None, stage: str | None, output: str
) -> Iterator[tuple[str | None, str | None, str]]:
    """(argv, stage, output) readings of a failed section with its artefacts undone, likeliest first.

    The artefacts (docs/transcripts.md): a ``lssyscfg -F`` command line hard-wrapped by the terminal, whose
    rest shows as the first output line; an author's elision line (``...``, ``.....``), read as a blank line;
    lines hard-wrapped at the terminal width. The first reading may be the output as printed.
    """
    commands: list[tuple[str | None, str | None, str]] = [(argv, stage, output)]
    unwrapped = (
        _unwrapped_f_list(prompt_text, argv, stage, output)
        if name == "lssyscfg" and stage and argv is not None else None
    )
    if unwrapped is not None:
        new_argv, new_stage, cut = unwrapped
        # (the continuation line becomes blank, not removed: the output keeps its line numbers)
        commands.insert(0, (new_argv, new_stage, "\n" + output[cut:]))
    for try_argv, try_stage, try_output in commands:
        elided = _ELISION.sub("", try_output) if "..." in try_output else try_output
        for text in dict.fromkeys((elided, try_output)):
            yield try_argv, try_stage, text
            for joined in _unwrapped_lines(name, text, try_stage):
                yield try_argv, try_stage, joined



def even_row_readings(output: str, stage: str | None) -> Iterator[str]:
    """Readings of ``lssyscfg -F`` rows (no names) whose wrapped lines, joined again, make every row as long.

    Output that parsed is only changed on strong evidence: a terminal width of at least 80 columns shared by
    the lines joined, at least two rows, every row then of one length, and each tail joined shorter (in values)
    than half the line it completes (rows that merely differ, a VIOS beside AIX partitions, stay as printed).
    The section builder takes a reading only when its rows then parse evenly.
    """
    from ._commands.lssyscfg import invocation

    delimiter = invocation(stage).delimiter
    lines = (_ELISION.sub("", output) if "..." in output else output).split("\n")
    for width in _wrap_widths(lines, WRAP_MIN_EVEN):
        rows = [pieces for pieces in _joined_at(lines, width) if pieces[0].strip()]
        counts = {_value_count("".join(pieces), delimiter) for pieces in rows}
        if len(rows) < 2 or len(counts) != 1 or not any(len(pieces) > 1 for pieces in rows):
            continue
        if any(2 * _value_count(tail, delimiter) >= _value_count(pieces[0], delimiter)
               for pieces in rows for tail in pieces[1:]):
            continue
        yield "\n".join("".join(p) for p in rows) + "\n"
