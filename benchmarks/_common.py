"""Shared helpers for the benchmarks in this directory (data loading, edits, spans).

Not part of the ``triangulate`` package: the benchmarks import it as a sibling
module (``python benchmarks/perturb.py`` puts ``benchmarks/`` on ``sys.path``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
REPO = HERE.parent

CHANGE_TYPES: tuple[str, ...] = (
    "count_digits",
    "count_words",
    "date_absolute",
    "date_weekday",
    "date_relative",
    "person",
    "organisation",
    "place",
    "nationality",
    "quote_wording",
    "quote_speaker",
    "invented_quote",
    "negation",
    "added_sentence",
)

MIN_PER_TYPE = 25
_QUOTE_CHARS = '"“”«»„'


def ensure_src_on_path() -> None:
    """Make ``import triangulate`` work from a checkout without installing it."""
    src = str(REPO / "src")
    if src not in sys.path:
        sys.path.insert(0, src)



def b3(pred: Sequence[object], gold: Sequence[object]) -> tuple[float, float, float]:
    """Document-level B³ precision, recall and F1 of a clustering (Bagga & Baldwin 1998)."""
    n = len(pred)
    pc, gc, pg = Counter(pred), Counter(gold), Counter(zip(pred, gold))
    p = sum(c * c / pc[a] for (a, _), c in pg.items()) / n
    r = sum(c * c / gc[b] for (_, b), c in pg.items()) / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def load_pairs(data_dir: Path = DATA_DIR) -> list[dict]:
    """Every record of ``data/pairs_*.jsonl``, in file order."""
    pairs: list[dict] = []
    for path in sorted(data_dir.glob("pairs_*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path.name}:{lineno}: {exc}") from exc
            rec["_file"] = f"{path.name}:{lineno}"
            pairs.append(rec)
    return pairs


def validate(pairs: list[dict], *, require_counts: bool = True) -> list[str]:
    """Structural checks on the data; returns a list of problems (empty = fine)."""
    problems: list[str] = []
    ids: Counter[str] = Counter(p.get("id", "") for p in pairs)
    for dup, n in ids.items():
        if n > 1:
            problems.append(f"duplicate id {dup!r} ({n}x)")
    for p in pairs:
        where = f"{p.get('_file')} {p.get('id')}"
        for key in ("id", "published", "original", "paraphrase", "edits"):
            if key not in p:
                problems.append(f"{where}: missing {key}")
        if not all(k in p for k in ("published", "paraphrase", "edits", "original")):
            continue
        try:
            dt.date.fromisoformat(p["published"])
        except ValueError:
            problems.append(f"{where}: bad published date {p['published']!r}")
        if p["original"] == p["paraphrase"]:
            problems.append(f"{where}: paraphrase identical to original")
        for ctype, edit in p["edits"].items():
            if ctype not in CHANGE_TYPES:
                problems.append(f"{where}: unknown change type {ctype!r}")
                continue
            find, repl = edit.get("find", ""), edit.get("replace", "")
            n = p["paraphrase"].count(find) if find else 0
            if n != 1:
                problems.append(f"{where} {ctype}: find {find!r} occurs {n}x in paraphrase")
            if find == repl:
                problems.append(f"{where} {ctype}: replace equals find")
            if ctype in ("invented_quote", "added_sentence"):
                if not repl.startswith(find + " "):
                    problems.append(f"{where} {ctype}: replace must be find + ' ' + new sentence")
                if not find.rstrip().endswith((".", '."', ".”")):
                    problems.append(f"{where} {ctype}: find should end a sentence")
            if ctype == "invented_quote" and not any(c in repl[len(find):] for c in _QUOTE_CHARS):
                problems.append(f"{where} {ctype}: no quote mark in the added text")
            if ctype == "added_sentence" and any(c in repl[len(find):] for c in _QUOTE_CHARS):
                problems.append(f"{where} {ctype}: added sentence should not be a quote")
    if require_counts:
        counts = type_counts(pairs)
        for ctype in CHANGE_TYPES:
            if counts[ctype] < MIN_PER_TYPE:
                problems.append(f"only {counts[ctype]} instances of {ctype} (need {MIN_PER_TYPE})")
    return problems


def type_counts(pairs: list[dict]) -> Counter[str]:
    c: Counter[str] = Counter()
    for p in pairs:
        c.update(p.get("edits", {}).keys())
    return c


@dataclass(frozen=True)
class Applied:
    """A paraphrase with one edit applied, and where the edit landed."""

    text: str
    start: int
    """Start of the changed text in ``text`` (word-aligned)."""
    end: int
    """End of the changed text; ``start == end`` for a pure deletion."""
    base_start: int
    """Same span in the unedited paraphrase (for showing the 'before' sentence)."""
    base_end: int


def apply_edit(paraphrase: str, find: str, replace: str) -> Applied:
    """Apply one edit and locate the changed characters, widened to whole words.

    The span is the part of ``replace`` that differs from ``find`` (common
    prefix and suffix removed), so an appended sentence's span is the
    sentence, not the sentence it was appended to.
    """
    pos = paraphrase.index(find)
    text = paraphrase[:pos] + replace + paraphrase[pos + len(find):]
    pre = 0
    while pre < min(len(find), len(replace)) and find[pre] == replace[pre]:
        pre += 1
    suf = 0
    while (suf < min(len(find), len(replace)) - pre
           and find[len(find) - 1 - suf] == replace[len(replace) - 1 - suf]):
        suf += 1
    start, end = pos + pre, pos + len(replace) - suf
    bstart, bend = pos + pre, pos + len(find) - suf
    start, end = _widen(text, start, end)
    bstart, bend = _widen(paraphrase, bstart, bend)
    return Applied(text, start, end, bstart, bend)


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Half-open overlap; a zero-width span overlaps a range that contains it."""
    if b_start == b_end:
        return a_start <= b_start <= a_end
    return a_start < b_end and b_start < a_end


_SENT = re.compile(r'[^.!?]+(?:[.!?]+["”’]?|$)')


def sentences(text: str) -> list[tuple[int, int]]:
    """Cheap regex sentence split (for the baselines and for display only).

    Splits after ., ! or ? (plus a closing quote) followed by a space and an
    upper-case letter or opening quote; abbreviations such as "p.m." or
    "U.S." followed by a lower-case word stay inside the sentence.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r'[.!?]["”’]?\s+(?=["“A-Z0-9])', text):
        end = m.end()
        seg_end = end
        while seg_end > start and text[seg_end - 1].isspace():
            seg_end -= 1
        if seg_end > start:
            spans.append((start, seg_end))
        start = end
    tail = text[start:].rstrip()
    if tail:
        spans.append((start, start + len(tail)))
    return spans


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` overlapping ``[start, end)``."""
    parts = [text[a:b] for a, b in sentences(text) if overlaps(a, b, start, end)]
    return " ".join(parts) if parts else text[max(0, start - 80):end + 80]


def main() -> int:
    pairs = load_pairs()
    problems = validate(pairs, require_counts="--partial" not in sys.argv)
    counts = type_counts(pairs)
    print(f"{len(pairs)} pairs; instances per change type:")
    for ctype in CHANGE_TYPES:
        print(f"  {ctype:16} {counts[ctype]:3}")
    for prob in problems:
        print("PROBLEM:", prob)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
