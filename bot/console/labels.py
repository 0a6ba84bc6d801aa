"""Labels: a team's short tags on conversations ("à rappeler", "IFSI", "mobilité").

Added and removed from the conversation page; shown on the queue's cards and
found by its search. Each team sees its own. Erased with the conversation.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Form, Request, status
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.console.deps import Console, ConsoleDep, CsrfUserDep, client_ip, scoped_handoff
from bot.console.tables import ConversationLabel
from bot.storage.models import utcnow

__all__ = ["labels_of", "router"]

router = APIRouter(prefix="/console/conversations/{conversation_id}", include_in_schema=False)

MAX_LABEL = 40
_SPACES = re.compile(r"\s+")


def labels_of(console: Console, team: str, conversation_ids: Iterable[int]) -> dict[int, list[str]]:
    """conversation id → the team's labels on it, sorted."""
    ids = list(conversation_ids)
    found: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return found
    with console.sessions() as session:
        for conversation_id, label in session.execute(
            select(ConversationLabel.conversation_id, ConversationLabel.label)
            .where(ConversationLabel.team == team, ConversationLabel.conversation_id.in_(ids))
            .order_by(ConversationLabel.label)
        ):
            found[conversation_id].append(label)
    return found


def _clean(label: str) -> str:
    return _SPACES.sub(" ", label).strip()[:MAX_LABEL]


@router.post("/labels")
async def add_label(
    request: Request,
    console: ConsoleDep,
    user: CsrfUserDep,
    conversation_id: int,
    label: Annotated[str, Form(max_length=200)],
    remove: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    handoff = await scoped_handoff(console, user, conversation_id)
    text = _clean(label)

    def change() -> None:
        with console.sessions.begin() as session:
            if remove:
                session.execute(
                    delete(ConversationLabel).where(
                        ConversationLabel.conversation_id == handoff.conversation_id,
                        ConversationLabel.team == user.team,
                        ConversationLabel.label == text,
                    )
                )
            elif text:
                session.add(
                    ConversationLabel(
                        conversation_id=handoff.conversation_id,
                        team=user.team,
                        label=text,
                        created_by=user.first_name,
                        created_at=utcnow(),
                    )
                )

    # already there (a double click, a colleague): nothing to do
    with contextlib.suppress(IntegrityError):
        await to_thread.run_sync(change)
    await to_thread.run_sync(
        lambda: console.audit.record(
            "label", actor=user.email, counsellor_id=user.id, team=user.team,
            sender_id=handoff.sender_id, ip=client_ip(request), label=text, removed=bool(remove),
        )
    )  # fmt: skip
    return RedirectResponse(
        f"/console/conversations/{conversation_id}#labels", status.HTTP_303_SEE_OTHER
    )
