"""Causes found by the third simulator vocabulary in session 19, each as a conversation
through the REST webhook in words of its own (not the simulator's): a request whose
question is followed by a remark."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.talk import new_sender
from tests.conversations.talk import text_of as _text


def _start(client: TestClient) -> tuple[str, Any]:
    return new_sender(client, "session19")


def _fiches(replies: list[dict[str, Any]]) -> list[str]:
    return [str((r.get("custom") or {}).get("fiche")) for r in replies if r.get("custom")]


def test_a_question_inside_a_request_followed_by_a_remark_is_answered(
    client: TestClient,
) -> None:
    """ "..., c'est rémunéré ? Pardon si c'est bête." started the request and dropped the
    question: what followed the "?" hid it. Now the question is answered, then the
    request goes on."""
    _, post = _start(client)
    replies = post(
        "je souhaite faire un stage d'immersion, est-ce que c'est rémunéré ? "
        "Pardon si la question est bête."
    )
    assert _fiches(replies) == ["pmsmp-remuneration"]
    assert "métier" in _text(replies)  # the immersion form's first question
    _, post = _start(client)
    replies = post("j'aimerais aller à un forum, c'est gratuit ? voilà tout")
    assert _fiches(replies)
    assert "commune" in _text(replies)
