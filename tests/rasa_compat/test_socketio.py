"""Rasa's socket.io channel, driven by the python-socketio client as rasa-webchat does.

The events and payloads are Rasa's (rasa/core/channels/socketio.py): `session_request`
→ `session_confirm`, `user_uttered` → one `bot_uttered` per reply, buttons as
`quick_replies`. The server is the real app under uvicorn.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import socketio

from bot.settings import Settings
from tests.channels.fakes import serve
from tests.embedded_platform import assistant_app

AUTH = {"Authorization": "Bearer test-token"}


class Webchat:
    """A rasa-webchat-like client: collects `bot_uttered` events."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.confirmed: asyncio.Queue[str] = asyncio.Queue()
        self.uttered: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.sio.on("session_confirm", self.confirmed.put)
        self.sio.on("bot_uttered", self.uttered.put)

    async def replies(self, quiet_s: float = 0.5) -> list[dict[str, Any]]:
        """Every reply, waiting for the first, then until none comes for `quiet_s`."""
        got = [await asyncio.wait_for(self.uttered.get(), 20)]
        while True:
            try:
                got.append(await asyncio.wait_for(self.uttered.get(), quiet_s))
            except TimeoutError:
                return got


async def test_a_rasa_webchat_client_converses_and_its_tracker_is_the_session(
    settings: Settings,
) -> None:
    with serve(assistant_app(settings)) as url:
        chat = Webchat()
        await chat.sio.connect(url, transports=["websocket"], socketio_path="socket.io")
        try:
            await chat.sio.emit("session_request", {"session_id": "wc-fatou-1"})
            assert await asyncio.wait_for(chat.confirmed.get(), 10) == "wc-fatou-1"

            await chat.sio.emit("user_uttered", {"message": "/greet", "session_id": "wc-fatou-1"})
            first = await chat.replies()
            assert "assistant automatique" in first[0]["text"]
            with_buttons = [r for r in first if "quick_replies" in r]
            assert with_buttons, "the welcome's choices come as quick replies"
            reply = with_buttons[0]["quick_replies"][0]
            assert reply["content_type"] == "text" and reply["payload"].startswith("/")

            # clicking a quick reply sends its payload, as rasa-webchat does
            await chat.sio.emit(
                "user_uttered", {"message": reply["payload"], "session_id": "wc-fatou-1"}
            )
            assert await chat.replies()
        finally:
            await chat.sio.disconnect()

        async with httpx.AsyncClient(base_url=url) as http:
            tracker = (await http.get("/conversations/wc-fatou-1/tracker", headers=AUTH)).json()
    users = [e for e in tracker["events"] if e["event"] == "user"]
    assert [e["text"] for e in users] == ["/greet", reply["payload"]]
    assert all(e["input_channel"] == "socketio" for e in users)


async def test_a_client_without_session_request_gets_a_session(settings: Settings) -> None:
    with serve(assistant_app(settings)) as url:
        chat = Webchat()
        await chat.sio.connect(url, socketio_path="socket.io")  # long-polling first
        try:
            await chat.sio.emit("user_uttered", {"message": "/help"})
            session_id = await asyncio.wait_for(chat.confirmed.get(), 10)
            assert len(session_id) == 32
            assert (await chat.replies())[0]["text"]
        finally:
            await chat.sio.disconnect()


@pytest.mark.parametrize("session_id", ["sms:+33612345678", "tg:42"])
async def test_signed_channels_ids_cannot_be_taken_over(
    settings: Settings, session_id: str
) -> None:
    """sms: and tg: conversations belong to their signed webhooks, as on REST."""
    with serve(assistant_app(settings)) as url:
        chat = Webchat()
        await chat.sio.connect(url, transports=["websocket"], socketio_path="socket.io")
        try:
            await chat.sio.emit("session_request", {"session_id": session_id})
            confirmed = await asyncio.wait_for(chat.confirmed.get(), 10)
        finally:
            await chat.sio.disconnect()
    assert confirmed != session_id


async def test_a_client_that_leaves_right_after_sending_loses_nothing(settings: Settings) -> None:
    """The turn is stored whole; reconnecting with the same session reads on."""
    with serve(assistant_app(settings)) as url:
        chat = Webchat()
        await chat.sio.connect(url, transports=["websocket"], socketio_path="socket.io")
        await chat.sio.emit("session_request", {"session_id": "wc-gone"})
        await asyncio.wait_for(chat.confirmed.get(), 10)
        await chat.sio.emit("user_uttered", {"message": "bonjour", "session_id": "wc-gone"})
        await chat.sio.sleep(0.05)  # let the client flush its queue (its own buffer)
        await chat.sio.disconnect()  # gone before the replies

        again = Webchat()
        await again.sio.connect(url, transports=["websocket"], socketio_path="socket.io")
        try:
            await again.sio.emit("session_request", {"session_id": "wc-gone"})
            await asyncio.wait_for(again.confirmed.get(), 10)
            await again.sio.emit("user_uttered", {"message": "/help", "session_id": "wc-gone"})
            assert await again.replies()
        finally:
            await again.sio.disconnect()
        async with httpx.AsyncClient(base_url=url) as http:
            tracker = (await http.get("/conversations/wc-gone/tracker", headers=AUTH)).json()
    texts = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert texts == ["bonjour", "/help"]  # both stored once, in order
    assert sum(1 for e in tracker["events"] if e["event"] == "bot") >= 2
