"""The operators' STOP / START keywords, read the same on every channel."""

from __future__ import annotations

import pytest

from vocab.keywords import keyword_payload


@pytest.mark.parametrize(
    "text", ["STOP", "stop", " Stop. ", "ARRET", "Arrêt", "arrêt !", "STOP SMS", "stopsms",
             "Unsubscribe", "stop  sms"],
)  # fmt: skip
def test_opt_out_keywords(text: str) -> None:
    assert keyword_payload(text) == "/opt_out"


@pytest.mark.parametrize("text", ["START", "start", "Unstop"])
def test_opt_in_keywords(text: str) -> None:
    assert keyword_payload(text) == "/opt_in"


@pytest.mark.parametrize(
    "text", ["stop les sms svp", "je veux arrêter", "STARTER", "", "non", "/opt_out"]
)
def test_sentences_are_not_keywords(text: str) -> None:
    assert keyword_payload(text) is None


def test_a_long_message_is_never_a_keyword() -> None:
    assert keyword_payload("stop " * 5000) is None
    assert keyword_payload("  STOP  ") == "/opt_out"
