"""French NLU of Autonomie Assistant: intents, entities, communes.

Public API (imported lazily, so ``import nlu`` stays cheap)::

    from nlu import NLUPipeline, OnnxEncoder, Communes, load_training_data

    encoder = OnnxEncoder(Path("models/encoder"))     # share it with the knowledge layer
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
    "OnnxEncoder",
    "ParseResult",
    "TrainingData",
    "load_training_data",
]

_WHERE = {
    "Communes": "nlu.geo",
    "NLUError": "nlu.errors",
    "NLUPipeline": "nlu.pipeline",
    "ParseResult": "nlu.pipeline",
    "OnnxEncoder": "nlu.embeddings",
    "TrainingData": "nlu.training_data",
    "load_training_data": "nlu.training_data",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'nlu' has no attribute {name!r}")
