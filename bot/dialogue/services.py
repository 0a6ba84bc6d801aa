"""What the dialogue needs from the other layers, as protocols.

bot/assistant.py adapts the real knowledge base, commune reference and
platform client to these; tests may pass small in-memory ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

__all__ = ["FicheAnswer", "Knowledge", "Place", "Places", "Services", "TurnContext"]


@dataclass(frozen=True, slots=True)
class FicheAnswer:
    fiche_id: str
    title: str
    short: str
    long: str
    short_source: str
    sources: tuple[dict[str, Any], ...]
    #: when the facts were last checked against the sources (None: never)
    verified: date | None = None
    #: the facts are past their review date: say so rather than present them as current
    needs_review: bool = False
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class KnowledgeResult:
    answer: FicheAnswer | None
    #: when abstaining: the closest fiches, to offer "did you mean"
    suggestions: tuple[FicheAnswer, ...] = ()
    #: how sure the knowledge base is of `answer` (0 when abstaining)
    confidence: float = 0.0
    #: when answering: the ids of the fiches ranked just after `answer`
    runners_up: tuple[str, ...] = ()


class Knowledge(Protocol):
    def answer(self, query: str, *, jobs: list[str], embedding: Any = None) -> KnowledgeResult: ...

    def fiche(self, fiche_id: str) -> FicheAnswer | None: ...


@dataclass(frozen=True, slots=True)
class Place:
    commune: str
    postal_code: str | None
    departement: str
    lat: float | None = None
    lon: float | None = None


class Places(Protocol):
    """The La Poste reference of communes."""

    def by_name(self, name: str) -> list[Place]: ...

    def by_postal_code(self, postal_code: str) -> list[Place]: ...

    def longer_names(self, name: str) -> list[Place]:
        """Communes a bare name may mean too ("Villefranche" → "Villefranche-sur-Saône"),
        and, beside a small commune of that exact name, the far more populous ones one
        letter away or continuing it ("Vanne" → Vannes, "Evry" → Évry-Courcouronnes)."""
        ...

    def near(self, lat: float, lon: float) -> list[Place]:
        """The communes nearest a shared position, nearest first (none far from France)."""
        ...

    def misspelt(self, name: str) -> list[Place]:
        """The communes a misspelt name means ("riiom": Riom), none for a French word."""
        ...


@dataclass
class Services:
    knowledge: Knowledge | None = None
    places: Places | None = None
    platform: Any = None  # bot.platform.PlatformClient
    pending: Any = None  # bot.platform.PendingBookings
    handoffs: Any = None  # bot.handoff.HandoffService, when wired
    directory: Any = None  # knowledge.platforms.PlatformDirectory: platforms by département
    limits: Any = None  # bot.ratelimit.RateLimiter; None: no limits


@dataclass
class TurnContext:
    channel: str
    now: datetime
    services: Services
    #: the network address of an anonymous channel's message (UserMessage.client)
    client: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: NLU's parse of the message: its sentence embedding is reused by the knowledge
    #: base; a button payload's is computed only if the knowledge base asks for it
    #: (an encoder pass on the event loop for every click otherwise)
    parse: Any = None

    @property
    def embedding(self) -> Any:
        """The message's sentence embedding, or None."""
        return getattr(self.parse, "embedding", None)
