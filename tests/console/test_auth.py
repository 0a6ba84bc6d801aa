"""Console authentication: login, bad password, expiry, logout, CSRF, cookies."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.console.auth import FREE_ATTEMPTS, MAX_DELAY
from bot.console.deps import COOKIE
from bot.console.login import LOGIN_CSRF
from tests.handoff.helpers import (
    ACCOUNTS,
    CSRF,
    PASSWORD,
    login,
    login_form,
    say,
    set_slots,
)
from tests.pending import poll_pending


def test_without_a_session_every_page_sends_to_login(client: TestClient) -> None:
    client.cookies.clear()
    for path in ("/console", "/console/conversations/1", "/console/audit"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login?next=/console")
    fragment = client.get("/console/fragments/queue", headers={"X-Requested-With": "fetch"})
    assert fragment.status_code == 401
    assert client.get("/console/stream").status_code == 401
    assert client.post("/console/conversations/1/take", follow_redirects=False).status_code == 303


def test_login_sets_a_safe_cookie_and_records_it(client: TestClient) -> None:
    app: Any = client.app
    app.state.console.settings = app.state.console.settings.model_copy(
        update={"public_url": "http://localhost:8000"}  # local development over http
    )
    token = login_form(client)
    response = client.post(
        "/console/login",
        data={"email": "NADIA@example.org ", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/console"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # http://localhost: explicitly local development
    page = client.get("/console")
    assert page.status_code == 200 and "Nadia" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    actions = [e.action for e in app.state.console.audit.recent("33")]
    assert "login" in actions and "read_queue" in actions


@pytest.mark.parametrize("public_url", ["https://assistant.example.org", None, "http://10.0.0.5"])
def test_the_cookie_is_secure_unless_local_http(client: TestClient, public_url: str | None) -> None:
    """Secure by default: only an explicit http://localhost public URL drops it (issue 18)."""
    app: Any = client.app
    app.state.console.settings = app.state.console.settings.model_copy(
        update={"public_url": public_url}
    )
    client.cookies.clear()
    page = client.get("/console/login")
    assert all("Secure" in c for c in page.headers.get_list("set-cookie"))
    token = CSRF.search(page.text)[1]  # type: ignore[index]
    client.cookies.set(LOGIN_CSRF, token)  # the test client is http: it would not send it
    response = client.post(
        "/console/login",
        data={"email": ACCOUNTS["nadia"][0], "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(COOKIE))
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_a_bad_password_is_refused_and_logged(client: TestClient) -> None:
    token = login_form(client)
    response = client.post(
        "/console/login",
        data={"email": ACCOUNTS["nadia"][0], "password": "wrong password!!", "csrf_token": token},
    )
    assert response.status_code == 401 and "incorrect" in response.text
    assert COOKIE not in response.cookies
    token = CSRF.search(response.text)[1]  # type: ignore[index]  # a fresh form token
    unknown = client.post(
        "/console/login",
        data={"email": "nobody@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert unknown.status_code == 401 and "incorrect" in unknown.text  # same answer
    app: Any = client.app
    failed = [e for e in app.state.console.audit.entries_of_action("login_failed")]
    assert {e.actor for e in failed} == {"nadia@example.org", "nobody@example.org"}


def test_repeated_failures_slow_the_account_down_without_locking_it_out(
    client: TestClient,
) -> None:
    """Each failure past the third doubles the wait (1 s, 2 s...); nobody can lock a
    counsellor out for long by failing on purpose (issue 18)."""
    token = login_form(client)
    email = ACCOUNTS["nadia"][0]
    for _ in range(FREE_ATTEMPTS):
        failed = client.post(
            "/console/login",
            data={"email": email, "password": "nope nope nope", "csrf_token": token},
        )
        assert failed.status_code == 401
        token = CSRF.search(failed.text)[1]  # type: ignore[index]
    slowed = client.post(
        "/console/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert slowed.status_code == 429 and "Réessayez dans 1 seconde." in slowed.text
    time.sleep(1.1)
    in_again = client.post(
        "/console/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert in_again.status_code == 303
    app: Any = client.app
    for _ in range(30):  # a hostile flood of failures...
        app.state.console.audit.record("login_failed", actor=email, ip="203.0.113.9")
    # ...keeps her waiting two minutes at most
    assert 0 < app.state.console.accounts.login_delay(email) <= MAX_DELAY.total_seconds()


def test_spraying_passwords_over_many_accounts_from_one_address_is_slowed(
    client: TestClient,
) -> None:
    """One try per account never meets an account's delay: the address's tries are
    counted (LIMIT_LOGINS_PER_IP_15MIN), and past them it is told, in French, to wait
    (issue 18)."""
    from dataclasses import replace

    from bot.ratelimit import Limit

    limiter = client.app.state.console.limits  # type: ignore[attr-defined]
    limiter.limits = replace(limiter.limits, logins_per_ip=Limit("login-ip", 3, 900))
    token = login_form(client)
    codes = []
    for name in ("ana", "bruno", "chloe", "david"):
        tried = client.post(
            "/console/login",
            data={
                "email": f"{name}@example.org",
                "password": "Printemps2026!",
                "csrf_token": token,
            },
        )
        codes.append(tried.status_code)
    assert codes == [401, 401, 401, 429]
    assert "Réessayez dans" in tried.text


def test_counsellors_behind_one_address_log_in_as_often_as_they_need(
    client: TestClient,
) -> None:
    """The address's window counts failed tries only: an office's counsellors, all
    behind its one address, are never told to wait for having logged in (issue 18)."""
    from dataclasses import replace

    from bot.ratelimit import Limit

    limiter = client.app.state.console.limits  # type: ignore[attr-defined]
    limiter.limits = replace(limiter.limits, logins_per_ip=Limit("login-ip", 3, 900))
    token = login_form(client)
    codes = []
    for _ in range(5):
        done = client.post(
            "/console/login",
            data={"email": ACCOUNTS["nadia"][0], "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        codes.append(done.status_code)
        token = login_form(client)
    assert codes == [303] * 5


def test_an_expired_or_ended_session_sends_back_to_login(client: TestClient) -> None:
    nadia = login(client, "nadia")
    assert nadia.get("/console").status_code == 200
    app: Any = client.app
    app.state.console.accounts.expire_session_now(nadia.token)
    expired = nadia.get("/console")
    assert expired.status_code == 303 and "/console/login" in expired.headers["location"]

    julien = login(client, "julien")
    out = julien.post("/console/logout")
    assert out.status_code == 303
    assert julien.get("/console").status_code == 303


def test_idle_sessions_end(client: TestClient) -> None:
    from datetime import timedelta

    app: Any = client.app
    nadia = login(client, "nadia")
    app.state.console.accounts.idle = timedelta(seconds=-1)
    assert nadia.get("/console").status_code == 303


def test_every_post_needs_the_csrf_token(client: TestClient) -> None:
    set_slots(client, "web:csrf", departement="33")
    say(client, "web:csrf", "/human_handoff")
    nadia = login(client, "nadia")
    for path, form in (
        ("/console/conversations/1/take", {}),
        ("/console/conversations/1/reply", {"text": "bonjour"}),
        ("/console/conversations/1/hand-back", {}),
        ("/console/conversations/1/close", {}),
        ("/console/conversations/1/notes", {"text": "note"}),
        ("/console/logout", {}),
    ):
        missing = nadia.use().post(path, data=form, follow_redirects=False)
        assert missing.status_code == 403, path
        wrong = nadia.use().post(path, data={**form, "csrf_token": "forged"})
        assert wrong.status_code == 403, path
    # the login form has its own (double-submit) token
    client.cookies.clear()
    forged = client.post(
        "/console/login",
        data={"email": ACCOUNTS["nadia"][0], "password": PASSWORD, "csrf_token": "x"},
    )
    assert forged.status_code == 403
    # nothing happened
    assert nadia.get("/console/conversations/1").status_code == 200
    assert poll_pending(client, "web:csrf").json() == []


def test_login_never_redirects_off_the_console(client: TestClient) -> None:
    token = login_form(client)
    response = client.post(
        "/console/login",
        data={
            "email": ACCOUNTS["nadia"][0],
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example.org/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/console"


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(client: TestClient) -> None:
    nadia = login(client, "nadia")
    assert nadia.get("/console").status_code == 200
    app: Any = client.app
    email, name, team, role = ACCOUNTS["nadia"]
    app.state.console.accounts.create(email, name, team, role, "a brand new password 2026")
    assert nadia.get("/console").status_code == 303


def test_an_unknown_email_costs_the_same_hash_as_a_known_one() -> None:
    """The dummy hash verified for an unknown e-mail has the hasher's own parameters, so
    a login's duration does not tell whether the account exists."""
    from argon2.exceptions import VerificationError

    from bot.console.auth import DUMMY_HASH, _hasher

    assert not _hasher.check_needs_rehash(DUMMY_HASH)
    with pytest.raises(VerificationError):
        _hasher.verify(DUMMY_HASH, "any password at all")


def test_parallel_wrong_passwords_neither_slip_through_nor_exhaust_memory(
    client: TestClient,
) -> None:
    """Twelve tries of one account at once: the failures are counted one at a time, so
    only the free ones are checked (the rest are told to wait), and no more than
    CONSOLE_LOGIN_PARALLEL argon2 checks (64 MiB each) ever run at once (issue 18)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    app: Any = client.app
    accounts = app.state.console.accounts
    checking, most, guard = [0], [0], threading.Lock()
    authenticate = accounts.authenticate

    def counted(email: str, password: str) -> Any:
        with guard:
            checking[0] += 1
            most[0] = max(most[0], checking[0])
        try:
            time.sleep(0.05)  # a slower machine: the checks overlap if they can
            return authenticate(email, password)
        finally:
            with guard:
                checking[0] -= 1

    accounts.authenticate = counted
    token = login_form(client)
    email = ACCOUNTS["nadia"][0]

    def attempt(_: int) -> int:
        form = {"email": email, "password": "wrong wrong wrong", "csrf_token": token}
        return client.post("/console/login", data=form).status_code

    try:
        with ThreadPoolExecutor(12) as pool:
            codes = list(pool.map(attempt, range(12)))
    finally:
        accounts.authenticate = authenticate
    assert sorted(codes) == [401] * FREE_ATTEMPTS + [429] * (12 - FREE_ATTEMPTS)
    assert 1 <= most[0] <= app.state.settings.console_login_parallel
    assert not app.state.console.login_locks  # nothing kept per account afterwards
