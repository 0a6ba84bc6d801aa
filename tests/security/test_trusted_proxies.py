"""The client's address behind HAProxy: what the per-address limits count (issue 18).

X-Forwarded-For is read only from a trusted proxy (AUTONOMIE_TRUSTED_PROXIES), and
then only its rightmost untrusted entry: entries to its left are the client's own
writing, forged as easily as a sender id.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings
from bot.web.proxies import client_behind, parse_networks

PROXIES = parse_networks("127.0.0.1, 10.0.0.0/8")


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("198.51.100.1", ["203.0.113.5"], "198.51.100.1"),  # not a proxy: header ignored
        ("127.0.0.1", ["203.0.113.5"], "203.0.113.5"),
        ("127.0.0.1", ["198.51.100.9, 203.0.113.5"], "203.0.113.5"),  # forged entry left
        ("127.0.0.1", ["203.0.113.5, 10.1.2.3"], "203.0.113.5"),  # two proxies
        ("127.0.0.1", ["203.0.113.5", "10.1.2.3"], "203.0.113.5"),  # two header lines
        ("127.0.0.1", ["10.1.2.3"], "127.0.0.1"),  # only proxies
        ("127.0.0.1", ["not-an-address"], "not-an-address"),  # untrusted, taken as is
        ("127.0.0.1", [", " * 5_000 + "203.0.113.5"], "203.0.113.5"),  # bounded
    ],
)
def test_the_client_is_the_rightmost_address_a_trusted_proxy_saw(
    peer: str, forwarded: list[str], client: str
) -> None:
    assert client_behind(peer, forwarded, PROXIES) == client


def test_no_trusted_proxy_means_the_header_is_ignored() -> None:
    assert client_behind("127.0.0.1", ["203.0.113.5"], ()) == "127.0.0.1"


def test_a_bad_proxy_setting_fails_at_start() -> None:
    with pytest.raises(ValueError):
        parse_networks("127.0.0.1, nonsense")


@pytest.fixture
def behind_proxy(settings: Settings) -> Iterator[TestClient]:
    tight = settings.model_copy(
        update={"trusted_proxies": "127.0.0.1", "limit_messages_per_ip_minute": 3}
    )
    with TestClient(create_app(tight), client=("127.0.0.1", 50000)) as client:
        yield client


def _say(client: TestClient, sender: str, address: str) -> list[str]:
    response = client.post(
        "/webhooks/rest/webhook",
        json={"sender": sender, "message": "bonjour"},
        headers={"X-Forwarded-For": address},
    )
    assert response.status_code == 200
    return [r.get("text", "") for r in response.json()]


def test_new_sender_ids_do_not_escape_the_per_address_message_limit(
    behind_proxy: TestClient,
) -> None:
    """A script that makes up a sender id per message is stopped at its address; a
    person at another address (same proxy) is answered."""
    answers = [_say(behind_proxy, f"web:made-up-{i}", "203.0.113.5") for i in range(5)]
    assert all(answers[:3])
    assert all("beaucoup de messages" in " ".join(a) for a in answers[3:])
    assert "beaucoup de messages" not in " ".join(_say(behind_proxy, "web:p", "198.51.100.2"))
    # the script writing another address left of the proxy's entry changes nothing
    forged = _say(behind_proxy, "web:made-up-9", "198.51.100.3, 203.0.113.5")
    assert "beaucoup de messages" in " ".join(forged)


def test_loopback_and_names_are_not_counted_as_addresses() -> None:
    """A local proxy left out of AUTONOMIE_TRUSTED_PROXIES (or a test client) would make
    everybody one address: one script would throttle them all."""
    from bot.ratelimit import countable

    assert countable("203.0.113.5") == "203.0.113.5"
    assert countable("::ffff:203.0.113.5") == "203.0.113.5"  # a dual-stack socket's view
    assert countable("2001:db8::1") == "2001:db8::/64"
    others = ("127.0.0.1", "::1", "::ffff:127.0.0.1", "testclient", "", None)
    assert [countable(c) for c in others] == [None] * 6


def test_fresh_ipv6_addresses_of_one_network_do_not_escape_the_limit(
    behind_proxy: TestClient,
) -> None:
    """Each line or server has a /64 at least: a script took a new address per message
    and was never limited. Its network is counted; another network is answered."""
    answers = [
        _say(behind_proxy, f"web:v6-{i}", f"2001:db8:5:7:{i:x}::{i + 1:x}") for i in range(5)
    ]
    assert all(answers[:3])
    assert all("beaucoup de messages" in " ".join(a) for a in answers[3:])
    other = _say(behind_proxy, "web:v6-other", "2001:db8:5:8::1")
    assert "beaucoup de messages" not in " ".join(other)
