"""Helpers of the handoff and console tests: a seeded app, counsellors, a candidate."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from unittest import mock

from fastapi.testclient import TestClient
from httpx import Response

from bot.console import auth
from bot.console.deps import COOKIE
from bot.console.login import LOGIN_CSRF
from bot.dialogue.events import SlotSet
from platform_server.seed import seed_demo

AUTH = {"Authorization": "Bearer test-token"}
PASSWORD = "correct horse battery staple"
ACCOUNTS = {
    "nadia": ("nadia@example.org", "Nadia", "33", "counsellor"),
    "julien": ("julien@example.org", "Julien", "33", "counsellor"),
    "admin33": ("admin33@example.org", "Agnès", "33", "platform_admin"),
    "sophie": ("sophie@example.org", "Sophie", "59", "counsellor"),
    "camille": ("camille@example.org", "Camille", "national", "counsellor"),
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


# argon2id costs ~0.2 s of CPU a hash: the demo accounts share one hash of the one
# test password per process (logins still verify it for real)
_password_hash = functools.cache(auth.hash_password)


def create_accounts(app: Any) -> None:
    """The counsellors' accounts of ACCOUNTS, with PASSWORD."""
    with mock.patch.object(auth, "hash_password", _password_hash):
        for email, name, team, role in ACCOUNTS.values():
            app.state.console.accounts.create(email, name, team, role, PASSWORD)


def prepare(client: TestClient) -> None:
    """Demo platforms (33, 59...) and the counsellors' accounts."""
    app: Any = client.app
    seed_demo(app.state.assistant.sessions, date(2026, 11, 23))
    create_accounts(app)


def say(client: TestClient, sender: str, text: str) -> list[dict[str, Any]]:
    response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    assert response.status_code == 200, response.text
    replies: list[dict[str, Any]] = response.json()
    return replies


def texts(replies: list[dict[str, Any]]) -> list[str]:
    return [r.get("text") or "" for r in replies]


def set_slots(client: TestClient, sender: str, **slots: Any) -> None:
    """Facts the NLU would have found (the tests run without models)."""
    app: Any = client.app
    app.state.assistant.store.append(
        sender, "rest", [SlotSet(name=k, value=v) for k, v in slots.items()]
    )


def tracker(client: TestClient, sender: str) -> dict[str, Any]:
    response = client.get(f"/conversations/{sender}/tracker", headers=AUTH)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


@dataclass
class Counsellor:
    """A logged-in counsellor; `use()` puts their cookie in the shared client."""

    client: TestClient
    token: str
    csrf: str

    def use(self) -> TestClient:
        self.client.cookies.clear()
        self.client.cookies.set(COOKIE, self.token)
        return self.client

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.use().get(path, follow_redirects=False, **kwargs)

    def post(self, path: str, data: dict[str, str] | None = None, **kwargs: Any) -> Response:
        form = {"csrf_token": self.csrf, **(data or {})}
        return self.use().post(path, data=form, follow_redirects=False, **kwargs)


def _cookie(response: Response, name: str) -> str | None:
    """A cookie set by the response, Secure or not (the test client speaks http)."""
    for header in response.headers.get_list("set-cookie"):
        key, _, rest = header.partition("=")
        if key == name:
            return rest.split(";", 1)[0]
    return None


def login_form(client: TestClient) -> str:
    client.cookies.clear()
    page = client.get("/console/login")
    assert page.status_code == 200
    match = CSRF.search(page.text)
    assert match
    # set by hand, as a Secure cookie (https public URL) is not sent back over http
    client.cookies.set(
        LOGIN_CSRF,
        _cookie(page, LOGIN_CSRF) or "",
        domain="testserver.local",
        path="/console/login",
    )
    return match[1]


def login(client: TestClient, who: str, password: str = PASSWORD) -> Counsellor:
    email = ACCOUNTS[who][0]
    token = login_form(client)
    response = client.post(
        "/console/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    session = _cookie(response, COOKIE)
    assert session
    client.cookies.clear()
    client.cookies.set(COOKIE, session)
    page = client.get("/console")
    match = CSRF.search(page.text)
    assert match
    return Counsellor(client, session, match[1])


def conversation_id(client: TestClient, sender: str) -> int:
    app: Any = client.app
    handoff = app.state.console.handoffs.latest(sender)
    assert handoff is not None
    return int(handoff.conversation_id)
