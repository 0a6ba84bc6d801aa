"""Normaliser: folded text for the regex components, folded+stemmed NORM for the matcher."""

from __future__ import annotations

from spacy.tokens import Doc

from nlu.components.lexicon import normalise_tokens
from nlu.text import FoldedText

__all__ = ["normalise_doc"]


def normalise_doc(doc: Doc) -> Doc:
    doc._.nlu_folded = FoldedText.of(doc.text)
    doc._.nlu_candidates = []
    return normalise_tokens(doc)
