"""SMS turns that took three or four segments (conversation-design.md: two at
most): through the signed Twilio webhook, as a phone receives them."""

from __future__ import annotations

import itertools
from functools import partial
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conversations.run import PUBLIC_URL, tracker_of
from tests.conversations.sms import sms_poster
from vocab.gsm import sms_segments

_ids = itertools.count(7000)


def _sms(client: TestClient) -> Any:
    _, post = sms_poster(client, partial(tracker_of, client), PUBLIC_URL, next(_ids))

    def send(message: str) -> list[str]:
        status, _, bodies = post("", message)
        assert status == 200 and bodies is not None
        return bodies

    return send


def _segments(bodies: list[str]) -> int:
    return sum(sms_segments(body) for body in bodies)


@pytest.mark.parametrize("hello", ["bonjour, vous êtes là ?", "bonsoir, y a quelqu'un ?"])
def test_are_you_there_gets_who_answers_in_two_segments(client: TestClient, hello: str) -> None:
    """The hello, then "I have no reliable answer" with three options, then "yes, an
    automatic assistant": three SMS. The assistant says who it is, once."""
    bodies = _sms(client)(hello)
    text = " ".join(bodies)
    assert "automatique" in text
    assert "fiable" not in text
    assert _segments(bodies) <= 2, bodies


def test_a_filed_immersion_request_is_told_in_two_segments(client: TestClient) -> None:
    send = _sms(client)
    send("bonjour je voudrais faire une immersion")
    send("aide a domicile")
    send("a Roubaix")
    bodies = send("plutot en mars")
    assert "enregistr" in " ".join(bodies)
    assert _segments(bodies) <= 2, bodies
