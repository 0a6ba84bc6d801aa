"""Maps errors to HTTP responses, in one place. Clients get JSON, never a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.errors import AutonomieError, LockTimeout, StorageError

__all__ = ["BodySizeLimit", "ErrorDetail", "documented", "install_error_handlers"]

log = logging.getLogger(__name__)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StorageError, _unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(LockTimeout, _unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(AutonomieError, _internal)  # type: ignore[arg-type]
    # JSON nested deeper than the interpreter's recursion limit ("[" * 100,000) is not a
    # request: before, the parser's RecursionError reset the connection
    app.add_exception_handler(RecursionError, _too_deep)  # type: ignore[arg-type]
    document_errors(app)


class ErrorDetail(BaseModel):
    """An error answer: what went wrong, for a person to read."""

    detail: str


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route or router that may answer these error statuses."""
    return {status: {"model": ErrorDetail} for status in statuses}


#: the body of a refused request (422, or 400 for a body that is not JSON).
_INVALID_BODY: dict[str, Any] = {
    "title": "HTTPValidationError",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "title": "Detail"},
        "errors": {
            "type": "array",
            "title": "Errors",
            "items": {"$ref": "#/components/schemas/ValidationError"},
        },
    },
}
_BODY_ERRORS = {
    "400": "the body is not valid JSON",
    "413": "the body is larger than the limit",
}


def document_errors(app: FastAPI) -> None:
    """The OpenAPI schema tells the error bodies these handlers really send.

    FastAPI documents its own 422 body (`detail` as a list); ours is
    `{"detail": "...", "errors": [...]}`, and a body that is not JSON gets 400.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _document(build())
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def _document(schema: dict[str, Any]) -> None:
    schemas = schema.get("components", {}).get("schemas", {})
    if "HTTPValidationError" not in schemas:
        return  # no route validates anything
    schemas["HTTPValidationError"] = _INVALID_BODY
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if "requestBody" not in operation:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in _BODY_ERRORS.items():
                responses.setdefault(status, {"description": description, "content": error})


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors: list[dict[str, Any]] = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
        for e in exc.errors()
    ]
    if any(e["type"] == "json_invalid" for e in errors):
        return JSONResponse({"detail": "the body is not valid JSON", "errors": errors}, 400)
    return JSONResponse({"detail": "invalid request", "errors": errors}, 422)


async def _too_deep(_request: Request, _exc: RecursionError) -> JSONResponse:
    return JSONResponse({"detail": "the body is not valid JSON"}, 400)


async def _unavailable(_request: Request, exc: AutonomieError) -> JSONResponse:
    log.warning("temporarily unavailable: %s", exc)
    return JSONResponse(
        {"detail": "temporarily unavailable, nothing was stored: please retry"},
        503,
        headers={"Retry-After": "5"},
    )


async def _internal(_request: Request, exc: AutonomieError) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return JSONResponse({"detail": "internal error"}, 500)


class BodySizeLimit:
    """Refuses request bodies over `max_bytes` with 413, before reading them whole."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        response = JSONResponse({"detail": f"body larger than {self.max_bytes} bytes"}, 413)
        await response({"type": "http"}, _no_receive, send)


class _TooLarge(Exception):
    pass


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
