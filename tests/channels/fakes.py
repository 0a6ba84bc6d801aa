"""Real protocol peers on loopback: a fake Telegram Bot API and a fake Twilio REST API.

Each runs in uvicorn on a free port in a thread, so the SDKs (python-telegram-bot,
twilio) talk to them over real HTTP exactly as they would to the platforms.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve an ASGI app on 127.0.0.1 in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeBotApi:
    """Speaks enough of the Bot API: getMe, sendMessage, sendChatAction,
    answerCallbackQuery, getUpdates (long polling), setWebhook, deleteWebhook."""

    BLOCKED_CHAT = 403

    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._updates: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._next_message_id = 1000
        self.app = FastAPI()
        self.app.add_api_route("/bot{token}/{method}", self._endpoint, methods=["POST", "GET"])

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._updates.clear()

    def queue(self, update: dict[str, Any]) -> None:
        with self._lock:
            self._updates.append(update)

    def called(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [params for name, params in self.calls if name == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.called(method)) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.called(method)

    async def _endpoint(self, token: str, method: str, request: Request) -> JSONResponse:
        if token != self.token:
            return JSONResponse(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, 401
            )
        form = await request.form()
        params = {key: _decode(str(value)) for key, value in form.items()}
        with self._lock:
            self.calls.append((method, params))
        if method == "getUpdates":
            return await self._get_updates(params)
        result: Any = True
        if str(params.get("chat_id")) == str(self.BLOCKED_CHAT):
            body = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"}
            return JSONResponse(body, 403)
        if method == "getMe":
            result = {"id": 42, "is_bot": True, "first_name": "Assistant", "username": "test_bot"}
        elif method == "sendMessage":
            with self._lock:
                self._next_message_id += 1
                message_id = self._next_message_id
            result = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": {"id": 42, "is_bot": True, "first_name": "Assistant"},
                "text": params.get("text", ""),
            }
        elif method not in {"sendChatAction", "answerCallbackQuery", "setWebhook", "deleteWebhook"}:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return JSONResponse({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> JSONResponse:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                pending = [u for u in self._updates if u["update_id"] >= offset]
            if pending or time.monotonic() >= deadline:
                return JSONResponse({"ok": True, "result": pending})
            await asyncio.sleep(0.02)


class FakeTwilio:
    """The Messages resource of Twilio's REST API (2010-04-01)."""

    UNSUBSCRIBED = "+33600000000"
    BROKEN = "+33600000500"

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.app = FastAPI()
        self.app.add_api_route(
            "/2010-04-01/Accounts/{account}/Messages.json", self._create, methods=["POST"]
        )

    async def _create(self, account: str, request: Request) -> JSONResponse:
        form = await request.form()
        fields = {key: str(value) for key, value in form.items()}
        self.requests.append(
            {"account": account, "auth": request.headers.get("authorization"), **fields}
        )
        if fields.get("To") == self.UNSUBSCRIBED:
            body = {"code": 21610, "message": "Attempt to send to unsubscribed recipient"}
            return JSONResponse({**body, "status": 400}, 400)
        if fields.get("To") == self.BROKEN:
            return JSONResponse({"code": 20500, "message": "Internal error", "status": 500}, 500)
        sid = f"SM{len(self.requests):032x}"
        return JSONResponse(
            {
                "sid": sid,
                "account_sid": account,
                "to": fields.get("To"),
                "from": fields.get("From"),
                "messaging_service_sid": fields.get("MessagingServiceSid"),
                "body": fields.get("Body"),
                "status": "queued",
                "num_segments": "1",
                "direction": "outbound-api",
                "api_version": "2010-04-01",
                "uri": f"/2010-04-01/Accounts/{account}/Messages/{sid}.json",
            },
            201,
        )
