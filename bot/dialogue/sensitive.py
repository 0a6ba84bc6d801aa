"""Sensitive topics (violence, distress, harassment, disability) from sensitive.yml.

A match hands the conversation to a counsellor with care; the patterns are
content, editable without Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.content.domain import Domain, DomainError, content_dir, read_yaml
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["SensitiveTopic", "SensitiveTopics"]


@dataclass(frozen=True, slots=True)
class SensitiveTopic:
    name: str
    response: str
    stop: bool
    while_held: bool
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, folded: str) -> bool:
        return any(p.search(folded) for p in self.patterns)


class SensitiveTopics:
    def __init__(self, topics: tuple[SensitiveTopic, ...]) -> None:
        self.topics = topics

    @classmethod
    def load(cls, domain: Domain, folder: Path | None = None) -> SensitiveTopics:
        path = (folder or content_dir()) / "sensitive.yml"
        if not path.exists():
            return cls(())
        topics = []
        for name, spec in (read_yaml(path).get("topics") or {}).items():
            response = spec.get("response")
            if not domain.has_response(response):
                raise DomainError(f"sensitive.yml {name}: no response {response!r}")
            try:
                patterns = tuple(re.compile(p) for p in spec.get("patterns") or ())
            except re.error as exc:
                raise DomainError(f"sensitive.yml {name}: bad pattern ({exc})") from exc
            topics.append(
                SensitiveTopic(
                    name,
                    response,
                    bool(spec.get("stop", True)),
                    bool(spec.get("while_held", False)),
                    patterns,
                )
            )
        return cls(tuple(topics))

    def match(self, text: str) -> SensitiveTopic | None:
        """The first topic the message is about, in the file's order (most urgent first)."""
        if is_payload(text):  # a button payload is never a confidence
            return None
        folded = fold(text)
        return next((t for t in self.topics if t.matches(folded)), None)
