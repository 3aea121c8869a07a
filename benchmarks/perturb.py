"""Perturbation benchmark: does ``triangulate check`` catch a changed fact?

For every pair in ``benchmarks/data/pairs_*.jsonl`` (an original news paragraph
and a faithful paraphrase of it by another outlet) and every edit of that pair
(one changed fact in the paraphrase), compare

    [original  (source "original", outlet "Original Wire"),
     perturbed paraphrase (source "rewrite", outlet "Rewrite Daily")]

with ``triangulate.api.check_articles`` and ask whether a claim of the rewrite
that overlaps the edited span carries the right flag:

    count_digits, count_words                 conflict field "number"
    date_absolute, date_weekday, date_relative conflict field "date"
    person, organisation, nationality         conflict field "entity"
    place                                     conflict field "place"
    quote_wording                             field "quote" or quote_status "altered"
    quote_speaker                             field "speaker" or quote_status "misattributed"
    invented_quote                            a quote claim, quote_status "unmatched", not corroborated
    negation                                  conflict field "negation"
    added_sentence                            status "uncorroborated"

"any" = some overlapping claim is not corroborated (any flag at all).

False flags: on the unperturbed pair (original vs faithful paraphrase), the
share of the paraphrase's claims that are not corroborated (split into
conflicting / uncorroborated); and, in the perturbed runs, the share of the
rewrite's claims outside the edited sentence(s) that are flagged.

Baselines, in the same run, on the same texts (answer = perturbed paraphrase,
source = original):

* ``corroborate`` 0.1.0 (``check_answer``): findings FG001 numbers, FG002 dates,
  FG003 quotes. A finding "overlaps" the edit when one of its span strings
  occurs in the rewrite overlapping the edited span.
* ``grounded-check`` 0.1.2 (``grounded.extract`` + ``grounded.verify`` with kinds
  QUOTE, NUMBER, CITATION, ENTITY; the original is written to a temp file and
  loaded with ``grounded.load``): a NOT_FOUND finding whose character span
  overlaps the edited span.

Kinds credited to the baselines per change type (they have no date, negation
or "unsupported sentence" kind, so they are credited generously):

    type              corroborate        grounded-check
    count_*           FG001              NUMBER
    date_*            FG002 or FG001     NUMBER or ENTITY (month / weekday names)
    person, organisation, place, nationality
                      any finding        ENTITY
    quote_wording     FG003              QUOTE
    quote_speaker     any finding        QUOTE or ENTITY (the new speaker's name)
    invented_quote    FG003              QUOTE
    negation          any finding        any finding
    added_sentence    any finding        any finding

Baseline false flags: on the unperturbed paraphrase, (a) the share of its
sentences (regex split, see ``_common.sentences``) holding at least one
unsupported finding -- comparable to triangulate's per-claim share -- and (b)
the share of the units each tool extracts (numbers, dates, quotes; grounded
also entities) that it reports as unsupported.

Usage:
    python benchmarks/perturb.py [--limit N] [--json out.json] [--failures]
                                 [--only TYPE,TYPE] [--pair ID]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    CHANGE_TYPES,
    DATA_DIR,
    apply_edit,
    ensure_src_on_path,
    load_pairs,
    overlaps,
    sentence_at,
    sentences,
    validate,
)

ensure_src_on_path()

TARGET_DETECT = 0.90
TARGET_FALSE = 0.03

CONFLICT_FIELD = {
    "count_digits": "number",
    "count_words": "number",
    "date_absolute": "date",
    "date_weekday": "date",
    "date_relative": "date",
    "person": "entity",
    "organisation": "entity",
    "nationality": "entity",
    "place": "place",
    "negation": "negation",
}

CORROBORATE_KINDS: dict[str, set[str] | None] = {
    "count_digits": {"FG001"},
    "count_words": {"FG001"},
    "date_absolute": {"FG001", "FG002"},
    "date_weekday": {"FG001", "FG002"},
    "date_relative": {"FG001", "FG002"},
    "quote_wording": {"FG003"},
    "invented_quote": {"FG003"},
}  # missing = any finding

GROUNDED_KINDS: dict[str, set[str] | None] = {
    "count_digits": {"number"},
    "count_words": {"number"},
    "date_absolute": {"number", "entity"},
    "date_weekday": {"number", "entity"},
    "date_relative": {"number", "entity"},
    "person": {"entity"},
    "organisation": {"entity"},
    "place": {"entity"},
    "nationality": {"entity"},
    "quote_wording": {"quote"},
    "quote_speaker": {"quote", "entity"},
    "invented_quote": {"quote"},
}  # missing = any finding


# --------------------------------------------------------------------------- triangulate


def _triangulate():
    from triangulate.api import check_articles, make_article
    return check_articles, make_article


def run_triangulate(original: str, rewrite: str, published: dt.date) -> tuple[Any, str, float]:
    check_articles, make_article = _triangulate()
    a = make_article(original, source="original", outlet="Original Wire", published=published)
    b = make_article(rewrite, source="rewrite", outlet="Rewrite Daily", published=published)
    t0 = time.perf_counter()
    report = check_articles([a, b])
    return report, b.id, time.perf_counter() - t0


def rewrite_verdicts(report: Any, rewrite_id: str) -> list[Any]:
    return [v for v in report.verdicts if v.claim.article_id == rewrite_id]


def flagged(v: Any) -> bool:
    return str(v.status) != "corroborated"


def right_field(ctype: str, hits: list[Any]) -> bool:
    fields = {str(c.field) for v in hits for c in v.conflicts}
    qs = {v.quote_status for v in hits}
    if ctype == "person" and ("speaker" in fields or "misattributed" in qs):
        return True  # the swapped name is a quote's speaker: a misattributed quote is the precise finding
    if ctype in CONFLICT_FIELD:
        return CONFLICT_FIELD[ctype] in fields
    if ctype == "quote_wording":
        return "quote" in fields or "altered" in qs
    if ctype == "quote_speaker":
        return "speaker" in fields or "misattributed" in qs
    if ctype == "invented_quote":
        return any(v.claim.kind == "quote" and v.quote_status == "unmatched" and flagged(v) for v in hits)
    if ctype == "added_sentence":
        return any(str(v.status) == "uncorroborated" for v in hits)
    raise ValueError(ctype)


def describe_verdict(v: Any, width: int = 110) -> list[str]:
    c = v.claim
    head = f"[{v.status}{'/' + v.quote_status if v.quote_status else ''}] {c.kind} claim: {_clip(c.text, width)}"
    lines = [head]
    for k in v.conflicts:
        lines.append(f"    conflict {k.field}: {k.value!r} vs {k.other_value!r} -- {_clip(k.explanation, width)}")
    if v.explanation:
        lines.append(f"    explanation: {_clip(v.explanation, width)}")
    if v.support and flagged(v):
        lines.append(f"    support: {_clip(v.support[0].text, width)}")
    facts = ", ".join(f"{f.type}={f.text!r}" for f in c.facts)
    if facts:
        lines.append(f"    facts: {_clip(facts, width + 60)}")
    return lines


def _clip(s: str, n: int) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


# --------------------------------------------------------------------------- baselines


def _locate_all(text: str, needle: str) -> list[tuple[int, int]]:
    out, i = [], text.find(needle)
    while needle and i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    if not out and needle:
        low, nl = text.lower(), needle.lower()
        i = low.find(nl)
        while i >= 0:
            out.append((i, i + len(nl)))
            i = low.find(nl, i + 1)
    return out


@dataclass
class BaselineFinding:
    kind: str
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)


def run_corroborate(original: str, rewrite: str) -> tuple[list[BaselineFinding], int, float]:
    import corroborate

    t0 = time.perf_counter()
    report = corroborate.check_answer(query="", retrieved_chunks=[original], answer=rewrite)
    elapsed = time.perf_counter() - t0
    out: list[BaselineFinding] = []
    for f in report.findings:
        for s in f.spans:
            out.append(BaselineFinding(f.code, s, _locate_all(rewrite, s)))
    # units it checks: numbers (minus date years), dates, quotes
    units = (len(corroborate._extract_numbers(rewrite)) + len(corroborate._extract_dates(rewrite))
             + len(corroborate._extract_quotes(rewrite)))
    return out, units, elapsed


class Grounded:
    """grounded-check wrapper: sources are files, so the original goes to a temp file."""

    def __init__(self) -> None:
        import grounded

        self.g = grounded
        self.kinds = {grounded.Kind.QUOTE, grounded.Kind.NUMBER, grounded.Kind.CITATION, grounded.Kind.ENTITY}
        self.tmp = tempfile.TemporaryDirectory(prefix="perturb-grounded-")
        self.n = 0

    def write_source(self, original: str) -> Path:
        self.n += 1
        path = Path(self.tmp.name) / f"original-{self.n}.txt"
        path.write_text(original, encoding="utf-8")
        return path

    def run(self, source: Path, rewrite: str) -> tuple[list[BaselineFinding], int, float]:
        g = self.g
        t0 = time.perf_counter()
        sources = g.load([source])
        result = g.verify(g.extract(rewrite, kinds=self.kinds), sources)
        elapsed = time.perf_counter() - t0
        out = [BaselineFinding(f.claim.kind.value, f.claim.text, [(f.claim.start, f.claim.end)])
               for f in result.failures]
        return out, len(result.exact), elapsed


def baseline_hit(findings: list[BaselineFinding], kinds: set[str] | None, start: int, end: int) -> bool:
    for f in findings:
        if kinds is not None and f.kind not in kinds:
            continue
        if any(overlaps(a, b, start, end) for a, b in f.spans):
            return True
    return False


def flagged_sentences(text: str, findings: list[BaselineFinding]) -> tuple[int, int]:
    sents = sentences(text)
    bad = sum(1 for a, b in sents if any(overlaps(a, b, s, e) for f in findings for s, e in f.spans))
    return bad, len(sents)


# --------------------------------------------------------------------------- the run


def closest_original_sentence(original: str, sentence: str) -> str:
    from rapidfuzz import fuzz

    best, best_score = "", -1.0
    for a, b in sentences(original):
        s = fuzz.token_set_ratio(original[a:b], sentence)
        if s > best_score:
            best, best_score = original[a:b], s
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N pairs")
    ap.add_argument("--json", dest="json_out", default=None, help="write every run and the summary here")
    ap.add_argument("--failures", action="store_true", help="print every miss and every false flag")
    ap.add_argument("--only", default=None, help="comma-separated change types to run")
    ap.add_argument("--pair", default=None, help="run only pairs whose id contains this string")
    ap.add_argument("--data", default=DATA_DIR, type=Path,
                    help="folder of pairs_*.jsonl to use instead of benchmarks/data (e.g. benchmarks/data/heldout)")
    args = ap.parse_args(argv)

    pairs = load_pairs(args.data)
    if not pairs:
        ap.error(f"no pairs_*.jsonl records in {args.data}")
    problems = validate(pairs, require_counts=False)
    if problems:
        print("data problems:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    if args.pair:
        pairs = [p for p in pairs if args.pair in p["id"]]
    if args.limit:
        pairs = pairs[: args.limit]
    only = set(args.only.split(",")) if args.only else set(CHANGE_TYPES)
    unknown = only - set(CHANGE_TYPES)
    if unknown:
        ap.error(f"unknown change types: {sorted(unknown)}")

    # warm up: load the spaCy model once, outside the timings
    t0 = time.perf_counter()
    run_triangulate("Warm-up sentence one. Warm-up sentence two.", "Warm-up sentence three.", dt.date(2024, 1, 1))
    warmup = time.perf_counter() - t0

    grounded_tool = Grounded()
    times: dict[str, list[float]] = defaultdict(list)
    runs: list[dict] = []
    unperturbed: list[dict] = []
    fail_lines: list[str] = []
    ff = {"tri_claims": 0, "tri_conflicting": 0, "tri_uncorroborated": 0,
          "corr_units": 0, "corr_flagged_units": 0, "corr_sents": 0, "corr_flagged_sents": 0,
          "gr_units": 0, "gr_flagged_units": 0, "gr_sents": 0, "gr_flagged_sents": 0,
          "ne_claims": 0, "ne_flagged": 0, "ne_new": 0}

    for p in pairs:
        published = dt.date.fromisoformat(p["published"])
        original, para = p["original"], p["paraphrase"]
        src_path = grounded_tool.write_source(original)

        # ---- unperturbed pair: false flags
        report, rid, el = run_triangulate(original, para, published)
        times["triangulate"].append(el)
        base_verdicts = rewrite_verdicts(report, rid)
        base_flagged_text = {v.claim.text for v in base_verdicts if flagged(v)}
        ff["tri_claims"] += len(base_verdicts)
        for v in base_verdicts:
            if str(v.status) == "conflicting":
                ff["tri_conflicting"] += 1
            elif str(v.status) == "uncorroborated":
                ff["tri_uncorroborated"] += 1
        cf, cu, ce = run_corroborate(original, para)
        gf, gu, ge = grounded_tool.run(src_path, para)
        times["corroborate"].append(ce)
        times["grounded"].append(ge)
        ff["corr_units"] += cu
        ff["corr_flagged_units"] += len(cf)
        ff["gr_units"] += gu
        ff["gr_flagged_units"] += len(gf)
        bad, tot = flagged_sentences(para, cf)
        ff["corr_flagged_sents"] += bad
        ff["corr_sents"] += tot
        bad, tot = flagged_sentences(para, gf)
        ff["gr_flagged_sents"] += bad
        ff["gr_sents"] += tot
        unperturbed.append({
            "id": p["id"], "claims": len(base_verdicts),
            "flagged": [{"text": v.claim.text, "status": str(v.status), "quote_status": v.quote_status,
                         "conflicts": [[c.field, c.value, c.other_value] for c in v.conflicts]}
                        for v in base_verdicts if flagged(v)],
            "corroborate": [[f.kind, f.text] for f in cf], "grounded": [[f.kind, f.text] for f in gf],
        })
        if args.failures:
            for v in base_verdicts:
                if flagged(v):
                    fail_lines.append(f"\n=== FALSE FLAG (unperturbed) {p['id']}")
                    fail_lines.append(f"  rewrite : {_clip(v.claim.text, 200)}")
                    fail_lines.append(f"  original: {_clip(closest_original_sentence(original, v.claim.text), 200)}")
                    fail_lines += ["  " + ln for ln in describe_verdict(v)]

        # ---- one run per edit
        for ctype, edit in p["edits"].items():
            if ctype not in only:
                continue
            ap_ = apply_edit(para, edit["find"], edit["replace"])
            report, rid, el = run_triangulate(original, ap_.text, published)
            times["triangulate"].append(el)
            verdicts = rewrite_verdicts(report, rid)
            hits = [v for v in verdicts if overlaps(v.claim.start, v.claim.end, ap_.start, ap_.end)]
            right = right_field(ctype, hits)
            anyflag = any(flagged(v) for v in hits)
            edited_sents = {v.claim.sentence for v in hits}
            others = [v for v in verdicts if v.claim.sentence not in edited_sents]
            others_flagged = [v for v in others if flagged(v)]
            new_flags = [v for v in others_flagged if v.claim.text not in base_flagged_text]
            ff["ne_claims"] += len(others)
            ff["ne_flagged"] += len(others_flagged)
            ff["ne_new"] += len(new_flags)

            cf, _, ce = run_corroborate(original, ap_.text)
            gf, _, ge = grounded_tool.run(src_path, ap_.text)
            times["corroborate"].append(ce)
            times["grounded"].append(ge)
            corr = baseline_hit(cf, CORROBORATE_KINDS.get(ctype), ap_.start, ap_.end)
            grd = baseline_hit(gf, GROUNDED_KINDS.get(ctype), ap_.start, ap_.end)
            corr_any = baseline_hit(cf, None, ap_.start, ap_.end)
            grd_any = baseline_hit(gf, None, ap_.start, ap_.end)

            runs.append({
                "id": p["id"], "type": ctype, "find": edit["find"], "replace": edit["replace"],
                "span": [ap_.start, ap_.end], "edited_text": ap_.text[ap_.start:ap_.end],
                "triangulate_right": right, "triangulate_any": anyflag,
                "corroborate": corr, "corroborate_any": corr_any,
                "grounded": grd, "grounded_any": grd_any,
                "hits": [{"text": v.claim.text, "kind": v.claim.kind, "status": str(v.status),
                          "quote_status": v.quote_status,
                          "conflicts": [{"field": c.field, "value": c.value, "other_value": c.other_value,
                                         "explanation": c.explanation} for c in v.conflicts],
                          "explanation": v.explanation} for v in hits],
                "other_flags": [{"text": v.claim.text, "status": str(v.status),
                                 "conflicts": [[c.field, c.value, c.other_value] for c in v.conflicts]}
                                for v in new_flags],
            })

            if args.failures and not right:
                label = "WRONG FIELD" if anyflag else "MISSED"
                fail_lines.append(f"\n=== {label} {ctype} {p['id']}  ({edit['find']!r} -> {edit['replace']!r})")
                fail_lines.append(f"  rewrite : {_clip(sentence_at(ap_.text, ap_.start, ap_.end), 220)}")
                before = sentence_at(para, ap_.base_start, ap_.base_end)
                fail_lines.append(f"  original: {_clip(closest_original_sentence(original, before), 220)}")
                if not hits:
                    fail_lines.append("  triangulate: no claim of the rewrite overlaps the edited span")
                for v in hits:
                    fail_lines += ["  " + ln for ln in describe_verdict(v)]
            if args.failures and new_flags:
                for v in new_flags:
                    fail_lines.append(f"\n=== FALSE FLAG (non-edited claim, {ctype} run) {p['id']}"
                                      f"  ({edit['find']!r} -> {edit['replace']!r})")
                    fail_lines.append(f"  rewrite : {_clip(v.claim.text, 200)}")
                    fail_lines.append(f"  original: {_clip(closest_original_sentence(original, v.claim.text), 200)}")
                    fail_lines += ["  " + ln for ln in describe_verdict(v)]

    grounded_tool.tmp.cleanup()
    summary = summarise(runs, ff, times, len(pairs), warmup)
    print_table(summary)
    if args.failures:
        print("\n" + "#" * 100 + "\n# FAILURES (misses, wrong fields, false flags)\n" + "#" * 100)
        print("\n".join(fail_lines))
        print_failure_digest(runs, unperturbed)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"summary": summary, "runs": runs, "unperturbed": unperturbed},
                                                  indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {args.json_out}")
    return 0


def _share(n: int, d: int) -> float | None:
    return n / d if d else None


def summarise(runs: list[dict], ff: dict, times: dict, n_pairs: int, warmup: float) -> dict:
    per: dict[str, dict] = {}
    for ctype in CHANGE_TYPES:
        rs = [r for r in runs if r["type"] == ctype]
        if not rs:
            continue
        n = len(rs)
        per[ctype] = {
            "n": n,
            "triangulate_right": sum(r["triangulate_right"] for r in rs) / n,
            "triangulate_any": sum(r["triangulate_any"] for r in rs) / n,
            "corroborate": sum(r["corroborate"] for r in rs) / n,
            "corroborate_any": sum(r["corroborate_any"] for r in rs) / n,
            "grounded": sum(r["grounded"] for r in rs) / n,
            "grounded_any": sum(r["grounded_any"] for r in rs) / n,
        }
    n_all = len(runs)
    overall = {k: (sum(r[k] for r in runs) / n_all if n_all else None)
               for k in ("triangulate_right", "triangulate_any", "corroborate", "grounded")}
    overall["n"] = n_all
    false_flags = {
        "triangulate_unperturbed": _share(ff["tri_conflicting"] + ff["tri_uncorroborated"], ff["tri_claims"]),
        "triangulate_unperturbed_conflicting": _share(ff["tri_conflicting"], ff["tri_claims"]),
        "triangulate_unperturbed_uncorroborated": _share(ff["tri_uncorroborated"], ff["tri_claims"]),
        "triangulate_claims": ff["tri_claims"],
        "triangulate_non_edited": _share(ff["ne_flagged"], ff["ne_claims"]),
        "triangulate_non_edited_new": _share(ff["ne_new"], ff["ne_claims"]),
        "triangulate_non_edited_claims": ff["ne_claims"],
        "corroborate_sentences": _share(ff["corr_flagged_sents"], ff["corr_sents"]),
        "corroborate_units": _share(ff["corr_flagged_units"], ff["corr_units"]),
        "grounded_sentences": _share(ff["gr_flagged_sents"], ff["gr_sents"]),
        "grounded_units": _share(ff["gr_flagged_units"], ff["gr_units"]),
        "raw": ff,
    }
    timing = {tool: {"mean_ms": 1000 * statistics.mean(ts), "median_ms": 1000 * statistics.median(ts),
                     "runs": len(ts)} for tool, ts in times.items() if ts}
    return {"pairs": n_pairs, "per_type": per, "overall": overall, "false_flags": false_flags,
            "timing": timing, "model_load_s": warmup,
            "targets": {"detect_per_type": TARGET_DETECT, "false_flag_share": TARGET_FALSE}}


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def _verdict(r: dict) -> str:
    if r["triangulate_right"] < TARGET_DETECT:
        return "below target"
    if r["triangulate_right"] <= max(r["corroborate"], r["grounded"]):
        return "not ahead"
    return "ok"


def print_table(s: dict) -> None:
    w = 100
    print("=" * w)
    print("triangulate perturbation benchmark")
    print(f"targets: >= {TARGET_DETECT:.0%} detected (right field) per change type; "
          f"<= {TARGET_FALSE:.0%} of unchanged claims flagged;")
    print("         ahead of both baselines (corroborate 0.1.0, grounded-check 0.1.2) on every type")
    print(f"pairs: {s['pairs']}   perturbed runs: {s['overall']['n']}   "
          f"(model load + warm-up {s['model_load_s']:.2f} s, not in the timings)")
    print("=" * w)
    cols = f"{'n':>5}  {'triangulate':>12}{'triangulate':>13}{'corroborate':>13}{'grounded-check':>16}  target"
    print(f"{'detected, by change type':26}{cols}")
    print(f"{'':26}{'':>5}  {'right field':>12}{'any flag':>13}{'':>13}{'':>16}")
    print("-" * w)
    for ctype, r in s["per_type"].items():
        print(f"{ctype:26}{r['n']:>5}  {_pct(r['triangulate_right']):>12}{_pct(r['triangulate_any']):>13}"
              f"{_pct(r['corroborate']):>13}{_pct(r['grounded']):>16}  {_verdict(r)}")
    o = s["overall"]
    print("-" * w)
    print(f"{'all types':26}{o['n']:>5}  {_pct(o['triangulate_right']):>12}{_pct(o['triangulate_any']):>13}"
          f"{_pct(o['corroborate']):>13}{_pct(o['grounded']):>16}")
    f = s["false_flags"]
    tri = f["triangulate_unperturbed"]
    raw = f["raw"]
    print()
    print(f"{'false flags (lower is better)':26}{'n':>5}  {'triangulate':>12}{'':>13}{'corroborate':>13}{'grounded-check':>16}")
    print("-" * w)
    print(f"{'faithful paraphrases':26}{raw['tri_claims']:>5}  {_pct(tri):>12}{'':>13}"
          f"{_pct(f['corroborate_sentences']):>13}{_pct(f['grounded_sentences']):>16}  "
          f"{'ok' if tri is not None and tri <= TARGET_FALSE else 'above target'}")
    print(f"{'  of which conflicting':26}{'':>5}  {_pct(f['triangulate_unperturbed_conflicting']):>12}")
    print(f"{'  of which uncorroborated':26}{'':>5}  {_pct(f['triangulate_unperturbed_uncorroborated']):>12}")
    print(f"{'  baselines, per unit':26}{'':>5}  {'':>12}{'':>13}"
          f"{_pct(f['corroborate_units']):>13}{_pct(f['grounded_units']):>16}")
    print(f"{'perturbed runs, non-edited':26}{f['triangulate_non_edited_claims']:>5}  "
          f"{_pct(f['triangulate_non_edited']):>12}")
    print(f"{'  not flagged unperturbed':26}{'':>5}  {_pct(f['triangulate_non_edited_new']):>12}")
    print("  (triangulate: share of the paraphrase's claims; baselines: share of its sentences with an")
    print("   unsupported finding, and 'per unit' = share of the numbers/dates/quotes/entities they extract)")
    print()
    t = s["timing"]
    print("mean time per pair (one check of two articles), ms: "
          + "   ".join(f"{name} {t[key]['mean_ms']:.1f}" for key, name in
                       (("triangulate", "triangulate"), ("corroborate", "corroborate"),
                        ("grounded", "grounded-check")) if key in t))
    print("=" * w)


def print_failure_digest(runs: list[dict], unperturbed: list[dict]) -> None:
    print("\n" + "#" * 100 + "\n# DIGEST\n" + "#" * 100)
    for ctype in CHANGE_TYPES:
        rs = [r for r in runs if r["type"] == ctype and not r["triangulate_right"]]
        if not rs:
            continue
        missed = [r["id"] for r in rs if not r["triangulate_any"]]
        wrong = [r for r in rs if r["triangulate_any"]]
        fields: dict[str, int] = defaultdict(int)
        for r in wrong:
            for h in r["hits"]:
                for c in h["conflicts"]:
                    fields[c["field"]] += 1
                if not h["conflicts"] and h["status"] != "corroborated":
                    fields[f"status:{h['status']}" + (f"/{h['quote_status']}" if h["quote_status"] else "")] += 1
        print(f"{ctype}: {len(rs)} not right-field ({len(missed)} unflagged, {len(wrong)} flagged otherwise)")
        if missed:
            print(f"    unflagged: {', '.join(missed)}")
        if fields:
            print(f"    flagged instead as: {dict(sorted(fields.items(), key=lambda kv: -kv[1]))}")
    ff = [(u["id"], fl) for u in unperturbed for fl in u["flagged"]]
    print(f"false flags on faithful paraphrases: {len(ff)}")
    for pid, fl in ff:
        conf = "; ".join(f"{c[0]}: {c[1]!r} vs {c[2]!r}" for c in fl["conflicts"])
        print(f"    {pid}: [{fl['status']}] {_clip(fl['text'], 90)} {('-- ' + conf) if conf else ''}")


if __name__ == "__main__":
    raise SystemExit(main())
