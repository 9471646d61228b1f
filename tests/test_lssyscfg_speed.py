"""The lssyscfg reader and builder tuned for speed (issue 16) against their plain versions (main e96eee2).

The plain versions are kept here as written: the tuned ones must give the same records, faults and Rejects.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from bench.gen_dump import write
from rsctparse._commands import lssyscfg as L
from rsctparse._commands.lssyscfg import Item, LsArguments, Row, Value
from rsctparse._errors import Fault, Reject, describe
from rsctparse._records import Message, Record

_OLD_QUOTED_ELEMENT = re.compile(r'"((?:[^"]|"")*)"')


def old_list(value: str) -> tuple[str, ...]:
    """The elements of a list value: CSV once more (``"2/1/1/3,4,5/0/1"`` is one element); never fails."""
    if value == "" or value == "none":
        return ()
    out: list[str] = []
    pos, n = 0, len(value)
    while True:
        if pos < n and value[pos] == '"':
            m = _OLD_QUOTED_ELEMENT.match(value, pos)
            if m is None:  # an unterminated quote: the rest is the element, as the csv module reads it
                out.append(value[pos + 1 :].replace('""', '"'))
                return tuple(out)
            end = value.find(",", m.end())
            end = n if end < 0 else end
            out.append(m.group(1).replace('""', '"') + value[m.end() : end])
        else:
            end = value.find(",", pos)
            end = n if end < 0 else end
            out.append(value[pos:end])
        if end >= n:
            return tuple(out)
        pos = end + 1


def old_build(items: Iterable[Item], inv: LsArguments, by_shape: bool = False) -> list[Record]:
    """Records from the items of either engine, read in order: a fault stops the reading (raised as a Cut).

    ``by_shape``: the first row is a header with the delimiter of ``inv`` (raise L._NotHeader when it is none).
    """
    records: list[Record] = []
    names = inv.fields if inv.fields else None
    want_header = inv.header
    mode_f = inv.fields is not None
    typed = inv.command is None or inv.command == L.NAME  # -r names a class only for lssyscfg itself
    cls = (L._CLASSES.get(inv.resource, L.HmcRecord) if inv.resource and typed
           else (L.HmcRecord if inv.resource else None))
    pairs_seen = False
    shaped: set[str] = set()  # attributes not known as lists whose value had a list's shape
    rows: Iterator[Item] = iter(items)
    while (row := next(rows, None)) is not None:
        if not isinstance(row, Row):
            if isinstance(row, L.MessageLine):
                records.append(Message(row.code, row.text))
            continue
        if L._blank(row):
            continue
        texts = row.texts
        if want_header:
            names = texts
            want_header = False
            continue
        if by_shape:
            by_shape = False
            seen: list[Item] = []
            if not L._is_header(row, rows, seen):  # type: ignore[arg-type]  # (old items: Rows only)
                raise L._NotHeader
            rows = itertools.chain(seen, rows)
            names, mode_f = texts, True
            continue
        if not mode_f and names is None:
            if not all("=" in t for t in texts if t) or (row.quoted is not None and any(
                    q and not t for t, q in zip(texts, row.quoted, strict=True))):  # (a quoted empty field)
                if len(texts) == 1 and " " in texts[0].strip() and L._SENTENCE.fullmatch(texts[0].strip()):
                    records.append(Message(None, texts[0].strip()))
                    continue
                if pairs_seen or (L._PAIR.match(texts[0]) and len(texts) > 1):
                    # name=value lines before, or this line starts as one: a field without '=' is a fault
                    # (a line cut inside an attribute is not read as -F values)
                    cut = next(i for i, t in enumerate(texts) if "=" not in t)
                    before: list[tuple[str, Value]] = []
                    for t in texts[:cut]:
                        key, _, value = t.partition("=")
                        before.append((key, old_list(value) if L.is_list_name(key) else
                                       L._value(key, value, shaped) if '"' in value else value))
                    raise L._cut(f"expected name=value, found {describe(texts[cut])}", row.line, row.column(cut) + 1,
                               records, before, shaped, inv)
                if inv.fields is None:
                    seen = []
                    header = L._is_header(row, rows, seen)  # type: ignore[arg-type]  # (old items: Rows only)
                    rows = itertools.chain(seen, rows)
                    if header:
                        names = texts  # a --header row
                        mode_f = True
                        continue
                mode_f = True
        if mode_f:
            if names is None:
                if row.quoted is None:
                    records.append(L.Values(tuple(L._unnamed(t, False) for t in texts)))
                else:
                    records.append(L.Values(tuple(L._unnamed(t, q) for t, q in zip(texts, row.quoted, strict=True))))
                continue
            if len(texts) != len(names):
                col = row.column(min(len(texts), len(names)) - 1) + 1
                message = f"expected {len(names)} values ({inv.delimiter.join(names)}), found {len(texts)}"
                raise L._cut(message, row.line, col, records, [], shaped, inv)
            pairs = tuple((n, old_list(t) if L.is_list_name(n) else L._value(n, t, shaped) if '"' in t else t)
                          for n, t in zip(names, texts, strict=True))
        else:
            pairs_seen = True
            pair_list: list[tuple[str, Value]] = []
            for index, t in enumerate(texts):
                key, eq, value = t.partition("=")
                if not eq:
                    raise L._cut(f"expected name=value, found {describe(t)}", row.line, row.column(index) + 1,
                               records, pair_list, shaped, inv)
                pair_list.append((key, old_list(value) if L.is_list_name(key) else
                                  L._value(key, value, shaped) if '"' in value else value))
            pairs = tuple(pair_list)
        kind_cls = cls or L._CLASSES.get(L._guess_resource([p[0] for p in pairs]), L.HmcRecord)
        records.append(kind_cls(pairs, inv.resource or L._RESOURCE_OF.get(kind_cls)))
    return L._promoted(records, shaped) if shaped else records



# --- the tuned against the plain -----------------------------------------------------------------------------
_PIECES = st.sampled_from(['"', '""', ",", ":", "=", "a", "b=1", "x_adapters=", "io_slots=", "none", " ", "\t",
                           '"a,b"', '""c,d""', "name=", "lpar_id=", "HSCL1234 m", "No results were found.", "\n"])
_LINE = st.lists(_PIECES, max_size=14).map("".join)


def _old_quoted_row(line: str, delimiter: str) -> Row | None:
    try:
        row, more = L._quoted_row(line, iter([]), 7, delimiter)
    except Reject:
        return None
    return row if more == 0 else None


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join).filter(lambda line: '"' in line and "\n" not in line),
       st.sampled_from([",", ":"]))
def test_a_quoted_line_reads_as_the_plain_reader_reads_it(line: str, delimiter: str) -> None:
    quick = L._quoted_line(line, delimiter, 7)
    if quick is not None:
        assert quick == _old_quoted_row(line, delimiter)


def test_the_quoted_line_reader_takes_the_usual_lines() -> None:
    for line in ['a,"b,c",d', '"x=1,""2,3""",y=', '"",""', 'a,,"b"', '"a""b"', '"""a"', ',"a",,"b",']:
        assert L._quoted_line(line, ",", 7) is not None, line
        assert L._quoted_line(line, ",", 7) == _old_quoted_row(line, ","), line
    for line in ['"a"b', 'a"b,c"', '"a', 'a,"b""', '"a""b""",c"']:
        assert L._quoted_line(line, ",", 7) is None, line


@settings(max_examples=3000, deadline=None)
@given(st.text(st.sampled_from('",ab n'), max_size=16) | st.lists(st.sampled_from(['"a,b"', '""', "c", '"d""e"', ",",
                                                                                   '"', "none", ""]),
                                                                  max_size=6).map("".join))
def test_a_list_reads_as_the_plain_reader_reads_it(value: str) -> None:
    assert L._list(value) == old_list(value)


def _outcome(build: object, items: Iterable[Item], inv: LsArguments, by_shape: bool) -> object:
    try:
        return ("records", build(items, inv, by_shape))  # type: ignore[operator]
    except L.Cut as cut:
        return ("cut", cut.message, cut.line, cut.column, cut.records)
    except Fault as fault:
        return ("fault", fault.message, fault.line, fault.column)
    except Reject:
        return ("reject",)
    except L._NotHeader:
        return ("not a header",)


_ARGUMENTS = [LsArguments(), LsArguments(resource="lpar"), LsArguments(resource="prof", command="lssyscfg"),
              LsArguments(fields=("name", "io_slots", "x")), LsArguments(fields=(), header=True),
              LsArguments(command="lshwres"), LsArguments(fields=("a", "b"), delimiter=":")]
_VALUES = st.sampled_from(["", "none", "1", '"a,b"', '""x,y"",z', "a,b", '"q"', "p q.", "=", '""'])
_NAMES = st.sampled_from(["name", "lpar_id", "lpar_name", "io_slots", "virtual_fc_adapters", "state", "odd", ""])
_FIELD = st.one_of(st.tuples(_NAMES, _VALUES).map("=".join), _VALUES, _NAMES)


def _quote(field: str, quote: bool) -> str:
    return '"' + field.replace('"', '""') + '"' if quote else field


_ROW = st.lists(st.tuples(_FIELD, st.booleans()), min_size=1, max_size=6).map(
    lambda fields: ",".join(_quote(f, q) for f, q in fields))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(_ROW, _LINE), max_size=6), st.sampled_from(range(len(_ARGUMENTS))), st.booleans())
def test_records_are_built_as_the_plain_builder_builds_them(lines: list[str], which: int, by_shape: bool) -> None:
    text = "\n".join(lines) + "\n"
    inv = _ARGUMENTS[which]
    new = _outcome(L.build, L.fast_items(text, inv.delimiter), inv, by_shape)
    assert new == _outcome(old_build, L.fast_items(text, inv.delimiter), inv, by_shape)


def test_generated_profiles_read_as_the_plain_reader_reads_them() -> None:
    out = io.StringIO()
    write(out, 0.3, seed=5, profiles=True)
    texts = [(s.text.split("\n", 1)[1], s.argv) for s in rsctparse.iter_sections(io.BytesIO(out.getvalue().encode()))
             if s.command == "lssyscfg"]
    assert any('""' in text for text, _ in texts)
    for text, argv in texts:
        inv = L._options({"argv": argv})
        records = L.build(L.fast_items(text, inv.delimiter), inv)
        assert records == old_build(L.fast_items(text, inv.delimiter), inv)
        assert records == L.build(L.lark_items(text, inv.delimiter), inv)
