"""A processor listener: an in-chat erasure also erases the platform's and console's rows."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from bot.dialogue.events import ConversationErased, Event
from bot.dialogue.tracker import Tracker
from bot.privacy.erasure import erase_candidate

if TYPE_CHECKING:
    from bot.assistant import Assistant

__all__ = ["erase_everywhere_on_erasure"]

log = logging.getLogger(__name__)


def erase_everywhere_on_erasure(
    assistant: Assistant,
) -> Callable[[Tracker, Sequence[Event]], Awaitable[None]]:
    async def listener(tracker: Tracker, events: Sequence[Event]) -> None:
        if not any(isinstance(e, ConversationErased) for e in events):
            return
        try:
            await erase_candidate(assistant, tracker.sender_id)
        except Exception:  # the person was told it is done: leave a trace for an admin
            log.exception("in-chat erasure incomplete; run DELETE /api/candidates/<sender>")

    return listener
