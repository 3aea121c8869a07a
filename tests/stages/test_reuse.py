"""Tests of the provenance stage (``stages/reuse.py``) on small hand-written texts.

Every text here is fictional: Haldeck, Norrby Grain, the Baltic Coast Agency
and every person named were invented for these tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from triangulate.errors import ConfigError
from triangulate.records import Article
from triangulate.stages.reuse import (
    ReuseLink,
    ReuseSettings,
    _is_acronym_of,
    _split_sentences,
    detect_reuse,
    independent_sources,
)

WIRE = """An explosion at a grain silo in the port town of Haldeck killed three workers and injured eleven on Thursday morning, the regional fire service said.

The blast ripped through the top floor of the Norrby Grain terminal at about 9:30 a.m., while a ship was being loaded with barley. Fire chief Arvid Lunde said dust had probably ignited inside a conveyor housing.

"The dust in these silos is as dangerous as petrol," Lunde told reporters at the harbour gate. "One spark is enough."

Norrby Grain, which employs 140 people in Haldeck, said it had stopped all loading and would cooperate with the labour inspectorate. The terminal was last inspected in 2022.

Two of the injured were flown to the university hospital in Versund with severe burns. The harbour was closed to shipping until Friday."""

# Light edits: two words changed, the inspection sentence dropped, a credit line added.
REPRINT = """An explosion at a grain silo in the port town of Haldeck killed three workers and injured eleven on Thursday morning, the regional fire service said.

The blast tore through the top floor of the Norrby Grain terminal at about 9:30 a.m., while a ship was being loaded with barley. Fire chief Arvid Lunde said dust had probably ignited inside a conveyor housing.

"The dust in these silos is as dangerous as petrol," Lunde told reporters at the harbour gate. "One spark is enough."

Norrby Grain, which employs 140 people in Haldeck, said it had halted all loading and would cooperate with the labour inspectorate.

Two of the injured were flown to the university hospital in Versund with severe burns. The harbour was closed to shipping until Friday.

This story was first published by the Baltic Coast Agency."""

# Every sentence reworded, same facts in the same order, one dropped, an embellishment added.
REWRITE = """Three people lost their lives and eleven more were hurt when a grain silo blew up in the harbour town of Haldeck on Thursday, according to firefighters.

The explosion tore apart the upper level of the Norrby Grain facility shortly after half past nine as barley was loaded onto a vessel. Fire chief Arvid Lunde believes grain dust caught fire in a conveyor casing.

Lunde warned that silo dust was as hazardous as fuel and that a single spark could set it off.

Norrby Grain has halted loading and promised to assist the labour inspectors, while shocked residents gathered at the harbour in disbelief.

Two of those hurt were airlifted to Versund with serious burns, and the port will stay shut to ships until Friday."""

# Own structure, own witnesses, some shared facts and one shared quote.
INDEPENDENT = """Dockers at Haldeck harbour said they felt the blast through their boots before they heard it.

"The whole quay shook, and then black dust came down like snow," said Jens Ostrom, a crane driver who was working two berths away. He helped carry one of the injured men to an ambulance.

Three workers died in Thursday's explosion at the Norrby Grain terminal, and eleven were hurt. Relatives gathered at the Seamen's Church, where the pastor, Karin Vold, opened the doors for families waiting for news.

The Haldeck dockworkers' union said it had complained last winter about dust building up around the conveyors. Union secretary Per Hallin said the company had promised new extraction fans that never arrived.

"The dust in these silos is as dangerous as petrol," fire chief Arvid Lunde said on Thursday afternoon.

The mayor, Lise Brandt, announced a minute of silence at noon on Friday."""

THU = dt.date(2025, 3, 6)
FRI = dt.date(2025, 3, 7)


def _article(aid: str, body: str, **meta: object) -> Article:
    return Article(id=aid, source=f"{aid}.txt", body=body, **meta)  # type: ignore[arg-type]


def _wire(**meta: object) -> Article:
    defaults: dict[str, object] = {"outlet": "Baltic Coast Agency", "credits": ("BCA",), "published": THU}
    defaults.update(meta)
    return _article("wire", WIRE, **defaults)


def _link(links: list[ReuseLink], a: str, b: str) -> ReuseLink:
    for link in links:
        if {link.article, link.source_article} == {a, b}:
            return link
    raise AssertionError(f"no link between {a} and {b}")


# --------------------------------------------------------------------------
# Relations


def test_reuse_verbatim_copy_with_footer_is_verbatim() -> None:
    copy = _article("copy", WIRE + "\n\nShare this story. Subscribe to our newsletter.",
                    outlet="Coastline Daily", published=THU, credits=("BCA",))
    link = detect_reuse([_wire(), copy])[0]
    assert link.relation == "verbatim"
    assert (link.article, link.source_article) == ("copy", "wire")
    assert link.overlap > 0.9
    assert link.credited


def test_reuse_one_changed_word_makes_an_edited_reprint_not_verbatim() -> None:
    changed = WIRE.replace("ripped through", "tore through")
    link = detect_reuse([_wire(), _article("copy", changed, published=FRI)])[0]
    assert link.relation == "edited"


def test_reuse_edited_reprint_is_edited_and_credited_in_text() -> None:
    reprint = _article("reprint", REPRINT, outlet="Haldeck Post", published=THU)
    link = detect_reuse([_wire(), reprint])[0]
    assert link.relation == "edited"
    assert (link.article, link.source_article) == ("reprint", "wire")
    assert link.credited
    assert link.direction == "credit"
    assert "Baltic Coast Agency" in link.explanation


def test_reuse_paraphrased_rewrite_keeps_the_frame() -> None:
    rewrite = _article("rewrite", REWRITE, outlet="ClickNews", published=FRI)
    link = detect_reuse([_wire(), rewrite])[0]
    assert link.relation == "paraphrase"
    assert (link.article, link.source_article) == ("rewrite", "wire")
    assert link.direction == "dates"
    assert not link.credited
    assert link.overlap < 0.1  # few identical 5-grams: the frame, not the words, gives it away


def test_reuse_independent_report_sharing_a_quote_is_independent() -> None:
    independent = _article("independent", INDEPENDENT, outlet="Haldeck Tidende", published=FRI)
    link = detect_reuse([_wire(), independent])[0]
    assert link.relation == "independent"
    assert (link.article, link.source_article) == ("independent", "wire")
    assert link.direction == "dates"
    assert "Ostrom" in link.explanation  # the names only it mentions are shown


def test_reuse_rewrite_and_independent_are_independent_of_each_other() -> None:
    links = detect_reuse([
        _article("rewrite", REWRITE, published=FRI),
        _article("independent", INDEPENDENT, published=THU),
    ])
    assert links[0].relation == "independent"
    assert links[0].source_article == "independent"  # the earlier one


def test_reuse_result_does_not_depend_on_input_order() -> None:
    articles = [
        _wire(),
        _article("reprint", REPRINT, outlet="Haldeck Post", published=THU),
        _article("rewrite", REWRITE, outlet="ClickNews", published=FRI),
        _article("independent", INDEPENDENT, outlet="Haldeck Tidende", published=THU),
    ]

    def decided(links: list[ReuseLink]) -> set[tuple[str, str, str, str, bool]]:
        return {(x.article, x.source_article, x.relation, x.direction, x.credited)
                for x in links if x.direction != "unknown"}

    forward, backward = detect_reuse(articles), detect_reuse(articles[::-1])
    assert decided(forward) == decided(backward)
    assert {frozenset((x.article, x.source_article)): x.relation for x in forward} == \
        {frozenset((x.article, x.source_article)): x.relation for x in backward}


@pytest.mark.parametrize("n", [1, 2, 4, 5])
def test_reuse_reports_every_pair_once(n: int) -> None:
    bodies = [WIRE, REPRINT, REWRITE, INDEPENDENT, WIRE + "\n\nAdvertisement"]
    articles = [_article(f"a{k}", bodies[k]) for k in range(n)]
    links = detect_reuse(articles)
    assert len(links) == n * (n - 1) // 2
    assert len({frozenset((link.article, link.source_article)) for link in links}) == len(links)


# --------------------------------------------------------------------------
# Direction


def test_reuse_direction_by_dates_beats_credit() -> None:
    # The later article is the copy even though the earlier one names the other outlet.
    early = _article("early", WIRE + "\n\nSee also Coastline Daily.", published=THU)
    late = _article("late", WIRE, outlet="Coastline Daily", published=FRI)
    link = detect_reuse([late, early])[0]
    assert (link.article, link.source_article, link.direction) == ("late", "early", "dates")


def test_reuse_direction_by_containment_when_undated_and_uncredited() -> None:
    # No dates, no credits: the reprint lost a sentence, so it is the copy.
    reprint = _article("reprint", REPRINT.rsplit("\n\n", 1)[0])
    link = detect_reuse([reprint, _wire(published=None)])[0]
    assert link.relation == "edited"
    assert (link.article, link.source_article, link.direction) == ("reprint", "wire", "containment")
    assert not link.credited


def test_reuse_direction_of_undated_rewrite_by_names_and_numbers() -> None:
    # A rewrite drops facts: more of its names and numbers are in the source than the other way.
    link = detect_reuse([_article("rewrite", REWRITE), _article("wire", WIRE)])[0]
    assert link.relation == "paraphrase"
    assert (link.article, link.source_article, link.direction) == ("rewrite", "wire", "containment")


def test_reuse_verbatim_wrapped_in_a_header_is_the_copy() -> None:
    copy = _article("copy", "Coastline Daily | News | 2 min read\n\n" + WIRE)
    link = detect_reuse([copy, _article("wire", WIRE)])[0]
    assert link.relation == "verbatim"
    assert (link.article, link.source_article, link.direction) == ("copy", "wire", "containment")


def test_reuse_identical_texts_without_evidence_have_unknown_direction() -> None:
    link = detect_reuse([_article("first", WIRE), _article("second", WIRE)])[0]
    assert link.relation == "verbatim"
    assert link.direction == "unknown"
    assert link.source_article == "first"
    assert "unknown" in link.explanation


# --------------------------------------------------------------------------
# Credits


@pytest.mark.parametrize("meta, body_tail, credited", [
    ({"credits": ("BCA",)}, "", True),                                   # structured credit, acronym
    ({"byline": "By Mia Sund, Baltic Coast Agency"}, "", True),          # byline
    ({"dateline": "HALDECK (BCA)"}, "", True),                           # dateline agency
    ({}, "\n\nThis story was first published by the Baltic Coast Agency.", True),  # text mention
    ({}, "\n\n(BCA)", True),                                             # bare agency tag
    ({}, "\n\nAbcam bca shares fell.", False),                           # acronym must be upper case
    ({}, "", False),
])
def test_reuse_credit_is_found_in_metadata_and_text(meta: dict[str, object], body_tail: str,
                                                     credited: bool) -> None:
    copy = _article("copy", WIRE.replace("ripped", "tore") + body_tail, outlet="Coastline Daily",
                    published=FRI, **meta)
    link = detect_reuse([_wire(credits=()), copy])[0]
    assert link.article == "copy"
    assert link.credited is credited


def test_reuse_credit_decides_direction_on_the_same_day() -> None:
    syndicated = _article("syndicated", WIRE, outlet="Coastline Daily", published=THU, credits=("BCA",))
    link = detect_reuse([syndicated, _wire()])[0]
    assert (link.article, link.source_article, link.direction) == ("syndicated", "wire", "credit")


@pytest.mark.parametrize("acronym, name, expected", [
    ("TCP", "Transcontinental Press", True),
    ("MPS", "Meridian Press Service", True),
    ("BCA", "Baltic Coast Agency", True),
    ("NPA", "Northern Press Agency", True),
    ("AP", "Transcontinental Press", False),
    ("BCA", "Coastline Daily", False),
    ("Bca", "Baltic Coast Agency", False),
])
def test_reuse_acronym_matches_its_outlet(acronym: str, name: str, expected: bool) -> None:
    assert _is_acronym_of(acronym, name) is expected


# --------------------------------------------------------------------------
# Independent sources


def test_reuse_independent_sources_groups_copies_under_the_original() -> None:
    articles = [
        _article("independent", INDEPENDENT, outlet="Haldeck Tidende", published=THU),
        _article("rewrite", REWRITE, outlet="ClickNews", published=FRI),
        _article("reprint", REPRINT, outlet="Haldeck Post", published=THU),
        _wire(),
    ]
    links = detect_reuse(articles)
    groups = independent_sources(articles, links)
    assert groups == {"wire": "wire", "reprint": "wire", "rewrite": "wire", "independent": "independent"}
    assert len(set(groups.values())) == 2  # two independent sources, not four


def test_reuse_independent_sources_without_links_keeps_everyone_apart() -> None:
    articles = [_article("a", WIRE), _article("b", INDEPENDENT)]
    assert independent_sources(articles, []) == {"a": "a", "b": "b"}


def test_reuse_independent_sources_root_is_the_article_never_copied() -> None:
    articles = [_article(x, WIRE) for x in ("c", "b", "a")]
    links = [
        ReuseLink("c", "b", "edited", 0.9, False, "dates", "c copies b"),
        ReuseLink("b", "a", "verbatim", 1.0, True, "credit", "b copies a"),
    ]
    assert independent_sources(articles, links) == {"a": "a", "b": "a", "c": "a"}


# --------------------------------------------------------------------------
# Records, settings, odd inputs


def test_reuse_link_round_trips_through_dict() -> None:
    link = detect_reuse([_wire(), _article("rewrite", REWRITE, published=FRI)])[0]
    assert ReuseLink.from_dict(link.to_dict()) == link


@pytest.mark.parametrize("bad", [
    {"relation": "copied"},
    {"direction": "guess"},
])
def test_reuse_link_rejects_unknown_labels(bad: dict[str, str]) -> None:
    fields = {"article": "a", "source_article": "b", "relation": "edited", "overlap": 0.5,
              "credited": False, "direction": "dates", "explanation": "x"}
    with pytest.raises(ValueError):
        ReuseLink(**{**fields, **bad})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown keys"):
        ReuseLink.from_dict({**fields, "score": 1})


@pytest.mark.parametrize("bad", [
    {"shingle_words": 0},
    {"verbatim_min_share": 1.5},
    {"near_identical_ratio": 101},
    {"frame_threshold": -0.1},
    {"order_weight": -1},
    {"new_name_penalty": float("inf")},
])
def test_reuse_settings_reject_out_of_range_values(bad: dict[str, float]) -> None:
    with pytest.raises(ConfigError, match="reuse\\."):
        ReuseSettings(**bad)  # type: ignore[arg-type]


def test_reuse_settings_thresholds_change_the_result() -> None:
    rewrite = _article("rewrite", REWRITE, published=FRI)
    strict = ReuseSettings(frame_threshold=0.9, partial_copy_min_containment=1.0)
    assert detect_reuse([_wire(), rewrite], strict)[0].relation == "independent"


def test_reuse_articles_in_different_languages_are_not_compared() -> None:
    other = dataclasses.replace(_wire(), id="copy", language="de", published=FRI)
    link = detect_reuse([_wire(), other])[0]
    assert link.relation == "independent"
    assert "different languages" in link.explanation


def test_reuse_empty_story_and_single_article_give_no_links() -> None:
    assert detect_reuse([]) == []
    assert detect_reuse([_wire()]) == []


@pytest.mark.parametrize("text, n", [
    ("Col. Emile Vardan said it. The men were freed on Aug. 19 near Sirako.", 2),
    ("It landed at 3:02 p.m. on Tuesday. Nobody was hurt.", 2),
    ('"We are safe," she said. "Thank you."', 2),
    ("First paragraph.\n\nSecond paragraph", 2),
])
def test_reuse_sentence_split_keeps_abbreviations(text: str, n: int) -> None:
    assert len(_split_sentences(text)) == n


# --------------------------------------------------------------------------
# The canonical example, read by the ingest stage


def test_reuse_mine_collapse_example_matches_its_answer_key(examples_dir: Path) -> None:
    ingest = pytest.importorskip("triangulate.stages.ingest")
    folder = examples_dir / "mine-collapse"
    articles = []
    for name in ("wire.txt", "reprint.html", "rewrite.json", "independent.txt"):
        [article] = [a for a in ingest.ingest_articles([str(folder / name)]) if isinstance(a, Article)]
        articles.append(dataclasses.replace(article, id=name.split(".")[0]))
    links = detect_reuse(articles)
    reprint, rewrite, independent = (_link(links, "wire", x) for x in ("reprint", "rewrite", "independent"))
    assert (reprint.relation, reprint.article, reprint.credited) == ("edited", "reprint", True)
    assert (rewrite.relation, rewrite.article, rewrite.credited) == ("paraphrase", "rewrite", False)
    assert independent.relation == "independent"
    groups = independent_sources(articles, links)
    assert groups["reprint"] == groups["rewrite"] == "wire"
    assert groups["independent"] == "independent"
