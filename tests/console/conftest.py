"""Handoff fixtures: the app on a fresh database, seeded platforms and counsellors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.embedded_platform import assistant_app
from tests.handoff.helpers import prepare


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(assistant_app(settings)) as test_client:
        prepare(test_client)
        yield test_client
