"""The bench's own HTTP client (bot.bench_http) against uvicorn, as the bench uses it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from bot.bench_http import BenchClient, ClientError
from tests.channels.fakes import serve


def _app() -> FastAPI:
    app = FastAPI()
    app.state.peers = []

    @app.post("/echo")
    async def echo(request: Request) -> JSONResponse:
        app.state.peers.append(request.client.port if request.client else None)
        body = await request.json()
        forwarded = request.headers.get("x-forwarded-for")
        return JSONResponse({"got": body, "forwarded": forwarded})

    @app.get("/chunked")
    async def chunked() -> StreamingResponse:
        async def parts() -> AsyncIterator[bytes]:
            for part in (b'{"parts": ', b"[1, 2, ", b"3]}"):
                yield part

        return StreamingResponse(parts(), media_type="application/json")

    @app.get("/close")
    async def close(request: Request) -> Response:
        app.state.peers.append(request.client.port if request.client else None)
        return Response(b"bye", headers={"Connection": "close"})

    @app.get("/missing")
    async def missing() -> Response:
        return Response(b"no", status_code=404)

    return app


@pytest.fixture
def server() -> Iterator[tuple[str, FastAPI]]:
    app = _app()
    with serve(app) as url:
        yield url, app


def test_requests_share_one_connection_and_carry_the_headers(
    server: tuple[str, FastAPI],
) -> None:
    url, app = server

    async def run() -> list[object]:
        client = BenchClient(url)
        client.headers["X-Forwarded-For"] = "10.0.0.7"
        try:
            first = await client.post("/echo", json={"message": "c'est quoi une AES ?"})
            second = await client.post("/echo", json={"n": 2})
        finally:
            await client.aclose()
        return [first.status_code, first.json(), second.json()]

    status, first, second = asyncio.run(run())
    assert status == 200
    assert first == {"got": {"message": "c'est quoi une AES ?"}, "forwarded": "10.0.0.7"}
    assert second == {"got": {"n": 2}, "forwarded": "10.0.0.7"}
    assert len(set(app.state.peers)) == 1  # keep-alive: the same connection


def test_chunked_bodies_closed_connections_and_error_statuses(
    server: tuple[str, FastAPI],
) -> None:
    url, app = server

    async def run() -> tuple[object, bytes, int, object]:
        client = BenchClient(url)
        try:
            chunked = (await client.get("/chunked")).json()
            closed = (await client.get("/close")).content
            missing = (await client.get("/missing")).status_code
            after = (await client.post("/echo", json={"again": True})).json()
        finally:
            await client.aclose()
        return chunked, closed, missing, after

    chunked, closed, missing, after = asyncio.run(run())
    assert chunked == {"parts": [1, 2, 3]}
    assert closed == b"bye"
    assert missing == 404
    assert after == {"got": {"again": True}, "forwarded": None}
    closing, reopened = app.state.peers
    assert closing != reopened  # the server closed the first connection: a new one


def test_a_server_that_is_not_there_is_a_client_error_not_a_crash() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, not listening: connections are refused

        async def run() -> str:
            client = BenchClient(f"http://127.0.0.1:{port}", timeout_s=5)
            with pytest.raises(ClientError) as caught:
                await client.get("/health")
            return str(caught.value)

        assert asyncio.run(run()) == "ConnectionRefusedError"


def test_only_plain_http_urls() -> None:
    with pytest.raises(ValueError, match="plain http"):
        BenchClient("https://example.org")
