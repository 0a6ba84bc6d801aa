"""Shared route dependencies: the assistant, the settings, the admin token."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot.assistant import Assistant
from bot.settings import Settings

__all__ = ["AssistantDep", "SettingsDep", "require_api_token"]


def get_assistant(request: Request) -> Assistant:
    assistant: Assistant = request.app.state.assistant
    return assistant


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


# declared as the OpenAPI security scheme of the routes that depend on require_api_token
_bearer = HTTPBearer(auto_error=False, description="AUTONOMIE_API_TOKEN")


def require_api_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> None:
    """Bearer AUTONOMIE_API_TOKEN, compared in constant time. Unset token: nobody passes."""
    expected = settings.api_token.get_secret_value() if settings.api_token else ""
    given = credentials.credentials.strip() if credentials is not None else ""
    if not (expected and secrets.compare_digest(given.encode(), expected.encode())):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing or invalid bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
