"""Fuzz: random, malformed, signed and unsigned bodies never get a 5xx.

200 examples per endpoint in `make test`; `make fuzz` sets AUTONOMIE_FUZZ_EXAMPLES=10000.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pydantic import SecretStr
from twilio.request_validator import RequestValidator

from bot.settings import Settings
from tests.channels.fakes import FakeBotApi, serve
from tests.embedded_platform import assistant_app

EXAMPLES = int(os.environ.get("AUTONOMIE_FUZZ_EXAMPLES", "200"))
PUBLIC_URL = "https://assistant.example.org"
TWILIO_TOKEN = "twilio-fuzz-token"
TELEGRAM_TOKEN = "123456:FUZZ-token"
TELEGRAM_SECRET = "telegram-fuzz-secret"
FUZZ = hsettings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=EXAMPLES <= 200,  # make test: reproducible; make fuzz: explores
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
texts = st.text(max_size=300) | st.sampled_from(
    [
        "/affirm",
        '/book_event{"event_id": "x"}',
        "/list_events{",
        "/human_handoff",
        "supprimer mes données",
        "\x00",
        "é" * 5000,
    ]
)
senders = st.text(min_size=0, max_size=140) | st.sampled_from(["web:a", "tg:1", ""])


def _body(structured: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    return st.one_of(
        structured.map(lambda v: json.dumps(v).encode()),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=200),
    )


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    fake = FakeBotApi(TELEGRAM_TOKEN)
    with serve(fake.app) as url:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/fuzz.db",
            api_token=SecretStr("test-token"),
            load_models=False,
            redis_url=None,
            public_url=PUBLIC_URL,
            twilio_account_sid="AC" + "0" * 32,
            twilio_auth_token=SecretStr(TWILIO_TOKEN),
            twilio_from_number="+33700000000",
            telegram_token=SecretStr(TELEGRAM_TOKEN),
            telegram_secret=SecretStr(TELEGRAM_SECRET),
            telegram_api_url=f"{url}/bot",
            worker_interval_s=0,  # no background worker
        )
        with TestClient(assistant_app(settings)) as test_client:
            yield test_client


def _no_5xx(response: Any) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:500])


def _check(client: TestClient) -> Callable[..., None]:
    def post(path: str, content: bytes, headers: dict[str, str]) -> None:
        _no_5xx(client.post(path, content=content, headers=headers))

    return post


def test_rest_webhook(client: TestClient) -> None:
    @FUZZ
    @given(_body(st.fixed_dictionaries({"sender": senders, "message": texts})))
    def run(body: bytes) -> None:
        _check(client)("/webhooks/rest/webhook", body, {"content-type": "application/json"})

    run()


def test_model_parse(client: TestClient) -> None:
    @FUZZ
    @given(_body(st.fixed_dictionaries({"text": texts})))
    def run(body: bytes) -> None:
        _check(client)("/model/parse", body, {"content-type": "application/json"})

    run()


def test_twilio_webhook(client: TestClient) -> None:
    path = "/webhooks/twilio/webhook"
    params = st.dictionaries(
        st.sampled_from(["From", "To", "Body", "MessageSid", "NumMedia", "SmsStatus"])
        | st.text(max_size=8),
        st.text(max_size=200) | st.sampled_from(["+33612345678", "whatsapp:+33612345678", "0"]),
        max_size=6,
    )

    @FUZZ
    @given(params, st.sampled_from(["valid", "none", "wrong"]))
    def run(form: dict[str, str], signing: str) -> None:
        headers = {"content-type": "application/x-www-form-urlencoded"}
        if signing == "valid":
            headers["x-twilio-signature"] = RequestValidator(TWILIO_TOKEN).compute_signature(
                f"{PUBLIC_URL}{path}", form
            )
        elif signing == "wrong":
            headers["x-twilio-signature"] = "bm9wZQ=="
        _check(client)(path, urlencode(form).encode(), headers)

    run()


def test_telegram_webhook(client: TestClient) -> None:
    update = st.fixed_dictionaries(
        {
            "update_id": st.integers(min_value=-1, max_value=2**40),
            "message": st.fixed_dictionaries(
                {
                    "message_id": st.integers(min_value=0, max_value=2**31),
                    "date": st.integers(min_value=0, max_value=2**31),
                    "chat": st.fixed_dictionaries(
                        {
                            "id": st.integers(min_value=-(2**40), max_value=2**40),
                            "type": st.sampled_from(["private", "group", "x"]),
                        }
                    ),
                    "text": texts,
                }
            ),
        }
    )

    @FUZZ
    @given(_body(update), st.booleans())
    def run(body: bytes, signed: bool) -> None:
        headers = {"content-type": "application/json"}
        if signed:
            headers["x-telegram-bot-api-secret-token"] = TELEGRAM_SECRET
        _check(client)("/webhooks/telegram/webhook", body, headers)

    run()
