"""Handoff fixtures: the app on a fresh database, seeded platforms and counsellors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings
from tests.handoff.helpers import prepare


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        prepare(test_client)
        yield test_client
