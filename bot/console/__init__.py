"""The counsellor console (GET /console): a live inbox per département.

Server-rendered pages (Jinja2, autoescaped) with a small script of our own
(static/console.js, no framework, no CDN) that follows Server-Sent Events.
Counsellors log in (argon2 passwords, HttpOnly session cookie, CSRF token on
every POST) and see only their team's conversations; every read and write of
a candidate's data is written to the audit log.
"""

from __future__ import annotations

from fastapi import APIRouter

from bot.console.deps import Console, start_console, stop_console

__all__ = ["Console", "console_router", "start_console", "stop_console"]


def console_router() -> APIRouter:
    from bot.console import actions, history, labels, login, pages, replies, stats, stream, weekly

    router = APIRouter()
    router.include_router(login.router)
    router.include_router(pages.router)
    router.include_router(actions.router)
    router.include_router(stream.router)
    router.include_router(stats.router)
    router.include_router(replies.router)
    router.include_router(weekly.router)
    router.include_router(labels.router)
    router.include_router(history.router)
    return router
