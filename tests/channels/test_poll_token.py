"""The widget's pending poll names its conversation by a signed token, never by the
sender id in the URL (issue 18, finding 7): URLs land in access logs and proxies.

Before: `GET /webhooks/rest/pending?sender=web:…` answered anybody who named an id.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings
from channels.rest import PollTokens
from tests.pending import poll_pending


def test_the_sender_id_in_the_url_opens_nothing(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        client.post("/webhooks/rest/webhook", json={"sender": "web:amina", "message": "/greet"})
        named = client.get("/webhooks/rest/pending", params={"sender": "web:amina"})
        assert named.status_code == 401
        assert named.headers["www-authenticate"] == "Bearer"
        forged = client.get("/webhooks/rest/pending", headers={"Authorization": "Bearer web:amina"})
        assert forged.status_code == 401
        # the widget's way: a token from POST (the id in the body), then the poll
        got = poll_pending(client, "web:amina")
        assert got.status_code == 200 and got.json() == []
        assert "amina" not in str(got.request.url)


def test_a_token_is_bound_to_its_sender_and_expires() -> None:
    now = [1_000_000.0]
    tokens = PollTokens(b"key", ttl_s=900, clock=lambda: now[0])
    token, expires_at = tokens.issue("web:amina")
    assert expires_at == 1_000_900 and "amina" not in token  # base64, not the id in clear
    assert tokens.sender_of(token) == "web:amina"
    # another person's id in the token: the signature no longer matches
    version, expiry, _, mac = token.split(".")
    other = tokens.issue("web:bruno")[0].split(".")[2]
    assert tokens.sender_of(f"{version}.{expiry}.{other}.{mac}") is None
    # a later expiry written in: refused too
    assert tokens.sender_of(f"{version}.{int(expiry) + 9999}.{token.split('.')[2]}.{mac}") is None
    # another key (another deployment) does not accept it
    assert PollTokens(b"other", clock=lambda: now[0]).sender_of(token) is None
    now[0] += 901
    assert tokens.sender_of(token) is None
    assert tokens.sender_of("x" * 10_000) is None and tokens.sender_of("v1.1.!!.x") is None


def test_every_worker_of_a_machine_shares_the_secret(tmp_path: Path) -> None:
    """Without AUTONOMIE_SECRET_KEY, one key is created and kept: a token issued by
    one worker (or before a restart) is accepted by another."""
    from bot.secret import _read_or_create

    path = tmp_path / "var" / "secret.key"
    first = _read_or_create(path)
    assert _read_or_create(path) == first and len(first) == 64
    assert path.stat().st_mode & 0o777 == 0o600
