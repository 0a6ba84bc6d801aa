"""Fixtures of the NLU tests: one encoder and one model trained on the real nlu.yml per session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nlu.embeddings import OnnxEncoder, default_encoder
from nlu.geo import Communes
from nlu.pipeline import NLUPipeline
from nlu.training_data import load_training_data

NLU_DIR = Path(__file__).resolve().parents[2] / "nlu"
TRAIN_FILE = NLU_DIR / "data" / "nlu.yml"
TEST_FILE = NLU_DIR / "data" / "test.yml"
TODAY = date(2026, 1, 5)  # a Monday


@pytest.fixture(scope="session")
def encoder(trained_models: Path) -> OnnxEncoder:
    """The int8 e5 export the repository's models are trained with."""
    encoder = default_encoder(trained_models / "encoder")
    assert isinstance(encoder, OnnxEncoder)
    return encoder


@pytest.fixture(scope="session")
def communes() -> Communes:
    return Communes.from_csv()


@pytest.fixture(scope="session")
def model_dir(
    tmp_path_factory: pytest.TempPathFactory, encoder: OnnxEncoder, communes: Communes
) -> Path:
    out = tmp_path_factory.mktemp("nlu") / "model"
    NLUPipeline.train(load_training_data(TRAIN_FILE), out, encoder=encoder, communes=communes)
    return out


@pytest.fixture(scope="session")
def nlu(model_dir: Path, encoder: OnnxEncoder) -> NLUPipeline:
    return NLUPipeline.load(model_dir, encoder=encoder)
