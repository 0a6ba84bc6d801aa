"""Console pages: the team's queue, a conversation, the audit log, static files
(login and logout: bot/console/login.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from importlib import resources
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi import Query as QueryParam
from fastapi.responses import HTMLResponse

from bot.console import inbox, labels, present, replies
from bot.console.auth import CurrentUser
from bot.console.deps import (
    Console,
    ConsoleDep,
    UserDep,
    client_ip,
    render,
    scoped_handoff,
)
from bot.dialogue.names import FIRST_NAME_SLOT
from bot.handoff.tables import Handoff
from bot.storage.models import utcnow

__all__ = ["FLASH", "conversation_context", "record_access", "router"]

router = APIRouter(prefix="/console", include_in_schema=False)

STATIC = {"console.js": "text/javascript; charset=utf-8", "console.css": "text/css; charset=utf-8"}
FLASH = {
    "sent": "Message envoyé.",
    "pickup": "Message enregistré : il s'affichera dans le widget de la personne.",
    "queued": "Le canal ne répond pas : le message partira dès que possible.",
    "taken": "Vous avez pris la main : l'assistant se tait dans cette conversation.",
    "assigned": "Conversation confiée : elle apparaît dans « Les miennes » de ce conseiller.",
    "handed_back": "Conversation rendue à l'assistant ; la personne en est informée.",
    "closed": "Conversation close.",
    "note": "Note enregistrée.",
    "validated": "Demande d'immersion validée.",
    "refused": "Demande d'immersion refusée.",
    "erased": "Les données de la personne ont été effacées.",
}


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        raise HTTPException(status.HTTP_404_NOT_FOUND)
    data = resources.files("bot.console.static").joinpath(name).read_bytes()
    headers = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}
    return Response(data, media_type=STATIC[name], headers=headers)


async def record_access(
    console: Console, request: Request, user: CurrentUser, action: str, **kw: Any
) -> None:
    """One line in the access log: who did what, from where."""
    await to_thread.run_sync(
        lambda: console.audit.record(
            action,
            actor=user.email,
            counsellor_id=user.id,
            team=user.team,
            ip=client_ip(request),
            **kw,
        )
    )


async def queue_context(
    console: Console, user: CurrentUser, view: str = "all", q: str = ""
) -> dict[str, Any]:
    handoffs = await to_thread.run_sync(console.handoffs.queue, user.team)
    since = utcnow() - timedelta(hours=24)
    closed = await to_thread.run_sync(console.handoffs.recent_closed, user.team, since)
    now = utcnow()
    view = view if view in inbox.VIEWS else "all"
    tags = await to_thread.run_sync(
        labels.labels_of, console, user.team, [h.conversation_id for h in handoffs]
    )
    every = await to_thread.run_sync(
        lambda: inbox.rows_for(handoffs, console.store, console.content, now, tags)
    )
    shown = inbox.filter_rows(every, view, user.id, q)
    counts = {v: len(inbox.filter_rows(every, v, user.id)) for v in inbox.VIEWS}
    return {
        "waiting": [r.handoff for r in every if r.handoff.state == "open"],
        "held": [r.handoff for r in every if r.handoff.state == "taken"],
        "rows_waiting": [r for r in shown if r.handoff.state == "open"],
        "rows_held": [r for r in shown if r.handoff.state == "taken"],
        "unread_total": sum(r.unread for r in every if r.handoff.taken_by == user.id),
        "names": {r.handoff.conversation_id: r.name for r in every},
        "closed": closed,
        "now": now,
        "user": user,
        "view": view,
        "views": inbox.VIEWS,
        "view_counts": counts,
        "q": q[: inbox.MAX_QUERY],
    }


Query = Annotated[str, QueryParam(max_length=200)]


async def _read_queue(
    console: Console, request: Request, user: CurrentUser, view: str = "all", q: str = ""
) -> dict[str, Any]:
    """The queue's context, its reading recorded in the access log."""
    context = await queue_context(console, user, view, q)
    await record_access(console, request, user, "read_queue", count=len(context["waiting"]))
    return context


@router.get("")
async def queue(
    request: Request,
    console: ConsoleDep,
    user: UserDep,
    view: str = "all",
    q: Query = "",
    flash: str = "",
) -> HTMLResponse:
    context = await _read_queue(console, request, user, view, q)
    shown = FLASH.get(flash)
    return render(console, "queue.html", **context, open_count=len(context["waiting"]), flash=shown)


@router.get("/fragments/inbox")
async def inbox_fragment(
    request: Request, console: ConsoleDep, user: UserDep, current: int | None = None
) -> HTMLResponse:
    context = await _read_queue(console, request, user)
    return render(console, "_inbox.html", **context, conversation_id=current)


@router.get("/fragments/queue")
async def queue_fragment(
    request: Request, console: ConsoleDep, user: UserDep, view: str = "all", q: Query = ""
) -> HTMLResponse:
    return render(console, "_queue.html", **await _read_queue(console, request, user, view, q))


async def platform_data(console: Console, sender_id: str) -> dict[str, Any]:
    """The person's bookings and immersion requests, from the platform API."""
    platform = console.service.platform
    if platform is None:
        return {
            "platform_error": "API des plateformes non configurée.",
            "bookings": [],
            "immersions": [],
        }
    try:
        bookings, immersions = await asyncio.wait_for(
            asyncio.gather(
                platform.bookings(sender_id, include_past=True, include_cancelled=True),
                platform.immersion_requests(sender_id),
            ),
            timeout=4.0,
        )
    except Exception as exc:  # PlatformError, timeout: the page still opens
        return {
            "platform_error": f"Plateforme injoignable ({type(exc).__name__}).",
            "bookings": [],
            "immersions": [],
        }
    return {"platform_error": None, "bookings": bookings, "immersions": immersions}


async def conversation_context(
    console: Console, user: CurrentUser, handoff: Handoff, *, platform: bool = True
) -> dict[str, Any]:
    tracker = await to_thread.run_sync(console.store.retrieve, handoff.sender_id)
    notes = await to_thread.run_sync(console.handoffs.notes, handoff.conversation_id, user.team)
    slots = tracker.slots
    context: dict[str, Any] = {
        "user": user,
        "handoff": handoff,
        "conversation_id": handoff.conversation_id,
        "person_name": inbox.person(handoff, slots.get(FIRST_NAME_SLOT))[0],
        "lines": present.transcript(tracker.events),
        "profile": present.profile_rows(slots, console.content),
        "barriers": present.barriers(slots, console.content),
        "snapshot": handoff.profile,
        "notes": notes,
        "opted_out": bool(slots.get("opted_out")),
        "now": utcnow(),
        "mine": handoff.state == "taken" and handoff.taken_by == user.id,
        "colleagues": await to_thread.run_sync(console.accounts.team, user.team),
        "labels": (
            await to_thread.run_sync(
                labels.labels_of, console, user.team, [handoff.conversation_id]
            )
        ).get(handoff.conversation_id, []),
        "bookings": [],
        "immersions": [],
        "platform_error": None,
    }
    if platform:
        canned = await to_thread.run_sync(replies.canned_for, console, user.team)
        first_name = slots.get(FIRST_NAME_SLOT)
        context["canned"] = [
            {
                "shortcut": c.shortcut,
                "text": replies.filled(
                    c.text,
                    first_name=first_name if isinstance(first_name, str) else None,
                    counsellor=user.first_name,
                    team=handoff.team,
                ),
            }
            for c in canned
        ]
        context.update(await platform_data(console, handoff.sender_id))
        queue = await queue_context(console, user)
        context.update(waiting=queue["waiting"], held=queue["held"], names=queue["names"])
        context["open_count"] = len(queue["waiting"])
    return context


@router.get("/conversations/{conversation_id}")
async def conversation(
    request: Request,
    console: ConsoleDep,
    user: UserDep,
    conversation_id: int,
    flash: str | None = None,
) -> HTMLResponse:
    handoff = await scoped_handoff(console, user, conversation_id)
    context = await conversation_context(console, user, handoff)
    await record_access(console, request, user, "read_conversation", sender_id=handoff.sender_id)
    return render(
        console, "conversation.html", **context, flash=FLASH.get(flash or ""), error=None, draft=""
    )


@router.get("/conversations/{conversation_id}/transcript")
async def transcript_fragment(
    request: Request, console: ConsoleDep, user: UserDep, conversation_id: int
) -> HTMLResponse:
    context = await _fragment_context(console, user, conversation_id)
    await record_access(
        console, request, user, "read_conversation", sender_id=context["handoff"].sender_id
    )
    return render(console, "_transcript.html", **context)


@router.get("/conversations/{conversation_id}/state")
async def state_fragment(
    request: Request, console: ConsoleDep, user: UserDep, conversation_id: int
) -> HTMLResponse:
    return render(console, "_state.html", **await _fragment_context(console, user, conversation_id))


async def _fragment_context(
    console: Console, user: CurrentUser, conversation_id: int
) -> dict[str, Any]:
    """A refreshed part of the conversation page: its context without the platform's data."""
    handoff = await scoped_handoff(console, user, conversation_id)
    return await conversation_context(console, user, handoff, platform=False)


@router.get("/audit")
async def audit(request: Request, console: ConsoleDep, user: UserDep) -> HTMLResponse:
    if not user.admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "réservé aux administrateurs de plateforme")
    entries = await to_thread.run_sync(console.audit.recent, user.team)
    count = await to_thread.run_sync(console.handoffs.count_open, user.team)
    return render(console, "audit.html", user=user, entries=entries, open_count=count)
