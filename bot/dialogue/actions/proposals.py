"""The next events near a person: where they are, how far they can go, which
events fit them best (the job wanted, then the nearest, then the soonest), and
why each one is proposed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.dialogue.actions.base import say
from bot.dialogue.booking_buttons import book_payload
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, Event
from bot.dialogue.formatting import french_date, parse_day, short_date, short_title
from bot.dialogue.services import TurnContext
from bot.dialogue.smsbudget import fits_sms, turn_messages
from bot.dialogue.tracker import Tracker
from bot.platform import PlatformError
from channels.messages import Button
from platform_api.models import Event as PlatformEvent
from vocab.departements import DEPARTEMENTS

__all__ = [
    "MAX_SHOWN",
    "event_button",
    "events_message",
    "events_near",
    "has_platform",
    "no_platform",
    "propose_events",
    "radius_for",
    "rank_events",
    "where",
    "why",
]

MAX_SHOWN = 3
#: on SMS, two short options keep a proposal within two segments
MAX_SHOWN_SMS = 2
#: the lengths an event's title is cut to on SMS, the longest that fits the turn
SMS_TITLE_LIMITS = (60, 44, 30)
#: the events where an experienced professional meets employers
MEET_EMPLOYERS = ("job_dating", "forum")
#: online events: the platforms within this distance and the nearest one (the API caps it)
ONLINE_KM = 1000.0
#: search radius by mobility: without car nor transport, only close by (and online)
RADIUS_KM = {"car": 40.0, "two_wheeler": 30.0, "transport": 25.0, "none": 12.0}


def where(slots: dict[str, Any], ctx: TurnContext) -> dict[str, Any] | None:
    """The person's place with coordinates: {commune, departement, lat, lon}; a
    département alone ("dans le 91") has no coordinates (lat and lon None): its
    events are searched in the département."""
    places = ctx.services.places
    if places is None:
        return None
    if not (slots.get("commune") or slots.get("postal_code")):
        dept = slots.get("departement")
        if not dept:
            return None
        name = DEPARTEMENTS.get(str(dept))
        label = f"chez vous ({name})" if name else f"chez vous ({dept})"
        return {"commune": label, "departement": str(dept), "lat": None, "lon": None}
    found = places.by_postal_code(slots["postal_code"]) if slots.get("postal_code") else []
    found = found or places.by_name(str(slots.get("commune")))
    found = [
        p
        for p in found
        if p.lat is not None
        and (not slots.get("departement") or p.departement == slots["departement"])
    ]
    if not found:
        return None
    place = found[0]
    return {
        "commune": slots.get("commune") or slots.get("postal_code") or place.commune,
        "departement": place.departement,
        "lat": place.lat,
        "lon": place.lon,
    }


def radius_for(slots: dict[str, Any]) -> float:
    if slots.get("vehicle") in ("car", "two_wheeler"):
        return RADIUS_KM[slots["vehicle"]]
    if slots.get("public_transport"):
        return RADIUS_KM["transport"]
    if slots.get("vehicle") == "none" or slots.get("driving_licence") is False:
        return RADIUS_KM["none"]
    return RADIUS_KM["transport"]


async def events_near(
    place: dict[str, Any],
    slots: dict[str, Any],
    ctx: TurnContext,
    *,
    type_: str | Sequence[str] | None = None,
    jobs: list[str] | None = None,
    dates: dict[str, str] | None = None,
) -> list[PlatformEvent]:
    """Bookable events around the person: those about the job wanted first, then
    the others, each by distance then date; online ones when nothing is near."""
    client = ctx.services.platform
    dates = dates or {}
    booked = set(slots.get("booked") or [])
    found: list[PlatformEvent] = []
    # without a point (a département alone), the département's events
    area = place["departement"] if place["lat"] is None else None
    for job in [*(jobs or [])[:1], None]:
        found += await client.search_events(
            place["lat"],
            place["lon"],
            radius_km=radius_for(slots),
            type=type_,
            job=job,
            date_from=parse_day(dates.get("date_from") or dates.get("date")),
            date_to=parse_day(dates.get("date_to") or dates.get("date")),
            departement=area,
            limit=MAX_SHOWN + len(booked),
        )
    if not found:
        found = await client.search_events(
            place["lat"],
            place["lon"],
            radius_km=ONLINE_KM,
            type=type_,
            online=True,
            limit=MAX_SHOWN + len(booked),
        )
    found = [e for e in found if e.id not in booked]  # a booked event is not proposed again
    if not found and type_ is not None:  # none of that kind: the others near the person
        return await events_near(place, slots, ctx, jobs=jobs, dates=dates)
    return rank_events(found, jobs or [])[:MAX_SHOWN]


def rank_events(found: list[PlatformEvent], jobs: list[str]) -> list[PlatformEvent]:
    """The job wanted first, then events for every job, then the others; nearest then
    soonest within each (online ones last)."""
    unique = list({e.id: e for e in found}.values())

    def key(event: PlatformEvent) -> tuple[int, int, float, str]:
        fits = 0 if set(event.jobs) & set(jobs) else 1 if not event.jobs else 2
        return (fits, int(event.online), event.distance_km or 0.0, event.starts_at.isoformat())

    return sorted(unique, key=key)


def why(event: PlatformEvent, jobs: list[str], content: Content) -> str:
    """Why an event is proposed, in a few words."""
    wanted = [j for j in jobs if j in event.jobs]
    if wanted:
        return f"le métier {content.label('jobs_de', wanted[0])}"
    if event.online:
        return "en ligne"
    if event.distance_km is not None:
        return f"à {max(1, round(event.distance_km))} km"
    return "près de chez vous"


async def propose_events(content: Content, tracker: Tracker, ctx: TurnContext) -> list[Event]:
    """The next events near the person, as buttons, with why; [] when there are none.

    An experienced professional gets the job datings and forums first, the
    employers near them, and the VAE when they have no diploma for the job.
    """
    if ctx.services.platform is None:
        return []
    place = where(tracker.slots, ctx)
    if place is None:
        return []
    jobs = list(tracker.get_slot("jobs") or [])
    meet = tracker.get_slot("route") == "experienced"
    try:
        found = await events_near(
            place, tracker.slots, ctx, jobs=jobs, type_=list(MEET_EMPLOYERS) if meet else None
        )
        employers = await _employers(place, jobs, ctx) if meet else ""
    except PlatformError:
        return []
    if not found and not employers:
        return []
    commune = place["commune"] or place.get("postal_code") or ""
    said: list[BotUttered] = []
    if meet:
        said.append(say(content, "utter_meet_employers", ctx, commune=commune))
        if employers:
            said.append(say(content, "utter_employers_near", ctx, employers=employers))
        if "none" in (tracker.get_slot("diplomas") or ["none"]):
            said.append(say(content, "utter_step_vae", ctx))
    if found:

        def proposal(prior: list[BotUttered]) -> BotUttered:
            return events_message(
                content,
                ctx,
                tracker,
                "utter_events_proposed",
                found,
                jobs,
                prior=prior,
                commune=commune,
            )

        if ctx.channel == "sms":
            # two segments: the events first; the advice before them while it fits
            before, alone = turn_messages(tracker), proposal([])
            kept: list[BotUttered] = []
            for message in said:
                if fits_sms([*before, *kept, message, alone]):
                    kept.append(message)
            said = kept
        said.append(proposal(said))
    out: list[Event] = [*said]
    return out


async def _employers(place: dict[str, Any], jobs: list[str], ctx: TurnContext) -> str:
    """ "Résidence A (Lille), Service B (Roubaix)": who hires near the person."""
    if place["lat"] is None:
        return ""  # a département alone: no point to measure from
    found = await ctx.services.platform.employers_near(
        place["lat"],
        place["lon"],
        radius_km=RADIUS_KM["car"],
        job=jobs[0] if jobs else None,
        limit=3,
    )
    return ", ".join(f"{e.name} ({e.commune})" for e in found if e.hiring)


async def has_platform(departement: str | None, ctx: TurnContext) -> bool:
    """False only when the platform directory says the département has none (unknown
    département or directory unreachable: True, the request goes on)."""
    client = ctx.services.platform
    if client is None or not departement:
        return True
    try:
        return await client.platform_for(departement) is not None
    except PlatformError:
        return True


def no_platform(content: Content, ctx: TurnContext, departement: str, response: str) -> Event:
    """No platform of the platform API in the person's département: said plainly, with
    France Travail and a counsellor (the national team answers where no platform does).
    Where the sourced directory (knowledge/platforms.yml) knows one, it is named with its
    source (`<response>_known`): never "I know of none" beside a fiche that names it."""
    name = DEPARTEMENTS.get(departement, "")
    where_ = f"{name}, {departement}" if name else departement
    directory = ctx.services.directory
    known = directory.in_departement(departement) if directory is not None and departement else []
    if not known:
        return say(content, response, ctx, departement=where_)
    source = known[0].source
    return say(
        content,
        f"{response}_known",
        ctx,
        custom={"sources": [source.as_payload()]},
        departement=where_,
        platforms=", ".join(platform.name for platform in known),
        source=f"{source.publisher}, {source.year}",
    )


def event_button(event: PlatformEvent, reason: str | None = None, *, short: int = 0) -> Button:
    """The button that books `event`: its title, date and place, and why it is proposed;
    `short` (SMS): the title cut to that many characters, a short date, no reason."""
    place = "en ligne" if event.online else (event.commune or "")
    payload = book_payload(event.id)
    if short:
        title = short_title(event.title, short)
        return Button(f"{title}, {short_date(event.starts_at)}, {place}", payload)
    title = f"{event.title}, {french_date(event.starts_at)}, {place}"
    if reason and reason != place:
        title += f" ({reason})"
    return Button(title, payload)


def events_message(
    content: Content,
    ctx: TurnContext,
    tracker: Tracker,
    response: str,
    found: list[PlatformEvent],
    jobs: list[str],
    *,
    prior: Sequence[Event] = (),
    **values: Any,
) -> BotUttered:
    """`response` with one button per event found. On SMS: the first two, their
    titles cut shorter while the turn (what was said before, `prior` included)
    would take more than two segments."""
    if ctx.channel != "sms":
        buttons = [event_button(e, why(e, jobs, content)) for e in found]
        return offering(say(content, response, ctx, buttons=buttons, **values), found)
    before = [*turn_messages(tracker), *(e for e in prior if isinstance(e, BotUttered))]
    for limit in SMS_TITLE_LIMITS:
        buttons = [event_button(e, short=limit) for e in found[:MAX_SHOWN_SMS]]
        said = say(content, response, ctx, buttons=buttons, **values)
        if fits_sms([*before, said]):
            break
    return offering(said, found[:MAX_SHOWN_SMS])


def offering(said: BotUttered, events: Sequence[PlatformEvent]) -> BotUttered:
    """`said`, keeping for the next turn where and when each proposed event is (never
    sent): "le plus proche", "le plus tôt" pick among them (bot.dialogue.choice)."""
    said.data["offered"] = [
        {
            "id": e.id,
            "km": None if e.online or e.distance_km is None else round(e.distance_km, 1),
            "at": e.starts_at.isoformat(),
        }
        for e in events
    ]
    return said
