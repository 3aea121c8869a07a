"""Speed benchmark: what does triangulate cost on top of spaCy?

Builds, deterministically (fixed seed), two sets of articles about one story
(the Durban dock strike of pair ``p05`` in ``data/pairs_01.jsonl``): each
article is that pair's original or paraphrase mixed sentence by sentence,
sometimes with one of the pair's edits applied (so the set has real conflicts),
plus a random selection of background sentences in one of two wordings,
split into paragraphs, ~300-500 words in all.

    story-12   12 outlets' versions of the story (~300-500 words each)
    set-100    100 versions of the same story (~400 words each): the worst case
               for claim alignment, since every article covers the same facts

Measured in the same process, median over ``--repeat`` runs:

    (a) bare spaCy:  ``nlp = triangulate.nlp.model.load_model(); list(nlp.pipe(texts))``
        (spaCy's default batch size; the parse stage uses batch_size=16, also shown)
    (b) triangulate: ``check_articles(articles)`` -- parses with the same, already
        loaded model, then extracts, aligns and compares claims
    (c) the CLI, wall time in a subprocess, story-12 only, including interpreter
        start-up and model load: the articles are written as ``.txt`` files whose
        first line is ``date YYYY-MM-DD``, then
        ``python -m triangulate check <dir> --format json -o <tmp>/out.json``

Reported: articles/s, words/s, and overhead = (triangulate - spaCy) / spaCy.
Targets: overhead <= 50 %; story-12 CLI wall time < 5 s.

Usage:
    python benchmarks/speed.py [--repeat 3] [--seed 20240611] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, apply_edit, ensure_src_on_path, load_pairs, sentences

ensure_src_on_path()

TARGET_OVERHEAD = 0.50
TARGET_CLI_S = 5.0
STORY_PAIR = "p05-durban-dock-strike"

# Background sentences for the story, each in two wordings (outlets differ in wording).
BACKGROUND: tuple[tuple[str, str], ...] = (
    ("The strike is the longest at the port since 2018, when a dispute over shift allowances lasted nine days.",
     "It is already the longest stoppage at the harbour since 2018, when a row over shift allowances went on for nine days."),
    ("Durban handles about 60 percent of South Africa's container traffic, according to the national ports regulator.",
     "According to the national ports regulator, roughly 60 percent of the country's container traffic passes through Durban."),
    ("Exporters of citrus fruit, which is in peak season, said containers of oranges were at risk of spoiling.",
     "Citrus exporters, in the middle of their peak season, warned that containers of oranges could spoil."),
    ("Car assembly plants in the province rely on parts shipped through the port.",
     "Vehicle assembly plants in KwaZulu-Natal depend on components that arrive through the harbour."),
    ("The union said picket lines had been peaceful and that no arrests had been made.",
     "Pickets have been peaceful and nobody has been arrested, the union said."),
    ("Police were stationed at the main gates as a precaution.",
     "As a precaution, police officers were posted at the port's main gates."),
    ("Coastline Terminals said it had asked the Commission for Conciliation, Mediation and Arbitration to help resolve the dispute.",
     "The operator has asked the Commission for Conciliation, Mediation and Arbitration to step in, Coastline Terminals said."),
    ("Union members marched through the city centre to the company's offices, carrying placards demanding a living wage.",
     "Carrying placards that called for a living wage, union members marched through central Durban to the company's offices."),
    ("Economists estimate that each day of the strike costs the economy hundreds of millions of rand.",
     "Each day of the stoppage costs the economy hundreds of millions of rand, economists estimate."),
    ("Shipping lines have begun adding congestion surcharges to cargo bound for Durban.",
     "Congestion surcharges are now being added by shipping lines to cargo destined for Durban."),
    ("The union represents most of the port's crane operators, straddle carrier drivers and maintenance staff.",
     "Most crane operators, straddle carrier drivers and maintenance workers at the port belong to the union."),
    ("Coastline Terminals, which holds a 25-year concession to run the container terminal, is majority-owned by a state holding company.",
     "A state holding company owns a majority stake in Coastline Terminals, which runs the container terminal under a 25-year concession."),
    ("The company said it had hired temporary staff to keep the car terminal partly operating.",
     "Temporary workers have been hired to keep the car terminal partly open, according to the company."),
    ("Farmers' groups called on both sides to return to talks immediately.",
     "Farmers' organisations urged the two sides to resume talks without delay."),
    ("The dispute began in August, when the company proposed changes to overtime rules.",
     "The row started in August with company proposals to change overtime rules."),
    ("Workers say living costs in Durban have risen sharply after fuel and electricity prices increased this year.",
     "Living costs in the city have climbed steeply this year as fuel and electricity prices rose, workers say."),
    ("The union has said it is willing to accept a deal phased over two years.",
     "A deal phased in over two years would be acceptable, the union has said."),
    ("Coastline Terminals said it could not afford more than its current offer without raising tariffs.",
     "Without raising tariffs, the company said, it cannot afford to improve its current offer."),
    ("Several vessels have left the anchorage and headed for Cape Town and Port Elizabeth instead.",
     "Some ships have given up waiting and sailed for Cape Town and Port Elizabeth instead."),
    ("The Transport Ministry said it was monitoring the situation closely but would not intervene in the wage talks.",
     "The situation is being closely monitored, but the ministry will not intervene in the wage negotiations, the Transport Ministry said."),
    ("Retailers warned that the strike could lead to shortages of imported goods ahead of the festive season.",
     "Shortages of imported goods ahead of the festive season could follow if the strike continues, retailers warned."),
    ("Union leaders are due to address a rally at the port's main entrance later this week.",
     "Later this week, union leaders are expected to address a rally outside the port's main entrance."),
    ("Dockworkers interviewed at the picket line said they earned less than their counterparts at private terminals.",
     "Workers on the picket line said they were paid less than staff doing the same jobs at private terminals."),
    ("The port's bulk and fuel terminals, run by other operators, were working normally.",
     "Other operators run the port's bulk and fuel terminals, which were unaffected."),
)

OUTLETS = ("Coastal Wire", "The Harbour Post", "Metro Daily", "Ledger Online", "Eastern Times",
           "Business Courier", "Southern Mail", "Radio Indaba News", "The Observer Desk", "Freight Weekly",
           "Cape Bulletin", "Continental Press")


def build_story(n: int, seed: int, words_low: int, words_high: int) -> tuple[list[dict], dt.date]:
    """n versions of one story, deterministic for a given seed."""
    pair = next(p for p in load_pairs() if p["id"] == STORY_PAIR)
    published = dt.date.fromisoformat(pair["published"])
    rng = random.Random(seed)
    edit_types = sorted(pair["edits"])
    out: list[dict] = []
    for i in range(n):
        para = pair["paraphrase"]
        if rng.random() < 0.4:  # some outlets change one fact
            e = pair["edits"][rng.choice(edit_types)]
            para = apply_edit(para, e["find"], e["replace"]).text
        orig_s = [pair["original"][a:b] for a, b in sentences(pair["original"])]
        para_s = [para[a:b] for a, b in sentences(para)]
        core = [rng.choice((o, p)) for o, p in zip(orig_s, para_s)] if len(orig_s) == len(para_s) \
            else (orig_s if rng.random() < 0.5 else para_s)
        target = rng.randint(words_low, words_high)
        background = list(range(len(BACKGROUND)))
        rng.shuffle(background)
        chosen: list[int] = []
        words = sum(len(s.split()) for s in core)
        for k in background:
            if words >= target:
                break
            chosen.append(k)
            words += len(BACKGROUND[k][0].split())
        extra = [BACKGROUND[k][rng.randrange(2)] for k in sorted(chosen)]
        # lead (first two core sentences), then the rest interleaved with background
        rest = core[2:] + extra
        tail = rest[:1] + sorted(rest[1:], key=lambda _: rng.random())
        sents = core[:2] + tail
        paras, j = [], 0
        while j < len(sents):
            k = rng.choice((1, 2, 2, 3))
            paras.append(" ".join(sents[j:j + k]))
            j += k
        body = "\n\n".join(paras)
        out.append({"outlet": OUTLETS[i] if n <= len(OUTLETS) else f"Outlet {i + 1:03d}",
                    "body": body, "words": len(body.split())})
    return out, published


def _median(xs: list[float]) -> float:
    return statistics.median(xs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--json", dest="json_out", default=None)
    ap.add_argument("--skip-cli", action="store_true", help="do not time the CLI")
    args = ap.parse_args(argv)

    from triangulate.api import check_articles, make_article
    from triangulate.nlp.model import load_model
    from triangulate.stages.parse import ParseSettings

    story, published = build_story(12, args.seed, 300, 500)
    big, _ = build_story(100, args.seed + 1, 360, 440)
    sets = {"story-12": story, "set-100": big}
    articles = {name: [make_article(d["body"], source=f"{name}/{i:03d}.txt", outlet=d["outlet"],
                                    published=published) for i, d in enumerate(docs)]
                for name, docs in sets.items()}

    t0 = time.perf_counter()
    nlp = load_model()
    load_s = time.perf_counter() - t0
    # warm up both paths once (first-call costs: vectors, lookups, imports)
    list(nlp.pipe(["Warm-up text for the model.", "Another one."]))
    check_articles(articles["story-12"][:2])

    batch = ParseSettings().batch_size
    res: dict[str, dict[str, list[float]]] = {n: {"spacy": [], "spacy_b": [], "tri": []} for n in sets}
    for _ in range(args.repeat):
        for name, docs in sets.items():
            texts = [d["body"] for d in docs]
            t0 = time.perf_counter()
            list(nlp.pipe(texts))
            res[name]["spacy"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            list(nlp.pipe(texts, batch_size=batch))
            res[name]["spacy_b"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            report = check_articles(articles[name])
            res[name]["tri"].append(time.perf_counter() - t0)
            res[name].setdefault("claims", [len(report.verdicts)])  # type: ignore[arg-type]

    cli: list[float] = []
    cli_error = None
    if not args.skip_cli:
        with tempfile.TemporaryDirectory(prefix="speed-cli-") as tmp:
            src_dir = Path(tmp) / "story"
            src_dir.mkdir()
            for i, d in enumerate(story):
                (src_dir / f"{i:02d}-{d['outlet'].lower().replace(' ', '-')}.txt").write_text(
                    f"date {published.isoformat()}\noutlet {d['outlet']}\n\n{d['body']}\n", encoding="utf-8")
            env = dict(os.environ)
            env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
            for r in range(args.repeat):
                out = Path(tmp) / f"out-{r}.json"
                cmd = [sys.executable, "-m", "triangulate", "check", str(src_dir), "--format", "json",
                       "-o", str(out)]
                t0 = time.perf_counter()
                proc = subprocess.run(cmd, check=False, env=env, capture_output=True, text=True)
                cli.append(time.perf_counter() - t0)
                if proc.returncode != 0 or not out.exists():
                    cli_error = f"exit {proc.returncode}: {proc.stderr.strip()[-400:]}"
                    break

    summary: dict = {"repeat": args.repeat, "seed": args.seed, "model_load_s": load_s, "sets": {}}
    for name, docs in sets.items():
        n, words = len(docs), sum(d["words"] for d in docs)
        sp, spb, tr = _median(res[name]["spacy"]), _median(res[name]["spacy_b"]), _median(res[name]["tri"])
        summary["sets"][name] = {
            "articles": n, "words": words, "claims": res[name]["claims"][0],
            "words_per_article": [min(d["words"] for d in docs), max(d["words"] for d in docs)],
            "spacy_s": sp, "spacy_batch16_s": spb, "triangulate_s": tr,
            "spacy_articles_per_s": n / sp, "spacy_words_per_s": words / sp,
            "triangulate_articles_per_s": n / tr, "triangulate_words_per_s": words / tr,
            "overhead": (tr - sp) / sp, "overhead_vs_batch16": (tr - spb) / spb,
            "runs": {k: v for k, v in res[name].items()},
        }
    summary["cli_story12_s"] = _median(cli) if cli and not cli_error else None
    summary["cli_runs_s"] = cli
    summary["cli_error"] = cli_error
    print_table(summary)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(summary, indent=1), encoding="utf-8")
        print(f"wrote {args.json_out}")
    return 0


def print_table(s: dict) -> None:
    w = 100
    print("=" * w)
    print("triangulate speed benchmark")
    print(f"targets: overhead (triangulate - spaCy) / spaCy <= {TARGET_OVERHEAD:.0%}; "
          f"story-12 CLI wall time < {TARGET_CLI_S:.0f} s")
    print(f"median of {s['repeat']} runs; seed {s['seed']}; model load {s['model_load_s']:.2f} s (not included "
          f"below); {os.cpu_count()} CPUs")
    print("=" * w)
    print(f"{'set':10}{'articles':>9}{'words':>8}{'claims':>8}   {'spaCy s':>8}{'art/s':>8}{'words/s':>9}   "
          f"{'triang. s':>9}{'art/s':>8}{'words/s':>9}   {'overhead':>8}")
    print("-" * w)
    for name, r in s["sets"].items():
        print(f"{name:10}{r['articles']:>9}{r['words']:>8}{r['claims']:>8}   {r['spacy_s']:>8.2f}"
              f"{r['spacy_articles_per_s']:>8.1f}{r['spacy_words_per_s']:>9.0f}   {r['triangulate_s']:>9.2f}"
              f"{r['triangulate_articles_per_s']:>8.1f}{r['triangulate_words_per_s']:>9.0f}   "
              f"{100 * r['overhead']:>7.0f}%  {'ok' if r['overhead'] <= TARGET_OVERHEAD else 'above target'}")
    for name, r in s["sets"].items():
        print(f"  {name}: words per article {r['words_per_article'][0]}-{r['words_per_article'][1]}; "
              f"spaCy with the parse stage's batch_size=16: {r['spacy_batch16_s']:.2f} s "
              f"(overhead vs that {100 * r['overhead_vs_batch16']:.0f}%)")
    print("-" * w)
    if s["cli_error"]:
        print(f"CLI story-12: FAILED ({s['cli_error']})")
    elif s["cli_story12_s"] is not None:
        c = s["cli_story12_s"]
        print(f"CLI story-12 wall time (python -m triangulate check <dir> --format json, incl. model load): "
              f"{c:.2f} s  {'ok' if c < TARGET_CLI_S else 'above target'}")
        print(f"  runs: {', '.join(f'{x:.2f}' for x in s['cli_runs_s'])} s")
    print("=" * w)


if __name__ == "__main__":
    raise SystemExit(main())
