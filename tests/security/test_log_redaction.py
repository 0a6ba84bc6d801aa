"""Log redaction is linear and bounded, and masks URL-encoded phone numbers (issue 18)."""

from __future__ import annotations

import logging
import time

import pytest

from bot.privacy.redaction import MAX_LOGGED_CHARS, PHONE_MASK, RedactingFilter, redact


def _access_record(path: str) -> logging.LogRecord:
    """A record shaped like uvicorn's access log line."""
    return logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", 404),
        None,
    )


@pytest.mark.parametrize("unit", ["a", "a.", "a@", "a-", "1", "+3", "%2B3"])
def test_a_huge_url_in_the_access_log_is_redacted_at_once(unit: str) -> None:
    path = "/" + unit * (60_000 // len(unit))
    record = _access_record(path)
    started = time.perf_counter()
    RedactingFilter().filter(record)
    assert time.perf_counter() - started < 0.1  # was 16 s for a 60 KB URL
    assert len(record.getMessage()) < MAX_LOGGED_CHARS + 200
    assert record.getMessage().endswith('HTTP/1.1" 404')


@pytest.mark.parametrize(
    "text",
    [
        "/webhooks/twilio?From=%2B33612345678&Body=oui",
        "/x?From=%2b33%20612%20345%20678",
        "From=+33 6 12 34 56 78",
        "appelez le 06.12.34.56.78",
    ],
)
def test_phone_numbers_are_masked_even_url_encoded(text: str) -> None:
    masked = redact(text)
    assert PHONE_MASK in masked
    assert "612" not in masked.replace("%20", "")


def test_addresses_are_still_masked_whole() -> None:
    assert redact("écrire à jean.dupont+cv@mail.example.fr, merci") == "écrire à [email], merci"
    assert redact("a@b") == "a@b"  # no domain: not an address


def test_a_traceback_is_not_cut() -> None:
    record = logging.LogRecord("bot", logging.ERROR, __file__, 1, "boom", None, None)
    record.exc_text = "Traceback\n" + "x" * (MAX_LOGGED_CHARS * 2) + "\nValueError: 0612345678"
    RedactingFilter().filter(record)
    assert record.exc_text.endswith("ValueError: " + PHONE_MASK)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "GET /webhooks/rest/pending?sender=web%3Aca7de255-6d06-4052&after=0",
            "GET /webhooks/rest/pending?sender=web%3A[id]&after=0",
        ),
        (
            "immersion request not filed for tg:424242: refused",
            "immersion request not filed for tg:[id]: refused",
        ),
        ("sms:+33612345678 opted out", "sms:[id] opted out"),
        (
            "GET /platform/v1/bookings?candidate_ref=c_0afaf00eaa0e6f66fbfdd0e51bb24801&limit=500",
            "GET /platform/v1/bookings?candidate_ref=c_[ref]&limit=500",
        ),
        (
            'HTTP Request: POST https://api.telegram.org/bot123456:AAH-x_y/sendMessage "200"',
            'HTTP Request: POST https://api.telegram.org/bot[token]/sendMessage "200"',
        ),
    ],
)
def test_sender_ids_are_never_logged_in_clear(text: str, masked: str) -> None:
    """A sender id is its conversation's bearer secret (issue 18)."""
    assert redact(text) == masked
