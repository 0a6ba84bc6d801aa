"""Sentence embeddings of training texts, remembered between trainings.

Encoding the training examples is a fifth of a training's CPU (2,000 texts, ~7 s);
a counsellor who adds ten examples and trains again should not pay it again.
:func:`encode_remembered` keeps the rows in ``<model dir>/embeddings.npz``, keyed
by the encoder's digest (its export files: weights, vocabulary, tokenizer) and the
exact text encoded; a text the file lacks is encoded, a file of another encoder is
ignored, and the file is rewritten with the current texts only (so it never holds
more rows than a training has examples). An encoder with no export files on disk
(a test's, a cross-validation's view) is simply run.

The int8 encoder quantises its activations per batch, so a row may differ from a
fresh one in the last digits when the texts around it change: a first training (no
cache) gets exactly the rows a plain ``encode`` gives, in the same batches; a later
one the remembered rows and, for new texts, rows encoded in batches of new texts only.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlu.embeddings import Encoder

__all__ = ["CACHE_FILE", "encode_remembered", "encoder_digest"]

log = logging.getLogger(__name__)

CACHE_FILE = "embeddings.npz"
_EXPORT_FILES = ("encoder.json", "model.onnx", "tokenizer.json")


def encoder_digest(encoder: Encoder) -> str | None:
    """SHA-256 of the encoder's export files, or None when it has none on disk."""
    path = getattr(encoder, "model_path", None)
    if not isinstance(path, str):
        return None
    digest = hashlib.sha256()
    for name in _EXPORT_FILES:
        try:
            digest.update((Path(path) / name).read_bytes())
        except OSError:
            return None
    return digest.hexdigest()


def _load(path: Path, digest: str, dim: int) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as saved:
            if str(saved["digest"]) != digest or saved["rows"].shape[1:] != (dim,):
                return {}
            blob, ends = saved["texts"].tobytes(), saved["ends"].tolist()
            spans = zip([0, *ends][: len(ends)], ends, strict=True)
            texts = [blob[a:b].decode("utf-8", "surrogatepass") for a, b in spans]
            return dict(zip(texts, saved["rows"], strict=True))
    except Exception as exc:  # absent, truncated, foreign: a cache never stops a training
        if path.exists():
            log.warning("ignoring the embedding cache %s: %s", path, exc)
        return {}


def _save(path: Path, digest: str, texts: list[str], rows: np.ndarray) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
        ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        np.savez(tmp, digest=np.array(digest), texts=blob, ends=ends, rows=rows)
        tmp.replace(path)
    except OSError as exc:  # a read-only model directory: train without the cache
        log.warning("cannot write the embedding cache %s: %s", path, exc)
        tmp.unlink(missing_ok=True)


def encode_remembered(encoder: Encoder, texts: Sequence[str], cache_dir: Path | None) -> np.ndarray:
    """``encoder.encode(texts)``, the rows of texts already in ``cache_dir``'s cache
    taken from it (``cache_dir`` None: no cache)."""
    digest = encoder_digest(encoder) if cache_dir is not None else None
    if cache_dir is None or digest is None:
        return encoder.encode(texts)
    path = cache_dir / CACHE_FILE
    known = _load(path, digest, encoder.dim)
    unique = list(dict.fromkeys(texts))
    missing = [t for t in unique if t not in known]
    if not unique:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    if len(missing) == len(unique):  # nothing remembered: the very rows of a plain encode
        rows = np.asarray(encoder.encode(texts), dtype=np.float32)
        fresh = dict(zip(texts, rows, strict=True))
        _save(path, digest, unique, np.stack([fresh[t] for t in unique]))
        return rows
    if missing:
        known.update(zip(missing, encoder.encode(missing), strict=True))
    if missing or len(known) != len(unique):
        _save(path, digest, unique, np.stack([known[t] for t in unique]).astype(np.float32))
    return np.stack([known[t] for t in texts]).astype(np.float32)
