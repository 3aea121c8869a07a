"""Stage 4: align each claim with the matching claims of the other articles.

Similarity is an IDF-weighted Dice coefficient over content lemmas, plus a
bonus for shared anchors (the same entity, number or date). Candidates come
from an inverted index over lemmas, so the work grows with the number of
claims that share words, not with the square of all claims. For every claim
and every other article, the best claim above ``min_score`` is kept; pairs
are symmetric (if a is aligned with b, b is aligned with a).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..records import Claim, FactType

__all__ = ["AlignSettings", "ClaimAlignment", "align_claims", "NAME"]

NAME = "triangulate.align.v1"

_ANCHORS = (FactType.ENTITY, FactType.PLACE, FactType.NUMBER, FactType.DATE)


@dataclass(frozen=True, slots=True)
class AlignSettings:
    """Settings of the aligner."""

    min_score: float = 0.3
    """Lowest similarity at which two claims are taken to state the same thing."""
    per_article: int = 2
    """How many claims of each other article a claim may align with (best first)."""
    anchor_bonus: float = 0.08
    """Added per shared anchor (entity key, number value, date value), at most three times."""


@dataclass(frozen=True, slots=True)
class ClaimAlignment:
    """Two claims of different articles taken to state the same thing."""

    a: str
    """Claim id (the lower of the two ids)."""
    b: str
    score: float


def _anchors(claim: Claim) -> set[tuple[str, str]]:
    return {(str(f.type), f.value) for f in claim.facts if f.type in _ANCHORS}


def align_claims(claims: Sequence[Claim], settings: AlignSettings = AlignSettings()) -> list[ClaimAlignment]:
    """Return the symmetric set of aligned statement pairs (quotes are matched in compare)."""
    statements = [c for c in claims if c.kind == "statement"]
    df: dict[str, int] = defaultdict(int)
    for c in statements:
        for t in set(c.terms):
            df[t] += 1
    n = max(1, len(statements))
    idf = {t: math.log(1 + n / d) for t, d in df.items()}
    weight = {c.id: sum(idf[t] for t in set(c.terms)) for c in statements}
    anchors = {c.id: _anchors(c) for c in statements}
    index: dict[str, list[int]] = defaultdict(list)
    for k, c in enumerate(statements):
        for t in set(c.terms):
            index[t].append(k)
    pairs: dict[tuple[str, str], float] = {}
    for k, a in enumerate(statements):
        shared: dict[int, float] = defaultdict(float)
        for t in set(a.terms):
            for j in index[t]:
                if statements[j].article_id != a.article_id and j != k:
                    shared[j] += idf[t]
        best: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for j, overlap in shared.items():
            b = statements[j]
            denom = weight[a.id] + weight[b.id]
            score = 2 * overlap / denom if denom else 0.0
            score += settings.anchor_bonus * min(3, len(anchors[a.id] & anchors[b.id]))
            if score >= settings.min_score:
                best[b.article_id].append((score, b.id))
        for found in best.values():
            found.sort(reverse=True)
            for score, b_id in found[: settings.per_article]:
                key = (a.id, b_id) if a.id < b_id else (b_id, a.id)
                pairs[key] = max(score, pairs.get(key, 0.0))
    return [ClaimAlignment(a, b, round(s, 4)) for (a, b), s in sorted(pairs.items())]


def partners(alignments: Iterable[ClaimAlignment]) -> dict[str, list[tuple[str, float]]]:
    """Claim id → aligned claim ids with scores, both directions."""
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for al in alignments:
        out[al.a].append((al.b, al.score))
        out[al.b].append((al.a, al.score))
    return out
