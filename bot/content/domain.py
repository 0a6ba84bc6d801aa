"""Loads and validates the domain and the response templates."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from bot.errors import AutonomieError
from channels.messages import BotMessage, Button
from nlu import INTENTS

__all__ = ["Domain", "DomainError", "content_dir", "read_yaml"]

SLOT_TYPES = {"str", "int", "bool", "list", "any"}
#: "de"/"à" before a commune whose name starts with "Le"/"Les": French contracts them
#: ("près du Mans", "aux Abymes"), never "près de Le Mans"
_ARTICLE = re.compile(r"\b(de|à) (Les?) (?=[A-ZÀ-Ý])")
_CONTRACTED = {("de", "Le"): "du", ("de", "Les"): "des", ("à", "Le"): "au", ("à", "Les"): "aux"}
#: and "de" elides before a name that starts with a vowel ("près d'Angers", "d'Évry");
#: never before H or Y, which many names aspirate ("de Hazebrouck", "de Yerres")
_ELISION = re.compile(r"\bde (?=[AEIOUÀÂÉÈÊËÎÏÔÛÜ])")


class DomainError(AutonomieError):
    """The domain or a response template is invalid."""


@dataclass(frozen=True, slots=True)
class Variant:
    text: str
    buttons: tuple[tuple[str, str], ...] = ()
    channels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Domain:
    intents: tuple[str, ...]
    slots: dict[str, str]
    responses: dict[str, tuple[Variant, ...]] = field(default_factory=dict)
    internal_slots: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path | None = None) -> Domain:
        base = folder or content_dir()
        domain = _read(base / "domain.yml")
        templates = _read(base / "responses.yml")
        slots = dict(domain.get("slots") or {})
        internal = dict(domain.get("internal_slots") or {})
        bad = {n: kind for n, kind in {**slots, **internal}.items() if kind not in SLOT_TYPES}
        if bad:
            raise DomainError(f"domain.yml: unknown slot types {bad}")
        responses = {
            name: tuple(_variant(name, v) for v in variants)
            for name, variants in (templates.get("responses") or {}).items()
        }
        return cls(INTENTS, slots, responses, internal)

    @property
    def slot_names(self) -> tuple[str, ...]:
        """Profile slots first, then the dialogue's own."""
        return (*self.slots, *self.internal_slots)

    def has_response(self, name: str) -> bool:
        return name in self.responses

    def render(self, name: str, channel: str = "rest", **values: Any) -> BotMessage:
        variants = self.responses.get(name)
        if not variants:
            raise DomainError(f"no response named {name!r}")
        # a variant written for this channel first (the shorter SMS ones), else the general ones
        fitting = [v for v in variants if channel in v.channels] or [
            v for v in variants if not v.channels
        ]
        return _filled(name, random.choice(fitting or list(variants)), values)

    def render_written(self, name: str, channel: str, **values: Any) -> BotMessage | None:
        """A variant written for `channel` itself (never a general one), None without one
        or when it needs a value not given."""
        written = [v for v in self.responses.get(name, ()) if channel in v.channels]
        if not written:
            return None
        try:
            return _filled(name, random.choice(written), values)
        except DomainError:
            return None


def _filled(name: str, variant: Variant, values: dict[str, Any]) -> BotMessage:
    """The variant with its placeholders filled."""
    try:
        text = _contract(variant.text.format(**values))
        buttons = tuple(Button(t.format(**values), p.format(**values)) for t, p in variant.buttons)
    except (KeyError, IndexError) as exc:
        raise DomainError(f"response {name!r} needs the value {exc}") from exc
    return BotMessage(text=text, buttons=buttons)


def _contract(text: str) -> str:
    return _ELISION.sub("d'", _ARTICLE.sub(lambda m: f"{_CONTRACTED[(m[1], m[2])]} ", text))


def content_dir() -> Path:
    return Path(str(resources.files("bot.content")))


def read_yaml(path: Path) -> dict[str, Any]:
    return _read(path)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DomainError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise DomainError(f"{path}: expected a mapping at the top level")
    return data


def _variant(name: str, data: Any) -> Variant:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise DomainError(f"response {name!r}: each variant needs a `text`")
    buttons = tuple((b["title"], b["payload"]) for b in data.get("buttons") or ())
    return Variant(data["text"].strip(), buttons, frozenset(data.get("channels") or ()))
