"""Direct quotes, their parts and speakers; attributions."""

from __future__ import annotations

from typing import Any

import pytest

from triangulate.nlp.entities import assign_keys
from triangulate.nlp.quotes import find_attributions, find_quotes
from triangulate.records import Mention


def _read(nlp: Any, text: str) -> tuple[Any, list[Mention]]:
    doc = nlp(text)
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
    keys = assign_keys([(e.text, e.label_) for e in ents])
    return doc, [Mention(e.start_char, e.end_char, e.text, e.label_, k) for e, k in zip(ents, keys)]


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ('"We are relieved and grateful," said Amina Otieno, a spokeswoman.', "We are relieved and grateful,", "Amina Otieno"),
        ("“We are relieved and grateful,” Amina Otieno told reporters.", "We are relieved and grateful,", "Amina Otieno"),
        ("Amina Otieno said: “The drivers are safe and well.”", "The drivers are safe and well.", "Amina Otieno"),
        ("Police chief Daniel Kiprop arrived late. “Nobody was hurt in the raid,” he said.", "Nobody was hurt in the raid,", "Daniel Kiprop"),
        ("“We are relieved. They are finally home,” said Amina Otieno.", "We are relieved. They are finally home,", "Amina Otieno"),
        # "she" is the named subject of the sentence before, not the last person named there
        ("Mayor Ann Lindqvist met Tomas Berg on Monday. “It was a useful talk,” she said.",
         "It was a useful talk,", "Ann Lindqvist"),
    ],
)
def test_quotes_speaker_and_text(nlp: Any, text: str, quote: str, speaker: str) -> None:
    doc, mentions = _read(nlp, text)
    quotes = find_quotes(doc, mentions)
    assert len(quotes) == 1
    assert quotes[0].text == quote
    assert quotes[0].speaker == speaker


def test_quotes_split_by_he_said_are_one_quote(nlp: Any) -> None:
    doc, mentions = _read(nlp, 'Daniel Kiprop spoke first. "The men are safe," he said, "and they will be home soon."')
    quotes = find_quotes(doc, mentions)
    assert len(quotes) == 1
    assert quotes[0].text == "The men are safe, and they will be home soon."
    assert len(quotes[0].parts) == 2
    assert quotes[0].speaker == "Daniel Kiprop"


def test_quotes_follow_on_quote_keeps_speaker(nlp: Any) -> None:
    text = "“Our five compatriots are safe,” Amina Otieno said at a news conference on Monday. “They will be home within days.”"
    doc, mentions = _read(nlp, text)
    quotes = find_quotes(doc, mentions)
    assert [q.speaker for q in quotes] == ["Amina Otieno", "Amina Otieno"]


def test_quotes_scare_quotes_are_not_quotes(nlp: Any) -> None:
    doc, mentions = _read(nlp, 'The group called the deal a "betrayal" of its members.')
    assert find_quotes(doc, mentions) == []


def test_quotes_attributions(nlp: Any) -> None:
    doc, _mentions = _read(nlp, "Kenyan police said the men were freed. The ransom was paid, according to the statement.")
    attributions = find_attributions(doc, [])
    assert [a.source for a in attributions] == ["Kenyan police", "the statement"]
