"""The assistant's core services and `build_core`, which builds them: store,
locks, models, processor. Entry points never call it: they call
`bot.app.build_assistant`, the composition root, which adds the channels'
senders and the listeners, so every entry point runs the very same pipeline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

import httpx
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.content.domain import Domain
from bot.dialogue.actions.registry import default_actions
from bot.dialogue.content import Content
from bot.dialogue.interpreter import Interpreter, PayloadInterpreter
from bot.dialogue.lock import (
    FallbackLockStore,
    InProcessLockStore,
    LockStore,
    PostgresLockStore,
    RedisLockStore,
)
from bot.dialogue.policy import RulePolicy
from bot.dialogue.processor import MessageProcessor
from bot.dialogue.services import Services
from bot.dialogue.store import TrackerStore
from bot.handoff import build_handoff_service
from bot.platform import PendingBookings, PlatformClient, PlatformError
from bot.platform.refs import CandidateRefs
from bot.privacy.erasure import erase_local
from bot.pseudonym import pseudonym_key
from bot.ratelimit import RateLimiter
from bot.secret import app_secret
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory, upgrade
from bot.storage.inbox import Inbox
from bot.storage.outbox import Outbox
from channels.outputs import OutputChannel

__all__ = ["Assistant", "build_core"]

log = logging.getLogger(__name__)


@dataclass
class Assistant:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    domain: Domain
    store: TrackerStore
    outbox: Outbox
    inbox: Inbox
    locks: LockStore
    processor: MessageProcessor
    services: Services
    components: dict[str, Any] = field(default_factory=dict)
    #: one sender per configured channel ("sms", "telegram"...), for the outbox and
    #: the console; set by the composition root (bot/app.py)
    senders: dict[str, OutputChannel] = field(default_factory=dict)

    def database_ok(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def aclose(self) -> None:
        if self.services.platform is not None:
            await self.services.platform.aclose()
        await self.locks.close()
        if self.services.limits is not None:
            await self.services.limits.close()
        self.engine.dispose()


def make_locks(settings: Settings, engine: Engine) -> LockStore:
    """In process alone; on Redis across processes, falling back while Redis is down
    to PostgreSQL's advisory locks, or on SQLite (one node) to the process's own."""
    if not settings.redis_url:
        return InProcessLockStore()
    redis = RedisLockStore.from_url(
        settings.redis_url, lifetime_s=settings.lock_lifetime_s, key=app_secret(settings)
    )
    if engine.dialect.name != "postgresql":
        return FallbackLockStore(redis, InProcessLockStore())
    return FallbackLockStore(redis, PostgresLockStore(engine))


def build_core(
    settings: Settings,
    *,
    interpreter: Interpreter | None = None,
    services: Services | None = None,
    platform_transport: httpx.AsyncBaseTransport | None = None,
) -> Assistant:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    content = Content.load()
    domain = content.domain
    store = TrackerStore(sessions, domain.slot_names)
    inbox = Inbox(
        sessions,
        grace=timedelta(seconds=settings.inbox_grace_s),
        max_failures=settings.inbox_max_failures,
    )
    locks = make_locks(settings, engine)
    components: dict[str, Any] = {}
    if interpreter is None and settings.load_models:
        from bot.integrations import load_models

        models = load_models(settings)
        interpreter = models.interpreter
        services = services or models.services
        components["load_timings_s"] = {k: round(v, 2) for k, v in models.timings.items()}
    interpreter = interpreter or PayloadInterpreter()
    components["interpreter"] = type(interpreter).__name__
    services = services or Services()
    if services.platform is None:
        try:
            services.platform = PlatformClient.from_settings(
                settings,
                transport=platform_transport,
                refs=CandidateRefs(app_secret(settings), sessions),
            )
        except PlatformError as exc:  # e.g. a platform URL without its API key
            log.error("platform disabled: %s", exc)  # the dialogue then says it is unreachable
        services.pending = PendingBookings(sessions)
    if services.limits is None:
        services.limits = RateLimiter.from_settings(settings)
    if services.handoffs is None:  # the counsellors' queue (bot.handoff)
        services.handoffs = build_handoff_service(settings, sessions, store, locks, domain)
    processor = MessageProcessor(
        domain=domain,
        store=store,
        erase=partial(erase_local, sessions, key=pseudonym_key(settings)),
        locks=locks,
        interpreter=interpreter,
        policy=RulePolicy(content, default_actions(content)),
        services=services,
        inbox=inbox,
        max_message_chars=settings.max_message_chars,
    )
    return Assistant(
        settings=settings,
        engine=engine,
        sessions=sessions,
        domain=domain,
        store=store,
        outbox=Outbox(sessions),
        inbox=inbox,
        locks=locks,
        processor=processor,
        services=services,
        components=components,
    )
