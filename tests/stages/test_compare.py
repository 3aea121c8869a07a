"""Comparison properties: symmetric under swapping outlets; restatements agree; changes conflict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from triangulate.api import check_articles, make_article
from triangulate.records import Article, Report

PUB = dt.date(2024, 3, 14)  # a Thursday

WIRE = (
    "Four Norlandic bus drivers who were abducted near the border were freed late Tuesday, the interior "
    "ministry said on Wednesday. The drivers had been held for nine days by the Red Marsh Front, police said. "
    '"All four men are safe and in good health," said Interior Minister Tobias Renn. '
    "The National Intelligence Service (NIS) led the operation."
)


def _conflicts(report: Report) -> set[tuple[str, str, str]]:
    label = {a.id: a.label for a in report.articles}
    return {(label[v.claim.article_id], c.field, c.value) for v in report.verdicts for c in v.conflicts}


@pytest.mark.parametrize(
    ("rewrite", "field"),
    [
        (WIRE.replace("Four Norlandic", "Seven Norlandic"), "number"),
        (WIRE.replace("late Tuesday", "late Monday"), "date"),
        (WIRE.replace("Red Marsh Front", "Blue Ridge Brigade"), "entity"),
        (WIRE.replace("safe and in good health", "safe but in poor health"), "quote"),
        (WIRE.replace("were freed late Tuesday", "were not freed late Tuesday"), "negation"),
    ],
)
def test_compare_symmetric_under_swapping_outlets(rewrite: str, field: str) -> None:
    a = make_article(WIRE, source="a.txt", outlet="Wire", published=PUB)
    b = make_article(rewrite, source="b.txt", outlet="Rewrite", published=PUB)
    forward, backward = _conflicts(check_articles([a, b])), _conflicts(check_articles([b, a]))
    assert forward == backward
    assert {f for _, f, _ in forward} == {field}
    assert {outlet for outlet, _, _ in forward} == {"Wire", "Rewrite"}, "both sides carry the conflict"


@pytest.mark.parametrize(
    "restated",
    [
        WIRE.replace("Four Norlandic", "4 Norlandic"),
        WIRE.replace("freed late Tuesday", "freed on March 12"),
        WIRE.replace("The National Intelligence Service (NIS) led", "The NIS led"),
        WIRE.replace("said on Wednesday", "said on March 13"),
    ],
)
def test_compare_restatements_are_agreement(restated: str) -> None:
    a = make_article(WIRE, source="a.txt", outlet="Wire", published=PUB)
    b = make_article(restated, source="b.txt", outlet="Rewrite", published=PUB)
    report = check_articles([a, b])
    assert _conflicts(report) == set()
    assert all(v.status == "corroborated" for v in report.verdicts)


def test_compare_repeated_pairs_match_direct(examples_dir: Path) -> None:
    """The memo of repeated claim pairs gives, for every aligned pair, what ``_pair_disagreements`` gives.

    Copies make the memo hit across articles; two versions name both rival
    groups, so whether the other article names an entity differs between
    pairs of the same two sentences.
    """
    from triangulate.stages.align import align_claims
    from triangulate.stages.compare import (
        CompareSettings,
        _context,
        _pair_disagreements,
        _PairMemo,
    )
    from triangulate.stages.extract import extract_claims
    from triangulate.stages.ingest import ingest_articles
    from triangulate.stages.parse import parse_articles

    swapped = WIRE.replace("Red Marsh Front", "Blue Ridge Brigade")
    versions = [WIRE, WIRE, swapped, swapped + " The Red Marsh Front denied any part in it.",
                WIRE + " The Blue Ridge Brigade denied any part in it.",
                WIRE.replace("Four Norlandic", "Seven Norlandic"),
                WIRE.replace("were freed late Tuesday", "were not freed late Tuesday")]
    stories = [[make_article(text, source=f"{k}.txt", outlet=f"Outlet {k}", published=PUB)
                for k, text in enumerate(versions)]]
    stories += [[a for a in ingest_articles([str(d)]) if isinstance(a, Article)]
                for d in sorted(examples_dir.iterdir()) if d.is_dir()]
    compared = 0
    for articles in stories:
        parsed = list(parse_articles(articles))
        claims = list(extract_claims(parsed))
        ctx = _context(claims, parsed, CompareSettings())
        memo = _PairMemo(ctx)
        by_id = {c.id: c for c in claims}
        for al in align_claims(claims):
            a, b = by_id[al.a], by_id[al.b]
            assert list(memo.disagreements(a, b, al.score)) == _pair_disagreements(ctx, a, b, al.score)
            compared += 1
    assert compared > 50
