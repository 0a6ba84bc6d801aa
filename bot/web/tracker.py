"""GET /conversations/{sender}/tracker (admin token), with Rasa's query parameters:
`include_events` (ALL, AFTER_RESTART, APPLIED: every event, this tracker has no
restart nor undo; NONE: `"events": null`) and `until` (the state as it was at that
timestamp, later events left out)."""

from __future__ import annotations

from typing import Any, Literal

from anyio import to_thread
from fastapi import APIRouter, Depends, HTTPException, Path, Query, status

from bot.dialogue.tracker import Tracker
from bot.web.dependencies import AssistantDep, require_api_token
from channels.http import RasaRoute, documented

router = APIRouter(
    tags=["conversations"],
    dependencies=[Depends(require_api_token)],
    responses=documented(401),
    route_class=RasaRoute,
)

EventVerbosity = Literal["AFTER_RESTART", "ALL", "APPLIED", "NONE"]


@router.get("/conversations/{sender}/tracker", responses=documented(404))
async def get_tracker(
    assistant: AssistantDep,
    sender: str = Path(min_length=1, max_length=128),
    include_events: EventVerbosity = Query(
        "AFTER_RESTART", description="Rasa's event verbosity; NONE leaves the events out"
    ),
    until: float | None = Query(
        None, description="a Unix timestamp: the tracker as it was then (Rasa's `until`)"
    ),
) -> dict[str, Any]:
    if not await to_thread.run_sync(assistant.store.exists, sender):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no conversation with {sender!r}")
    tracker = await to_thread.run_sync(assistant.store.retrieve, sender)
    if until is not None:
        then = [event for event in tracker.events if event.timestamp <= until]
        tracker = Tracker.from_events(sender, then, tracker.slot_names)
    state = tracker.as_dict()
    if include_events == "NONE":
        state["events"] = None
    return state
