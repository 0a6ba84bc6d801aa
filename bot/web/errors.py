"""Maps errors to HTTP responses, in one place. Clients get JSON, never a bare 500."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot import __version__
from bot.errors import AutonomieError, LockTimeout, StorageError
from channels.http import RASA_MARK, RasaRoute
from channels.outputs import ChannelError

__all__ = ["BodySizeLimit", "ControlCharacters", "install_error_handlers"]

log = logging.getLogger(__name__)


#: Rasa's `reason` for each status (its server's names where it has one).
RASA_REASONS = {
    400: "BadRequest",
    401: "NotAuthenticated",
    403: "NotAuthorized",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    413: "PayloadTooLarge",
    422: "BadRequest",
    429: "TooManyRequests",
    500: "InternalError",
    503: "ServiceUnavailable",
}


def _rasa(request: Request) -> bool:
    return isinstance(request.scope.get("route"), RasaRoute)


def error_response(
    request: Request,
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    details: dict[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """`{"detail"}` (and `errors`), in Rasa's error shape on a Rasa route."""
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    if _rasa(request):
        body = {
            "version": __version__,
            "status": "failure",
            "message": detail,
            "reason": RASA_REASONS.get(status, "Error"),
            "details": details or {},
            "help": None,
            "code": status,
            **body,
        }
    return JSONResponse(body, status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StorageError, _unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(LockTimeout, _unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(AutonomieError, _internal)  # type: ignore[arg-type]
    app.add_exception_handler(ChannelError, _internal)  # type: ignore[arg-type]
    # JSON nested deeper than the interpreter's recursion limit ("[" * 100,000) is not a
    # request: before, the parser's RecursionError reset the connection
    app.add_exception_handler(RecursionError, _too_deep)  # type: ignore[arg-type]
    document_errors(app)


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
#: an error of a Rasa route (RasaRoute).
_RASA_ERROR: dict[str, Any] = {
    "title": "RasaError",
    "type": "object",
    "required": ["version", "status", "message", "reason", "details", "help", "code", "detail"],
    "properties": {
        "version": {"type": "string", "description": "this server's version"},
        "status": {"type": "string", "enum": ["failure"]},
        "message": {"type": "string", "description": "what went wrong"},
        "reason": {"type": "string", "description": "Rasa's category: BadRequest..."},
        "details": {
            "type": "object",
            "description": "for a refused value: {parameter, in} as in Rasa",
        },
        "help": {"type": "string", "nullable": True},
        "code": {"type": "integer", "description": "the HTTP status"},
        "detail": {"type": "string", "description": "the message again (our other routes' key)"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}},
    },
}
_URL_REFUSED: dict[str, Any] = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}},
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
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    if "HTTPValidationError" in schemas:
        schemas["HTTPValidationError"] = _INVALID_BODY
        error = {
            "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
        }
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if "requestBody" not in operation:
                    continue
                responses = operation.setdefault("responses", {})
                for status, description in _BODY_ERRORS.items():
                    responses.setdefault(status, {"description": description, "content": error})
    shape = {"application/json": {"schema": {"$ref": "#/components/schemas/RasaError"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not operation.pop(RASA_MARK, False):
                continue
            schemas["RasaError"] = _RASA_ERROR
            for status, response in operation.get("responses", {}).items():
                if status[:1] in ("4", "5"):
                    response["content"] = shape
    # ControlCharacters answers before any route: a path or query with them is a 400
    refused = {
        "description": "control characters in the URL",
        "content": {"application/json": {"schema": _URL_REFUSED}},
    }
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if any(p.get("in") in ("path", "query") for p in operation.get("parameters", [])):
                operation.setdefault("responses", {}).setdefault("400", refused)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Any:
    if not _rasa(request):
        return await http_exception_handler(request, exc)
    return error_response(request, exc.status_code, str(exc.detail), headers=exc.headers)


def _parameter(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Rasa's `details` of a refused value: `{"parameter", "in"}` of the first error."""
    loc = [str(part) for part in errors[0]["loc"]] if errors else []
    if not loc:
        return {}
    return {"parameter": loc[-1] if len(loc) > 1 else "", "in": loc[0]}


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors: list[dict[str, Any]] = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
        for e in exc.errors()
    ]
    details = _parameter(errors)
    if any(e["type"] == "json_invalid" for e in errors):
        return error_response(
            request, 400, "the body is not valid JSON", errors=errors, details={"in": "body"}
        )
    return error_response(request, 422, "invalid request", errors=errors, details=details)


async def _too_deep(request: Request, _exc: RecursionError) -> JSONResponse:
    return error_response(request, 400, "the body is not valid JSON", details={"in": "body"})


async def _unavailable(request: Request, exc: AutonomieError) -> JSONResponse:
    log.warning("temporarily unavailable: %s", exc)
    return error_response(
        request,
        503,
        "temporarily unavailable, nothing was stored: please retry",
        headers={"Retry-After": "5"},
    )


async def _internal(request: Request, exc: AutonomieError | ChannelError) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_response(request, 500, "internal error")


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


_CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
#: the console's forms are read whole to drop their NULs (a form is a few KB)
_FORM_LIMIT = 1_000_000


class ControlCharacters:
    """Keeps NUL away from the database, which cannot store it (PostgreSQL: an error, a
    500 at every try). A request whose path holds a control character or whose query
    holds a NUL is refused (400): a path parameter (a sender id) or a query value would
    reach the database, and no client of ours writes one. The console's forms (a note,
    a reply, a canned answer pasted from a document) have their NULs dropped, as a
    candidate's message has (`clean_text`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _CONTROL_IN_PATH.search(scope.get("path", "")) or b"%00" in scope.get(
            "query_string", b""
        ):
            response = JSONResponse({"detail": "control characters in the URL"}, 400)
            await response({"type": "http"}, _no_receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if (
            scope.get("method") == "POST"
            and scope.get("path", "").startswith("/console/")
            and headers.get(b"content-type", b"").startswith(b"application/x-www-form-urlencoded")
        ):
            receive = await _without_nul(receive)
        await self.app(scope, receive, send)


async def _without_nul(receive: Receive) -> Receive:
    """The form body, read whole (up to _FORM_LIMIT: past it, as it came), NULs dropped."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more and size <= _FORM_LIMIT:
        message = await receive()
        if message["type"] != "http.request":
            chunks.clear()
            return _replay([message], receive)
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        more = message.get("more_body", False)
    body = b"".join(chunks)
    if not more:
        body = body.replace(b"%00", b"").replace(b"\x00", b"")
    first: Message = {"type": "http.request", "body": body, "more_body": more}
    return _replay([first], receive)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay
