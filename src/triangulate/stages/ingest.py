"""Stage 1: read every input into ``Article`` records.

Inputs are file paths, directories (read recursively, files sorted by name) or
``-`` for standard input. Formats: plain text, HTML (main text and metadata via
trafilatura), JSON (an object or a list of objects), JSONL and CSV records.

Plain text may carry its metadata inline; it is moved out of the body into the
``Article`` fields:

- header lines at the very top (``date 2025-08-05``, ``Outlet: The Ledger``);
- a title (a short first line followed by a blank line);
- a byline (``By Jane Doe and John Roe, Pan-African Press``);
- a dateline opening the first paragraph (``NAIROBI, Kenya (AP) —``);
- trailing credit lines (``Associated Press``, ``Jane Doe contributed to this
  report.``, ``Copyright 2025 ...``).

A bad input never stops the batch: it becomes a ``Rejection`` with a catalogue
code from ``errors.Codes`` (``E1xx``) and a reason, and the other inputs are
still read. ``ingest_articles`` also rejects a text already seen (``E110``).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import Codes, ConfigError, IngestError
from ..ids import article_id
from ..records import Article, Rejection

if TYPE_CHECKING:
    from typing import TextIO

__all__ = [
    "NAME",
    "IngestSettings",
    "ingest_articles",
    "read_text_article",
    "read_html_article",
    "read_records",
    "detect_language",
]

NAME = "triangulate.ingest.v1"
log = logging.getLogger(__name__)

_Format = Literal["text", "html", "json", "jsonl", "csv"]
_RecordFormat = Literal["json", "jsonl", "csv"]


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """Settings of the ingest stage."""

    max_bytes: int = 5_000_000
    """Largest input file accepted, in bytes (checked before the file is read)."""
    min_words: int = 20
    """Articles with fewer words in their body are rejected (``E108``)."""
    detect_language: bool = True
    """Detect ``Article.language`` with py3langid; when off, use the declared language or ``en``."""

    def __post_init__(self) -> None:
        if self.max_bytes < 1:
            raise ConfigError(f"max_bytes must be a positive number of bytes, not {self.max_bytes}")
        if self.min_words < 0:
            raise ConfigError(f"min_words must be 0 or more, not {self.min_words}")


# --------------------------------------------------------------------------
# Input formats and byte-level checks

# File suffix → format. Other suffixes are sniffed from the content; a file
# without a suffix is sniffed too but falls back to plain text.
_SUFFIX_FORMATS: dict[str, _Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
# Byte-order marks and their codecs; UTF-32 before UTF-16, whose BOM is a prefix of it.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# C0 control bytes other than tab, newline, form feed and carriage return, plus DEL.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
# More than this share of control bytes means the file is binary.
_MAX_CONTROL_SHARE = 0.30
# A cp1252 decoding is accepted only when at most this share of characters is non-ASCII.
_MAX_NON_ASCII_SHARE = 0.30
# Control characters dropped from decoded text (tab and newline are kept).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Line breaks other than \n: CRLF, CR, vertical tab, form feed, Unicode line separator.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\u2028]")


# --------------------------------------------------------------------------
# Dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# A month name, full or abbreviated ("Aug", "Sept").
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# A weekday name, full or abbreviated, as in "Tuesday, 5 August 2025".
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?"
# An optional time after a date: "T10:00Z", " 10:32 AM EDT", "T10:00:00+02:00".
_TIME_TAIL = (
    r"(?:(?:T|,?\s+(?:at\s+)?)\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?"
    r"\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|\(?[A-Z]{2,5}\)?)?)?"
)
# ISO and ISO-like dates: "2025-08-05", "2025/8/5", "2025-08-05T10:00Z".
_ISO_DATE = re.compile(rf"(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}}){_TIME_TAIL}")
# Day first: "5 August 2025", "Tuesday, 5 Aug. 2025", "5th August, 2025".
_DMY_DATE = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})\.?,?\s+(?P<y>\d{{4}}){_TIME_TAIL}",
    re.IGNORECASE,
)
# Month first: "August 5, 2025", "Tue, Aug. 5, 2025".
_MDY_DATE = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME_TAIL}",
    re.IGNORECASE,
)


def _parse_date(value: str) -> dt.date | None:
    """The calendar date written in ``value`` (the whole value must be a date), else None.

    A date-time keeps its own local date: ``2025-08-05T23:30-04:00`` is 5 August.
    """
    value = value.strip()
    for pattern in (_ISO_DATE, _DMY_DATE, _MDY_DATE):
        m = pattern.fullmatch(value)
        if m is None:
            continue
        groups = m.groupdict()
        month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"][:3].lower()]
        try:
            return dt.date(int(groups["y"]), month, int(groups["d"]))
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------
# Plain-text metadata

# A header line: "date 2025-08-05", "  Outlet: The Ledger" (key case-insensitive).
_HEADER = re.compile(
    r"[ \t]*(?P<key>date|published|outlet|source|publisher|title|headline|byline|author|url|language)"
    r"(?:[ \t]*(?P<colon>:)[ \t]*|[ \t]+)(?P<value>\S.*?)[ \t]*",
    re.IGNORECASE,
)
# Header key → the field it fills.
_HEADER_FIELDS = {
    "date": "published",
    "published": "published",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "title": "title",
    "headline": "title",
    "byline": "byline",
    "author": "byline",
    "url": "url",
    "language": "language",
}
# A URL value: "https://..." or "www....".
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# A language tag: "en", "fr", "en-GB"; the first part is kept.
_LANGUAGE_TAG = re.compile(r"(?P<code>[A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*")
# A byline: "By Jane Doe", "BY JANE DOE AND JOHN ROE", "By Jane Doe and John Roe, Agency".
_BYLINE = re.compile(r"By[ \t]+(?P<names>\S.*?)", re.IGNORECASE)
# "By " before a name given in a header or a record's byline field.
_BYLINE_PREFIX = re.compile(r"^by\s+", re.IGNORECASE)
# A byline ending in an initial ("By Jane Q."), whose period is not a sentence end.
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
# Lower-case words allowed inside a byline's names ("Maria de la Cruz", "Omar al Rashid").
_NAME_PARTICLES = frozenset(
    "and & de da del della di van von der den la le du dos das al el bin ibn y".split()
)
# Words of a header value or line ending like a sentence (so not a title, outlet or byline).
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]*$")
# A title, outlet, byline or credit line is shorter than this many words.
_MAX_SHORT_LINE_WORDS = 15
# Free-text header values (no colon) longer than this are prose, not headers.
_MAX_HEADER_WORDS = 20

# A dateline opening the first paragraph: "NAIROBI, Kenya (AP) —", "NAIROBI (Reuters) -",
# "LONDON —", "KAMPALA, Uganda, Aug. 5 (PAP) --": PLACE, optional ", Region",
# optional date, optional (AGENCY), then a dash.
_DATELINE = re.compile(
    rf"""
    (?P<place>[^\W\d_]+\.?(?:[ '’\-][^\W\d_]+\.?){{0,4}})             # upper-case place, 1-5 words
    (?:,[ ](?P<region>[A-Z][\w.'’\-]*(?:[ ](?:[A-Z][\w.'’\-]*|of|the|and)){{0,3}}))?  # , Country
    (?:,?[ ](?P<date>(?:{_MONTH}\.?[ ]\d{{1,2}}|\d{{1,2}}[ ]{_MONTH}\.?)(?:,?[ ]\d{{4}})?|{_WEEKDAY}))?
    [ ]*(?:\((?P<agency>[^()\n]{{1,40}})\))?                           # (AGENCY)
    [ ]*(?:—|–|--|-(?=[ ]))[ ]*                                        # the dash
    """,
    re.VERBOSE,
)
# Upper-case words that open a paragraph with a dash but are labels, not places.
_NOT_PLACES = frozenset(
    "UPDATE UPDATED BREAKING EXCLUSIVE ANALYSIS OPINION CORRECTION WATCH LIVE NOTE EDITORS".split()
)

# News agencies whose names are recognised anywhere in a credit line (case-sensitive: "AP").
_KNOWN_AGENCY = re.compile(
    r"\b(?:The[ ]+)?(?P<name>Associated[ ]Press|Agence[ ]France[- ]Presse|United[ ]Press[ ]International"
    r"|Press[ ]Trust[ ]of[ ]India|Deutsche[ ]Presse-Agentur|Press[ ]Association|PA[ ]Media"
    r"|Europa[ ]Press|Reuters|Bloomberg|Xinhua|Kyodo|Yonhap|Interfax|Anadolu|TASS|ANSA|EFE"
    r"|AFP|UPI|PTI|ANI|dpa|AP)\b"
)
# Words that mark a short capitalised line as an agency or outlet name ("Pan-African Press").
_AGENCY_WORD = re.compile(
    r"\b(?:Press|Presse|News|Newswire|Agency|Agence|Agencia|Agenzia|Wire|Service|Services"
    r"|Times|Post|Herald|Tribune|Journal|Gazette|Telegraph|Ledger|Chronicle|Courier|Observer"
    r"|Monitor|Daily|Weekly|Network|Media|Radio|Television|TV|Broadcasting|Corporation)\b"
)
# A name made of capitalised words (and a few connectors), optionally in parentheses.
_NAME_LINE = re.compile(
    r"\(?(?P<name>[A-Z][\w&.'’\-]*(?:[ ](?:[A-Z][\w&.'’\-]*|of|the|and|for|&|de|du|la)){0,5})\)?"
)
# An upper-case acronym used as an agency name: "AP", "AFP", "PAP".
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# A dash before a credited name: "— AP", "-- Pan-African Press".
_CREDIT_DASH = re.compile(r"(?:—|–|--?)[ ]*(?P<name>\S.*)")
# A wire end marker: "END", "(ENDS)", "###", "-30-".
_END_MARK = re.compile(r"\(?ENDS?\)?|#{3}|-30-|\*{3}")
# Staff credits: "(Reporting by Jane Doe; Editing by John Roe)" in brackets, or
# "Additional reporting by Jane Doe" (a capitalised name after "by").
_CREDIT_REPORTING = re.compile(
    r"\((?i:[ ]*(?:additional[ ]+)?(?:reporting|writing|editing|compiled|compilation|production)"
    r"(?:[ ]+and[ ]+\w+)?[ ]+by[ ])[^()]*\)"
    r"|(?:Additional[ ]+reporting|Reporting|Writing|Editing)(?:[ ]+and[ ]+\w+)?[ ]+by[ ]+[A-Z].*"
)
# Capitalised names or places with connectors: "Jane Doe and John Roe", "Orlo, Veridia".
_PROPER_NAMES = r"[A-Z][\w.'’\-]*(?:,?[ ]+(?:[A-Z][\w.'’\-]*|and|of|the|in|from|de|la|van|von|al))*"
# "Jane Doe reported from Orlo." / "Jane Doe reported from Orlo and Kampala, Veridia."
_CREDIT_REPORTED_FROM = re.compile(rf"{_PROPER_NAMES}[ ]+reported[ ]+from[ ]+{_PROPER_NAMES}\.?")
# "Jane Doe contributed to this report." / "Associated Press writer Jane Doe in Orlo contributed reporting."
_CREDIT_CONTRIBUTED = re.compile(
    r"[A-Z].*\bcontributed(?:[ ]+to)?(?:[ ]+(?:this|the))?[ ]+(?:report|reporting|story|article)"
    rf"(?:[ ]+(?:from|in)[ ]+{_PROPER_NAMES})?\.?"
)
# "This story was first published by The Ledger." → credits "The Ledger".
_CREDIT_FIRST_PUBLISHED = re.compile(
    r"(?:This|The)[ ]+(?:story|article|report|piece)[ ]+(?:was[ ]+|is[ ]+)?(?:first[ ]+|originally[ ]+)?"
    r"(?:published|appeared|produced)[ ]+(?:by|in|on|at)[ ]+(?P<name>.+?)[.]?",
    re.IGNORECASE,
)
# "Copyright 2025 ...", "© The Ledger", "(c) 2025 ...", "All rights reserved."
_CREDIT_COPYRIGHT = re.compile(
    r"(?:copyright[ ]*(?:©|\(c\))?[ ]*(?:\d{4}|:)|©|\(c\)[ ]*\d{4}|all[ ]+rights[ ]+reserved\b).*",
    re.IGNORECASE,
)
# Unambiguous credit forms may run longer than ordinary short lines.
_MAX_LONG_CREDIT_WORDS = 30
# A block line longer than this is a whole paragraph, not a hard-wrapped line.
_MAX_WRAPPED_LINE_CHARS = 120
# Any run of white space (collapsed to one space inside a paragraph).
_SPACES = re.compile(r"\s+")
# Characters ignored when comparing a title with a body line.
_NON_WORD = re.compile(r"[\W_]+")

# HTML: htmldate without its guessing heuristics (they pick dates out of the text).
_HTML_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}
# An extracted HTML line counts as article prose when it has this many words and ends a sentence.
_MIN_PROSE_WORDS = 6

# Language detection: the body prefix that is classified, and the confidence trusted.
_LANGUAGE_SAMPLE_CHARS = 20_000
_MIN_LANGUAGE_CONFIDENCE = 0.5
# Any letter (a text without one has no language).
_LETTER = re.compile(r"[^\W\d_]")

# Directory entries skipped: README*, LICENSE*/LICENCE*, Markdown files (hidden ones too).
_SKIPPED_NAME = re.compile(
    r"(?:README|LICEN[CS]E|COPYING).*|(?i:(?:readme|licen[cs]e|copying)(?:\.[^.]*)?|.*\.(?:md|markdown))"
)


@dataclass(slots=True)
class _Fields:
    """Metadata gathered while reading one article (mutable scratch record)."""

    body: str = ""
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    dateline: str | None = None
    credits: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# Public API


def ingest_articles(
    inputs: Iterable[str],
    settings: IngestSettings = IngestSettings(),
    *,
    stdin: TextIO | None = None,
) -> Iterator[Article | Rejection]:
    """Read every input (file path, directory, or '-' for stdin) and yield an Article per article or a Rejection per bad input/record; never raises for a bad input.

    Directories are read recursively, files sorted by name, skipping hidden
    files, ``README*``, ``LICENSE*`` and ``*.md``. ``stdin`` replaces
    ``sys.stdin`` for ``-``. The second of two inputs with the same text is
    rejected with ``E110``.
    """
    seen: dict[str, str] = {}
    for raw in inputs:
        for item in _read_input(str(raw), settings, stdin):
            if isinstance(item, Article):
                first = seen.get(item.id)
                if first is not None:
                    item = Rejection(item.source, "E110", Codes.E110.format(other=first))
                else:
                    seen[item.id] = item.source
            if isinstance(item, Rejection):
                log.info("rejected %s", item)
            yield item


def read_text_article(text: str, source: str, settings: IngestSettings = IngestSettings()) -> Article:
    """One plain-text article, with its header lines, title, byline, dateline and credits moved to fields.

    Raises ``IngestError`` (``E101`` empty, ``E108`` too short).
    """
    text = _normalise_text(text)
    if not text.strip():
        raise IngestError(source, "E101", Codes.E101)
    return _build_article(_parse_text(text), source, "text", settings)


def read_html_article(html: str, source: str, settings: IngestSettings = IngestSettings()) -> Article:
    """The main article of an HTML page, with the page metadata (title, date, site name, author, URL).

    Raises ``IngestError`` (``E101`` empty, ``E107`` no article text, ``E108`` too short).
    """
    import trafilatura  # slow to import: only when HTML is read

    if not html.strip():
        raise IngestError(source, "E101", Codes.E101)
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,  # table cells are not sentences; claims come from prose
        include_images=False,
        include_links=False,
        include_formatting=False,
        date_extraction_params=_HTML_DATE_PARAMS,
    )
    text = _doc_field(doc, "text") or ""
    # trafilatura puts one paragraph per line; a page of links gives short lines only.
    lines = [_squash(line) for line in text.split("\n") if line.strip()]
    if not any(_is_prose(line) for line in lines):
        raise IngestError(source, "E107", Codes.E107)
    title = _doc_field(doc, "title")
    fields = _parse_text("\n\n".join(lines), headers=False, title=title)
    fields.outlet = _doc_field(doc, "sitename")
    fields.url = _doc_field(doc, "url")
    date = _doc_field(doc, "date")
    fields.published = _parse_date(date) if date else None
    if fields.byline is None:
        fields.byline = _doc_field(doc, "author")
    declared = _doc_field(doc, "language")  # <html lang="...">, used when detection is off
    if declared and (tag := _LANGUAGE_TAG.fullmatch(declared)):
        fields.language = tag["code"].lower()
    return _build_article(fields, source, "html", settings)


def read_records(
    text: str,
    source: str,
    fmt: Literal["json", "jsonl", "csv"],
    settings: IngestSettings = IngestSettings(),
) -> Iterator[Article | Rejection]:
    """Articles from JSON (object or list of objects), JSONL or CSV records; bad records become Rejections.

    Fields: ``text`` (required), ``url``, ``outlet`` (or ``source``/``site``),
    ``published`` (or ``date``), ``title``, ``byline`` (or ``author``),
    ``language``. When the input holds several records, record ``n`` (1-based
    line number for JSONL) has source ``f"{source}#{n}"``.
    """
    text = _normalise_text(text)
    if not text.strip():
        yield Rejection(source, "E101", Codes.E101)
        return
    try:
        numbered = list(_split_records(text, source, fmt))
    except IngestError as error:
        yield Rejection(error.source, error.code, error.reason)
        return
    if not numbered:
        yield Rejection(source, "E101", Codes.E101)
        return
    several = len(numbered) > 1
    for n, record in numbered:
        record_source = f"{source}#{n}" if several else source
        yield from _guard(record_source, _record_articles(record, n, record_source, fmt, settings))


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of ``text`` ('en' for English), using py3langid.

    Languages without a two-letter code get the model's three-letter code.
    When the model is unsure (short or mixed text), English is trusted if it
    is among the three best guesses, else the result is ``und`` (undetermined);
    a text without letters is also ``und``.
    """
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    if not _LETTER.search(sample):
        return "und"
    ranking: list[tuple[str, float]] = _language_identifier().rank(sample)
    best, confidence = ranking[0]
    if confidence >= _MIN_LANGUAGE_CONFIDENCE:
        return best
    if "en" in (lang for lang, _ in ranking[:3]):
        return "en"
    return "und"


# --------------------------------------------------------------------------
# Reading inputs


def _read_input(raw: str, settings: IngestSettings, stdin: TextIO | None) -> Iterator[Article | Rejection]:
    """Everything one command-line input yields; errors become Rejections."""
    if raw == "-":
        yield from _guard(raw, _read_stdin(stdin if stdin is not None else sys.stdin, settings))
        return
    path = Path(raw)
    if path.is_dir():
        yield from _guard(raw, _read_directory(path, raw, settings))
    elif path.exists():
        yield from _guard(raw, _read_file(path, raw, settings))
    else:
        yield Rejection(raw, "E100", Codes.E100)


def _guard(source: str, items: Iterator[Article | Rejection]) -> Iterator[Article | Rejection]:
    """Yield ``items`` (a lazy generator); an error ends it with a Rejection instead of propagating."""
    try:
        yield from items
    except IngestError as error:
        yield Rejection(error.source, error.code, error.reason)
    except Exception as error:  # one broken input must not stop the batch
        log.exception("unexpected error while reading %s", source)
        yield Rejection(source, "E199", Codes.E199.format(detail=f"{type(error).__name__}: {error}"))


def _read_directory(path: Path, source: str, settings: IngestSettings) -> Iterator[Article | Rejection]:
    """The files of a directory, recursively and sorted by name, each read on its own."""
    found = False
    for file in _walk(path, set()):
        found = True
        file_source = str(Path(source) / file.relative_to(path))
        yield from _guard(file_source, _read_file(file, file_source, settings))
    if not found:
        yield Rejection(source, "E114", Codes.E114)


def _walk(directory: Path, visited: set[Path]) -> Iterator[Path]:
    """Readable-looking files under ``directory``; skips hidden entries, README/LICENSE and Markdown."""
    real = directory.resolve()
    if real in visited:  # a symbolic link loop
        return
    visited.add(real)
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError as error:
        log.warning("cannot list %s: %s", directory, error)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, visited)
        elif entry.is_file() and not _SKIPPED_NAME.fullmatch(entry.name):
            yield entry


def _read_file(path: Path, source: str, settings: IngestSettings) -> Iterator[Article | Rejection]:
    """One file: size check before reading, decoding, then the reader of its format."""
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise _too_big(source, str(size), settings)
        with path.open("rb") as handle:
            data = handle.read(settings.max_bytes + 1)
    except OSError as error:
        raise IngestError(source, "E115", Codes.E115.format(detail=error.strerror or str(error))) from error
    if len(data) > settings.max_bytes:  # the file grew after stat, or is a device
        raise _too_big(source, f"more than {settings.max_bytes}", settings)
    suffix = path.suffix.lower()
    text = _decode(data, source)
    yield from _read_content(text, source, _SUFFIX_FORMATS.get(suffix), settings, suffix=suffix)


def _read_stdin(stream: TextIO, settings: IngestSettings) -> Iterator[Article | Rejection]:
    """Standard input (bytes from its binary buffer when it has one); the format is sniffed."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        data = buffer.read(settings.max_bytes + 1)
    else:  # a text stream (e.g. io.StringIO): checked like the bytes of a UTF-8 file
        data = stream.read(settings.max_bytes + 1).encode("utf-8", errors="replace")
    if len(data) > settings.max_bytes:
        raise _too_big("-", f"more than {settings.max_bytes}", settings)
    yield from _read_content(_decode(data, "-"), "-", None, settings, suffix="")


def _too_big(source: str, size: str, settings: IngestSettings) -> IngestError:
    """The ``E104`` error for an input over ``settings.max_bytes``."""
    return IngestError(source, "E104", Codes.E104.format(size=size, limit=settings.max_bytes))


def _read_content(
    text: str, source: str, fmt: _Format | None, settings: IngestSettings, *, suffix: str
) -> Iterator[Article | Rejection]:
    """Dispatch decoded text to its reader.

    ``fmt`` None means sniff the content; stdin and files without a suffix
    fall back to plain text, other unknown suffixes are rejected (``E111``).
    """
    if not text.strip():
        raise IngestError(source, "E101", Codes.E101)
    if fmt is None:
        fmt = _sniff(text)
        if fmt is None:
            if suffix:
                raise IngestError(source, "E111", Codes.E111.format(suffix=suffix))
            fmt = "text"
        log.debug("%s: sniffed format %s", source, fmt)
    if fmt == "text":
        yield read_text_article(text, source, settings)
    elif fmt == "html":
        yield read_html_article(text, source, settings)
    else:
        yield from read_records(text, source, fmt, settings)


def _sniff(text: str) -> _Format | None:
    """Format guessed from the content: ``<`` HTML, ``{``/``[`` JSON or JSONL, else None."""
    head = text.lstrip()
    if head.startswith("<"):
        return "html"
    if not head.startswith(("{", "[")):
        return None
    try:
        json.loads(text)
    except ValueError:
        first_line = head.split("\n", 1)[0]
        try:
            if isinstance(json.loads(first_line), dict):
                return "jsonl"
        except ValueError:
            pass
        return "json" if head.startswith("{") else None
    return "json"


def _decode(data: bytes, source: str) -> str:
    """Text of a file: UTF-8 (BOM stripped), UTF-16/32 with a BOM, else Windows-1252 if it reads as text."""
    if not data:
        raise IngestError(source, "E101", Codes.E101)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise_text(data[len(bom) :].decode(codec))
            except UnicodeDecodeError as error:
                raise IngestError(source, "E103", Codes.E103) from error
    if b"\x00" in data or _control_share(data) > _MAX_CONTROL_SHARE:
        raise IngestError(source, "E102", Codes.E102)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise IngestError(source, "E103", Codes.E103) from error
        if not _looks_like_text(text):
            raise IngestError(source, "E103", Codes.E103) from None
        log.debug("%s: not UTF-8; read as Windows-1252", source)
    return _normalise_text(text)


def _control_share(data: bytes) -> float:
    """Share of control bytes (not tab/newline/CR/FF) in ``data``."""
    if not data:
        return 0.0
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)


def _looks_like_text(text: str) -> bool:
    """Whether a Windows-1252 decoding reads as text: mostly ASCII, all printable."""
    if not text:
        return False
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    unprintable = sum(1 for ch in text if not ch.isprintable() and ch not in "\n\t\r\f")
    return non_ascii / len(text) <= _MAX_NON_ASCII_SHARE and unprintable == 0


def _normalise_text(text: str) -> str:
    """``\\n`` line ends, no BOM, no control characters, paragraph separators as blank lines."""
    text = text.removeprefix("\ufeff")
    text = _LINE_BREAKS.sub("\n", text).replace("\u2029", "\n\n")
    return _CONTROL_CHARS.sub("", text)


# --------------------------------------------------------------------------
# Records


def _split_records(text: str, source: str, fmt: _RecordFormat) -> Iterator[tuple[int, Any]]:
    """(number, record) pairs; a malformed JSONL line or CSV row is yielded as an IngestError value."""
    if fmt == "json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise IngestError(source, "E105", Codes.E105.format(line=error.lineno, detail=error.msg)) from error
        if isinstance(value, list):
            yield from enumerate(value, start=1)
        else:
            yield 1, value
    elif fmt == "jsonl":
        lines = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
        several = len(lines) > 1
        for n, line in lines:
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as error:
                reason = Codes.E105.format(line=n, detail=error.msg)
                yield n, IngestError(f"{source}#{n}" if several else source, "E105", reason)
    else:
        yield from _split_csv(text, source)


def _split_csv(text: str, source: str) -> Iterator[tuple[int, Any]]:
    """CSV rows as dicts keyed by lower-cased column name; a 'text' column is required."""
    if csv.field_size_limit() < len(text):  # one article may exceed the 128 KiB default
        csv.field_size_limit(len(text))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise IngestError(source, "E113", Codes.E113) from error
    columns = [name.strip().lstrip("\ufeff").lower() for name in header]
    if "text" not in columns:
        raise IngestError(source, "E113", Codes.E113)
    n = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise IngestError(source, "E117", Codes.E117.format(line=reader.line_num, detail=error)) from error
        if not any(cell.strip() for cell in row):
            continue
        n += 1
        yield n, {name: cell for name, cell in zip(columns, row, strict=False) if name and cell.strip()}


def _record_articles(
    record: Any, n: int, source: str, fmt: _RecordFormat, settings: IngestSettings
) -> Iterator[Article]:
    """The Article of one record (a generator, so ``_guard`` catches its errors)."""
    yield _record_article(record, n, source, fmt, settings)


def _record_article(record: Any, n: int, source: str, fmt: _RecordFormat, settings: IngestSettings) -> Article:
    """One record as an Article; raises IngestError for a bad record."""
    if isinstance(record, IngestError):
        raise record
    if not isinstance(record, dict):
        raise IngestError(source, "E116", Codes.E116.format(line=n, kind=_json_kind(record)))
    text = record.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        raise IngestError(source, "E106", Codes.E106.format(line=n))
    if not isinstance(text, str):
        raise IngestError(source, "E112", Codes.E112.format(line=n, field="text", expected="a string"))

    title = _record_string(record, n, source, "title", "headline")
    fields = _parse_text(_normalise_text(text), title=title)
    fields.title = title or fields.title
    fields.url = _record_string(record, n, source, "url", "link") or fields.url
    fields.outlet = _record_string(record, n, source, "outlet", "source", "site") or fields.outlet
    fields.byline = _record_byline(record, n, source) or fields.byline
    language = _record_string(record, n, source, "language", "lang")
    if language and (tag := _LANGUAGE_TAG.fullmatch(language)):
        fields.language = tag["code"].lower()
    published = _record_date(record, n, source)
    fields.published = published or fields.published
    return _build_article(fields, source, fmt, settings)


def _record_string(record: dict[str, Any], n: int, source: str, *names: str) -> str | None:
    """The first of ``names`` present in the record, as a stripped string (None if absent or empty)."""
    for name in names:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise IngestError(source, "E112", Codes.E112.format(line=n, field=name, expected="a string"))
        if value.strip():
            return value.strip()
    return None


def _record_byline(record: dict[str, Any], n: int, source: str) -> str | None:
    """``byline``/``author``/``authors``: a string, or a list of names joined with "and"."""
    for name in ("byline", "author", "authors"):
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            names = [v.strip() for v in value if v.strip()]
            return " and ".join(names) or None
        if not isinstance(value, str):
            raise IngestError(
                source, "E112", Codes.E112.format(line=n, field=name, expected="a string or a list of strings")
            )
        if value.strip():
            return _BYLINE_PREFIX.sub("", value.strip())
    return None


def _record_date(record: dict[str, Any], n: int, source: str) -> dt.date | None:
    """``published``/``date``/``published_at`` as a date: ISO date or date-time, or a common written form."""
    for name in ("published", "date", "published_at"):
        value = record.get(name)
        if value is None or value == "":
            continue
        parsed = _parse_date(value) if isinstance(value, str) else None
        if parsed is None:
            expected = "a date such as 2025-08-05 (ISO date or date-time)"
            raise IngestError(source, "E112", Codes.E112.format(line=n, field=name, expected=expected))
        return parsed
    return None


def _json_kind(value: Any) -> str:
    """JSON name of a value's type, for messages."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "null" if value is None else type(value).__name__


# --------------------------------------------------------------------------
# Building articles


def _build_article(fields: _Fields, source: str, fmt: _Format, settings: IngestSettings) -> Article:
    """The Article for parsed fields; raises ``E108`` when the body is too short."""
    body = fields.body
    words = len(body.split())
    if words < settings.min_words:
        raise IngestError(source, "E108", Codes.E108.format(words=words, minimum=settings.min_words))
    if settings.detect_language:
        language = detect_language(body)
        if fields.language and fields.language != language:
            log.debug("%s: declared language %s, detected %s", source, fields.language, language)
    else:
        language = fields.language or "en"
    return Article(
        id=article_id(body, fields.outlet),
        source=source,
        body=body,
        outlet=fields.outlet,
        published=fields.published,
        title=fields.title,
        byline=fields.byline,
        dateline=fields.dateline,
        credits=_dedupe(fields.credits),
        language=language,
        url=fields.url,
        format=fmt,
    )


def _dedupe(names: list[str]) -> tuple[str, ...]:
    """Names in first-seen order without case-insensitive repeats."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = name.casefold()
        if name and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _language_identifier() -> Any:
    """py3langid's model with probabilities normalised (loaded once, ~0.7 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _doc_field(doc: Any, name: str) -> str | None:
    """A string field of a trafilatura result (Document or dict), None when missing or blank."""
    if doc is None:
        return None
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    return (value.strip() or None) if isinstance(value, str) else None


def _is_prose(line: str) -> bool:
    """Whether an extracted HTML line reads like article text rather than a menu or link."""
    return len(line.split()) >= _MIN_PROSE_WORDS and bool(_SENTENCE_END.search(line))


# --------------------------------------------------------------------------
# Plain-text parsing


def _parse_text(text: str, *, headers: bool = True, title: str | None = None) -> _Fields:
    """Split normalised text into body and metadata (headers, title, byline, dateline, credits)."""
    fields = _Fields(title=title)
    lines = text.split("\n")
    start = _read_headers(lines, fields) if headers else 0
    start = _read_top(lines, start, fields)
    body_lines = _strip_credits(lines[start:], fields)
    paragraphs = _strip_dateline(_split_paragraphs(body_lines), fields)
    fields.body = "\n\n".join(paragraphs)
    return fields


def _read_headers(lines: list[str], fields: _Fields) -> int:
    """Apply the header block at the top; returns the index of the first line after it.

    A block is taken as headers only when it looks like one: a ``key: value``
    line, a parseable ``date``, a URL or language tag, or at least two lines
    followed by a blank line. So "Title fight postponed" stays text.
    """
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    block: list[tuple[str, str]] = []
    strong = False
    while i < len(lines):
        header = _header_line(lines[i])
        if header is None:
            break
        key, value, is_strong = header
        block.append((key, value))
        strong = strong or is_strong
        i += 1
    followed_by_blank = i >= len(lines) or not lines[i].strip()
    if not block or not (strong or (len(block) >= 2 and followed_by_blank)):
        return 0
    for key, value in block:
        _set_header(fields, key, value)
    return i


def _header_line(line: str) -> tuple[str, str, bool] | None:
    """(field, value, strong) for a header line, or None; "strong" lines are unmistakably headers."""
    m = _HEADER.fullmatch(line)
    if m is None:
        return None
    key = _HEADER_FIELDS[m["key"].lower()]
    value = m["value"]
    if m["colon"]:
        return key, value, True
    if key == "published":
        return (key, value, True) if _parse_date(value) else None
    if key == "url":
        return (key, value, True) if _URL.fullmatch(value) else None
    if key == "language":
        return (key, value, True) if _LANGUAGE_TAG.fullmatch(value) else None
    if len(value.split()) > _MAX_HEADER_WORDS or _SENTENCE_END.search(value):
        return None
    return key, value, False


def _set_header(fields: _Fields, key: str, value: str) -> None:
    """Fill ``key`` from a header value unless already set (the first header wins)."""
    if key == "published":
        if fields.published is None:
            fields.published = _parse_date(value)
            if fields.published is None:
                log.debug("header date %r is not a date I can read; ignored", value)
    elif key == "language":
        tag = _LANGUAGE_TAG.fullmatch(value)
        if tag and fields.language is None:
            fields.language = tag["code"].lower()
    elif key == "byline":
        fields.byline = fields.byline or _BYLINE_PREFIX.sub("", value)
    elif key == "title":
        fields.title = fields.title or value
    elif key == "outlet":
        fields.outlet = fields.outlet or value
    elif key == "url":
        fields.url = fields.url or value


def _read_top(lines: list[str], start: int, fields: _Fields) -> int:
    """Title, byline and date lines just above the body; returns the index where the body starts."""
    i = start
    first = True
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        following = lines[i + 1].strip() if i + 1 < len(lines) else None
        if fields.byline is None and (byline := _byline(line)) is not None:
            fields.byline = byline
            _credit_byline_agency(byline, fields)
        elif first and fields.title is not None and _same_text(line, fields.title):
            pass  # the title repeated at the top of the text
        elif first and fields.title is None and _is_title(line, following):
            fields.title = line
        elif (date := _parse_date(line)) is not None:
            fields.published = fields.published or date
        elif (header := _header_line(line)) is not None and header[2]:
            _set_header(fields, header[0], header[1])
        else:
            break
        first = False
        i += 1
    return i


def _byline(line: str) -> str | None:
    """The names of a byline line ("By Jane Doe and John Roe, Agency" → "Jane Doe and John Roe, Agency")."""
    m = _BYLINE.fullmatch(line)
    if m is None:
        return None
    names = m["names"]
    words = names.replace(",", " ").split()
    if len(words) + 1 >= _MAX_SHORT_LINE_WORDS or any(ch.isdigit() for ch in names):
        return None
    if names.endswith((".", "!", "?", ":", ";")) and not _INITIAL_END.search(names):
        return None
    for word in words:
        if not (word[0].isupper() or word.lower() in _NAME_PARTICLES):
            return None
    return names


def _credit_byline_agency(byline: str, fields: _Fields) -> None:
    """Credit the agency after the last comma of a byline ("..., Pan-African Press")."""
    if "," not in byline:
        return
    tail = byline.rsplit(",", 1)[1].strip()
    if _is_agency_name(tail):
        fields.credits.append(_agency_name(tail))


def _is_title(line: str, following: str | None) -> bool:
    """A short first line with no final period, followed by a blank line (or the byline)."""
    if following is None or len(line.split()) >= _MAX_SHORT_LINE_WORDS or line.endswith("."):
        return False
    if following and _byline(following) is None:
        return False
    return _dateline_match(line) is None


def _same_text(a: str, b: str) -> bool:
    """Whether two short texts are the same words (case and punctuation ignored), or one starts the other."""
    x = _NON_WORD.sub(" ", a).casefold().strip()
    y = _NON_WORD.sub(" ", b).casefold().strip()
    return bool(x and y) and (x == y or x.startswith(y) or y.startswith(x))


def _strip_credits(lines: list[str], fields: _Fields) -> list[str]:
    """Remove trailing credit lines (bottom up), crediting the agencies they name."""
    lines = list(lines)
    found: list[str] = []
    while True:
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            break
        line = lines[-1].strip()
        agencies = _credit_line(line)
        if agencies is None:
            break
        previous = lines[-2].strip() if len(lines) > 1 else ""
        # A short last line of a hard-wrapped paragraph is not a credit line.
        if previous and not _SENTENCE_END.search(previous) and _credit_line(previous) is None:
            break
        found[:0] = agencies
        lines.pop()
    fields.credits.extend(found)
    return lines


def _credit_line(line: str) -> list[str] | None:
    """The agencies a credit line names ([] for an unnamed credit), or None if it is not a credit line."""
    words = len(line.split())
    if words > _MAX_LONG_CREDIT_WORDS:
        return None
    if _CREDIT_REPORTING.fullmatch(line) or _CREDIT_CONTRIBUTED.fullmatch(line):
        return _known_agencies(line)
    if words >= _MAX_SHORT_LINE_WORDS:
        return None
    if _END_MARK.fullmatch(line):
        return []
    if _is_agency_name(line):
        return [_agency_name(line)]
    if (m := _CREDIT_DASH.fullmatch(line)) and _is_agency_name(m["name"]):
        return [_agency_name(m["name"])]
    if m := _CREDIT_FIRST_PUBLISHED.fullmatch(line):
        return [m["name"].strip()]
    if _CREDIT_REPORTED_FROM.fullmatch(line) or _CREDIT_COPYRIGHT.fullmatch(line):
        return _known_agencies(line)
    return None


def _is_agency_name(text: str) -> bool:
    """Whether ``text`` is just an agency or outlet name ("AP", "Associated Press", "Pan-African Press")."""
    text = text.strip()
    if _KNOWN_AGENCY.fullmatch(text):
        return True
    m = _NAME_LINE.fullmatch(text)
    if m is None or _END_MARK.fullmatch(text):
        return False
    name = m["name"]
    return bool(_AGENCY_WORD.search(name)) or all(_ACRONYM.fullmatch(w) for w in name.split())


def _agency_name(text: str) -> str:
    """The name of an agency credit without brackets, dashes or a leading "The" before a known agency."""
    name = text.strip().strip("()").strip()
    known = _KNOWN_AGENCY.fullmatch(name)
    return known["name"] if known else name


def _known_agencies(line: str) -> list[str]:
    """Known agency names mentioned in a line."""
    return [m["name"] for m in _KNOWN_AGENCY.finditer(line)]


def _split_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs separated by blank lines; hard-wrapped lines are joined with a space.

    In a block whose lines run longer than ``_MAX_WRAPPED_LINE_CHARS`` each
    line is its own paragraph (text written one paragraph per line).
    """
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line.strip())
            continue
        if not block:
            continue
        if len(block) > 1 and max(len(b) for b in block) > _MAX_WRAPPED_LINE_CHARS:
            paragraphs.extend(_squash(b) for b in block)
        else:
            paragraphs.append(_squash(" ".join(block)))
        block = []
    return paragraphs


def _squash(text: str) -> str:
    """White-space runs folded to one space, ends trimmed."""
    return _SPACES.sub(" ", text).strip()


def _dateline_match(paragraph: str) -> re.Match[str] | None:
    """The dateline opening ``paragraph``, if it has one."""
    m = _DATELINE.match(paragraph)
    if m is None:
        return None
    place = m["place"]
    letters = sum(ch.isalpha() for ch in place)
    if letters < 2 or place.rstrip(".") in _NOT_PLACES:
        return None
    if not place.isupper() and not m["agency"]:
        return None
    return m


def _strip_dateline(paragraphs: list[str], fields: _Fields) -> list[str]:
    """Move the dateline opening the first paragraph to ``fields.dateline`` (agency to credits)."""
    if not paragraphs:
        return paragraphs
    m = _dateline_match(paragraphs[0])
    if m is None:
        return paragraphs
    fields.dateline = m["place"] + (f", {m['region']}" if m["region"] else "")
    if m["agency"]:
        fields.credits.insert(0, _agency_name(m["agency"]))
    rest = paragraphs[0][m.end() :].strip()
    return [rest, *paragraphs[1:]] if rest else paragraphs[1:]
