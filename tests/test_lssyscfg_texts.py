"""lssyscfg's fast engine reading a quoted line for its texts alone (issue 16, session 7) against main 1ce70aa.

The reader at 1ce70aa made a full Row (quoted flags, columns) of every line; now a one-line quoted row is a
``Texts`` item whose Row is made only where ``build`` needs it. The reader, the builder and the list helpers of
1ce70aa are kept below as written (module names prefixed ``L.``): the new ones must give the same items, records,
faults (message, line, column, records before) and Rejects.
"""

from __future__ import annotations

import io
import itertools
import operator
from collections.abc import Iterable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from bench.gen_dump import write
from rsctparse._commands import lssyscfg as L
from rsctparse._commands.lssyscfg import Item, LsArguments, Row, Value
from rsctparse._errors import Fault, Reject, describe
from rsctparse._records import Message, Record
from tests.golden import cases, golden
from tests.test_lssyscfg_speed import _ARGUMENTS, _LINE, _ROW


# --- main 1ce70aa, as written -------------------------------------------------------------------------------
def old_list(value: str) -> tuple[str, ...]:
    """The elements of a list value: CSV once more (``"2/1/1/3,4,5/0/1"`` is one element); never fails."""
    if value == "" or value == "none":
        return ()
    if '"' not in value:
        return tuple(value.split(","))
    if '""' not in value:
        parts = value.split('"')
        last = len(parts) - 1
        if not last % 2 and (elements := old_quoted_elements(parts, last)) is not None:
            return elements
    out: list[str] = []
    pos, n = 0, len(value)
    while True:
        if pos < n and value[pos] == '"':
            m = L._QUOTED_ELEMENT.match(value, pos)
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


def old_quoted_elements(parts: list[str], last: int) -> tuple[str, ...] | None:
    """The elements of a list whose text split at its quotes is ``parts`` (``last`` + 1 of them, an odd number:
    the odd ones inside quotes), when each quoted element is whole (a comma or an end on each side), else None."""
    out: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
        elif i == 0:
            if part:
                if part[-1] != ",":
                    return None
                out += part[:-1].split(",")
        elif i == last:
            if part:
                if part[0] != ",":
                    return None
                out += part[1:].split(",")
        elif part[0] != "," or part[-1] != ",":
            return None
        elif len(part) > 1:
            out += part[1:-1].split(",")
    return tuple(out)



def old_value(name: str, text: str, shaped: set[str]) -> Value:
    """The value of an attribute not known as a list that holds a quote: a list when it has a list's shape."""
    if L.is_list_shaped(text):
        shaped.add(name)
        return old_list(text)
    return text



def old_convert(pairs: list[tuple[str, Value]], lists: tuple[int, ...], quotes: int, shaped: set[str]) -> None:
    """The values of ``pairs`` read in place: those at ``lists`` as lists, and (when the ``quotes`` quotes of the
    values are not all in those) any other value with a quote as a list when it has a list's shape."""
    for i in lists:
        key, value = pairs[i]
        quotes -= value.count('"')
        pairs[i] = (key, old_list(value))  # type: ignore[arg-type]
    if quotes:
        for i, (key, value) in enumerate(pairs):
            if type(value) is str and '"' in value:
                pairs[i] = (key, old_value(key, value, shaped))



def old_fast_items(text: str, delimiter: str = ",") -> Iterator[Item]:
    """The hand engine: the same items as :func:`lark_items` (raises Reject when unsure), blank lines left out.

    The items come as the text is read, so a reader that stops (at a fault) has read the text only so far,
    and no list of the items of a whole text is made.
    """
    lines = itertools.chain.from_iterable(L._blocks(text))
    i = 0
    for line in lines:
        i += 1
        if not line or line.isspace():
            continue  # a blank line: no record (and nothing allocated for it)
        # the grammar's priorities: a message or "No results" line first, whatever it contains
        if line.startswith("HSCL") and L._MESSAGE.match(line):
            yield L.MessageLine(i, line[:8], line[9:].rstrip(" \t"))
        elif line.startswith(("No", "Nie")) and L._NO_RESULTS.fullmatch(line):
            yield L.NoResults(i)
        elif '"' in line:
            if (quick := L._quoted_line(line, delimiter, i)) is not None:
                yield quick
                continue
            try:
                row, more = L._quoted_row(line, lines, i, delimiter)
            except Reject:
                raise L._RejectedAt(i) from None
            yield row
            i += more
        else:
            yield Row(i, tuple(line.split(delimiter)))



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
    plans: dict[tuple[str, ...], L._Plan] = {}  # by the names of a row, in order
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
            parts = "=".join(texts).split("=")
            if len(parts) == 2 * len(texts) and all(map(operator.contains, texts, L._EQUALS)):
                # every field is name=value with one '=': the name=value branch below, at once
                pairs_seen = True
                keys = tuple(parts[0::2])
                plan = plans.get(keys)
                if plan is None:
                    plan = plans[keys] = L._plan(keys, cls, inv.resource)
                quotes = "".join(parts[1::2]).count('"')
                if plan.lists or quotes:
                    found: list[tuple[str, Value]] = list(zip(keys, parts[1::2], strict=True))
                    old_convert(found, plan.lists, quotes, shaped)
                    records.append(plan.cls(tuple(found), plan.resource))
                else:
                    records.append(plan.cls(tuple(zip(keys, parts[1::2], strict=True)), plan.resource))
                continue
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
                                       old_value(key, value, shaped) if '"' in value else value))
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
            plan = plans.get(names)
            if plan is None:
                plan = plans[names] = L._plan(names, cls, inv.resource)
            quotes = "".join(texts).count('"')
            if plan.lists or quotes:
                values: list[tuple[str, Value]] = list(zip(names, texts, strict=True))
                old_convert(values, plan.lists, quotes, shaped)
                records.append(plan.cls(tuple(values), plan.resource))
            else:
                records.append(plan.cls(tuple(zip(names, texts, strict=True)), plan.resource))
            continue
        else:
            pairs_seen = True
            pair_list: list[tuple[str, Value]] = []
            for index, t in enumerate(texts):
                key, eq, value = t.partition("=")
                if not eq:
                    raise L._cut(f"expected name=value, found {describe(t)}", row.line, row.column(index) + 1,
                               records, pair_list, shaped, inv)
                pair_list.append((key, old_list(value) if L.is_list_name(key) else
                                  old_value(key, value, shaped) if '"' in value else value))
            pairs = tuple(pair_list)
        kind_cls = cls or L._CLASSES.get(L._guess_resource([p[0] for p in pairs]), L.HmcRecord)
        records.append(kind_cls(pairs, inv.resource or L._RESOURCE_OF.get(kind_cls)))
    return L._promoted(records, shaped) if shaped else records



# --- the new against the old ---------------------------------------------------------------------------------
def _items(reader: object, text: str, delimiter: str) -> object:
    try:
        return list(reader(text, delimiter))  # type: ignore[operator]
    except L._RejectedAt as reject:
        return ("reject", reject.line)


def _outcome(build: object, items: Iterable[object], inv: LsArguments, by_shape: bool) -> object:
    try:
        return ("records", build(items, inv, by_shape))  # type: ignore[operator]
    except L.Cut as cut:
        return ("cut", cut.message, cut.line, cut.column, cut.records)
    except Fault as fault:
        return ("fault", fault.message, fault.line, fault.column)
    except Reject as reject:
        return ("reject", getattr(reject, "line", None))
    except L._NotHeader:
        return ("not a header",)


def _same(text: str, inv: LsArguments, by_shape: bool = False) -> None:
    assert _items(L.fast_items, text, inv.delimiter) == _items(old_fast_items, text, inv.delimiter)
    new = _outcome(L.build, L._fast_rows(text, inv.delimiter), inv, by_shape)
    assert new == _outcome(old_build, old_fast_items(text, inv.delimiter), inv, by_shape)


_QUOTED = st.lists(st.sampled_from(['"', '""', ",", ":", "a", "=", " ", "\r", "\0", "\t", '"a,b"', '"x""y"',
                                    '"""z"""', "b=1", "c_adapters=", "\n"]), max_size=12).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_QUOTED.filter(lambda line: '"' in line and "\n" not in line), st.sampled_from([",", ":"]))
def test_a_line_read_for_its_texts_has_the_texts_of_its_row(line: str, delimiter: str) -> None:
    texts = L._quoted_texts(line, delimiter)
    if texts is None:
        return
    row, more = L._quoted_row(line, iter([]), 7, delimiter)  # the plain reader: it takes no line after this one
    assert more == 0 and row.texts == texts
    assert L.Texts(7, texts, line, delimiter).row() == row


def test_the_texts_reader_takes_the_usual_lines_and_leaves_the_others() -> None:
    usual = {'a,"b,c",d': ("a", "b,c", "d"), '"x=1,""2,3""",y=': ('x=1,"2,3"', "y="), '"",""': ("", ""),
             '"""3/c,d/1"",""4/e/1"""': ('"3/c,d/1","4/e/1"',), '"a""b"': ('a"b',),
             ',"a",,"b",': ("", "a", "", "b", "")}
    for line, texts in usual.items():
        assert L._quoted_texts(line, ",") == texts, line
    for line in ['"a"b', 'a"b,c"', '"a', 'a,"b""', '"a""b""",c"', 'a"b', '"a"\0', '"a","b"c', 'x"y,"z"']:
        assert L._quoted_texts(line, ",") is None, line


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(_ROW, _LINE, _QUOTED), max_size=6), st.sampled_from(range(len(_ARGUMENTS))),
       st.booleans())
def test_items_and_records_are_the_old_ones(lines: list[str], which: int, by_shape: bool) -> None:
    _same("\n".join(lines) + "\n", _ARGUMENTS[which], by_shape)


@pytest.mark.parametrize("sample", [p for p in cases() if golden(p)["command"] == "lssyscfg"], ids=str)
def test_the_corpus_reads_as_before(sample: object) -> None:
    text = sample.read_bytes().decode("utf-8", "surrogateescape")  # type: ignore[attr-defined]
    inv = L._options(golden(sample).get("options", {}))  # type: ignore[arg-type]
    _same(text, inv)
    _same(text, inv, by_shape=True)


def test_a_profiles_dump_reads_as_before_and_its_rows_as_texts() -> None:
    out = io.StringIO()
    write(out, 0.3, seed=11, profiles=True)
    texts = [(s.text.split("\n", 1)[1], s.argv) for s in rsctparse.iter_sections(io.BytesIO(out.getvalue().encode()))
             if s.command == "lssyscfg"]
    read_as_texts = 0
    for text, argv in texts:
        inv = L._options({"argv": argv})
        _same(text, inv)
        read_as_texts += sum(type(item) is L.Texts for item in L._fast_rows(text, inv.delimiter))
        # and cut anywhere: the same fault, at the same place, with the same records before it
        for cut in range(0, len(text), max(1, len(text) // 7)):
            _same(text[:cut] + '"' + text[cut:], inv)
            _same(text[:cut] + "\n" + text[cut + 3:], inv)
    assert read_as_texts > 100


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(['"a,b"', '"c"', ",", "d", '""', '"', "none", "", '"e""f"', " "]), max_size=7)
       .map("".join))
def test_a_list_reads_as_before(value: str) -> None:
    assert L._list(value) == old_list(value)


def test_a_list_of_quoted_elements_only_is_read_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert L._list('"3/c/1,2/1","4/c/3,4/1"') == ("3/c/1,2/1", "4/c/3,4/1")
    assert L._list('"a"') == ("a",)

    class _Unused:
        def match(self, *args: object) -> None:
            raise AssertionError("read element by element")

    with monkeypatch.context() as patch:  # (at once: the element-by-element reading is not reached)
        patch.setattr(L, "_QUOTED_ELEMENT", _Unused())
        assert L._list('"3/c/1,2/1","4/c/3,4/1"') == ("3/c/1,2/1", "4/c/3,4/1")
        assert L._list('"a"') == ("a",)
        with pytest.raises(AssertionError):
            L._list('"a""b",c')  # (a doubled quote: element by element)
    assert L._list('"a",b') == ("a", "b") and L._list('"a","b",') == ("a", "b", "")
