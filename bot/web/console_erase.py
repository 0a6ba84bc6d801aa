"""The console's erasure: a counsellor erases a person who asked it (by phone, at
the platform...) from their conversation page.

`POST /console/conversations/{id}/erase` (CSRF, the counsellor's team only, a
ticked confirmation) erases through `bot.privacy.erase_candidate`, the same
path as the chat, the admin API and `autonomie erase`: every table of the
registry, the platform's bookings and immersion requests. The audit entry of
the erasure is written first, then pseudonymised with the person's others.

It lives beside the web API rather than in `bot.console`, which may not import
`bot.privacy` (the registry imports the console's tables).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response

from bot.console.deps import ConsoleDep, CsrfUserDep, scoped_handoff
from bot.console.pages import record_access
from bot.platform.errors import PlatformError
from bot.privacy import erase_candidate

__all__ = ["router"]

router = APIRouter(prefix="/console/conversations/{conversation_id}", include_in_schema=False)


@router.post("/erase")
async def erase(
    request: Request,
    console: ConsoleDep,
    user: CsrfUserDep,
    conversation_id: int,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    handoff = await scoped_handoff(console, user, conversation_id)
    if confirm != "yes":
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "effacement non confirmé")
    assistant: Any = request.app.state.assistant
    await record_access(console, request, user, "erase", sender_id=handoff.sender_id)
    try:
        await erase_candidate(assistant, handoff.sender_id)
    except PlatformError as exc:  # nothing local was erased: the counsellor retries later
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "plateforme injoignable : rien n'a été effacé, réessayez plus tard",
        ) from exc
    return RedirectResponse("/console?flash=erased", status.HTTP_303_SEE_OTHER)
