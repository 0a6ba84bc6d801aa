"""Adapters from the NLU and knowledge layers to what the dialogue needs.

Loading order matters for cold start: one sentence encoder is shared by NLU
and the knowledge base; the commune reference comes with the NLU model.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from bot.dialogue.services import FicheAnswer, KnowledgeResult, Place, Services
from bot.errors import AutonomieError
from bot.settings import Settings
from knowledge import Answer, Fiche, KnowledgeBase, load_directory
from nlu import (
    Commune,
    Communes,
    ModelNotFoundError,
    NLUPipeline,
    fold_key,
    is_french_word,
    load_encoder,
)

__all__ = ["KnowledgeAdapter", "LoadedModels", "ModelsMissing", "PlacesAdapter", "load_models"]

log = logging.getLogger(__name__)


class ModelsMissing(AutonomieError):
    """The trained models are not in models/: run `autonomie train`."""


def fiche_answer(fiche: Fiche) -> FicheAnswer:
    return FicheAnswer(
        fiche_id=fiche.id,
        title=fiche.title,
        short=fiche.short,
        long=fiche.long,
        short_source=fiche.short_source,
        sources=tuple(fiche.sources_payload()),
        verified=fiche.verified,
        needs_review=fiche.needs_review(),
        topics=fiche.topics,
    )


class KnowledgeAdapter:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def answer(self, query: str, *, jobs: list[str], embedding: Any = None) -> KnowledgeResult:
        result = self._kb.answer(query, jobs=jobs, embedding=embedding)
        if isinstance(result, Answer):
            return KnowledgeResult(
                fiche_answer(result.fiche),
                confidence=result.confidence,
                runners_up=tuple(hit.fiche.id for hit in result.alternatives),
            )
        return KnowledgeResult(None, tuple(fiche_answer(h.fiche) for h in result.best_guesses))

    def fiche(self, fiche_id: str) -> FicheAnswer | None:
        fiche = self._kb.get(fiche_id)
        return fiche_answer(fiche) if fiche else None


class PlacesAdapter:
    def __init__(self, communes: Communes) -> None:
        self.communes = communes

    def by_name(self, name: str) -> list[Place]:
        return [_place(c) for c in self.communes.lookup(name)]

    def by_postal_code(self, postal_code: str) -> list[Place]:
        return [_place(c) for c in self.communes.by_postal_code(postal_code)]

    def longer_names(self, name: str) -> list[Place]:
        longer = self.communes.longer_names(name, limit=6)
        seen = {c.insee for c in longer}
        bigger = [c for c in self.communes.far_bigger(name) if c.insee not in seen]
        return [_place(c) for c in [*bigger, *longer]]

    def near(self, lat: float, lon: float) -> list[Place]:
        return [_place(c) for c in self.communes.near(lat, lon)]

    def misspelt(self, name: str) -> list[Place]:
        key = fold_key(name)
        if not key or (" " not in key and is_french_word(key)):
            return []  # "sans" is no misspelt Sens
        meant = self.communes.fuzzy_key(key)
        return [_place(c) for c in self.communes.lookup(meant)] if meant else []


def _place(commune: Commune) -> Place:
    commune = commune.as_city()  # "Lyon 8" is Lyon, 69008
    return Place(commune.name, commune.postal_code, commune.departement, commune.lat, commune.lon)


@dataclass
class LoadedModels:
    interpreter: NLUPipeline
    services: Services
    timings: dict[str, float] = field(default_factory=dict)


def load_models(settings: Settings) -> LoadedModels:
    """Encoder, NLU pipeline, knowledge base and communes, with load times."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    try:
        # what the models were trained with
        encoder = load_encoder(settings.encoder_dir, cache=settings.encoder_cache)
    except ModelNotFoundError as exc:
        raise ModelsMissing(f"{exc}: run `autonomie train`") from exc
    timings["encoder_s"] = time.perf_counter() - started
    mark = time.perf_counter()
    try:
        nlu = NLUPipeline.load(settings.nlu_model_dir, encoder=encoder)
    except ModelNotFoundError as exc:
        raise ModelsMissing(f"{exc}: run `autonomie train`") from exc
    timings["nlu_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    try:
        kb = KnowledgeBase.load(settings.kb_index_dir, encoder)
    except Exception as exc:
        raise ModelsMissing(
            f"no usable index in {settings.kb_index_dir} ({exc}): run `autonomie train`"
        ) from exc
    timings["kb_s"] = time.perf_counter() - mark
    communes = nlu.communes or Communes.load()
    timings["total_s"] = time.perf_counter() - started
    log.info("models loaded in %.2f s: %s", timings["total_s"], timings)
    services = Services(
        knowledge=KnowledgeAdapter(kb), places=PlacesAdapter(communes), directory=load_directory()
    )
    return LoadedModels(nlu, services, timings)
