"""Rasa's socket.io channel: the protocol of rasa-webchat and of Chatwoot's Rasa bridge.

A client connects on `/socket.io`, may ask for a session (`session_request`
with an optional `session_id`, answered by `session_confirm`), then sends
`user_uttered` events `{"message": "...", "session_id": "..."}` and receives
one `bot_uttered` event per reply: `{"text", "quick_replies"?: [{"content_type":
"text", "title", "payload"}], "custom"?}`, the shapes of
`rasa/core/channels/socketio.py`. The session id is the conversation's sender id,
so a Rasa client reads its tracker at `/conversations/{session_id}/tracker`.

Replies go to the session's room, not to the socket: a client that reconnects
with the same session id while its message is being answered still gets them.

A long-polling POST over MAX_PACKET_BYTES is refused at once (413) and its
Engine.IO session closed without waiting: Engine.IO's own refusal waits for its
close packet to be polled, so the POST hung until the client gave up (5 s) and
the client saw the close only at its next poll, its message lost meanwhile: a
python-socketio client then waited 30 s for a reply, and its next message,
however small, found the connection gone (the fuzz bar's "no reply" and
"disconnected under the size limit", each after an oversized text).
"""

from __future__ import annotations

import logging
import uuid
from contextlib import suppress
from typing import Any
from urllib.parse import parse_qs

import engineio
import socketio

from channels.base import OnNewMessage, client_metadata
from channels.messages import BotMessage, UserMessage, storable_id
from channels.outputs import reserved_sender

__all__ = ["SocketIOInput", "bot_uttered"]

log = logging.getLogger(__name__)

#: the longest sender id any channel accepts (the REST channel's bound).
MAX_SESSION_ID = 128
#: an Engine.IO packet larger than this is refused (a message is capped at 4,000
#: characters by the processor; this only bounds what is read at all).
MAX_PACKET_BYTES = 64_000


def bot_uttered(message: BotMessage) -> dict[str, Any]:
    """One reply in Rasa's socket.io shape (buttons become quick replies)."""
    data: dict[str, Any] = {}
    if message.text is not None:
        data["text"] = message.text
    if message.buttons:
        data["quick_replies"] = [
            {"content_type": "text", "title": b.title, "payload": b.payload}
            for b in message.buttons
        ]
    if message.custom is not None:
        data["custom"] = message.custom
    return data


def _session_id(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not 0 < len(value) <= MAX_SESSION_ID:
        return None
    return None if reserved_sender(value) or not storable_id(value) else value


class SocketIOInput:
    """Rasa's `SocketIOInput` with session persistence, as an ASGI app to mount."""

    name = "socketio"

    def __init__(
        self,
        *,
        user_message_evt: str = "user_uttered",
        bot_message_evt: str = "bot_uttered",
        cors_allowed_origins: str | list[str] = "*",
    ) -> None:
        self.user_message_evt = user_message_evt
        self.bot_message_evt = bot_message_evt
        self.cors_allowed_origins = cors_allowed_origins

    def asgi_app(self, on_message: OnNewMessage) -> socketio.ASGIApp:
        """The Engine.IO endpoint, to mount at `/socket.io` of the web app."""
        sio = _Server(
            async_mode="asgi",
            cors_allowed_origins=self.cors_allowed_origins,
            max_http_buffer_size=MAX_PACKET_BYTES,
            logger=False,
            engineio_logger=False,
        )

        @sio.on("session_request")
        async def session_request(sid: str, data: Any = None) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = _session_id(requested) or uuid.uuid4().hex
            await sio.save_session(sid, {"session_id": session_id})
            await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, to=sid)

        async def session_of(sid: str) -> str | None:
            try:
                return (await sio.get_session(sid)).get("session_id")
            except KeyError:  # the socket is already gone
                return None

        def client_of(sid: str) -> str | None:
            """The connection's address (Engine.IO's REMOTE_ADDR is a constant: the
            ASGI scope's client, rewritten behind trusted proxies, is the truth)."""
            environ = sio.get_environ(sid) or {}
            client = (environ.get("asgi.scope") or {}).get("client")
            return str(client[0]) if client else None

        @sio.on(self.user_message_evt)
        async def user_uttered(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message"), str):
                log.warning("socket.io: a %s event without a text message", self.user_message_evt)
                return
            session_id = _session_id(data.get("session_id")) or await session_of(sid)
            if session_id is None:  # Rasa's clients ask for a session first; others get one
                with suppress(KeyError):
                    await session_request(sid)
                session_id = await session_of(sid)
                if session_id is None:
                    return  # gone before it had a session: nothing to answer to
            else:
                with suppress(KeyError, ValueError):  # a gone socket joins nothing
                    await sio.enter_room(sid, session_id)
            # the turn runs whole even when the socket leaves meanwhile: it is stored,
            # and the replies reach whoever is in the session's room by then
            replies = await on_message(
                UserMessage(
                    sender_id=session_id,
                    text=data["message"],
                    channel=self.name,
                    metadata=client_metadata(data.get("customData")),
                    client=client_of(sid),
                )
            )
            for reply in replies:
                await sio.emit(self.bot_message_evt, bot_uttered(reply), room=session_id)

        return socketio.ASGIApp(_PacketLimit(sio), socketio_path="socket.io")


class _EngineServer(engineio.AsyncServer):
    def _log_error_once(self, message: str, message_key: str) -> None:
        """A request naming a closed or unknown session, a bad transport...: the
        client's doing, and any client can send them. A warning, not an error (an
        error means our fault; a flood of them would hide one)."""
        log.warning("socket.io: %s", message)


class _Server(socketio.AsyncServer):
    def _engineio_server_class(self) -> type[engineio.AsyncServer]:
        return _EngineServer


class _PacketLimit:
    """The Engine.IO app, refusing an oversized long-polling POST at once."""

    def __init__(self, sio: socketio.AsyncServer) -> None:
        self.sio = sio

    def __getattr__(self, name: str) -> Any:  # socketio.ASGIApp reads its engineio app
        return getattr(self.sio, name)

    async def handle_request(self, scope: Any, receive: Any, send: Any) -> Any:
        if scope.get("type") == "http" and scope.get("method") == "POST":
            length = next((v for k, v in scope["headers"] if k == b"content-length"), b"0")
            if not length.isdigit() or int(length) > MAX_PACKET_BYTES:
                query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
                engine = self.sio.eio
                for eio_sid in query.get("sid", [])[:1]:
                    sock = engine.sockets.get(eio_sid)
                    if sock is not None:  # the pending poll gets the close packet now
                        await sock.close(wait=False, reason=engine.reason.SERVER_DISCONNECT)
                await send(
                    {
                        "type": "http.response.start",
                        "status": 413,
                        "headers": [(b"content-type", b"text/plain"), (b"connection", b"close")],
                    }
                )
                await send({"type": "http.response.body", "body": b"packet too large"})
                return None
        return await self.sio.handle_request(scope, receive, send)
