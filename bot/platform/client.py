"""PlatformClient: the assistant's only way to the platforms, over HTTP.

It calls AUTONOMIE_PLATFORM_URL: a departmental platform's server, or the
reference platform (platform_server) that `autonomie serve` starts as a child
process when no URL is set (bot/platform/process.py).

Every call has an explicit timeout (httpx.Timeout per phase, and an overall
deadline per attempt). Idempotent calls (GET, DELETE, POST with an
Idempotency-Key) are retried with exponential backoff and full jitter; the
others are tried once. A circuit breaker fails fast after repeated failures.
A 4xx is an answer (PlatformRejected, never retried, the circuit stays
closed); anything else unusable is PlatformUnavailable.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from bot import __version__
from bot.platform.errors import PlatformError, PlatformRejected
from bot.platform.resilience import CircuitBreaker, RetryPolicy
from bot.platform.wire import ResilientHttp, validate
from bot.settings import Settings
from bot.storage.models import utcnow
from platform_api.models import (
    Booking,
    Employer,
    EmployerType,
    Event,
    EventType,
    ImmersionPeriod,
    ImmersionRequest,
    Page,
    Platform,
)

__all__ = ["PlatformClient"]

M = TypeVar("M", bound=BaseModel)
API = "/platform/v1"


class PlatformClient:
    """The platform API's operations over `wire` (timeouts, retries, circuit breaker)."""

    def __init__(
        self,
        wire: ResilientHttp,
        *,
        search_radius_km: float = 30.0,
        default_team_departement: str | None = None,
    ) -> None:
        self._wire = wire
        self.search_radius_km = search_radius_km
        self.default_team_departement = default_team_departement

    @property
    def breaker(self) -> CircuitBreaker:
        return self._wire.breaker

    @classmethod
    def from_settings(
        cls, settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> PlatformClient:
        """A client for AUTONOMIE_PLATFORM_URL with AUTONOMIE_PLATFORM_API_KEY.

        `transport` carries the requests instead of the network (tests reach the
        reference platform in-process through `httpx.ASGITransport`).
        """
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
        wire = ResilientHttp(
            http,
            retry=RetryPolicy(attempts=settings.platform_attempts),
            breaker=CircuitBreaker(
                threshold=settings.platform_breaker_threshold,
                cooldown_s=settings.platform_breaker_cooldown_s,
            ),
            deadline_s=settings.platform_timeout_s,
        )
        return cls(
            wire,
            search_radius_km=settings.platform_search_radius_km,
            default_team_departement=settings.default_team_departement,
        )

    async def aclose(self) -> None:
        await self._wire.http.aclose()

    async def __aenter__(self) -> PlatformClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()

    # --- events and bookings ---

    async def search_events(
        self,
        lat: float | None,
        lon: float | None,
        radius_km: float | None = None,
        type: EventType | Sequence[EventType] | None = None,
        job: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        *,
        departement: str | None = None,
        online: bool | None = None,
        include_full: bool = False,
        limit: int = 20,
    ) -> list[Event]:
        """Bookable events near the point: in person by distance then date, then online."""
        params = {
            **self._near(lat, lon, radius_km, type, job),
            "date_from": date_from,
            "date_to": date_to,
            "departement": departement,
            "online": online,
            "include_full": include_full,
            "limit": limit,
        }
        return (await self._get(f"{API}/events", Page[Event], params)).items

    async def event(self, event_id: str) -> Event:
        return await self._get(f"{API}/events/{_segment(event_id)}", Event)

    async def book(self, event_id: str, candidate_ref: str, idempotency_key: str) -> Booking:
        """Books a seat. Reusing `idempotency_key` never books twice (safe to retry).

        PlatformRejected codes: event_not_found, event_past, event_full,
        event_cancelled, already_booked, forbidden.
        """
        body = {"event_id": event_id, "candidate_ref": candidate_ref}
        data = await self._wire.request(
            "POST", f"{API}/bookings", json=body, idempotency_key=idempotency_key
        )
        return validate(Booking, data)

    async def cancel(self, booking_id: str) -> Booking:
        """Cancels and frees the seat; cancelling twice is harmless. Codes:
        booking_not_found, event_past."""
        data = await self._wire.request("DELETE", f"{API}/bookings/{_segment(booking_id)}")
        return validate(Booking, data)

    async def bookings(
        self, candidate_ref: str, *, include_past: bool = False, include_cancelled: bool = False
    ) -> list[Booking]:
        """The person's bookings, soonest first (by default: confirmed and upcoming)."""
        params: dict[str, Any] = {"candidate_ref": candidate_ref, "limit": 500}
        if not include_cancelled:
            params["status"] = "confirmed"
        if not include_past:
            params["starts_from"] = utcnow().isoformat()
        return (await self._get(f"{API}/bookings", Page[Booking], params)).items

    async def bookings_starting(self, start: datetime, end: datetime) -> list[Booking]:
        """Confirmed bookings of events starting in [start, end) (all pages)."""
        params = {"status": "confirmed", "starts_from": start, "starts_before": end}
        return await self._every(f"{API}/bookings", Booking, params)

    async def bookings_made(self, start: datetime, end: datetime) -> list[Booking]:
        """Every booking made in [start, end), cancelled ones included (all pages)."""
        params = {"created_from": start, "created_before": end}
        return await self._every(f"{API}/bookings", Booking, params)

    async def erase_candidate(self, candidate_ref: str) -> dict[str, Any]:
        """RGPD erasure: cancels upcoming bookings and deletes the person's bookings and
        immersion requests (national key only). Idempotent: a second call deletes nothing."""
        data = await self._wire.request("DELETE", f"{API}/candidates/{_segment(candidate_ref)}")
        return dict(data) if isinstance(data, dict) else {}

    # --- immersion (PMSMP) ---

    async def request_immersion(
        self,
        candidate_ref: str,
        job: str,
        commune: str,
        *,
        departement: str,
        postal_code: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        period_text: str | None = None,
        employer_wish: str | None = None,
        employer_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> ImmersionRequest:
        """Files a request with the platform of `departement` (see team_for)."""
        period = ImmersionPeriod(date_from=date_from, date_to=date_to, text=period_text)
        body = {
            "candidate_ref": candidate_ref,
            "job": job,
            "commune": commune,
            "postal_code": postal_code,
            "departement": departement,
            "period": period.model_dump(mode="json"),
            "employer_wish": employer_wish,
            "employer_id": employer_id,
        }
        data = await self._wire.request(
            "POST",
            f"{API}/immersion-requests",
            json=body,
            idempotency_key=idempotency_key or str(uuid.uuid4()),
        )
        return validate(ImmersionRequest, data)

    async def immersion_requests(self, candidate_ref: str) -> list[ImmersionRequest]:
        params = {"candidate_ref": candidate_ref, "limit": 500}
        return (await self._get(f"{API}/immersion-requests", Page[ImmersionRequest], params)).items

    async def immersion_requests_made(
        self, start: datetime, end: datetime
    ) -> list[ImmersionRequest]:
        """Every immersion request filed in [start, end) (all pages)."""
        params = {"created_from": start, "created_before": end}
        return await self._every(f"{API}/immersion-requests", ImmersionRequest, params)

    async def decide_immersion(
        self,
        request_id: str,
        status: Literal["validated", "refused"],
        note: str | None = None,
        counsellor: str | None = None,
    ) -> ImmersionRequest:
        """A counsellor's decision (console). Not retried: a decision is not idempotent.
        Codes: immersion_not_found, invalid_transition (already decided)."""
        body = {"status": status, "note": note, "counsellor": counsellor}
        data = await self._wire.request(
            "PATCH", f"{API}/immersion-requests/{_segment(request_id)}", json=body
        )
        return validate(ImmersionRequest, data)

    # --- platforms and employers ---

    async def platforms(self) -> list[Platform]:
        """Every platform of the directory."""
        return await self._every(f"{API}/platforms", Platform, {})

    async def platform_for(self, departement: str) -> Platform | None:
        """The département's platform; None where there is none."""
        try:
            return await self._get(f"{API}/platforms/{_segment(departement)}", Platform)
        except PlatformRejected as exc:
            if exc.code == "platform_not_found":
                return None
            raise

    async def nearest_platform(self, lat: float, lon: float) -> Platform | None:
        try:
            return await self._get(f"{API}/platforms/nearest", Platform, {"lat": lat, "lon": lon})
        except PlatformRejected as exc:
            if exc.code == "platform_not_found":
                return None
            raise

    async def team_for(
        self, departement: str | None, lat: float | None = None, lon: float | None = None
    ) -> Platform | None:
        """Who handles this person: their département's platform, else the default team
        (AUTONOMIE_DEFAULT_TEAM_DEPARTEMENT), else the nearest platform."""
        for candidate in (departement, self.default_team_departement):
            if candidate:
                platform = await self.platform_for(candidate)
                if platform is not None:
                    return platform
        if lat is not None and lon is not None:
            return await self.nearest_platform(lat, lon)
        return None

    async def employers_near(
        self,
        lat: float,
        lon: float,
        radius_km: float | None = None,
        type: EmployerType | Sequence[EmployerType] | None = None,
        job: str | None = None,
        *,
        limit: int = 20,
    ) -> list[Employer]:
        params = {**self._near(lat, lon, radius_km, type, job), "limit": limit}
        return (await self._get(f"{API}/employers", Page[Employer], params)).items

    def _near(
        self,
        lat: float | None,
        lon: float | None,
        radius_km: float | None,
        type: str | Sequence[str] | None,
        job: str | None,
    ) -> dict[str, Any]:
        """The search parameters of events and employers: a circle, types, a job."""
        return {
            "lat": lat,
            "lon": lon,
            "radius_km": radius_km or self.search_radius_km,
            "type": [type] if isinstance(type, str) else list(type or ()),
            "job": job,
        }

    async def _every(self, path: str, model: type[M], params: dict[str, Any]) -> list[M]:
        """All the items of a paged list, 500 at a time."""
        found: list[M] = []
        while True:
            query = {**params, "limit": 500, "offset": len(found)}
            page = await self._get(path, Page[model], query)  # type: ignore[valid-type]
            found.extend(page.items)
            if not page.items or len(found) >= page.total:
                return found

    async def _get(self, path: str, model: type[M], params: dict[str, Any] | None = None) -> M:
        return validate(model, await self._wire.request("GET", path, params=params))


def _segment(value: str) -> str:
    """A path segment, escaped (an id is data, never a path)."""
    return quote(value, safe="")
