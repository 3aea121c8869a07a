"""Scale benchmark of story grouping: time, peak memory and quality on a generated corpus.

    python benchmarks/scale.py [--sizes 10000 30000 100000] [--seed 7]

The corpus is generated (deterministic seed), never stored: news-like
articles of about 300-400 words built from sentence patterns, a Zipfian
background vocabulary, and per-story facts (people, places, an organisation,
numbers, dates, event-type words). Stories have 1-30 articles (power law);
about a fifth of the later articles of a story are reprints of an earlier one
with a few words changed or the end cut; stories of the same event type share
their type words; one story in ten is a *sequel* (same people and places,
60-200 days later), which must be a separate story in the same thread.

Each size runs in its own subprocess so that peak RSS (``ru_maxrss``) is per
size. Timed: computing the features and grouping (``StoryIndex.add``), not
generating the text. Quality: document-level B³ F1 of stories and of threads
against the generated gold. A micro-benchmark compares the MinHash used here
(numpy, multiply-shift hashing) with datasketch's ``MinHash.bulk``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

try:
    import triangulate  # noqa: F401
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import b3

from triangulate.ids import article_id
from triangulate.records import Article
from triangulate.stages.group import GroupSettings, StoryIndex

TARGET_S = 300.0
TARGET_GIB = 4.0

_FUNCTION = str.split("the of and to in a that for on was with said as by at from his is it an were be have "
                      "had has but not who which after they their its been also would will more about than "
                      "one when there this or are over into while during all some could two new against last")
_CONS = "b c d f g h k l m n p r s t v w z br dr gr kr pl st tr ch sh th".split()
_VOW = "a e i o u a e i o ai ea ou".split()


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_CONS) + rng.choice(_VOW) for _ in range(syllables)) + rng.choice(["", "n", "r", "s", "t", "l"])


@dataclass
class _Story:
    kind: int
    people: list[str]
    places: list[str]
    org: str
    numbers: list[str]
    day: dt.date
    words: list[str]
    size: int
    thread: int


class Corpus:
    """A deterministic generated corpus: ``plan`` is (date, story, k) in publication order."""

    def __init__(self, n_articles: int, seed: int) -> None:
        rng = random.Random(seed)
        self.seed = seed
        words = sorted({_word(rng, rng.choice((2, 2, 3, 3, 4))) for _ in range(30000)})
        rng.shuffle(words)
        self.background = words[:12000]
        weights = [1.0 / (r + 10) for r in range(len(self.background))]
        self.cum = list(_accumulate(weights))
        kinds = [words[12000 + 12 * i: 12000 + 12 * (i + 1)] for i in range(300)]
        first = [w.capitalize() for w in words[16000:16800]]
        last = [w.capitalize() for w in words[16800:20800]]
        places = [w.capitalize() for w in words[20800:22800]]
        orgs = [w.capitalize() + " " + rng.choice(["Ministry", "Front", "Group", "Council", "Union", "Bank", "Party"])
                for w in words[22800:23600]]
        self.agencies = ["AP", "AFP", "Reuters", "PAP", "ANSA", "EFE", "DPA"]
        sizes = list(range(1, 31))
        size_w = [k ** -1.7 for k in sizes]
        start = dt.date(2023, 1, 1)
        self.stories: list[_Story] = []
        total = 0
        while total < n_articles:
            size = min(rng.choices(sizes, size_w)[0], n_articles - total)
            kind = rng.randrange(len(kinds))
            kw = rng.sample(kinds[kind], 7) + rng.sample(self.background[200:6000], 4)
            numbers = [str(rng.choice([rng.randint(2, 40), rng.randint(50, 900), rng.randint(1000, 90000)]))
                       for _ in range(3)]
            span_days = max(30, n_articles // 40)
            if self.stories and rng.random() < 0.1:  # a sequel: same actors, months later
                prev = self.stories[rng.randrange(len(self.stories))]
                day = prev.day + dt.timedelta(days=rng.randint(60, 200))
                story = _Story(kind, prev.people, prev.places, prev.org, numbers, day, kw, size, prev.thread)
            else:
                people = [f"{rng.choice(first)} {rng.choice(last)}" for _ in range(rng.randint(2, 4))]
                day = start + dt.timedelta(days=rng.randrange(span_days))
                story = _Story(kind, people, rng.sample(places, 2), rng.choice(orgs), numbers, day, kw, size,
                               len(self.stories))
            self.stories.append(story)
            total += size
        plan = []
        for s, story in enumerate(self.stories):
            for k in range(story.size):
                plan.append((story.day + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3))), rng.random(), s, k))
        plan.sort()
        self.plan = [(d, s, k) for d, _, s, k in plan]

    def _filler(self, rng: random.Random, n: int) -> list[str]:
        return [rng.choice(_FUNCTION) if rng.random() < 0.45 else w
                for w in rng.choices(self.background, cum_weights=self.cum, k=n)]

    def _sentence(self, rng: random.Random, st: _Story) -> str:
        p, q = rng.choice(st.people), rng.choice(st.places)
        kw = rng.sample(st.words, 3)
        f = " ".join(self._filler(rng, rng.randint(4, 10)))
        g = " ".join(self._filler(rng, rng.randint(3, 8)))
        num = rng.choice(st.numbers)
        month = st.day.strftime("%B")
        pattern = rng.randrange(8)
        if pattern == 0:
            s = f"{p} said {kw[0]} {f} {kw[1]} in {q}"
        elif pattern == 1:
            s = f"{f} {num} {kw[0]} {g} {kw[2]}, according to the {st.org}"
        elif pattern == 2:
            s = f"On {month} {st.day.day} {kw[1]} {f} {q} {g}"
        elif pattern == 3:
            s = f'"{f.capitalize()} {kw[2]} {g}," {p.split()[-1]} told reporters'
        elif pattern == 4:
            s = f"The {st.org} {f} {kw[0]} {kw[1]} {g}"
        else:
            s = f"{f} {kw[pattern % 3]} {g}"
        return s[0].upper() + s[1:] + "."

    def text(self, s: int, k: int) -> str:
        """The body of article ``k`` of story ``s`` (reprints copy an earlier article of the story)."""
        st = self.stories[s]
        rng = random.Random(self.seed * 1_000_003 + s * 101 + k)
        if k > 0 and rng.random() < 0.2:  # reprint with a few edits
            src = rng.randrange(k)
            words = self.text(s, src).split(" ")
            for _ in range(rng.randint(2, 6)):
                words[rng.randrange(len(words))] = rng.choice(self.background[:3000])
            if rng.random() < 0.5:
                words = words[: int(len(words) * rng.uniform(0.6, 0.95))]
            return " ".join(words)
        place = st.places[0].upper()
        lead = (f"{place} ({rng.choice(self.agencies)}) — {st.numbers[0]} {st.words[0]} {st.words[1]} "
                f"{' '.join(self._filler(rng, 6))} {st.places[1]} on {st.day.strftime('%A')}, "
                f"{st.people[0]} of the {st.org} said on {st.day.strftime('%B')} {st.day.day}, {st.day.year}.")
        parts = [lead]
        n_words = len(lead.split())
        target = rng.randint(300, 400)
        while n_words < target:
            sent = self._sentence(rng, st) if rng.random() < 0.6 else (
                " ".join(self._filler(rng, rng.randint(8, 18))).capitalize() + ".")
            parts.append(sent)
            n_words += len(sent.split())
        return " ".join(parts)

    def articles(self) -> Iterator[tuple[Article, int, int]]:
        for day, s, k in self.plan:
            body = self.text(s, k)
            yield (Article(id=article_id(body), source=f"gen/{s}/{k}", body=body, outlet=f"outlet{(s + k) % 97}",
                           published=day), s, self.stories[s].thread)


def _accumulate(ws: list[float]) -> Iterator[float]:
    t = 0.0
    for w in ws:
        t += w
        yield t


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def worker(size: int, seed: int) -> dict[str, object]:
    t0 = time.perf_counter()
    corpus = Corpus(size, seed)
    plan_s = time.perf_counter() - t0
    rss_before = _rss_mib()
    index = StoryIndex(GroupSettings())
    grouping = 0.0
    words = 0
    story_ids, thread_ids, gold_story, gold_thread, ids = [], [], [], [], []
    t1 = time.perf_counter()
    for art, s, thread in corpus.articles():
        words += len(art.body.split())
        a = time.perf_counter()
        index.add(art)
        grouping += time.perf_counter() - a
        ids.append(art.id)
        gold_story.append(s)
        gold_thread.append(thread)
    wall = time.perf_counter() - t1
    for aid in ids:
        asg = index.assignment(aid)
        story_ids.append(asg.story_id)
        thread_ids.append(asg.thread_id)
    t2 = time.perf_counter()
    state = index.to_bytes()
    state_s = time.perf_counter() - t2
    return {
        "size": size,
        "stories_gold": len(set(gold_story)),
        "stories_found": index.story_count,
        "words": words,
        "group_s": grouping,
        "wall_s": wall,
        "plan_s": plan_s,
        "rss_before_mib": rss_before,
        "peak_rss_mib": _rss_mib(),
        "state_mib": len(state) / 2**20,
        "state_s": state_s,
        "story_b3": b3(story_ids, gold_story),
        "thread_b3": b3(thread_ids, gold_thread),
    }


def minhash_micro(n_docs: int = 2000, seed: int = 7) -> list[tuple[str, float]]:
    from triangulate.stages.group import _features, _minhash

    corpus = Corpus(n_docs, seed)
    docs = [_features(a).words for a, _, _ in corpus.articles()]
    out = []
    t = time.perf_counter()
    for w in docs:
        _minhash(w, 4, 64)
    out.append(("numpy multiply-shift, 64 perms, word 4-shingles", n_docs / (time.perf_counter() - t)))
    try:
        from datasketch import MinHash
    except ImportError:
        return out
    shingles = [[" ".join(w[i:i + 4]).encode("utf-8") for i in range(max(1, len(w) - 3))] for w in docs]
    t = time.perf_counter()
    MinHash.bulk(shingles, num_perm=64)
    out.append(("datasketch MinHash.bulk (SHA-1), 64 perms, same shingles", n_docs / (time.perf_counter() - t)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--no-minhash", action="store_true", help="skip the MinHash micro-benchmark")
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.seed)))
        return

    print(f"Story grouping at scale (triangulate.group.v1, default GroupSettings), seed {args.seed}")
    print("timed: features + grouping (StoryIndex.add); peak RSS of a fresh process per size\n")
    results = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--worker", str(size), "--seed", str(args.seed)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"  done {size:>7} articles in {r['group_s']:.1f} s", file=sys.stderr, flush=True)
    head = (f"{'articles':>9} {'words/art':>9} {'group s':>8} {'art/s':>7} {'ms/art':>7} {'peak RSS MiB':>12} "
            f"{'(base)':>7} {'state MiB':>9} {'stories':>15} {'story B3 P/R/F1':>17} {'thread B3 F1':>12}")
    print(head)
    print("-" * len(head))
    for r in results:
        p, rc, f = r["story_b3"]
        print(f"{r['size']:>9} {r['words'] / r['size']:>9.0f} {r['group_s']:>8.1f} {r['size'] / r['group_s']:>7.0f} "
              f"{1000 * r['group_s'] / r['size']:>7.2f} {r['peak_rss_mib']:>12.0f} {r['rss_before_mib']:>7.0f} "
              f"{r['state_mib']:>9.1f} {r['stories_found']:>7}/{r['stories_gold']:<7} "
              f"{p:.3f}/{rc:.3f}/{f:.3f} {r['thread_b3'][2]:>12.3f}")
    if len(results) > 1:
        a, b = results[0], results[-1]
        ratio = b["group_s"] / a["group_s"]
        print(f"\ngrowth: time({b['size']})/time({a['size']}) = {ratio:.2f} "
              f"(linear = {b['size'] / a['size']:.0f}; per-article cost x{ratio / (b['size'] / a['size']):.2f})")
    big = max(results, key=lambda r: r["size"])
    ok_t = "PASS" if big["group_s"] < TARGET_S else "FAIL"
    ok_m = "PASS" if big["peak_rss_mib"] / 1024 < TARGET_GIB else "FAIL"
    print(f"target: {big['size']} articles grouped in < {TARGET_S:.0f} s: {big['group_s']:.0f} s {ok_t}; "
          f"peak RSS < {TARGET_GIB:.0f} GiB: {big['peak_rss_mib'] / 1024:.2f} GiB {ok_m}")
    if not args.no_minhash:
        print("\nMinHash signatures, 2,000 generated articles:")
        for name, rate in minhash_micro():
            print(f"  {name:<58} {rate:>8.0f} docs/s")


if __name__ == "__main__":
    main()
