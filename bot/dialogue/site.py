"""The platform whose site hosts the widget (its `data-platform`, a département code),
kept as the conversation's `site_departement` slot.

It says where the person met the assistant, nothing about them: a person who wrote
from the Gironde platform's site and gave no place of their own is handed to the
Gironde counsellors, in Gironde's opening hours (bot.handoff). Their own
département, once known, always wins. The code is only shaped here ("33", "2A",
"974"); the handoff service checks that it names a département.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.dialogue.events import Event, SlotSet
from bot.dialogue.tracker import Tracker
from vocab.departements import of_departement

__all__ = ["SITE_SLOT", "platform_named", "site_code", "site_events"]

SITE_SLOT = "site_departement"


def site_code(raw: object) -> str | None:
    """'33', '2a' → '2A', '974'; None for anything else."""
    if not isinstance(raw, str):
        return None
    code = raw.strip().upper()
    if len(code) == 2 and (code.isdigit() or code in ("2A", "2B")):
        return code
    if len(code) == 3 and code.isdigit() and code.startswith("97"):
        return code
    return None


def site_events(tracker: Tracker, metadata: Mapping[str, Any]) -> list[Event]:
    """The slot event for the site's platform, when the client names a new one."""
    code = site_code(metadata.get("platform"))
    if code is None or code == tracker.get_slot(SITE_SLOT):
        return []
    return [SlotSet(name=SITE_SLOT, value=code)]


def platform_named(tracker: Tracker) -> str:
    """Whose assistant this is, as the greeting says it: "de la plateforme des métiers de
    l'autonomie de Gironde" on the Gironde platform's site, without a département elsewhere."""
    of = of_departement(tracker.get_slot(SITE_SLOT))
    return "de la plateforme des métiers de l'autonomie" + (f" {of}" if of else "")
