"""socket.io: a packet over the size limit closes its own connection at once, quietly.

The fuzz bar's socket.io cases failed in `make fuzz` (3 "no reply within 30 s", 3
"disconnected" on small texts) and not when its file ran alone: which texts land on
socket.io depends on how many pumping strings the pattern inventory yields, so on
what the process had loaded before; the failures followed the texts over
MAX_PACKET_BYTES. Engine.IO refused such a POST by closing the session and waiting
for its close packet to be polled: the POST hung until the client gave up (5 s),
"Session is disconnected" was logged as an error, the client (reconnecting by
itself) waited its 30 s for a reply, and its next message found the connection gone.
"""

from __future__ import annotations

import logging
import time

import httpx
import pytest
import socketio

from bot.settings import Settings
from channels.socketio import MAX_PACKET_BYTES
from tests.channels.fakes import serve
from tests.embedded_platform import assistant_app


def _handshake(http: httpx.Client) -> str:
    opened = http.get("/socket.io/", params={"EIO": "4", "transport": "polling"})
    assert opened.status_code == 200 and opened.text.startswith("0")
    sid = str(httpx.Response(200, content=opened.text[1:]).json()["sid"])
    connect = http.post(
        "/socket.io/", params={"EIO": "4", "transport": "polling", "sid": sid}, content="40"
    )
    assert connect.status_code == 200
    return sid


def test_an_oversized_packet_is_refused_at_once_and_closes_its_session(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with serve(assistant_app(settings)) as url, httpx.Client(base_url=url, timeout=30) as http:
        sid = _handshake(http)
        query = {"EIO": "4", "transport": "polling", "sid": sid}
        http.get("/socket.io/", params=query)  # the namespace's connect answer
        packet = '42["user_uttered",{"message":"' + "a" * MAX_PACKET_BYTES + '"}]'
        refused = http.post("/socket.io/", params=query, content=packet)
        assert refused.status_code == 413  # answered, not left hanging
        polled = http.get("/socket.io/", params=query)
        assert polled.status_code == 400 or "1" in polled.text.split("\x1e")  # closed
        other = _handshake(http)  # other connections are not affected
        assert other != sid
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors


def test_after_an_oversized_message_the_next_one_is_answered(settings: Settings) -> None:
    """The fuzz bar's sequence: too big, then small, on a polling client."""
    with serve(assistant_app(settings)) as url:
        chat = socketio.SimpleClient(reconnection=False)
        chat.connect(url, transports=["polling"], socketio_path="socket.io")
        chat.emit("user_uttered", {"message": "a" * 100_000, "session_id": "big-1"})
        deadline = time.monotonic() + 30
        while chat.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not chat.connected  # the close shows; no reply was waited for
        chat.connect(url, transports=["polling"], socketio_path="socket.io")
        try:
            chat.emit("user_uttered", {"message": "bonjour", "session_id": "big-1"})
            event, reply = chat.receive(timeout=30)
        finally:
            chat.disconnect()
    assert event == "bot_uttered" and reply["text"]
