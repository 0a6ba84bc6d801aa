"""Shared route dependencies: the assistant, the settings, the admin token."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status

from autonomie_bot.assistant import Assistant
from autonomie_bot.settings import Settings

__all__ = ["AssistantDep", "SettingsDep", "require_api_token"]


def get_assistant(request: Request) -> Assistant:
    assistant: Assistant = request.app.state.assistant
    return assistant


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def require_api_token(
    settings: SettingsDep, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Bearer AUTONOMIE_API_TOKEN, compared in constant time. Unset token: nobody passes."""
    expected = settings.api_token.get_secret_value() if settings.api_token else ""
    scheme, _, given = (authorization or "").partition(" ")
    if not (
        expected
        and scheme.lower() == "bearer"
        and secrets.compare_digest(given.strip().encode(), expected.encode())
    ):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing or invalid bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
