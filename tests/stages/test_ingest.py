"""Tests of the ingest stage: every input format, metadata extraction, and every bad-input code.

All article text here and in ``tests/fixtures/ingest/`` is invented (fictional
places, people and events).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triangulate.errors import Codes, ConfigError, IngestError
from triangulate.ids import article_id
from triangulate.records import Article, Rejection
from triangulate.stages import ingest
from triangulate.stages.ingest import (
    IngestSettings,
    detect_language,
    ingest_articles,
    read_html_article,
    read_records,
    read_text_article,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"

# Two invented paragraphs long enough to pass the default 20-word minimum.
BODY_1 = (
    "Four lorry drivers kidnapped near the border town of Orlo in June were released late Sunday, "
    "the government of Veridia said late Monday."
)
BODY_2 = (
    "The drivers, who were carrying cement to a dam project, were handed over to officials "
    "of the country's foreign intelligence service, a statement said."
)
STORY = f"{BODY_1}\n\n{BODY_2}"

FRENCH = (
    "Quatre chauffeurs routiers enlevés en juin près de la ville frontalière d'Orlo ont été libérés "
    "dimanche soir, a annoncé lundi le gouvernement de la Véridie dans un court communiqué lu à la radio."
)
SPANISH = (
    "Cuatro camioneros secuestrados en junio cerca de la ciudad fronteriza de Orlo fueron liberados "
    "el domingo por la noche, anunció el lunes el gobierno de Veridia en un breve comunicado leído por la radio."
)


def _only(items: list[Article | Rejection]) -> Article | Rejection:
    assert len(items) == 1, items
    return items[0]


def _article(items: list[Article | Rejection]) -> Article:
    item = _only(items)
    assert isinstance(item, Article), item
    return item


def _rejection(items: list[Article | Rejection]) -> Rejection:
    item = _only(items)
    assert isinstance(item, Rejection), item
    return item


def _ingest(*inputs: str | Path, **kwargs: object) -> list[Article | Rejection]:
    return list(ingest_articles([str(i) for i in inputs], **kwargs))  # type: ignore[arg-type]


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ---------------------------------------------------------------- plain text


def test_ingest_text_fixture_moves_all_metadata_out_of_the_body() -> None:
    article = _article(_ingest(FIXTURES / "wire_story.txt"))
    assert article.format == "text"
    assert article.published == dt.date(2025, 8, 5)
    assert article.outlet == "Pan-African Press"
    assert article.url == "https://pap.example/veridia-drivers"
    assert article.title == "Four lorry drivers freed in Veridia"
    assert article.byline == "Amina Tesfaye and Jonas Mbeki, Pan-African Press"
    assert article.dateline == "KAMPALA, Uganda"
    assert article.credits == ("PAP", "Pan-African Press")
    assert article.language == "en"
    assert article.id == article_id(article.body, article.outlet)
    assert article.body.startswith("Four lorry drivers kidnapped near the Veridian border town of Orlo")
    assert article.body.endswith("Their fate remains unknown.")
    assert article.body.count("\n\n") == 2
    for removed in ("date 2025", "outlet", "By Amina", "KAMPALA", "reported from", "\nPan-African Press"):
        assert removed not in article.body


@pytest.mark.parametrize(
    "header",
    [
        "date 2025-08-05\noutlet The Harbour Ledger\ntitle Drivers freed\nbyline Jane Doe\nurl https://ledger.example/a\nlanguage en",
        "  date 2025-08-05\n  outlet The Harbour Ledger\n  title Drivers freed\n  byline Jane Doe\n  url https://ledger.example/a\n  language en",
        "Date: 2025-08-05\nOutlet: The Harbour Ledger\nTitle: Drivers freed\nByline: By Jane Doe\nURL: https://ledger.example/a\nLanguage: en-GB",
        "\tPUBLISHED: August 5, 2025\n\tSource: The Harbour Ledger\n\tHeadline: Drivers freed\n\tAuthor: Jane Doe\n\turl: https://ledger.example/a\n\tlanguage: en",
        "published 5 August 2025\npublisher The Harbour Ledger\nheadline Drivers freed\nauthor Jane Doe\nurl https://ledger.example/a",
        "date 2025-08-05T10:00Z\nsource The Harbour Ledger\ntitle Drivers freed\nauthor Jane Doe\nurl https://ledger.example/a",
    ],
    ids=["plain", "leading-spaces", "colons", "tabs-and-case", "written-date", "datetime"],
)
def test_ingest_header_lines(header: str) -> None:
    article = read_text_article(f"{header}\n\n{STORY}\n", "story.txt")
    assert article.published == dt.date(2025, 8, 5)
    assert article.outlet == "The Harbour Ledger"
    assert article.title == "Drivers freed"
    assert article.byline == "Jane Doe"
    assert article.url == "https://ledger.example/a"
    assert article.body == STORY


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Title fight in Orlo postponed", "Title fight in Orlo postponed"),  # looks like "title ..." but is a title
        ("Source of Orlo ransom remains unclear", "Source of Orlo ransom remains unclear"),
        ("Date set for Orlo drivers' homecoming", "Date set for Orlo drivers' homecoming"),
    ],
)
def test_ingest_header_words_opening_a_title_are_not_headers(first_line: str, title: str) -> None:
    article = read_text_article(f"{first_line}\n\n{STORY}", "story.txt")
    assert article.title == title
    assert article.outlet is None and article.published is None
    assert article.body == STORY


def test_ingest_header_date_stops_at_first_non_header_line() -> None:
    text = f"date 2025-08-05\nFour drivers were freed in a remote part of Veridia on Sunday.\n\n{STORY}"
    article = read_text_article(text, "story.txt")
    assert article.published == dt.date(2025, 8, 5)
    assert article.body.startswith("Four drivers were freed in a remote part")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"Drivers freed in Veridia\n\n{STORY}", "Drivers freed in Veridia"),
        (f"Drivers freed in Veridia?\n\n{STORY}", "Drivers freed in Veridia?"),
        (f"Drivers freed in Veridia\nBy Jane Doe\n\n{STORY}", "Drivers freed in Veridia"),
        (f"Drivers were freed in Veridia.\n\n{STORY}", None),  # final period: a sentence
        (f"Drivers freed in Veridia\n{STORY}", None),  # no blank line after it
        (f"{BODY_1}\n\n{BODY_2}", None),  # too long
    ],
    ids=["short", "question", "then-byline", "period", "no-blank-line", "long"],
)
def test_ingest_title_line(text: str, title: str | None) -> None:
    article = read_text_article(text, "story.txt")
    assert article.title == title
    if title is not None:
        assert title not in article.body


@pytest.mark.parametrize(
    "text",
    [
        f"title Drivers freed\ndate 2025-08-05\n\nDrivers freed\n\n{STORY}",  # header title repeated
        f"Drivers freed\n\nBy Jane Doe\nAugust 5, 2025\n\n{STORY}",  # date line under the byline
        f"Drivers freed\nBy Jane Doe\nPublished: 5 August 2025 10:32 AM EDT\n\n{STORY}",
    ],
)
def test_ingest_metadata_lines_above_the_body(text: str) -> None:
    article = read_text_article(text, "story.txt")
    assert article.title == "Drivers freed"
    assert article.published == dt.date(2025, 8, 5)
    assert article.body == STORY


@pytest.mark.parametrize(
    ("opening", "dateline", "credits"),
    [
        ("NAIROBI, Kenya (AP) — ", "NAIROBI, Kenya", ("AP",)),
        ("NAIROBI (Reuters) - ", "NAIROBI", ("Reuters",)),
        ("LONDON — ", "LONDON", ()),
        ("KAMPALA, Uganda, Aug. 5 (PAP) -- ", "KAMPALA, Uganda", ("PAP",)),
        ("PORT ELSA, Veridia – ", "PORT ELSA, Veridia", ()),
        ("ORLO, 5 August (Pan-African Press) — ", "ORLO", ("Pan-African Press",)),
        ("ORLO, Veridia, August 4, 2025 (AP) — ", "ORLO, Veridia", ("AP",)),
        ("ST. MARTEN, Veridia, Tuesday (AP)—", "ST. MARTEN, Veridia", ("AP",)),
        ("WASHINGTON, Aug 5 (Reuters) - ", "WASHINGTON", ("Reuters",)),
        ("PORT-AU-LAC (dpa) - ", "PORT-AU-LAC", ("dpa",)),
    ],
)
def test_ingest_dateline(opening: str, dateline: str, credits: tuple[str, ...]) -> None:
    article = read_text_article(f"{opening}{BODY_1}\n\n{BODY_2}", "story.txt")
    assert article.dateline == dateline
    assert article.credits == credits
    assert article.body == STORY


def test_ingest_dateline_hard_wrapped_on_its_own_line() -> None:
    article = read_text_article(f"ORLO, Veridia (AP) —\n{BODY_1}\n\n{BODY_2}", "story.txt")
    assert article.dateline == "ORLO, Veridia"
    assert article.body == STORY


@pytest.mark.parametrize(
    "opening",
    [
        "The ferry - which sank last year - was repaired. ",
        "Orlo — a dusty border town — is quiet again. ",
        "UPDATE — ",
        "Four-wheel drives were seen. ",
    ],
)
def test_ingest_no_dateline_in_ordinary_openings(opening: str) -> None:
    article = read_text_article(f"{opening}{BODY_1}\n\n{BODY_2}", "story.txt")
    assert article.dateline is None
    assert article.body.startswith(opening.strip())


@pytest.mark.parametrize(
    ("line", "byline", "credits"),
    [
        ("By Jane Doe", "Jane Doe", ()),
        ("BY JANE DOE AND JOHN ROE", "JANE DOE AND JOHN ROE", ()),
        ("By Amina Tesfaye and Jonas Mbeki, Pan-African Press", "Amina Tesfaye and Jonas Mbeki, Pan-African Press",
         ("Pan-African Press",)),
        ("By Amina Tesfaye, Associated Press", "Amina Tesfaye, Associated Press", ("Associated Press",)),
        ("  by Maria de la Cruz  ", "Maria de la Cruz", ()),
        ("By Jane Doe, Senior Correspondent", "Jane Doe, Senior Correspondent", ()),
    ],
)
def test_ingest_byline(line: str, byline: str, credits: tuple[str, ...]) -> None:
    for text in (f"{line}\n\n{STORY}", f"Drivers freed\n\n{line}\n\n{STORY}"):
        article = read_text_article(text, "story.txt")
        assert article.byline == byline
        assert article.credits == credits
        assert article.body == STORY


def test_ingest_sentence_starting_with_by_is_not_a_byline() -> None:
    opening = "By the time rescuers reached Orlo, the drivers had already walked to a police post."
    article = read_text_article(f"{opening}\n\n{STORY}", "story.txt")
    assert article.byline is None
    assert article.body.startswith(opening)


@pytest.mark.parametrize(
    ("tail", "credits"),
    [
        ("Associated Press", ("Associated Press",)),
        ("Pan-African Press", ("Pan-African Press",)),
        ("— AP", ("AP",)),
        ("-- Pan-African Press", ("Pan-African Press",)),
        ("(Reporting by Jane Doe in Orlo; Writing by John Roe; Editing by Ama Osei)", ()),
        ("Jane Doe reported from Orlo.", ()),
        ("Jane Doe reported from Orlo and John Roe from Kampala, Uganda.", ()),
        ("Additional reporting by Ama Osei in Kampala", ()),
        ("Jane Doe in Orlo contributed reporting.", ()),
        ("Associated Press writer Jane Doe in Orlo contributed to this report.", ("Associated Press",)),
        ("This story was first published by The Lakeside Courier.", ("The Lakeside Courier",)),
        ("Copyright 2025 The Associated Press. All rights reserved.", ("Associated Press",)),
        ("© 2025 Pan-African Press", ()),
        ("Jane Doe reported from Orlo.\n\nPan-African Press", ("Pan-African Press",)),
        ("Jane Doe reported from Orlo.\nAP\nCopyright 2025 AP", ("AP",)),
        ("END", ()),
    ],
)
def test_ingest_trailing_credits(tail: str, credits: tuple[str, ...]) -> None:
    article = read_text_article(f"{STORY}\n\n{tail}\n", "story.txt")
    assert article.body == STORY
    assert article.credits == credits


@pytest.mark.parametrize(
    "last",
    [
        "No injuries were reported.",
        "The Veridian Press Council said it would review the case next month.",
        "Officials said the drivers were in good health and had returned home.",
        "Copyright lawyers for the dam builder declined to comment.",
        "The statement was later confirmed to the\nPan-African Press.",
        "The drivers thanked Veridian Radio",
        "Police reported from the scene that nobody was hurt.",
        "Police reported from Orlo that the road was closed.",
        "Heavy rain contributed to the report's delay.",
        "Editing by hand took the clerks three days.",
    ],
)
def test_ingest_real_last_paragraph_is_kept(last: str) -> None:
    article = read_text_article(f"{STORY}\n\n{last}", "story.txt")
    assert article.body == f"{STORY}\n\n{last.replace(chr(10), ' ')}"
    assert article.credits == ()


def test_ingest_paragraphs_are_unwrapped_and_separated_by_blank_lines() -> None:
    text = (
        "Four lorry drivers kidnapped near the border town\n"
        "of Orlo in June were   released late Sunday,\r\n"
        "the government of Veridia said late Monday.\r\n\r\n\r\n"
        "The drivers were carrying cement\tto a dam project, a statement said.\n"
    )
    article = read_text_article(text, "story.txt")
    assert article.body == (
        "Four lorry drivers kidnapped near the border town of Orlo in June were released late Sunday, "
        "the government of Veridia said late Monday.\n\n"
        "The drivers were carrying cement to a dam project, a statement said."
    )


def test_ingest_one_paragraph_per_line_text_keeps_its_paragraphs() -> None:
    long_1 = BODY_1 + " " + BODY_1
    long_2 = BODY_2 + " " + BODY_2
    article = read_text_article(f"{long_1}\n{long_2}\n", "story.txt")
    assert article.body == f"{long_1}\n\n{long_2}"


# ---------------------------------------------------------------- HTML


def test_ingest_html_keeps_the_article_and_drops_boilerplate() -> None:
    article = _article(_ingest(FIXTURES / "page_article.html"))
    assert article.format == "html"
    assert article.title == "Ferry service resumes on Lake Varuna after storm"
    assert article.outlet == "The Harbour Ledger"
    assert article.published == dt.date(2025, 3, 14)
    assert article.byline == "Imani Okoth"
    assert article.url == "https://ledger.example/2025/03/14/ferry-varuna"
    assert article.dateline == "PORT ELSA, Veridia"
    assert article.credits == ("PAP", "Pan-African Press")
    assert article.body.startswith("Ferry crossings on Lake Varuna restarted on Thursday morning")
    assert article.body.endswith("though no injuries were reported.")
    assert article.body.count("\n\n") == 3
    for boilerplate in ("Subscribe", "Most read", "bakery", "Privacy", "All rights reserved", "Share on", "Home"):
        assert boilerplate not in article.body
    assert not article.body.startswith("Ferry service resumes")  # the title is not repeated in the body


def test_ingest_html_byline_in_the_text_without_metadata() -> None:
    html = (FIXTURES / "page_article.html").read_text(encoding="utf-8")
    html = html.replace('<meta name="author" content="Imani Okoth">', "")
    html = html.replace('<p class="byline">By Imani Okoth</p>', "<p>By Imani Okoth and Tomas Reyel</p>")
    article = read_html_article(html, "page.html")
    assert article.byline == "Imani Okoth and Tomas Reyel"
    assert "By Imani" not in article.body


def test_ingest_html_without_article_is_rejected() -> None:
    rejection = _rejection(_ingest(FIXTURES / "page_no_article.html"))
    assert rejection.code == "E107"
    assert rejection.source.endswith("page_no_article.html")
    with pytest.raises(IngestError) as info:
        read_html_article((FIXTURES / "page_no_article.html").read_text(encoding="utf-8"), "page.html")
    assert info.value.code == "E107"


@pytest.mark.parametrize("name", ["page.unknown", "page"])
def test_ingest_html_sniffed_from_content(tmp_path: Path, name: str) -> None:
    html = (FIXTURES / "page_article.html").read_text(encoding="utf-8")
    path = _write(tmp_path, name, "\n  " + html)
    article = _article(_ingest(path))
    assert article.format == "html"
    assert article.title == "Ferry service resumes on Lake Varuna after storm"


def test_ingest_file_without_suffix_is_plain_text(tmp_path: Path) -> None:
    article = _article(_ingest(_write(tmp_path, "STORY", f"[Updated] {STORY}")))
    assert article.format == "text"
    assert article.body.startswith("[Updated] Four lorry drivers")


# ---------------------------------------------------------------- records


def test_ingest_json_object() -> None:
    article = _article(_ingest(FIXTURES / "record.json"))
    assert article.format == "json"
    assert article.source == str(FIXTURES / "record.json")  # one record: no "#1"
    assert article.outlet == "Pan-African Press"
    assert article.published == dt.date(2025, 8, 5)
    assert article.byline == "Amina Tesfaye"
    assert article.dateline == "ORLO, Veridia"
    assert article.credits == ("PAP",)
    assert article.body.startswith("Four lorry drivers kidnapped in June")


def test_ingest_json_list() -> None:
    items = _ingest(FIXTURES / "records.json")
    assert [type(i) for i in items] == [Article, Article]
    first, second = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.source.endswith("records.json#1") and second.source.endswith("records.json#2")
    assert first.title == "Ferries back on Lake Varuna"
    assert first.outlet == "The Harbour Ledger" and first.url == "https://ledger.example/ferries"
    assert first.published == dt.date(2025, 3, 14)
    assert second.outlet == "Lakeside Courier"  # from "source"
    assert second.published == dt.date(2025, 3, 15)  # from a "date" date-time
    assert second.byline == "Tomas Reyel"


def test_ingest_jsonl_with_a_malformed_line() -> None:
    items = _ingest(FIXTURES / "records.jsonl")
    assert [type(i) for i in items] == [Article, Rejection, Article]
    good_1, bad, good_3 = items
    assert isinstance(bad, Rejection)
    assert bad.code == "E105"
    assert bad.source.endswith("records.jsonl#2")
    assert bad.reason.startswith("line 2:")
    assert isinstance(good_1, Article) and good_1.source.endswith("#1") and good_1.format == "jsonl"
    assert isinstance(good_3, Article) and good_3.source.endswith("#3")
    assert good_3.published == dt.date(2025, 3, 18)


def test_ingest_csv() -> None:
    items = _ingest(FIXTURES / "records.csv")
    assert [type(i) for i in items] == [Article, Article]
    first, second = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.format == "csv"
    assert first.source.endswith("records.csv#1")
    assert first.title == "Orlo road repairs"
    assert first.outlet == "The Harbour Ledger"
    assert first.published == dt.date(2025, 3, 17)
    assert second.body.count("\n\n") == 1  # a quoted cell keeps its paragraphs


@pytest.mark.parametrize(
    ("record", "code", "in_reason"),
    [
        ({"title": "No text"}, "E106", "record 1: no 'text'"),
        ({"text": "   "}, "E106", "record 1"),
        ({"text": 42}, "E112", "field 'text' must be a string"),
        ({"text": STORY, "title": ["a", "b"]}, "E112", "field 'title'"),
        ({"text": STORY, "published": 20250805}, "E112", "field 'published'"),
        ({"text": STORY, "date": "last Tuesday"}, "E112", "field 'date'"),
        ({"text": STORY, "author": {"name": "Jane"}}, "E112", "field 'author'"),
        (["not", "an", "object"], "E116", "got a list"),
    ],
)
def test_ingest_bad_record(record: object, code: str, in_reason: str) -> None:
    rejection = _rejection(list(read_records(json.dumps([record]), "r.json", "json")))
    assert rejection.code == code
    assert rejection.source == "r.json"
    assert in_reason in rejection.reason


def test_ingest_bad_record_does_not_stop_the_others() -> None:
    records = [{"text": STORY}, {"text": 7}, {"text": FRENCH}]
    items = list(read_records(json.dumps(records), "r.json", "json"))
    assert [type(i) for i in items] == [Article, Rejection, Article]
    assert items[1].source == "r.json#2"


def test_ingest_record_with_author_list_and_language() -> None:
    record = {"text": STORY, "authors": ["Jane Doe", "John Roe"], "language": "fr"}
    article = _article(list(read_records(json.dumps(record), "r.json", "json", IngestSettings(detect_language=False))))
    assert article.byline == "Jane Doe and John Roe"
    assert article.language == "fr"


@pytest.mark.parametrize(
    ("text", "fmt", "code"),
    [
        ('{"text": "unfinished', "json", "E105"),
        ("title,body\nA,B\n", "csv", "E113"),
        ("[]", "json", "E101"),
        ("", "jsonl", "E101"),
    ],
)
def test_ingest_bad_record_file(text: str, fmt: str, code: str) -> None:
    rejection = _rejection(list(read_records(text, "r", fmt)))  # type: ignore[arg-type]
    assert rejection.code == code


# ---------------------------------------------------------------- bytes and encodings


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "E101"),
        (b"  \n\n\t \n", "E101"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "E102"),
        (bytes(range(1, 9)) * 40 + b"some words", "E102"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "E103"),
        (bytes(range(0xA0, 0x100)) * 4, "E103"),
    ],
    ids=["empty", "blank", "nul-bytes", "control-chars", "undecodable", "mostly-non-ascii"],
)
def test_ingest_bad_bytes(tmp_path: Path, content: bytes, code: str) -> None:
    path = _write(tmp_path, "story.txt", content)
    rejection = _rejection(_ingest(path))
    assert rejection.code == code
    assert rejection.source == str(path)
    assert rejection.reason == getattr(Codes, code)


def test_ingest_cp1252_file(tmp_path: Path) -> None:
    text = f"Caf\u00e9 owners in Orlo said the \u201cquiet\u201d streets were a relief \u2014 at last.\n\n{STORY}"
    path = _write(tmp_path, "story.txt", text.encode("cp1252"))
    article = _article(_ingest(path))
    assert article.body.startswith("Caf\u00e9 owners in Orlo said the \u201cquiet\u201d streets")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "utf-32"])
def test_ingest_unicode_files_with_bom(tmp_path: Path, encoding: str) -> None:
    text = f"date 2025-08-05\n\nZo\u00eb N\u2019Dour said the drivers were safe.\n\n{STORY}"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = _write(tmp_path, "story.txt", data)
    article = _article(_ingest(path))
    assert article.published == dt.date(2025, 8, 5)
    assert article.body.startswith("Zo\u00eb N\u2019Dour said")
    assert "\ufeff" not in article.body


def test_ingest_huge_file_is_rejected_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "story.txt", STORY * 20)
    size = path.stat().st_size

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_read)
    rejection = _rejection(_ingest(path, settings=IngestSettings(max_bytes=1000)))
    assert rejection.code == "E104"
    assert f"{size} bytes" in rejection.reason and "1000-byte limit" in rejection.reason


def test_ingest_too_short_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", "Four drivers freed.\n")
    rejection = _rejection(_ingest(path))
    assert rejection.code == "E108"
    assert "3 words" in rejection.reason and "at least 20" in rejection.reason
    assert _article(_ingest(path, settings=IngestSettings(min_words=3))).body == "Four drivers freed."


def test_ingest_unknown_suffix(tmp_path: Path) -> None:
    text_file = _write(tmp_path, "story.docx", STORY)
    json_file = _write(tmp_path, "story.data", json.dumps({"text": STORY}))
    jsonl_file = _write(tmp_path, "story.log", json.dumps({"text": STORY}) + "\n" + json.dumps({"text": FRENCH}))
    items = _ingest(text_file, json_file, jsonl_file)
    assert isinstance(items[0], Rejection) and items[0].code == "E111" and "'.docx'" in items[0].reason
    assert isinstance(items[1], Article) and items[1].format == "json"
    assert isinstance(items[2], Rejection) and items[2].code == "E110"  # same text as the .data file
    assert isinstance(items[3], Article) and items[3].format == "jsonl" and items[3].source.endswith("#2")


def test_ingest_missing_input() -> None:
    rejection = _rejection(_ingest("/nonexistent/triangulate/story.txt"))
    assert rejection.code == "E100"


# ---------------------------------------------------------------- directories, stdin, batches


def test_ingest_directory(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, "b.txt", f"Second story\n\n{BODY_2} {BODY_2}")
    _write(corpus, "a.txt", f"First story\n\n{BODY_1} {BODY_1}")
    _write(corpus, "sub/c.txt", STORY)
    _write(corpus, ".hidden.txt", FRENCH)
    _write(corpus, ".git/config.txt", SPANISH)
    _write(corpus, "README.txt", SPANISH + " uno")
    _write(corpus, "LICENSE", SPANISH + " dos")
    _write(corpus, "notes.md", SPANISH + " tres")
    _write(corpus, "readme.txt", SPANISH + " cuatro")
    _write(corpus, "license-plates.txt", f"License plates\n\n{STORY}")
    _write(corpus, "empty.txt", "")
    items = _ingest(corpus)
    assert [i.source for i in items] == [
        str(corpus / "a.txt"),
        str(corpus / "b.txt"),
        str(corpus / "empty.txt"),
        str(corpus / "license-plates.txt"),
        str(corpus / "sub" / "c.txt"),
    ]
    assert [type(i) for i in items] == [Article, Article, Rejection, Article, Rejection]  # c.txt: duplicate
    assert isinstance(items[2], Rejection) and items[2].code == "E101"


@pytest.mark.parametrize("files", [[], ["README.md"], [".hidden"]])
def test_ingest_directory_without_readable_files(tmp_path: Path, files: list[str]) -> None:
    for name in files:
        _write(tmp_path, name, STORY)
    rejection = _rejection(_ingest(tmp_path))
    assert rejection.code == "E114"
    assert rejection.source == str(tmp_path)


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        (f"date 2025-08-05\n\n{STORY}", "text"),
        (json.dumps({"text": STORY}), "json"),
        (json.dumps({"text": STORY}) + "\n" + json.dumps({"text": FRENCH}) + "\n", "jsonl"),
        ((FIXTURES / "page_article.html").read_text(encoding="utf-8"), "html"),
    ],
)
def test_ingest_stdin(content: str, fmt: str) -> None:
    items = _ingest("-", stdin=io.StringIO(content))
    assert items and all(isinstance(i, Article) for i in items)
    assert {i.format for i in items if isinstance(i, Article)} == {fmt}
    assert items[0].source == ("-#1" if fmt == "jsonl" else "-")


@pytest.mark.parametrize(("content", "code"), [("", "E101"), ("\x00\x00binary", "E102")])
def test_ingest_bad_stdin(content: str, code: str) -> None:
    assert _rejection(_ingest("-", stdin=io.StringIO(content))).code == code


def test_ingest_huge_stdin() -> None:
    rejection = _rejection(_ingest("-", stdin=io.StringIO(STORY * 50), settings=IngestSettings(max_bytes=500)))
    assert rejection.code == "E104"
    assert rejection.reason.startswith("the file is more than 500 bytes")


def test_ingest_stdin_bytes_buffer() -> None:
    class Stream(io.TextIOWrapper):
        pass

    stream = Stream(io.BytesIO(STORY.encode("utf-16")), encoding="utf-8")
    article = _article(_ingest("-", stdin=stream))
    assert article.body == STORY


def test_ingest_duplicate_inputs(tmp_path: Path) -> None:
    first = _write(tmp_path, "first.txt", f"Drivers freed\n\n{STORY}")
    copy = _write(tmp_path, "copy.txt", f"date 2025-08-06\n\n{STORY}\n\nAssociated Press")
    items = _ingest(first, copy, first)
    assert [type(i) for i in items] == [Article, Rejection, Rejection]
    for rejection in items[1:]:
        assert isinstance(rejection, Rejection) and rejection.code == "E110"
        assert rejection.reason.startswith(f"duplicate of {first}")
    assert items[1].source == str(copy)


def test_ingest_bad_inputs_do_not_stop_the_batch(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", STORY)
    empty = _write(tmp_path, "empty.txt", "")
    items = _ingest("/nonexistent/x.txt", empty, FIXTURES / "page_no_article.html", good)
    assert [i.code for i in items if isinstance(i, Rejection)] == ["E100", "E101", "E107"]
    assert isinstance(items[-1], Article) and items[-1].source == str(good)


def test_ingest_unexpected_error_becomes_e199(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, source: str, settings: IngestSettings) -> Article:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(ingest, "read_html_article", broken)
    page = _write(tmp_path, "page.html", "<p>x</p>")
    good = _write(tmp_path, "good.txt", STORY)
    items = _ingest(page, good)
    assert isinstance(items[0], Rejection) and items[0].code == "E199"
    assert "RuntimeError: parser exploded" in items[0].reason
    assert isinstance(items[1], Article)


# ---------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "language"),
    [(STORY, "en"), (FRENCH, "fr"), (SPANISH, "es"), ("12 34 56", "und"), ("Drivers freed", "en")],
)
def test_ingest_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(("text", "language"), [(FRENCH, "fr"), (SPANISH, "es")])
def test_ingest_non_english_articles_are_kept_with_their_language(tmp_path: Path, text: str, language: str) -> None:
    path = _write(tmp_path, "story.txt", text)
    article = _article(_ingest(path))
    assert article.language == language
    assert _article(_ingest(path, settings=IngestSettings(detect_language=False))).language == "en"


def test_ingest_declared_language_used_when_detection_is_off() -> None:
    article = read_text_article(f"language fr\n\n{FRENCH}", "s.txt", IngestSettings(detect_language=False))
    assert article.language == "fr"


# ---------------------------------------------------------------- settings and properties


@pytest.mark.parametrize("kwargs", [{"max_bytes": 0}, {"min_words": -1}])
def test_ingest_settings_are_validated(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        IngestSettings(**kwargs)


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=400))
def test_ingest_text_never_fails_unexpectedly(text: str) -> None:
    try:
        article = read_text_article(text, "any.txt", IngestSettings(min_words=1, detect_language=False))
    except IngestError as error:
        assert error.code in {"E101", "E108"}
        return
    assert article.body == article.body.strip()
    assert "\n\n\n" not in article.body
    assert all(p and p == p.strip() and "\n" not in p for p in article.body.split("\n\n"))


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_ingest_header_dates_in_every_form(day: dt.date) -> None:
    forms = [
        day.isoformat(),
        f"{day.isoformat()}T10:00Z",
        f"{day.day} {day:%B %Y}",
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%a, %b} {day.day}, {day.year}",
    ]
    for form in forms:
        assert ingest._parse_date(form) == day, form
