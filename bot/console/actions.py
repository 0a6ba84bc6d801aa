"""Console writes: take over, reply, hand back, close, notes, immersion decisions.

Every route needs the session's CSRF token, is scoped to the counsellor's team
(404 otherwise) and writes an audit entry. Results are shown after a redirect
(303, fixed flash codes); refusals re-render the page with an explanation.
"""

from __future__ import annotations

from typing import Annotated, Literal

from anyio import to_thread
from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response

from bot.console.auth import CurrentUser
from bot.console.deps import (
    Console,
    ConsoleDep,
    CsrfUserDep,
    render,
    scoped_handoff,
)
from bot.console.pages import conversation_context, record_access
from bot.handoff import Outcome
from bot.handoff.service import Actor
from bot.handoff.tables import Handoff

__all__ = ["router"]

router = APIRouter(prefix="/console/conversations/{conversation_id}", include_in_schema=False)

MAX_REPLY = 1600  # ten SMS segments: a counsellor's message, not a letter


def _back(conversation_id: int, flash: str) -> RedirectResponse:
    return RedirectResponse(
        f"/console/conversations/{conversation_id}?flash={flash}", status.HTTP_303_SEE_OTHER
    )


def _explain(outcome: Outcome) -> str:
    if outcome.status == "opted_out":
        return (
            "Message non envoyé : cette personne a demandé à ne plus recevoir de messages "
            "(STOP). Elle peut réécrire START ; en attendant, rien ne lui est envoyé."
        )
    if outcome.status == "taken_by_other":
        return (
            f"{outcome.holder or 'Un autre conseiller'} a déjà pris cette conversation en charge."
        )
    if outcome.status == "not_active":
        return "Cette demande n'est plus en cours : la conversation a été rendue ou close."
    detail = outcome.delivery.detail if outcome.delivery else ""
    return f"Message non envoyé : le canal de la personne l'a refusé ({detail})."


async def _refused(
    console: Console,
    user: CurrentUser,
    handoff: Handoff,
    outcome: Outcome,
    draft: str = "",
) -> Response:
    """The conversation page again, as it is now, saying why the action did not go through."""
    fresh = await to_thread.run_sync(console.handoffs.get, handoff.id) or handoff
    return await _refused_text(console, user, fresh, _explain(outcome), draft)


async def _audit(
    console: Console,
    request: Request,
    user: CurrentUser,
    action: str,
    handoff: Handoff,
    **kw: object,
) -> None:
    await record_access(console, request, user, action, sender_id=handoff.sender_id, **kw)


async def _answer(
    request: Request,
    console: Console,
    user: CurrentUser,
    handoff: Handoff,
    outcome: Outcome,
    action: str,
    flash: str,
    draft: str = "",
    **kw: object,
) -> Response:
    """Audits a handoff action; back to the conversation saying `flash`, or, refused,
    the conversation page again saying why."""
    await _audit(console, request, user, action, handoff, result=outcome.status, **kw)
    if outcome.status != "ok":
        return await _refused(console, user, handoff, outcome, draft)
    return _back(handoff.conversation_id, flash)


@router.post("/take")
async def take(
    request: Request, console: ConsoleDep, user: CsrfUserDep, conversation_id: int
) -> Response:
    handoff = await scoped_handoff(console, user, conversation_id)
    outcome = await console.service.take(handoff, user.actor)
    return await _answer(request, console, user, handoff, outcome, "take", "taken")


@router.post("/reply")
async def reply(
    request: Request,
    console: ConsoleDep,
    user: CsrfUserDep,
    conversation_id: int,
    text: Annotated[str, Form(min_length=1, max_length=MAX_REPLY)],
) -> Response:
    handoff = await scoped_handoff(console, user, conversation_id)
    if not text.strip():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "message vide")
    outcome = await console.service.reply(handoff, user.actor, text)
    delivery = outcome.delivery.status if outcome.delivery else None
    flash = delivery or "sent"
    return await _answer(
        request, console, user, handoff, outcome, "reply", flash, draft=text, delivery=delivery
    )


@router.post("/assign")
async def assign(
    request: Request,
    console: ConsoleDep,
    user: CsrfUserDep,
    conversation_id: int,
    counsellor_id: Annotated[int, Form()],
) -> Response:
    """Hands the conversation to a colleague of the same team."""
    handoff = await scoped_handoff(console, user, conversation_id)
    team = await to_thread.run_sync(console.accounts.team, user.team)
    colleague = next((c for c in team if c.id == counsellor_id), None)
    if colleague is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conseiller inconnu dans l'équipe")
    to = Actor(colleague.id, colleague.first_name, colleague.role)
    outcome = await console.service.assign(handoff, user.actor, to)
    return await _answer(
        request, console, user, handoff, outcome, "assign", "assigned", to=colleague.id
    )


@router.post("/hand-back")
async def hand_back(
    request: Request, console: ConsoleDep, user: CsrfUserDep, conversation_id: int
) -> Response:
    return await _finish(request, console, user, conversation_id, "handed_back")


@router.post("/close")
async def close(
    request: Request, console: ConsoleDep, user: CsrfUserDep, conversation_id: int
) -> Response:
    return await _finish(request, console, user, conversation_id, "closed")


async def _finish(
    request: Request, console: Console, user: CurrentUser, conversation_id: int, state: str
) -> Response:
    handoff = await scoped_handoff(console, user, conversation_id)
    outcome = await console.service.finish(handoff, user.actor, state)
    return await _answer(request, console, user, handoff, outcome, state, state)


@router.post("/notes")
async def add_note(
    request: Request,
    console: ConsoleDep,
    user: CsrfUserDep,
    conversation_id: int,
    text: Annotated[str, Form(min_length=1, max_length=4000)],
) -> Response:
    handoff = await scoped_handoff(console, user, conversation_id)
    await to_thread.run_sync(
        lambda: console.handoffs.add_note(
            handoff.conversation_id, user.team, user.id, user.first_name, text.strip()
        )
    )
    await _audit(console, request, user, "note", handoff)
    return _back(conversation_id, "note")


@router.post("/immersions/{request_id}")
async def decide_immersion(
    request: Request,
    console: ConsoleDep,
    user: CsrfUserDep,
    conversation_id: int,
    request_id: str,
    decision: Annotated[Literal["validated", "refused"], Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Validates or refuses the person's PMSMP request through the platform API."""
    from bot.platform import PlatformError, PlatformRejected

    handoff = await scoped_handoff(console, user, conversation_id)
    platform = console.service.platform
    if platform is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "API des plateformes absente")
    try:
        requests = await platform.immersion_requests(handoff.sender_id)
    except PlatformError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "plateforme injoignable") from exc
    found = next((r for r in requests if r.id == request_id), None)
    if found is None or found.departement != user.team:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "demande inconnue")
    if decision == "refused" and not note.strip():
        return await _refused_text(
            console, user, handoff, "Un refus doit être motivé : ajoutez une note."
        )
    try:
        await platform.decide_immersion(
            request_id, decision, note.strip() or None, counsellor=user.first_name
        )
    except PlatformRejected as exc:
        await _audit(console, request, user, "immersion", handoff, id=request_id, result=exc.code)
        return await _refused_text(console, user, handoff, f"La plateforme a refusé : {exc.detail}")
    except PlatformError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "plateforme injoignable") from exc
    await _audit(console, request, user, "immersion", handoff, id=request_id, result=decision)
    return _back(conversation_id, decision)


async def _refused_text(
    console: Console, user: CurrentUser, handoff: Handoff, message: str, draft: str = ""
) -> Response:
    context = await conversation_context(console, user, handoff)
    return render(
        console,
        "conversation.html",
        status.HTTP_409_CONFLICT,
        **context,
        flash=None,
        error=message,
        draft=draft,
    )
