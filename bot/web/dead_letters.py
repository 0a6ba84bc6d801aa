"""The console's dead letters: messages set aside after two failed turns.

`GET /console/dead-letters` (platform administrators) lists them, newest first,
with the channel, the masked sender, the text with its phone numbers, e-mail
addresses and ids masked, the reason and the number of failed turns. Each can
be retried (back to the inbox, due now: the worker answers it and pushes the
reply on the person's channel) or discarded (the message is not kept; the same
message delivered again is still not run). Both are written to the audit log.

It lives beside the web API rather than in `bot.console` because it shows the
text through `bot.privacy`'s redaction, which `bot.console` may not import.
"""

from __future__ import annotations

from typing import Literal

from anyio import to_thread
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console.auth import CurrentUser
from bot.console.deps import ConsoleDep, CsrfUserDep, UserDep, client_ip, render
from bot.privacy.redaction import redact
from bot.storage.inbox import Inbox

__all__ = ["router"]

router = APIRouter(prefix="/console/dead-letters", include_in_schema=False)

#: what the list shows of a text (the full text stays for a retry)
SHOWN_CHARS = 500
REASONS = {
    "budget": "temps de traitement dépassé",
    "interrupted": "traitement interrompu (processus arrêté)",
}
DONE = {"retried": "Message remis en traitement.", "discarded": "Message supprimé."}


def _admin(user: CurrentUser) -> None:
    if not user.admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "réservé aux administrateurs de plateforme")


@router.get("")
async def dead_letters(console: ConsoleDep, user: UserDep, done: str = "") -> HTMLResponse:
    _admin(user)
    letters = await to_thread.run_sync(Inbox(console.sessions).list_dead)
    rows = [
        {
            "id": d.id,
            "sender_id": d.sender_id,
            "channel": d.channel,
            "text": redact(d.text, SHOWN_CHARS),
            "reason": REASONS.get(d.reason, f"erreur ({d.reason})"),
            "failures": d.failures,
            "received_at": d.received_at,
            "set_aside_at": d.set_aside_at,
        }
        for d in letters
    ]
    count = await to_thread.run_sync(console.handoffs.count_open, user.team)
    return render(
        console,
        "dead_letters.html",
        user=user,
        letters=rows,
        flash=DONE.get(done),
        open_count=count,
        nav="dead-letters",
    )


@router.post("/{dead_id}/{action}")
async def act(
    request: Request,
    console: ConsoleDep,
    user: CsrfUserDep,
    dead_id: int,
    action: Literal["retry", "discard"],
) -> Response:
    _admin(user)
    inbox = Inbox(console.sessions)
    change = inbox.retry if action == "retry" else inbox.discard
    letter = await to_thread.run_sync(change, dead_id)
    if letter is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "message inconnu")
    await to_thread.run_sync(
        lambda: console.audit.record(
            f"dead_letter_{action}",
            actor=user.email,
            counsellor_id=user.id,
            sender_id=letter.sender_id,
            team=user.team,
            ip=client_ip(request),
            message_id=letter.message_id,
        )
    )
    done = "retried" if action == "retry" else "discarded"
    return RedirectResponse(f"/console/dead-letters?done={done}", status.HTTP_303_SEE_OTHER)
