"""Story grouping: reprints, new stories, time-separated threads, other languages, state."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest

from triangulate.errors import ConfigError
from triangulate.ids import article_id
from triangulate.records import Article
from triangulate.stages.group import GroupSettings, StoryIndex, group_stories

# Tiny fictional corpus. Names, places and numbers are invented.

KIDNAP_WIRE = """\
Gunmen kidnapped four truck drivers from Veltria on the road between Orsk Valley and Port Hamlin
on Saturday, the Veltrian transport ministry said on Monday. The drivers, employed by the haulage firm
Kessler Brothers, were carrying 40 tonnes of maize when their convoy was stopped near the village of
Dunmere. Transport minister Alma Rostova said the kidnappers had demanded a ransom of 250,000 dollars.
"We are doing everything to bring them home," Rostova told reporters in Port Hamlin. The Orsk Valley
Liberation Front has kidnapped foreign workers on the same road before: in March two engineers
from the Halvard mine were abducted and held for six weeks.
"""

KIDNAP_REPRINT = KIDNAP_WIRE.replace("on Saturday", "last Saturday").replace(
    "told reporters in Port Hamlin", "told journalists in Port Hamlin")

KIDNAP_REWRITE = """\
Four Veltrian lorry drivers working for Kessler Brothers were seized by armed men near Dunmere, on the
road from Orsk Valley to Port Hamlin, the transport ministry of Veltria announced. Minister Alma Rostova
said the abductors want 250,000 dollars for their release. The drivers were hauling 40 tonnes of maize.
Officials suspect the Orsk Valley Liberation Front, which abducted two Halvard mine engineers in March.
Rostova said the government was doing everything to bring the four drivers home.
"""

RELEASE = """\
The four truck drivers from Veltria who were kidnapped on the road between Orsk Valley and Port Hamlin
have been released after eleven weeks in captivity, transport minister Alma Rostova said on Tuesday.
The men, who work for Kessler Brothers, arrived in Port Hamlin in good health and were reunited with
their families. Rostova thanked mediators from the Dunmere council and denied that a ransom had been
paid to the Orsk Valley Liberation Front. The drivers told doctors they had been moved between camps in
the hills every few days.
"""

UNRELATED = """\
The city council of Marrowby approved a new budget for public libraries on Wednesday, adding funds for
longer opening hours and a mobile library that will visit outlying villages twice a week. Council
leader Tobias Wren said reading programmes for children would double. The budget also pays for the
repair of the roof of the central library, closed since a storm in the winter. Librarians welcomed the
plan but said more staff were needed to run the mobile service.
"""

FRENCH_SAME = """\
Quatre chauffeurs routiers de Veltria ont été enlevés samedi entre Orsk Valley et Port Hamlin, a annoncé
lundi la ministre des Transports Alma Rostova. Les chauffeurs de la société Kessler Brothers
transportaient 40 tonnes de maïs près du village de Dunmere. Les ravisseurs réclament une rançon de
250 000 dollars, selon Rostova. Le Orsk Valley Liberation Front avait déjà enlevé en mars deux
ingénieurs de la mine Halvard.
"""

FRENCH_UNRELATED = """\
Le club de football de Lisandre a battu Montclair trois buts à un dimanche soir devant douze mille
spectateurs. L'entraîneur Paul Ferrand a salué la discipline de ses joueurs, tandis que le capitaine
Hugo Marchetti a marqué deux fois en seconde période. Le prochain match aura lieu au stade Bellevue.
"""


def make(body: str, published: dt.date | None = None, language: str = "en", outlet: str = "x") -> Article:
    return Article(id=article_id(body), source=f"{outlet}.txt", body=body, outlet=outlet,
                   published=published, language=language)


MAY_3 = dt.date(2025, 5, 3)
MAY_4 = dt.date(2025, 5, 4)
AUG_5 = dt.date(2025, 8, 5)


def corpus() -> list[Article]:
    return [
        make(KIDNAP_WIRE, MAY_3, outlet="wire"),
        make(UNRELATED, MAY_3, outlet="gazette"),
        make(KIDNAP_REPRINT, MAY_4, outlet="daily"),
        make(KIDNAP_REWRITE, MAY_4, outlet="farm"),
        make(RELEASE, AUG_5, outlet="wire"),
        make(FRENCH_SAME, MAY_4, language="fr", outlet="journal"),
        make(FRENCH_UNRELATED, MAY_4, language="fr", outlet="sport"),
    ]


def test_group_reprint_joins_its_story() -> None:
    wire, reprint = make(KIDNAP_WIRE, MAY_3), make(KIDNAP_REPRINT, MAY_4)
    first, second = group_stories([wire, reprint])
    assert second.story_id == first.story_id
    assert second.match == "reprint"
    assert second.score >= GroupSettings().reprint_threshold


def test_group_rewrite_joins_its_story() -> None:
    a = list(group_stories([make(KIDNAP_WIRE, MAY_3), make(UNRELATED, MAY_3), make(KIDNAP_REWRITE, MAY_4)]))
    assert a[2].story_id == a[0].story_id
    assert a[2].match == "similar"


def test_group_unrelated_article_starts_new_story() -> None:
    first, other = group_stories([make(KIDNAP_WIRE, MAY_3), make(UNRELATED, MAY_3)])
    assert other.story_id != first.story_id
    assert other.thread_id != first.thread_id
    assert other.match == "new" and other.score == 1.0


def test_group_story_ids_are_stable() -> None:
    wire = make(KIDNAP_WIRE, MAY_3)
    (a,) = group_stories([wire])
    assert a.story_id.startswith("s") and a.thread_id.startswith("t")
    (b,) = group_stories([wire])
    assert (a.story_id, a.thread_id) == (b.story_id, b.thread_id)


def test_group_incremental_add_matches_batch() -> None:
    articles = corpus()
    batch = list(group_stories(articles))
    index = StoryIndex()
    one_by_one = [index.add(a) for a in articles]
    assert one_by_one == batch
    # adding an article again is idempotent
    assert index.add(articles[2]) == batch[2]
    assert len(index) == len(articles)


def test_group_same_actors_months_apart_are_separate_stories_in_one_thread() -> None:
    kidnap, rewrite, release = (make(KIDNAP_WIRE, MAY_3), make(KIDNAP_REWRITE, MAY_4), make(RELEASE, AUG_5))
    index = StoryIndex()
    a, b, c = (index.add(x) for x in (kidnap, rewrite, release))
    assert b.story_id == a.story_id
    assert c.story_id != a.story_id
    assert c.thread_id == a.thread_id
    stories = {s.id: s for s in index.stories()}
    assert stories[a.story_id].article_ids == (kidnap.id, rewrite.id)
    assert stories[a.story_id].first == MAY_3 and stories[a.story_id].last == MAY_4
    assert stories[c.story_id].first == AUG_5


DEPOT = """\
The haulage firm Kessler Brothers opened a new truck depot in Marrowby on Tuesday, its chief executive
Ilse Varga said. The depot will employ 120 drivers and mechanics, and the firm's trucks will carry maize
and timber from the farms of the Lisandre plain to the port of Bellmouth. Varga said the company had
ordered thirty new lorries and would train young drivers at the depot.
"""


def test_group_one_shared_organisation_is_not_a_thread() -> None:
    # the depot story names the kidnapped drivers' employer and nothing else of the kidnapping:
    # similar enough for a thread on words alone, but not the same actors
    kidnap, depot = make(KIDNAP_WIRE, MAY_3), make(DEPOT, AUG_5)
    a, b = group_stories([kidnap, depot])
    assert b.story_id != a.story_id
    assert b.thread_id != a.thread_id
    a0, b0 = group_stories([kidnap, depot], GroupSettings(thread_names=0))
    assert b0.thread_id == a0.thread_id  # without the rule on names, the firm alone links them


SHOOTING = """\
Police in Sarnhold arrested a 34-year-old man, Petr Lanik, on Friday after a shooting outside the Golden
Mill bar that left two people dead, the regional police said. The victims, Ondra Basta and Klara Weiss,
were regulars at the bar, according to its owner. Witnesses said Lanik had argued with Basta inside
before the shooting. Lanik is expected to appear before a magistrate on Monday.
"""

TRIAL = """\
The trial of Petr Lanik, accused of shooting dead two people outside a bar in Sarnhold in March, opened
on Tuesday at the regional court in Velden. Prosecutor Hana Sedlak told judge Martin Roubal that Lanik
had threatened Ondra Basta days before the killing. Lanik's lawyer, Tomas Kral, said his client acted in
self-defence and would plead not guilty. The trial is expected to last three weeks.
"""


def test_group_later_phase_with_new_people_keeps_the_thread() -> None:
    # the trial brings a prosecutor, a judge and a lawyer, but the accused, a victim and the town
    # are the same actors: a separate story in the same thread
    a, b = group_stories([make(SHOOTING, MAY_3), make(TRIAL, AUG_5)])
    assert b.story_id != a.story_id
    assert b.thread_id == a.thread_id


def test_group_same_release_story_joins_without_dates_gap() -> None:
    # the same text published the same week as the kidnapping would have joined it
    a, c = group_stories([make(KIDNAP_WIRE, MAY_3), make(RELEASE, MAY_4)])
    assert c.thread_id == a.thread_id


def test_group_french_article_with_same_names_joins_english_story() -> None:
    en, fr = make(KIDNAP_WIRE, MAY_3), make(FRENCH_SAME, MAY_4, language="fr")
    a, b = group_stories([en, fr])
    assert b.story_id == a.story_id
    assert b.match == "cross-language"


def test_group_unrelated_french_article_stays_apart() -> None:
    a, b, c = group_stories([
        make(KIDNAP_WIRE, MAY_3),
        make(FRENCH_UNRELATED, MAY_4, language="fr"),
        make(KIDNAP_REWRITE, MAY_4),
    ])
    assert b.story_id not in {a.story_id, c.story_id}
    assert b.thread_id != a.thread_id


def test_group_french_article_with_few_shared_names_stays_apart() -> None:
    # shares only "Veltria" and "Port Hamlin" with the English story: not enough anchors
    fr = make("Le port de Port Hamlin a rouvert mardi après des travaux, a indiqué l'autorité portuaire "
              "de Veltria. Les ferries reprendront leurs rotations vers les îles la semaine prochaine.",
              MAY_4, language="fr")
    a, b = group_stories([make(KIDNAP_WIRE, MAY_3), fr])
    assert b.story_id != a.story_id


@pytest.mark.parametrize("via", ["json", "bytes", "pickle"])
def test_group_state_round_trip_preserves_assignments(via: str) -> None:
    articles = corpus()
    whole = StoryIndex()
    expected = [whole.add(a) for a in articles]

    index = StoryIndex()
    first = [index.add(a) for a in articles[:3]]
    if via == "json":
        restored = StoryIndex.from_state(json.loads(json.dumps(index.to_state())))
    elif via == "bytes":
        restored = StoryIndex.from_bytes(index.to_bytes())
    else:
        restored = pickle.loads(pickle.dumps(index))
    assert [restored.assignment(a.id) for a in articles[:3]] == first
    rest = list(group_stories(articles[3:], index=restored))
    assert first + rest == expected
    assert [s.to_dict() for s in restored.stories()] == [s.to_dict() for s in whole.stories()]



BLAZE = Path(__file__).resolve().parents[1] / "fixtures" / "group" / "warehouse-fire"
"""One fire: a report of the fire, one of the arson inquiry (too different to join it), and one of both."""


def blaze() -> list[Article]:
    fire, arson, both = (BLAZE / n for n in ("1-fire.txt", "2-arson.txt", "3-both.txt"))
    return [make(fire.read_text(), MAY_3), make(arson.read_text(), MAY_4), make(both.read_text(), MAY_4)]


def test_group_article_bridging_two_stories_of_one_event_merges_them() -> None:
    fire, arson, both = blaze()
    index = StoryIndex(GroupSettings(story_merge_centroid=0.3))
    a, b, c = (index.add(x) for x in (fire, arson, both))
    assert a.story_id != b.story_id  # too little in common: two stories at first
    assert c.story_id == a.story_id and c.match == "similar"
    # the older story keeps its id; the other's articles move to it, its id becomes an alias
    assert index.assignment(arson.id).story_id == a.story_id
    assert index.story_aliases() == {b.story_id: a.story_id}
    assert index.resolve_story(b.story_id) == index.resolve_story(a.story_id) == a.story_id
    (story,) = index.stories()
    assert story.id == a.story_id and story.article_ids == (fire.id, arson.id, both.id)
    assert (story.first, story.last) == (MAY_3, MAY_4)
    with pytest.raises(KeyError):
        index.resolve_story("s-unknown")


def test_group_stories_stay_apart_when_their_centroids_differ() -> None:
    fire, arson, both = blaze()
    index = StoryIndex(GroupSettings(story_merge_centroid=0.9))
    a, b, _ = (index.add(x) for x in (fire, arson, both))
    assert index.assignment(arson.id).story_id == b.story_id != a.story_id
    assert index.story_aliases() == {}
    assert len(index.stories()) == 2


def test_group_merged_stories_survive_the_state_round_trip() -> None:
    fire, arson, both = blaze()
    settings = GroupSettings(story_merge_centroid=0.3)
    index = StoryIndex(settings)
    for x in (fire, arson, both):
        index.add(x)
    restored = StoryIndex.from_state(json.loads(json.dumps(index.to_state())))
    assert restored.story_aliases() == index.story_aliases()
    assert [s.to_dict() for s in restored.stories()] == [s.to_dict() for s in index.stories()]
    more = make(arson.body.replace("Wednesday", "Thursday"), MAY_4)
    assert restored.add(more) == index.add(more)


def test_group_state_written_before_story_merges_still_loads() -> None:
    index = StoryIndex()
    expected = [index.add(a) for a in corpus()]
    state = index.to_state()
    del state["stories"]["merged_into"]
    restored = StoryIndex.from_state(state)
    assert [restored.assignment(a.article_id) for a in expected] == expected
    assert restored.story_aliases() == {}


def test_group_state_written_before_the_rule_on_names_keeps_linking_without_it() -> None:
    index = StoryIndex(GroupSettings(thread_names=0))
    index.add(make(KIDNAP_WIRE, MAY_3))
    state = index.to_state()
    del state["settings"]["thread_names"]
    restored = StoryIndex.from_state(state)
    assert restored.settings.thread_names == 0
    depot = make(DEPOT, AUG_5)
    assert restored.add(depot) == index.add(depot)


def test_group_state_of_other_kind_is_refused() -> None:
    with pytest.raises(ConfigError, match="not a story index state"):
        StoryIndex.from_state({"format": "something.else"})
    with pytest.raises(ConfigError, match="not compressed JSON"):
        StoryIndex.from_bytes(b"garbage")


def test_group_index_settings_must_match() -> None:
    index = StoryIndex(GroupSettings(threshold=0.4))
    with pytest.raises(ConfigError, match="other settings"):
        list(group_stories([make(UNRELATED)], GroupSettings(threshold=0.2), index=index))
    list(group_stories([make(UNRELATED)], index=index))  # default settings defer to the index


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": 0}, r"threshold must be a number in \(0, 1\], got 0"),
        ({"threshold": 1.5}, r"threshold must be a number in \(0, 1\], got 1.5"),
        ({"threshold": "high"}, r"threshold must be a number in \(0, 1\], got 'high'"),
        ({"threshold": 0.3, "thread_threshold": 0.5}, r"thread_threshold \(0.5\) must not exceed threshold \(0.3\)"),
        ({"threshold": 0.3, "far_threshold": 0.2}, r"far_threshold \(0.2\) must be at least threshold \(0.3\)"),
        ({"merge_threshold": 0.01}, r"merge_threshold \(0.01\) must be at least the thread threshold"),
        ({"reprint_threshold": 0}, r"reprint_threshold must be a number in \(0, 1\]"),
        ({"num_perm": 4}, r"num_perm must be an integer from 8 to 1024, got 4"),
        ({"shingle_words": 0}, r"shingle_words must be an integer from 1 to 12, got 0"),
        ({"max_gap_days": -1}, r"max_gap_days must be an integer from 0"),
        ({"max_candidates": 2.5}, r"max_candidates must be an integer"),
        ({"max_terms": 500, "max_story_terms": 100}, r"max_story_terms must be an integer from 500"),
        ({"anchor_weight": 0}, r"anchor_weight must be a number in \(0, 10\]"),
        ({"story_merge_centroid": 0}, r"story_merge_centroid must be a number in \(0, 1\], got 0"),
        ({"story_merge_threshold": 1.2}, r"story_merge_threshold must be a number in \(0, 1\]"),
        ({"thread_names": -1}, r"thread_names must be an integer from 0 to 100, got -1"),
        ({"thread_names": 0.5}, r"thread_names must be an integer from 0 to 100, got 0.5"),
    ],
)
def test_group_settings_validation_messages(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        GroupSettings(**kwargs)  # type: ignore[arg-type]


def test_group_settings_derive_from_threshold() -> None:
    s = GroupSettings(threshold=0.4)
    assert s.thread_cutoff == pytest.approx(0.4 * 2 / 3)
    assert s.far_cutoff == pytest.approx(0.88)
    assert s.merge_cutoff == pytest.approx(0.3)
    assert s.cross_language_cutoff == pytest.approx(0.5)
    assert s.story_merge_cutoff == pytest.approx(0.4)
    assert s.lsh_bands * s.lsh_rows <= s.num_perm
    assert GroupSettings.from_dict(s.to_dict()) == s
    with pytest.raises(ConfigError, match="unknown keys"):
        GroupSettings.from_dict({"treshold": 0.3})
