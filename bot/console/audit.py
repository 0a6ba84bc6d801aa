"""The audit log: every read and write of a candidate's data from the console."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, sessionmaker

from bot.console.tables import AuditEntry
from bot.storage.models import utcnow
from sqlkit.db import select_all

__all__ = ["AuditLog"]


class AuditLog:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(
        self,
        action: str,
        *,
        actor: str,
        counsellor_id: int | None = None,
        sender_id: str | None = None,
        team: str | None = None,
        ip: str | None = None,
        **detail: Any,
    ) -> None:
        with self._sessions.begin() as session:
            session.add(
                AuditEntry(
                    at=utcnow(),
                    counsellor_id=counsellor_id,
                    actor=actor[:200],
                    action=action,
                    sender_id=sender_id,
                    team=team,
                    ip=(ip or "")[:64] or None,
                    detail=detail,
                )
            )

    def recent(self, team: str, limit: int = 200) -> list[AuditEntry]:
        return self._latest(AuditEntry.team == team, limit)

    def entries(self, sender_id: str) -> list[AuditEntry]:
        return select_all(
            self._sessions,
            select(AuditEntry)
            .where(AuditEntry.sender_id == sender_id)
            .order_by(AuditEntry.at, AuditEntry.id),
        )

    def entries_of_action(self, action: str, limit: int = 500) -> list[AuditEntry]:
        return self._latest(AuditEntry.action == action, limit)

    def _latest(self, condition: ColumnElement[bool], limit: int) -> list[AuditEntry]:
        """The `limit` latest entries meeting `condition`, newest first."""
        return select_all(
            self._sessions,
            select(AuditEntry)
            .where(condition)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit),
        )
