"""The HTML report: read back with an HTML parser; every finding there, dump text only as text, nothing external."""

from __future__ import annotations

import io
import types
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse._check import RULES, Finding, run_checks
from rsctparse._cli import main
from rsctparse._html import _cause, esc, render_html
from tests.golden import CORPUS

SCENARIOS = sorted((CORPUS / "scenarios").glob("*.txt"))
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "thead", "tbody",
                "tr", "th", "td", "a", "section", "article", "strong", "span", "div", "pre", "ul", "li", "wbr",
                "svg", "line", "rect", "text"}


class Page(HTMLParser):
    """The parts of a report page the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.articles: list[tuple[dict[str, str | None], list[str]]] = []  # (attributes, texts inside)
        self.cells: list[tuple[str, str]] = []  # matrix cells: (class, text)
        self._in: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "article":
            self.articles.append((a, []))
        if tag not in ("meta", "wbr"):
            self._in.append(tag if tag != "td" else "td:" + (a.get("class") or ""))

    def handle_endtag(self, tag: str) -> None:
        if self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if "article" in self._in and self.articles:
            self.articles[-1][1].append(data)
        if self._in and self._in[-1].startswith("td:"):
            self.cells.append((self._in[-1][3:], data))


def render(path: Path) -> tuple[str, list[rsctparse.Section], tuple[Finding, ...]]:
    sections = list(rsctparse.iter_sections(path, file=path.name))
    return render_html(sections, title=path.name), sections, run_checks(sections).findings


def table(text: str, cls: str) -> Page:
    """The table of class ``cls`` alone."""
    part = text[text.index(f'<table class="{cls}">'):]
    return Page(part[:part.index("</table>") + len("</table>")])


def assert_self_contained(page: Page, text: str) -> None:
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "src", tag
            if name == "href":
                assert (value or "").startswith("#"), value
    style = text[text.index("<style>"):text.index("</style>")]
    assert "url(" not in style and "@import" not in style and "@font-face" not in style


@pytest.mark.parametrize("dump", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_finding_is_in_the_page(dump: Path) -> None:
    text, sections, findings = render(dump)
    page = Page(text)
    assert_self_contained(page, text)
    assert len(page.articles) == len(findings)
    remaining = list(page.articles)
    for f in findings:
        match = next(i for i, (attrs, inside) in enumerate(remaining) if attrs["data-rule"] == f.rule
                     and f.message in "".join(inside) and f.remedy in "".join(inside))
        attrs, inside = remaining.pop(match)
        body = "".join(inside)
        assert f.severity in (attrs.get("class") or "")
        for e in f.evidence:
            assert f"{e.file}:{e.line} ({e.host}: {e.command})" in body
            line = next(s for s in sections if s.host == e.host and s.file == e.file
                        and s.text_line <= e.line < s.text_line + s.text.count("\n") + 1)
            shown = line.text.split("\n")[e.line - line.text_line]
            assert f"{e.line:>5}  {shown}" in body  # the evidence line itself, numbered
    assert remaining == []


@pytest.mark.parametrize("dump", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_matrix_has_a_cell_per_host_and_check(dump: Path) -> None:
    text, sections, findings = render(dump)
    page = table(text, "matrix")
    report = run_checks(sections)
    hosts = set(report.hosts) | {f.subject for f in findings}
    assert len(page.cells) == len(hosts) * len(RULES)
    failed = [c for c in page.cells if c[0].startswith("failed")]
    assert len(failed) == len({(f.subject, f.rule) for f in findings})
    assert sum(1 for c in page.cells if c[0] == "not-collected") == len(hosts) * len(report.skipped)
    assert all(c[1] == "passed" for c in page.cells if c[0] == "passed")


def test_links_table_shows_the_down_link() -> None:
    text, _, _ = render(CORPUS / "scenarios" / "down.txt")
    cells = table(text, "links").cells
    assert ("state bad", "O down") in cells and ("state good", "I up") in cells
    assert [c for c in cells if c[0] == "state bad"] == [("state bad", "O down")] * 2  # hmc1's and aix30's views
    assert len(cells) == 6 * 8  # 2 HMCs x 4 partitions: names and 4 views each
    assert cells[:2] == [("", "hmc1"), ("", "aix10")]
    lines = [a for tag, a in Page(text).tags if tag == "line"]
    assert len(lines) == 8 and [a["class"] for a in lines].count("link bad") == 1
    assert sum(1 for tag, _ in Page(text).tags if tag == "rect") == 6  # 2 HMCs, 4 partitions



def test_dump_text_never_becomes_markup(tmp_path: Path) -> None:
    dump = tmp_path / "evil.txt"
    dump.write_bytes(
        b"### rsctparse host=<script>alert(1)</script> argv=lssrc -a\n"
        b"Subsystem Group PID Status\n"
        b" ctrmc rsct 1 inoperative\n"
        b" <b>x</b>\x1b[31m rsct 2 active\xff\n"
        b"### rsctparse host=h\"2' argv=rmcdomainstatus -s ctrmc\n"
        b"<img src=x onerror=alert(1)>\n"
    )
    sections = list(rsctparse.iter_sections(dump, file="a<b>.txt"))
    text = render_html(sections, title="<title>")
    page = Page(text)
    assert_self_contained(page, text)
    assert not {tag for tag, _ in page.tags} & {"script", "b", "img"}
    words = "".join(page.text)
    assert "<script>alert(1)</script>" in words  # shown as text: host, matrix, finding
    assert "<b>x</b>\ufffd[31m rsct 2 active\ufffd" in words  # the evidence excerpt's next line; controls replaced
    assert "<img src=x onerror=alert(1)>" in words  # the failed section's message
    assert "a<b>.txt:3 (<script>alert(1)</script>: lssrc)" in words
    text.encode("utf-8")  # no lone surrogate from the undecodable byte


def test_a_cause_is_shown_when_the_checks_name_one() -> None:
    cause = Finding("LSSRC_RSCT", "error", "aix1", "m", (), "r")
    assert _cause(cast(Finding, types.SimpleNamespace(caused_by=cause))) == '<p class="cause">caused by: LSSRC_RSCT</p>'
    assert _cause(cast(Finding, types.SimpleNamespace(caused_by=("A", "<B>")))) == (
        '<p class="cause">caused by: A, &lt;B&gt;</p>')
    assert _cause(cause) == ""


def test_no_host_no_links() -> None:
    text = render_html(rsctparse.iter_sections(CORPUS / "lssrc" / "aix-status-all.txt"))
    assert "The dump shows no HMC managing a partition" in text
    assert "section(s) name no host" in text


def test_cli_writes_the_report_beside_the_text_report(tmp_path: Path) -> None:
    dump = CORPUS / "scenarios" / "down.txt"
    report = tmp_path / "report.html"
    out, err = io.StringIO(), io.StringIO()
    status = main(["--check", "--html", str(report), str(dump)], stdout=out, stderr=err)
    assert status == 1 and err.getvalue() == ""  # error findings: exit 1, as --check alone
    assert out.getvalue().startswith("== aix30\n")
    page = Page(report.read_text(encoding="utf-8"))
    found = run_checks(rsctparse.iter_sections(dump)).findings
    assert found and len(page.articles) == len(found)
    assert f"{dump}:19 (hmc1: rmcdomainstatus)" in "".join(page.text)


def test_cli_html_usage_errors(tmp_path: Path) -> None:
    dump = str(CORPUS / "scenarios" / "healthy.txt")
    err = io.StringIO()
    assert main(["--html", str(tmp_path / "r.html"), dump], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue() == "rsctparse: --html goes with --check\n"
    err = io.StringIO()
    assert main(["--check", "--html", str(tmp_path / "no" / "r.html"), dump], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith(f"rsctparse: cannot write {tmp_path / 'no' / 'r.html'}: ")


def test_hostile_names_in_the_links_diagram_and_table(tmp_path: Path) -> None:
    dump = tmp_path / "links.txt"
    dump.write_text(
        '### rsctparse host=hmc"<x> argv=rmcdomainstatus -s ctrmc\n'
        "Management Domain Status: Managed Nodes\n"
        "  O A  0xdb31ccd29bb183e1  0001  p<svg/onload=alert(1)>&amp;\n"
        "### rsctparse host=p<svg/onload=alert(1)>&amp; argv=lssrc -a\n"
        "Subsystem Group PID Status\n"
        " ctrmc rsct 1 active\n"
    )
    text = render_html(rsctparse.iter_sections(dump))
    page = Page(text)
    assert_self_contained(page, text)
    assert [tag for tag, _ in page.tags].count("svg") == 1  # the diagram's own, none from the dump
    words = "".join(page.text)
    assert 'hmc"<x> \u2194 p<svg/onload=alert(1)>&amp;: HMC: rmcdomainstatus: O down' in words  # a line's tooltip
    assert "p<svg/onload=alert(1)>&amp;" in page.text  # the partition's box in the diagram
    assert ("state bad", "O down") in table(text, "links").cells


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_escaped_text_reads_back_as_the_same_text_and_no_markup(text: str) -> None:
    page = Page(f"<p>{esc(text)}</p>")
    assert [tag for tag, _ in page.tags] == ["p"]
    shown = "".join(page.text)
    assert len(shown) == len(text)
    for got, want in zip(shown, text, strict=True):
        assert got == want or (got == "\ufffd" and ((not want.isprintable() and want not in "\t\n") or "\ud800" <= want
                                                   <= "\udfff"))
