"""Console login and logout: the login form with its own CSRF cookie, the address's
and the account's limits on failed tries, one argon2 check of an account at a time,
the session cookie."""

from __future__ import annotations

import asyncio
import math
import secrets
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Form, HTTPException, Request, Response, status
from fastapi.responses import HTMLResponse, RedirectResponse

from bot.console.deps import COOKIE, Console, ConsoleDep, CsrfUserDep, client_ip, render
from bot.ratelimit import address_key
from channels.messages import storable_id

__all__ = ["LOGIN_CSRF", "router"]

router = APIRouter(prefix="/console", include_in_schema=False)

LOGIN_CSRF = "autonomie_console_login"


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/console") and not target.startswith("//"):
        return target
    return "/console"


@router.get("/login")
async def login_page(
    request: Request, console: ConsoleDep, next: str | None = None
) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(console, "login.html", csrf_token=token, next=_safe_next(next), error=None)
    _login_cookie(response, console.secure_cookie(request), token)
    return response


def _login_cookie(response: Response, secure: bool, token: str) -> None:
    response.set_cookie(
        LOGIN_CSRF,
        token,
        max_age=3600,
        path="/console/login",
        httponly=True,
        samesite="lax",
        secure=secure,
    )


async def _login_wait(console: Console, email: str, ip: str | None) -> float:
    """Seconds before this address or this account may try again. The address counts
    failed tries only (below): an office's counsellors log in as often as they need."""
    limiter, where = console.limits, address_key(ip) if ip else "?"
    if limiter is not None and (wait := await limiter.wait(limiter.limits.logins_per_ip, where)):
        return wait
    return await to_thread.run_sync(console.accounts.login_delay, email)


@router.post("/login")
async def login(
    request: Request,
    console: ConsoleDep,
    email: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=500)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=300)] = "/console",
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF, "")
    if not (cookie and secrets.compare_digest(cookie.encode(), csrf_token.encode())):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "invalid or missing CSRF token")
    ip = client_ip(request)
    if not storable_id(email):  # no account's address; the database cannot look it up
        email = ""
    wait = await _login_wait(console, email, ip)
    account = None
    if not wait:
        # one try of an account at a time, looked at again in turn (parallel tries do
        # not all pass); argon2 takes 64 MiB a check: CONSOLE_LOGIN_PARALLEL at once
        key = email.strip().lower()
        lock, users = console.login_locks.get(key) or (asyncio.Lock(), 0)
        console.login_locks[key] = (lock, users + 1)
        try:
            async with lock, console.verifications:
                wait = await _login_wait(console, email, ip)
                if not wait:
                    account = await to_thread.run_sync(
                        console.accounts.authenticate, email, password
                    )
                if not wait and account is None:  # counted before the next one checks
                    await to_thread.run_sync(
                        lambda: console.audit.record("login_failed", actor=key, ip=ip)
                    )
                    if (limiter := console.limits) is not None:
                        where = address_key(ip) if ip else "?"
                        await limiter.hit(limiter.limits.logins_per_ip, where)
        finally:
            lock, users = console.login_locks[key]
            if users > 1:
                console.login_locks[key] = (lock, users - 1)
            else:
                del console.login_locks[key]  # nobody holds or awaits it: the table stays small
    if wait:  # refused before any check: not a failure of the account
        seconds = math.ceil(wait)
        error = f"Trop d'essais. Réessayez dans {seconds} seconde{'s' if seconds > 1 else ''}."
        return render(
            console, "login.html", 429, csrf_token=cookie, next=_safe_next(next), error=error
        )
    if account is None:
        error = "Adresse ou mot de passe incorrect."
        # the same form token: the checked cookie stays valid for another try
        return render(
            console, "login.html", 401, csrf_token=cookie, next=_safe_next(next), error=error
        )
    session_token = await to_thread.run_sync(console.accounts.start_session, account)
    await to_thread.run_sync(
        lambda: console.audit.record(
            "login", actor=account.email, counsellor_id=account.id, team=account.departement, ip=ip
        )
    )
    response = RedirectResponse(_safe_next(next), status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        COOKIE,
        session_token,
        max_age=int(console.accounts.lifetime.total_seconds()),
        path="/console",
        httponly=True,
        samesite="lax",
        secure=console.secure_cookie(request),
    )
    response.delete_cookie(LOGIN_CSRF, path="/console/login")
    return response


@router.post("/logout")
async def logout(request: Request, console: ConsoleDep, user: CsrfUserDep) -> Response:
    await to_thread.run_sync(console.accounts.end_session, request.cookies.get(COOKIE))
    response = RedirectResponse("/console/login", status.HTTP_303_SEE_OTHER)
    response.delete_cookie(COOKIE, path="/console")
    return response
