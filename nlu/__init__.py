"""French NLU of Autonomie Assistant: intents, entities, communes.

Public API (imported lazily, so ``import autonomie_nlu`` stays cheap)::

    from autonomie_nlu import NLUPipeline, SentenceEncoder, Communes, load_training_data

    encoder = SentenceEncoder()                       # share it with the knowledge layer
    nlu = NLUPipeline.load("models/nlu", encoder=encoder)
    result = nlu.parse("jsuis a roubaix jai le permis")
    result.as_dict()                                  # Rasa's /model/parse shape
    result.embedding                                  # reuse for retrieval
    nlu.communes.by_postal_code("33600")              # La Poste reference
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "Communes",
    "NLUError",
    "NLUPipeline",
    "ParseResult",
    "SentenceEncoder",
    "TrainingData",
    "load_training_data",
]

_WHERE = {
    "Communes": "autonomie_nlu.geo",
    "NLUError": "autonomie_nlu.errors",
    "NLUPipeline": "autonomie_nlu.pipeline",
    "ParseResult": "autonomie_nlu.pipeline",
    "SentenceEncoder": "autonomie_nlu.embeddings",
    "TrainingData": "autonomie_nlu.training_data",
    "load_training_data": "autonomie_nlu.training_data",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'autonomie_nlu' has no attribute {name!r}")
