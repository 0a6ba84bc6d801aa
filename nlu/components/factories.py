"""Registers the NLU's spaCy factories in one place (as spaCy's pipeline/factories.py)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from nlu.components.base import ensure_extensions
from nlu.components.gazetteer import CommuneGazetteer
from nlu.components.lexicon import LexiconExtractor
from nlu.components.normalizer import normalise_doc
from nlu.components.resolver import resolve_doc
from nlu.components.rules import RuleExtractor

__all__ = ["PIPE_NAMES", "register_factories"]

PIPE_NAMES = (
    "autonomie_normalizer",
    "autonomie_lexicon",
    "autonomie_rules",
    "autonomie_gazetteer",
    "autonomie_resolver",
)
_done = False


def _normalizer(doc: Doc) -> Doc:
    return normalise_doc(doc)


def _resolver(doc: Doc) -> Doc:
    return resolve_doc(doc)


def register_factories() -> None:
    """Idempotent: registers Doc extensions and the five components."""
    global _done
    if _done:
        return
    ensure_extensions()
    Language.component(
        "autonomie_normalizer", assigns=["token.norm", "doc._.nlu_folded"], func=_normalizer
    )
    Language.factory(
        "autonomie_lexicon",
        requires=["token.norm"],
        func=lambda nlp, name: LexiconExtractor(nlp, name),
    )
    Language.factory(
        "autonomie_rules", requires=["doc._.nlu_folded"], func=lambda nlp, name: RuleExtractor(name)
    )
    Language.factory(
        "autonomie_gazetteer",
        requires=["doc._.nlu_folded"],
        func=lambda nlp, name: CommuneGazetteer(name),
    )
    Language.component("autonomie_resolver", assigns=["doc._.nlu_entities"], func=_resolver)
    _done = True
