"""The console's runtime (built in the app's lifespan) and its route dependencies."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlsplit

from anyio import to_thread
from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session, sessionmaker

from bot.console.audit import AuditLog
from bot.console.auth import Accounts, CurrentUser
from bot.dialogue.content import Content
from bot.handoff import Delivery, HandoffService, HandoffStore
from bot.handoff.tables import Handoff
from bot.settings import Settings

__all__ = [
    "COOKIE",
    "Console",
    "ConsoleDep",
    "CsrfUserDep",
    "UserDep",
    "render",
    "start_console",
    "stop_console",
]

log = logging.getLogger(__name__)
_LOOPBACK = ("localhost", "127.0.0.1", "::1")

COOKIE = "autonomie_console"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass
class Console:
    settings: Settings
    accounts: Accounts
    audit: AuditLog
    service: HandoffService
    content: Content
    templates: Environment
    store: Any  # TrackerStore
    sessions: sessionmaker[Session]  # the assistant's database (pilotage statistics)
    owned: list[Any] = field(default_factory=list)  # clients to close
    limits: Any = None  # bot.ratelimit.RateLimiter
    #: password verifications running at once (argon2 takes 64 MiB each)
    verifications: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(2))
    #: one try at a time per account (check, verify, count): parallel tries of one
    #: account never pass the free ones together. Kept while a try holds or awaits it.
    login_locks: dict[str, tuple[asyncio.Lock, int]] = field(default_factory=dict)

    @property
    def handoffs(self) -> HandoffStore:
        return self.service.handoffs

    def secure_cookie(self, request: Request) -> bool:
        """Secure always, except for local development over plain http: a public URL
        http://localhost, or none and a request to this machine's loopback address."""
        url = urlsplit(self.settings.public_url or str(request.base_url))
        return not (url.scheme == "http" and url.hostname in _LOOPBACK)


def templates(content: Content) -> Environment:
    env = Environment(
        loader=PackageLoader("bot.console", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from bot.console import present

    env.filters.update(present.FILTERS)
    env.globals["label"] = content.label
    return env


async def start_console(app: FastAPI, assistant: Any) -> Console:
    """Wires the console on the running assistant: platform client, senders, live hub."""
    settings: Settings = assistant.settings
    service: HandoffService = assistant.processor.services.handoffs
    owned: list[Any] = []
    if service.platform is None:
        service.platform = assistant.processor.services.platform or _platform_client(settings, app)
        if service.platform is not None and assistant.processor.services.platform is None:
            owned.append(service.platform)
    service.delivery = Delivery(assistant.senders, assistant.outbox)
    await service.start()
    content = Content.load()
    console = Console(
        settings=settings,
        accounts=Accounts(
            assistant.sessions,
            lifetime=timedelta(hours=settings.console_session_hours),
            idle=timedelta(minutes=settings.console_idle_minutes),
        ),
        audit=AuditLog(assistant.sessions),
        service=service,
        content=content,
        templates=templates(content),
        store=assistant.store,
        sessions=assistant.sessions,
        owned=owned,
        limits=assistant.services.limits,
        verifications=asyncio.Semaphore(settings.console_login_parallel),
    )
    app.state.console = console
    return console


async def stop_console(console: Console) -> None:
    await console.service.aclose()
    for client in console.owned:
        try:
            await client.aclose()
        except Exception:
            log.exception("closing %r", client)


def _platform_client(settings: Settings, app: FastAPI) -> Any:
    from bot.platform import PlatformClient, PlatformError
    from bot.platform.refs import CandidateRefs
    from bot.secret import app_secret

    try:
        assistant = getattr(app.state, "assistant", None)
        refs = CandidateRefs(app_secret(settings), assistant.sessions) if assistant else None
        return PlatformClient.from_settings(
            settings, transport=getattr(app.state, "platform_transport", None), refs=refs
        )
    except PlatformError as exc:
        log.warning("console without platform API: %s", exc)
        return None


def get_console(request: Request) -> Console:
    console: Console | None = getattr(request.app.state, "console", None)
    if console is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "console not started")
    return console


ConsoleDep = Annotated[Console, Depends(get_console)]


def _wants_redirect(request: Request) -> bool:
    path = request.url.path
    return (
        request.headers.get("x-requested-with") != "fetch"
        and not path.endswith("/stream")
        and not path.startswith("/console/api/")
    )


async def current_user(request: Request, console: ConsoleDep) -> CurrentUser:
    """The logged-in counsellor; otherwise a redirect to the login page (401 for scripts)."""
    user = await to_thread.run_sync(console.accounts.user, request.cookies.get(COOKIE))
    if user is None:
        if _wants_redirect(request):
            target = request.url.path if request.method == "GET" else "/console"
            raise HTTPException(
                status.HTTP_303_SEE_OTHER, headers={"Location": f"/console/login?next={target}"}
            )
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "login required")
    return user


UserDep = Annotated[CurrentUser, Depends(current_user)]


async def csrf_user(request: Request, user: UserDep) -> CurrentUser:
    """The logged-in counsellor, for a POST carrying the session's CSRF token."""
    form = await request.form()
    given = form.get("csrf_token") or request.headers.get("x-csrf-token")
    if not Accounts.csrf_ok(user.csrf_token, given if isinstance(given, str) else None):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "invalid or missing CSRF token")
    return user


CsrfUserDep = Annotated[CurrentUser, Depends(csrf_user)]


def render(console: Console, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = console.templates.get_template(name).render(**context)
    return HTMLResponse(html, status_code, headers=SECURITY_HEADERS)


async def scoped_handoff(console: Console, user: CurrentUser, conversation_id: int) -> Handoff:
    """The conversation's latest handoff if it is the counsellor's team's; 404 otherwise."""
    handoff = await to_thread.run_sync(
        console.handoffs.for_conversation, conversation_id, user.team
    )
    if handoff is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation inconnue")
    return handoff


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None
