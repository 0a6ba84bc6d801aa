"""Who may count whom in the console's statistics (see bot/console/stats.py).

- a platform administrator (role platform_admin) sees every département;
- a counsellor of a département's team sees that département only;
- a counsellor of the default team ("national") sees the people whose
  département has neither a platform (in the platform's directory, read through
  its API) nor a console team, and those whose département is unknown.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from anyio import to_thread
from fastapi import HTTPException, status
from sqlalchemy import select

from bot.console.auth import CurrentUser
from bot.console.deps import Console
from bot.console.tables import Counsellor
from bot.pilotage.people import UNKNOWN
from bot.platform.client import PlatformClient
from bot.platform.errors import PlatformError
from platform_api.models import Platform
from vocab.departements import departement_codes, departement_name

__all__ = ["StatsScope", "departement_label", "from_platform", "scope_for"]

T = TypeVar("T")


@dataclass(frozen=True)
class StatsScope:
    """The départements whose people a console user may count."""

    only: frozenset[str] | None = None  # these départements and nothing else
    excluded: frozenset[str] = frozenset()  # otherwise: all but these (unknown included)

    @property
    def everything(self) -> bool:
        return self.only is None and not self.excluded

    def allows(self, departement: str | None) -> bool:
        if self.only is not None:
            return departement in self.only
        return departement not in self.excluded

    def choices(self) -> list[str]:
        """The départements the filter offers, in code order."""
        if self.only is not None:
            return sorted(self.only)
        return [code for code in departement_codes() if code not in self.excluded]

    def visible(self) -> list[str] | None:
        """For the JSON answer: None when everything is visible, else the codes."""
        if self.everything:
            return None
        return self.choices() + ([] if self.only is not None else [UNKNOWN])

    def describe(self) -> str:
        if self.everything:
            return "tous les départements"
        if self.only is not None:
            return ", ".join(departement_label(code) for code in sorted(self.only))
        return "les départements sans plateforme et les départements inconnus"


def departement_label(code: str) -> str:
    if code == UNKNOWN:
        return "Inconnu"
    name = departement_name(code)
    return f"{name} ({code})" if name else code


async def scope_for(console: Console, user: CurrentUser) -> StatsScope:
    """What this user may see (the module's docstring says why)."""
    if user.admin:
        return StatsScope()
    if user.team == console.settings.handoff_default_team:
        # served elsewhere: a platform of the platform's directory, or a console team
        served = {p.departement for p in await from_platform(console, _platforms)}
        served |= await to_thread.run_sync(_console_teams, console)
        served.discard(user.team)
        return StatsScope(excluded=frozenset(served))
    return StatsScope(only=frozenset({user.team}))


def _console_teams(console: Console) -> set[str]:
    with console.sessions() as session:
        return set(session.scalars(select(Counsellor.departement).distinct()))


async def _platforms(client: PlatformClient) -> list[Platform]:
    return await client.platforms()


async def from_platform(console: Console, call: Callable[[PlatformClient], Awaitable[T]]) -> T:
    """A call to the platform API; a 503 page when it cannot answer."""
    client = console.service.platform
    try:
        if client is None:
            raise PlatformError("no platform configured")
        return await call(client)
    except PlatformError as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "La plateforme ne répond pas : les statistiques sont indisponibles, réessayez "
            "dans quelques minutes.",
        ) from exc
