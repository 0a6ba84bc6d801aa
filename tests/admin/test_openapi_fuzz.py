"""Schemathesis over the OpenAPI specs: every documented operation, fuzzed in-process.

Two specs: the assistant's /openapi.json and the embedded platform's
/platform/openapi.json (a mounted app with a spec of its own). Each operation
gets schema-driven cases, valid and invalid, sent to the running app (its
lifespan started, SQLite, the demo platform data), with the credentials it
needs (Bearer AUTONOMIE_API_TOKEN, X-Platform-Key, Twilio's signature,
Telegram's secret) and, in a second test, without them. Every answer must be
below 500 and as documented (status, content type, headers, body schema), and
a message the REST webhook answered must be in its conversation.

A few cases per operation in `make test`; `make fuzz` sets
AUTONOMIE_FUZZ_EXAMPLES=10000 (and AUTONOMIE_FUZZ_MODELS=1: the trained NLU and
knowledge base instead of the button-payload interpreter of `make test`).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import unquote

import pytest
import requests
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from pydantic import SecretStr, ValidationError
from schemathesis.generation import GenerationMode
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from bot.dialogue.events import UserUttered
from bot.dialogue.processor import clean_text
from bot.settings import Settings
from channels.rest import RestMessage
from platform_server.auth import create_api_key
from platform_server.seed import seed_demo
from platform_server.tables import PlatformEmployer, PlatformEvent, PlatformRecord
from tests.channels.fakes import FakeBotApi, serve
from tests.embedded_platform import assistant_app

EXAMPLES = int(os.environ.get("AUTONOMIE_FUZZ_EXAMPLES", "8"))
WITH_MODELS = os.environ.get("AUTONOMIE_FUZZ_MODELS", "") not in ("", "0")
HOST = f"http://{asgi.HOST}"
API_TOKEN = "fuzz-api-token"
NATIONAL_KEY = "pk_nat_fuzz-national-key"
PUBLIC_URL = "https://assistant.example.org"
TWILIO_TOKEN = "twilio-fuzz-token"
TELEGRAM_TOKEN = "123456:FUZZ-token"
TELEGRAM_SECRET = "telegram-fuzz-secret"


def fuzz_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "api_token": SecretStr(API_TOKEN),
        "platform_api_key": SecretStr(NATIONAL_KEY),
        "load_models": False,
        "redis_url": None,
        "public_url": PUBLIC_URL,
        "twilio_account_sid": "AC" + "0" * 32,
        "twilio_auth_token": SecretStr(TWILIO_TOKEN),
        "twilio_from_number": "+33700000000",
        "telegram_token": SecretStr(TELEGRAM_TOKEN),
        "telegram_secret": SecretStr(TELEGRAM_SECRET),
        "worker_interval_s": 0,  # no background worker
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def _served_specs() -> tuple[dict[str, Any], dict[str, Any]]:
    """Both specs as the app serves them, read when the tests are collected: before the
    app's lifespan (nothing is opened) and without touching the logging set-up."""
    app = assistant_app(fuzz_settings("sqlite://", log_redaction=False))
    platform = TestClient(app.state.platform_transport.app)
    return TestClient(app).get("/openapi.json").json(), platform.get(
        "/platform/openapi.json"
    ).json()


API_SPEC, PLATFORM_SPEC = _served_specs()


class AppUnderTest:
    """The ASGI apps the schemas send to: the `service` fixture's assistant, and the
    platform server it talks to (/platform/...), on their own database.

    Schemathesis takes the app when the tests are collected, before any fixture."""

    app: Any = None
    platform: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert self.app is not None, "the service fixture is not running"
        if scope["type"] == "http" and scope["path"].startswith("/platform/"):
            await self.platform(scope, receive, send)
        else:
            await self.app(scope, receive, send)


APP = AppUnderTest()


def _schema(spec: dict[str, Any], base_url: str, **config: Any) -> Any:
    loaded = schemathesis.Config.from_dict({"base-url": base_url, **config})
    schema = schemathesis.openapi.from_dict(spec, config=loaded)
    schema.app = APP  # in-process (ASGI), never the network
    return schema


# With credentials: the examples, the coverage phase (boundaries, wrong types, missing
# fields: the same cases every run) and random cases. Without: random cases only.
FUZZING_ONLY = {"phases": {"examples": {"enabled": False}, "coverage": {"enabled": False}}}
API = _schema(API_SPEC, HOST)
PLATFORM = _schema(PLATFORM_SPEC, f"{HOST}/platform")
API_ANONYMOUS = _schema(API_SPEC, HOST, **FUZZING_ONLY)
PLATFORM_ANONYMOUS = _schema(PLATFORM_SPEC, f"{HOST}/platform", **FUZZING_ONLY)
#: make test: the same cases on every run; make fuzz: new ones each night
FUZZ = hsettings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="AUTONOMIE_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=list(HealthCheck),
)
ANONYMOUS = hsettings(FUZZ, max_examples=max(1, EXAMPLES // 4))
#: Not checked: that every request the schema allows is accepted (a rule no schema
#: states, lat without lon or a refusal without a note, refuses some with a documented
#: 4xx), nor that every request it forbids is refused: the API is lenient on purpose
#: (a bare number is text, a date may come as a timestamp, the webhooks read what the
#: platforms send). Invalid requests are still sent, and must get no 5xx.
EXCLUDED = [positive_data_acceptance, negative_data_rejection]


@dataclass
class Service:
    """The running app, a session reaching it in-process, and ids that exist in it."""

    app: FastAPI
    session: requests.Session
    known: dict[str, list[str]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)

    def call(self, case: Any, headers: dict[str, str] | None = None, **checks: Any) -> Any:
        return case.call_and_validate(
            session=self.session, headers=headers, excluded_checks=EXCLUDED, **checks
        )

    def use_known_ids(self, case: Any) -> None:
        """One valid case in three names ids that exist (chosen from its own values, so
        the run stays reproducible)."""
        if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
            return
        for container in (case.path_parameters, case.query, case.body):
            if not isinstance(container, dict):
                continue
            for name, value in list(container.items()):
                choices = self.known.get(name)
                digest = zlib.crc32(repr(value).encode())
                if choices and digest % 3 == 0:
                    container[name] = choices[digest // 3 % len(choices)]

    def no_lost_message(self, _ctx: Any, response: Any, case: Any) -> bool | None:
        """A message the REST webhook answered (2xx) is in its conversation, or was an
        erasure (then the conversation is gone, as asked)."""
        if case.operation.path != "/webhooks/rest/webhook" or response.status_code >= 300:
            return None
        try:
            message = RestMessage.model_validate(case.body)
        except ValidationError as exc:
            raise AssertionError(f"answered {response.status_code} to an invalid body") from exc
        text = clean_text(message.message)
        if not text:
            return None  # nothing to keep: the answer asks for a message
        assistant = self.app.state.assistant
        tracker = assistant.store.retrieve(message.sender)
        said = [e for e in tracker.events if isinstance(e, UserUttered)]
        if message.message_id is not None:
            kept = any(e.message_id == message.message_id for e in said)
        else:
            kept = any(e.text == text[: assistant.settings.max_message_chars] for e in said)
        erased = not tracker.events and _confirms_erasure(assistant, response.json())
        assert kept or erased, f"message of {message.sender!r} answered but not stored"
        return True


def _confirms_erasure(assistant: Any, replies: list[dict[str, Any]]) -> bool:
    variants = assistant.domain.responses.get("utter_deleted") or ()
    texts = {reply.get("text") for reply in replies}
    return any(variant.text in texts for variant in variants)


@pytest.fixture(scope="module")
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Service]:
    fake = FakeBotApi(TELEGRAM_TOKEN)
    database = tmp_path_factory.mktemp("openapi-fuzz") / "fuzz.db"
    models: dict[str, Any] = {}
    if WITH_MODELS:  # the repository's models/, trained first when stale
        models = {"load_models": True, "models_dir": request.getfixturevalue("trained_models")}
    with serve(fake.app) as url:
        settings = fuzz_settings(f"sqlite:///{database}", telegram_api_url=f"{url}/bot", **models)
        APP.app = app = assistant_app(settings)
        APP.platform = app.state.platform_transport.app
        with pytest.MonkeyPatch.context() as patch:
            # schemathesis's pytest plugin ends the ASGI lifespans after every test; here
            # one app serves the whole module, its lifespan ended below
            patch.setattr(asgi, "shutdown_lifespans", lambda: None)
            try:
                with asgi.get_client(APP) as session:  # starts the app's lifespan
                    yield _prepare(Service(app=app, session=session))
            finally:
                patch.undo()
                asgi.shutdown_lifespans()
                APP.app = APP.platform = None


def _prepare(service: Service) -> Service:
    """Demo platforms, events and employers, a departmental key, a booking, an immersion
    request and a conversation handed to a counsellor: ids the fuzz may name."""
    assistant = service.app.state.assistant
    if WITH_MODELS:
        assert assistant.components["interpreter"] != "PayloadInterpreter", assistant.components
    sessions = assistant.sessions
    seed_demo(sessions, date.today())
    with sessions() as session:
        events = list(session.scalars(select(PlatformEvent.id).order_by(PlatformEvent.id)))
        employers = list(session.scalars(select(PlatformEmployer.id).order_by(PlatformEmployer.id)))
        departements = list(session.scalars(select(PlatformRecord.departement)))
    service.keys = [NATIONAL_KEY, create_api_key(sessions, "33")]
    platform = {"X-Platform-Key": NATIONAL_KEY}
    booking = service.session.post(
        f"{HOST}/platform/v1/bookings",
        json={"event_id": events[0], "candidate_ref": "web:fuzz"},
        headers={**platform, "Idempotency-Key": "fuzz-booking"},
    )
    assert booking.status_code == 201, booking.text
    immersion = service.session.post(
        f"{HOST}/platform/v1/immersion-requests",
        json={
            "candidate_ref": "web:fuzz",
            "job": "aide_soignant",
            "commune": "Bordeaux",
            "postal_code": "33000",
            "departement": "33",
            "period": {"date_from": "2027-01-04", "date_to": "2027-01-08"},
        },
        headers=platform,
    )
    assert immersion.status_code == 201, immersion.text
    for text in ("bonjour", "/human_handoff"):
        said = service.session.post(
            f"{HOST}/webhooks/rest/webhook", json={"sender": "web:fuzz", "message": text}
        )
        assert said.status_code == 200, said.text
    senders = ["web:fuzz", "web:unknown"]
    service.known = {
        "sender": senders,
        "candidate_ref": senders,
        "event_id": events,
        "employer_id": employers,
        "departement": departements,
        "booking_id": [booking.json()["id"]],
        "request_id": [immersion.json()["id"]],
    }
    return service


def _credentials(case: Any) -> dict[str, str]:
    """What each operation needs: the token, Twilio's signature, Telegram's secret."""
    path = case.operation.path
    if path.startswith("/webhooks/twilio/"):
        form = case.body if isinstance(case.body, dict) else {}
        if not all(isinstance(v, str) for v in form.values()):
            return {}  # not a form Twilio would sign
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(f"{PUBLIC_URL}{path}", form)
        return {"X-Twilio-Signature": signature}
    if path.startswith("/webhooks/telegram/"):
        return {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    return {"Authorization": f"Bearer {API_TOKEN}"}


def _routable(case: Any) -> None:
    """A line break in a path parameter (raw, or already percent-encoded) becomes a space:
    Starlette's Mount does not route such a path to /platform (its pattern's `.` stops at
    a line break), so the assistant's own 404 answers it, not the platform's."""
    for name, value in (case.path_parameters or {}).items():
        if isinstance(value, str) and "\n" in unquote(value):
            case.path_parameters[name] = unquote(value).replace("\n", " ")


def test_every_operation_is_fuzzed(service: Service) -> None:
    """The specs fuzzed are those the running app serves, every operation of them."""
    assert service.session.get(f"{HOST}/openapi.json").json() == API_SPEC
    assert service.session.get(f"{HOST}/platform/openapi.json").json() == PLATFORM_SPEC
    for schema, spec in ((API, API_SPEC), (PLATFORM, PLATFORM_SPEC)):
        labels = {op.ok().label for op in schema.get_all_operations()}  # ok(): each one loads
        documented = {f"{m.upper()} {p}" for p, ops in spec["paths"].items() for m in ops}
        assert labels == documented


@API.parametrize()
@FUZZ
def test_assistant_api(case: Any, service: Service) -> None:
    service.use_known_ids(case)
    service.call(case, _credentials(case), additional_checks=[service.no_lost_message])


@API_ANONYMOUS.parametrize()
@ANONYMOUS
def test_assistant_api_without_credentials(case: Any, service: Service) -> None:
    service.call(case, additional_checks=[service.no_lost_message])


@PLATFORM.parametrize()
@FUZZ
def test_platform_api(case: Any, service: Service) -> None:
    _routable(case)
    service.use_known_ids(case)
    key = service.keys[zlib.crc32(repr(case.body).encode()) % len(service.keys)]
    service.call(case, {"X-Platform-Key": key})


@PLATFORM_ANONYMOUS.parametrize()
@ANONYMOUS
def test_platform_api_without_credentials(case: Any, service: Service) -> None:
    _routable(case)
    service.call(case)
