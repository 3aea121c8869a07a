"""Entity keys within an article and identity across articles."""

from __future__ import annotations

import pytest

from triangulate.nlp.entities import acronym, assign_keys, name_key, same_entity


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (["NIESS"], ["National Intelligence and External Security Service"]),
        (["National Service for Intelligence and External Security"], ["National Intelligence and External Security Service"]),
        (["Ruto"], ["William Ruto"]),
        (["President William Ruto"], ["William Ruto"]),
        (["al-Shabab"], ["al-Shabaab"]),
        (["the Ministry of Foreign Affairs"], ["Foreign Affairs Ministry"]),
        (["Société Générale"], ["Societe Generale"]),
        # the first of two surnames
        (["Carvajal"], ["Itzel Carvajal Ochoa"]),
        # a country and its people
        (["Norway"], ["Norwegian"]),
        (["Cuba"], ["Cuban"]),
        (["the United States"], ["American"]),
        (["the Democratic Republic of Congo"], ["Congolese"]),
        (["Sri Lanka"], ["Sri Lankan"]),
    ],
)
def test_entities_same_entity_under_other_names(a: list[str], b: list[str]) -> None:
    assert same_entity(a, b)
    assert same_entity(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (["Sable Front"], ["Karst Hills Brigade"]),
        (["John Mwangi"], ["Peter Mwangi"]),
        (["Kenya"], ["Uganda"]),
        (["NIS"], ["National Police Service"]),
        (["Austria"], ["Australian"]),
        (["South Africa"], ["North African"]),
    ],
)
def test_entities_different_entities_stay_apart(a: list[str], b: list[str]) -> None:
    assert not same_entity(a, b)


def test_entities_acronym_and_surname_share_the_full_name_key() -> None:
    mentions = [
        ("the National Intelligence Service", "ORG"),
        ("NIS", "ORG"),
        ("John Mwangi", "PERSON"),
        ("Mwangi", "PERSON"),
        ("Kenya", "GPE"),
    ]
    keys = assign_keys(mentions)
    assert keys[0] == keys[1] == name_key("National Intelligence Service")
    assert keys[2] == keys[3]
    assert keys[4] == "kenya"


def test_entities_acronym_needs_two_words() -> None:
    assert acronym("National Intelligence Service") == "nis"
    assert acronym("Kenya") == ""


def test_entities_a_surname_before_the_full_name_shares_its_key() -> None:
    keys = assign_keys([("Haworth", "MISC"), ("Brisbane", "GPE"), ("Dean Haworth", "PERSON")])
    assert keys[0] == keys[2] == name_key("Dean Haworth")
    # two later people of that surname: the short name stays apart
    keys = assign_keys([("Okoro", "PERSON"), ("Ada Okoro", "PERSON"), ("Ben Okoro", "PERSON")])
    assert keys[0] == "okoro"


def test_entities_names_with_particles_look_like_people() -> None:
    from triangulate.nlp.entities import looks_like_person

    assert looks_like_person("Khalid al-Mansouri")
    assert looks_like_person("dela Cruz")
    assert not looks_like_person("the well-known Cruz")
