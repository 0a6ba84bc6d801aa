"""Channel fixtures: settings with channel secrets, the app with a stand-in policy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from bot.settings import Settings
from tests.channels.fakes import FakeBotApi, FakeTwilio, serve
from tests.channels.policies import EchoPolicy
from tests.embedded_platform import assistant_app

PUBLIC_URL = "https://assistant.example.org"
TWILIO_TOKEN = "twilio-auth-token-for-tests"
TELEGRAM_TOKEN = "123456:TEST-token"
TELEGRAM_SECRET = "telegram-secret-for-tests"
AUTH = {"Authorization": "Bearer test-token"}


@pytest.fixture(scope="module")
def fake_bot_api() -> Iterator[FakeBotApi]:
    fake = FakeBotApi(TELEGRAM_TOKEN)
    with serve(fake.app) as url:
        fake.url = url  # type: ignore[attr-defined]
        yield fake


@pytest.fixture
def bot_api(fake_bot_api: FakeBotApi) -> FakeBotApi:
    fake_bot_api.reset()
    return fake_bot_api


@pytest.fixture(scope="module")
def fake_twilio() -> Iterator[tuple[FakeTwilio, str]]:
    fake = FakeTwilio()
    with serve(fake.app) as url:
        yield fake, url


@pytest.fixture
def channel_settings(settings: Settings, fake_bot_api: FakeBotApi) -> Settings:
    return settings.model_copy(
        update={
            "public_url": PUBLIC_URL,
            "twilio_account_sid": "AC" + "0" * 32,
            "twilio_auth_token": SecretStr(TWILIO_TOKEN),
            "twilio_from_number": "+33700000000",
            "telegram_token": SecretStr(TELEGRAM_TOKEN),
            "telegram_secret": SecretStr(TELEGRAM_SECRET),
            "telegram_api_url": f"{fake_bot_api.url}/bot",  # type: ignore[attr-defined]
        }
    )


@pytest.fixture
def app(channel_settings: Settings) -> FastAPI:
    return assistant_app(channel_settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        app.state.assistant.processor.policy = EchoPolicy()
        yield test_client


def user_texts(client: TestClient, sender: str) -> list[str]:
    response = client.get(f"/conversations/{sender}/tracker", headers=AUTH)
    if response.status_code == 404:
        return []
    return [e["text"] for e in response.json()["events"] if e["event"] == "user"]


@pytest.fixture
def bot_client(app: FastAPI) -> Iterator[TestClient]:
    """The app with the real dialogue policy."""
    with TestClient(app) as test_client:
        yield test_client
