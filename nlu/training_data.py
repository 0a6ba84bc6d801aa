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
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nlu.errors import TrainingDataError

__all__ = [
    "MAX_TRAINING_EXAMPLES",
    "EntityAnnotation",
    "Example",
    "TrainingData",
    "load_training_data",
    "parse_annotated_text",
]

#: a bigger training file is sampled down to this (each intent keeping its share): the
#: encoder and the entity extractors see every example, 4 ms a message.
MAX_TRAINING_EXAMPLES = 10_000


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
    warnings: list[str] = field(default_factory=list)

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
            warnings=[*self.warnings, *other.warnings],
        )

    def check(self) -> list[str]:
        """What a counsellor should fix: the parser's warnings, intents with a single
        example, the same text under two intents."""
        notes = list(self.warnings)
        if len(self.examples) > MAX_TRAINING_EXAMPLES:
            notes.append(
                f"{len(self.examples):,} examples: training uses a sample of "
                f"{MAX_TRAINING_EXAMPLES:,} that keeps each intent's share"
            )
        notes += [
            f"intent {name!r} has a single example (add a few more)"
            for name, n in sorted(self.intent_counts().items())
            if n == 1
        ]
        seen: dict[str, str] = {}
        for e in self.examples:
            key = " ".join(e.text.lower().split())
            if seen.setdefault(key, e.intent) != e.intent:
                notes.append(f"{e.text!r} is an example of both {seen[key]!r} and {e.intent!r}")
        return notes

    def capped(self, limit: int = MAX_TRAINING_EXAMPLES, seed: int = 13) -> TrainingData:
        """At most ``limit`` examples, each intent keeping its share (itself when smaller)."""
        if len(self.examples) <= limit:
            return self
        rng = random.Random(seed)
        by_intent: dict[str, list[int]] = {}
        for i, e in enumerate(self.examples):
            by_intent.setdefault(e.intent, []).append(i)
        keep: list[int] = []
        for idx in by_intent.values():
            n = max(min(2, len(idx)), len(idx) * limit // len(self.examples))
            keep += rng.sample(idx, n)
        return self.subset(sorted(keep))

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


_ITEM_KEYS = {"intent", "synonym", "lookup", "regex"}
_TOP_KEYS = {"version", "nlu"}
_IGNORED_TOP_KEYS = {"stories", "rules", "responses", "domain"}  # other trainers' data


def sequence_items(content: str, key: str) -> list[yaml.Node]:
    """The YAML nodes of the top-level list ``key`` (their ``start_mark`` gives the line),
    [] when the text is not such a document."""
    try:
        root = yaml.compose(content)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    items = next((v for k, v in root.value if getattr(k, "value", None) == key), None)
    return list(items.value) if isinstance(items, yaml.SequenceNode) else []


def _lines(content: str) -> list[tuple[int, list[int]]]:
    """For each ``nlu`` item: its 1-based line and the line of each of its example lines."""
    out = []
    for item in sequence_items(content, "nlu"):
        examples = None
        if isinstance(item, yaml.MappingNode):
            examples = next((v for k, v in item.value if k.value == "examples"), None)
        lines: list[int] = []
        if isinstance(examples, yaml.ScalarNode):
            first = examples.start_mark.line + (2 if examples.style in ("|", ">") else 1)
            raw = examples.value.splitlines()
            lines = [first + i for i, line in enumerate(raw) if line.strip() not in ("", "-")]
        elif isinstance(examples, yaml.SequenceNode):
            lines = [node.start_mark.line + 1 for node in examples.value]
        out.append((item.start_mark.line + 1, lines))
    return out


def parse_training_yaml(content: str, source: str = "<string>") -> TrainingData:
    """Parses the text of one Rasa nlu.yml; errors name the file and line."""
    try:
        doc = yaml.safe_load(content) or {}
    except yaml.YAMLError as exc:
        raise TrainingDataError(f"{source}: invalid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise TrainingDataError(f"{source}: top level must be a mapping")
    unknown = sorted(set(map(str, doc)) - _TOP_KEYS - _IGNORED_TOP_KEYS)
    if unknown:
        raise TrainingDataError(
            f"{source}: unsupported top-level key {unknown[0]!r} (an NLU file has 'nlu:')"
        )
    items = doc.get("nlu") or []
    if not isinstance(items, list):
        raise TrainingDataError(f"{source}: 'nlu' must be a list")
    lines = _lines(content)
    data = TrainingData()
    for n, item in enumerate(items):
        line, example_lines = lines[n] if n < len(lines) else (0, [])
        where = f"{source}:{line}" if line else f"{source}: nlu[{n}]"
        if not isinstance(item, dict):
            raise TrainingDataError(f"{where}: an nlu item must be a mapping")
        kinds = [k for k in item if k in _ITEM_KEYS]
        extra = sorted(set(map(str, item)) - _ITEM_KEYS - {"examples", "metadata"})
        if extra or len(kinds) != 1:
            what = f"unsupported key {extra[0]!r}" if extra else "expected one of"
            raise TrainingDataError(f"{where}: {what} (intent, synonym, lookup or regex)")
        examples = _example_lines(item.get("examples", ""), where)
        if "intent" in item:
            intent = str(item["intent"])
            if "/" in intent:
                raise TrainingDataError(
                    f"{where}: retrieval intent {intent!r} is not supported (use plain intents)"
                )
            if not examples:
                data.warnings.append(f"{where}: intent {intent!r} has no examples")
            for i, text_line in enumerate(examples):
                at = f"{source}:{example_lines[i]}" if i < len(example_lines) else where
                try:
                    text, entities = parse_annotated_text(text_line)
                except TrainingDataError as exc:
                    raise TrainingDataError(f"{at}: {exc}") from exc
                data.examples.append(Example(text=text, intent=intent, entities=entities))
        elif "synonym" in item:
            for text_line in examples:
                data.synonyms[text_line] = str(item["synonym"])
        elif "lookup" in item:
            data.lookups.setdefault(str(item["lookup"]), []).extend(examples)
        else:
            data.regexes.setdefault(str(item["regex"]), []).extend(examples)
    _apply_synonyms(data)
    return data


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TrainingDataError(
            f"{path}:{line}: not UTF-8 (byte {raw[exc.start]:#04x}); save the file as UTF-8"
        ) from exc


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
        merged = merged.merge(parse_training_yaml(_read(p), str(p)))
    _apply_synonyms(merged)
    return merged
