"""The composition root: the only module that wires every layer.

`build_assistant(settings)` builds every service once (store, models, platform
client, handoff service, the channels' senders) and wires the turn listeners;
every entry point uses it: the HTTP app (`create_app`), the workers, the CLI
(`autonomie chat`, `worker`, `platform worker`) and Telegram polling.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from functools import partial
from typing import TYPE_CHECKING

import httpx
from anyio import to_thread
from fastapi import FastAPI

from bot import __version__
from bot.assistant import Assistant, build_core
from bot.console import console_router, start_console, stop_console
from bot.dialogue.interpreter import Interpreter
from bot.dialogue.services import Services
from bot.handoff.delivery import pushed_since
from bot.privacy.hooks import erase_everywhere_on_erasure
from bot.privacy.redaction import install_log_redaction
from bot.secret import app_secret
from bot.settings import Settings, get_settings
from bot.web import admin as admin_api
from bot.web import console_erase, health, nlu, rasa_compat, tracker
from bot.web import dead_letters as dead_letters_page
from bot.web import handoffs as handoffs_api
from bot.web import metrics as metrics_api
from bot.web import privacy as privacy_page
from bot.web.docs import docs_router
from bot.web.errors import BodySizeLimit, ControlCharacters, install_error_handlers
from bot.web.proxies import TrustedProxies, parse_networks
from bot.worker import run_forever
from channels.messages import BotMessage, UserMessage
from channels.rest import PollTokens, RestInput
from channels.routers import build_senders, channel_routers, default_hooks
from channels.socketio import SocketIOInput
from channels.web.cors import WidgetCors

if TYPE_CHECKING:
    from bot.integrations import LoadedModels

__all__ = ["build_assistant", "create_app", "poll_telegram", "set_telegram_webhook"]

MAX_BODY_BYTES = 1_000_000


def build_assistant(
    settings: Settings,
    *,
    interpreter: Interpreter | None = None,
    services: Services | None = None,
    platform_transport: httpx.AsyncBaseTransport | None = None,
) -> Assistant:
    """Every service, built once, with the channels' senders and the turn listeners.

    Log redaction is installed here, so that entry points without the web app mask
    their logs too (`autonomie telegram poll`, `worker`, `chat`, `erase`, `retention`)."""
    if settings.log_redaction:
        install_log_redaction()
    assistant = build_core(
        settings,
        interpreter=interpreter,
        services=services,
        platform_transport=platform_transport,
    )
    assistant.senders = build_senders(settings, default_hooks(lambda: assistant.store))
    listeners = assistant.processor.listeners
    listeners.append(assistant.services.handoffs.on_turn)  # live console updates
    # an in-chat erasure ("supprimer mes données") also erases platform and console rows
    listeners.append(erase_everywhere_on_erasure(assistant))
    return assistant


async def poll_telegram(settings: Settings, assistant: Assistant, stop: asyncio.Event) -> None:
    """`autonomie telegram poll`: Telegram's updates fetched and answered by `assistant`
    until `stop` is set."""
    from channels.telegram_polling import run_polling  # PTB's Application: only here

    hooks = default_hooks(lambda: assistant.store)
    await run_polling(settings, assistant.processor.handle, hooks, stop=stop)


async def set_telegram_webhook(settings: Settings) -> str:
    """`autonomie telegram set-webhook`: registers the webhook's URL; returns it."""
    from channels.telegram_polling import configure_webhook

    return await configure_webhook(settings)


def start_worker(settings: Settings, assistant: Assistant) -> asyncio.Task[None] | None:
    """Bookings retried, reminders and the outbox, every worker_interval_s seconds."""
    if not settings.worker_interval_s:
        return None
    return asyncio.create_task(
        run_forever(assistant, assistant.senders, settings.worker_interval_s)
    )


def create_app(
    settings: Settings | None = None,
    *,
    platform_transport: httpx.AsyncBaseTransport | None = None,
    models: LoadedModels | None = None,
) -> FastAPI:
    """The assistant's HTTP app. The platform is AUTONOMIE_PLATFORM_URL, a separate
    server (`autonomie serve` starts the reference one when unset); `platform_transport`
    carries the platform requests instead of the network (tests, in-process); `models`
    already loaded (`autonomie serve` loads them before forking its workers)."""
    settings = settings or get_settings()
    if settings.log_redaction:  # phone numbers and e-mails never reach the logs
        install_log_redaction()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        build = partial(
            build_assistant,
            settings,
            platform_transport=platform_transport,
            interpreter=models.interpreter if models else None,
            services=models.services if models else None,
        )
        assistant: Assistant = await to_thread.run_sync(build)
        app.state.assistant = assistant
        assistant.processor.listeners.append(app.state.metrics.on_turn)  # GET /metrics
        console = await start_console(app, assistant)  # counsellor console: senders, live hub
        worker = start_worker(settings, assistant)
        try:
            yield
        finally:
            if worker is not None:
                worker.cancel()
                with suppress(asyncio.CancelledError):
                    await worker
            await stop_console(console)
            await assistant.aclose()

    app = FastAPI(
        title="Autonomie Assistant",
        version=__version__,
        description="Assistant of the plateformes des métiers de l'autonomie.",
        lifespan=lifespan,
        docs_url=None,  # served by docs_router from local assets (no CDN)
    )
    app.state.settings = settings
    app.state.platform_transport = platform_transport  # the console's client uses it too
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(ControlCharacters)
    # GET /metrics: a registry of this app's own; the outbox depth is read at scrape
    app.state.metrics = metrics_api.AppMetrics(
        lambda: app.state.assistant.outbox.depth() if hasattr(app.state, "assistant") else None,
        lambda: (
            app.state.assistant.inbox.dead_letters() if hasattr(app.state, "assistant") else None
        ),
    )
    app.add_middleware(metrics_api.MetricsMiddleware, metrics=app.state.metrics)
    install_error_handlers(app)
    # the widget runs on partners' sites: CORS on its routes (outermost middleware)
    app.add_middleware(WidgetCors, origins=settings.widget_origins)
    # the client's address behind HAProxy, for every route and socket.io (outermost)
    app.add_middleware(TrustedProxies, networks=parse_networks(settings.trusted_proxies))

    async def on_message(message: UserMessage) -> list[BotMessage]:
        processor = app.state.assistant.processor
        app.state.metrics.messages.labels(message.channel).inc()
        return await processor.handle(message)

    app.include_router(health.router)
    app.include_router(rasa_compat.router)  # GET /version, GET /status
    app.include_router(docs_router(app.title))  # GET /docs
    app.include_router(tracker.router)
    app.include_router(nlu.router)

    async def on_pending(sender_id: str, after: float) -> list[BotMessage]:
        tracker = await to_thread.run_sync(app.state.assistant.store.retrieve, sender_id)
        return pushed_since(tracker.events, after)

    # POST /webhooks/rest/webhook; GET /webhooks/rest/pending (widget pickup, named by
    # a signed token from POST /webhooks/rest/token, never by the sender id in the URL)
    tokens = PollTokens(app_secret(settings), settings.poll_token_ttl_s)
    app.include_router(RestInput().router(on_message, on_pending, tokens))
    app.include_router(channel_routers(settings, on_message, lambda: app.state.assistant.store))
    app.include_router(handoffs_api.router)  # GET /api/handoffs
    app.include_router(console_router())  # GET /console
    app.include_router(dead_letters_page.router)  # GET /console/dead-letters (admins)
    app.include_router(console_erase.router)  # POST /console/conversations/{id}/erase
    app.include_router(admin_api.router)  # /api/candidates/{sender}[/export], /api/stats
    app.include_router(privacy_page.router)  # GET /confidentialite
    app.include_router(metrics_api.router)  # GET /metrics (Prometheus text)
    # Rasa's socket.io channel (rasa-webchat, Chatwoot's Rasa bridge)
    app.mount("/socket.io", SocketIOInput().asgi_app(on_message))
    return app
