"""The pseudonym the platform knows a person by (`candidate_ref`), and back.

`candidate_ref` is `c_` and 32 hex digits of HMAC-SHA256 under the application
secret (bot/secret.py) of the sender id: the platform, its tables, its logs and
its stored idempotency answers never see a sender id, which for SMS is a phone
number. The mapping is kept in `candidate_refs` (written when a booking or an
immersion request is sent) so that a platform booking can be turned back into
the person to remind, and so that an erasure reaches every pseudonym the person
was given, even under an earlier key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import TypeVar

from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.platform_tables import CandidateRef
from platform_api.models import Booking, ImmersionRequest

__all__ = ["CandidateRefs", "P", "as_sender", "restored"]

P = TypeVar("P", Booking, ImmersionRequest)
_DOMAIN = b"candidate_ref\x00"  # not the lock keys' HMAC of the same sender


class CandidateRefs:
    """Sender id → keyed pseudonym (pure), and the stored mapping back (with `sessions`)."""

    def __init__(self, key: bytes, sessions: sessionmaker[Session] | None = None) -> None:
        self._key = key
        self._sessions = sessions

    def ref(self, sender_id: str) -> str:
        """The person's candidate_ref under the current key."""
        digest = hmac.new(self._key, _DOMAIN + sender_id.encode(), hashlib.sha256)
        return "c_" + digest.hexdigest()[:32]

    def remember(self, sender_id: str) -> str:
        """The candidate_ref, stored with its sender id (once) so it can be turned back."""
        ref = self.ref(sender_id)
        if self._sessions is None:
            return ref
        with self._sessions() as session:
            if session.scalar(select(CandidateRef.id).where(CandidateRef.ref == ref)) is not None:
                return ref
        try:
            with self._sessions.begin() as session:
                session.add(CandidateRef(ref=ref, sender_id=sender_id))
        except IntegrityError:  # stored meanwhile by another turn
            pass
        return ref

    def refs_of(self, sender_id: str) -> list[str]:
        """Every candidate_ref the person was given (the current one first)."""
        refs = [self.ref(sender_id)]
        if self._sessions is not None:
            with self._sessions() as session:
                stored = session.scalars(
                    select(CandidateRef.ref)
                    .where(CandidateRef.sender_id == sender_id)
                    .order_by(CandidateRef.id)
                )
                refs += [r for r in stored if r not in refs]
        return refs

    def senders(self, refs: Iterable[str]) -> dict[str, str]:
        """candidate_ref → sender id, for the refs stored here."""
        wanted = sorted(set(refs))
        if not wanted or self._sessions is None:
            return {}
        found: dict[str, str] = {}
        with self._sessions() as session:
            for start in range(0, len(wanted), 500):
                rows = session.execute(
                    select(CandidateRef.ref, CandidateRef.sender_id).where(
                        CandidateRef.ref.in_(wanted[start : start + 500])
                    )
                )
                found.update({ref: sender for ref, sender in rows})
        return found


def as_sender(item: P, sender_id: str) -> P:
    """`item` as the assistant sees it: its candidate_ref is the person's sender id."""
    return item.model_copy(update={"candidate_ref": sender_id})


async def restored(refs: CandidateRefs, items: list[P]) -> list[P]:
    """The items with their candidate_ref turned back into sender ids, where known."""
    if not items:
        return items
    senders = await to_thread.run_sync(refs.senders, [i.candidate_ref for i in items])
    return [
        as_sender(i, senders[i.candidate_ref]) if i.candidate_ref in senders else i for i in items
    ]
