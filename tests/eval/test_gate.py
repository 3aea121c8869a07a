"""Quality gate: the perturbation benchmark's detection and false-flag rates may not regress.

Runs triangulate (not the baselines) over every pair of ``benchmarks/data`` and
compares with the floors pinned in ``baseline.json``, together with a digest
of the data, so a floor can't silently move with its corpus. Raise a floor by
editing ``baseline.json`` after a real improvement; never lower one to make a
change pass. The held-out pairs (``benchmarks/data/heldout``, floors in
``baseline_heldout.json``) are gated the same way, so that a rule tuned on
the development pairs cannot quietly cost what the rules reach on new text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("baseline.json")


DATA = ROOT / "benchmarks" / "data"


def _corpus_sha(data: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(data.glob("pairs_*.jsonl")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.mark.slow
@pytest.mark.parametrize(("data", "pinned"), [
    (DATA, BASELINE),
    # the held-out pairs guard generalisation: never tune rules on them to raise these floors
    (DATA / "heldout", BASELINE.with_name("baseline_heldout.json")),
    (DATA / "heldout2", BASELINE.with_name("baseline_heldout2.json")),
    (DATA / "heldout3", BASELINE.with_name("baseline_heldout3.json")),
    (DATA / "heldout4", BASELINE.with_name("baseline_heldout4.json")),
    (DATA / "heldout5", BASELINE.with_name("baseline_heldout5.json")),
], ids=["development", "heldout", "heldout2", "heldout3", "heldout4", "heldout5"])
def test_gate_perturbation_floors(data: Path, pinned: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import perturb
        from _common import apply_edit, load_pairs, overlaps
    finally:
        sys.path.pop(0)
    baseline = json.loads(pinned.read_text(encoding="utf-8"))
    assert baseline["corpus_sha"] == _corpus_sha(data), "the benchmark data changed: re-measure and re-pin the floors"

    detected: dict[str, list[bool]] = defaultdict(list)
    flagged = claims = 0
    for pair in load_pairs(data):
        published = dt.date.fromisoformat(pair["published"])
        report, rid, _ = perturb.run_triangulate(pair["original"], pair["paraphrase"], published)
        mine = perturb.rewrite_verdicts(report, rid)
        claims += len(mine)
        flagged += sum(perturb.flagged(v) for v in mine)
        for ctype, edit in pair["edits"].items():
            applied = apply_edit(pair["paraphrase"], edit["find"], edit["replace"])
            report, rid, _ = perturb.run_triangulate(pair["original"], applied.text, published)
            hits = [v for v in perturb.rewrite_verdicts(report, rid)
                    if overlaps(v.claim.start, v.claim.end, applied.start, applied.end)]
            detected[ctype].append(perturb.right_field(ctype, hits))
    rates = {ctype: sum(hits) / len(hits) for ctype, hits in detected.items()}
    overall = sum(sum(h) for h in detected.values()) / sum(len(h) for h in detected.values())
    false_flags = flagged / claims
    below = {c: round(r, 3) for c, r in rates.items() if r + 1e-9 < baseline["floors"][c]}
    assert not below, f"detection fell below its floor: {below}"
    assert overall + 1e-9 >= baseline["overall_floor"], overall
    assert false_flags <= baseline["false_flag_ceiling"] + 1e-9, false_flags
