"""`autonomie export`: one pseudonymised row per candidate (docs/export-schema.md)."""

from __future__ import annotations

import csv
import json
from datetime import date
from typing import Any, TextIO

from sqlalchemy.orm import Session, sessionmaker

from bot.pilotage.people import PlatformActivity, iso_week, people
from bot.pseudonym import pseudonym, pseudonym_key
from bot.settings import Settings

__all__ = ["EXPORT_FIELDS", "export_rows", "write_export"]

EXPORT_FIELDS = (
    "candidate",
    "departement",
    "channel",
    "jobs",
    "barriers",
    "consent_date",
    "oriented",
    "bookings",
    "handoff",
    "immersion_requested",
    "first_seen_week",
    "last_seen_week",
    "site_departement",
)


def export_rows(
    sessions: sessionmaker[Session],
    activity: PlatformActivity,
    settings: Settings,
    start: date,
    end: date,
) -> list[dict[str, Any]]:
    """Rows of the people active between `start` and `end` (included), by pseudonym."""
    key = pseudonym_key(settings)
    rows = [
        {
            "candidate": pseudonym(key, p.sender_id),
            "departement": p.departement,
            "channel": p.channel,
            "jobs": sorted(p.jobs),
            "barriers": sorted(p.barriers),
            "consent_date": p.consent_at.date().isoformat() if p.consent_at else None,
            "oriented": p.oriented,
            "bookings": p.bookings,
            "handoff": p.handed_off,
            "immersion_requested": p.immersion_requested,
            "first_seen_week": iso_week(p.first_seen),
            "last_seen_week": iso_week(p.last_seen),
            "site_departement": p.site,
        }
        for p in people(sessions, activity, start, end).values()
    ]
    return sorted(rows, key=lambda r: r["candidate"])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def write_export(rows: list[dict[str, Any]], fmt: str, stream: TextIO) -> None:
    """CSV (header always, lists joined by ';') or a JSON array ([] when empty)."""
    if fmt == "json":
        json.dump(rows, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
        return
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(EXPORT_FIELDS)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in EXPORT_FIELDS])
