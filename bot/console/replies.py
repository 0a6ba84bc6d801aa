"""Canned replies: each team's ready-made answers, editable in the console.

`GET /console/replies` lists and edits them; in a conversation, typing "/" in
the reply box offers them (static/console.js), and the chosen one's text is
inserted as plain text, for the counsellor to adapt before sending. Texts are
shown through autoescaping templates and JSON: HTML in them stays text.

A text may hold variables, filled in for the conversation open (:func:`filled`):
``{prenom}`` the person's first name (dropped with the space before it when the
channel gave none: "Bonjour {prenom}," → "Bonjour,"), ``{conseiller}`` the
counsellor's, ``{plateforme}`` "la plateforme de Gironde".
"""

from __future__ import annotations

import contextlib
import re
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Form, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.console.deps import Console, ConsoleDep, CsrfUserDep, UserDep, client_ip, render
from bot.console.present import platform_phrase
from bot.console.tables import CannedReply
from bot.storage.models import utcnow
from sqlkit.db import select_all

__all__ = ["VARIABLES", "canned_for", "filled", "router", "seed_replies", "unknown_variables"]

router = APIRouter(prefix="/console/replies", include_in_schema=False)

SHORTCUT = re.compile(r"^[a-z0-9_-]{1,32}$")
MAX_TEXT = 1600
VARIABLES = ("prenom", "conseiller", "plateforme")
_VARIABLE = re.compile(r"\{(pr[eé]nom|[a-z]{1,20})\}")
_NO_FIRST_NAME = re.compile(r"[ \t]?\{pr[eé]nom\}")


def filled(text: str, *, first_name: str | None, counsellor: str, team: str) -> str:
    """The reply with its variables filled in (once: a value is never read again as a
    variable); an unknown ``{word}`` stays as written."""
    values = {"conseiller": counsellor, "plateforme": platform_phrase(team)}
    if first_name:
        values["prenom"] = values["prénom"] = first_name
    else:
        text = _NO_FIRST_NAME.sub("", text)
    return _VARIABLE.sub(lambda m: values.get(m[1], m[0]), text)


def unknown_variables(text: str) -> list[str]:
    """The ``{word}`` in a text that are no variable ("{nom}")."""
    return [m for m in _VARIABLE.findall(text) if m not in (*VARIABLES, "prénom")]


def canned_for(console: Console, team: str) -> list[CannedReply]:
    return select_all(
        console.sessions,
        select(CannedReply).where(CannedReply.team == team).order_by(CannedReply.shortcut),
    )


def seed_replies(
    sessions: sessionmaker[Session], team: str, replies: dict[str, str], by: str
) -> int:
    """Adds the `replies` (shortcut → text) the team has no reply under; a reply the
    team already has, edited or not, stays as it is. Returns how many were added."""
    with sessions.begin() as session:
        taken = set(session.scalars(select(CannedReply.shortcut).where(CannedReply.team == team)))
        new = [
            CannedReply(team=team, shortcut=key, text=text, updated_by=by, updated_at=utcnow())
            for key, text in replies.items()
            if key not in taken and SHORTCUT.match(key) and text.strip()
        ]
        session.add_all(new)
    return len(new)


def _save(
    console: Console, team: str, shortcut: str, text: str, by: str, reply_id: int | None = None
) -> bool:
    """Saves under `shortcut` (replacing its text), or edits the reply `reply_id` of the
    team (its shortcut may change); False when that shortcut is another reply's."""
    with console.sessions.begin() as session:
        found = session.scalar(
            select(CannedReply).where(CannedReply.team == team, CannedReply.shortcut == shortcut)
        )
        if reply_id is not None:
            edited = session.scalar(
                select(CannedReply).where(CannedReply.id == reply_id, CannedReply.team == team)
            )
            if edited is not None:
                if found is not None and found.id != edited.id:
                    return False
                edited.shortcut, edited.text = shortcut, text
                edited.updated_by, edited.updated_at = by, utcnow()
                return True
        if found is None:
            session.add(
                CannedReply(
                    team=team, shortcut=shortcut, text=text, updated_by=by, updated_at=utcnow()
                )
            )
        else:
            found.text, found.updated_by, found.updated_at = text, by, utcnow()
        return True


def _page(
    console: Console, user: object, team: str, code: int = 200, **extra: object
) -> HTMLResponse:
    replies = canned_for(console, team)
    return render(console, "replies.html", code, user=user, replies=replies, nav="replies", **extra)


@router.get("")
async def replies_page(
    console: ConsoleDep, user: UserDep, saved: str | None = None, edit: int | None = None
) -> HTMLResponse:
    """The team's replies; `?edit=<id>` fills the form with one of them to change it."""
    flash = {"saved": "Réponse enregistrée.", "deleted": "Réponse supprimée."}.get(saved or "")

    def page() -> HTMLResponse:
        chosen = next((r for r in canned_for(console, user.team) if r.id == edit), None)
        form = {"id": chosen.id, "shortcut": chosen.shortcut, "text": chosen.text} if chosen else {}
        return _page(console, user, user.team, flash=flash, error=None, form=form)

    return await to_thread.run_sync(page)


@router.post("")
async def save_reply(
    request: Request,
    console: ConsoleDep,
    user: CsrfUserDep,
    shortcut: Annotated[str, Form(max_length=100)],
    text: Annotated[str, Form(max_length=MAX_TEXT)],
    reply_id: Annotated[int | None, Form()] = None,
) -> Response:
    key = shortcut.strip().lstrip("/").lower()
    form = {"id": reply_id, "shortcut": shortcut, "text": text}
    error = None
    if not SHORTCUT.match(key) or not text.strip():
        error = (
            "Le raccourci s'écrit en minuscules, chiffres, - ou _ (32 caractères au plus), "
            "et le texte ne peut pas être vide."
        )
    elif unknown := unknown_variables(text):
        error = (
            f"{{{unknown[0]}}} n'est pas une variable : utilisez {{prenom}}, {{conseiller}} "
            "ou {plateforme}."
        )
    if error is not None:
        return await to_thread.run_sync(
            lambda: _page(console, user, user.team, 422, flash=None, error=error, form=form)
        )
    saved = True
    # saved at the same moment by a colleague: theirs stands
    with contextlib.suppress(IntegrityError):
        saved = await to_thread.run_sync(
            lambda: _save(console, user.team, key, text.strip(), user.first_name, reply_id)
        )
    if not saved:
        taken = f"Le raccourci /{key} est déjà celui d'une autre réponse : choisissez-en un autre."
        return await to_thread.run_sync(
            lambda: _page(console, user, user.team, 422, flash=None, error=taken, form=form)
        )
    await to_thread.run_sync(
        lambda: console.audit.record(
            "canned_reply", actor=user.email, counsellor_id=user.id, team=user.team,
            ip=client_ip(request), shortcut=key,
        )
    )  # fmt: skip
    return RedirectResponse("/console/replies?saved=saved", status.HTTP_303_SEE_OTHER)


@router.post("/{reply_id}/delete")
async def delete_reply(
    request: Request, console: ConsoleDep, user: CsrfUserDep, reply_id: int
) -> Response:
    def remove() -> None:
        with console.sessions.begin() as session:
            session.execute(
                delete(CannedReply).where(CannedReply.id == reply_id, CannedReply.team == user.team)
            )

    await to_thread.run_sync(remove)
    return RedirectResponse("/console/replies?saved=deleted", status.HTTP_303_SEE_OTHER)
