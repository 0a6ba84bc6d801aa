"""CORS for the widget's routes, so that a partner's site can embed the widget.

The widget's script is served by the assistant but runs on the host page's
origin: its calls to `/webhooks/rest/...` are cross-origin. By default any
origin may call them (they are public, like the page that embeds them);
`AUTONOMIE_WIDGET_ORIGINS` restricts them to a list of origins per platform,
e.g. `{"33": ["https://www.gironde.fr"], "*": ["https://www.prendresoin.fr"]}`
(`*`: platforms without a list of their own). The widget names its platform
in the query string (`?platform=33`), which a preflight request carries too.

Requests without an Origin header (curl, servers, Rasa clients) and the
assistant's own pages are never refused. A refused origin gets a 403 without
CORS headers, on the preflight and on the request itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["WIDGET_PREFIXES", "WidgetCors"]

#: the routes the widget calls (the REST channel, the pending pickup, its own data)
WIDGET_PREFIXES = ("/webhooks/rest/",)
METHODS = "GET, POST, DELETE, OPTIONS"
MAX_AGE = "600"


class WidgetCors:
    """Pure ASGI middleware: answers preflights and adds CORS headers on `prefixes`."""

    def __init__(
        self,
        app: ASGIApp,
        origins: Mapping[str, Sequence[str]] | None = None,
        prefixes: Sequence[str] = WIDGET_PREFIXES,
    ) -> None:
        self.app = app
        self.origins = {
            key: {o.rstrip("/") for o in values} for key, values in (origins or {}).items()
        }
        self.prefixes = tuple(prefixes)

    def allows(self, origin: str, platform: str | None, own: str | None) -> bool:
        if not self.origins or origin == own:
            return True
        listed = self.origins.get(platform or "") or self.origins.get("*") or set()
        return origin in listed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        platform = (query.get("platform") or [None])[0]
        host = headers.get("host")
        own = f"{scope.get('scheme', 'http')}://{host}" if host else None
        allowed = self.allows(origin, platform, own)
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        if not allowed:
            refused = PlainTextResponse("origin not allowed", 403, headers={"Vary": "Origin"})
            await refused(scope, receive, send)
            return
        cors = self._headers(origin)
        if preflight:
            requested = headers.get("access-control-request-headers")
            cors.update(
                {
                    "Access-Control-Allow-Methods": METHODS,
                    "Access-Control-Allow-Headers": requested or "Content-Type",
                    "Access-Control-Max-Age": MAX_AGE,
                }
            )
            await Response(status_code=204, headers=cors)(scope, receive, send)
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in cors.items():
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, with_cors)

    def _headers(self, origin: str) -> dict[str, str]:
        if not self.origins:  # public routes: no credentials, any origin
            return {"Access-Control-Allow-Origin": "*"}
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
