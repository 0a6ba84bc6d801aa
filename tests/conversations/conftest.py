"""The assistant each conversation-test module talks to: the real app on the trained
models, its own database (one per module, named after it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conversations.run import serving


@pytest.fixture(scope="module")
def client(
    request: pytest.FixtureRequest, trained_models: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    name = request.module.__name__.rpartition(".")[2].removeprefix("test_")
    with serving(trained_models, tmp_path_factory.mktemp(name)) as test_client:
        yield test_client
