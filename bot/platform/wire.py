"""The resilient HTTP exchange under PlatformClient: timeouts, retries, circuit breaker,
and the translation of httpx's failures into the platform's error tree."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from bot import __version__
from bot.platform.errors import (
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    UnavailableReason,
)
from bot.platform.resilience import CircuitBreaker, RetryPolicy
from bot.settings import Settings

__all__ = ["ResilientHttp", "validate"]

M = TypeVar("M", bound=BaseModel)
_SAFE_METHODS = ("GET", "HEAD", "DELETE")
QueryPairs = list[tuple[str, str | int | float | bool | None]]


class ResilientHttp:
    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        deadline_s: float = 5.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.http = http
        self.retry = retry or RetryPolicy()
        self.breaker = breaker or CircuitBreaker()
        self.deadline_s = deadline_s
        self._sleep = sleep
        self._rng = rng or random.Random()

    @classmethod
    def from_settings(
        cls, settings: Settings, transport: httpx.AsyncBaseTransport | None = None
    ) -> ResilientHttp:
        """The exchange with AUTONOMIE_PLATFORM_URL, keyed by AUTONOMIE_PLATFORM_API_KEY,
        with the settings' timeout, attempts and circuit breaker."""
        if not settings.platform_url:
            raise PlatformError(
                "no platform URL: set AUTONOMIE_PLATFORM_URL, or run `autonomie serve`, "
                "which starts the reference platform"
            )
        if settings.platform_api_key is None:
            raise PlatformError("AUTONOMIE_PLATFORM_API_KEY is required with a platform URL")
        http = httpx.AsyncClient(
            base_url=settings.platform_url,
            transport=transport,
            timeout=httpx.Timeout(settings.platform_timeout_s),
            headers={
                "X-Platform-Key": settings.platform_api_key.get_secret_value(),
                "Accept": "application/json",
                "User-Agent": f"autonomie-assistant/{__version__}",
            },
        )
        return cls(
            http,
            retry=RetryPolicy(attempts=settings.platform_attempts),
            breaker=CircuitBreaker(
                threshold=settings.platform_breaker_threshold,
                cooldown_s=settings.platform_breaker_cooldown_s,
            ),
            deadline_s=settings.platform_timeout_s,
        )

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        idempotency_key: str | None = None,
    ) -> Any:
        """The JSON of a 2xx answer. Idempotent calls (GET, DELETE, anything with an
        Idempotency-Key) are tried `retry.attempts` times; others once."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        query = _query(params)
        retryable = method in _SAFE_METHODS or idempotency_key is not None
        attempts = self.retry.attempts if retryable else 1
        failure = PlatformUnavailable("connection", "no attempt made")
        for attempt in range(attempts):
            self.breaker.before_call()
            try:
                return await self._attempt(method, path, query, json, headers)
            except PlatformUnavailable as exc:
                failure = exc
            if attempt + 1 < attempts:
                await self._sleep(self.retry.delay(attempt, self._rng))
        raise failure

    async def _attempt(
        self,
        method: str,
        path: str,
        params: QueryPairs | None,
        json: Any,
        headers: dict[str, str] | None,
    ) -> Any:
        """One exchange, within the overall deadline; tells the breaker how it went."""
        try:
            async with asyncio.timeout(self.deadline_s):
                response = await self.http.request(
                    method, path, params=params, json=json, headers=headers
                )
        except (TimeoutError, httpx.TimeoutException) as exc:
            self.breaker.record_failure()
            raise PlatformUnavailable("timeout", f"{method} {path}") from exc
        except httpx.HTTPError as exc:
            self.breaker.record_failure()
            raise PlatformUnavailable("connection", f"{method} {path}: {exc!r}") from exc
        except BaseException:
            self.breaker.abandon_trial()
            raise
        status = response.status_code
        if 400 <= status < 500 and status not in (408, 429):
            self.breaker.record_success()  # the platform is alive and said no
            raise _rejected(response)
        if status >= 400:
            self.breaker.record_failure()
            reason: UnavailableReason = "rate_limited" if status == 429 else "server_error"
            raise PlatformUnavailable(reason, f"{method} {path} → {status}", status=status)
        try:
            data = response.json()
        except ValueError as exc:
            self.breaker.record_failure()
            raise PlatformUnavailable("bad_response", f"{method} {path}: not JSON") from exc
        self.breaker.record_success()
        return data


def validate(model: type[M], data: Any) -> M:
    """A response body as `model`; a body of the wrong shape is PlatformUnavailable."""
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        raise PlatformUnavailable("bad_response", f"unexpected {model.__name__}: {exc}") from exc


def _rejected(response: httpx.Response) -> PlatformRejected:
    code, detail = f"http_{response.status_code}", ""
    try:
        body = response.json()
        if isinstance(body, dict):
            code = str(body.get("code") or code)
            detail = str(body.get("detail") or "")
    except ValueError:
        detail = response.text[:200]
    return PlatformRejected(response.status_code, code, detail)


def _query(params: dict[str, Any] | None) -> QueryPairs | None:
    """Query pairs: None dropped, lists repeated, booleans and dates in API form."""
    if params is None:
        return None
    pairs: QueryPairs = []
    for name, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(item, bool):
                item = "true" if item else "false"
            elif isinstance(item, date | datetime):
                item = item.isoformat()
            pairs.append((name, str(item)))
    return pairs
