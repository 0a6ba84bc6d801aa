"""The client's address behind trusted reverse proxies (HAProxy's X-Forwarded-For).

Rate limits per network address (bot.ratelimit) and the console's audit log need
the address of the person, not of the load balancer. A request whose peer is one of
`AUTONOMIE_TRUSTED_PROXIES` has its client rewritten to the rightmost address of
its X-Forwarded-For that is not a trusted proxy (each proxy appends the address it
got the request from: the entries left of that are the client's to write, and
forged as easily as a sender id). A request from anywhere else keeps its peer: a
client that sends its own X-Forwarded-For changes nothing.

One ASGI middleware, outermost, for HTTP and WebSocket scopes alike: the REST
channel, socket.io (mounted), /model/parse and the console all read the scope's
client. uvicorn's own proxy-header handling is turned off (bot.serving) so that
this is the only place that reads the header.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["TrustedProxies", "client_behind", "parse_networks"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
#: X-Forwarded-For entries read at most (a proxy chain is short; the rest is noise)
MAX_HOPS = 16
MAX_HEADER_CHARS = 2_000


def parse_networks(text: str) -> tuple[Network, ...]:
    """`"127.0.0.1, 10.0.0.0/8"` → the networks (a bad entry raises ValueError)."""
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()
    )


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_behind(
    peer: str | None, forwarded: list[str], networks: tuple[Network, ...]
) -> str | None:
    """The client's address: `peer` unless it is a trusted proxy, then the rightmost
    X-Forwarded-For entry that is not one (a malformed entry is taken as it stands:
    it names whoever sent it, and is never trusted)."""
    if peer is None or not networks or not _trusted(peer, networks):
        return peer
    joined = ",".join(forwarded)[-MAX_HEADER_CHARS:]
    hops = [h.strip() for h in joined.split(",")][-MAX_HOPS:]
    for hop in reversed(hops):
        if hop and not _trusted(hop, networks):
            return hop[:64]
    return peer  # only proxies: the last one's peer is the best we know


class TrustedProxies:
    def __init__(self, app: ASGIApp, networks: tuple[Network, ...]) -> None:
        self.app = app
        self.networks = networks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.networks and scope["type"] in ("http", "websocket") and scope.get("client"):
            host, port = scope["client"]
            forwarded = [
                v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"
            ]
            client = client_behind(host, forwarded, self.networks) if forwarded else host
            if client != host:
                scope = {**scope, "client": (client, port)}
        await self.app(scope, receive, send)
