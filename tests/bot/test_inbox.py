"""Messages are written down as their turn starts: a turn that dies is answered
later by the worker, on the person's channel, once; a channel that retries a
message is not answered twice."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory, upgrade
from bot.storage.inbox import Inbox, TurnStart
from bot.worker import work_once
from channels.messages import BotMessage, UserMessage
from channels.outputs import SendResult
from tests.embedded_platform import assistant_app
from tests.pending import poll_pending

AUTH = {"Authorization": "Bearer test-token"}
GRACE_S = 1.0  # long enough for the failed turn and the checks, on a loaded machine


class Phone:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str | None]] = []

    async def send(self, recipient_id: str, message: BotMessage) -> SendResult:
        self.sent.append((recipient_id, message.text))
        return SendResult(recipient_id, (f"SM{len(self.sent)}",))


class DiesOnce:
    """An interpreter whose first parse dies, as a process killed mid-turn would."""

    def __init__(self, interpreter: Any) -> None:
        self.interpreter = interpreter
        self.alive = False

    def parse(self, text: str) -> Any:
        if not self.alive:
            self.alive = True
            raise RuntimeError("killed")
        return self.interpreter.parse(text)


def _client(settings: Settings) -> TestClient:
    app = assistant_app(
        settings.model_copy(update={"worker_interval_s": 0, "inbox_grace_s": GRACE_S})
    )
    return TestClient(app, raise_server_exceptions=False)


def _user_texts(client: TestClient, sender: str) -> list[str]:
    response = client.get(f"/conversations/{sender}/tracker", headers=AUTH)
    if response.status_code == 404:
        return []
    return [e["text"] for e in response.json()["events"] if e["event"] == "user"]


async def test_a_turn_that_died_is_answered_once_by_the_worker(settings: Settings) -> None:
    with _client(settings) as client:
        assistant = client.app.state.assistant  # type: ignore[attr-defined]
        processor = assistant.processor
        processor.interpreter = DiesOnce(processor.interpreter)
        body = {"sender": "web:amina", "message": "bonjour", "message_id": "m1"}
        assert client.post("/webhooks/rest/webhook", json=body).status_code == 500
        assert assistant.inbox.depth() == 1 and _user_texts(client, "web:amina") == []

        early = await work_once(assistant, {})
        assert early.recovered == 0  # still within its grace period: maybe in flight
        time.sleep(GRACE_S)
        assert (await work_once(assistant, {})).recovered == 1
        assert (await work_once(assistant, {})).recovered == 0
        assert assistant.inbox.depth() == 0

        # the widget gets the answer by polling, and a retry of the message gets nothing more
        pending = poll_pending(client, "web:amina").json()
        assert [m["text"] for m in pending] and "assistant automatique" in pending[0]["text"]
        assert client.post("/webhooks/rest/webhook", json=body).json() == []
        assert _user_texts(client, "web:amina") == ["bonjour"]
        again = poll_pending(client, "web:amina").json()
        assert again == pending


async def test_an_sms_whose_turn_died_gets_its_reply_by_the_outbox(settings: Settings) -> None:
    with _client(settings) as client:
        assistant = client.app.state.assistant  # type: ignore[attr-defined]
        processor = assistant.processor
        processor.interpreter = DiesOnce(processor.interpreter)
        message = UserMessage("sms:+33612345678", "/help", "sms", message_id="SMdied")
        with pytest.raises(RuntimeError):
            await processor.handle(message)
        time.sleep(GRACE_S)
        phone = Phone()
        done = await work_once(assistant, {"sms": phone})
        assert done.recovered == 1 and done.sent >= 1
        assert all(to == "sms:+33612345678" for to, _ in phone.sent)
        first = list(phone.sent)
        await work_once(assistant, {"sms": phone})
        assert phone.sent == first  # sent once
        # Twilio retrying the webhook now: handled once, nothing sent twice
        assert await processor.handle(message) == []
        tracker = assistant.store.retrieve("sms:+33612345678")
        bot_texts = [e.text for e in tracker.events if e.type_name == "bot"]
        assert bot_texts == [text for _, text in first]  # stored once, not copied by the outbox


def test_a_retried_message_is_handled_once_and_gets_the_same_replies(settings: Settings) -> None:
    with _client(settings) as client:
        first = {"sender": "web:paul", "message": "bonjour", "message_id": "c-1"}
        second = {"sender": "web:paul", "message": "/help", "message_id": "c-2"}
        replies = client.post("/webhooks/rest/webhook", json=first).json()
        assert replies and client.post("/webhooks/rest/webhook", json=second).json()
        assert client.post("/webhooks/rest/webhook", json=first).json() == replies
        assert _user_texts(client, "web:paul") == ["bonjour", "/help"]
        # without an id, each post is a new message
        plain = {"sender": "web:paul", "message": "bonjour"}
        client.post("/webhooks/rest/webhook", json=plain)
        client.post("/webhooks/rest/webhook", json=plain)
        assert _user_texts(client, "web:paul") == ["bonjour", "/help", "bonjour", "bonjour"]
        assert client.app.state.assistant.inbox.depth() == 0  # type: ignore[attr-defined]


def test_waiting_and_claims_never_make_a_dead_letter(database_url: str) -> None:
    """A message queued behind its sender's lock, claimed by workers that were killed
    before its turn began, has failed nothing: it is never set aside (the old inbox
    counted claims and apologised for such a message: the flaky kill test)."""
    engine = make_engine(database_url)
    upgrade(engine)
    inbox = Inbox(make_session_factory(engine), grace=timedelta(0))
    try:
        assert inbox.receive("web:x", "rest", "slow", "texte")  # its turn is running
        for _ in range(5):  # workers claim it, die before their turn starts
            assert len(inbox.claim_stale(lease=timedelta(0))) == 1
        assert inbox.dead_letters() == 0 and inbox.depth() == 1
    finally:
        engine.dispose()


def test_a_message_whose_turns_fail_twice_is_set_aside_once(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    inbox = Inbox(make_session_factory(engine), grace=timedelta(0))
    try:
        assert inbox.receive("web:x", "rest", "poison", "texte")  # its turn runs
        assert not inbox.failed("web:x", "poison", "RuntimeError")  # once: retried
        assert [i.message_id for i in inbox.claim_stale(lease=timedelta(0))] == ["poison"]
        assert inbox.resume("web:x", "poison") is TurnStart.RUN
        assert inbox.failed("web:x", "poison", "RuntimeError")  # twice: set aside
        assert inbox.claim_stale(lease=timedelta(0)) == []  # never replayed
        assert inbox.depth() == 0 and inbox.dead_letters() == 1
        # delivered again by its channel: not run again
        assert not inbox.receive("web:x", "rest", "poison", "texte")
        assert inbox.resume("web:x", "poison") is TurnStart.SET_ASIDE
        assert [i.message_id for i in inbox.set_aside()] == ["poison"]  # one apology
        assert inbox.set_aside() == []
        [dead] = inbox.list_dead()
        assert (dead.text, dead.reason, dead.failures) == ("texte", "RuntimeError", 2)
        # a counsellor retries it: due now, for the worker
        assert inbox.retry(dead.id) is not None
        assert inbox.dead_letters() == 0
        assert [i.text for i in inbox.claim_stale(lease=timedelta(0))] == ["texte"]
        assert inbox.resume("web:x", "poison") is TurnStart.RUN
    finally:
        engine.dispose()


def test_a_turn_cut_twice_by_a_dying_process_is_set_aside(database_url: str) -> None:
    """A process killed (or frozen then killed) mid-turn records nothing; the next turn
    of the message finds the mark of the one that died."""
    engine = make_engine(database_url)
    upgrade(engine)
    inbox = Inbox(make_session_factory(engine), grace=timedelta(0))
    try:
        assert inbox.receive("web:x", "sms", "freeze", "pas mon mon mon")  # killed mid-turn
        assert inbox.resume("web:x", "freeze") is TurnStart.RUN  # one failure: run again
        assert inbox.dead_letters() == 0
        assert inbox.resume("web:x", "freeze") is TurnStart.SET_ASIDE  # killed again
        [dead] = inbox.list_dead()
        assert (dead.reason, dead.failures) == ("interrupted", 2)
        assert inbox.discard(dead.id) is not None
        assert inbox.dead_letters() == 0
        assert not inbox.receive("web:x", "sms", "freeze", "x")  # delivered again
        assert inbox.resume("web:x", "freeze") is TurnStart.SET_ASIDE
    finally:
        engine.dispose()


def test_erasing_a_person_erases_their_unanswered_messages(settings: Settings) -> None:
    with _client(settings) as client:
        assistant = client.app.state.assistant  # type: ignore[attr-defined]
        client.post("/webhooks/rest/webhook", json={"sender": "web:zoe", "message": "bonjour"})
        assistant.inbox.receive("web:zoe", "rest", "left", "mon numéro est le 0612345678")
        response = client.delete("/api/candidates/web:zoe", headers=AUTH)
        assert response.status_code == 200
        assert assistant.inbox.depth() == 0


def test_migrations_0004_and_0007_build_the_inbox_as_declared(database_url: str) -> None:
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.config import Config
    from alembic.migration import MigrationContext
    from sqlalchemy import inspect

    import bot.console.tables
    import bot.handoff.tables
    import bot.storage.platform_tables  # noqa: F401
    from bot.storage.db import _MIGRATIONS
    from bot.storage.models import Base

    engine = make_engine(database_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []  # the whole schema
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")
        assert "inbox" not in inspect(engine).get_table_names()
        assert "dead_letters" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert {"inbox", "dead_letters"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_turn_reads_and_writes_down_its_message_in_one_transaction(settings: Settings) -> None:
    """A turn's database work is two transactions: the tracker read with the message
    written down (before the turn runs, so that a crash leaves it for the worker), then
    the turn stored with the message's row deleted. A redelivery of a message still in
    the inbox shares the first one without aborting it (PostgreSQL would)."""
    with _client(settings) as client:
        assistant = client.app.state.assistant  # type: ignore[attr-defined]
        engine = assistant.sessions.kw["bind"]
        begun: list[object] = []
        event.listen(engine, "begin", begun.append)
        first = {"sender": "web:lea", "message": "bonjour", "message_id": "t-1"}
        assert client.post("/webhooks/rest/webhook", json=first).json()
        begun.clear()
        second = {"sender": "web:lea", "message": "/help", "message_id": "t-2"}
        assert client.post("/webhooks/rest/webhook", json=second).json()
        assert len(begun) == 2
        # written down by a turn that died: the message's next turn runs and answers
        assistant.inbox.receive("web:lea", "rest", "t-3", "/help")
        third = {"sender": "web:lea", "message": "/help", "message_id": "t-3"}
        assert client.post("/webhooks/rest/webhook", json=third).json()
        assert _user_texts(client, "web:lea") == ["bonjour", "/help", "/help"]
        assert assistant.inbox.depth() == 0
