"""Pilotage: funnel statistics and the pseudonymised export, from the event log and
the platform API."""

from bot.pilotage.export import EXPORT_FIELDS, export_rows, write_export
from bot.pilotage.people import PlatformActivity, platform_activity
from bot.pilotage.stats import FUNNEL, STAGES, compute_stats

__all__ = [
    "EXPORT_FIELDS",
    "FUNNEL",
    "STAGES",
    "PlatformActivity",
    "compute_stats",
    "export_rows",
    "platform_activity",
    "write_export",
]
