"""`autonomie train`: exports the sentence encoder (multilingual-e5-small, int8 ONNX:
what the server runs), trains the NLU model and builds the knowledge index with it
into models/, each only when its inputs changed since the last build."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path
from typing import Any

import nlu
from knowledge import build_index, index_is_stale
from nlu import ONNX_META, NLUPipeline, OnnxEncoder, load_training_data

__all__ = ["default_nlu_data", "kb_is_stale", "nlu_is_stale", "train_models"]

log = logging.getLogger(__name__)
STAMP = "trained_from.json"


def default_nlu_data() -> list[Path]:
    return [Path(nlu.__file__).parent / "data" / "nlu.yml"]


def _encoder_digest(encoder_dir: Path) -> str:
    """Which encoder export the models were trained with."""
    meta = encoder_dir / ONNX_META
    return hashlib.sha256(meta.read_bytes()).hexdigest() if meta.is_file() else ""


def _inputs_digest(files: list[Path], encoder_dir: Path) -> str:
    """What the NLU model depends on: its data, the vocabulary, the communes, the NLU code,
    the encoder."""
    package = Path(nlu.__file__).parent
    data = package / "data"
    inputs = [
        *files,
        *(data / name for name in ("vocabulary.yml", "laposte_hexasmal.csv", "communes_cog.csv")),
        *sorted(package.rglob("*.py")),
    ]
    digest = hashlib.sha256(_encoder_digest(encoder_dir).encode())
    for path in inputs:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def nlu_is_stale(model_dir: Path, encoder_dir: Path, files: list[Path] | None = None) -> bool:
    stamp = model_dir / STAMP
    if not stamp.is_file() or not (model_dir / "metadata.json").is_file():
        return True
    recorded = json.loads(stamp.read_text(encoding="utf-8")).get("digest")
    return bool(recorded != _inputs_digest(files or default_nlu_data(), encoder_dir))


def kb_is_stale(kb_dir: Path, encoder_dir: Path) -> bool:
    stamp = kb_dir / STAMP
    if index_is_stale(None, kb_dir) or not stamp.is_file():
        return True
    recorded = json.loads(stamp.read_text(encoding="utf-8")).get("encoder")
    return bool(recorded != _encoder_digest(encoder_dir))


def train_models(models_dir: Path, *, force: bool = False, progress: bool = True) -> dict[str, Any]:
    """Export the encoder, then train the NLU and build the index with it: only what is
    missing or stale (a new export makes both stale); what was done and how long it took."""
    report: dict[str, Any] = {}
    nlu_dir, kb_dir, encoder_dir = models_dir / "nlu", models_dir / "kb", models_dir / "encoder"
    if force or nlu.onnx_is_stale(encoder_dir, lexicon=True):
        started = time.perf_counter()
        nlu.export_encoder(encoder_dir)
        report["encoder_s"] = round(time.perf_counter() - started, 1)
    encoder: OnnxEncoder | None = None
    files = default_nlu_data()
    if force or nlu_is_stale(nlu_dir, encoder_dir, files):
        started = time.perf_counter()
        encoder = OnnxEncoder(encoder_dir)
        NLUPipeline.train(load_training_data(files), nlu_dir, encoder=encoder)
        digest = _inputs_digest(files, encoder_dir)
        (nlu_dir / STAMP).write_text(json.dumps({"digest": digest}), "utf-8")
        report["nlu_s"] = round(time.perf_counter() - started, 1)
    if force or kb_is_stale(kb_dir, encoder_dir):
        started = time.perf_counter()
        build_index(None, kb_dir, encoder or OnnxEncoder(encoder_dir), progress=progress)
        stamp = {"encoder": _encoder_digest(encoder_dir)}
        (kb_dir / STAMP).write_text(json.dumps(stamp), "utf-8")
        report["kb_s"] = round(time.perf_counter() - started, 1)
    return report
