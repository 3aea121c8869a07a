"""triangulate: verify a news story across its sources, claim by claim."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "check_articles", "check_paths", "make_article"]


def __getattr__(name: str) -> object:
    # Lazy: `import triangulate` stays cheap; the pipeline loads spaCy only when used.
    if name in ("check_articles", "check_paths", "make_article"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
