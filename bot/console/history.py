"""A candidate's whole history on one page: every conversation of the person
(SMS and WhatsApp from the same number are one person), every request to a
counsellor and how it went, bookings and immersion requests, in time order.

GET /console/conversations/{id}/history, scoped like the conversation page;
the read goes to the audit log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from bot.console import present
from bot.console.deps import ConsoleDep, UserDep, client_ip, render, scoped_handoff
from bot.console.pages import platform_data
from bot.handoff.tables import Handoff
from channels.outputs import SMS_PREFIX, WHATSAPP_PREFIX
from sqlkit.db import select_all

__all__ = ["router", "same_person"]

router = APIRouter(prefix="/console/conversations/{conversation_id}", include_in_schema=False)


def same_person(sender_id: str) -> list[str]:
    """The sender ids of one person: a phone number's SMS and WhatsApp conversations."""
    for prefix in (SMS_PREFIX, WHATSAPP_PREFIX):
        if sender_id.startswith(prefix):
            number = sender_id[len(prefix) :]
            return [f"{SMS_PREFIX}{number}", f"{WHATSAPP_PREFIX}{number}"]
    return [sender_id]


@router.get("/history")
async def history(
    request: Request, console: ConsoleDep, user: UserDep, conversation_id: int
) -> HTMLResponse:
    handoff = await scoped_handoff(console, user, conversation_id)
    senders = same_person(handoff.sender_id)

    def load() -> tuple[list[Handoff], list[tuple[str, Any]]]:
        handoffs = select_all(
            console.sessions,
            select(Handoff)
            .where(Handoff.sender_id.in_(senders), Handoff.team == user.team)
            .order_by(Handoff.created_at),
        )
        lines: list[tuple[str, Any]] = []
        for sender in senders:
            events = console.store.retrieve(sender).events
            lines += [(sender, line) for line in present.transcript(events)]
        lines.sort(key=lambda item: item[1].at)
        return handoffs, lines

    handoffs, lines = await to_thread.run_sync(load)
    platform: dict[str, Any] = {"bookings": [], "immersions": [], "platform_error": None}
    for sender in senders:
        found = await platform_data(console, sender)
        platform["bookings"] += found["bookings"]
        platform["immersions"] += found["immersions"]
        platform["platform_error"] = platform["platform_error"] or found["platform_error"]
    await to_thread.run_sync(
        lambda: console.audit.record(
            "read_history", actor=user.email, counsellor_id=user.id, team=user.team,
            sender_id=handoff.sender_id, ip=client_ip(request),
        )
    )  # fmt: skip
    channels = sorted({line.channel or "" for _, line in lines if line.channel} | {handoff.channel})
    return render(
        console,
        "history.html",
        user=user,
        handoff=handoff,
        handoffs=handoffs,
        lines=lines,
        channels=channels,
        now=datetime.now(UTC),
        **platform,
    )
