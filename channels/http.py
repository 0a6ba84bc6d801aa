"""The HTTP conventions every route shares, the adapters' and the core's: the error
body (`ErrorDetail`) a route documents, and `RasaRoute`, the class of the routes of
Rasa's HTTP API, whose errors `bot/web/errors.py` answers in Rasa's shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel

__all__ = ["RASA_MARK", "ErrorDetail", "RasaRoute", "documented"]

#: set on a Rasa route's operation; read (and removed) by the OpenAPI post-processing.
RASA_MARK = "x-rasa-errors"


class RasaRoute(APIRoute):
    """A route of Rasa's HTTP API (`/webhooks/rest/webhook`, `/model/parse`, the tracker,
    `/status`, `/version`): its errors are answered in the shape of Rasa's server
    (`rasa/server.py` `ErrorResponse`): `{"version", "status": "failure", "message",
    "reason", "details", "help", "code"}`, plus our own `detail` (and `errors` for a
    refused body), so that both Rasa's clients and ours read them. Status codes stay
    ours (a refused body is 422, as on every route)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        extra = dict(kwargs.pop("openapi_extra", None) or {})
        extra[RASA_MARK] = True
        super().__init__(path, endpoint, openapi_extra=extra, **kwargs)


class ErrorDetail(BaseModel):
    """An error answer: what went wrong, for a person to read."""

    detail: str


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route or router that may answer these error statuses."""
    return {status: {"model": ErrorDetail} for status in statuses}
