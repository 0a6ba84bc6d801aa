"""What the console shows: transcript lines, profile rows, French labels and times.

Values go to autoescaping templates: nothing here builds HTML.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.dialogue.content import Content
from bot.dialogue.events import (
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from bot.dialogue.profile import derive_barriers
from platform_api.models import PARIS
from vocab.keywords import OPT_IN_PAYLOAD, OPT_OUT_PAYLOAD
from vocab.payloads import payload_intent

__all__ = ["FILTERS", "Line", "profile_rows", "transcript"]

REASONS = {
    "asked": "Demande un conseiller",
    "fallback": "L'assistant n'a pas su répondre",
    "immersion": "Demande d'immersion",
    "sensitive": "Sujet sensible",
}
TOPICS = {
    "distress": "détresse",
    "violence": "violences",
    "harassment": "harcèlement",
    "disability": "handicap",
}
STATES = {
    "open": "En attente",
    "taken": "Pris en charge",
    "handed_back": "Rendu à l'assistant",
    "closed": "Clos",
}
CHANNELS = {
    "sms": "SMS",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "rest": "Site web",
    "socketio": "Site web (socket.io)",
    "terminal": "Terminal",
}
DELIVERY = {
    "sent": "envoyé",
    "pickup": "remis au widget",
    "queued": "en attente d'envoi",
    "failed": "non envoyé",
}


@dataclass(frozen=True)
class Line:
    kind: str  # user, bot, counsellor, system
    text: str
    at: datetime
    channel: str | None = None
    author: str | None = None
    buttons: tuple[str, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = field(default_factory=tuple)


def _at(event: Event) -> datetime:
    return datetime.fromtimestamp(event.timestamp, UTC)


#: how a typed payload reads when no button offered it
PAYLOADS = {
    "/human_handoff": "Parler à un conseiller",
    "/help": "Aide",
    "/affirm": "Oui",
    "/deny": "Non",
    OPT_OUT_PAYLOAD: "STOP",
    OPT_IN_PAYLOAD: "START",
    "/delete_data": "Effacer mes données",
    "/want_job": "Je cherche un emploi",
    "/list_events": "Voir les ateliers",
    "/book_immersion": "Je suis intéressé(e) par une immersion",
    "/bot": "Revenir à l'assistant",
}


def _said(text: str, offered: dict[str, str]) -> tuple[str, str | None]:
    """(what the person said, "bouton" when it was a button's payload)."""
    intent = payload_intent(text)
    if intent is not None:
        title = offered.get(text) or PAYLOADS.get(f"/{intent}")
        if title:
            return title, "bouton"
    return text, None


def transcript(events: list[Event]) -> list[Line]:
    lines: list[Line] = []
    offered: dict[str, str] = {}
    for event in events:
        if isinstance(event, UserUttered):
            text, note = _said(event.text, offered)
            lines.append(Line("user", text, _at(event), channel=event.channel, note=note))
        elif isinstance(event, BotUttered):
            data = event.data
            buttons = tuple(str(b.get("title", "")) for b in data.get("buttons") or ())
            for button in data.get("buttons") or ():
                offered[str(button.get("payload"))] = str(button.get("title"))
            sources = tuple(
                str(s.get("title", "")) for s in (data.get("custom") or {}).get("sources") or ()
            )
            if data.get("counsellor"):
                delivery = DELIVERY.get(str(data.get("delivery")))
                lines.append(
                    Line(
                        "counsellor",
                        event.text or "",
                        _at(event),
                        author=str(data["counsellor"]),
                        note=delivery,
                    )
                )
            else:
                lines.append(
                    Line("bot", event.text or "", _at(event), buttons=buttons, sources=sources)
                )
        elif isinstance(event, SlotSet) and event.name == "handoff":
            text = {
                "open": "Transmis aux conseillers",
                "taken": "Un conseiller a pris la main",
                None: "L'assistant a repris la conversation",
            }.get(event.value, f"handoff : {event.value}")
            lines.append(Line("system", text, _at(event)))
        elif isinstance(event, SlotSet) and event.name == "opted_out":
            text = "La personne a demandé STOP" if event.value else "La personne a écrit START"
            lines.append(Line("system", text, _at(event)))
        elif isinstance(event, SessionStarted):
            lines.append(Line("system", "Nouvelle session", _at(event)))
    return lines


def _yes_no(value: Any) -> str:
    return "oui" if value else "non"


def profile_rows(slots: dict[str, Any], content: Content) -> list[tuple[str, str]]:
    """(label, value) of the known profile slots, in French."""
    rows: list[tuple[str, str]] = []
    place = slots.get("commune")
    if place or slots.get("departement"):
        code = slots.get("postal_code") or slots.get("departement")
        rows.append(("Commune", f"{place or '?'} ({code})" if code else str(place)))
    if slots.get("jobs"):
        rows.append(("Métiers", ", ".join(content.label("jobs", j) for j in slots["jobs"])))
    if slots.get("diplomas") is not None:
        rows.append(
            ("Diplômes", ", ".join(content.label("diplomas", d) for d in slots["diplomas"]))
        )
    for slot, label in (
        ("driving_licence", "Permis B"),
        ("public_transport", "Transports en commun"),
        ("childcare_needed", "Besoin de garde d'enfants"),
        ("rqth", "RQTH"),
    ):
        if slots.get(slot) is not None:
            rows.append((label, _yes_no(slots[slot])))
    if slots.get("vehicle"):
        rows.append(("Véhicule", content.label("vehicle", slots["vehicle"])))
    if slots.get("children") is not None:
        rows.append(("Enfants à charge", str(slots["children"])))
    return rows


def barriers(slots: dict[str, Any], content: Content) -> list[str]:
    found = list(slots.get("barriers") or [])
    with contextlib.suppress(Exception):  # a profile the rules cannot read: show what is stored
        found += derive_barriers(slots, content)
    return [content.label("barriers", b) for b in dict.fromkeys(found)]


def local_time(value: datetime | None, fmt: str = "%d/%m %H:%M") -> str:
    return value.astimezone(PARIS).strftime(fmt) if value else ""


def duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "moins d'1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {rest:02d}"
    return f"{hours // 24} j {hours % 24} h"


def team_name(team: str) -> str:
    from vocab.departements import departement_name

    name = departement_name(team)
    return f"{name} ({team})" if name else "équipe nationale"


def platform_phrase(team: str) -> str:
    """ "la plateforme de Gironde"; the national team's "la plateforme des métiers de
    l'autonomie" (a canned reply's {plateforme})."""
    from vocab.departements import of_departement

    of = of_departement(team)
    return f"la plateforme {of}" if of else "la plateforme des métiers de l'autonomie"


def masked(sender_id: str) -> str:
    """A sender id shown in lists: the channel and the last characters only."""
    prefix, _, rest = sender_id.rpartition(":")
    tail = rest[-4:] if len(rest) > 4 else rest
    return f"{prefix + ':' if prefix else ''}…{tail}"


def weekday(day: Any) -> str:
    """'lun. 30/11'."""
    names = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
    return f"{names[day.weekday()]} {day:%d/%m}"


FILTERS: dict[str, Any] = {
    "weekday": weekday,
    "team_name": team_name,
    "platform_phrase": platform_phrase,
    "masked": masked,
    "local_time": local_time,
    "duration": duration,
    "reason_label": lambda r: REASONS.get(r, r),
    "topic_label": lambda t: TOPICS.get(t, t or ""),
    "state_label": lambda s: STATES.get(s, s),
    "channel_label": lambda c: CHANNELS.get(c, c),
}
