"""The web widget: `GET /widget.js`, and `GET /` a demo page embedding it; the
site's icon, `GET /favicon.ico` (every page of the service: the demo, the console).

The widget talks to the REST channel (`POST /webhooks/rest/webhook`) with an
anonymous sender id `web:<uuid4>` kept in the browser's localStorage. Files
sit beside this module (package data of `channels.web`), read once; the script
served carries widget.css and the départements' names written in.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources

from fastapi import APIRouter, Request, Response

from channels.base import OnNewMessage
from vocab.departements import DEPARTEMENTS, of_departement

__all__ = ["WebInput", "static_file"]

_TYPES = {
    "widget.js": "text/javascript; charset=utf-8",
    "index.html": "text/html; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
    "favicon.ico": "image/vnd.microsoft.icon",
}


# the widget names the platform whose site embeds it ("Assistant de la plateforme de
# Gironde"): the départements' names ride in the script, no request for them
_SITES = b"/*SITES*/{}"
# its stylesheet (widget.css, one rule a line) rides in it too: host sites embed one file
_CSS = b'/*CSS*/""'


@cache
def static_file(name: str) -> tuple[bytes, str]:
    """(content, etag) of a file of channels/web/."""
    here = resources.files(__name__)
    data = here.joinpath(name).read_bytes()
    if name == "widget.js":
        sites = {code: of_departement(code) for code in DEPARTEMENTS}
        data = data.replace(_SITES, json.dumps(sites, ensure_ascii=False).encode())
        css = "".join(here.joinpath("widget.css").read_text("utf-8").split("\n"))
        data = data.replace(_CSS, json.dumps(css, ensure_ascii=False).encode())
    return data, f'"{hashlib.sha256(data).hexdigest()[:16]}"'


def _serve(request: Request, name: str, cache_control: str) -> Response:
    data, etag = static_file(name)
    headers = {
        "ETag": etag,
        "Cache-Control": cache_control,
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=_TYPES[name], headers=headers)


class WebInput:
    """Serves the widget; its messages arrive through the REST channel."""

    name = "web"

    def router(self, on_message: OnNewMessage | None = None) -> APIRouter:
        router = APIRouter(tags=["widget"])

        @router.get("/widget.js", response_class=Response)
        async def widget(request: Request) -> Response:
            # embedding sites load it cross-origin: short cache, revalidated by ETag
            return _serve(request, "widget.js", "public, max-age=300")

        @router.get("/", response_class=Response, include_in_schema=False)
        async def demo(request: Request) -> Response:
            return _serve(request, "index.html", "no-cache")

        @router.get("/demo.css", response_class=Response, include_in_schema=False)
        async def demo_css(request: Request) -> Response:
            return _serve(request, "demo.css", "public, max-age=300")

        @router.get("/favicon.ico", response_class=Response, include_in_schema=False)
        async def favicon(request: Request) -> Response:
            # browsers ask for it on every page: a 404 was an error in their console
            return _serve(request, "favicon.ico", "public, max-age=86400")

        return router
