"""Pilotage: funnel statistics and the pseudonymised export, from the event log."""

from bot.pilotage.export import EXPORT_FIELDS, export_rows, write_export
from bot.pilotage.stats import STAGES, compute_stats

__all__ = ["EXPORT_FIELDS", "STAGES", "compute_stats", "export_rows", "write_export"]
