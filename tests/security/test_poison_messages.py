"""A message whose turn fails twice is set aside, answered with an apology, never replayed
(issue 18: one SMS replayed after every restart could take the service down for good)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from bot.app import create_app
from bot.settings import Settings
from bot.storage.models import InboxMessage, utcnow
from bot.worker import work_once
from channels.messages import BotMessage, UserMessage
from channels.outputs import SendResult
from tests.pending import poll_pending

GRACE_S = 0.2
HANG_S = 6.0  # a stuck turn: far longer than its budget, so waiting for it would show
POISON = "un message qui fait planter le tour"


class Poisoned:
    """An interpreter with a bug on one message: it raises, or hangs past the budget."""

    def __init__(self, interpreter: Any, *, hang_s: float = 0.0) -> None:
        self.interpreter = interpreter
        self.hang_s = hang_s
        self.calls = 0

    def parse(self, text: str) -> Any:
        if text == POISON:
            self.calls += 1
            if self.hang_s:
                time.sleep(self.hang_s)
            else:
                raise RuntimeError("a bug")
        return self.interpreter.parse(text)


class Phone:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, recipient_id: str, message: BotMessage) -> SendResult:
        self.sent.append(message.text or "")
        return SendResult(recipient_id, ("SM1",))


def _client(settings: Settings, **extra: Any) -> TestClient:
    tuned = settings.model_copy(update={"worker_interval_s": 0, "inbox_grace_s": GRACE_S, **extra})
    return TestClient(create_app(tuned), raise_server_exceptions=False)


def _due_now(assistant: Any) -> None:
    """The lease of a claimed message ends (two minutes, in production)."""
    with assistant.sessions.begin() as session:
        session.execute(update(InboxMessage).values(next_attempt_at=utcnow()))


async def test_a_message_that_fails_twice_gets_an_apology_and_is_not_replayed(
    settings: Settings,
) -> None:
    with _client(settings) as client:
        assistant = client.app.state.assistant  # type: ignore[attr-defined]
        poisoned = Poisoned(assistant.processor.interpreter)
        assistant.processor.interpreter = poisoned
        message = UserMessage("sms:+33600000001", POISON, "sms", message_id="SMpoison")
        with pytest.raises(RuntimeError):  # the first turn dies on the bug
            await assistant.processor.handle(message)
        phone = Phone()
        time.sleep(GRACE_S)
        await work_once(assistant, {"sms": phone})  # the second failure
        for _ in range(3):  # later rounds, restarts: never replayed again
            _due_now(assistant)
            await work_once(assistant, {"sms": phone})
        assert poisoned.calls == 2
        assert len(phone.sent) == 1 and "Désolé" in phone.sent[0]  # one apology
        assert assistant.inbox.dead_letters() == 1
        metrics = client.get("/metrics").text
        assert "autonomie_inbox_dead_letters 1.0" in metrics
        # the person goes on: the next message is answered as usual
        replies = await assistant.processor.handle(UserMessage("sms:+33600000001", "/help", "sms"))
        assert replies


async def test_a_turn_that_overruns_its_budget_counts_as_a_failure(settings: Settings) -> None:
    with _client(settings, turn_budget_s=0.3) as client:
        assistant = client.app.state.assistant  # type: ignore[attr-defined]
        poisoned = Poisoned(assistant.processor.interpreter, hang_s=HANG_S)
        assistant.processor.interpreter = poisoned
        assistant.inbox.receive("web:slow", "rest", "m-slow", POISON)  # a turn cut by a crash
        time.sleep(GRACE_S)
        started = time.perf_counter()
        await work_once(assistant, {})
        assert time.perf_counter() - started < HANG_S - 1  # the worker did not wait for the turn
        await asyncio.sleep(HANG_S)  # the stuck thread ends
        _due_now(assistant)
        await work_once(assistant, {})
        _due_now(assistant)
        await work_once(assistant, {})
        # its turn died once (before the worker), overran once: set aside, not run again
        assert poisoned.calls == 1 and assistant.inbox.dead_letters() == 1
        pending = poll_pending(client, "web:slow").json()
        assert any("Désolé" in m.get("text", "") for m in pending)
