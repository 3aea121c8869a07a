"""The terminal report, laid out with ``rich`` to fit the given width.

Order: header with counts (and the story), the stories when there are
several, the articles, who copies whom (provenance), the rejected inputs,
then the conflicts (what most needs a person's attention), the fact sheet,
the timeline, then per article (grouped by story) its uncorroborated claims,
the claims a rewrite added to its source, and a count of its corroborated
ones.

Article strings are only ever put into ``rich.text.Text`` objects (never
into markup strings) and pass through ``one_line`` first, so an article can
neither style the report nor send control sequences to the terminal.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from triangulate.records import Report, SheetFact, Status, Verdict
from triangulate.render import (
    ADDED_NOTE,
    ADDED_TITLE,
    DETAILS_NOTE,
    UNMATCHED_QUOTE_NOTE,
    ArticleRef,
    Provenance,
    article_refs,
    article_stories,
    conflict_pairs,
    date_range,
    derived_phrase,
    fact_groups,
    is_added_here,
    is_compared,
    is_unmatched_quote,
    multi_source_count,
    numbers,
    one_line,
    percent,
    plural,
    provenance,
    ref_for,
    shows_independence,
    story_groups,
    story_name,
    story_numbers,
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
ADDED = "bold magenta"
DISPUTED = "bold red"


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
    if len(report.stories) > 1:
        out += _stories(report, refs, width)
    out += _articles(report, refs, width)
    prov = provenance(report, refs)
    if prov is not None:
        out += _provenance(prov, width)
    if report.rejections:
        out += _rejections(report, width)
    out += _conflicts(report, width)
    if fact_groups(report):
        out += _fact_sheet(report, refs, width)
    if report.timeline:
        out += _timeline(report, refs, width)
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
    if len(report.stories) == 1:
        story = report.stories[0]
        text.append("Story: ", style="bold")
        if one_line(story.title):
            text.append(one_line(story.title), style="italic")
            text.append(" · ")
        text.append(one_line(story.id), style=DIM)
        text.append("\n")
    return text


def _stories(report: Report, refs: dict[str, ArticleRef], width: int) -> list[RenderableType]:
    out: list[RenderableType] = [_rule(f"Stories ({len(report.stories)})")]
    grid = _grid(width - 1, first_max=4)
    first_of_thread: dict[str, int] = {}
    for n, story in enumerate(report.stories, 1):
        cell = Text()
        cell.append(one_line(story.title) or "untitled", style="bold" if story.title else DIM)
        cell.append("\n")
        cell.append(plural(len(story.articles), "article"))
        if story.articles:
            cell.append(f": {numbers(refs, story.articles)}")
        cell.append(f" · {one_line(story.id)}", style=DIM)
        if story.thread:
            earlier = first_of_thread.setdefault(story.thread, n)
            if earlier != n:
                cell.append(f" · same thread as story {earlier}", style=DIM)
        grid.add_row(Text(f"{n}."), cell)
    out.append(Padding(grid, (0, 0, 1, 1)))
    return out

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
    stories = article_stories(report) if len(report.stories) > 1 else {}
    for a in report.articles:
        ref = refs[a.id]
        cell = Text()
        cell.append(one_line(ref.label), style="bold")
        if a.id in stories:
            cell.append(f"  story {stories[a.id]}", style="cyan")
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


def _provenance(prov: Provenance, width: int) -> list[RenderableType]:
    out: list[RenderableType] = [_rule("Provenance")]
    grid = _grid(width - 1, first_max=1)
    for link, copy, source in prov.derived:
        relation, credit = derived_phrase(link)
        cell = Text()
        cell.append(copy.name, style="bold")
        cell.append(f" {relation} ")
        cell.append(source.name, style="bold")
        cell.append(" — ")
        cell.append(credit, style="" if link.credited else "yellow")
        grid.add_row(Text("-"), cell)
    if prov.independent:
        grid.add_row(Text("-"), Text("independent of each other: "
                                     + ", ".join(f"[{r.number}]" if r.number else r.label
                                                 for r in prov.independent)))
    groups = ", ".join("{" + " ".join(f"[{r.number}]" if r.number else r.label for r in g) + "}"
                       for g in prov.groups)
    line = Text()
    line.append(f"Independent sources: {len(prov.groups)}", style="bold")
    if groups:
        line.append(f" — {groups}")
    out.append(Padding(grid, (0, 0, 0, 1)))
    out.append(Padding(line, (0, 0, 1, 1)))
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
        if p.also:
            body.append(Padding(Text("Same in copies of these sources: " + ", ".join(r.name for r in p.also),
                                     style=DIM), (0, 0, 0, 3)))
        out.extend(Padding(b, (0, 0, 0, 1)) for b in body)
        out.append(Text(""))
    return out


def _fact_value(f: SheetFact, refs: dict[str, ArticleRef]) -> Text:
    cell = Text()
    if f.status == "disputed" and len(f.values) > 1:
        for i, v in enumerate(f.values):
            if i:
                cell.append(" vs ", style=DIM)
            cell.append(one_line(v.text), style="bold" if i == 0 else "")
            if v.articles:
                cell.append(f" {numbers(refs, v.articles)}", style=DIM)
        return cell
    cell.append(one_line(f.top.text))
    if f.top.articles:
        cell.append(f" {numbers(refs, f.top.articles)}", style=DIM)
    if len(f.values) > 1:
        cell.append(f" (+{len(f.values) - 1} more)", style=DIM)
    return cell


def _fact_status(f: SheetFact) -> Text:
    disputed = f.status == "disputed"
    style = (DISPUTED if disputed else STYLE[Status.CORROBORATED] if f.status == "agreed"
             else STYLE[Status.UNCORROBORATED])
    return Text(one_line(f.status), style=style)


def _fact_sources(f: SheetFact) -> str:
    """Independent sources of the top value; of each value when disputed ("2 vs 1")."""
    if f.status == "disputed" and len(f.values) > 1:
        return " vs ".join(str(len(v.sources)) for v in f.values)
    return str(len(f.top.sources))


def _fact_sheet(report: Report, refs: dict[str, ArticleRef], width: int) -> list[RenderableType]:
    """One table, grouped by slot; narrow terminals get the status, confidence and
    sources under the value instead of in columns of their own."""
    groups = fact_groups(report)
    out: list[RenderableType] = [_rule(f"Fact sheet ({sum(len(g[2]) for g in groups)})")]
    wide = width >= 72
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold",
                  expand=True, padding=(0, 1))
    table.add_column("Fact", overflow="fold", ratio=2)
    table.add_column("Value", overflow="fold", ratio=3)
    if wide:
        table.add_column("Status", overflow="fold", no_wrap=True)
        table.add_column("Conf.", justify="right", no_wrap=True)
        table.add_column("Sources", justify="right", no_wrap=True)
    for _, title, facts in groups:
        table.add_row(Text(title, style="bold underline"))
        for i, f in enumerate(facts):
            value = _fact_value(f, refs)
            last = i == len(facts) - 1
            label = Text(one_line(f.label))
            story = story_numbers(report, (a for v in f.values for a in v.articles))
            if story:
                label.append(f"\nstory {story}", style="cyan")
            if wide:
                table.add_row(label, value, _fact_status(f),
                              Text(percent(f.confidence)), Text(_fact_sources(f)), end_section=last)
                continue
            value.append("\n")
            value.append_text(_fact_status(f))
            value.append(f" · {percent(f.confidence)} · "
                         f"{_fact_sources(f)} source{'' if _fact_sources(f) == '1' else 's'}",
                         style=DIM)
            table.add_row(label, value, end_section=last)
    out.append(Padding(table, (0, 0, 1, 1)))
    return out


def _timeline(report: Report, refs: dict[str, ArticleRef], width: int) -> list[RenderableType]:
    out: list[RenderableType] = [_rule(f"Timeline ({len(report.timeline)})")]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(overflow="fold", max_width=max(8, (width - 1) // 3))
    grid.add_column(overflow="ellipsis", ratio=1)
    for t in report.timeline:
        line = Text(no_wrap=True, overflow="ellipsis")
        if one_line(t.event):
            line.append(one_line(t.event), style="bold")
            line.append(": ")
        line.append(one_line(t.text))
        meta = Text(overflow="fold")
        meta.append(numbers(refs, t.articles), style=DIM)
        story = story_numbers(report, t.articles)
        if story:
            meta.append(f" · story {story}", style="cyan")
        if t.disputed:
            meta.append(" · " if t.articles else "")
            meta.append("disputed: other articles give another date", style=DISPUTED)
        grid.add_row(Text(date_range(t.first, t.last, t.granularity),
                          style=DISPUTED if t.disputed else ""), Group(line, meta))
    out.append(Padding(grid, (0, 0, 1, 1)))
    return out


def _by_article(report: Report, refs: dict[str, ArticleRef], width: int) -> list[RenderableType]:
    out: list[RenderableType] = [_rule("Claims by article")]
    groups = verdicts_by_article(report)
    independence = shows_independence(report)
    visible = [aid for aid, verdicts in groups.items()
               if not (ref_for(refs, aid).article is not None
                       and not is_compared(ref_for(refs, aid).article) and not verdicts)]  # type: ignore[arg-type]
    sections = story_groups(report, visible) if len(report.stories) > 1 else [(0, None, visible)]
    shown = 0
    for number, story, members in sections:
        if len(report.stories) > 1:
            out.append(Padding(Text(story_name(number, story) if story else "Not in any story",
                                    style="bold cyan"), (0, 0, 0, 1)))
        for article_id in members:
            verdicts = groups[article_id]
            ref = ref_for(refs, article_id)
            shown += 1
            out.append(Padding(_article_head(ref, verdicts), (0, 0, 0, 1)))
            if not verdicts:
                out.append(Padding(Text("no checkable claims found", style=DIM), (0, 0, 1, 3)))
                continue
            out.extend(_article_claims(verdicts, article_id, refs, width, independence))
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
                    width: int, independence: bool = False) -> list[RenderableType]:
    out: list[RenderableType] = []
    conflicting = [v for v in verdicts if v.status == Status.CONFLICTING]
    unsupported = [v for v in verdicts if v.status == Status.UNCORROBORATED]
    corroborated = [v for v in verdicts if v.status == Status.CORROBORATED]
    if unsupported:
        grid = _grid(width - 3, first_max=1)
        for v in unsupported:
            cell = Text(one_line(v.claim.text))
            if is_added_here(v, article_id):
                cell.append("\n")
                cell.append(ADDED_NOTE, style=ADDED)
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
    added = [v for v in verdicts
             if is_added_here(v, article_id) and v.status != Status.UNCORROBORATED]
    if added:
        grid = _grid(width - 3, first_max=1)
        for v in added:
            cell = Text(one_line(v.claim.text))
            cell.append("\n")
            if v.status == Status.CONFLICTING:
                cell.append("conflicting (see Conflicts above)", style=STYLE[Status.CONFLICTING])
            else:
                cell.append(v.status.value, style=STYLE[v.status])
                if independence:
                    cell.append(f", {plural(v.independent_sources, 'independent source')}")
            if v.unsupported:
                cell.append("\n")
                cell.append(f"{DETAILS_NOTE}: ", style=DIM)
                cell.append("; ".join(one_line(d) for d in v.unsupported), style="bold yellow")
            grid.add_row(Text("*", style=ADDED), cell)
        out.append(Padding(Text(f"{ADDED_TITLE} ({len(added)})", style=ADDED), (0, 0, 0, 3)))
        out.append(Padding(grid, (0, 0, 0, 3)))
    details = [v for v in verdicts if v.unsupported and v.status != Status.UNCORROBORATED
               and not is_added_here(v, article_id)]
    if details:
        grid = _grid(width - 3, first_max=1)
        for v in details:
            cell = Text(one_line(v.claim.text))
            cell.append("\n")
            cell.append(f"{DETAILS_NOTE}: ", style=DIM)
            cell.append("; ".join(one_line(d) for d in v.unsupported), style="bold yellow")
            grid.add_row(Text("+", style=STYLE[Status.UNCORROBORATED]), cell)
        out.append(Padding(Text(f"Added details ({len(details)})", style=STYLE[Status.UNCORROBORATED]),
                           (0, 0, 0, 3)))
        out.append(Padding(grid, (0, 0, 0, 3)))
    if corroborated:
        supporters = supporting_articles(corroborated, article_id)
        line = Text(plural(len(corroborated), "corroborated claim"), style=STYLE[Status.CORROBORATED])
        if independence:
            multi = multi_source_count(corroborated)
            line.append(f", {multi or 'none'} by two or more independent sources")
        if supporters:
            names = [ref_for(refs, s).name for s in supporters]
            listed = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
            line.append(f", supported by {plural(len(supporters), 'other article')}: {listed}")
        out.append(Padding(line, (0, 0, 0, 3)))
    else:
        out.append(Padding(Text("no corroborated claims", style=DIM), (0, 0, 0, 3)))
    out.append(Text(""))
    return out
