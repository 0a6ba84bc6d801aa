"""The encoder the models are trained and served with: MiniLM exported to ONNX
with int8 weights. Without quantization the export gives the very vectors of
the torch encoder (so the export itself is right); quantized, the NLU trained
on it keeps its held-out accuracy."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlu.embeddings import (
    OnnxEncoder,
    SentenceEncoder,
    export_onnx,
    load_encoder,
    onnx_is_stale,
)
from nlu.errors import ModelNotFoundError
from nlu.evaluate import evaluate_pipeline
from nlu.pipeline import NLUPipeline
from nlu.training_data import load_training_data
from tests.nlu.conftest import TEST_FILE, TODAY, TRAIN_FILE


@pytest.fixture(scope="module")
def int8_dir(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceEncoder) -> Path:
    out = tmp_path_factory.mktemp("encoder")
    export_onnx(out, encoder)
    return out


def test_the_export_gives_the_vectors_of_the_torch_encoder(
    tmp_path: Path, encoder: SentenceEncoder
) -> None:
    export_onnx(tmp_path, encoder, quantize=False)
    texts = [e.text for e in load_training_data(TEST_FILE).examples[:120]]
    texts += ["", "🙂", "a" * 3000]  # empty, emoji only, longer than 128 tokens
    onnx = OnnxEncoder(tmp_path)
    ours, theirs = onnx.encode(texts), encoder.encode(texts)
    assert ours.shape == theirs.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float((ours * theirs).sum(axis=1).min()) > 0.9999
    assert onnx.encode([]).shape == (0, 384)
    assert onnx_is_stale(tmp_path)  # float32: not what the models are trained with


def test_the_nlu_trained_on_int8_keeps_its_held_out_accuracy(int8_dir: Path) -> None:
    encoder = OnnxEncoder(int8_dir)
    vectors = encoder.encode(["je cherche une formation", ""])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    pipeline = NLUPipeline.train(load_training_data(TRAIN_FILE), None, encoder=encoder)
    report = evaluate_pipeline(pipeline, load_training_data(TEST_FILE), today=TODAY)
    assert report["accuracy"] >= 0.89 and report["macro_f1"] >= 0.87, report  # 0.908 / 0.894


def test_a_missing_or_outdated_export_is_refused(int8_dir: Path, tmp_path: Path) -> None:
    assert not onnx_is_stale(int8_dir)
    assert isinstance(load_encoder(int8_dir), OnnxEncoder)
    with pytest.raises(ModelNotFoundError):
        load_encoder(tmp_path)
    meta = json.loads((int8_dir / "encoder.json").read_text(encoding="utf-8"))
    stale = tmp_path / "stale"
    stale.mkdir()
    for name in ("model.onnx", "tokenizer.json"):
        (stale / name).symlink_to(int8_dir / name)
    (stale / "encoder.json").write_text(json.dumps({**meta, "source": "other weights"}))
    with pytest.raises(ModelNotFoundError):
        load_encoder(stale)


def test_a_new_encoder_export_makes_the_models_stale(trained_models: Path, tmp_path: Path) -> None:
    import shutil

    from bot.training import kb_is_stale, nlu_is_stale

    models = tmp_path / "models"
    shutil.copytree(trained_models, models)
    encoder_dir = models / "encoder"
    assert not nlu_is_stale(models / "nlu", encoder_dir)
    assert not kb_is_stale(models / "kb", encoder_dir)
    meta = json.loads((encoder_dir / "encoder.json").read_text(encoding="utf-8"))
    (encoder_dir / "encoder.json").write_text(json.dumps({**meta, "max_seq_length": 256}))
    assert nlu_is_stale(models / "nlu", encoder_dir)
    assert kb_is_stale(models / "kb", encoder_dir)
