"""Human handoff: a conversation goes to the counsellors of the person's département.

The dialogue opens a handoff (`HandoffService.open`, from `action_handoff`);
the counsellor console (bot.console) takes it over, replies on the
person's channel, hands it back or closes it. Live updates go through a `Hub`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot.content.domain import Domain
from bot.dialogue.lock import LockStore
from bot.dialogue.store import TrackerStore
from bot.handoff.delivery import Delivery, DeliveryOutcome, channel_of
from bot.handoff.hub import Hub, InProcessHub, RedisHub, make_hub
from bot.handoff.service import HANDOFF_SLOT, Actor, HandoffService, Opened, Outcome
from bot.handoff.store import HandoffStore, NewHandoff
from bot.handoff.tables import ACTIVE_STATES, Handoff, HandoffNote
from bot.settings import Settings

__all__ = [
    "ACTIVE_STATES",
    "HANDOFF_SLOT",
    "Actor",
    "Delivery",
    "DeliveryOutcome",
    "Handoff",
    "HandoffNote",
    "HandoffService",
    "HandoffStore",
    "Hub",
    "InProcessHub",
    "NewHandoff",
    "Opened",
    "Outcome",
    "RedisHub",
    "build_handoff_service",
    "channel_of",
]


def build_handoff_service(
    settings: Settings,
    sessions: sessionmaker[Session],
    store: TrackerStore,
    locks: LockStore,
    domain: Domain,
) -> HandoffService:
    """No I/O: the hub connects in `start()` (the app's lifespan)."""
    return HandoffService(
        settings, HandoffStore(sessions), store, locks, make_hub(settings.redis_url), domain
    )
