"""Dialogue content loaded from bot/content/: rules, forms, orientation, labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.content.domain import Domain, DomainError, content_dir, read_yaml

__all__ = ["Content", "FormSlot", "Rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    do: tuple[str, ...]
    intents: frozenset[str] = frozenset()
    expecting: str | None = None
    form_active: bool | None = None

    def matches(self, intent: str | None, expecting: str | None, form_active: bool) -> bool:
        if self.expecting is not None and self.expecting != expecting:
            return False
        if self.intents and intent not in self.intents:
            return False
        return self.form_active is None or self.form_active == form_active


@dataclass(frozen=True, slots=True)
class FormSlot:
    slot: str
    ask: str
    fills: tuple[str, ...]
    ask_if: dict[str, Any]
    answers: dict[str, Any]
    optional: bool = False
    #: value -> a regular expression on the folded answer that means it
    words: dict[Any, str] = field(default_factory=dict)
    #: a step, not a question: "events" proposes the next events near the person
    propose: str | None = None


@dataclass(frozen=True)
class Content:
    domain: Domain
    rules: tuple[Rule, ...]
    forms: dict[str, tuple[FormSlot, ...]]
    orientation: dict[str, Any]
    labels: dict[str, dict[str, str]]
    commands: dict[str, str]

    @classmethod
    def load(cls, folder: Path | None = None) -> Content:
        base = folder or content_dir()
        domain = Domain.load(base)
        rules_file = read_yaml(base / "rules.yml")
        rules = tuple(_rule(r) for r in rules_file.get("rules", []))
        forms = {
            name: tuple(_form_slot(s) for s in slots)
            for name, slots in read_yaml(base / "forms.yml").get("forms", {}).items()
        }
        content = cls(
            domain,
            rules,
            forms,
            read_yaml(base / "orientation.yml"),
            read_yaml(base / "labels.yml"),
            dict(rules_file.get("commands") or {}),
        )
        content._check()
        return content

    def label(self, kind: str, value: Any) -> str:
        return self.labels.get(kind, {}).get(str(value), str(value))

    def _check(self) -> None:
        """Every response a form asks for exists; intents in rules are known."""
        known = set(self.domain.intents)
        for rule in self.rules:
            unknown = rule.intents - known
            if unknown:
                raise DomainError(f"rules.yml: unknown intents {sorted(unknown)}")
        for name, slots in self.forms.items():
            for slot in slots:
                if not slot.propose and not self.domain.has_response(slot.ask):
                    raise DomainError(f"forms.yml {name}: no response {slot.ask!r}")


def _rule(data: dict[str, Any]) -> Rule:
    intents = data.get("intent") or []
    if isinstance(intents, str):
        intents = [intents]
    if not data.get("do"):
        raise DomainError(f"rules.yml: a rule needs `do`: {data}")
    return Rule(
        tuple(data["do"]), frozenset(intents), data.get("expecting"), data.get("form_active")
    )


def _form_slot(data: dict[str, Any]) -> FormSlot:
    if "propose" in data:
        return FormSlot(
            slot=f"propose_{data['propose']}",
            ask="",
            fills=(),
            ask_if={},
            answers={},
            propose=str(data["propose"]),
        )
    return FormSlot(
        slot=data["slot"],
        ask=data["ask"],
        fills=tuple(data.get("fills") or (data["slot"],)),
        ask_if=dict(data.get("ask_if") or {}),
        answers=dict(data.get("answers") or {}),
        optional=bool(data.get("optional", False)),
        words={k: str(v) for k, v in (data.get("words") or {}).items()},
        propose=data.get("propose"),
    )
