"""The terminal report, laid out with ``rich`` to fit the given width.

Order: header with counts, the articles, the rejected inputs, then the
conflicts (what most needs a person's attention), then per article its
uncorroborated claims and a count of its corroborated ones.

Article strings are only ever put into ``rich.text.Text`` objects (never
into markup strings) and pass through ``one_line`` first, so an article can
neither style the report nor send control sequences to the terminal.
"""

from __future__ import annotations

import io

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from triangulate.records import Report, Status, Verdict
from triangulate.render import (
    UNMATCHED_QUOTE_NOTE,
    ArticleRef,
    article_refs,
    conflict_pairs,
    is_compared,
    is_unmatched_quote,
    one_line,
    plural,
    ref_for,
    supporting_articles,
    value_spans,
    verdicts_by_article,
)

__all__ = ["render_text"]

STYLE = {
    Status.CONFLICTING: "bold red",
    Status.UNCORROBORATED: "yellow",
    Status.CORROBORATED: "green",
}
DIM = "dim"


def render_text(report: Report, *, color: bool = False, width: int = 80) -> str:
    """The report as terminal text ``width`` columns wide; ANSI colours when ``color``."""
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=max(20, width),
        force_terminal=color,
        force_jupyter=False,
        force_interactive=False,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
        tab_size=4,
    )
    for block in _blocks(report, console.width):
        console.print(block)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def _blocks(report: Report, width: int) -> list[RenderableType]:
    refs = article_refs(report)
    out: list[RenderableType] = [_header(report)]
    out += _articles(report, refs, width)
    if report.rejections:
        out += _rejections(report, width)
    out += _conflicts(report, width)
    out += _by_article(report, refs, width)
    return out


def _rule(title: str, style: str = "bold") -> Text:
    return Text.assemble(("── ", style), (title, style), (" ──", style))


def _counts(counts: dict[str, int]) -> Text:
    parts: list[tuple[str, str] | str] = []
    for status in (Status.CONFLICTING, Status.UNCORROBORATED, Status.CORROBORATED):
        if parts:
            parts.append(" · ")
        parts.append((f"{counts.get(status.value, 0)} {status.value}", STYLE[status]))
    return Text.assemble(*parts)


def _header(report: Report) -> Text:
    compared = sum(1 for a in report.articles if is_compared(a))
    text = Text.assemble(
        ("triangulate report", "bold"),
        "\n",
        f"{plural(len(report.articles), 'article')} ({compared} compared) · "
        f"{plural(len(report.verdicts), 'claim')}",
    )
    if report.rejections:
        text.append(f" · {plural(len(report.rejections), 'rejected input')}", style="red")
    text.append("\n")
    text.append_text(_counts(report.counts()))
    text.append("\n")
    return text


def _grid(width: int, first_max: int | None = None) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=False, overflow="fold", max_width=first_max or max(8, width // 3))
    grid.add_column(overflow="fold", ratio=1)
    return grid


def _articles(report: Report, refs: dict[str, ArticleRef], width: int) -> list[RenderableType]:
    out: list[RenderableType] = [_rule(f"Articles ({len(report.articles)})")]
    if not report.articles:
        out.append(Text("  no articles", style=DIM))
        return out
    grid = _grid(width, first_max=6)
    for a in report.articles:
        ref = refs[a.id]
        cell = Text()
        cell.append(one_line(ref.label), style="bold")
        cell.append("  ")
        cell.append(a.published.isoformat() if a.published else "date unknown",
                    style="" if a.published else DIM)
        cell.append(f"  {one_line(a.language) or '?'}")
        if not is_compared(a):
            cell.append("  not compared (not English)", style="yellow")
        credits = ", ".join(one_line(c) for c in a.credits)
        cell.append(f"  credits: {credits}" if credits else "  no credit line",
                    style="" if credits else DIM)
        if a.title:
            cell.append("\n")
            cell.append(one_line(a.title), style="italic")
        meta = [one_line(x) for x in (a.byline, a.dateline) if x]
        meta.append(one_line(a.url or a.source))
        cell.append("\n")
        cell.append(" · ".join(m for m in meta if m), style=DIM)
        grid.add_row(Text(f"[{ref.number}]"), cell)
    out.append(Padding(grid, (0, 0, 1, 1)))
    return out


def _rejections(report: Report, width: int) -> list[RenderableType]:
    out: list[RenderableType] = [_rule(f"Rejected inputs ({len(report.rejections)})", "bold red")]
    grid = _grid(width, first_max=6)
    for r in report.rejections:
        cell = Text()
        cell.append(one_line(r.source), style="bold")
        cell.append("\n")
        cell.append(one_line(r.reason))
        grid.add_row(Text(one_line(r.code), style="red"), cell)
    out.append(Padding(grid, (0, 0, 1, 1)))
    return out


def _marked(text: str, value: str, style: str) -> Text:
    shown = one_line(text)
    out = Text(shown)
    for start, end in value_spans(shown, one_line(value)):
        out.stylize(f"{style} underline", start, end)
    return out


def _conflicts(report: Report, width: int) -> list[RenderableType]:
    pairs = conflict_pairs(report)
    out: list[RenderableType] = [_rule(f"Conflicts ({len(pairs)})", STYLE[Status.CONFLICTING])]
    if not pairs:
        out.append(Padding(Text("no conflicts between the compared articles", style=DIM),
                           (0, 0, 1, 2)))
        return out
    for i, p in enumerate(pairs, 1):
        head = Text(f"{i}. ")
        head.append(one_line(p.field) or "conflict", style=STYLE[Status.CONFLICTING])
        head.append(": ")
        head.append(f"“{one_line(p.value)}”", style="bold")
        head.append(" vs ")
        head.append(f"“{one_line(p.other_value)}”", style="bold")
        grid = _grid(width - 3)
        grid.add_row(Text(p.ref.name, style="bold"), _marked(p.claim.text, p.value, "red"))
        grid.add_row(Text(p.other_ref.name, style="bold"),
                     _marked(p.other_text, p.other_value, "red"))
        body: list[RenderableType] = [head, Padding(grid, (0, 0, 0, 3))]
        if p.explanation:
            body.append(Padding(Text(one_line(p.explanation), style="italic"), (0, 0, 0, 3)))
        out.extend(Padding(b, (0, 0, 0, 1)) for b in body)
        out.append(Text(""))
    return out


def _by_article(report: Report, refs: dict[str, ArticleRef], width: int) -> list[RenderableType]:
    out: list[RenderableType] = [_rule("Claims by article")]
    groups = verdicts_by_article(report)
    shown = 0
    for article_id, verdicts in groups.items():
        ref = ref_for(refs, article_id)
        if ref.article is not None and not is_compared(ref.article) and not verdicts:
            continue
        shown += 1
        out.append(Padding(_article_head(ref, verdicts), (0, 0, 0, 1)))
        if not verdicts:
            out.append(Padding(Text("no checkable claims found", style=DIM), (0, 0, 1, 3)))
            continue
        out.extend(_article_claims(verdicts, article_id, refs, width))
    if not shown:
        out.append(Padding(Text("no compared articles", style=DIM), (0, 0, 1, 2)))
    return out


def _article_head(ref: ArticleRef, verdicts: list[Verdict]) -> Text:
    head = Text()
    head.append(ref.name, style="bold")
    head.append(f"  {plural(len(verdicts), 'claim')}", style=DIM)
    counts = [(f"{sum(1 for v in verdicts if v.status == s)} {s.value}", STYLE[s])
              for s in (Status.CONFLICTING, Status.UNCORROBORATED, Status.CORROBORATED)
              if any(v.status == s for v in verdicts)]
    for i, (label, style) in enumerate(counts):
        head.append(": " if i == 0 else ", ", style=DIM)
        head.append(label, style=style)
    return head


def _article_claims(verdicts: list[Verdict], article_id: str, refs: dict[str, ArticleRef],
                    width: int) -> list[RenderableType]:
    out: list[RenderableType] = []
    conflicting = [v for v in verdicts if v.status == Status.CONFLICTING]
    unsupported = [v for v in verdicts if v.status == Status.UNCORROBORATED]
    corroborated = [v for v in verdicts if v.status == Status.CORROBORATED]
    if unsupported:
        grid = _grid(width - 3, first_max=1)
        for v in unsupported:
            cell = Text(one_line(v.claim.text))
            if is_unmatched_quote(v):
                cell.append("\n")
                cell.append(UNMATCHED_QUOTE_NOTE, style="bold yellow")
            elif v.quote_status:
                cell.append("\n")
                cell.append(f"quote {v.quote_status}", style="bold yellow")
            if v.explanation:
                cell.append("\n")
                cell.append(one_line(v.explanation), style=DIM)
            grid.add_row(Text("?", style=STYLE[Status.UNCORROBORATED]), cell)
        out.append(Padding(Text(f"Uncorroborated ({len(unsupported)})",
                                style=STYLE[Status.UNCORROBORATED]), (0, 0, 0, 3)))
        out.append(Padding(grid, (0, 0, 0, 3)))
    if conflicting:
        out.append(Padding(
            Text(f"{plural(len(conflicting), 'conflicting claim')} (see Conflicts above)",
                 style=STYLE[Status.CONFLICTING]), (0, 0, 0, 3)))
    details = [v for v in verdicts if v.unsupported and v.status != Status.UNCORROBORATED]
    if details:
        grid = _grid(width - 3, first_max=1)
        for v in details:
            cell = Text(one_line(v.claim.text))
            cell.append("\n")
            cell.append("found in no other article: ", style=DIM)
            cell.append("; ".join(one_line(d) for d in v.unsupported), style="bold yellow")
            grid.add_row(Text("+", style=STYLE[Status.UNCORROBORATED]), cell)
        out.append(Padding(Text(f"Added details ({len(details)})", style=STYLE[Status.UNCORROBORATED]),
                           (0, 0, 0, 3)))
        out.append(Padding(grid, (0, 0, 0, 3)))
    if corroborated:
        supporters = supporting_articles(corroborated, article_id)
        line = Text(plural(len(corroborated), "corroborated claim"), style=STYLE[Status.CORROBORATED])
        if supporters:
            names = [ref_for(refs, s).name for s in supporters]
            listed = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
            line.append(f", supported by {plural(len(supporters), 'other article')}: {listed}")
        out.append(Padding(line, (0, 0, 0, 3)))
    else:
        out.append(Padding(Text("no corroborated claims", style=DIM), (0, 0, 0, 3)))
    out.append(Text(""))
    return out
