"""One person seeded everywhere, erased through each entry point: nothing left (issue 18).

A person writes their name and phone number, is handed to a counsellor (note,
label, reads in the audit log), books an event and asks for an immersion (the
platform's tables and stored idempotency answers), has a queued message, an
unanswered one, a set-aside one and a booking waiting for the platform. They
then ask for the erasure through the chat (REST), SMS (signed Twilio webhook:
STOP, then the erase request), WhatsApp (the same webhook, with the profile
name Twilio adds), the Telegram webhook, Telegram polling (an assistant of its
own, without the web app), the counsellor console, the admin API
(`DELETE /api/candidates/{sender}`) or `autonomie erase`. Afterwards no column
of any table of the database (the assistant's and the platform's, read from the
database itself), no Redis key or value and no log record holds their sender
id, phone number, name, first name or platform pseudonym; their audit entries
are kept under a keyed pseudonym; someone else's data is untouched.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import func, select
from telegram import Update
from typer.testing import CliRunner

from bot.app import build_assistant
from bot.cli import app as cli
from bot.console.tables import AuditEntry
from bot.platform.refs import CandidateRefs
from bot.pseudonym import pseudonym, pseudonym_key
from bot.secret import app_secret
from bot.settings import Settings, get_settings
from bot.storage.models import DeadLetter, utcnow
from channels.routers import default_hooks
from channels.telegram import TelegramHandler, TelegramSender, make_bot
from tests.admin.helpers import future_events
from tests.channels.conftest import (
    TELEGRAM_SECRET,
    channel_settings,
    fake_bot_api,
)
from tests.channels.test_twilio import sms as signed_sms
from tests.embedded_platform import assistant_app, pointed
from tests.handoff.helpers import AUTH, conversation_id, login, prepare
from tests.security.leftovers import leftovers

__all__ = ["channel_settings", "fake_bot_api"]  # fixtures

NAME = "Ysoline Diallo"
FIRST_NAME = "Ysoline"  # what Telegram and WhatsApp give as the person's name
OTHER_NAME = "Paul Martin"


@dataclass
class Person:
    sender: str
    channel: str
    #: what may identify them: ids, the phone number in every form, the name
    needles: list[str]
    national: str = ""


def _phone_person(channel: str = "sms") -> Person:
    digits = f"6{random.randrange(10**7, 10**8)}"
    e164, national = f"+33{digits}", f"0{digits}"
    spaced = " ".join(national[i : i + 2] for i in range(0, 10, 2))
    prefix = "sms" if channel == "sms" else "whatsapp"
    return Person(
        f"{prefix}:{e164}",
        channel,
        [e164, e164[1:], national, spaced, NAME, FIRST_NAME],
        national=spaced,
    )


def _person(entry: str) -> Person:
    if entry == "chat":
        sender = f"web:{uuid.uuid4()}"
        return Person(sender, "rest", [sender, sender[4:], NAME, FIRST_NAME])
    if entry.startswith("telegram"):
        chat = str(random.randrange(7 * 10**9, 8 * 10**9))
        return Person(f"tg:{chat}", "telegram", [f"tg:{chat}", chat, NAME, FIRST_NAME])
    return _phone_person("whatsapp" if entry == "whatsapp" else "sms")


def _say(client: TestClient, person: Person) -> Callable[[str], None]:
    """Sends a message on the person's own channel, as that channel would."""

    def say(text: str) -> None:
        if person.channel == "rest":
            response = client.post(
                "/webhooks/rest/webhook", json={"sender": person.sender, "message": text}
            )
            assert response.status_code == 200, response.text
        elif person.channel == "sms":
            status, _ = signed_sms(client, text, phone=person.sender.removeprefix("sms:"))
            assert status == 200
        elif person.channel == "whatsapp":  # Twilio's address, and the profile name
            status, _ = signed_sms(client, text, phone=person.sender, ProfileName=NAME)
            assert status == 200
        else:
            chat = int(person.sender.removeprefix("tg:"))
            update = {
                "update_id": random.randrange(10**9),
                "message": {
                    "message_id": random.randrange(10**6),
                    "date": 1_700_000_000,
                    "chat": {"id": chat, "type": "private"},
                    "from": {"id": chat, "is_bot": False, "first_name": FIRST_NAME},
                    "text": text,
                },
            }
            response = client.post(
                "/webhooks/telegram/webhook",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
            )
            assert response.status_code == 200, response.text

    return say


def _seed(client: TestClient, person: Person, name: str, events: list[str]) -> None:
    """The person in every table, channel and store the assistant has."""
    app: Any = client.app
    assistant = app.state.assistant
    say = _say(client, person)
    say("bonjour")
    say(f"Je m'appelle {name}, mon numéro est le {person.national or '06 11 22 33 44'}")
    from bot.dialogue.events import SlotSet

    assistant.store.append(
        person.sender,
        person.channel,
        [SlotSet(name="departement", value="33"), SlotSet(name="consent", value=True)],
    )
    say("/human_handoff")
    nadia = login(client, "nadia")
    cid = conversation_id(client, person.sender)
    assert nadia.post(f"/console/conversations/{cid}/take").status_code == 303
    nadia.post(f"/console/conversations/{cid}/notes", {"text": f"rappeler {name}"})
    nadia.post(f"/console/conversations/{cid}/labels", {"label": "à rappeler"})
    assert nadia.get(f"/console/conversations/{cid}").status_code == 200
    client.cookies.clear()
    platform = assistant.services.platform
    portal: Any = client.portal
    portal.call(platform.book, events[0], person.sender, f"book-{uuid.uuid4()}")
    portal.call(
        lambda: platform.request_immersion(
            person.sender, "aes", "Mérignac", departement="33", period_text="en janvier"
        )
    )
    assistant.services.pending.queue(person.sender, events[1], f"pending-{uuid.uuid4()}")
    assistant.outbox.put(person.sender, person.channel, {"text": f"Bonjour {name}"})
    assistant.inbox.receive(person.sender, person.channel, "left-1", f"{name} attend")
    with assistant.sessions.begin() as session:
        session.add(
            DeadLetter(
                sender_id=person.sender,
                channel=person.channel,
                message_id="dead-1",
                text=f"je suis {name}",
                reason="budget",
                failures=2,
                received_at=utcnow(),
            )
        )


def _erase(
    client: TestClient,
    entry: str,
    person: Person,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    say = _say(client, person)
    if entry in ("chat", "telegram", "whatsapp"):
        say("/delete_data")
        say("/affirm")
    elif entry == "telegram polling":
        _erase_by_polling(client, person, settings)
    elif entry == "sms":
        say("STOP")  # after which nothing reaches the person: the request is enough
        say("/delete_data")
    elif entry == "console":
        cid = conversation_id(client, person.sender)
        sophie = login(client, "sophie")  # another département's counsellor
        assert (
            sophie.post(f"/console/conversations/{cid}/erase", {"confirm": "yes"}).status_code
            == 404
        )
        nadia = login(client, "nadia")
        refused = nadia.post(f"/console/conversations/{cid}/erase")
        assert refused.status_code == 422  # not without the confirmation
        done = nadia.post(f"/console/conversations/{cid}/erase", {"confirm": "yes"})
        assert done.status_code == 303 and done.headers["location"] == "/console?flash=erased"
        client.cookies.clear()
    elif entry == "admin api":
        erased = client.delete(f"/api/candidates/{person.sender}", headers=AUTH)
        assert erased.status_code == 200, erased.text
    else:
        monkeypatch.setenv("AUTONOMIE_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("AUTONOMIE_REDIS_URL", settings.redis_url or "")
        monkeypatch.setenv("AUTONOMIE_LOAD_MODELS", "false")
        monkeypatch.setenv("AUTONOMIE_API_TOKEN", "test-token")  # the same deployment
        monkeypatch.delenv("AUTONOMIE_PLATFORM_URL", raising=False)
        get_settings.cache_clear()
        try:
            result = CliRunner().invoke(cli, ["erase", person.national])
        finally:
            get_settings.cache_clear()
        assert result.exit_code == 0, result.output
        assert "erased:" in result.output and person.national not in result.output


def _erase_by_polling(client: TestClient, person: Person, settings: Settings) -> None:
    """`autonomie telegram poll`: an assistant of its own, without the web app, on the
    same database, fed the updates by the polling handler."""
    app: Any = client.app
    polling = build_assistant(pointed(settings), platform_transport=app.state.platform_transport)
    sender = TelegramSender(make_bot(settings), default_hooks(lambda: polling.store))
    handler = TelegramHandler(sender, polling.processor.handle)
    chat = int(person.sender.removeprefix("tg:"))
    portal: Any = client.portal
    try:
        for i, text in enumerate(("/delete_data", "/affirm")):
            update = {
                "update_id": random.randrange(10**9),
                "message": {
                    "message_id": 900 + i,
                    "date": 1_700_000_000,
                    "chat": {"id": chat, "type": "private"},
                    "from": {"id": chat, "is_bot": False, "first_name": FIRST_NAME},
                    "text": text,
                },
            }
            portal.call(handler.handle_update, Update.de_json(update, sender.bot))
    finally:
        portal.call(polling.aclose)


def _redis_holds(redis_url: str, needles: list[str]) -> list[str]:
    redis = Redis.from_url(redis_url)
    try:
        found = []
        for key in redis.scan_iter(count=1000):
            kind = redis.type(key)
            value = redis.get(key) if kind == b"string" else b""
            if kind == b"zset":
                value = b" ".join(redis.zrange(key, 0, -1))
            text = key.decode(errors="replace") + " " + (value or b"").decode(errors="replace")
            found += [n for n in needles if n in text]
        return found
    finally:
        redis.close()


@pytest.fixture
def app_settings(channel_settings: Settings, redis_url: str) -> Settings:
    # Redis keeps the login windows across runs: the console's logins here are not the test
    return channel_settings.model_copy(
        update={"redis_url": redis_url, "limit_logins_per_ip_15min": 0}
    )


@pytest.fixture
def client(app_settings: Settings) -> Iterator[TestClient]:
    with TestClient(assistant_app(app_settings)) as test_client:
        prepare(test_client)
        yield test_client


ENTRIES = ["chat", "sms", "telegram", "telegram polling", "console", "cli"]
POSTGRES = pytest.mark.postgres
#: every entry point on both databases; the two that share their path with another
#: (WhatsApp: the SMS webhook; the admin API: the console's erasure) on one each
CASES = [
    *(
        pytest.param(database, entry, marks=[POSTGRES] if database == "postgres" else [])
        for entry in ENTRIES
        for database in ("sqlite", "postgres")
    ),
    pytest.param("postgres", "whatsapp", marks=[POSTGRES]),
    pytest.param("sqlite", "admin api"),
]


@pytest.mark.parametrize(("database_url", "entry"), CASES, indirect=["database_url"])
def test_an_erased_person_leaves_nothing_identifying_anywhere(
    entry: str,
    client: TestClient,
    app_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    app: Any = client.app
    assistant = app.state.assistant
    person, other = _person(entry), _phone_person()
    other.needles = [n for n in other.needles if n not in (NAME, FIRST_NAME)] + [OTHER_NAME]
    events = future_events(client, 4)
    _seed(client, other, OTHER_NAME, events[2:])
    _seed(client, person, NAME, events[:2])
    ref = CandidateRefs(app_secret(app_settings)).ref(person.sender)
    needles = [*person.needles, ref]
    before = leftovers(assistant.engine, needles)
    assert {table for table, _, _ in before} >= {
        "conversation_events",
        "handoffs",
        "handoff_notes",
        "outbox",
        "inbox",
        "dead_letters",
        "pending_bookings",
        "candidate_refs",
        "console_audit",
        "platform_bookings",
        "platform_immersion_requests",
        "platform_idempotency_keys",
    }, "the seed reaches every store"

    _erase(client, entry, person, app_settings, monkeypatch)

    assert leftovers(assistant.engine, needles) == []
    assert app_settings.redis_url is not None
    assert _redis_holds(app_settings.redis_url, needles) == []
    logged = [n for n in needles if n in caplog.text]
    assert logged == [], f"logged in clear: {logged}"
    alias = pseudonym(pseudonym_key(assistant.settings), person.sender)
    with assistant.sessions() as session:
        kept = session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.sender_id == alias)
        )
    assert kept, "the audit entries are kept, pseudonymised"
    # the other person is untouched
    assert {t for t, _, _ in leftovers(assistant.engine, [other.sender])} >= {
        "conversations",
        "handoffs",
        "outbox",
        "inbox",
        "dead_letters",
        "pending_bookings",
        "candidate_refs",
    }
