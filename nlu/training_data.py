"""Rasa 3 NLU training data: intents with annotated examples, synonyms, lookups, regexes.

Reads any Rasa 3 ``nlu.yml`` (the ``nlu:`` list of ``intent``/``synonym``/
``lookup``/``regex`` items, examples as a ``|`` block or a list of
``{text: ...}``) and the three annotation forms::

    [Roubaix](location)
    [auxiliaire de vie](job:advf)
    [AMP]{"entity": "job", "value": "aes"}

Several files merge into one :class:`TrainingData`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nlu.errors import TrainingDataError

__all__ = [
    "EntityAnnotation",
    "Example",
    "TrainingData",
    "load_training_data",
    "parse_annotated_text",
]


@dataclass(frozen=True)
class EntityAnnotation:
    """One entity in an example: ``text[start:end]`` is the surface, ``value`` the canonical."""

    start: int
    end: int
    entity: str
    value: str
    role: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Example:
    """A training example: plain text (annotations removed), its intent and entities."""

    text: str
    intent: str
    entities: tuple[EntityAnnotation, ...] = ()


@dataclass
class TrainingData:
    """Everything an nlu.yml holds, merged over files."""

    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, str] = field(default_factory=dict)
    lookups: dict[str, list[str]] = field(default_factory=dict)
    regexes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def intents(self) -> list[str]:
        return sorted({e.intent for e in self.examples})

    @property
    def entity_types(self) -> list[str]:
        return sorted({a.entity for e in self.examples for a in e.entities})

    def intent_counts(self) -> Counter[str]:
        return Counter(e.intent for e in self.examples)

    def merge(self, other: TrainingData) -> TrainingData:
        lookups = {k: list(v) for k, v in self.lookups.items()}
        for name, items in other.lookups.items():
            lookups.setdefault(name, []).extend(items)
        regexes = {k: list(v) for k, v in self.regexes.items()}
        for name, items in other.regexes.items():
            regexes.setdefault(name, []).extend(items)
        return TrainingData(
            examples=[*self.examples, *other.examples],
            synonyms={**self.synonyms, **other.synonyms},
            lookups=lookups,
            regexes=regexes,
        )

    def subset(self, indices: Iterable[int]) -> TrainingData:
        """The same synonyms/lookups/regexes with only the chosen examples (for k-fold)."""
        return TrainingData(
            examples=[self.examples[i] for i in indices],
            synonyms=dict(self.synonyms),
            lookups={k: list(v) for k, v in self.lookups.items()},
            regexes={k: list(v) for k, v in self.regexes.items()},
        )


_ANNOTATION = re.compile(
    r"\[(?P<text>[^\]]+?)\]"
    r"(?:\((?P<entity>[^:)]+?)(?::(?P<value>[^)]+))?\)"
    r"|(?P<dict>\{[^}]*\})"
    r"|(?P<list>\[\s*\{.*?\}\s*\]))"
)


def _value_str(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_annotated_text(annotated: str) -> tuple[str, tuple[EntityAnnotation, ...]]:
    """Strips Rasa annotations, returning the plain text and the entities it marked."""
    parts: list[str] = []
    entities: list[EntityAnnotation] = []
    cursor = 0
    length = 0
    for match in _ANNOTATION.finditer(annotated):
        before = annotated[cursor : match.start()]
        parts.append(before)
        length += len(before)
        surface = match.group("text")
        start, end = length, length + len(surface)
        parts.append(surface)
        length = end
        cursor = match.end()
        specs: list[dict[str, Any]]
        if match.group("entity") is not None:
            specs = [{"entity": match.group("entity").strip(), "value": match.group("value")}]
        else:
            raw = match.group("dict") or match.group("list")
            try:
                loaded = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise TrainingDataError(f"bad entity annotation {raw!r} in {annotated!r}") from exc
            specs = loaded if isinstance(loaded, list) else [loaded]
        for spec in specs:
            if not isinstance(spec, dict) or "entity" not in spec:
                raise TrainingDataError(f"entity annotation without 'entity' in {annotated!r}")
            value = spec.get("value")
            entities.append(
                EntityAnnotation(
                    start=start,
                    end=end,
                    entity=str(spec["entity"]),
                    value=surface if value is None else _value_str(value),
                    role=spec.get("role"),
                    group=spec.get("group"),
                )
            )
    parts.append(annotated[cursor:])
    return "".join(parts), tuple(entities)


def _example_lines(block: Any, where: str) -> list[str]:
    if isinstance(block, str):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if not line:
                continue
            if not line.startswith("- "):
                if line == "-":
                    continue
                raise TrainingDataError(f"{where}: example line must start with '- ': {line!r}")
            lines.append(line[2:].strip())
        return lines
    if isinstance(block, list):
        out = []
        for item in block:
            if isinstance(item, dict) and "text" in item:
                out.append(str(item["text"]).strip())
            elif isinstance(item, str):
                out.append(item.strip())
            else:
                raise TrainingDataError(f"{where}: unsupported example {item!r}")
        return out
    raise TrainingDataError(f"{where}: 'examples' must be a block string or a list")


def _apply_synonyms(data: TrainingData) -> None:
    """Rasa semantics: an annotated surface listed under a synonym takes its value."""
    from nlu.text import fold

    table = {fold(k): v for k, v in data.synonyms.items()}
    examples = []
    for ex in data.examples:
        ents = []
        for ent in ex.entities:
            surface = ex.text[ent.start : ent.end]
            mapped = table.get(fold(surface)) if ent.value == surface else None
            ents.append(ent if mapped is None else _replace_value(ent, mapped))
        examples.append(Example(ex.text, ex.intent, tuple(ents)))
    data.examples = examples


def _replace_value(ent: EntityAnnotation, value: str) -> EntityAnnotation:
    return EntityAnnotation(ent.start, ent.end, ent.entity, value, ent.role, ent.group)


def parse_training_yaml(content: str, source: str = "<string>") -> TrainingData:
    """Parses the text of one Rasa nlu.yml."""
    try:
        doc = yaml.safe_load(content) or {}
    except yaml.YAMLError as exc:
        raise TrainingDataError(f"{source}: invalid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise TrainingDataError(f"{source}: top level must be a mapping")
    items = doc.get("nlu") or []
    if not isinstance(items, list):
        raise TrainingDataError(f"{source}: 'nlu' must be a list")
    data = TrainingData()
    for n, item in enumerate(items):
        where = f"{source}: nlu[{n}]"
        if not isinstance(item, dict):
            raise TrainingDataError(f"{where}: must be a mapping")
        lines = _example_lines(item.get("examples", ""), where)
        if "intent" in item:
            intent = str(item["intent"])
            for line in lines:
                text, entities = parse_annotated_text(line)
                data.examples.append(Example(text=text, intent=intent, entities=entities))
        elif "synonym" in item:
            for line in lines:
                data.synonyms[line] = str(item["synonym"])
        elif "lookup" in item:
            data.lookups.setdefault(str(item["lookup"]), []).extend(lines)
        elif "regex" in item:
            data.regexes.setdefault(str(item["regex"]), []).extend(lines)
        else:
            raise TrainingDataError(f"{where}: expected intent, synonym, lookup or regex")
    _apply_synonyms(data)
    return data


def load_training_data(paths: str | Path | Sequence[str | Path]) -> TrainingData:
    """Loads and merges one or several Rasa nlu.yml files."""
    if isinstance(paths, str | Path):
        paths = [paths]
    if not paths:
        raise TrainingDataError("no training data file given")
    merged = TrainingData()
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise TrainingDataError(f"training data file not found: {p}")
        merged = merged.merge(parse_training_yaml(p.read_text(encoding="utf-8"), str(p)))
    _apply_synonyms(merged)
    return merged
