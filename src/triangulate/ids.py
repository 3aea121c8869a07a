"""Content hashes of canonical JSON: ids and fingerprints."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

__all__ = ["canonical_json", "content_hash", "article_id", "normalise_for_hash"]


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no insignificant white space."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def content_hash(value: Any, *, length: int = 12) -> str:
    """Hex SHA-256 prefix of the canonical JSON of ``value``."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()[:length]


_WS = re.compile(r"\s+")


def normalise_for_hash(text: str) -> str:
    """Unicode NFC, white space folded, case kept: what identifies a text."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(body: str, outlet: str | None = None) -> str:
    """Id of an article: hash of its normalised body and its outlet.

    The same text given twice by one outlet is one article (a duplicate);
    the same text published by two outlets is two articles (a syndicated
    copy), which provenance then links as verbatim reuse.
    """
    return "a" + content_hash([normalise_for_hash(body), (outlet or "").strip().lower()], length=11)
