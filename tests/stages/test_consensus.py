"""Tests of the consensus stage (``stages/consensus.py``): the fact sheet and the timeline.

Most tests build claims and verdicts by hand (fast, and they pin exactly what
the stage receives); a few run the real pipeline on small invented texts, and
one runs the bundled example story. Every text, person, group and place here
is fictional (Orlo, Veridia, the Red Dawn Movement, the Iron Hand, ...).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from triangulate.errors import ConfigError
from triangulate.records import Article, Claim, Conflict, Fact, FactType, Link, Report, Status, Verdict
from triangulate.stages.consensus import (
    ConsensusSettings,
    FactValue,
    SheetFact,
    TimelineEvent,
    build_consensus,
)

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
PUBLISHED = dt.date(2025, 9, 16)  # a Tuesday


# ---------------------------------------------------------------- builders


def _article(aid: str, outlet: str | None = None) -> Article:
    return Article(id=aid, source=f"{aid}.txt", body="", outlet=outlet or aid, published=PUBLISHED)


def _fact(kind: str, text: str, value: str, detail: str | None = None, role: str | None = None) -> Fact:
    return Fact(FactType(kind), text, value, 0, len(text), detail, role)


def _claim(cid: str, article: str, text: str, *facts: Fact, kind: str = "statement", sentence: int = 0,
           terms: tuple[str, ...] = ()) -> Claim:
    return Claim(cid, article, 0, len(text), text, tuple(facts), sentence, kind, terms)  # type: ignore[arg-type]


def _verdict(claim: Claim, status: Status = Status.CORROBORATED, support: tuple[Link, ...] = (),
             conflicts: tuple[Conflict, ...] = ()) -> Verdict:
    return Verdict(claim, status, support, conflicts, "")


def _conflict(other: Claim, field: str) -> Conflict:
    return Conflict(other.id, other.article_id, other.text, field, "", "", "")


def _drivers(cid: str, article: str, count: str = "5", text: str = "five") -> Claim:
    return _claim(cid, article, f"The {text} drivers were released on Sunday.",
                  _fact("number", text, count, "driver", "E:drive E:free P:drive"),
                  _fact("date", "Sunday", "2025-09-14", "day", "E:free P:drive"))


def _engineers(cid: str, article: str, count: str, text: str) -> Claim:
    return _claim(cid, article, f"In May, {text} engineers were abducted at a quarry.",
                  _fact("date", "May", "2025-05-01/2025-05-31", "month", "E:seize P:engin"),
                  _fact("number", text, count, "engineer", "E:engin E:seize P:engin"), sentence=4,
                  terms=("abduct", "engineer", "quarry"))


def _quote(cid: str, article: str, words: str, speaker: str, key: str) -> Claim:
    folded = " ".join("".join(c if c.isalnum() or c in " '" else " " for c in words.lower()).split())
    return _claim(cid, article, f'"{words}," {speaker} said.',
                  _fact("quote", words, folded, speaker), _fact("speaker", speaker, key), kind="quote")


def _by_key(sheet: list[SheetFact]) -> dict[str, SheetFact]:
    return {f.key: f for f in sheet}


# ---------------------------------------------------------------- independent sources and confidence


def test_consensus_copies_count_as_one_source_and_lower_the_confidence() -> None:
    arts = [_article("wire"), _article("copy"), _article("herald")]
    verdicts = [_verdict(_drivers("c1", "wire")), _verdict(_drivers("c2", "copy")),
                _verdict(_drivers("c3", "herald", "5", "5"))]
    copied, _ = build_consensus(verdicts, arts, {"wire": "wire", "copy": "wire", "herald": "herald"})
    apart, _ = build_consensus(verdicts, arts)  # no provenance: three independent sources

    fact = _by_key(copied)["how_many:driver"]
    assert fact.status == "agreed"
    assert fact.values[0].articles == ("wire", "copy", "herald")
    assert fact.values[0].sources == ("wire", "herald")
    assert fact.confidence == pytest.approx(2 / 3, abs=1e-3)
    three = _by_key(apart)["how_many:driver"]
    assert three.values[0].sources == ("wire", "copy", "herald")
    assert three.confidence == pytest.approx(0.75)
    assert fact.confidence < three.confidence


def test_consensus_one_source_is_single_source() -> None:
    sheet, _ = build_consensus([_verdict(_drivers("c1", "wire"))], [_article("wire")])
    fact = _by_key(sheet)["how_many:driver"]
    assert (fact.status, fact.confidence) == ("single source", 0.5)


def test_consensus_source_missing_from_the_story_still_counts_its_copies_once() -> None:
    arts = [_article("copy1"), _article("copy2")]
    verdicts = [_verdict(_drivers("c1", "copy1")), _verdict(_drivers("c2", "copy2"))]
    sheet, _ = build_consensus(verdicts, arts, {"copy1": "agency", "copy2": "agency"})
    assert _by_key(sheet)["how_many:driver"].values[0].sources == ("agency",)


# ---------------------------------------------------------------- how many


@pytest.mark.parametrize("with_conflict", [True, False], ids=["compare-conflict", "same-occasion"])
def test_consensus_disputed_count_shows_both_values_with_their_sources(with_conflict: bool) -> None:
    two_a, two_b = _engineers("e1", "wire", "2", "two"), _engineers("e2", "herald", "2", "2")
    ten = _engineers("e3", "daily", "10", "ten")
    conflicts = (_conflict(two_a, "number"),) if with_conflict else ()
    verdicts = [_verdict(two_a), _verdict(two_b), _verdict(ten, Status.CONFLICTING, conflicts=conflicts)]
    sheet, _ = build_consensus(verdicts, [_article("wire"), _article("herald"), _article("daily")])

    fact = _by_key(sheet)["how_many:engineer"]
    assert fact.status == "disputed"
    assert fact.label == "How many engineers"
    assert [(v.value, v.text, v.sources) for v in fact.values] == [
        ("2", "two", ("wire", "herald")), ("10", "ten", ("daily",))]
    assert fact.values[1].claims == ("e3",)
    assert fact.confidence == pytest.approx(2 / 4)


def test_consensus_a_copy_that_changes_a_number_is_its_own_dissenting_source() -> None:
    verdicts = [_verdict(_engineers("e1", "wire", "2", "two")), _verdict(_engineers("e2", "rewrite", "10", "ten"))]
    sheet, _ = build_consensus(verdicts, [_article("wire"), _article("rewrite")],
                               {"wire": "wire", "rewrite": "wire"})
    fact = _by_key(sheet)["how_many:engineer"]
    assert fact.status == "disputed"
    assert [v.sources for v in fact.values] == [("wire",), ("rewrite",)]


def test_consensus_overlapping_counts_agree() -> None:
    a = _claim("c1", "wire", "At least 20 drivers have been abducted.",
               _fact("number", "At least 20", "20-inf", "driver", "E:drive E:seize"))
    b = _claim("c2", "herald", "Some 25 drivers were abducted.",
               _fact("number", "25", "25", "driver", "E:drive E:seize"))
    sheet, _ = build_consensus([_verdict(a), _verdict(b)], [_article("wire"), _article("herald")])
    fact = _by_key(sheet)["how_many:driver"]
    assert fact.status == "agreed"
    assert fact.values[0].value == "25" and fact.values[0].articles == ("wire", "herald")


def test_consensus_two_counts_one_article_states_are_two_facts_not_a_dispute() -> None:
    many = _claim("c2", "wire", "At least 20 drivers have been abducted since last year.",
                  _fact("number", "At least 20", "20-inf", "driver", "E:drive E:seize P:drive"),
                  _fact("date", "last year", "2024-01-01/2024-12-31", "year", "E:seize P:drive"), sentence=5)
    verdicts = [_verdict(_drivers("c1", "wire")), _verdict(many), _verdict(_drivers("c3", "herald"))]
    sheet, _ = build_consensus(verdicts, [_article("wire"), _article("herald")])
    facts = _by_key(sheet)
    assert facts["how_many:driver"].status == "agreed"
    assert facts["how_many:driver"].values[0].value == "5"
    second = facts["how_many:driver:20-inf"]
    assert second.status == "single source" and len(second.values) == 1
    assert "last year" in second.label


# ---------------------------------------------------------------- who


def _claimed_by(cid: str, article: str, name: str, key: str, role: str = "nsubj:claim") -> Claim:
    return _claim(cid, article, f"The kidnapping was claimed by {name}.",
                  _fact("entity", name, key, "ORG", role), sentence=2)


def test_consensus_perpetrator_dispute() -> None:
    a = _claimed_by("p1", "wire", "the Red Dawn Movement", "dawn movement red")
    b = _claim("p2", "herald", "Gunmen from the Red Dawn Movement stopped the convoy on August 3.",
               _fact("entity", "the Red Dawn Movement", "dawn movement red", "ORG", "from:gunman"),
               _fact("date", "August 3", "2025-08-03", "day", "E:close P:convo"), terms=("gunman", "stop", "hold"))
    c = _claimed_by("p3", "daily", "the Iron Hand", "hand iron", "nsubj:seize")
    arts = [_article("wire"), _article("herald"), _article("daily")]
    sheet, _ = build_consensus([_verdict(a), _verdict(b), _verdict(c)], arts)
    fact = _by_key(sheet)["who:perpetrator"]
    assert fact.status == "disputed"
    assert [(v.value, v.sources) for v in fact.values] == [
        ("dawn movement red", ("wire", "herald")), ("hand iron", ("daily",))]
    assert fact.values[0].text == "the Red Dawn Movement"
    assert fact.confidence == pytest.approx(0.5)


def test_consensus_co_perpetrators_named_by_one_article_are_not_a_dispute() -> None:
    a = _claimed_by("p1", "wire", "the Red Dawn Movement", "dawn movement red")
    b = _claimed_by("p2", "wire", "the Iron Hand", "hand iron")
    c = _claimed_by("p3", "herald", "Red Dawn Movement", "dawn movement red")
    sheet, _ = build_consensus([_verdict(a), _verdict(b), _verdict(c)], [_article("wire"), _article("herald")])
    facts = _by_key(sheet)
    assert facts["who:perpetrator"].status == "agreed"
    assert facts["who:perpetrator:hand iron"].status == "single source"


def test_consensus_names_of_one_entity_are_merged_across_articles() -> None:
    a = _claim("n1", "wire", "The National Intelligence Service (NIS) led the operation.",
               _fact("entity", "The National Intelligence Service", "intelligence national service", "ORG",
                     "nsubj:lead"))
    b = _claim("n2", "herald", "The NIS led the operation.", _fact("entity", "NIS", "nis", "ORG", "nsubj:lead"))
    sheet, _ = build_consensus([_verdict(a), _verdict(b)], [_article("wire"), _article("herald")])
    (actor,) = [f for f in sheet if f.key.startswith("who:actor:")]
    assert actor.values[0].articles == ("wire", "herald")
    assert actor.label == "Who: National Intelligence Service"


# ---------------------------------------------------------------- when and the timeline


def _freed(cid: str, article: str, text: str, value: str = "2025-09-14") -> Claim:
    return _claim(cid, article, f"The drivers were freed {text}.",
                  _fact("date", text, value, "day", "E:free P:drive"))


def test_consensus_restated_dates_are_one_timeline_event() -> None:
    verdicts = [_verdict(_freed("d1", "wire", "late Sunday")),
                _verdict(_freed("d2", "daily", "on Sunday, September 14")),
                _verdict(_freed("d3", "copy", "late Sunday"))]
    arts = [_article("wire"), _article("daily"), _article("copy")]
    sheet, timeline = build_consensus(verdicts, arts, {"copy": "wire"})
    (event,) = timeline
    assert (event.first, event.last, event.event, event.granularity) == (
        dt.date(2025, 9, 14), dt.date(2025, 9, 14), "free", "day")
    assert event.articles == ("wire", "daily", "copy") and event.sources == ("wire", "daily")
    assert not event.disputed
    fact = _by_key(sheet)["when:free"]
    assert (fact.label, fact.status, fact.values[0].text) == ("When: released", "agreed", "late Sunday")


def test_consensus_conflicting_dates_are_disputed() -> None:
    a, b = _freed("d1", "wire", "late Sunday"), _freed("d2", "daily", "on Saturday", "2025-09-13")
    verdicts = [_verdict(a, Status.CONFLICTING, conflicts=(_conflict(b, "date"),)),
                _verdict(b, Status.CONFLICTING, conflicts=(_conflict(a, "date"),))]
    sheet, timeline = build_consensus(verdicts, [_article("wire"), _article("daily")])
    assert _by_key(sheet)["when:free"].status == "disputed"
    assert [e.first.day for e in timeline] == [13, 14] and all(e.disputed for e in timeline)


def test_consensus_month_joins_the_day_it_contains_and_background_events_stay() -> None:
    day = _claim("s1", "wire", "The drivers were seized on Aug. 19.",
                 _fact("date", "Aug. 19", "2025-08-19", "day", "E:seize P:drive"))
    month = _claim("s2", "herald", "The drivers kidnapped last month were freed.",
                   _fact("date", "last month", "2025-08-01/2025-08-31", "month", "E:seize"))
    may = _engineers("s3", "wire", "2", "two")
    sheet, timeline = build_consensus([_verdict(day), _verdict(month), _verdict(may)],
                                      [_article("wire"), _article("herald")])
    assert [(e.first.isoformat(), e.event, e.granularity) for e in timeline] == [
        ("2025-05-01", "seize", "month"), ("2025-08-19", "seize", "day")]
    assert timeline[1].articles == ("wire", "herald")
    facts = _by_key(sheet)
    assert facts["when:seize"].values[0].text == "Aug. 19"
    assert facts["when:seize:2025-05-01/2025-05-31"].status == "single source"
    assert "engineers" in facts["when:seize:2025-05-01/2025-05-31"].label


def test_consensus_a_date_tied_to_another_verb_joins_the_event_its_sentence_names() -> None:
    seized = _claim("s1", "wire", "The drivers were seized on August 19.",
                    _fact("date", "August 19", "2025-08-19", "day", "E:seize P:drive"))
    stopped = _claim("s2", "herald", "They had been held since gunmen stopped their convoy on August 19.",
                     _fact("date", "August 19", "2025-08-19", "day", "E:close P:convo"),
                     terms=("hold", "gunman", "stop", "convoy"))
    _, timeline = build_consensus([_verdict(seized), _verdict(stopped)], [_article("wire"), _article("herald")])
    (event,) = timeline
    assert event.event == "seize" and event.articles == ("wire", "herald")


def test_consensus_announcements_are_named_by_their_verb() -> None:
    c = _claim("a1", "wire", "The ministry announced the release late Monday.",
               _fact("source", "The ministry announced", "ministry", "announce"),
               _fact("date", "late Monday", "2025-09-15", "day", "E:say P:free P:minis"))
    sheet, timeline = build_consensus([_verdict(c)], [_article("wire")])
    assert timeline[0].event == "announce"
    assert _by_key(sheet)["when:say"].label == "When: announced"


# ---------------------------------------------------------------- said


def test_consensus_quotes_are_grouped_by_speaker() -> None:
    verdicts = [
        _verdict(_quote("q1", "wire", "Our five compatriots are safe", "Adaeze Korvan", "adaeze korvan")),
        _verdict(_quote("q2", "wire", "We do not pay ransoms to criminals", "Korvan", "adaeze korvan")),
        _verdict(_quote("q3", "herald", "We do not pay ransoms to criminals", "Adaeze Korvan", "adaeze korvan")),
        _verdict(_quote("q4", "herald", "Five came home this time", "Moses Kaunda", "kaunda moses")),
    ]
    sheet, _ = build_consensus(verdicts, [_article("wire"), _article("herald")])
    facts = _by_key(sheet)
    korvan = facts["said:adaeze korvan"]
    assert korvan.label == "Adaeze Korvan said"
    assert [v.value for v in korvan.values] == ["we do not pay ransoms to criminals", "our five compatriots are safe"]
    assert korvan.values[0].sources == ("wire", "herald") and korvan.values[0].claims == ("q2", "q3")
    assert korvan.status == "agreed"
    assert korvan.confidence == pytest.approx(2 / 3, abs=1e-3)
    assert facts["said:kaunda moses"].status == "single source"


def test_consensus_a_quote_split_in_one_article_and_joined_in_another_is_one_quote() -> None:
    verdicts = [
        _verdict(_quote("q1", "wire", "Our five compatriots are safe", "Adaeze Korvan", "adaeze korvan")),
        _verdict(_quote("q2", "wire", "They will be home within days", "Adaeze Korvan", "adaeze korvan")),
        _verdict(_quote("q3", "herald", "Our five compatriots are safe. They will be home within days",
                        "Adaeze Korvan", "adaeze korvan")),
    ]
    sheet, _ = build_consensus(verdicts, [_article("wire"), _article("herald")])
    (value,) = _by_key(sheet)["said:adaeze korvan"].values
    assert value.articles == ("wire", "herald")
    assert value.text.startswith("Our five compatriots are safe. They will")


def test_consensus_altered_and_misattributed_quotes_are_disputed() -> None:
    wire = _quote("q1", "wire", "It was carried out without a single shot being fired", "Emile Vardan",
                  "emile vardan")
    herald = _quote("q2", "herald", "It was completed without firing one single shot", "Emile Vardan",
                    "emile vardan")
    stolen = _quote("q3", "daily", "It was carried out without a single shot being fired", "Adaeze Korvan",
                    "adaeze korvan")
    verdicts = [_verdict(wire, Status.CONFLICTING, conflicts=(_conflict(herald, "quote"),)),
                _verdict(herald, Status.CONFLICTING, conflicts=(_conflict(wire, "quote"),)),
                _verdict(stolen)]
    sheet, _ = build_consensus(verdicts, [_article("wire"), _article("herald"), _article("daily")])
    facts = _by_key(sheet)
    vardan = facts["said:emile vardan"]
    assert vardan.status == "disputed"
    assert [v.sources for v in vardan.values] == [("wire",), ("herald",)]
    assert vardan.confidence == pytest.approx(1 / 4)  # one source against the altered version and the other speaker
    assert facts["said:adaeze korvan"].status == "disputed"


def test_consensus_unnamed_speakers_are_kept_apart() -> None:
    v = _verdict(_quote("q1", "daily", "This outcome shows our resolve", "A government spokesperson",
                        "government spokesperson"))
    sheet, _ = build_consensus([v], [_article("daily")])
    fact = _by_key(sheet)["said:government spokesperson"]
    assert fact.label == "A government spokesperson said" and fact.status == "single source"


# ---------------------------------------------------------------- what


def test_consensus_what_lists_the_best_corroborated_statement_once() -> None:
    a = _claim("w1", "wire", "Four drivers kidnapped near Orlo in August were released late on Sunday.",
               sentence=0)
    b = _claim("w2", "herald", "The four drivers were freed on Sunday.", sentence=0)
    c = _claim("w3", "daily", "Four drivers were released on Sunday, officials said.", sentence=0)
    lone = _claim("w4", "daily", "Relatives gathered in the capital.", sentence=3)
    verdicts = [
        _verdict(a, support=(Link("w2", "herald", b.text, 0.8), Link("w3", "daily", c.text, 0.7))),
        _verdict(b, support=(Link("w1", "wire", a.text, 0.8), Link("w3", "daily", c.text, 0.9))),
        _verdict(c, support=(Link("w1", "wire", a.text, 0.7), Link("w2", "herald", b.text, 0.9))),
        _verdict(lone, Status.UNCORROBORATED),
    ]
    sheet, _ = build_consensus(verdicts, [_article("wire"), _article("herald"), _article("daily")])
    (what,) = [f for f in sheet if f.slot == "what"]
    assert what.values[0].text == "The four drivers were freed on Sunday."
    assert what.values[0].sources == ("wire", "herald", "daily")
    assert what.confidence == pytest.approx(0.75)


# ---------------------------------------------------------------- records and settings


def test_consensus_records_round_trip_through_dicts() -> None:
    value = FactValue("2", "two", ("a", "b"), ("a",), ("c1", "c2"))
    fact = SheetFact("how_many", "how_many:engineer", "How many engineers", (value,), "agreed", 0.6666666)
    event = TimelineEvent(dt.date(2025, 5, 1), dt.date(2025, 5, 31), "month", "seize", "In May, …",
                          ("a",), ("a",), ("c1",), False)
    assert fact.confidence == 0.667
    assert SheetFact.from_dict(fact.to_dict()) == fact
    assert TimelineEvent.from_dict(event.to_dict()) == event
    assert event.to_dict()["first"] == "2025-05-01"


@pytest.mark.parametrize(("change", "message"), [
    ({"status": "settled"}, "status"),
    ({"slot": "why"}, "slot"),
    ({"confidence": 1.5}, "confidence"),
    ({"extra": 1}, "unknown keys"),
])
def test_consensus_from_dict_rejects_bad_records(change: dict[str, Any], message: str) -> None:
    d = SheetFact("who", "who:perpetrator", "Who: perpetrator",
                  (FactValue("x", "X", ("a",), ("a",), ("c",)),), "single source", 0.5).to_dict()
    with pytest.raises(ValueError, match=message):
        SheetFact.from_dict({**d, **change})


@pytest.mark.parametrize("bad", [{"max_actors": -1}, {"quote_same_ratio": 140.0},
                                 {"min_restatement_score": float("nan")}])
def test_consensus_settings_are_validated(bad: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match="consensus"):
        ConsensusSettings(**bad)


def test_consensus_no_verdicts_gives_an_empty_sheet() -> None:
    assert build_consensus([], [_article("wire")]) == ([], [])


# ---------------------------------------------------------------- the real pipeline


def test_consensus_on_small_invented_reports() -> None:
    from triangulate.api import check_articles, make_article

    wire = make_article(
        "Four lorry drivers who were kidnapped on Aug. 3 near Orlo were released late Sunday, the government "
        "of Veridia said. The Interior Ministry announced the release late Monday. The kidnapping was claimed "
        "by the Red Dawn Movement. In May, two foreign engineers were abducted at a quarry near Orlo.",
        source="wire.txt", outlet="Wire", published=PUBLISHED)
    herald = make_article(
        "The four drivers were freed on Sunday, September 14, the Interior Ministry said on Monday. They had "
        "been kidnapped on August 3 near Orlo by gunmen from the Red Dawn Movement.",
        source="herald.txt", outlet="Herald", published=PUBLISHED)
    daily = make_article(
        "Four truck drivers were released on Sunday after being kidnapped in August near Orlo by the Iron Hand "
        "group, officials said. In May, ten foreign engineers were abducted at a quarry near Orlo.",
        source="daily.txt", outlet="Daily", published=PUBLISHED + dt.timedelta(days=1))
    report = check_articles([wire, herald, daily])
    sheet, timeline = build_consensus(report.verdicts, report.articles)
    facts = _by_key(sheet)

    assert facts["how_many:driver"].status == "agreed" and len(facts["how_many:driver"].values[0].sources) == 3
    assert facts["how_many:engineer"].status == "disputed"
    assert [v.value for v in facts["who:perpetrator"].values] == ["dawn movement red", "hand iron"]
    events = [(e.first.isoformat(), e.event) for e in timeline]
    assert events == [("2025-05-01", "seize"), ("2025-08-03", "seize"), ("2025-09-14", "free"),
                      ("2025-09-15", "announce")]
    freed = timeline[2]
    assert len(freed.articles) == 3  # "late Sunday" = "Sunday, September 14" = "on Sunday"


@cache
def _example(story: str) -> Report:
    from triangulate.api import check_paths

    return check_paths([str(EXAMPLES / story)], group=False)


def test_consensus_canonical_example_sheet_and_timeline() -> None:
    report = _example("kidnapped-drivers")
    label = {a.id: a.label for a in report.articles}
    sheet, timeline = build_consensus(report.verdicts, report.articles, report.sources or None)
    facts = _by_key(sheet)

    engineers = facts["how_many:engineer"]
    assert engineers.status == "disputed"
    assert [v.value for v in engineers.values] == ["2", "10"]
    assert {label[a] for a in engineers.values[1].articles} == {"WorldPulse Daily"}
    perpetrator = facts["who:perpetrator"]
    assert perpetrator.status == "disputed"
    assert [v.value for v in perpetrator.values] == ["front sable", "brigade hills karst"]
    assert len(perpetrator.values[0].sources) == 2  # the wire (and its copies) and the independent report
    drivers = facts["how_many:driver"]
    assert drivers.status == "agreed" and drivers.values[0].value == "5"

    key_events = [(e.first.isoformat(), e.event) for e in timeline
                  if e.event in ("seize", "free", "announce")]
    assert key_events == [("2025-05-01", "seize"), ("2025-08-19", "seize"), ("2025-09-14", "free"),
                          ("2025-09-15", "announce")]
    assert all(not e.disputed for e in timeline)
    release = next(e for e in timeline if e.event == "free")
    assert {label[a] for a in release.articles} >= {"Transcontinental Press", "Marebo Herald", "WorldPulse Daily"}
