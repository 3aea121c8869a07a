"""Event classes: verbs and event nouns that name the same kind of event in news copy.

"freed on Monday" and "released on Thursday" are about one event; so are an
"inspection in August" and "inspectors visited in March". Used to pair the
numbers and dates of two claims and to key the consensus fact sheet.
"""

from __future__ import annotations

__all__ = ["EVENT_CLASSES", "PERPETRATOR_ROLES"]

EVENT_CLASSES: dict[str, str] = {}
for _name, _words in {
    "say": "say tell announce state add confirm report declare disclose reveal",
    "free": "free release rescue liberate",
    "seize": "kidnap abduct seize capture snatch take hold",
    "kill": "kill die dead death slay",
    "injure": "injure wound hurt",
    "arrest": "arrest detain apprehend",
    "attack": "attack strike hit target raid storm",
    "collapse": "collapse cave",
    "inspect": "inspect inspection inspector visit",
    "sentence": "sentence jail imprison convict",
    "elect": "elect vote win",
    "open": "open launch start begin",
    "walkout": "walkout stoppage",
    "close": "close shut end halt suspend stop",
    "find": "find discover uncover detect",
}.items():
    for _w in _words.split():
        EVENT_CLASSES[_w] = _name

# Slots that name who did it, whatever the sentence: "kidnapped by X", "X claimed the
# attack", "X attacked" (roles as ``parse._role`` writes them: passive agents are subjects).
PERPETRATOR_ROLES = frozenset({"nsubj:seize", "nsubj:attack", "nsubj:kill", "nsubj:claim"})
