"""Fixtures of the knowledge-base tests.

The real index (the shared encoder + the real fiches) is the one `autonomie train`
built, copied once per session; unit tests use a tiny hashing encoder and a few fiches.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from kb_helpers import HashingEncoder, write_sample_fiches

from knowledge.encoder import Encoder, load_default_encoder
from knowledge.fiches import Fiche, default_fiches_dir, load_fiches
from knowledge.index import BuildReport, build_index, read_manifest
from knowledge.retriever import KnowledgeBase


@pytest.fixture()
def sample_fiches_dir(tmp_path: Path) -> Path:
    return write_sample_fiches(tmp_path / "fiches")


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, HashingEncoder]:
    """(fiches dir, index dir, encoder) of the sample fiches, built with the hashing encoder."""
    root = tmp_path_factory.mktemp("small-kb")
    fiches_dir = write_sample_fiches(root / "fiches")
    encoder = HashingEncoder()
    build_index(fiches_dir, root / "index", encoder, progress=False)
    return fiches_dir, root / "index", encoder


@pytest.fixture(scope="session")
def real_fiches() -> list[Fiche]:
    return load_fiches(default_fiches_dir())


@pytest.fixture(scope="session")
def real_encoder() -> Encoder:
    return load_default_encoder()  # the shared NLU encoder when it exists


@pytest.fixture(scope="session")
def real_index(
    tmp_path_factory: pytest.TempPathFactory, trained_models: Path
) -> tuple[Path, Path, BuildReport]:
    """(fiches dir copy, index dir, build report) of the real fiches and encoder: the
    index `autonomie train` builds (make test trains before the tests start; building it
    again here cost each test worker 75 s), copied so that no test changes models/."""
    root = tmp_path_factory.mktemp("real-kb")
    fiches_dir, index_dir = root / "fiches", root / "index"
    shutil.copytree(default_fiches_dir(), fiches_dir)
    shutil.copytree(trained_models / "kb", index_dir)
    manifest = read_manifest(index_dir)
    report = BuildReport(
        index_dir=str(index_dir),
        n_fiches=manifest["n_fiches"],
        n_passages=manifest["n_passages"],
        build_seconds=manifest["build_seconds"],
        size_bytes=sum(f.stat().st_size for f in index_dir.iterdir()),
        thresholds=manifest["thresholds"],
        cv={},
    )
    return fiches_dir, index_dir, report


@pytest.fixture(scope="session")
def real_kb(real_index: tuple[Path, Path, BuildReport], real_encoder: Encoder) -> KnowledgeBase:
    return KnowledgeBase.load(real_index[1], real_encoder)
