"""Counting children from a message: corrected counts, children counted apart, a bare
answer to the children question, an article that is no count."""

from __future__ import annotations

from typing import Any

import pytest

from bot.dialogue.children import count_children
from bot.dialogue.content import Content


def _asked() -> Any:
    content = Content.load()
    return next(s for form in content.forms.values() for s in form if s.slot == "children")


def _said(text: str, *spans: tuple[str, str]) -> list[dict[str, Any]]:
    found, start = [], 0
    for words, value in spans:
        start = text.index(words, start)
        found.append(
            {"entity": "children", "value": value, "start": start, "end": start + len(words)}
        )
        start += len(words)
    return found


@pytest.mark.parametrize(
    ("text", "spans", "count"),
    [
        ("un garçon et une fille", [("un garçon", "1"), ("une fille", "1")], 2),
        ("2 filles, 1 garçon", [("2 filles", "2"), ("1 garçon", "1")], 3),
        ("2 enfants, enfin 3", [("2 enfants", "2")], 3),
        ("2 enfants et 2 enfants", [("2 enfants", "2"), ("2 enfants", "2")], 2),  # said twice
    ],
)
def test_counts_said_together(text: str, spans: list[tuple[str, str]], count: int) -> None:
    assert count_children(_said(text, *spans), text, None) == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("oui un", 1),
        ("aucun", 0),
        ("un petit de 3 ans", 1),
        ("ils sont majeurs et j'ai un bac pro", None),
    ],
)
def test_a_bare_answer_to_the_children_question(text: str, count: int | None) -> None:
    assert count_children([], text, _asked()) == count
