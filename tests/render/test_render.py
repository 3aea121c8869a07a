"""Renderers: JSON contract, terminal layout, Markdown and HTML escaping."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triangulate.errors import OutputError
from triangulate.records import (
    Article,
    Claim,
    Conflict,
    Fact,
    FactType,
    FactValue,
    Link,
    Rejection,
    Report,
    ReuseLink,
    SheetFact,
    Status,
    StoryInfo,
    TimelineEvent,
    Verdict,
)
from triangulate.render import FORMATS, conflict_pairs, date_range, render
from triangulate.render.json import SCHEMA, render_json, report_to_dict, validate_report_dict
from triangulate.render.markdown import escape_markdown

ROOT = Path(__file__).resolve().parents[2]

WIRE_BODY = (
    "Rescue teams pulled six workers from the collapsed Kellen Bridge on Friday, "
    "the city fire service said. Three of them were taken to St. Alder Hospital. "
    "The bridge had been closed for repairs since March."
)
REWRITE_BODY = (
    "Rescue teams pulled nine workers from the collapsed Kellen Bridge on Friday. "
    "\"We will rebuild it stronger than before,\" a city spokesperson said. "
    "The bridge had been closed for repairs since March."
)
FOREIGN_BODY = "Six ouvriers ont été secourus vendredi après l'effondrement du pont Kellen."

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> [bold red]x[/]'


def _claim(article: Article, text: str, cid: str, *, kind: str = "statement",
           facts: tuple[Fact, ...] = ()) -> Claim:
    start = article.body.index(text)
    return Claim(id=cid, article_id=article.id, start=start, end=start + len(text), text=text,
                 facts=facts, sentence=0, kind=kind)  # type: ignore[arg-type]


def make_report(*, hostile: str | None = None) -> Report:
    """Three articles (one French), one symmetric conflict, one invented quote,
    one uncorroborated statement, one corroborated claim each way, one rejection.

    With ``hostile``, that string is put into every article-derived field.
    """
    h = hostile or ""
    wire = Article(
        id="a-wire", source="inputs/wire.txt", outlet="Harbour Wire" + h,
        body=WIRE_BODY + (" " + h if h else ""), published=dt.date(2025, 8, 5),
        title="Six rescued from Kellen Bridge" + h, byline="By Ada Reyes" + h,
        dateline="PORT ELLIS" + h, credits=("HW" + h,), url="https://wire.example/kellen",
    )
    rewrite = Article(
        id="a-rewrite", source="https://rewrite.example/news/kellen.html" + h, outlet=None,
        body=REWRITE_BODY, published=dt.date(2025, 8, 6), title="Nine saved as bridge falls",
        format="html",
    )
    foreign = Article(id="a-fr", source="inputs/quotidien.txt", outlet="Le Quotidien",
                      body=FOREIGN_BODY, language="fr")
    w_count = _claim(wire, "Rescue teams pulled six workers from the collapsed Kellen Bridge on "
                           "Friday, the city fire service said.", "c-w1",
                     facts=(Fact(FactType.NUMBER, "six", "6", 20, 23, "worker"),))
    w_hosp = _claim(wire, "Three of them were taken to St. Alder Hospital.", "c-w2")
    w_closed = _claim(wire, "The bridge had been closed for repairs since March.", "c-w3",
                      facts=(Fact(FactType.DATE, "since March", "2025-03-01/2025-03-31", 0, 0),))
    r_count = _claim(rewrite, "Rescue teams pulled nine workers from the collapsed Kellen Bridge "
                              "on Friday.", "c-r1")
    r_quote = _claim(rewrite, "\"We will rebuild it stronger than before,\" a city spokesperson "
                              "said.", "c-r2", kind="quote",
                     facts=(Fact(FactType.QUOTE, "We will rebuild it stronger than before",
                                 "We will rebuild it stronger than before", 1, 40,
                                 "a city spokesperson"),))
    r_closed = _claim(rewrite, "The bridge had been closed for repairs since March.", "c-r3")
    if hostile:
        w_hosp = Claim(w_hosp.id, wire.id, len(WIRE_BODY) + 1, len(wire.body), h, (), 3)
    verdicts = (
        Verdict(w_count, Status.CONFLICTING, (), (Conflict(
            "c-r1", rewrite.id, r_count.text, "number", "six", "nine",
            "The number of workers rescued differs: 6 vs 9." + h),), "count differs" + h),
        Verdict(w_hosp, Status.UNCORROBORATED, (), (),
                "No other article reports where the workers were taken." + h),
        Verdict(w_closed, Status.CORROBORATED, (Link("c-r3", rewrite.id, r_closed.text, 1.0),), (),
                "Same date in 1 other article."),
        Verdict(r_count, Status.CONFLICTING, (), (Conflict(
            "c-w1", wire.id, w_count.text, "number", "nine", "six",
            "The number of workers rescued differs: 9 vs 6." + h),), "count differs"),
        Verdict(r_quote, Status.UNCORROBORATED, (), (),
                "No other article has this quote or this speaker.", quote_status="unmatched"),
        Verdict(r_closed, Status.CORROBORATED, (Link("c-w3", wire.id, w_closed.text, 1.0),), (),
                "Same date in 1 other article."),
    )
    rejections = (
        Rejection("inputs/empty.txt", "E101", "the file is empty"),
        Rejection("inputs/notes.bin" + h, "E102", "the file looks binary" + h),
    )
    return Report(articles=(wire, rewrite, foreign), verdicts=verdicts, rejections=rejections,
                  generator="triangulate 0.1.0", settings={"compare": {"min_score": 0.5}})


COAST_BODY = (
    "Six exhausted workers were rescued from the Kellen Bridge on Friday. "
    "Traffic was diverted to the Old Mill crossing, officials said."
)
ADDED_SENTENCE = "Traffic was diverted to the Old Mill crossing."
RESCUE_TEXT = ("Rescue teams pulled six workers from the collapsed Kellen Bridge on Friday, "
               "the city fire service said, after a long night of searching the river banks.")


def make_full_report(*, hostile: str | None = None) -> Report:
    """``make_report`` plus a fourth, independent article (Coastal Times), provenance
    (the rewrite paraphrases the wire; Coastal Times is independent of both), two
    sheet facts (one disputed), two timeline events (one disputed), two stories, a
    claim the rewrite added (corroborated by Coastal Times), the rewrite's invented
    quote marked as added by it, and a detail phrase no other article has.

    With ``hostile``, that string is put into the new article-derived strings too:
    fact labels and texts, timeline texts, story titles, provenance explanations,
    the new outlet and the unsupported phrases.
    """
    h = hostile or ""
    base = make_report(hostile=hostile)
    wire, old_rewrite, foreign = base.articles
    rewrite = dataclasses.replace(old_rewrite, body=REWRITE_BODY + " " + ADDED_SENTENCE)
    coast = Article(id="a-coast", source="inputs/coast.txt", outlet="Coastal Times" + h,
                    body=COAST_BODY, published=dt.date(2025, 8, 6), title="Bridge workers saved")
    r_added = _claim(rewrite, ADDED_SENTENCE, "c-r4")
    c_six = _claim(coast, "Six exhausted workers were rescued from the Kellen Bridge on Friday.",
                   "c-c1")
    c_traffic = _claim(coast, "Traffic was diverted to the Old Mill crossing, officials said.",
                       "c-c2")
    verdicts: list[Verdict] = []
    for v in base.verdicts:
        if v.claim.id == "c-r2":  # the invented quote: the rewrite added it
            v = dataclasses.replace(v, added_by="a-rewrite")
        verdicts.append(v)
    verdicts += [
        Verdict(r_added, Status.CORROBORATED, (Link("c-c2", coast.id, c_traffic.text, 0.9),), (),
                "Also in Coastal Times.", independent_sources=2, added_by="a-rewrite"),
        Verdict(c_six, Status.CORROBORATED, (Link("c-w1", wire.id, RESCUE_TEXT, 0.8),), (),
                "Also in Harbour Wire.", independent_sources=2,
                unsupported=("exhausted workers",) + ((h,) if h else ())),
        Verdict(c_traffic, Status.CORROBORATED, (Link("c-r4", rewrite.id, r_added.text, 0.9),), (),
                "Also in the rewrite.", independent_sources=2),
    ]
    provenance = (
        ReuseLink("a-rewrite", "a-wire", "paraphrase", 0.0912, False, "dates",
                  "kellen.html rewrites Harbour Wire." + h),
        ReuseLink("a-coast", "a-wire", "independent", 0.02, False, "dates",
                  "Coastal Times and Harbour Wire report independently." + h),
        ReuseLink("a-coast", "a-rewrite", "independent", 0.03, False, "unknown",
                  "Coastal Times and kellen.html report independently." + h),
    )
    facts = (
        SheetFact("when", "when:close", "When: closed" + h, (
            FactValue("2025-03-01/2025-03-31", "since March" + h, ("a-wire", "a-rewrite"),
                      ("a-wire",), ("c-w3", "c-r3")),), "single source", 0.5),
        SheetFact("how_many", "how_many:worker", "How many workers" + h, (
            FactValue("6", "six" + h, ("a-wire", "a-coast"), ("a-wire", "a-coast"), ("c-w1", "c-c1")),
            FactValue("9", "nine", ("a-rewrite",), ("a-rewrite",), ("c-r1",))), "disputed", 0.5),
    )
    timeline = (
        TimelineEvent(dt.date(2025, 3, 1), dt.date(2025, 3, 31), "month", "close",
                      "The bridge had been closed for repairs since March." + h,
                      ("a-wire", "a-rewrite"), ("a-wire",), ("c-w3", "c-r3"), False),
        TimelineEvent(dt.date(2025, 8, 1), dt.date(2025, 8, 1), "day", "rescue", RESCUE_TEXT + h,
                      ("a-wire", "a-coast"), ("a-wire", "a-coast"), ("c-w1", "c-c1"), True),
    )
    stories = (
        StoryInfo("s-bridge", "Six rescued from Kellen Bridge" + h, ("a-wire", "a-rewrite", "a-coast"),
                  "t-kellen"),
        StoryInfo("s-pont", "Le pont Kellen" + h, ("a-fr",), "t-kellen"),
    )
    return dataclasses.replace(
        base, articles=(wire, rewrite, foreign, coast), verdicts=tuple(verdicts),
        provenance=provenance, sources={"a-wire": "a-wire", "a-rewrite": "a-wire", "a-coast": "a-coast"},
        facts=facts, timeline=timeline, stories=stories)


def _full_hostile_report() -> Report:
    return make_full_report(hostile=HOSTILE)


FULL_REPORTS = {"full": make_full_report, "full-hostile": _full_hostile_report}


# --------------------------------------------------------------------------- helpers

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _plain(text: str) -> str:
    return ANSI.sub("", text)


class _Tags(HTMLParser):
    """Collect start tags with attributes, text nodes, and the text inside article bodies."""

    VOID: ClassVar[set[str]] = {"meta", "br", "input", "img", "link", "hr", "wbr", "source", "col", "area", "base"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: list[tuple[str, str]] = []  # (enclosing tag, text)
        self.stack: list[str] = []
        self.bodies: dict[str, list[str]] = {}
        self._body: str | None = None
        self._body_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in self.VOID:
            return
        self.stack.append(tag)
        a = dict(attrs)
        if self._body is not None:
            self._body_depth += 1
        elif tag == "div" and a.get("class") == "body" and a.get("data-article"):
            body = self._body = a["data-article"] or ""
            self._body_depth = 1
            self.bodies[body] = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if self.stack:
            self.stack.pop()
        if self._body is not None:
            self._body_depth -= 1
            if self._body_depth == 0:
                self._body = None

    def handle_data(self, data: str) -> None:
        self.texts.append((self.stack[-1] if self.stack else "", data))
        if self._body is not None:
            self.bodies[self._body].append(data)


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    p.close()
    return p


def _hostile_report() -> Report:
    return make_report(hostile=HOSTILE)


REPORTS = {"plain": make_report, "hostile": _hostile_report}


# --------------------------------------------------------------------------- dispatch


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_every_format_returns_text(fmt: str) -> None:
    out = render(make_report(), fmt)  # type: ignore[arg-type]
    assert out.endswith("\n") and len(out) > 200


def test_render_unknown_format_raises_coded_error() -> None:
    with pytest.raises(OutputError) as info:
        render(make_report(), "pdf")  # type: ignore[arg-type]
    assert info.value.code == "E301" and "pdf" in str(info.value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_empty_report(fmt: str) -> None:
    out = render(Report(articles=(), verdicts=()), fmt)  # type: ignore[arg-type]
    assert out.endswith("\n")
    if fmt == "json":
        assert validate_report_dict(json.loads(out)) == []


# --------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_render_json_follows_contract(name: str) -> None:
    d = report_to_dict(REPORTS[name]())
    assert validate_report_dict(d) == []
    assert d["schema"] == SCHEMA == "triangulate.report/1"
    assert {"schema", "generator", "summary", "articles", "rejections", "claims"} <= set(d)
    assert {k: d["summary"][k] for k in
            ("articles", "claims", "corroborated", "conflicting", "uncorroborated")} == {
        "articles": 3, "claims": 6, "corroborated": 2, "conflicting": 2, "uncorroborated": 2}


def test_render_json_field_values() -> None:
    report = make_report()
    d = report_to_dict(report)
    arts = d["articles"]
    assert [a["compared"] for a in arts] == [True, True, False]
    assert [a["published"] for a in arts] == ["2025-08-05", "2025-08-06", None]
    assert arts[0]["credits"] == ["HW"] and arts[1]["source"].startswith("https://")
    assert set(arts[0]) >= {"id", "source", "outlet", "published", "title", "byline", "credits",
                            "language", "dateline", "url", "compared"}
    assert d["rejections"][0] == {"source": "inputs/empty.txt", "code": "E101",
                                  "reason": "the file is empty"}
    bodies = {a["id"]: a["body"] for a in arts}
    for c in d["claims"]:
        assert bodies[c["article"]][c["start"]:c["end"]] == c["text"]
    by_id = {c["id"]: c for c in d["claims"]}
    assert by_id["c-r2"]["quote_status"] == "unmatched" and by_id["c-r2"]["kind"] == "quote"
    assert by_id["c-w1"]["quote_status"] is None
    assert set(by_id["c-w1"]["conflicts"][0]) >= {"claim", "article", "text", "field", "value",
                                                  "other_value", "explanation"}
    assert by_id["c-w1"]["conflicts"][0]["value"] == "six"
    assert by_id["c-w3"]["support"][0]["article"] == "a-rewrite"
    fact = by_id["c-w1"]["facts"][0]
    assert fact == {"type": "number", "text": "six", "value": "6", "start": 20, "end": 23,
                    "detail": "worker"}


def test_render_json_text_is_utf8_indented_with_trailing_newline() -> None:
    report = make_report()
    out = render_json(report)
    assert out.endswith("}\n") and '\n  "schema": "triangulate.report/1"' in out
    assert "été" in out  # ensure_ascii=False
    assert json.loads(out) == report_to_dict(report)


def _mutate(path: tuple[Any, ...], value: Any = KeyError) -> Any:
    def apply(d: dict[str, Any]) -> None:
        target: Any = d
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return apply


@pytest.mark.parametrize(("change", "problem"), [
    (_mutate(("schema",), "triangulate.report/2"), "report.schema"),
    (_mutate(("generator",)), "missing key 'generator'"),
    (_mutate(("summary", "claims"), 7), "summary.claims"),
    (_mutate(("summary", "articles"), True), "summary.articles: expected integer"),
    (_mutate(("articles", 0, "compared"), "yes"), "articles[0].compared: expected boolean"),
    (_mutate(("articles", 2, "compared"), True), "articles[2].compared: must be true exactly"),
    (_mutate(("articles", 0, "published"), "5 Aug 2025"), "articles[0].published"),
    (_mutate(("articles", 0, "published"), "2025-02-30"), "articles[0].published"),
    (_mutate(("articles", 0, "credits"), ["HW", 3]), "articles[0].credits[1]"),
    (_mutate(("rejections", 0, "code")), "rejections[0]: missing key 'code'"),
    (_mutate(("claims", 0, "status"), "true"), "claims[0].status: expected one of"),
    (_mutate(("claims", 0, "quote_status"), "invented"), "claims[0].quote_status"),
    (_mutate(("claims", 0, "kind"), "opinion"), "claims[0].kind"),
    (_mutate(("claims", 0, "start"), 500), "claims[0]: offsets"),
    (_mutate(("claims", 0, "end"), "12"), "claims[0].end: expected integer"),
    (_mutate(("claims", 0, "article"), "a-missing"), "claims[0].article"),
    (_mutate(("claims", 0, "facts", 0, "value")), "claims[0].facts[0]: missing key 'value'"),
    (_mutate(("claims", 0, "facts", 0, "start"), "20"), "claims[0].facts[0].start"),
    (_mutate(("claims", 0, "conflicts", 0, "other_value")), "claims[0].conflicts[0]"),
    (_mutate(("claims", 2, "support", 0, "text"), None), "claims[2].support[0].text"),
    (_mutate(("claims", 1, "id"), "c-w1"), "duplicate claim id"),
    (_mutate(("claims",), {}), "report.claims: expected array"),
])
def test_render_json_validator_reports_problems(change: Any, problem: str) -> None:
    d = report_to_dict(make_report())
    change(d)
    problems = validate_report_dict(d)
    assert any(problem in p for p in problems), problems


def test_render_json_validator_rejects_non_object() -> None:
    assert validate_report_dict([]) == ["report: expected object, got list"]


def test_render_json_validator_allows_extra_keys() -> None:
    d = report_to_dict(make_report())
    d["extra"] = 1
    d["articles"][0]["extra"] = {"x": 1}
    d["claims"][0]["facts"][0]["extra"] = []
    assert validate_report_dict(d) == []


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_render_text_fits_width(width: int, color: bool, name: str) -> None:
    out = _plain(render(REPORTS[name](), "text", color=color, width=width))
    too_long = [line for line in out.splitlines() if len(line) > width]
    assert not too_long


def test_render_text_lists_conflicts_before_uncorroborated_claims() -> None:
    out = render(make_report(), "text")
    conflicts = out.index("Conflicts (1)")
    assert out.index("Articles (3)") < out.index("Rejected inputs (2)") < conflicts
    assert conflicts < out.index("Uncorroborated (1)") < out.index("Three of them were taken")
    assert "number: “six” vs “nine”" in out
    assert "The number of workers rescued differs: 6 vs 9." in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_render_symmetric_conflict_shown_once(fmt: str) -> None:
    report = make_report()
    assert len(conflict_pairs(report)) == 1
    out = render(report, fmt, width=200)  # type: ignore[arg-type]
    assert out.count("The number of workers rescued differs: 6 vs 9.") == 1
    assert "9 vs 6" not in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_render_flags_unmatched_quote_and_counts_support(fmt: str) -> None:
    out = render(make_report(), fmt, width=200)  # type: ignore[arg-type]
    assert "quote found in no other source" in out
    assert "supported by 1 other article" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_render_marks_non_english_article_not_compared(fmt: str) -> None:
    out = render(make_report(), fmt, width=200)  # type: ignore[arg-type]
    assert "Le Quotidien" in out and "not compared" in out


@pytest.mark.parametrize("color", [False, True])
def test_render_text_does_not_interpret_article_markup(color: bool) -> None:
    out = render(_hostile_report(), "text", color=color, width=400)
    assert "[bold red]x[/]" in out
    assert "<script>alert(1)</script>" in _plain(out)
    if not color:
        assert "\x1b" not in out


def test_render_text_strips_terminal_control_sequences() -> None:
    report = make_report()
    evil = Article(id="a-evil", source="evil.txt", body="Body.", title="\x1b[2J\x1b]0;pwned\x07T\u202egnp.exe")
    out = render(Report(articles=(*report.articles, evil), verdicts=report.verdicts), "text")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out


def test_render_text_has_colours_only_when_asked() -> None:
    assert "\x1b[" not in render(make_report(), "text")
    coloured = render(make_report(), "text", color=True)
    assert "\x1b[31m" in coloured or "\x1b[1;31m" in coloured  # red conflicts
    assert "\x1b[33m" in coloured and "\x1b[32m" in coloured  # yellow, green


# --------------------------------------------------------------------------- Markdown


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a|b", r"a\|b"),
    ("*bold* _it_", r"\*bold\* \_it\_"),
    ("<script>", "&lt;script&gt;"),
    ("`code`", r"\`code\`"),
    ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
    ("![img](x.png) (aside)", r"!\[img\](x.png) (aside)"),
    ("+5% on C# #1", r"\+5% on C\# \#1"),
    ("1. first", r"1\. first"),
    ("- item", r"\- item"),
    ("# heading", r"\# heading"),
    ("a\nb\t c", "a b c"),
    ("AT&T", "AT&amp;T"),
    ("~~gone~~ $x$", r"\~\~gone\~\~ \$x\$"),
    ("back\\slash", "back\\\\slash"),
])
def test_render_markdown_escapes(raw: str, escaped: str) -> None:
    assert escape_markdown(raw) == escaped


def _cells(row: str) -> int:
    return len(re.split(r"(?<!\\)\|", row.strip())) - 2


def test_render_markdown_escapes_hostile_strings() -> None:
    out = render(_hostile_report(), "markdown")
    assert "<script" not in out and "<img" not in out and "[bold red]" not in out
    assert r"\[bold red\]x\[/\]" in out
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|--") or line.startswith("|---"):
            header = _cells(lines[i - 1])
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert _cells(lines[j]) == header, lines[j]
                j += 1


def test_render_markdown_bolds_conflicting_values() -> None:
    out = render(make_report(), "markdown")
    assert "pulled **six** workers" in out and "pulled **nine** workers" in out


# --------------------------------------------------------------------------- HTML


def test_render_html_escapes_hostile_strings() -> None:
    html = render(_hostile_report(), "html")
    parsed = _parse(html)
    names = [t for t, _ in parsed.tags]
    assert "img" not in names
    assert names.count("script") == 1  # our filter script only
    assert "<script>alert(1)</script>" not in html and "alert(" not in html.split("<script>")[1]
    for tag, attrs in parsed.tags:
        for attr, _ in attrs:
            assert not attr.startswith("on"), (tag, attr)
    # the hostile strings are shown as text
    assert any("<script>alert(1)</script>" in t for _, t in parsed.texts)
    assert any('"><img src=x onerror=alert(1)>' in t for _, t in parsed.texts)


def test_render_html_loads_nothing_external() -> None:
    report = _hostile_report()
    html = render(report, "html")
    parsed = _parse(html)
    csp = [dict(a) for t, a in parsed.tags
           if t == "meta" and dict(a).get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")
    names = {t for t, _ in parsed.tags}
    assert not names & {"link", "img", "iframe", "object", "embed", "base", "form"}
    for tag, attrs in parsed.tags:
        for attr, value in attrs:
            assert attr != "src", tag
            if attr == "href":
                assert value and value.startswith("#"), value
            assert "http" not in (value or ""), (tag, attr, value)
    article_strings = {s for a in report.articles for s in (a.source, a.url or "")} | {
        r.source for r in report.rejections}
    for tag, text in parsed.texts:
        if tag in ("style", "script"):
            assert "http" not in text and "url(" not in text and "@import" not in text
        elif "http://" in text or "https://" in text:
            assert any(text.strip() in s or s in text for s in article_strings if s), text


def test_render_html_marks_conflicting_values_side_by_side() -> None:
    html = render(make_report(), "html")
    assert "pulled <mark>six</mark> workers" in html
    assert "pulled <mark>nine</mark> workers" in html
    assert html.index('id="conflicts"') < html.index('id="claims"') < html.index('id="side-by-side"')


def test_render_html_colours_claims_in_article_columns() -> None:
    report = make_report()
    parsed = _parse(render(report, "html"))
    for n, article in enumerate(report.articles, 1):
        assert "".join(parsed.bodies[str(n)]) == article.body
    spans = [dict(a) for t, a in parsed.tags if t == "span" and "hl" in (dict(a).get("class") or "")
             and dict(a).get("id")]
    assert {s["id"] for s in spans} == {f"claim-{i}" for i in range(1, 7)}
    assert {s["class"] for s in spans} == {"hl s-conflicting", "hl s-uncorroborated",
                                           "hl s-corroborated"}
    assert all(s["title"] for s in spans)


@pytest.mark.parametrize(("text", "value", "expected"), [
    ("pulled six workers", "six", "pulled <mark>six</mark> workers"),
    ("sixty and six", "six", "sixty and <mark>six</mark>"),
    ("a < b <b>", "<b>", "a &lt; b <mark>&lt;b&gt;</mark>"),
    ("Six of six", "six", "<mark>Six</mark> of <mark>six</mark>"),
    ("no match here", "ten", "no match here"),
    ("<i>x</i>", "", "&lt;i&gt;x&lt;/i&gt;"),
])
def test_render_html_highlight_value(text: str, value: str, expected: str) -> None:
    from triangulate.render.html import highlight_value

    assert str(highlight_value(text, value)) == expected


def test_render_html_overlapping_claims_keep_text_and_anchors() -> None:
    from triangulate.render.html import ClaimSpan, highlight_claims

    body = "He said \"we <will> win\" on Monday & left."
    spans = [ClaimSpan(0, len(body), Status.CORROBORATED, "whole", "c1"),
             ClaimSpan(8, 23, Status.UNCORROBORATED, "quote", "c2"),
             ClaimSpan(8, 12, Status.CONFLICTING, "x", "c3"),
             ClaimSpan(30, 999, Status.CORROBORATED, "clamped", "c4"),
             ClaimSpan(5, 5, Status.CORROBORATED, "empty", "c5")]
    html = str(highlight_claims(body, spans))
    parsed = _parse(f'<div class="body" data-article="1">{html}</div>')
    assert "".join(parsed.bodies["1"]) == body
    ids = {dict(a).get("id") for _, a in parsed.tags} - {None}
    assert ids == {"c1", "c2", "c3", "c4"}
    assert "&lt;will&gt;" in html and "<will>" not in html


_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=_TEXT, after=_TEXT, cut=st.tuples(st.integers(0, 130), st.integers(0, 130)))
def test_render_html_never_contains_raw_article_text_with_lt(
    before: str, after: str, cut: tuple[int, int]
) -> None:
    body = f"{before}<zq{after}"  # '<zq' occurs nowhere in the template
    start, end = sorted(cut)
    article = Article(id="a-h", source=f"src{body}", body=body, title=body, outlet=body,
                      byline=body, credits=(body,))
    text = body[start:end] or body
    claim = Claim(id="c-h", article_id="a-h", start=start, end=end, text=text, facts=(),
                  sentence=0)
    verdict = Verdict(claim, Status.CONFLICTING, (Link("c-h", "a-h", body),),
                      (Conflict("c-h", "a-h", body, body, body, body, body),), body,
                      quote_status="altered")
    report = Report(articles=(article,), verdicts=(verdict,),
                    rejections=(Rejection(body, body, body),), generator=body)
    html = render(report, "html")
    assert body not in html
    assert "".join(_parse(html).bodies["1"]) == body


# --------------------------------------------------------------------------- provenance, fact sheet, timeline, stories

HUMAN = ["text", "markdown", "html"]


def _render_plain(report: Report, fmt: str, width: int = 200) -> str:
    """The output with HTML tags removed (and entities decoded), for looking up words."""
    out = render(report, fmt, width=width)  # type: ignore[arg-type]
    if fmt == "html":  # the section links in <nav> would come first: leave them out
        out = re.sub(r"<nav\b.*?</nav>", "", out, flags=re.DOTALL)
        return "".join(t for tag, t in _parse(out).texts if tag not in ("style", "script"))
    if fmt == "markdown":  # drop escapes and emphasis
        return out.replace("\\", "").replace("**", "")
    return out


@pytest.mark.parametrize("fmt", HUMAN)
def test_render_full_report_shows_every_section(fmt: str) -> None:
    out = _render_plain(make_full_report(), fmt)
    low = re.sub(r"\s+", " ", out.lower())
    for needle in ("stories (2)", "provenance", "fact sheet (2)", "timeline (2)",
                   "claims by article", "independent of each other: [1], [4]",
                   "independent sources: 2"):
        assert needle in low, needle
    assert "[2] kellen.html is a paraphrased rewrite of [1] harbour wire" in low
    assert "not credited (overlap 9%)" in low or ("not credited" in low and "9%" in low)
    assert "{[1] [2]}, {[4]}" in low
    # fact sheet: disputed, rivals with article refs, confidence, independent sources
    assert "six [1] [4] vs nine [2]" in low
    assert "disputed" in low and "50%" in low
    assert "since march [1] [2]" in low and "single source" in low
    # timeline: month granularity, disputed marker
    assert "march 2025" in low and "2025-08-01" in low
    # the added claims
    assert "added by this rewrite (not in its source)" in low
    assert "added by this rewrite" in low
    assert "by two or more independent sources" in low
    assert "exhausted workers" in low


@pytest.mark.parametrize("fmt", HUMAN)
def test_render_fact_sheet_groups_slots_in_order(fmt: str) -> None:
    out = _render_plain(make_full_report(), fmt)
    sheet = out[out.index("Fact sheet"):]
    # the report lists the "when" fact first; the sheet shows how_many first
    assert sheet.index("How many workers") < sheet.index("When: closed")
    assert sheet.index("How many") < sheet.index("When")


@pytest.mark.parametrize("fmt", HUMAN)
def test_render_sections_order_keeps_conflicts_first(fmt: str) -> None:
    out = _render_plain(make_full_report(), fmt)
    conflicts = out.index("Conflicts (1)")
    claims = out.index("Claims by article")
    assert conflicts < out.index("Fact sheet (2)") < claims
    assert conflicts < out.index("Timeline (2)") < claims
    assert out.index("Stories (2)") < conflicts
    if fmt != "html":  # HTML lists the articles (and provenance) at the end
        assert out.index("Articles (4)") < out.index("Provenance") < conflicts


@pytest.mark.parametrize("fmt", HUMAN)
def test_render_added_uncorroborated_claim_is_shown_once(fmt: str) -> None:
    out = _render_plain(make_full_report(), fmt)
    claims = out[out.index("Claims by article"):]
    quote = "We will rebuild it stronger than before"
    assert claims.count(quote) == 1 + (fmt == "html")  # HTML: list + side-by-side body
    listed = claims[claims.index(quote):]
    assert listed.index("added by this rewrite") < listed.index("Added by this rewrite (not in its source)")
    # the corroborated added claim is listed in the added section, not with the uncorroborated
    section = claims.index("Added by this rewrite (not in its source)")
    assert ADDED_SENTENCE in claims[section:section + 300]
    uncorroborated = claims[claims.index("Uncorroborated (1)", claims.index("kellen.html")):section]
    assert quote in uncorroborated and ADDED_SENTENCE not in uncorroborated


@pytest.mark.parametrize("fmt", HUMAN)
def test_render_counts_claims_with_independent_sources(fmt: str) -> None:
    out = re.sub(r"\s+", " ", _render_plain(make_full_report(), fmt))
    # the wire's corroboration comes from its own rewrite only: no independent source
    assert "none by two or more independent sources" in out
    # Coastal Times: both claims stated by two independent sources
    assert re.search(r"2 (corroborated claims|claims), 2 by two or more independent sources", out)


@pytest.mark.parametrize("fmt", HUMAN)
def test_render_without_provenance_has_no_provenance_section(fmt: str) -> None:
    out = _render_plain(make_report(), fmt)
    assert "Provenance" not in out and "independent source" not in out
    assert "Fact sheet" not in out and "Timeline" not in out and "Stories" not in out


@pytest.mark.parametrize("fmt", HUMAN)
def test_render_one_story_shown_in_header(fmt: str) -> None:
    full = make_full_report()
    report = dataclasses.replace(full, stories=full.stories[:1])
    out = _render_plain(report, fmt)
    assert "Stories (" not in out and "Story 1:" not in out
    head = out[:out.index("Articles (4)")] if fmt != "html" else out[:out.index("Conflicts (1)")]
    assert "Story:" in head and "Six rescued from Kellen Bridge" in head and "s-bridge" in head


@pytest.mark.parametrize("fmt", HUMAN)
def test_render_groups_claims_by_story(fmt: str) -> None:
    out = _render_plain(make_full_report(), fmt)
    claims = out[out.index("Claims by article"):]
    assert claims.index("Story 1: Six rescued from Kellen Bridge") < claims.index("Harbour Wire")
    stories = out[out.index("Stories (2)"):]
    assert "same thread as story 1" in stories
    assert "3 articles: [1] [2] [4]" in stories


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("name", sorted(FULL_REPORTS))
def test_render_text_full_report_fits_width(width: int, color: bool, name: str) -> None:
    out = _plain(render(FULL_REPORTS[name](), "text", color=color, width=width))
    too_long = [line for line in out.splitlines() if len(line) > width]
    assert not too_long
    for section in ("Provenance", "Fact sheet (2)", "Timeline (2)", "Stories (2)"):
        assert section in out


@pytest.mark.parametrize("width", [60, 80])
def test_render_text_timeline_text_is_one_ellipsised_line(width: int) -> None:
    out = render(make_full_report(), "text", width=width)
    timeline = out[out.index("Timeline (2)"):out.index("Claims by article")]
    lines = [line for line in timeline.splitlines() if "rescue:" in line]
    assert len(lines) == 1 and lines[0].endswith("…")
    assert "river banks" not in timeline
    assert "disputed" in timeline


def test_render_text_fact_sheet_is_a_table_with_columns() -> None:
    out = render(make_full_report(), "text", width=80)
    sheet = out[out.index("Fact sheet (2)"):out.index("Timeline (2)")]
    header = next(line for line in sheet.splitlines() if "Fact" in line and "Value" in line)
    for column in ("Status", "Conf.", "Sources"):
        assert column in header
    row = next(line for line in sheet.splitlines() if "How many" in line and "six" in line)
    assert "disputed" in row and "50%" in row and "2 vs 1" in row


def test_render_text_colours_disputed_and_added() -> None:
    out = render(make_full_report(), "text", color=True, width=100)
    sheet = out[out.index("Fact sheet"):]
    assert re.search(r"\x1b\[[0-9;]*31m(\x1b\[[0-9;]*m)*disputed", sheet)
    assert re.search(r"\x1b\[[0-9;]*35m(\x1b\[[0-9;]*m)*added by this rewrite", out)


@pytest.mark.parametrize("color", [False, True])
def test_render_text_full_report_does_not_interpret_article_markup(color: bool) -> None:
    out = _plain(render(_full_hostile_report(), "text", color=color, width=400))
    for section in ("Provenance", "Fact sheet", "Timeline", "Stories (2)"):
        part = out[out.index(section):]
        assert "[bold red]x[/]" in part and "<script>alert(1)</script>" in part
    if not color:
        assert "\x1b" not in out


def test_render_markdown_full_report_escapes_hostile_strings() -> None:
    out = render(_full_hostile_report(), "markdown")
    assert "<script" not in out and "<img" not in out and "[bold red]" not in out
    for section in ("## Stories", "## Provenance", "## Fact sheet", "## Timeline"):
        part = out[out.index(section):]
        assert r"&lt;script&gt;alert(1)&lt;/script&gt;" in part and r"\[bold red\]x\[/\]" in part
    lines = out.splitlines()
    tables = 0
    for i, line in enumerate(lines):
        if line.startswith("|--"):
            tables += 1
            header = _cells(lines[i - 1])
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert _cells(lines[j]) == header, lines[j]
                j += 1
    assert tables >= 6  # articles, rejections, conflict, two fact groups, timeline


def test_render_markdown_fact_sheet_and_timeline_tables() -> None:
    out = render(make_full_report(), "markdown")
    assert "| How many workers | **six** \\[1\\] \\[4\\] vs nine \\[2\\] | **disputed** | 50% | 2 vs 1 | 1 |" in out
    assert "| March 2025 | close |" in out
    assert "| **2025-08-01** | rescue (**disputed**" in out
    assert "### How many" in out and "### When" in out
    assert "#### \\[1\\] Harbour Wire" in out  # article sections nest under their story


def test_render_html_full_report_escapes_hostile_strings() -> None:
    html = render(_full_hostile_report(), "html")
    parsed = _parse(html)
    names = [t for t, _ in parsed.tags]
    assert "img" not in names
    assert names.count("script") == 1
    assert "<script>alert(1)</script>" not in html and "alert(" not in html.split("<script>")[1]
    for tag, attrs in parsed.tags:
        for attr, value in attrs:
            assert not attr.startswith("on"), (tag, attr)
            if attr == "href":
                assert value and value.startswith("#"), value
    for section in ("stories", "facts", "timeline", "provenance"):
        start = html.index(f'<section id="{section}"')
        part = _parse(html[start:html.index("</section>", start)])
        assert any("<script>alert(1)</script>" in t for _, t in part.texts), section
        assert any("[bold red]x[/]" in t for _, t in part.texts), section


def test_render_html_full_report_loads_nothing_external() -> None:
    parsed = _parse(render(make_full_report(), "html"))
    names = {t for t, _ in parsed.tags}
    assert not names & {"link", "img", "iframe", "object", "embed", "base", "form"}
    csp = [dict(a) for t, a in parsed.tags
           if t == "meta" and dict(a).get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")
    for tag, attrs in parsed.tags:
        for attr, value in attrs:
            assert attr != "src", tag
            if attr == "href":
                assert value and value.startswith("#"), value


def test_render_html_marks_added_claims_and_details_side_by_side() -> None:
    report = make_full_report()
    html = render(report, "html")
    parsed = _parse(html)
    for n, article in enumerate(report.articles, 1):
        assert "".join(parsed.bodies[str(n)]) == article.body
    spans = [dict(a) for t, a in parsed.tags if t == "span" and "hl" in (dict(a).get("class") or "")
             and dict(a).get("data-status")]  # claim spans, not the legend
    added = [s for s in spans if "added" in (s.get("class") or "").split()]
    assert added and all(s.get("title") for s in added)
    assert any("not in its source" in (s.get("title") or "") for s in added)
    details = [s for s in spans if "detail" in (s.get("class") or "").split()]
    assert details
    # the detail span wraps exactly the phrase
    assert re.search(r'class="hl s-corroborated detail"[^>]*>exhausted workers</span>', html)
    # legend explains both marks, and the phrase is listed under the article
    side = html[html.index('id="side-by-side"'):html.index('id="articles"')]
    assert "dashed outline" in side and "wavy underline" in side
    assert re.search(r'<a class="phrase" href="#claim-\d+">exhausted workers</a>', side)


def test_render_html_lists_independent_sources_per_corroborated_claim() -> None:
    html = render(make_full_report(), "html")
    texts = re.sub(r"\s+", " ", "".join(t for _, t in _parse(html).texts))
    assert "2 independent sources" in texts and "1 independent source " in texts


def test_render_html_highlight_claims_with_details_keeps_text() -> None:
    from triangulate.render.html import ClaimSpan, highlight_claims

    body = "A <b>big</b> & loud crash, then <i>silence</i>."
    spans = [ClaimSpan(0, len(body), Status.CORROBORATED, "whole", "c1", added=True,
                       details=((2, 12), (40, 999), (5, 5))),
             ClaimSpan(14, 26, Status.UNCORROBORATED, "part", "c2", details=((15, 19),))]
    html = str(highlight_claims(body, spans))
    parsed = _parse(f'<div class="body" data-article="1">{html}</div>')
    assert "".join(parsed.bodies["1"]) == body
    assert "<b>" not in html and "<i>" not in html
    classes = [dict(a).get("class") for t, a in parsed.tags if t == "span"]
    assert "hl s-corroborated added detail" in classes
    assert "hl s-uncorroborated added detail" in classes
    assert "hl s-uncorroborated added" in classes


@pytest.mark.parametrize(("first", "last", "granularity", "expected"), [
    (dt.date(2025, 9, 14), dt.date(2025, 9, 14), "day", "2025-09-14"),
    (dt.date(2025, 9, 16), dt.date(2025, 9, 21), "week", "2025-09-16 – 2025-09-21"),
    (dt.date(2025, 5, 1), dt.date(2025, 5, 31), "month", "May 2025"),
    (dt.date(2025, 5, 1), dt.date(2025, 6, 30), "month", "May–June 2025"),
    (dt.date(2024, 12, 1), dt.date(2025, 1, 31), "month", "December 2024–January 2025"),
    (dt.date(2025, 5, 3), dt.date(2025, 5, 31), "month", "2025-05-03 – 2025-05-31"),
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31), "year", "2025"),
])
def test_render_date_range(first: dt.date, last: dt.date, granularity: str, expected: str) -> None:
    assert date_range(first, last, granularity) == expected


def test_render_json_full_report_stays_valid() -> None:
    for build in FULL_REPORTS.values():
        assert validate_report_dict(report_to_dict(build())) == []


# --------------------------------------------------------------------------- schema doc


def _doc() -> str:
    return (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")


def test_render_schema_doc_example_is_valid() -> None:
    blocks = re.findall(r"```json\n(.*?)```", _doc(), re.S)
    assert blocks, "docs/schema.md has no ```json example"
    example = json.loads(blocks[0])
    assert validate_report_dict(example) == []


def _all_keys(value: Any, prefix: str = "") -> set[str]:
    keys: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if prefix == "settings":
                continue
            keys.add(k)
            keys |= _all_keys(v, k)
    elif isinstance(value, list):
        for v in value:
            keys |= _all_keys(v, prefix)
    return keys


def test_render_schema_doc_documents_every_key() -> None:
    doc = _doc()
    missing = {k for k in _all_keys(report_to_dict(make_report())) if f"`{k}`" not in doc}
    assert not missing
