"""Error bodies of the platform API: always `{"code": "...", "detail": "..."}`."""

from __future__ import annotations

import logging
from typing import TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from platform_api.models import ErrorBody

__all__ = ["ApiError", "documented", "found", "install_platform_error_handlers"]

log = logging.getLogger(__name__)
T = TypeVar("T")


class ApiError(Exception):
    """A client error with a machine code (event_full, already_booked, ...)."""

    def __init__(
        self, status: int, code: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers


def found(row: T | None, code: str, detail: str) -> T:
    """`row`, or a 404 with this `code` and `detail` when there is none."""
    if row is None:
        raise ApiError(404, code, detail)
    return row


def documented(*statuses: int) -> dict[int | str, dict[str, object]]:
    """A route's `responses=`: these statuses answer with an `ErrorBody`."""
    return {status: {"model": ErrorBody} for status in statuses}


def install_platform_error_handlers(app: FastAPI) -> None:
    for exc_class, handler in _HANDLERS:
        app.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]


async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
    return JSONResponse({"code": exc.code, "detail": exc.detail}, exc.status, headers=exc.headers)


async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
        for e in exc.errors()
    ]
    if any(e["type"] == "json_invalid" for e in errors):
        body = {"code": "invalid_json", "detail": "Le corps n'est pas du JSON valide."}
        return JSONResponse({**body, "errors": errors}, 400)
    body = {"code": "invalid_request", "detail": "Requête invalide."}
    return JSONResponse({**body, "errors": errors}, 422)


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    headers = exc.headers
    allowed = _allowed_methods(request) if exc.status_code == 405 else []
    if allowed:  # every method of the path, not only those of the first route found
        headers = {**(headers or {}), "Allow": ", ".join(allowed)}
    return JSONResponse({"code": code, "detail": str(exc.detail)}, exc.status_code, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """The methods the OpenAPI schema documents for the request's path."""
    segments = request.scope["path"].removeprefix(request.scope.get("root_path", "")).split("/")
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        parts = template.split("/")
        if len(parts) == len(segments) and all(
            part == segment or (part.startswith("{") and part.endswith("}") and segment)
            for part, segment in zip(parts, segments, strict=True)
        ):
            methods |= {method.upper() for method in operations}
    return sorted(methods)


async def _database_down(_request: Request, exc: OperationalError) -> JSONResponse:
    log.warning("platform database unavailable: %s", exc)
    return JSONResponse(
        {"code": "unavailable", "detail": "Service momentanément indisponible, réessayez."},
        503,
        headers={"Retry-After": "5"},
    )


async def _unstorable(_request: Request, exc: DataError) -> JSONResponse:
    """A value the database refuses (a NUL in a reference or a text: PostgreSQL stores
    none) is the client's error, not a 500 at every try. Its value is never logged."""
    log.info("platform request refused: a value the database cannot store")
    body = {
        "code": "invalid_request",
        "detail": "Requête invalide : une valeur contient un caractère interdit.",
    }
    return JSONResponse(body, 400)


_HANDLERS = (
    (ApiError, _api_error),
    (RequestValidationError, _invalid),
    (StarletteHTTPException, _http),
    (OperationalError, _database_down),
    (DataError, _unstorable),
)
