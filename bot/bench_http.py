"""The bench's HTTP/1.1 client: one keep-alive connection, plain asyncio streams.

The load generator shares the machine's cores with the server it measures: httpx
cost it about 1.5 ms of CPU a request (its request and response models, the
connection pool, the event hooks), a tenth of a knowledge-base answer's, taken from
the server. This client writes a request and reads the response on its own
connection (Content-Length or chunked bodies), nothing else: about a tenth of that.
Used by the bench only (`bot.bench_load`), against our own server or HAProxy.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["BenchClient", "BenchResponse", "ClientError"]

#: a response's status line and headers, at most (ours are a few hundred bytes)
MAX_HEAD_BYTES = 64 * 1024
#: a response's body, at most
MAX_BODY_BYTES = 8 * 1024 * 1024


class ClientError(Exception):
    """The connection failed, closed mid-response, or the response was malformed."""


@dataclass(frozen=True)
class BenchResponse:
    status_code: int
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)


class BenchClient:
    """Requests to one server, one at a time, on one connection (opened again after an
    error or a `Connection: close`)."""

    def __init__(self, base_url: str, *, timeout_s: float = 30.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"plain http URL expected: {base_url!r}")
        self.host = parts.hostname
        self.port = parts.port or 80
        self.timeout_s = timeout_s
        self._authority = parts.netloc
        #: sent with every request (the bench sets X-Forwarded-For per simulated person)
        self.headers: dict[str, str] = {}
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str, *, headers: dict[str, str] | None = None) -> BenchResponse:
        return await self.request("GET", path, None, headers)

    async def post(
        self, path: str, *, json: Any, headers: dict[str, str] | None = None
    ) -> BenchResponse:
        body = _dumps(json)
        return await self.request("POST", path, body, headers)

    async def request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str] | None
    ) -> BenchResponse:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self._authority}"]
        fields = {**self.headers, **(headers or {})}
        lines += [f"{name}: {value}" for name, value in fields.items()]
        if body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        try:
            async with asyncio.timeout(self.timeout_s):
                return await self._exchange(head + (body or b""))
        except (OSError, EOFError, TimeoutError, ValueError, asyncio.LimitOverrunError) as exc:
            await self.aclose()
            raise ClientError(type(exc).__name__) from exc
        except ClientError:
            await self.aclose()
            raise

    async def _exchange(self, raw: bytes) -> BenchResponse:
        if self._streams is not None and self._streams[0].at_eof():
            await self.aclose()  # closed by the server while idle (its keep-alive timeout)
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        writer.write(raw)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        if len(head) > MAX_HEAD_BYTES:
            raise ClientError("response head too long")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        fields: dict[str, str] = {}
        for line in header_lines:
            name, sep, value = line.partition(":")
            if sep:
                fields[name.strip().lower()] = value.strip()
        if "content-length" in fields:
            length = int(fields["content-length"])
            if not 0 <= length <= MAX_BODY_BYTES:
                raise ClientError("response body too long")
            content = await reader.readexactly(length)
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            content = await _chunked(reader)
        else:  # no length: the body ends with the connection
            content = await reader.read(MAX_BODY_BYTES)
            fields["connection"] = "close"
        if fields.get("connection", "").lower() == "close":
            await self.aclose()
        return BenchResponse(status, content)

    async def aclose(self) -> None:
        if self._streams is None:
            return
        _reader, writer = self._streams
        self._streams = None
        writer.close()
        with suppress(OSError):
            await writer.wait_closed()


async def _chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers from our servers
            return b"".join(parts)
        total += size
        if total > MAX_BODY_BYTES:
            raise ClientError("response body too long")
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
