"""lssyscfg's name=value rows read a field at a time through a cache of pairs (issue 16, session 8) against main
e92d68a.

At e92d68a a name=value row was joined and split at its '=' and its values converted row by row; now each field's
pair (name and value, a list name's value as a list) is looked up by the field's text in ``_Pairs``, read once
when first met. The builder and the list helpers of e92d68a are kept below as written (module names prefixed
``L.``): the new builder must give the same records, faults (message, line, column, records before) and Rejects,
with the cache empty, full of the same rows, or emptied as it fills.
"""

from __future__ import annotations

import io
import itertools
import operator
from collections.abc import Iterable, Iterator

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from bench.gen_dump import write
from rsctparse._commands import lssyscfg as L
from rsctparse._commands.lssyscfg import Item, LsArguments, Row, Value
from rsctparse._errors import Fault, Reject, describe
from rsctparse._records import Message, Record
from rsctparse._values import CACHED_LINE_MAX
from tests.golden import cases, golden
from tests.test_lssyscfg_speed import _ARGUMENTS, _LINE, _ROW
from tests.test_lssyscfg_texts import _QUOTED

# --- main e92d68a, as written --------------------------------------------------------------------------------


def old_list(value: str) -> tuple[str, ...]:
    """The elements of a list value: CSV once more (``"2/1/1/3,4,5/0/1"`` is one element); never fails."""
    if value == "" or value == "none":
        return ()
    if '"' not in value:
        return tuple(value.split(","))
    if '""' not in value:
        parts = value.split('"')
        last = len(parts) - 1
        if not last % 2:
            if not parts[0] and not parts[last] and parts[2:last:2].count(",") == (last >> 1) - 1:
                return tuple(parts[1::2])  # every element quoted ("a,b","c,d"), a comma between each two
            if (elements := old_quoted_elements(parts, last)) is not None:
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
        if '"' in value:
            quotes -= value.count('"')
            pairs[i] = (key, old_list(value))  # type: ignore[arg-type]
        else:  # (what _list does, without its call)
            pairs[i] = (key, () if value == "none" or not value else tuple(value.split(",")))  # type: ignore[union-attr]
    if quotes:
        for i, (key, value) in enumerate(pairs):
            if type(value) is str and '"' in value:
                pairs[i] = (key, old_value(key, value, shaped))




def old_build(items: Iterable[Item | L.Texts], inv: LsArguments, by_shape: bool = False) -> list[Record]:
    """Records from the items of either engine, read in order: a fault stops the reading (raised as a Cut).

    ``by_shape``: the first row is a header with the delimiter of ``inv`` (raise L._NotHeader when it is none).
    A :class:`L.Texts` row is read for its texts where they decide, else made its Row first (:func:`L._full`).
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
    last_keys: list[str] | None = None  # the names of the last name=value row read at once, and their plan:
    pair_plan: L._Plan | None = None  # (rows of one set of names: compared in C, not hashed as new strings)
    rows: Iterator[Item | L.Texts] = iter(items)
    row: Row | L.Texts
    while (item := next(rows, None)) is not None:
        if type(item) is Row:
            if len(item.texts) == 1 and L._blank(item):
                continue
        elif type(item) is not L.Texts:  # (a L.Texts row is never blank: it holds a quoted field)
            if type(item) is L.MessageLine:
                records.append(Message(item.code, item.text))
            continue
        row = item
        texts = row.texts
        if want_header:
            names = texts
            want_header = False
            continue
        if by_shape:
            by_shape = False
            seen: list[Item | L.Texts] = []
            if not L._is_header(L._full(row), rows, seen):
                raise L._NotHeader
            rows = itertools.chain(seen, rows)
            names, mode_f = texts, True
            continue
        if not mode_f and names is None:
            parts = "=".join(texts).split("=")
            if len(parts) == 2 * len(texts) and all(map(operator.contains, texts, L._EQUALS)):
                # every field is name=value with one '=': the name=value branch below, at once
                pairs_seen = True
                keys = parts[0::2]
                if keys != last_keys or pair_plan is None:
                    pair_plan = plans.get(named := tuple(keys))
                    if pair_plan is None:
                        pair_plan = plans[named] = L._plan(named, cls, inv.resource)
                    last_keys = keys
                found_values = parts[1::2]
                quotes = "".join(found_values).count('"')
                if pair_plan.lists or quotes:
                    found: list[tuple[str, Value]] = list(zip(pair_plan.names, found_values, strict=True))
                    old_convert(found, pair_plan.lists, quotes, shaped)
                    records.append(pair_plan.cls(tuple(found), pair_plan.resource))
                else:
                    records.append(pair_plan.cls(tuple(zip(pair_plan.names, found_values, strict=True)),
                                                 pair_plan.resource))
                continue
            row = L._full(row)
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
                    header = L._is_header(row, rows, seen)
                    rows = itertools.chain(seen, rows)
                    if header:
                        names = texts  # a --header row
                        mode_f = True
                        continue
                mode_f = True
        if mode_f:
            if names is None:
                if type(row) is L.Texts and row.delimiter == ",":
                    # an unquoted field holds no ',' here, so "quoted and holding a comma" is "holding a comma"
                    records.append(L.Values(tuple(L._unnamed(t, True) for t in texts)))
                    continue
                row = L._full(row)
                if row.quoted is None:
                    records.append(L.Values(tuple(L._unnamed(t, False) for t in texts)))
                else:
                    records.append(L.Values(tuple(L._unnamed(t, q) for t, q in zip(texts, row.quoted, strict=True))))
                continue
            if len(texts) != len(names):
                col = L._full(row).column(min(len(texts), len(names)) - 1) + 1
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
                    raise L._cut(f"expected name=value, found {describe(t)}", row.line, L._full(row).column(index) + 1,
                               records, pair_list, shaped, inv)
                pair_list.append((key, old_list(value) if L.is_list_name(key) else
                                  old_value(key, value, shaped) if '"' in value else value))
            pairs = tuple(pair_list)
        kind_cls = cls or L._CLASSES.get(L._guess_resource([p[0] for p in pairs]), L.HmcRecord)
        records.append(kind_cls(pairs, inv.resource or L._RESOURCE_OF.get(kind_cls)))
    return L._promoted(records, shaped) if shaped else records


def old_quoted_texts(line: str, delimiter: str) -> tuple[str, ...] | None:
    """The field texts of ``line`` (which holds a quote) when it is one line of fields each quoted whole or
    holding no quote, else None (:func:`L._quoted_line` or :func:`L._quoted_row` reads it).

    Split at its quoted fields (each the longest from a quote: the one that closes it), the rest of the line
    must hold no quote; with a mark for each quoted field, split at the delimiters, each mark must be a field
    of its own (a delimiter or an end on each side). Then the marks are the quoted fields' texts.
    """
    chunks = L._QUOTED_FIELD.split(line)
    skeleton = L._MARK.join(chunks[0::2])
    if '"' in skeleton or L._MARK in line:
        return None
    fields = skeleton.split(delimiter)
    if fields.count(L._MARK) != len(chunks) >> 1:
        return None
    at = -1
    for inner in chunks[1::2]:
        at = fields.index(L._MARK, at + 1)
        fields[at] = inner.replace('""', '"')
    return tuple(fields)


# --- the new against the old ---------------------------------------------------------------------------------
def _outcome(build: object, text: str, inv: LsArguments, by_shape: bool) -> object:
    try:
        return ("records", build(L._fast_rows(text, inv.delimiter), inv, by_shape))  # type: ignore[operator]
    except L.Cut as cut:
        return ("cut", cut.message, cut.line, cut.column, cut.records)
    except Fault as fault:
        return ("fault", fault.message, fault.line, fault.column)
    except Reject as reject:
        return ("reject", getattr(reject, "line", None))
    except L._NotHeader:
        return ("not a header",)


def _typed(outcome: object) -> object:
    """An outcome with each record's type beside it (records of two classes may be equal)."""
    if isinstance(outcome, tuple) and outcome[0] in ("records", "cut"):
        return (*outcome, [type(r) for r in outcome[-1]])
    return outcome


def _same(text: str, inv: LsArguments, by_shape: bool = False) -> None:
    """The old builder's outcome, and the new one's with the cache emptied first and then full of the text; and
    each line's texts as the old reader read them."""
    for line in text.split("\n"):
        assert L._quoted_texts(line, inv.delimiter) == old_quoted_texts(line, inv.delimiter), line
    old = _typed(_outcome(old_build, text, inv, by_shape))
    L._PAIRS.clear()
    assert _typed(_outcome(L.build, text, inv, by_shape)) == old
    assert _typed(_outcome(L.build, text, inv, by_shape)) == old  # (every field read before)


_NAMES = st.sampled_from(["name", "lpar_id", "lpar_name", "io_slots", "virtual_fc_adapters", "state", "odd", "",
                          "rmc_state", "type_model", "x=y", "lpar_env"])
_VALUES = st.sampled_from(["", "none", "1", '"a,b"', '""x,y"",z', "a,b", '"q"', "p q.", "=", '""', "a=b", '"c"d',
                           "1,2", '"e""f",g'])
_PAIR_ROW = st.lists(st.tuples(st.tuples(_NAMES, _VALUES).map("=".join) | _VALUES, st.booleans()), min_size=1,
                     max_size=6).map(lambda fields: ",".join('"' + f.replace('"', '""') + '"' if q else f
                                                             for f, q in fields))


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(_PAIR_ROW, _ROW, _LINE, _QUOTED), max_size=6), st.sampled_from(range(len(_ARGUMENTS))),
       st.booleans())
def test_records_are_the_old_ones(lines: list[str], which: int, by_shape: bool) -> None:
    _same("\n".join(lines) + "\n", _ARGUMENTS[which], by_shape)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PAIR_ROW, min_size=1, max_size=8), st.sampled_from(range(len(_ARGUMENTS))))
def test_records_are_the_old_ones_as_the_cache_is_emptied(lines: list[str], which: int) -> None:
    text = "\n".join(lines) + "\n"
    inv = _ARGUMENTS[which]
    old = _typed(_outcome(old_build, text, inv, False))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(L, "_PAIRS_MAX", 2)
        L._PAIRS.clear()
        assert _typed(_outcome(L.build, text, inv, False)) == old
        assert len(L._PAIRS) <= 2
        assert _typed(_outcome(L.build, text, inv, False)) == old


@pytest.mark.parametrize("sample", [p for p in cases() if golden(p)["command"] == "lssyscfg"], ids=str)
def test_the_corpus_reads_as_before(sample: object) -> None:
    text = sample.read_bytes().decode("utf-8", "surrogateescape")  # type: ignore[attr-defined]
    inv = L._options(golden(sample).get("options", {}))  # type: ignore[arg-type]
    _same(text, inv)
    _same(text, inv, by_shape=True)


def test_a_profiles_dump_reads_as_before() -> None:
    out = io.StringIO()
    write(out, 0.3, seed=13, profiles=True)
    texts = [(s.text.split("\n", 1)[1], s.argv) for s in rsctparse.iter_sections(io.BytesIO(out.getvalue().encode()))
             if s.command == "lssyscfg"]
    assert any('""' in text for text, _ in texts) and any("-F" not in (argv or "") for _, argv in texts)
    for text, argv in texts:
        inv = L._options({"argv": argv})
        _same(text, inv)
        for other in (LsArguments(), attrs.evolve(inv, resource=None)):  # (the class told by the names)
            _same(text, other)
        # and cut anywhere: the same fault, at the same place, with the same records before it
        for cut in range(0, len(text), max(1, len(text) // 7)):
            _same(text[:cut] + '"' + text[cut:], inv)
            _same(text[:cut] + "\n" + text[cut + 3:], inv)
            _same(text[:cut] + "=" + text[cut:], inv)


def test_a_field_is_read_once_and_its_pair_kept() -> None:
    L._PAIRS.clear()
    [first] = rsctparse.parse("name=a,io_slots=none,state=Running\n", "lssyscfg")
    [second] = rsctparse.parse("name=b,io_slots=none,state=Running\n", "lssyscfg")
    assert first.items[1:] == second.items[1:] == (("io_slots", ()), ("state", "Running"))  # type: ignore[attr-defined]
    assert all(a is b for a, b in zip(first.items[1:], second.items[1:], strict=True))  # type: ignore[attr-defined]
    assert set(L._PAIRS) == {"name=a", "name=b", "io_slots=none", "state=Running"}


def test_the_cache_keeps_short_fields_and_no_value_of_a_lists_shape() -> None:
    L._PAIRS.clear()
    long = "x" * CACHED_LINE_MAX
    [record] = rsctparse.parse(f'name=a,"odd=""p,q"",r",x={long}\n', "lssyscfg")
    assert record.items == (("name", "a"), ("odd", ("p,q", "r")), ("x", long))  # type: ignore[attr-defined]
    assert set(L._PAIRS) == {"name=a"}  # (the list-shaped value: build notes its name; the long field: too long)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(L, "_PAIRS_MAX", 3)
        rsctparse.parse("a=1,b=2,c=3,d=4\n", "lssyscfg")
        assert set(L._PAIRS) == {"c=3", "d=4"}  # (emptied when full: at c=3, after name=a, a=1, b=2)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(['"a,b"', '"c"', ",", "d", '""', '"', "none", "", '"e""f"', " ", "g,"]), max_size=8)
       .map("".join))
def test_a_list_reads_as_before(value: str) -> None:
    assert L._list(value) == old_list(value)


def test_lists_of_quoted_elements_last_are_read_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    usual = {'a,b,"c,d"': ("a", "b", "c,d"), '"3/c/1,2/1","4/c/3,4/1"': ("3/c/1,2/1", "4/c/3,4/1"),
             ',"x"': ("", "x"), 'a,"b","c"': ("a", "b", "c")}
    with monkeypatch.context() as patch:  # (at once: neither the element reader nor the loop is reached)
        patch.setattr(L, "_quoted_elements", None)
        patch.setattr(L, "_QUOTED_ELEMENT", None)
        for value, elements in usual.items():
            assert L._list(value) == old_list(value) == elements


# --- records made by setting their slots -----------------------------------------------------------------------
@pytest.mark.parametrize("cls", [L.HmcRecord, L.Lpar, L.ManagedSystem, L.LparProfile], ids=lambda c: c.__name__)
def test_slot_made_classes_have_nothing_for_init_to_run(cls: type) -> None:
    assert tuple(f.name for f in attrs.fields(cls)) == ("items", "resource")
    for field in attrs.fields(cls):
        assert field.validator is None and field.converter is None and field.on_setattr in (None, attrs.NOTHING)
    assert attrs.fields(cls).resource.default is None  # (set by the fast engine itself)
    for hook in ("__attrs_post_init__", "__attrs_pre_init__", "__attrs_init__"):
        assert not hasattr(cls, hook)
    assert vars(cls)["__slots__"] == (("resource",) if cls is L.HmcRecord else ())  # (items: AttributeRecord's)


def test_slot_made_records_equal_constructed_ones_and_stay_frozen() -> None:
    made = L.build(L._fast_rows("name=a,lpar_id=1,io_slots=none\n"), LsArguments(resource="lpar", command="lssyscfg"))
    made += L.build(L._fast_rows("name=p,lpar_name=a\n"), LsArguments())
    made += L.build(L._fast_rows("a,b\n"), LsArguments(fields=("name", "state"), resource="sys"))
    built = [L.Lpar((("name", "a"), ("lpar_id", "1"), ("io_slots", ())), "lpar"),
             L.LparProfile((("name", "p"), ("lpar_name", "a")), "prof"),
             L.ManagedSystem((("name", "a"), ("state", "b")), "sys")]
    assert [type(r) for r in made] == [type(r) for r in built] and made == built
    assert [hash(r) for r in made] == [hash(r) for r in built] and [repr(r) for r in made] == [repr(r) for r in built]
    assert made[0].lpar_id == 1 and made[0].as_data() == built[0].as_data()  # type: ignore[attr-defined]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made[0].resource = "x"  # type: ignore[attr-defined]


_TEXTS_LINE = st.lists(st.sampled_from(['"', '""', ",", ":", "a", "=", " ", "\0", '"a,b"', '"x""y"', '"""z"""', "b=1",
                                        ",,", '"",', '""""']), max_size=14).map("".join)


@settings(max_examples=5000, deadline=None)
@given(_TEXTS_LINE | _QUOTED, st.sampled_from([",", ":"]))
def test_a_lines_texts_are_read_as_before(line: str, delimiter: str) -> None:
    assert L._quoted_texts(line, delimiter) == old_quoted_texts(line, delimiter)


def test_the_texts_of_the_usual_lines_are_read() -> None:
    usual = {'a,"b,c",d': ("a", "b,c", "d"), '"x=1,""2,3""",y=': ('x=1,"2,3"', "y="), '"",""': ("", ""),
             '"a","b",c,"d"': ("a", "b", "c", "d"), ',"a",,"b",': ("", "a", "", "b", "")}
    for line, texts in usual.items():
        assert L._quoted_texts(line, ",") == old_quoted_texts(line, ",") == texts, line
    for line in ['"a""b",,"c"d', '"a"b', 'a"b', '"a","b"c', '"a"\0', "x\0,y", 'a,"b"",c']:
        assert L._quoted_texts(line, ",") is None and old_quoted_texts(line, ",") is None, line


def test_rows_of_new_fields_are_read_without_the_cache_but_for_a_try_now_and_then() -> None:
    unique = "".join(",".join(f"f{j}=v{i}x{j}" for j in range(6)) + "\n" for i in range(40))
    inv = LsArguments(resource="lpar", command="lssyscfg")
    _same(unique, inv)
    L._PAIRS.clear()
    L.build(L._fast_rows(unique, ","), inv)
    # rows 1 and 2 (more than a third new), then 2 rows apart: 5, 4 apart: 10, 8 apart: 19, 16 apart: 36
    assert sorted({int(field[len("f0=v"):].split("x")[0]) for field in L._PAIRS}) == [0, 1, 4, 9, 18, 35]
    twice = "".join(f"name=a{i % 3},state={i % 3},io_slots=none,x{i % 3}=1\n" for i in range(30))
    _same(twice, inv)
    L._PAIRS.clear()
    L.build(L._fast_rows(twice, ","), inv)
    assert len(L._PAIRS) == 10  # (tried again: the three rows' fields are all kept in the end)
    usual = "".join(f"name=a{i},state=Running,io_slots=none,rmc_state=active\n" for i in range(20))
    _same(usual, inv)
    L._PAIRS.clear()
    L.build(L._fast_rows(usual, ","), inv)
    assert len(L._PAIRS) == 23  # (a quarter new in each row: every row read through the cache)
    odd = "".join(f"name=a{i},state=Running,x=a=b\n" for i in range(20))
    _same(odd, inv)
    L._PAIRS.clear()
    L.build(L._fast_rows(odd, ","), inv)
    assert set(L._PAIRS) == {"name=a0", "state=Running", "name=a3", "name=a8", "name=a17"}  # (two '=': tried
    # again 2, 4, 8 rows after, each time up to the field it does not take)
