"""Tracker store and outbox, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.content.domain import Domain
from bot.dialogue.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from bot.dialogue.store import DuplicateMessage, TrackerStore
from bot.dialogue.tracker import Tracker
from bot.storage.db import make_engine, make_session_factory, upgrade
from bot.storage.outbox import Outbox


@pytest.fixture
def sessions(database_url: str):
    engine = make_engine(database_url)
    upgrade(engine)
    upgrade(engine)  # idempotent: a second run changes nothing
    yield make_session_factory(engine)
    engine.dispose()


def test_a_stored_tracker_equals_the_live_one(sessions) -> None:
    slots = Domain.load().slot_names
    store = TrackerStore(sessions, slots)
    live = Tracker("p1", slots)
    turn1 = [
        UserUttered(
            text="jsuis a Rezé",
            parse_data={"intent": {"name": "inform", "confidence": 0.9}},
            channel="sms",
            message_id="SM1",
        ),
        SlotSet(name="commune", value="Rezé"),
        SlotSet(name="jobs", value=["aide_domicile"]),
        ActionExecuted(name="action_listen"),
        BotUttered(text="C'est noté.", data={"text": "C'est noté."}),
    ]
    for event in turn1:
        live.update(event)
    store.append("p1", "sms", turn1)
    turn2 = [SlotSet(name="commune", value="Nantes"), SlotSet(name="children", value=2)]
    for event in turn2:
        live.update(event)
    store.append("p1", "sms", turn2)

    restored = store.retrieve("p1")
    assert restored.as_dict() == live.as_dict()
    assert restored.slots["commune"] == "Nantes" and restored.slots["children"] == 2
    assert restored.latest_message is not None and restored.latest_message.intent_name == "inform"
    assert store.exists("p1") and not store.exists("p2")
    assert store.retrieve("p2").events == []


def test_a_channel_message_is_stored_once(sessions) -> None:
    store = TrackerStore(sessions, ())
    store.append("p1", "sms", [UserUttered(text="bonjour", message_id="SM42")])
    with pytest.raises(DuplicateMessage):
        store.append("p1", "sms", [UserUttered(text="bonjour", message_id="SM42")])
    assert len(store.retrieve("p1").events) == 1


def test_outbox_retries_with_backoff_and_never_sends_twice(sessions) -> None:
    outbox = Outbox(sessions, max_attempts=2)
    assert outbox.put("p1", "sms", {"text": "Rappel : atelier demain"}, dedupe_key="reminder:b1")
    assert not outbox.put(
        "p1", "sms", {"text": "Rappel : atelier demain"}, dedupe_key="reminder:b1"
    )
    assert outbox.depth() == 1

    # two workers claim at once: exactly one gets the message
    with ThreadPoolExecutor(2) as pool:
        claims = list(pool.map(lambda _: outbox.claim_due(), range(2)))
    assert sorted(len(c) for c in claims) == [0, 1]
    item = next(c for c in claims if c)[0]
    assert item.payload["text"].startswith("Rappel") and item.attempts == 1

    outbox.mark_failed(item.id, "twilio down")
    assert outbox.claim_due() == []  # backing off, not due yet
    assert outbox.depth() == 1

    outbox.put("p2", "telegram", {"text": "Bonjour"})
    (second,) = outbox.claim_due()
    outbox.mark_sent(second.id)
    assert outbox.claim_due() == [] and outbox.depth() == 1


def _turn(n: int) -> list:
    return [
        UserUttered(text=f"message {n}", message_id=f"SM{n}"),
        SlotSet(name="commune", value=f"Commune {n}"),
        BotUttered(text=f"réponse {n}"),
    ]


def test_a_conversation_read_again_gets_what_any_node_stored_since(sessions, monkeypatch) -> None:
    """Each node keeps the conversations it read and fetches only the newer events; what
    another node (or the worker) stored meanwhile is there, in order."""
    import bot.dialogue.store as store_module

    decoded = [0]
    real = store_module.event_from_dict

    def counting(data):
        decoded[0] += 1
        return real(data)

    monkeypatch.setattr(store_module, "event_from_dict", counting)
    slots = Domain.load().slot_names
    node1, node2 = TrackerStore(sessions, slots), TrackerStore(sessions, slots)
    for n in range(30):
        (node1 if n % 2 else node2).append("p1", "sms", _turn(n))
        node1.retrieve("p1")
    decoded[0] = 0
    node2.append("p1", "sms", _turn(30))
    tracker = node1.retrieve("p1")
    assert decoded[0] == 3  # only the turn the other node stored, not the 90 events before
    assert tracker.as_dict() == TrackerStore(sessions, slots).retrieve("p1").as_dict()
    assert tracker.slots["commune"] == "Commune 30"
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)][-2:] == [
        "message 29",
        "message 30",
    ]
    # what a turn adds to the tracker it was given is not kept unless stored
    tracker.update(SlotSet(name="commune", value="Nulle part"))
    assert node1.retrieve("p1").slots["commune"] == "Commune 30"


def test_an_erased_conversation_begun_again_is_not_mixed_with_the_old_one(sessions) -> None:
    from sqlalchemy import delete

    from bot.storage.models import Conversation

    store = TrackerStore(sessions, Domain.load().slot_names)
    for n in range(3):
        store.append("p1", "sms", _turn(n))
    assert store.retrieve("p1").slots["commune"] == "Commune 2"
    with sessions.begin() as session:  # erased (by this node, another, the retention job)
        session.execute(delete(Conversation).where(Conversation.sender_id == "p1"))
    assert store.retrieve("p1").events == []
    for n in range(10, 13):  # as many events as before, under the same sender id
        store.append("p1", "sms", _turn(n))
    tracker = store.retrieve("p1")
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == [
        "message 10",
        "message 11",
        "message 12",
    ]


def test_conversations_over_the_cache_bound_are_read_whole_and_right(sessions) -> None:
    store = TrackerStore(sessions, (), cache_events=5)
    for n in range(4):
        for sender in ("p1", "p2"):
            store.append(sender, "sms", _turn(n))
            assert len(store.retrieve(sender).events) == 3 * (n + 1)
