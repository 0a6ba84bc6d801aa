"""Small helpers for the named regression conversations: a new sender talking through
the REST webhook, and the text of a turn's replies."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.run import rest_poster

__all__ = ["event_buttons", "new_sender", "text_of"]

_ids = itertools.count(1)


def new_sender(
    client: TestClient, prefix: str
) -> tuple[str, Callable[[str], list[dict[str, Any]]]]:
    """A sender of its own, and the function that posts its messages."""
    sender = f"{prefix}-{next(_ids)}"
    return sender, rest_poster(client, sender)


def text_of(replies: list[dict[str, Any]]) -> str:
    return " ".join(r.get("text") or "" for r in replies)


def event_buttons(replies: list[dict[str, Any]]) -> list[str]:
    """The payloads of a turn's buttons that book an event."""
    return [
        b["payload"]
        for r in replies
        for b in r.get("buttons") or []
        if b["payload"].startswith("/book_event")
    ]
