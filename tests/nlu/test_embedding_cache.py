"""Training again after a small change encodes only the examples that changed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlu.embedding_cache import CACHE_FILE, encode_remembered, encoder_digest
from nlu.embeddings import OnnxEncoder


class Counted:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, base: OnnxEncoder) -> None:
        self.base, self.dim, self.model_path = base, base.dim, base.model_path
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += list(texts)
        return self.base.encode(texts)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


def test_a_second_training_encodes_only_the_new_examples(
    tmp_path: Path, encoder: OnnxEncoder
) -> None:
    counted = Counted(encoder)
    first = ["bonjour", "je cherche un emploi à Lille", "merci beaucoup", "bonjour"]
    rows = encode_remembered(counted, first, tmp_path)
    assert counted.encoded == first  # a first training: the rows of a plain encode
    assert np.allclose(rows, encoder.encode(first), atol=1e-6)

    counted.encoded.clear()
    second = ["merci beaucoup", "je cherche un emploi à Lille", "au revoir 🙂"]
    again = encode_remembered(counted, second, tmp_path)
    assert counted.encoded == ["au revoir 🙂"]
    assert np.array_equal(again[:2], rows[[2, 1]])

    counted.encoded.clear()  # the file now holds the second training's texts only
    encode_remembered(counted, ["bonjour"], tmp_path)
    assert counted.encoded == ["bonjour"]


def test_a_cache_of_another_encoder_or_a_damaged_one_is_not_used(
    tmp_path: Path, encoder: OnnxEncoder
) -> None:
    counted = Counted(encoder)
    digest = encoder_digest(counted)
    assert digest is not None and len(digest) == 64
    encode_remembered(counted, ["bonjour"], tmp_path)
    with np.load(tmp_path / CACHE_FILE) as saved:
        other = {name: saved[name] for name in saved.files}
    other["digest"] = np.array("0" * 64)  # an export of other weights
    np.savez(tmp_path / CACHE_FILE, **other)
    counted.encoded.clear()
    encode_remembered(counted, ["bonjour"], tmp_path)
    assert counted.encoded == ["bonjour"]

    (tmp_path / CACHE_FILE).write_bytes(b"PK\x03\x04 truncated")
    counted.encoded.clear()
    rows = encode_remembered(counted, ["bonjour"], tmp_path)
    assert counted.encoded == ["bonjour"] and rows.shape == (1, encoder.dim)


def test_without_a_directory_or_export_files_the_encoder_simply_runs(
    tmp_path: Path, encoder: OnnxEncoder
) -> None:
    counted = Counted(encoder)
    encode_remembered(counted, ["bonjour"], None)
    counted.model_path = str(tmp_path / "nowhere")
    encode_remembered(counted, ["bonjour"], tmp_path)
    assert counted.encoded == ["bonjour", "bonjour"]
    assert not (tmp_path / CACHE_FILE).exists()
    assert encode_remembered(counted, [], None).shape == (0, encoder.dim)
