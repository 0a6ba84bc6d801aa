"""The reference platform as a child process, when AUTONOMIE_PLATFORM_URL is unset.

`autonomie serve` (and `chat`, `worker`) run `python -m platform_server serve`
on a free loopback port: the parent binds the socket (port 0, so no race for a
free port) and hands it down, waits for the child's GET /health, then points
the client at it with a national key made for this run. The child stops with
the parent: at shutdown (SIGTERM, then SIGKILL after a grace period), and on
its own when the parent dies without a word (`--parent-pid`). If the child
does not come up, nothing starts (PlatformError).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
from pydantic import SecretStr

from bot.platform.errors import PlatformError
from bot.settings import Settings, environment_with

__all__ = ["reference_platform", "spawned_platform", "wait_healthy"]

HOST = "127.0.0.1"


@contextmanager
def reference_platform(settings: Settings, *, start_timeout_s: float = 60.0) -> Iterator[Settings]:
    """`settings` as they are with a platform URL; else pointed at a child platform."""
    with spawned_platform(settings, start_timeout_s=start_timeout_s) as (pointed, ready):
        ready()
        yield pointed


@contextmanager
def spawned_platform(
    settings: Settings, *, start_timeout_s: float = 60.0
) -> Iterator[tuple[Settings, Callable[[], None]]]:
    """Like `reference_platform`, but yields as soon as the child is spawned, with a
    function that waits for its /health (PlatformError if it does not come up): the
    caller loads its models meanwhile. The socket listens before the child starts, so
    a request sent early waits in the backlog instead of being refused."""
    if settings.platform_url:
        yield settings, lambda: None
        return
    secret = settings.platform_api_key
    key = secret.get_secret_value() if secret else f"pk_nat_{secrets.token_urlsafe(32)}"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, 0))
        listener.listen(128)
        port = listener.getsockname()[1]
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "platform_server",
                "serve",
                "--fd",
                str(listener.fileno()),
                "--parent-pid",
                str(os.getpid()),
            ],
            pass_fds=[listener.fileno()],
            env=environment_with(
                {
                    "AUTONOMIE_PLATFORM_API_KEY": key,
                    # its own AUTONOMIE_PLATFORM_DATABASE_URL, when set, wins
                    "AUTONOMIE_DATABASE_URL": settings.database_url,
                }
            ),
        )
    url = f"http://{HOST}:{port}"
    started = time.perf_counter()
    try:
        yield (
            settings.model_copy(update={"platform_url": url, "platform_api_key": SecretStr(key)}),
            lambda: _wait_until_healthy(child, url, started, start_timeout_s),
        )
    finally:
        _stop(child)


def _wait_until_healthy(
    child: subprocess.Popen[bytes], url: str, started: float, timeout_s: float
) -> None:
    try:
        wait_healthy(child, f"{url}/health", started, timeout_s)
    except ChildProcessError as exc:
        raise PlatformError(f"the reference platform exited at start ({exc})") from exc
    except TimeoutError as exc:
        _stop(child)
        raise PlatformError(f"the reference platform did not answer {url}/health") from exc


def wait_healthy(
    child: subprocess.Popen[bytes], health_url: str, started: float, timeout_s: float
) -> float:
    """Polls `health_url` until a 200; the seconds since `started` (time.perf_counter).
    ChildProcessError if the process ended first, TimeoutError after `timeout_s`."""
    # one client for every poll, without TLS: a client built per poll loaded the CA
    # bundle each time (24 ms of CPU every 50 ms, taken from the process starting)
    with httpx.Client(timeout=2.0, verify=False) as client:  # a plain-http loopback URL
        while time.perf_counter() - started < timeout_s:
            if child.poll() is not None:
                raise ChildProcessError(f"exit code {child.returncode}")
            try:
                if client.get(health_url).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
    raise TimeoutError(f"not ready after {timeout_s:.0f} s")


def _stop(child: subprocess.Popen[bytes], grace_s: float = 10.0) -> None:
    """SIGTERM (uvicorn finishes the requests under way), then SIGKILL."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(grace_s)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
