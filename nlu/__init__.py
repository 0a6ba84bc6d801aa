"""French NLU of Autonomie Assistant: intents, entities, communes.

Public API (imported lazily, so ``import nlu`` stays cheap)::

    from nlu import NLUPipeline, OnnxEncoder, Communes, load_training_data
    from nlu import INTENTS, NUMBER_WORDS             # the intents; "deux" → 2
    from nlu import fold_key                          # "St-Étienne" → "saint etienne"
    from nlu import is_french_word                    # "lien" → True, "palces" → False
    from nlu import expand_sms                        # "c qd" → "c'est quand" (folded text)
    from nlu import load_encoder, export_encoder, onnx_is_stale, ONNX_META  # the encoder

    encoder = OnnxEncoder(Path("models/encoder"))     # share it with the knowledge layer
    nlu = NLUPipeline.load("models/nlu", encoder=encoder)
    result = nlu.parse("jsuis a roubaix jai le permis")
    result.as_dict()                                  # Rasa's /model/parse shape
    result.embedding                                  # reuse for retrieval
    nlu.communes.by_postal_code("33600")              # La Poste reference
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below, typed; at run time they load on first use
    from nlu.components.lexicon import load_vocabulary
    from nlu.components.numbers import NUMBER_WORDS
    from nlu.embeddings import (
        ONNX_META,
        OnnxEncoder,
        export_encoder,
        load_encoder,
        onnx_is_stale,
    )
    from nlu.errors import ModelNotFoundError, NLUError
    from nlu.french_words import is_french_word
    from nlu.geo import Commune, Communes
    from nlu.intents import INTENTS
    from nlu.pipeline import NLUPipeline, ParseResult
    from nlu.text import expand_sms, fold_key
    from nlu.training_data import TrainingData, load_training_data

__all__ = [
    "INTENTS",
    "NUMBER_WORDS",
    "ONNX_META",
    "Commune",
    "Communes",
    "ModelNotFoundError",
    "NLUError",
    "NLUPipeline",
    "OnnxEncoder",
    "ParseResult",
    "TrainingData",
    "expand_sms",
    "export_encoder",
    "fold_key",
    "is_french_word",
    "load_encoder",
    "load_training_data",
    "load_vocabulary",
    "onnx_is_stale",
]

_WHERE = {
    "INTENTS": "nlu.intents",
    "NUMBER_WORDS": "nlu.components.numbers",
    "Commune": "nlu.geo",
    "Communes": "nlu.geo",
    "ModelNotFoundError": "nlu.errors",
    "NLUError": "nlu.errors",
    "NLUPipeline": "nlu.pipeline",
    "ParseResult": "nlu.pipeline",
    "ONNX_META": "nlu.embeddings",
    "OnnxEncoder": "nlu.embeddings",
    "export_encoder": "nlu.embeddings",
    "load_encoder": "nlu.embeddings",
    "onnx_is_stale": "nlu.embeddings",
    "TrainingData": "nlu.training_data",
    "expand_sms": "nlu.text",
    "fold_key": "nlu.text",
    "is_french_word": "nlu.french_words",
    "load_training_data": "nlu.training_data",
    "load_vocabulary": "nlu.components.lexicon",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'nlu' has no attribute {name!r}")
