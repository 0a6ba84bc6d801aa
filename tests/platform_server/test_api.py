"""The platform API over HTTP: auth and scoping, search, bookings, immersion, errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from fastapi.testclient import TestClient

from platform_api.models import PARIS
from platform_server.auth import revoke_api_key
from tests.platform_fixtures import NATIONAL_KEY, PlatformDb, key

V1 = "/platform/v1"
MERIGNAC = {"lat": 44.8322953289, "lon": -0.681733084891}  # La Poste, 33700
MONT_DE_MARSAN = {"lat": 43.8938, "lon": -0.4998}  # Landes (40): no platform there


def book(api: TestClient, headers: dict[str, str], event_id: str, who: str, idem: str):  # type: ignore[no-untyped-def]
    return api.post(
        f"{V1}/bookings",
        json={"event_id": event_id, "candidate_ref": who},
        headers={**headers, "Idempotency-Key": idem},
    )


def test_every_call_needs_a_valid_key_in_either_header(api: TestClient, platform_db) -> None:
    missing = api.get(f"{V1}/events")
    assert missing.status_code == 401 and missing.json()["code"] == "unauthorized"
    assert api.get(f"{V1}/events", headers={"X-Platform-Key": "pk_33_nope"}).status_code == 401
    bearer = {"Authorization": f"Bearer {platform_db.keys['33']}"}
    assert api.get(f"{V1}/me", headers=bearer).json() == {
        "label": "platform 33",
        "national": False,
        "departement": "33",
    }
    assert api.get(f"{V1}/me", headers={"X-Platform-Key": NATIONAL_KEY}).json()["national"]
    assert api.get(f"{V1}/me", headers=key(platform_db, "national")).json()["national"]

    assert revoke_api_key(platform_db.sessions, platform_db.keys["31"])
    assert api.get(f"{V1}/me", headers=key(platform_db, "31")).status_code == 401
    assert api.get(f"{V1}/health").json()["status"] == "ok"  # liveness needs no key


def test_a_platform_sees_only_its_own_bookings(api: TestClient, platform_db: PlatformDb) -> None:
    k33, k31, nat = (key(platform_db, w) for w in ("33", "31", "national"))
    made = book(api, k33, "evt_demo33_000", "fatou", "a1")
    assert made.status_code == 201
    booking_id = made.json()["id"]

    assert api.get(f"{V1}/bookings/{booking_id}", headers=k31).status_code == 404
    assert api.get(f"{V1}/bookings", headers=k31).json() == {"items": [], "total": 0}
    listed_31 = api.get(f"{V1}/bookings", params={"candidate_ref": "fatou"}, headers=k31)
    assert listed_31.json()["total"] == 0
    refused = api.delete(f"{V1}/bookings/{booking_id}", headers=k31)
    assert refused.status_code == 404 and refused.json()["code"] == "booking_not_found"
    assert api.get(f"{V1}/bookings/{booking_id}", headers=k33).json()["status"] == "confirmed"

    # 31 cannot book 33's events; the national key can book anything and sees everything
    other = book(api, k31, "evt_demo33_001", "fatou", "a2")
    assert other.status_code == 403 and other.json()["code"] == "forbidden"
    assert book(api, nat, "evt_demo31_000", "fatou", "a3").status_code == 201
    everything = api.get(f"{V1}/bookings", params={"candidate_ref": "fatou"}, headers=nat).json()
    assert {b["event"]["departement"] for b in everything["items"]} == {"33", "31"}
    assert api.get(f"{V1}/bookings", headers=k33).json()["total"] == 1


def test_search_near_a_point_by_distance_then_date(api: TestClient, platform_db) -> None:
    nat = key(platform_db, "national")
    found = api.get(f"{V1}/events", params={**MERIGNAC, "radius_km": 15, "limit": 100}, headers=nat)
    assert found.status_code == 200
    items = found.json()["items"]
    in_person = [e for e in items if not e["online"]]
    online = [e for e in items if e["online"]]
    assert len(in_person) >= 5 and {e["departement"] for e in items} == {"33"}
    assert all(e["distance_km"] <= 15 for e in in_person)
    assert all(e["distance_km"] is None for e in online)
    assert items[: len(in_person)] == in_person  # in person first, then online
    keys = [(e["distance_km"], e["starts_at"]) for e in in_person]
    assert keys == sorted(keys)
    assert any(a[0] == b[0] for a, b in pairwise(keys))  # ties are ordered by date
    assert "Mérignac" in {e["commune"] for e in in_person}
    assert all(not e["full"] for e in items)  # full events are left out by default
    first = datetime.fromisoformat(items[0]["starts_at"])
    assert first.utcoffset() in (timedelta(hours=1), timedelta(hours=2))  # Paris time

    far = api.get(f"{V1}/events", params={**MERIGNAC, "radius_km": 60}, headers=nat).json()
    assert far["total"] > found.json()["total"]  # Libourne, Arcachon, Langon... come in


def test_search_filters_type_job_dates_and_departement(api: TestClient, platform_db) -> None:
    nat = key(platform_db, "national")
    today = platform_db.today

    dating = api.get(f"{V1}/events", params={"type": "job_dating", "limit": 100}, headers=nat)
    assert dating.json()["total"] >= 6
    assert {e["type"] for e in dating.json()["items"]} == {"job_dating"}

    aes = api.get(f"{V1}/events", params={"job": "aes", "limit": 100}, headers=nat).json()
    assert aes["total"] > 0
    assert all(e["jobs"] == [] or "aes" in e["jobs"] for e in aes["items"])

    start, end = today + timedelta(days=10), today + timedelta(days=30)
    params = {"date_from": start.isoformat(), "date_to": end.isoformat(), "limit": 100}
    window = api.get(f"{V1}/events", params=params, headers=nat).json()["items"]
    assert window
    assert all(start <= datetime.fromisoformat(e["starts_at"]).date() <= end for e in window)

    nord = api.get(f"{V1}/events", params={"departement": "59", "limit": 100}, headers=nat).json()
    assert nord["total"] >= 15 and {e["departement"] for e in nord["items"]} == {"59"}
    dates = [e["starts_at"] for e in nord["items"]]
    assert dates == sorted(dates)

    both = api.get(
        f"{V1}/events", params=[("type", "forum"), ("type", "immersion")], headers=nat
    ).json()
    assert {e["type"] for e in both["items"]} == {"forum", "immersion"}
    bad = api.get(f"{V1}/events", params={"type": "apero"}, headers=nat)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request"
    assert api.get(f"{V1}/events", params={"lat": 44.8}, headers=nat).status_code == 422


def test_no_platform_in_the_departement_still_finds_the_nearest_ones_online(
    api: TestClient, platform_db
) -> None:
    nat = key(platform_db, "national")
    missing = api.get(f"{V1}/platforms/40", headers=nat)
    assert missing.status_code == 404 and missing.json()["code"] == "platform_not_found"
    nearest = api.get(f"{V1}/platforms/nearest", params=MONT_DE_MARSAN, headers=nat).json()
    assert nearest["departement"] == "33" and nearest["distance_km"] > 80

    found = api.get(f"{V1}/events", params={**MONT_DE_MARSAN, "radius_km": 30}, headers=nat)
    items = found.json()["items"]
    assert items and all(e["online"] and e["departement"] == "33" for e in items)


def test_booking_takes_a_seat_and_reads_back(api: TestClient, platform_db: PlatformDb) -> None:
    nat = key(platform_db, "national")
    before = platform_db.event("evt_demo33_000").seats_left
    made = book(api, nat, "evt_demo33_000", "fatou", "b1")
    assert made.status_code == 201
    booking = made.json()
    assert booking["status"] == "confirmed" and booking["candidate_ref"] == "fatou"
    assert booking["event"]["title"].startswith("[DÉMO] ")
    assert booking["event"]["address"] and booking["event"]["seats_left"] == before - 1
    assert platform_db.event("evt_demo33_000").seats_left == before - 1

    mine = api.get(f"{V1}/bookings", params={"candidate_ref": "fatou"}, headers=nat).json()
    assert [b["id"] for b in mine["items"]] == [booking["id"]]
    assert api.get(f"{V1}/bookings/{booking['id']}", headers=nat).json() == booking


def test_a_person_cannot_book_the_same_event_twice(api: TestClient, platform_db) -> None:
    nat = key(platform_db, "national")
    assert book(api, nat, "evt_demo33_002", "fatou", "c1").status_code == 201
    seats = platform_db.event("evt_demo33_002").seats_left
    again = book(api, nat, "evt_demo33_002", "fatou", "c2")
    assert again.status_code == 409 and again.json()["code"] == "already_booked"
    assert platform_db.event("evt_demo33_002").seats_left == seats
    assert book(api, nat, "evt_demo33_002", "paul", "c3").status_code == 201


def test_past_full_and_unknown_events_are_refused_with_a_code(api: TestClient, platform_db) -> None:
    nat = key(platform_db, "national")
    platform_db.add_event("evt_past", datetime.now(UTC) - timedelta(hours=1))
    past = book(api, nat, "evt_past", "fatou", "d1")
    assert past.status_code == 409 and past.json()["code"] == "event_past"
    assert platform_db.event("evt_past").seats_left == platform_db.event("evt_past").capacity

    assert platform_db.event("evt_demo33_017").seats_left == 0  # seeded full
    full = book(api, nat, "evt_demo33_017", "fatou", "d2")
    assert full.status_code == 409 and full.json()["code"] == "event_full"
    assert full.json()["detail"]

    unknown = book(api, nat, "evt_nope", "fatou", "d3")
    assert unknown.status_code == 404 and unknown.json()["code"] == "event_not_found"

    no_key = api.post(
        f"{V1}/bookings", json={"event_id": "evt_demo33_000", "candidate_ref": "x"}, headers=nat
    )
    assert no_key.status_code == 400 and no_key.json()["code"] == "idempotency_key_required"
    garbage = api.post(
        f"{V1}/bookings",
        content=b"{oops",
        headers={**nat, "Idempotency-Key": "d4", "content-type": "application/json"},
    )
    assert garbage.status_code == 400 and garbage.json()["code"] == "invalid_json"


def test_cancel_frees_the_seat_once_and_allows_booking_again(api: TestClient, platform_db) -> None:
    nat = key(platform_db, "national")
    platform_db.set_seats("evt_demo33_003", 1)
    booking = book(api, nat, "evt_demo33_003", "fatou", "e1").json()
    assert book(api, nat, "evt_demo33_003", "paul", "e2").json()["code"] == "event_full"

    cancelled = api.delete(f"{V1}/bookings/{booking['id']}", headers=nat)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancelled_at"] is not None
    assert platform_db.event("evt_demo33_003").seats_left == 1
    assert api.delete(f"{V1}/bookings/{booking['id']}", headers=nat).status_code == 200
    assert platform_db.event("evt_demo33_003").seats_left == 1  # not freed twice

    assert book(api, nat, "evt_demo33_003", "paul", "e3").status_code == 201
    assert platform_db.event("evt_demo33_003").seats_left == 0
    assert book(api, nat, "evt_demo33_004", "fatou", "e4").status_code == 201
    assert book(api, nat, "evt_demo33_003", "fatou", "e5").json()["code"] == "event_full"
    mine = api.get(
        f"{V1}/bookings", params={"candidate_ref": "fatou", "status": "confirmed"}, headers=nat
    ).json()
    assert [b["event_id"] for b in mine["items"]] == ["evt_demo33_004"]


def test_same_idempotency_key_replays_the_same_answer(api: TestClient, platform_db) -> None:
    nat = key(platform_db, "national")
    seats = platform_db.event("evt_demo33_005").seats_left
    first = book(api, nat, "evt_demo33_005", "fatou", "same-key")
    second = book(api, nat, "evt_demo33_005", "fatou", "same-key")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert platform_db.event("evt_demo33_005").seats_left == seats - 1

    other_body = book(api, nat, "evt_demo33_006", "fatou", "same-key")
    assert other_body.status_code == 422 and other_body.json()["code"] == "idempotency_key_reused"
    # keys are per caller: platform 33 may use the same string for its own booking
    assert book(api, key(platform_db, "33"), "evt_demo33_006", "léa", "same-key").status_code == 201


def test_immersion_request_is_decided_once_by_its_platform(api: TestClient, platform_db) -> None:
    nat, k33, k31 = (key(platform_db, w) for w in ("national", "33", "31"))
    body = {
        "candidate_ref": "fatou",
        "job": "aide_soignant",
        "commune": "Mérignac",
        "postal_code": "33700",
        "departement": "33",
        "period": {"text": "en janvier"},
        "employer_wish": "un EHPAD près du tram",
    }
    made = api.post(f"{V1}/immersion-requests", json=body, headers=nat)
    assert made.status_code == 201
    request = made.json()
    assert request["status"] == "requested" and request["departement"] == "33"
    assert request["period"] == {"date_from": None, "date_to": None, "text": "en janvier"}

    url = f"{V1}/immersion-requests/{request['id']}"
    assert api.get(url, headers=k31).status_code == 404
    assert api.get(f"{V1}/immersion-requests", headers=k31).json()["total"] == 0
    no_note = api.patch(url, json={"status": "refused"}, headers=k33)
    assert no_note.status_code == 422
    decided = api.patch(
        url,
        json={"status": "validated", "note": "Convention à signer", "counsellor": "Nadia"},
        headers=k33,
    )
    assert decided.status_code == 200
    assert (
        decided.json()["status"] == "validated" and decided.json()["note"] == "Convention à signer"
    )
    again = api.patch(url, json={"status": "refused", "note": "non"}, headers=k33)
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"

    # the list: a status and a candidate narrow it, within the caller's platform
    def listed(params: dict[str, str], headers: dict[str, str]) -> int:
        found = api.get(f"{V1}/immersion-requests", params=params, headers=headers)
        return int(found.json()["total"])

    assert listed({"status": "validated", "candidate_ref": "fatou"}, k33) == 1
    assert listed({"status": "requested"}, k33) == 0
    assert listed({"candidate_ref": "someone_else"}, nat) == 0
    assert listed({"status": "validated"}, k31) == 0

    elsewhere = api.post(f"{V1}/immersion-requests", json=body, headers=k31)
    assert elsewhere.status_code == 403
    nowhere = api.post(f"{V1}/immersion-requests", json={**body, "departement": "40"}, headers=nat)
    assert nowhere.status_code == 404 and nowhere.json()["code"] == "platform_not_found"
    bad_period = api.post(f"{V1}/immersion-requests", json={**body, "period": {}}, headers=nat)
    assert bad_period.status_code == 422


def test_platform_record_has_structured_hours_and_counsellors(api: TestClient, platform_db) -> None:
    platform = api.get(f"{V1}/platforms/33", headers=key(platform_db, "31")).json()
    assert platform["name"].startswith("[DÉMO]") and platform["demo"] is True
    assert platform["counsellors"] and platform["phone"]
    assert platform["opening_hours"]["monday"] == [
        {"opens": "09:00", "closes": "12:30"},
        {"opens": "13:30", "closes": "17:30"},
    ]
    assert platform["opening_hours"]["sunday"] == []
    opening = datetime.fromisoformat(platform["next_opening_at"]).astimezone(PARIS)
    if platform["open_now"]:
        assert abs(opening - datetime.now(UTC)) < timedelta(minutes=1)
    else:
        assert opening.weekday() < 5 and opening.strftime("%H:%M") in {"09:00", "13:30"}
    listed = api.get(f"{V1}/platforms", headers=key(platform_db, "33")).json()
    assert {p["departement"] for p in listed["items"]} >= {"33", "31", "59", "69", "29", "91"}


def test_employers_near_a_point(api: TestClient, platform_db) -> None:
    nat = key(platform_db, "national")
    params = {**MERIGNAC, "radius_km": 20, "type": "ehpad"}
    found = api.get(f"{V1}/employers", params=params, headers=nat).json()["items"]
    assert found and {e["type"] for e in found} == {"ehpad"}
    distances = [e["distance_km"] for e in found]
    assert distances == sorted(distances) and distances[-1] <= 20
    all_near = api.get(f"{V1}/employers", params={**MERIGNAC, "radius_km": 20}, headers=nat)
    assert {e["type"] for e in all_near.json()["items"]} >= {"sad", "ehpad"}
    half = api.get(f"{V1}/employers", params={"lon": MERIGNAC["lon"]}, headers=nat)
    assert half.status_code == 422 and half.json()["code"] == "invalid_request"


def test_a_page_past_any_listing_is_refused_not_a_500(api: TestClient, platform_db) -> None:
    nat = key(platform_db, "national")
    for listing in ("bookings", "immersion-requests", "events", "employers"):
        far = api.get(f"{V1}/{listing}", params={"offset": 2**63}, headers=nat)  # was a 500
        assert far.status_code == 422 and far.json()["code"] == "invalid_request", listing
        last = api.get(f"{V1}/{listing}", params={"offset": 10**9}, headers=nat)
        assert last.status_code == 200 and last.json()["items"] == [], listing


def test_a_wrong_method_names_every_method_of_the_path(api: TestClient, platform_db) -> None:
    refused = api.request("PUT", f"{V1}/bookings/bkg_x", headers=key(platform_db, "national"))
    assert refused.status_code == 405 and refused.json()["code"] == "method_not_allowed"
    assert refused.headers["allow"] == "DELETE, GET"  # was "GET": the first route's only


def test_the_openapi_documents_the_error_bodies_sent(api: TestClient, platform_db) -> None:
    spec = api.get("/platform/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]  # FastAPI's, never sent
    assert "401" in spec["paths"]["/v1/me"]["get"]["responses"]
    erase = spec["paths"]["/v1/candidates/{candidate_ref}"]["delete"]["responses"]
    assert erase["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")


def test_erasing_a_person_erases_the_idempotency_answers_naming_them(
    api: TestClient, platform_db: PlatformDb
) -> None:
    """Issue 18: the stored answer of an Idempotency-Key holds the candidate_ref;
    it outlived the erase, and was never purged."""
    from sqlalchemy import func, select, update

    from platform_server.idempotency import WINDOW
    from platform_server.tables import PlatformIdempotencyKey

    def stored() -> list[str]:
        with platform_db.sessions() as session:
            rows = session.scalars(select(PlatformIdempotencyKey)).all()
            return [f"{r.scoped_key} {r.response}" for r in rows]

    nat = key(platform_db, "national")
    assert book(api, nat, "evt_demo33_005", "sms:+33612345678", "k-fatou").status_code == 201
    assert book(api, nat, "evt_demo33_006", "web:bruno_%", "k-bruno").status_code == 201
    assert any("+33612345678" in row for row in stored())
    erased = api.delete(f"{V1}/candidates/sms:+33612345678", headers=nat)
    assert erased.status_code == 200 and erased.json()["idempotency_keys_deleted"] == 1
    assert not any("+33612345678" in row for row in stored())
    assert len(stored()) == 1  # the other person's answer stays (no LIKE wildcard run wild)

    # an answer older than the window is purged by the next store
    with platform_db.sessions.begin() as session:
        old = datetime.now(UTC) - WINDOW - timedelta(minutes=1)
        session.execute(update(PlatformIdempotencyKey).values(created_at=old))
    assert book(api, nat, "evt_demo33_007", "web:chloe", "k-chloe").status_code == 201
    with platform_db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(PlatformIdempotencyKey)) == 1
    assert "web:bruno_%" not in " ".join(stored())


def test_a_nul_in_a_value_is_a_client_error_not_a_500(api: TestClient, platform_db) -> None:
    """PostgreSQL stores no NUL: a reference or a text carrying one failed (500) at
    every try of a partner's client (issue 18)."""
    headers = key(platform_db, "33")
    answers = [
        api.get(f"{V1}/bookings", params={"candidate_ref": "c_\x00"}, headers=headers),
        api.delete(f"{V1}/candidates/c_%00", headers={"X-Platform-Key": NATIONAL_KEY}),
        api.post(
            f"{V1}/bookings",
            json={"event_id": "evt_\x00", "candidate_ref": "c_\x00"},
            headers={**headers, "Idempotency-Key": "nul-1"},
        ),
    ]
    assert all(a.status_code < 500 for a in answers), [a.text for a in answers]
    assert api.get(f"{V1}/bookings", headers=headers).status_code == 200
