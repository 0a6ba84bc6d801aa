"""The background worker: outbox delivery per channel, and the notice after a
booking queued during an outage goes through."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from bot.settings import Settings
from bot.worker import work_once
from channels.messages import BotMessage
from channels.outputs import ChannelError, RecipientOptedOut, SendResult
from platform_server.seed import seed_demo
from tests.embedded_platform import assistant_app
from tests.pending import poll_pending


class Phone:
    """A channel sender that records what it was asked to send."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.sent: list[tuple[str, BotMessage]] = []
        self.fail = fail

    async def send(self, recipient_id: str, message: BotMessage) -> SendResult:
        if self.fail:
            raise self.fail
        self.sent.append((recipient_id, message))
        return SendResult(recipient_id, ("SM1",))


def _app(settings: Settings) -> TestClient:
    return TestClient(assistant_app(settings.model_copy(update={"worker_interval_s": 0})))


async def test_outbox_messages_reach_their_channel_once(settings: Settings) -> None:
    with _app(settings) as client:
        assistant = client.app.state.assistant  # type: ignore[attr-defined]
        outbox = assistant.outbox
        outbox.put("sms:+33611111111", "sms", {"kind": "event_reminder", "text": "Rappel : demain"})
        outbox.put("sms:+33622222222", "sms", {"text": "ne partira pas"})
        outbox.put("web:abc", "rest", {"text": "Bonjour, ici Nadia."})
        phone = Phone()
        stopped = Phone(RecipientOptedOut("sms:+33622222222"))

        async def route(recipient_id: str, message: BotMessage) -> SendResult:
            target = stopped if recipient_id.endswith("2222") else phone
            return await target.send(recipient_id, message)

        senders = {"sms": type("Router", (), {"send": staticmethod(route)})()}
        done = await work_once(assistant, senders)
        again = await work_once(assistant, senders)

        assert phone.sent == [("sms:+33611111111", BotMessage(text="Rappel : demain"))]
        assert (done.sent, done.dropped, again.sent) == (2, 1, 0)
        assert outbox.depth() == 0
        # what was sent joins the conversation; the widget fetches it
        pending = poll_pending(client, "web:abc").json()
        assert [m["text"] for m in pending] == ["Bonjour, ici Nadia."]


async def test_a_failing_channel_is_retried_later(settings: Settings) -> None:
    with _app(settings) as client:
        assistant = client.app.state.assistant  # type: ignore[attr-defined]
        assistant.outbox.put("tg:42", "telegram", {"text": "Rappel"})
        down = Phone(ChannelError("telegram unreachable"))
        done = await work_once(assistant, {"telegram": down})
        assert done.retried == 1 and assistant.outbox.depth() == 1
        assert await work_once(assistant, {"telegram": Phone()}) == type(done)()  # backing off


async def test_a_booking_queued_during_an_outage_is_made_and_announced(settings: Settings) -> None:
    with _app(settings) as client:
        assistant = client.app.state.assistant  # type: ignore[attr-defined]
        seed_demo(assistant.sessions, date.today())
        events = await assistant.services.platform.search_events(44.84, -0.58, radius_km=50)
        event = next(e for e in events if not e.full)
        client.post("/webhooks/rest/webhook", json={"sender": "web:late", "message": "bonjour"})
        assistant.services.pending.queue("web:late", event.id, "web:late:" + event.id)

        done = await work_once(assistant, {})
        assert done.notices == 1
        await work_once(assistant, {})  # the notice itself goes out
        bookings = await assistant.services.platform.bookings("web:late")
        assert [b.event_id for b in bookings] == [event.id]
        pending = poll_pending(client, "web:late").json()
        assert any("vous êtes inscrit" in m["text"] for m in pending)
