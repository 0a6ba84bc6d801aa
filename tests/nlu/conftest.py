"""Fixtures of the NLU tests: one encoder and one model trained on the real nlu.yml per session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nlu.embeddings import OnnxEncoder, default_encoder
from nlu.geo import Communes
from nlu.pipeline import NLUPipeline

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
def model_dir(trained_models: Path) -> Path:
    """The model `autonomie train` makes from nlu.yml (retrained when the data, the code or
    the encoder changed): the same training as ``NLUPipeline.train`` on TRAIN_FILE, done
    once for the whole suite instead of once a test worker. Tests only read it."""
    return trained_models / "nlu"


@pytest.fixture(scope="session")
def nlu(model_dir: Path, encoder: OnnxEncoder) -> NLUPipeline:
    return NLUPipeline.load(model_dir, encoder=encoder)
