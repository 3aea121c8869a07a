"""Stage 4: align each claim with the matching claims of the other articles.

Similarity is an IDF-weighted Dice coefficient over content lemmas, plus a
bonus for shared anchors (the same entity, number or date). Only claims that
share a lemma are scored: one sparse product of the claims × lemmas matrix
with its transpose gives every such pair at once. For every claim
and every other article, the best claim above ``min_score`` is kept; pairs
are symmetric (if a is aligned with b, b is aligned with a).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..nlp.entities import acronym, is_acronym
from ..records import Claim, ClaimAlignment, FactType

__all__ = ["AlignSettings", "align_claims", "NAME"]

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


def _anchors(claim: Claim) -> set[tuple[str, str]]:
    """What a claim is about: entity keys, numbers and dates; an entity also by its initials, so
    "the EMA" meets "the European Medicines Agency (EMA)" in an article that never spells it out."""
    out = set()
    for f in claim.facts:
        if f.type == FactType.ENTITY:
            initials = f.text.lower() if is_acronym(f.text) else acronym(f.text)
            out.add(("initials", initials) if initials else (str(f.type), f.value))
        elif f.type in _ANCHORS:
            out.add((str(f.type), f.value))
    return out


def align_claims(claims: Sequence[Claim], settings: AlignSettings = AlignSettings()) -> list[ClaimAlignment]:
    """Return the symmetric set of aligned statement pairs (quotes are matched in compare).

    Shared IDF weight of every claim pair sharing a lemma comes from one
    sparse product (claims × lemmas times its transpose), so a story of a
    hundred articles aligns in a fraction of a second.
    """
    import numpy as np
    from scipy import sparse

    statements = [c for c in claims if c.kind == "statement"]
    if len(statements) < 2:
        return []
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for k, c in enumerate(statements):
        for t in set(c.terms):
            rows.append(k)
            cols.append(vocab.setdefault(t, len(vocab)))
    n = len(statements)
    presence = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, len(vocab)))
    df = np.asarray(presence.sum(axis=0)).ravel()
    idf = np.log1p(n / np.maximum(df, 1)).astype(np.float32)
    weight = np.asarray(presence @ idf).ravel()
    overlap = (presence.multiply(idf[None, :]).tocsr() @ presence.T).tocoo()
    anchor_ids: dict[tuple[str, str], int] = {}
    arows, acols = [], []
    for k, c in enumerate(statements):
        for anchor in _anchors(c):
            arows.append(k)
            acols.append(anchor_ids.setdefault(anchor, len(anchor_ids)))
    anchors = sparse.csr_matrix((np.ones(len(arows), dtype=np.float32), (arows, acols)),
                                shape=(n, max(1, len(anchor_ids))))
    article_of = {a: i for i, a in enumerate(sorted({c.article_id for c in statements}))}
    article = np.array([article_of[c.article_id] for c in statements])
    i, j, shared = overlap.row, overlap.col, overlap.data
    keep = article[i] != article[j]
    i, j, shared = i[keep], j[keep], shared[keep]
    score = 2 * shared / np.maximum(weight[i] + weight[j], 1e-9)
    if len(anchor_ids):
        common = np.asarray(anchors[i].multiply(anchors[j]).sum(axis=1)).ravel()
        score = score + settings.anchor_bonus * np.minimum(3, common)
    keep = score >= settings.min_score
    i, j, score = i[keep], j[keep], score[keep]
    # the best ``per_article`` partners of each claim in each other article
    order = np.lexsort((-score, article[j], i))
    i, j, score = i[order], j[order], score[order]
    group = np.r_[True, (i[1:] != i[:-1]) | (article[j][1:] != article[j][:-1])] if len(i) else np.array([], bool)
    starts = np.maximum.accumulate(np.where(group, np.arange(len(i)), 0)) if len(i) else np.array([], int)
    top = (np.arange(len(i)) - starts) < settings.per_article
    # one alignment per pair of claim ids, with the higher score of its two directions, in id order
    ids = sorted({c.id for c in statements})
    position = {claim_id: k for k, claim_id in enumerate(ids)}
    rank = np.array([position[c.id] for c in statements], dtype=np.int64)
    ri, rj, score = rank[i[top]], rank[j[top]], score[top]
    key = np.minimum(ri, rj) * len(ids) + np.maximum(ri, rj)
    order = np.lexsort((-score, key))
    key, score = key[order], score[order]
    best = np.r_[True, key[1:] != key[:-1]] & (score > 0) if len(key) else np.array([], bool)
    low, high = np.divmod(key[best], len(ids))
    return [ClaimAlignment(ids[a], ids[b], round(s, 4))
            for a, b, s in zip(low.tolist(), high.tolist(), score[best].tolist())]
