"""Without AUTONOMIE_PLATFORM_URL, `autonomie serve` runs the reference platform as a
child process on a port of its own, talks to it over HTTP, and never leaves it behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from bot.bench import free_port, wait_ready
from bot.platform.client import PlatformClient
from bot.platform.errors import PlatformError
from bot.platform.process import reference_platform
from bot.platform.refs import CandidateRefs
from bot.settings import Settings
from platform_server.tables import PlatformBooking
from tests.embedded_platform import assistant_app
from tests.platform_fixtures import NATIONAL_KEY, PlatformDb, candidate_ref


async def test_the_child_platform_serves_its_api_and_the_client_books_through_it(
    platform_db: PlatformDb, settings: Settings
) -> None:
    alone = settings.model_copy(update={"database_url": platform_db.url})
    with reference_platform(alone) as pointed:
        url = pointed.platform_url
        assert url is not None and url.startswith("http://127.0.0.1:")
        spec = httpx.get(f"{url}/platform/openapi.json").json()
        assert {"/v1/bookings", "/v1/events", "/v1/immersion-requests"} <= set(spec["paths"])
        # a key made for this run: the assistant has it, nobody else
        assert httpx.get(f"{url}/platform/v1/platforms/33").status_code == 401
        async with PlatformClient.from_settings(pointed) as client:
            booking = await client.book("evt_demo31_000", "fatou", "child-1")
            assert [b.id for b in await client.bookings("fatou")] == [booking.id]
    with platform_db.sessions() as session:  # on the same database, by default
        assert session.scalar(select(PlatformBooking.candidate_ref)) == candidate_ref("fatou")
    with pytest.raises(httpx.ConnectError):  # stopped with the block
        httpx.get(f"{url}/health")


def test_a_configured_platform_url_starts_no_child(settings: Settings) -> None:
    remote = settings.model_copy(update={"platform_url": "http://platform.example"})
    with reference_platform(remote) as pointed:
        assert pointed is remote
    with TestClient(assistant_app(remote)) as web:  # and nothing is mounted at /platform
        assert web.get("/platform/v1/health").status_code == 404


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_nothing_starts_when_the_platform_cannot(settings: Settings) -> None:
    broken = settings.model_copy(
        update={"database_url": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"}
    )
    with pytest.raises(PlatformError, match="exited at start"), reference_platform(broken):
        pass


def _child(parent: psutil.Process) -> psutil.Process:
    (child,) = [
        p for p in parent.children(recursive=True) if "platform_server" in " ".join(p.cmdline())
    ]
    return child


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_serve_books_through_its_child_and_a_killed_serve_leaves_no_orphan(
    platform_db: PlatformDb, tmp_path: Path
) -> None:
    """The real `autonomie serve`: a booking over the REST channel reaches the child
    platform; SIGKILL of the assistant alone, and the child ends on its own."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AUTONOMIE_")},
        "AUTONOMIE_DATABASE_URL": platform_db.url,
        "AUTONOMIE_LOAD_MODELS": "false",
        "AUTONOMIE_WORKER_INTERVAL_S": "0",
        "AUTONOMIE_SECRET_KEY": "serve-test-secret",  # the key of the platform pseudonyms
    }
    log = tmp_path / "serve.log"
    started = time.perf_counter()
    with log.open("wb") as sink:
        serve = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    try:
        wait_ready(serve, port, started, 60, log)
        child = _child(psutil.Process(serve.pid))
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        offer = httpx.post(
            url, json={"sender": "web:kim", "message": '/book_event{"event_id": "evt_demo33_003"}'}
        )
        assert [b["payload"] for b in offer.json()[-1]["buttons"]] == ["/affirm", "/deny"]
        done = httpx.post(url, json={"sender": "web:kim", "message": "/affirm"}, timeout=30)
        assert "C'est fait" in " ".join(m.get("text", "") for m in done.json())
        with platform_db.sessions() as session:
            booked = session.scalars(
                select(PlatformBooking.event_id).where(
                    PlatformBooking.candidate_ref
                    == CandidateRefs(b"serve-test-secret").ref("web:kim")
                )
            ).all()
        assert booked == ["evt_demo33_003"]

        serve.send_signal(signal.SIGKILL)  # the assistant only, not its process group
        serve.wait()
        gone, alive = psutil.wait_procs([child], timeout=15)
        assert gone and not alive, "the platform outlived the assistant"
    finally:
        if serve.poll() is None:
            serve.kill()
        for orphan in psutil.process_iter(["cmdline"]):
            if f"--parent-pid {serve.pid}" in " ".join(orphan.info["cmdline"] or []):
                orphan.kill()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_national_key_given_is_the_one_sent(
    platform_db: PlatformDb, settings: Settings
) -> None:
    keyed = settings.model_copy(
        update={"database_url": platform_db.url, "platform_api_key": SecretStr(NATIONAL_KEY)}
    )
    with reference_platform(keyed) as pointed:
        headers = {"X-Platform-Key": NATIONAL_KEY}
        me = httpx.get(f"{pointed.platform_url}/platform/v1/me", headers=headers)
        assert me.status_code == 200 and me.json()["national"] is True
