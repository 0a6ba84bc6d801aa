"""The server's encoder: the MiniLM transformer exported to ONNX gives the very
vectors of the torch one, so the NLU model and the index need no retraining."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from autonomie_nlu.embeddings import (
    OnnxEncoder,
    SentenceEncoder,
    export_onnx,
    load_encoder,
    onnx_is_stale,
)
from autonomie_nlu.pipeline import NLUPipeline
from autonomie_nlu.training_data import load_training_data
from tests.nlu.conftest import TEST_FILE


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceEncoder) -> Path:
    out = tmp_path_factory.mktemp("encoder")
    export_onnx(out, encoder)
    return out


def test_the_export_gives_the_vectors_of_the_torch_encoder(
    export_dir: Path, encoder: SentenceEncoder
) -> None:
    texts = [e.text for e in load_training_data(TEST_FILE).examples[:120]]
    texts += ["", "🙂", "a" * 3000]  # empty, emoji only, longer than 128 tokens
    onnx = OnnxEncoder(export_dir)
    ours, theirs = onnx.encode(texts), encoder.encode(texts)
    assert ours.shape == theirs.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float((ours * theirs).sum(axis=1).min()) > 0.9999
    assert onnx.encode([]).shape == (0, 384)


def test_the_nlu_reads_the_same_intents_with_either_encoder(
    export_dir: Path, model_dir: Path, encoder: SentenceEncoder
) -> None:
    texts = [e.text for e in load_training_data(TEST_FILE).examples[:150]]
    with_torch = NLUPipeline.load(model_dir, encoder=encoder)
    with_onnx = NLUPipeline.load(model_dir, encoder=OnnxEncoder(export_dir))
    for text in texts:
        assert with_onnx.parse(text).intent == with_torch.parse(text).intent, text


def test_a_missing_or_outdated_export_falls_back_to_torch(export_dir: Path, tmp_path: Path) -> None:
    assert not onnx_is_stale(export_dir)
    assert isinstance(load_encoder(export_dir), OnnxEncoder)
    assert onnx_is_stale(tmp_path)
    meta = json.loads((export_dir / "encoder.json").read_text(encoding="utf-8"))
    stale = tmp_path / "stale"
    stale.mkdir()
    for name in ("model.onnx", "tokenizer.json"):
        (stale / name).symlink_to(export_dir / name)
    (stale / "encoder.json").write_text(json.dumps({**meta, "source": "other weights"}))
    assert onnx_is_stale(stale)
    assert isinstance(load_encoder(stale), SentenceEncoder)
