"""GET /console/stream: live events of the counsellor's team (Server-Sent Events).

Events: `hello` (the open count, once), `queue` (a handoff opened, taken,
answered, handed back, closed), `conversation` (a new message in a conversation
of the queue), `logout` (the session ended). Data is JSON; browsers reconnect
by themselves (EventSource) and then refresh what they show.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from bot.console.deps import COOKIE, ConsoleDep, UserDep, client_ip

__all__ = ["HEARTBEAT_S", "router"]

router = APIRouter(prefix="/console", include_in_schema=False)

HEARTBEAT_S = 15.0


def _sse(kind: str, data: dict[str, Any]) -> str:
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.get("/stream")
async def stream(request: Request, console: ConsoleDep, user: UserDep) -> StreamingResponse:
    token = request.cookies.get(COOKIE)
    await to_thread.run_sync(
        lambda: console.audit.record(
            "stream", actor=user.email, counsellor_id=user.id, team=user.team, ip=client_ip(request)
        )
    )

    async def still_logged_in() -> bool:
        found = await to_thread.run_sync(lambda: console.accounts.user(token, touch=False))
        return found is not None

    async def events() -> AsyncIterator[str]:
        gone = asyncio.Event()
        watcher = asyncio.create_task(_watch_disconnect(request, gone))
        try:
            async with console.service.hub.subscribe(user.team) as queue:
                count = await to_thread.run_sync(console.handoffs.count_open, user.team)
                yield "retry: 3000\n\n"
                yield _sse("hello", {"team": user.team, "open_count": count})
                while not gone.is_set():
                    event = await _next(queue, gone)
                    if event is not None:
                        yield _sse(str(event.get("type", "message")), event)
                    elif gone.is_set():
                        return
                    elif not await still_logged_in():
                        yield _sse("logout", {})
                        return
                    else:
                        yield ": ping\n\n"
        finally:
            watcher.cancel()

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _watch_disconnect(request: Request, gone: asyncio.Event) -> None:
    """Sets `gone` when the browser goes away (the stream then ends at once)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            gone.set()
            return


async def _next(queue: asyncio.Queue[Any], gone: asyncio.Event) -> dict[str, Any] | None:
    """The next event; None after HEARTBEAT_S without one, or when the browser left."""
    getter = asyncio.ensure_future(queue.get())
    stopper = asyncio.ensure_future(gone.wait())
    done, _ = await asyncio.wait(
        {getter, stopper}, timeout=HEARTBEAT_S, return_when=asyncio.FIRST_COMPLETED
    )
    stopper.cancel()
    if getter in done:
        event: dict[str, Any] = getter.result()
        return event
    getter.cancel()
    return None
