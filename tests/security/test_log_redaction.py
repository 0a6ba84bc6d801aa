"""Log redaction is linear and bounded, and masks URL-encoded phone numbers (issue 18)."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bot.privacy.redaction import MAX_LOGGED_CHARS, PHONE_MASK, RedactingFilter, redact

ROOT = Path(__file__).resolve().parents[2]


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
    started = time.thread_time()  # CPU time: the machine's load does not count
    RedactingFilter().filter(record)
    assert time.thread_time() - started < 0.5  # was 16 s for a 60 KB URL
    assert len(record.getMessage()) < MAX_LOGGED_CHARS + 200
    assert record.getMessage().endswith('HTTP/1.1" 404')


@pytest.mark.parametrize(
    "text",
    [
        "/webhooks/twilio?From=%2B33612345678&Body=oui",
        "/x?From=%2b33%20612%20345%20678",
        "From=+33 6 12 34 56 78",
        "appelez le 06.12.34.56.78",
        "joignable au 0033 6 12 34 56 78",  # the international prefix, from abroad
        "From=0033612345678",
        "tél. +33\u00a06\u00a012\u00a034\u00a056\u00a078",  # no-break spaces
        "06\u202f12\u202f34\u202f56\u202f78",  # narrow no-break spaces
        # a query string or a form: its spaces are "+" or "%20"
        "/x?From=%2B33+6+12+34+56+78",
        "Body=je+suis+au+06+12+34+56+78",
        "Body=joignable%20au%2006%2012%2034%2056%2078",
        "tél. +33 (0)6 12 34 56 78",  # the trunk zero in brackets
    ],
)
def test_phone_numbers_are_masked_even_url_encoded(text: str) -> None:
    masked = redact(text)
    assert PHONE_MASK in masked
    assert "612" not in masked.replace("%20", "")


def test_addresses_are_still_masked_whole() -> None:
    assert redact("écrire à jean.dupont+cv@mail.example.fr, merci") == "écrire à [email], merci"
    assert redact("a@b") == "a@b"  # no domain: not an address
    # URL-encoded in a query string (a form posted by GET, a link clicked)
    assert redact("GET /x?email=jean.dupont%40mail.fr&y=1") == "GET /x?email=[email]&y=1"
    assert redact("ticket 00001234, 2026-12-06") == "ticket 00001234, 2026-12-06"


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


def test_entry_points_without_the_web_app_mask_their_logs(tmp_path: Path) -> None:
    """`autonomie telegram poll`, `worker`, `chat`, `erase` and `retention` build the
    assistant without the web app: their logs carried sender ids and phone numbers in
    clear. A process of its own, set up as `telegram poll` is: once installed, the
    redaction stays for the whole process (this one's tests built apps before)."""
    script = textwrap.dedent(
        """
        import logging, sys
        from bot.app import build_assistant
        from bot.settings import Settings
        logging.basicConfig(level=logging.INFO, stream=sys.stdout)
        build_assistant(Settings(_env_file=None, database_url=sys.argv[1],
                                 load_models=False, redis_url=None))
        logging.getLogger("bot.dialogue").warning(
            "not filed for %s (%s)", "tg:424242", "06 12 34 56 78")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, f"sqlite:///{tmp_path}/poll.db"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "not filed for tg:[id]" in done.stdout, done.stdout
    assert "424242" not in done.stdout and "06 12" not in done.stdout


@pytest.mark.parametrize("search", ["Ginette%20Dupuis", "Ginette+Dupuis", "06+12+34+56+78"])
def test_what_a_counsellor_searched_for_is_not_in_the_access_log(search: str) -> None:
    """The console's search ("/console?q=…") is a person's name or number."""
    record = _access_record(f"/console?view=all&q={search}")
    RedactingFilter().filter(record)
    message = record.getMessage()
    assert "/console?view=all&q=[recherche] HTTP/1.1" in message
    assert "Dupuis" not in message and "34" not in message
