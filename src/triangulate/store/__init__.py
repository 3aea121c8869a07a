"""The article store: an embedded SQLite database by default (zero set-up).

``Store`` keeps articles, failed inputs, story assignments, named state (the
grouping index) and cached stage outputs; ``migrations`` holds its versioned
schema.
"""

from __future__ import annotations

from .migrations import MIGRATIONS, Migration, Migrations
from .sqlite import FailureRow, Store, StoryRow, cache_key

__all__ = ["MIGRATIONS", "FailureRow", "Migration", "Migrations", "Store", "StoryRow", "cache_key"]
