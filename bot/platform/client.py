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
from anyio import to_thread
from pydantic import BaseModel

from bot.platform.errors import PlatformRejected
from bot.platform.refs import CandidateRefs, P, restored
from bot.platform.refs import as_sender as _of
from bot.platform.resilience import CircuitBreaker
from bot.platform.wire import ResilientHttp, validate
from bot.secret import app_secret
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
        refs: CandidateRefs | None = None,
        legacy_refs: bool = False,
    ) -> None:
        self._wire = wire
        #: the person's sender id ↔ their candidate_ref; None: the sender id is sent as is
        self._refs = refs
        #: the platform may hold bookings made under raw sender ids: an erasure erases those
        self._legacy_refs = legacy_refs
        self.search_radius_km = search_radius_km
        self.default_team_departement = default_team_departement

    @property
    def breaker(self) -> CircuitBreaker:
        return self._wire.breaker

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        refs: CandidateRefs | None = None,
    ) -> PlatformClient:
        """A client for AUTONOMIE_PLATFORM_URL with AUTONOMIE_PLATFORM_API_KEY
        (`ResilientHttp.from_settings`).

        People are named on the platform by `refs` (bot/platform/refs.py); without
        it, by the keyed pseudonym alone (nothing is stored: bookings listed by
        date then keep their pseudonyms).

        `transport` carries the requests instead of the network (tests reach the
        reference platform in-process through `httpx.ASGITransport`).
        """
        return cls(
            ResilientHttp.from_settings(settings, transport),
            search_radius_km=settings.platform_search_radius_km,
            default_team_departement=settings.default_team_departement,
            refs=refs or CandidateRefs(app_secret(settings)),
            legacy_refs=settings.platform_legacy_refs,
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

    async def book(self, event_id: str, sender_id: str, idempotency_key: str) -> Booking:
        """Books a seat for the person. Reusing `idempotency_key` never books twice
        (safe to retry).

        PlatformRejected codes: event_not_found, event_past, event_full,
        event_cancelled, already_booked, forbidden.
        """
        body = {"event_id": event_id, "candidate_ref": await self._remember(sender_id)}
        data = await self._wire.request(
            "POST", f"{API}/bookings", json=body, idempotency_key=idempotency_key
        )
        return _of(validate(Booking, data), sender_id)

    async def cancel(self, booking_id: str) -> Booking:
        """Cancels and frees the seat; cancelling twice is harmless. Codes:
        booking_not_found, event_past."""
        data = await self._wire.request("DELETE", f"{API}/bookings/{_segment(booking_id)}")
        return (await self._restored([validate(Booking, data)]))[0]

    async def bookings(
        self, sender_id: str, *, include_past: bool = False, include_cancelled: bool = False
    ) -> list[Booking]:
        """The person's bookings, soonest first (by default: confirmed and upcoming)."""
        params: dict[str, Any] = {"candidate_ref": self._ref(sender_id), "limit": 500}
        if not include_cancelled:
            params["status"] = "confirmed"
        if not include_past:
            params["starts_from"] = utcnow().isoformat()
        items = (await self._get(f"{API}/bookings", Page[Booking], params)).items
        return [_of(b, sender_id) for b in items]

    async def bookings_starting(self, start: datetime, end: datetime) -> list[Booking]:
        """Confirmed bookings of events starting in [start, end) (all pages); each
        `candidate_ref` turned back into the sender id where the mapping is known."""
        params = {"status": "confirmed", "starts_from": start, "starts_before": end}
        return await self._restored(await self._every(f"{API}/bookings", Booking, params))

    async def bookings_made(self, start: datetime, end: datetime) -> list[Booking]:
        """Every booking made in [start, end), cancelled ones included (all pages)."""
        params = {"created_from": start, "created_before": end}
        return await self._restored(await self._every(f"{API}/bookings", Booking, params))

    async def erase_candidate(self, sender_id: str) -> dict[str, Any]:
        """RGPD erasure: cancels upcoming bookings and deletes the person's bookings and
        immersion requests (national key only), under every candidate_ref the person was
        given. Idempotent: a second call deletes nothing."""
        refs = [sender_id]
        if self._refs is not None:
            refs = await to_thread.run_sync(self._refs.refs_of, sender_id)
            if self._legacy_refs:
                refs.append(sender_id)
        total: dict[str, Any] = {"candidate_ref": refs[0]}
        for ref in refs:
            data = await self._wire.request("DELETE", f"{API}/candidates/{_segment(ref)}")
            for name, value in (data if isinstance(data, dict) else {}).items():
                if isinstance(value, int) and not isinstance(value, bool):
                    total[name] = total.get(name, 0) + value
        return total

    # --- immersion (PMSMP) ---

    async def request_immersion(
        self,
        sender_id: str,
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
            "candidate_ref": await self._remember(sender_id),
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
        return _of(validate(ImmersionRequest, data), sender_id)

    async def immersion_requests(self, sender_id: str) -> list[ImmersionRequest]:
        params = {"candidate_ref": self._ref(sender_id), "limit": 500}
        items = (await self._get(f"{API}/immersion-requests", Page[ImmersionRequest], params)).items
        return [_of(r, sender_id) for r in items]

    async def immersion_requests_made(
        self, start: datetime, end: datetime
    ) -> list[ImmersionRequest]:
        """Every immersion request filed in [start, end) (all pages)."""
        params = {"created_from": start, "created_before": end}
        found = await self._every(f"{API}/immersion-requests", ImmersionRequest, params)
        return await self._restored(found)

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
        return (await self._restored([validate(ImmersionRequest, data)]))[0]

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

    # --- people: sender ids here, candidate_refs on the platform ---

    def _ref(self, sender_id: str) -> str:
        return sender_id if self._refs is None else self._refs.ref(sender_id)

    async def _remember(self, sender_id: str) -> str:
        """The person's candidate_ref, stored with the sender id before it is sent."""
        if self._refs is None:
            return sender_id
        return await to_thread.run_sync(self._refs.remember, sender_id)

    async def _restored(self, items: list[P]) -> list[P]:
        """The items with their candidate_ref turned back into sender ids, where known."""
        return items if self._refs is None else await restored(self._refs, items)

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
