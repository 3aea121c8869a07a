"""End to end over the bundled (fictional) example stories: the answer keys in their READMEs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from triangulate.api import check_paths
from triangulate.records import Report, Status

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@cache
def _report(story: str) -> Report:
    return check_paths([str(EXAMPLES / story)])


def _label(report: Report, article_id: str) -> str:
    return next(a.label for a in report.articles if a.id == article_id)


def _conflicts(report: Report) -> set[tuple[str, str, str, str, str]]:
    """(field, this label, this value, other label, other value) for every conflict."""
    out = set()
    for v in report.verdicts:
        for c in v.conflicts:
            out.add((c.field, _label(report, v.claim.article_id), c.value.lower(),
                     _label(report, c.article), c.other_value.lower()))
    return out


def _has(report: Report, field: str, mine: str, theirs: str) -> bool:
    return any(f == field and mine in a and theirs in b for f, _, a, _, b in _conflicts(report))


PLANNED = [
    ("kidnapped-drivers", "number", "ten", "two"),
    ("kidnapped-drivers", "entity", "karst hills brigade", "sable front"),
    ("kidnapped-drivers", "quote", "completed without firing", "carried out without"),
    ("mine-collapse", "date", "august", "march"),
    ("mine-collapse", "entity", "dunmore resources", "halvard coal"),
    ("mine-collapse", "speaker", "holm", "miklavec"),
    ("utility-cyberattack", "number", "eight", "three"),
    ("utility-cyberattack", "entity", "blackmarrow", "greylantern"),
    ("utility-cyberattack", "quote", "at no time", "at no point"),
    ("utility-cyberattack", "date", "thursday, november 6", "early saturday"),
]


@pytest.mark.parametrize("story", ["kidnapped-drivers", "mine-collapse", "utility-cyberattack"])
def test_examples_every_conflict_is_a_planned_one(story: str) -> None:
    """No false conflicts in the examples: each is one of the answer key's, from either side."""
    planned = [(f, a, b) for s, f, a, b in PLANNED if s == story]
    unplanned = [c for c in _conflicts(_report(story))
                 if not any(c[0] == f and ((a in c[2] and b in c[4]) or (b in c[2] and a in c[4]))
                            for f, a, b in planned)]
    assert unplanned == []


@pytest.mark.parametrize(("story", "field", "mine", "theirs"), PLANNED)
def test_examples_planned_conflicts_are_found(story: str, field: str, mine: str, theirs: str) -> None:
    report = _report(story)
    assert _has(report, field, mine, theirs), sorted(_conflicts(report))
    assert _has(report, field, theirs, mine), "conflicts are reported on both sides"


@pytest.mark.parametrize("story", ["kidnapped-drivers", "mine-collapse", "utility-cyberattack"])
def test_examples_invented_quote_is_found_nowhere(story: str) -> None:
    report = _report(story)
    invented = [v for v in report.verdicts if v.quote_status == "unmatched" and "spokesperson" in v.claim.text]
    assert invented, "the rewrite's invented spokesperson quote"
    assert all(v.status == Status.UNCORROBORATED for v in invented)


@pytest.mark.parametrize("story", ["kidnapped-drivers", "mine-collapse", "utility-cyberattack"])
def test_examples_restated_dates_and_names_are_agreement(story: str) -> None:
    report = _report(story)
    reprint = next(a for a in report.articles if a.format == "html")
    wire = next(a for a in report.articles if "wire" in a.source or "syndicated" in a.source)
    between = [c for v in report.verdicts if v.claim.article_id == reprint.id
               for c in v.conflicts if c.article == wire.id]
    assert between == [], "a credited reprint with light edits never conflicts with its wire"


def test_examples_canonical_restatements_are_not_conflicts() -> None:
    report = _report("kidnapped-drivers")
    dates = [c for v in report.verdicts for c in v.conflicts if c.field == "date"]
    assert dates == [], "'announced on September 15' = 'late Monday'; 'August 19' = 'Aug. 19'"
    entity_values = {c.value for v in report.verdicts for c in v.conflicts if c.field == "entity"}
    assert not any("Intelligence" in v or "Ministry" in v for v in entity_values)


def test_examples_embellishment_is_an_added_detail() -> None:
    report = _report("kidnapped-drivers")
    details = [d for v in report.verdicts for d in v.unsupported]
    assert any("tense negotiations" in d for d in details)
    relief = [v for v in report.verdicts if "profound relief" in v.claim.text]
    assert relief and all(v.status == Status.UNCORROBORATED for v in relief)


def test_examples_syndicated_copy_is_kept_as_its_own_article() -> None:
    report = _report("kidnapped-drivers")
    assert report.rejections == ()
    assert {a.outlet for a in report.articles} >= {"Transcontinental Press", "Kelandi Business Times"}


def test_examples_copies_of_one_source_make_one_conflict_finding() -> None:
    from triangulate.render import conflict_pairs

    report = _report("kidnapped-drivers")
    pairs = [p for p in conflict_pairs(report) if p.field == "number"]
    assert len(pairs) == 1, "wire, syndicated copy and reprint say 'two'; the rewrite 'ten': one finding"
    assert len(pairs[0].also) == 2
