"""The application factory: the only module that wires every layer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI

from autonomie_bot import __version__
from autonomie_bot.assistant import Assistant, build_assistant
from autonomie_bot.messages import BotMessage, UserMessage
from autonomie_bot.platform.server.app import create_platform_app
from autonomie_bot.settings import Settings, get_settings
from autonomie_bot.web import health, tracker
from autonomie_bot.web.errors import BodySizeLimit, install_error_handlers
from autonomie_channels.rest import RestInput
from autonomie_channels.routers import channel_routers

__all__ = ["create_app"]

MAX_BODY_BYTES = 1_000_000


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        assistant: Assistant = await to_thread.run_sync(build_assistant, settings)
        app.state.assistant = assistant
        try:
            yield
        finally:
            await assistant.aclose()

    app = FastAPI(
        title="Autonomie Assistant",
        version=__version__,
        description="Assistant of the plateformes des métiers de l'autonomie.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    install_error_handlers(app)

    async def on_message(message: UserMessage) -> list[BotMessage]:
        processor = app.state.assistant.processor
        return await processor.handle(message)

    app.include_router(health.router)
    app.include_router(tracker.router)
    app.include_router(RestInput().router(on_message))
    app.include_router(channel_routers(settings, on_message, lambda: app.state.assistant.store))
    if settings.platform_url is None:  # the embedded reference platform, /platform/v1/...
        app.mount("/platform", create_platform_app(settings))
    return app
