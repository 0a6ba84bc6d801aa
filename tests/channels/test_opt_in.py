"""START after STOP, over the signed Twilio webhook, with the trained NLU and the real policy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.channels.conftest import user_texts
from tests.channels.test_twilio import SENDER, sms
from tests.embedded_platform import assistant_app


@pytest.fixture
def nlu_client(channel_settings: Settings, trained_models: Path) -> Iterator[TestClient]:
    settings = channel_settings.model_copy(
        update={"load_models": True, "models_dir": trained_models}
    )
    with TestClient(assistant_app(settings)) as client:
        yield client


def test_a_person_who_sent_stop_by_mistake_can_start_again(nlu_client: TestClient) -> None:
    status, replies = sms(nlu_client, "STOP")
    assert status == 200 and len(replies) == 1 and "START" in replies[0]
    assert sms(nlu_client, "bonjour") == (200, [])  # silence after STOP

    status, replies = sms(nlu_client, "START")
    assert status == 200 and len(replies) == 1 and replies[0].strip()
    status, replies = sms(nlu_client, "bonjour")
    assert status == 200 and replies and all(r.strip() for r in replies)
    assert user_texts(nlu_client, SENDER) == ["/opt_out", "bonjour", "/opt_in", "bonjour"]
