"""Comparison properties: symmetric under swapping outlets; restatements agree; changes conflict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from triangulate.api import check_articles, make_article
from triangulate.records import Article, Claim, Fact, FactType, Report

PUB = dt.date(2024, 3, 14)  # a Thursday

WIRE = (
    "Four Norlandic bus drivers who were abducted near the border were freed late Tuesday, the interior "
    "ministry said on Wednesday. The drivers had been held for nine days by the Red Marsh Front, police said. "
    '"All four men are safe and in good health," said Interior Minister Tobias Renn. '
    "The National Intelligence Service (NIS) led the operation."
)



def _rewrite_conflicts(original: str, rewrite: str, day: dt.date) -> list[tuple[str, str, str]]:
    """Check a wire text and a rewrite; the rewrite's conflicts as (field, its value, the wire's)."""
    from triangulate.api import check_articles, make_article

    a = make_article(original, source="a.txt", outlet="Wire", published=day)
    b = make_article(rewrite, source="b.txt", outlet="Daily", published=day)
    report = check_articles([a, b])
    return [(c.field, c.value, c.other_value) for v in report.verdicts if v.claim.article_id == b.id
            for c in v.conflicts]

def _fields(original: str, rewrite: str) -> set[str]:
    """The fields of the rewrite's conflicts with the original (both published on ``PUB``)."""
    return {field for field, _, _ in _rewrite_conflicts(original, rewrite, PUB)}


def _conflicts(report: Report) -> set[tuple[str, str, str]]:
    label = {a.id: a.label for a in report.articles}
    return {(label[v.claim.article_id], c.field, c.value) for v in report.verdicts for c in v.conflicts}


@pytest.mark.parametrize(
    ("rewrite", "field"),
    [
        (WIRE.replace("Four Norlandic", "Seven Norlandic"), "number"),
        (WIRE.replace("late Tuesday", "late Monday"), "date"),
        (WIRE.replace("Red Marsh Front", "Blue Ridge Brigade"), "entity"),
        (WIRE.replace("safe and in good health", "safe but in poor health"), "quote"),
        (WIRE.replace("were freed late Tuesday", "were not freed late Tuesday"), "negation"),
    ],
)
def test_compare_symmetric_under_swapping_outlets(rewrite: str, field: str) -> None:
    a = make_article(WIRE, source="a.txt", outlet="Wire", published=PUB)
    b = make_article(rewrite, source="b.txt", outlet="Rewrite", published=PUB)
    forward, backward = _conflicts(check_articles([a, b])), _conflicts(check_articles([b, a]))
    assert forward == backward
    assert {f for _, f, _ in forward} == {field}
    assert {outlet for outlet, _, _ in forward} == {"Wire", "Rewrite"}, "both sides carry the conflict"


@pytest.mark.parametrize(
    "restated",
    [
        WIRE.replace("Four Norlandic", "4 Norlandic"),
        WIRE.replace("freed late Tuesday", "freed on March 12"),
        WIRE.replace("The National Intelligence Service (NIS) led", "The NIS led"),
        WIRE.replace("said on Wednesday", "said on March 13"),
    ],
)
def test_compare_restatements_are_agreement(restated: str) -> None:
    a = make_article(WIRE, source="a.txt", outlet="Wire", published=PUB)
    b = make_article(restated, source="b.txt", outlet="Rewrite", published=PUB)
    report = check_articles([a, b])
    assert _conflicts(report) == set()
    assert all(v.status == "corroborated" for v in report.verdicts)



def test_compare_one_disagreeing_date_each_in_strongly_aligned_claims() -> None:
    """The parse hangs "on Monday" on another verb than "last week"; the rest of the dates agree."""
    from triangulate.api import check_articles, make_article

    day = dt.date(2025, 2, 11)
    a = make_article("Gas company Carpat Gaz said on Monday it had checked the building's supply on January 22.",
                     source="a.txt", outlet="Wire", published=day)
    b = make_article("Carpat Gaz, the gas supplier, said last week that it had checked the building's supply on "
                     "January 22.", source="b.txt", outlet="Daily", published=day)
    report = check_articles([a, b])
    conflicts = [c for v in report.verdicts if v.claim.article_id == b.id for c in v.conflicts]
    assert [(c.field, c.value, c.other_value) for c in conflicts] == [("date", "last week", "Monday")]


def test_compare_a_country_and_its_demonym_and_a_council_named_by_its_town_agree() -> None:
    from triangulate.api import check_articles, make_article

    day = dt.date(2024, 3, 27)
    a = make_article("A jury in Cardiff on Tuesday found Owen Pritchard guilty of murdering a landlord in the Welsh "
                     "town of Pontypridd. Online services at the city council of Tampere, Finland's third-largest "
                     "city, have been down since Friday.", source="a.txt", outlet="Wire", published=day)
    b = make_article("Owen Pritchard was convicted on Tuesday by a Cardiff jury of murdering a landlord in "
                     "Pontypridd, Wales. Online services at Tampere city council have been down since Friday.",
                     source="b.txt", outlet="Daily", published=day)
    report = check_articles([a, b])
    assert [c for v in report.verdicts for c in v.conflicts] == []


def test_compare_claims_attributed_to_different_bodies_conflict() -> None:
    from triangulate.api import check_articles, make_article

    day = dt.date(2024, 10, 29)
    a = make_article("The state prosecutor's office said on Monday it had arrested the warehouse owner.",
                     source="a.txt", outlet="Wire", published=day)
    b = make_article("The warehouse owner was arrested, the federal army said on Monday.",
                     source="b.txt", outlet="Daily", published=day)
    c = make_article("The warehouse owner was arrested, officials said on Monday.",
                     source="c.txt", outlet="Post", published=day)
    report = check_articles([a, b, c])
    fields = {v.claim.article_id: [x.field for x in v.conflicts] for v in report.verdicts}
    assert fields[b.id] == ["entity"]
    (conflict,) = [x for v in report.verdicts if v.claim.article_id == b.id for x in v.conflicts]
    assert conflict.explanation == ("Attributes it to “the federal army” where Wire attributes it to "
                                    "“The state prosecutor's office”.")
    assert (conflict.value, conflict.other_value) == ("the federal army", "The state prosecutor's office")
    assert fields[c.id] == []  # "officials" names no one


def test_compare_a_name_the_ner_runs_into_a_verb_is_cut_there() -> None:
    from triangulate.api import make_article
    from triangulate.stages.parse import parse_articles

    article = make_article("Detectives from the Directorate of Criminal Investigations arrested Ouma on January 18. "
                           "A pro-Russian hacking group called Night Wolves Collective claimed responsibility.",
                           source="a.txt", published=dt.date(2024, 2, 3))
    (parsed,) = parse_articles([article])
    texts = {m.text for m in parsed.mentions}
    assert not any("arrested" in t for t in texts)
    assert "Night Wolves Collective" in texts


def test_compare_repeated_pairs_match_direct(examples_dir: Path) -> None:
    """The memo of repeated claim pairs gives, for every aligned pair, what ``_pair_disagreements`` gives.

    Copies make the memo hit across articles; two versions name both rival
    groups, so whether the other article names an entity differs between
    pairs of the same two sentences.
    """
    from triangulate.stages.align import align_claims
    from triangulate.stages.compare import (
        CompareSettings,
        _context,
        _pair_disagreements,
        _PairMemo,
    )
    from triangulate.stages.extract import extract_claims
    from triangulate.stages.ingest import ingest_articles
    from triangulate.stages.parse import parse_articles

    swapped = WIRE.replace("Red Marsh Front", "Blue Ridge Brigade")
    versions = [WIRE, WIRE, swapped, swapped + " The Red Marsh Front denied any part in it.",
                WIRE + " The Blue Ridge Brigade denied any part in it.",
                WIRE.replace("Four Norlandic", "Seven Norlandic"),
                WIRE.replace("were freed late Tuesday", "were not freed late Tuesday")]
    stories = [[make_article(text, source=f"{k}.txt", outlet=f"Outlet {k}", published=PUB)
                for k, text in enumerate(versions)]]
    stories += [[a for a in ingest_articles([str(d)]) if isinstance(a, Article)]
                for d in sorted(examples_dir.iterdir()) if d.is_dir()]
    compared = 0
    for articles in stories:
        parsed = list(parse_articles(articles))
        claims = list(extract_claims(parsed))
        ctx = _context(claims, parsed, CompareSettings())
        memo = _PairMemo(ctx)
        by_id = {c.id: c for c in claims}
        for al in align_claims(claims):
            a, b = by_id[al.a], by_id[al.b]
            assert list(memo.disagreements(a, b, al.score)) == _pair_disagreements(ctx, a, b, al.score)
            compared += 1
    assert compared > 50


def test_compare_lone_counts_pair_when_another_count_agrees() -> None:
    assert _rewrite_conflicts(
        "The hospital postponed 86 surgeries and diverted ambulances to two other hospitals in the region.",
        "The hospital put off 68 operations and sent ambulances to two other hospitals in the region.",
        dt.date(2024, 6, 4)) == [("number", "68", "86")]


def test_compare_a_date_whose_event_is_the_other_claims_participant() -> None:
    lead = "A small plane skidded off the runway while landing in Sucre on Tuesday, injuring 14 people. "
    conflicts = _rewrite_conflicts(lead + "Heavy rain had been falling at the airport since November 30.",
                                   lead + "It had been raining heavily at the airport since Monday.",
                                   dt.date(2024, 12, 4))
    assert [c[0] for c in conflicts] == ["date"]


def test_compare_a_country_of_origin_against_a_nationality() -> None:
    conflicts = _rewrite_conflicts("A Romanian man was detained at the Nagylak border crossing on Tuesday.",
                                   "On Tuesday a man from Serbia was detained at the Nagylak border crossing.",
                                   dt.date(2023, 9, 27))
    assert [c[0] for c in conflicts] == ["entity"]


def test_compare_negations_in_other_words_agree() -> None:
    assert _rewrite_conflicts(
        "A measles outbreak has infected 312 people, most of them unvaccinated children. "
        "Its chief executive, Daniel Koh, declined to comment.",
        "Measles has infected 312 people, most of them children who had not been vaccinated. "
        "Its chief executive, Daniel Koh, would not comment.",
        dt.date(2024, 4, 3)) == []
    # "without giving details" = "gave no details"
    assert _rewrite_conflicts(
        "The embassy called the accusations baseless and said Moscow would respond in kind, without giving details.",
        "Describing the allegations as baseless, the embassy said Moscow would retaliate in kind but gave no "
        "further details.",
        dt.date(2024, 4, 3)) == []
    # a denial in other words ("beyond their means", "stayed out of", "yet to"): such a claim is not
    # taken to state every verb the other claim negates
    for original, rewrite in [
        ("Patients were being referred to facilities in Obuasi and Accra, although some families said they "
         "could not afford the journey.",
         "Some patients were sent on to hospitals in Obuasi and Accra, though several families said the trip "
         "was beyond their means."),
        ("Doctors at the Komfo hospital went on strike on Monday. Cuban doctors working at the hospital under a "
         "bilateral programme are not taking part.",
         "Doctors at the Komfo hospital walked out on Monday. Doctors from Cuba who work at the hospital through "
         "a bilateral programme have stayed out of the strike."),
        ("The results have not yet been peer-reviewed and will be submitted to regulators before the end of the "
         "year.",
         "The findings, which have yet to undergo peer review, will go to regulators before the year is out."),
    ]:
        assert _rewrite_conflicts(original, rewrite, dt.date(2024, 4, 3)) == []
    # a country against its own people is agreement
    assert _rewrite_conflicts(
        "The company said two tankers chartered from a Norwegian shipping firm would bring gasoline by the weekend.",
        "According to the company, two tankers chartered from a shipping firm in Norway would carry gasoline by "
        "the weekend.",
        dt.date(2024, 4, 3)) == []


def test_compare_holding_a_session_is_not_a_seizure() -> None:
    conflicts = _rewrite_conflicts("The new council will hold its first session on October 3.",
                                   "The council's first session is scheduled for October 13.",
                                   dt.date(2024, 9, 23))
    assert [c[0] for c in conflicts] == ["date"]


def test_compare_two_refusals_to_say_agree_and_a_describing_clause_negates_nothing() -> None:
    assert _rewrite_conflicts(
        "Authorities have not disclosed whether any ransom was paid. GreyLantern publishes stolen files on a "
        "leak site when victims refuse to pay.",
        "Korvan declined to say whether a ransom had been paid. The group has given the utility until "
        "November 14 to pay up or see the stolen files published online.",
        dt.date(2025, 11, 12)) == []


def test_compare_a_count_the_other_claim_gives_too_is_not_paired_against_another() -> None:
    """ "Nine injured miners" is the wire's "nine others were injured", not its fourteen dead."""
    from triangulate.stages.compare import _number_conflicts

    def claim(text: str, *numbers: tuple[str, str, str]) -> Claim:
        facts = tuple(Fact(FactType.NUMBER, t, v, 0, 1, detail=d) for t, v, d in numbers)
        return Claim("c" + text[:3], "a" + text[:3], 0, len(text), text, facts, 0)

    wire = claim("At least fourteen miners died and nine others were injured.",
                 ("At least fourteen", "14-inf", "miner"), ("nine", "9", "other"))
    rewrite = claim("Nine injured miners were brought to hospital.", ("Nine", "9", "miner"))
    assert _number_conflicts(rewrite, wire, 0.9, 0.5) == []


def test_compare_a_labour_strike_is_a_walkout_not_an_attack() -> None:
    from triangulate.api import make_article
    from triangulate.stages.parse import parse_articles

    article = make_article("The previous strike took place on July 29. A missile strike hit the port on May 2.",
                           source="a.txt", published=dt.date(2025, 9, 30))
    (parsed,) = parse_articles([article])
    roles = {t.text: t.role for t in parsed.times}
    assert "E:walkout" in (roles["July 29"] or "")
    assert "E:attack" in (roles["May 2"] or "")


@pytest.mark.parametrize(("original", "rewrite"), [
    # NER splits "Ramon dela Cruz" into a place and an organisation
    ('"The trawler had no working radar at all," Aydın told reporters. Its captain, Ramon dela Cruz, was detained.',
     '"The trawler had no working radar at all," dela Cruz told reporters. Its captain, Ramon dela Cruz, was '
     'detained.'),
    # the surname comes before the full name, and NER labels it MISC
    ('"These calls are crimes, not pranks," Whitlock told reporters. Detective Karen Whitlock leads the case.',
     '"These calls are crimes, not pranks," Haworth told reporters. The school principal, Dean Haworth, was '
     'relieved.'),
    # the whole name labelled an organisation
    ('Envoy Khalid al-Mansouri signed for Qatar. "This agreement is fragile," al-Mansouri said after the signing.',
     'Envoy Khalid al-Mansouri signed for Qatar. "This agreement is fragile," Tahir said after the signing. '
     'Rebel leader Abakar Tahir agreed.'),
    # the surname comes with another label than the full name ("Pratama", GPE)
    ('Bureau head Wahyu Pratama visited Palu. "The main pipeline has cracked in three places," Pratama said.',
     '"The main pipeline has cracked in three places," said Andi Lamaranggi, the provincial governor.'),
    # NER calls the speaker a place
    ('"Peaceful people were attacked for nothing," Levan Gelashvili told reporters on Monday.',
     'Tamar Lomidze, 34, an opposition lawmaker, was among those held, and Nino Beridze, 34, was beaten. '
     '"Peaceful people were attacked for nothing," Nino Beridze told reporters on Monday.'),
])
def test_compare_the_same_words_given_to_another_named_person_are_misattributed(original: str, rewrite: str) -> None:
    assert "speaker" in _fields(original, rewrite)


def test_compare_a_persons_age_is_compared_wherever_it_is_given() -> None:
    wire = ("Gunmen abducted Mayor Rodel Abubakar of Talipao on Monday evening, the military said. "
            "Abubakar, 47, was elected in May 2022.")
    rewrite = ("Talipao mayor Rodel Abubakar was kidnapped by gunmen on Monday evening, according to the military. "
               "Abubakar, 74, won office two years ago.")
    assert ("number", "74", "47") in _rewrite_conflicts(wire, rewrite, PUB)
    same = rewrite.replace("74", "47")
    assert not [c for c in _rewrite_conflicts(wire, same, PUB) if c[0] == "number"]


def test_compare_two_articles_naming_different_holders_of_one_role_conflict() -> None:
    wire = ("A Lyon court sentenced Marc Delorme to six years in prison on Thursday for embezzlement. "
            "Defence lawyer Antoine Mercier said his client would appeal.")
    rewrite = ("Marc Delorme was jailed for six years by a Lyon court on Thursday for embezzlement. "
               "Delorme will appeal, according to his lawyer, Julien Roche.")
    found = _rewrite_conflicts(wire, rewrite, PUB)
    assert ("entity", "Julien Roche", "Antoine Mercier") in found


@pytest.mark.parametrize("rewrite", [
    # the other article names the wire's lawyer too: two lawyers, not a swap
    "Marc Delorme was jailed for six years by a Lyon court on Thursday. His lawyers, Julien Roche and Antoine "
    "Mercier, were not in court. Delorme will appeal, according to his lawyer, Julien Roche.",
    # another minister is another role
    "Marc Delorme was jailed for six years by a Lyon court on Thursday. Foreign Minister Julien Roche declined "
    "to comment on the case.",
])
def test_compare_other_people_in_other_roles_do_not_conflict(rewrite: str) -> None:
    wire = ("A Lyon court sentenced Marc Delorme to six years in prison on Thursday. Defence lawyer Antoine "
            "Mercier said his client would appeal. Interior Minister Anna Berg welcomed the verdict.")
    assert not [c for c in _rewrite_conflicts(wire, rewrite, PUB) if c[0] == "entity"]


@pytest.mark.parametrize(("original", "rewrite", "field"), [
    # a nationality the tagger reads as a proper noun (and NER as an organisation) fills the adjective's slot
    ("A Guatemalan worker was among the dead in the fireworks blast.",
     "Among the dead in the fireworks blast was a Honduran worker.", "entity"),
    # ... but a town before a noun stays a place
    ("Police in the Georgian capital Tbilisi detained 27 protesters on Sunday.",
     "Batumi police detained 27 protesters on Sunday.", "place"),
    # "no longer" negates its verb
    ("Four Nepali guides remain missing after the avalanche.", "Four Nepali guides are no longer missing after the "
     "avalanche.", "negation"),
    # a country people come from is a nationality, not a place
    ("The expedition also included two New Zealand geologists, who mapped the seamount for the first time.",
     "Two geologists from Chile who took part in the expedition mapped the seamount for the first time.", "entity"),
    # a company NER reads as a place is still a company
    ("Workers at South Korean shipbuilder Haedong Heavy Industries have approved a new wage agreement.",
     "A new wage deal at Daesan Marine Engineering, the South Korean shipbuilder, has been approved by workers.",
     "entity"),
    # a superlative "in N years" dates its start against "since"
    ("Kalevo said on Wednesday it would buy the chip designer Oostwave, its biggest acquisition since 2016.",
     "Kalevo announced on Wednesday that it will acquire Oostwave, its largest purchase in two years.", "date"),
])
def test_compare_a_change_is_reported_in_its_field(original: str, rewrite: str, field: str) -> None:
    assert field in _fields(original, rewrite)


def test_compare_a_superlative_in_n_years_agrees_with_its_since() -> None:
    original = "Kalevo said on Wednesday it would buy the chip designer Oostwave, its biggest acquisition since 2016."
    rewrite = "Kalevo announced on Wednesday that it will acquire Oostwave, its largest purchase in nine years."
    assert not _rewrite_conflicts(original, rewrite, dt.date(2025, 7, 18))


def test_align_an_acronym_meets_the_name_it_stands_for() -> None:
    original = "The European Medicines Agency (EMA) said on August 29 it was reviewing the findings."
    rewrite = "The EMA said on Friday that it was reviewing the results."
    found = _rewrite_conflicts(original, rewrite, dt.date(2023, 8, 30))
    assert ("date", "Friday", "August 29") in found


def test_compare_a_vague_count_of_a_noun_the_other_claim_names_uncounted_is_not_paired() -> None:
    original = "The utility said its billing system and several internal networks were encrypted by the attackers."
    rewrite = ("Hackers encrypted the billing system and internal networks of the utility, which serves about "
               "180,000 households.")
    assert not [c for c in _rewrite_conflicts(original, rewrite, PUB) if c[0] == "number"]


def test_compare_a_past_date_and_a_future_deadline_are_not_paired() -> None:
    original = "The attack was claimed on Monday by GreyLantern, a group that publishes stolen files when victims refuse to pay."
    rewrite = "The group has given the utility until March 20 to pay up or see the stolen files published online."
    assert not [c for c in _rewrite_conflicts(original, rewrite, PUB) if c[0] == "date"]


def test_compare_a_date_with_the_wrong_weekday_conflicts_with_the_same_date() -> None:
    original = "The service said the recount would begin on November 9 and be completed within a week."
    rewrite = "According to the service, the recount will start on Monday, November 9, and finish within seven days."
    day = dt.date(2023, 11, 6)  # November 9, 2023 is a Thursday
    a = make_article(original, source="a.txt", outlet="Wire", published=day)
    b = make_article(rewrite, source="b.txt", outlet="Daily", published=day)
    report = check_articles([a, b])
    found = {v.claim.article_id: c for v in report.verdicts for c in v.conflicts}
    assert found[b.id].field == "date"
    assert found[b.id].explanation == "Says “Monday, November 9”, but 2023-11-09 is a Thursday (Wire says “November 9”)."
    assert found[a.id].explanation == "Daily says “Monday, November 9”, but 2023-11-09 is a Thursday (this article: “November 9”)."
    right = rewrite.replace("Monday", "Thursday")
    assert not _rewrite_conflicts(original, right, day)


@pytest.mark.parametrize(("original", "rewrite"), [
    # a negated subject negates its clause
    ("No group has claimed responsibility for the abduction.",
     "Responsibility for the kidnapping has not been claimed by any group."),
    ("Payment card details were not affected, it said.", "It said no payment card details were affected."),
    ("Dr Anna Brunner said there had been no reports of patients falling ill.",
     "No patients have been reported ill, according to Dr Anna Brunner."),
    # ... but "no X had been deadlier" is a superlative
    ("It was the deadliest road accident in the region in three years.",
     "No road accident in the region had been deadlier since a crash three years ago."),
    # a refusal in the sentence's own statement counts, one in a condition does not
    ("A 72-year-old shepherd died after refusing to leave his farm, police said.",
     "Police said a shepherd, 72, had died after he refused to abandon his farm."),
    # a country and its people
    ("A team of Belgian epidemiologists is expected to arrive at the end of the week.",
     "Epidemiologists from Belgium are expected by the end of the week."),
    # "should ease by Sunday" looks forward
    ("The meteorological department said the heatwave would ease by March 17.",
     "The heatwave should ease by Sunday, according to the meteorological department."),
])
def test_compare_restatements_in_other_words_agree(original: str, rewrite: str) -> None:
    assert _rewrite_conflicts(original, rewrite, PUB) == []


def test_extract_a_speakers_description_is_part_of_the_attribution() -> None:
    quote = '"We are seeing entire families arrive at once, and some are too weak to walk,"'
    original = f"{quote} said Patrick Ilunga, a nurse at the Tshikapa general hospital."
    rewrite = f"{quote} said Patrick Ilunga, who works as a nurse at Tshikapa general hospital."
    a = make_article(original, source="a.txt", outlet="Wire", published=PUB)
    b = make_article(rewrite, source="b.txt", outlet="Daily", published=PUB)
    report = check_articles([a, b])
    assert [v.claim.kind for v in report.verdicts if v.claim.article_id == b.id] == ["quote"]


@pytest.mark.parametrize(("original", "rewrite", "conflict"), [
    # two ranges must start and end alike, not merely overlap
    ("Names were accessed by an unauthorised party between June 12 and June 20, the company said.",
     "Between June 2 and June 20, someone without authorisation accessed names, the company said.", True),
    ("The recall covers seats made between March 2022 and August 2024.",
     "Seats produced from March 2020 to August 2024 are covered by the recall.", True),
    ("The recall covers seats made between March 2022 and August 2024.",
     "Seats produced from March 2022 to August 2024 are covered by the recall.", False),
    # two round figures a fifth apart are two figures
    ("Around 4,500 of the soldiers are from the United States.",
     "The United States has sent roughly 5,400 of the soldiers.", True),
    ("Around 4,500 of the soldiers are from the United States.",
     "The United States has sent roughly 4,600 of the soldiers.", False),
])
def test_compare_ranges_and_round_figures(original: str, rewrite: str, conflict: bool) -> None:
    assert bool(_rewrite_conflicts(original, rewrite, PUB)) is conflict


@pytest.mark.parametrize(("original", "rewrite"), [
    # a locative slot of the same word, verb or noun
    ("The merged firm, to be called KT Robotics, will employ around 19,000 people and will have its "
     "headquarters in Osaka.",
     "Named KT Robotics, the combined firm will be headquartered in Kobe and have a workforce of about 19,000."),
    # NER calls the village an EVENT, and the district a nationality
    ("The blaze broke out on Monday afternoon near the village of Kirinthos and was fanned by strong winds.",
     "Fanned by strong winds, the blaze broke out on Monday afternoon near the village of Limni."),
    ("The first case was confirmed on February 19 in Songinokhairkhan district, and cases have doubled since.",
     "The outbreak began with a case confirmed on February 19 in Bayanzurkh district, and cases have doubled "
     "since."),
])
def test_compare_a_moved_place_conflicts(original: str, rewrite: str) -> None:
    assert "place" in _fields(original, rewrite)


def test_compare_a_place_moved_in_one_sentence_of_a_close_rewrite_conflicts() -> None:
    original = ("Health authorities have confirmed a cholera outbreak in Tshikapa, a town in Kasai province, where 38 "
                "people have died since August 14, the provincial health ministry said on Monday. The hospital in "
                "Tshikapa is full.")
    rewrite = ("Cholera has killed 38 people in Ilebo, a town in Kasai province, since August 14, according to the "
               "provincial health ministry, which confirmed the outbreak on Monday. The hospital in Tshikapa is full.")
    assert ("place", "Ilebo", "Tshikapa") in _rewrite_conflicts(original, rewrite, PUB)


def test_compare_the_only_year_of_each_claim_is_compared() -> None:
    original = ("The signalling system was installed by a Spanish company, Ferrosignal Iberia, in 2019, and the line "
                "had been closed for maintenance from September 6 to September 14.")
    rewrite = "The signalling system was put in two years ago by a Spanish firm, Ferrosignal Iberia."
    assert ("date", "two years ago", "2019") in _rewrite_conflicts(original, rewrite, dt.date(2025, 10, 1))
    agreeing = rewrite.replace("two years ago", "six years ago")
    assert _rewrite_conflicts(original, agreeing, dt.date(2025, 10, 1)) == []


@pytest.mark.parametrize(("original", "rewrite"), [
    ("The Lithuanian ambassador, who attended the rally, called for restraint.",
     "Estonia's ambassador, who was present at the rally, urged restraint."),
    ("Two Canadair planes sent by Italy under the EU civil protection mechanism arrived on the island.",
     "Two Canadair aircraft sent by Spain through the EU's civil protection mechanism reached the island."),
])
def test_compare_a_country_against_a_nationality_or_another_acting_country(original: str, rewrite: str) -> None:
    assert "entity" in _fields(original, rewrite)


def test_compare_a_person_renamed_across_sentences_conflicts() -> None:
    original = ("A Canadian mining engineer kidnapped in the Mexican state of Guerrero on May 12 was found alive on "
                "Monday, state prosecutors said. Daniel Fortier, 52, an employee of Silvercrest Metals, was rescued "
                "by soldiers from a house in the town of Coyuca de Catalan.")
    rewrite = ("Canadian mining engineer Michel Gagnon, who was kidnapped in Mexico's Guerrero state on May 12, was "
               "found alive on Monday, according to state prosecutors. Soldiers rescued the 52-year-old, who works "
               "for Silvercrest Metals, from a house in Coyuca de Catalan.")
    assert ("entity", "Michel Gagnon", "Daniel Fortier") in _rewrite_conflicts(original, rewrite, PUB)
    named = rewrite.replace("Michel Gagnon", "Daniel Fortier")
    assert _rewrite_conflicts(original, named, PUB) == []


def test_compare_two_reports_quoting_different_witnesses_do_not_conflict() -> None:
    original = ("The blast shook the whole street shortly after 9 p.m., police said. \"It sounded like a bomb,\" said "
                "shopkeeper John Okafor.")
    rewrite = ("The explosion shook the street shortly after 9 p.m., police said. \"I thought the roof would fall,\" "
               "said Maria Santos, who lives nearby.")
    assert not [c for c in _rewrite_conflicts(original, rewrite, PUB) if c[0] == "entity"]


def test_compare_a_company_named_in_apposition_is_an_organisation() -> None:
    original = "The signalling system was installed by a Spanish company, Ferrosignal Iberia, in 2019."
    rewrite = "The signalling system was put in six years ago by a Spanish firm, Vialtec Sistemas."
    assert ("entity", "Vialtec Sistemas", "Ferrosignal Iberia") in _rewrite_conflicts(original, rewrite,
                                                                                        dt.date(2025, 10, 1))


def test_compare_times_counted_from_another_event() -> None:
    """Fictional: the wire's "three days earlier" against a rewrite's "three weeks earlier"."""
    wire = ("Investigators believe the freight train hit a snowdrift on a curve near Pavlodar that had "
            "last been cleared three days earlier, the railway operator said on Tuesday.")
    same = ("The freight train struck packed snow on a bend near Pavlodar which had last been cleared "
            "three days before, the railway operator said on Tuesday.")
    changed = same.replace("three days before", "three weeks before")
    assert _fields(wire, same) == set()
    conflicts = _rewrite_conflicts(wire, changed, PUB)
    assert [(f, v, o) for f, v, o in conflicts if f == "date"] == [("date", "three weeks before", "three days earlier")]


def test_compare_look_backs_of_other_lengths_conflict() -> None:
    """Fictional: "over the past year" inside "over the past month" is not the same claim."""
    wire = "Five other reporters have been detained in the Amhara region over the past year, the network said."
    assert _fields(wire, wire.replace("over the past year", "in the past 12 months")) == set()
    assert _fields(wire, wire.replace("over the past year", "over the past month")) == {"date"}


@pytest.mark.parametrize(("original", "rewrite"), [
    # a cap, not a denial
    ("Transport Minister Dina Sadykova has ordered speeds on the route cut to 60 km/h until February 1.",
     "Until February 1, trains on the route must not exceed 60 km/h under an order from Transport Minister "
     "Dina Sadykova."),
    # a time, not a denial
    ("Salcedo said he would wait for the official count, due to be completed on Wednesday, before deciding "
     "whether to challenge the result.",
     "Salcedo said he would not decide whether to contest the outcome until the official tally, which is "
     "expected to be finished on Wednesday."),
    # a superlative, not a denial
    ("Reservoirs serving Marrakesh fell to 11 percent of capacity, the lowest level since records began in 1998.",
     "Reservoirs supplying Marrakesh have dropped to 11 percent of their capacity, a low not seen since "
     "records began in 1998."),
    # "stopped ... from picking up" denies as "failed to take up" does
    ("Energy Minister Batbold Ganzorig said a backup line from Darkhan had failed to take up the load because "
     "of a relay fault flagged during maintenance on November 22.",
     "A relay fault identified during maintenance on November 22 stopped a backup line from Darkhan from "
     "picking up the load, Energy Minister Batbold Ganzorig said."),
    # "no side effects" in both, whatever the verb
    ("Dr Camila Restrepo said no serious side effects linked to the vaccine were recorded.",
     "There were no serious side effects attributable to the vaccine, according to Dr Camila Restrepo."),
    # opposite words that only describe nouns, or on both sides of one claim, state nothing opposite
    ("Nordvik Foods said on Tuesday it would close its plant in Alesund, blaming falling salmon prices and "
     "higher energy costs.",
     "Nordvik Foods announced on Tuesday that it will shut its Alesund plant, citing lower salmon prices and "
     "rising energy bills."),
    ("The co-defendant, a 29-year-old Polish man, was cleared of murder but convicted of robbery.",
     "A 29-year-old Polish co-defendant was acquitted of murder but found guilty of robbery."),
    # denials in other words: "without pay", "fell short of"
    ("Teachers have not been paid for three months and are owed 4.7 billion naira, the union said.",
     "Teachers have gone without pay for three months and are owed 4.7 billion naira, the union said."),
    ("Katrin Wollenberg, the union's negotiator, said the offer would not compensate for inflation.",
     "Katrin Wollenberg, who is negotiating for the union, said the offer fell short of inflation."),
])
def test_compare_not_that_does_not_deny_agrees(original: str, rewrite: str) -> None:
    """Fictional pairs: each rewrite says what the original says."""
    assert [c for c in _rewrite_conflicts(original, rewrite, dt.date(2024, 4, 3)) if c[0] == "negation"] == []


@pytest.mark.parametrize(("original", "rewrite"), [
    ("Plant manager Gerald Thibodeau said a restart was unlikely before June 20.",
     "The plant was likely to restart before June 20, plant manager Gerald Thibodeau said."),
    ("Roberto Santangelo, the former technical director, has denied any responsibility through his lawyers.",
     "Through his lawyers, Roberto Santangelo, formerly technical director, has accepted responsibility."),
    # "has not been suspended until" denies (only a modal or "did" makes "not ... until" a time)
    ("The museum's director has been suspended pending an internal review, the ministry said.",
     "The museum's director has not been suspended until an internal review is completed, the ministry said."),
])
def test_compare_opposites_and_denials_conflict(original: str, rewrite: str) -> None:
    """Fictional pairs: each rewrite says the opposite."""
    assert "negation" in _fields(original, rewrite)


def test_compare_the_same_date_words_on_the_same_day_agree() -> None:
    """Fictional: the tense reads one "January" as past and the other as future; the words are the same."""
    assert _rewrite_conflicts(
        "Harvesting began in late October and will run until January, the cooperative said.",
        "Picking started at the end of October and is due to run until January, the cooperative said.",
        dt.date(2024, 11, 20)) == []


def test_compare_a_persons_employer_is_an_organisation_not_a_place() -> None:
    """Fictional: "an analyst at X" names whom the analyst works for."""
    original = ("Analyst Kim Dae-sung of Daeyang Securities said the loss was wider than the 150 billion won "
                "the market had expected.")
    rewrite = ("The market had expected a smaller loss of 150 billion won, said Kim Dae-sung, an analyst at "
               "Seorin Investment.")
    assert "entity" in _fields(original, rewrite)
    assert "place" not in _fields(original, rewrite)


def test_compare_counts_of_the_same_kind_of_thing_pair() -> None:
    """Fictional: travellers are passengers, votes are deputies voting, twice is two times."""
    original = "About 9,500 passengers were affected, mainly at Dublin and Cork airports, the airline said."
    rewrite = "Some 9,500 travellers, most of them at Cork and Dublin airports, were affected, the airline said."
    assert _fields(original, rewrite) == set()
    assert "number" in _fields(original, rewrite.replace("9,500", "5,900"))
    fined = "Grupo Vale Verde employs around 1,800 people and has been fined twice by state authorities."
    assert "number" in _fields(fined, fined.replace("fined twice", "fined three times"))


@pytest.mark.parametrize(("original", "rewrite"), [
    ("The plant was proposed by Aguamar Andina, a consortium led by the Spanish group Hidrotec.",
     "Behind the plant is Aguamar Andina, a consortium headed by Hidrotec of Italy."),
    ("The freight train, owned by the Slovak company Tatra Cargo, had stopped because of a brake problem.",
     "The freight train, which belongs to Poland's Tatra Cargo, had halted because of a brake fault."),
])
def test_compare_a_named_firms_country_against_its_nationality(original: str, rewrite: str) -> None:
    """Fictional: "Hidrotec of Italy" against "the Spanish group Hidrotec" is a changed nationality."""
    assert "entity" in _fields(original, rewrite)
    faithful = rewrite.replace("of Italy", "of Spain").replace("Poland's", "Slovakia's")
    assert _fields(original, faithful) == set()


def test_compare_she_said_is_the_subject_named_just_before() -> None:
    """Fictional: "she said" after "Novotná, 26, praised her opponent." is Novotná's, so the same words
    given to another person are misattributed, and given to her are not."""
    original = ("Spanish teenager Lucía Barredo won her first title on Sunday, beating Czech second seed Klára Novotná "
                "6-4, 3-6, 7-5 in the final in Murcia. Novotná, 26, praised her opponent. "
                '"She plays without fear, and that is rare at her age," she said.')
    rewrite = original.replace('at her age," she said.', 'at her age," Novotná said.')
    assert _fields(original, rewrite) == set()
    wrong = original.replace('at her age," she said.', 'at her age," Marta Villalba said.')
    a = make_article(original, source="a.txt", outlet="Wire", published=PUB)
    b = make_article(wrong, source="b.txt", outlet="Daily", published=PUB)
    statuses = {v.quote_status for v in check_articles([a, b]).verdicts if v.claim.article_id == b.id
                and v.claim.kind == "quote"}
    assert "misattributed" in statuses


def test_compare_a_superlatives_period_does_not_date_the_event() -> None:
    """Fictional: "the highest in 15 years" spans last week and last month alike; the two still differ."""
    original = "Export prices for robusta reached 2,950 dollars a tonne last week, the highest in 15 years."
    assert _fields(original, "Last week, robusta for export fetched 2,950 dollars per tonne, a 15-year high.") \
        == set()
    assert "date" in _fields(original, "Last month, robusta for export fetched 2,950 dollars per tonne, a 15-year high.")
