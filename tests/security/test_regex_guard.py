"""Every regular expression of the project stays fast on adversarial input.

The inventory is every compiled pattern reachable from the modules of nlu,
knowledge, bot and channels, every ``re.func("literal")`` call in their sources,
and the patterns built at run time (training-data regexes, knowledge-base
lexicon, spaCy tokenizer) reachable from the loaded models. Each one runs on
pumping strings built from its own parse tree (see pumping.py), as long as the
longest text any pattern reads, with a time bound per call: a nested or
overlapping quantifier fails here before it freezes a worker.
"""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from bot.dialogue.commands import compile_commands
from bot.dialogue.content import Content
from bot.integrations import LoadedModels, load_models
from bot.settings import Settings
from nlu.pipeline import MAX_ENTITY_CHARS
from nlu.text import MAX_TOKEN_CHARS
from nlu.training_data import load_training_data
from tests.security.pumping import (
    Found,
    literal_regex_calls,
    project_modules,
    pumping_strings,
    reachable_patterns,
    slowest_call,
)

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("nlu", "knowledge", "bot", "channels", "vocab")
# CPU time: a linear scan of 5,000 characters takes well under a millisecond; a quadratic one
# a few hundred, an exponential one forever. The bound leaves room for a busy machine.
BUDGET_S = 0.05
SHORT = 300  # exponential blow-ups show on short strings already
LONG = MAX_ENTITY_CHARS  # the longest text a pattern reads (messages stop at 4,000)


def _longest_input(item: Found) -> int:
    """spaCy's tokenizer patterns read one token at a time: runs without a space longer
    than MAX_TOKEN_CHARS are masked before it (nlu.text.mask_markup)."""
    return MAX_TOKEN_CHARS if ".tokenizer." in item.origin else LONG


@pytest.fixture(scope="module")
def models(trained_models: Path) -> LoadedModels:
    settings = Settings(_env_file=None, models_dir=trained_models)  # type: ignore[call-arg]
    return load_models(settings)


@pytest.fixture(scope="module")
def inventory(models: LoadedModels) -> list[Found]:
    roots: dict[str, object] = {m.__name__: m for m in project_modules(PACKAGES)}
    roots["loaded models"] = models
    # the regexes of a training file, as RuleExtractor compiles them for any nlu.yml
    training = load_training_data(ROOT / "nlu" / "data" / "nlu.yml")
    roots["training regexes"] = [
        re.compile(p, re.IGNORECASE) for ps in training.regexes.values() for p in ps
    ]
    # rules.yml's typed commands, compiled as the policy matches them (whole messages)
    roots["rules.yml commands"] = list(compile_commands(Content.load().commands).values())
    found = reachable_patterns(roots, (*PACKAGES, "spacy"))
    for package in PACKAGES:
        found += literal_regex_calls(ROOT / package)
    unique: dict[tuple[str, int], Found] = {}
    for item in found:
        unique.setdefault((item.pattern.pattern, item.pattern.flags), item)
    return list(unique.values())


def _sources(inventory: list[Found]) -> set[str]:
    return {item.pattern.pattern for item in inventory}


def test_the_inventory_reaches_static_runtime_and_inline_patterns(
    inventory: list[Found], models: LoadedModels
) -> None:
    """A collector that found nothing would let every pattern pass."""
    from bot.privacy import redaction
    from channels import sms
    from nlu.components import rules

    sources = _sources(inventory)
    assert {p.pattern for _, _, p, _ in rules._RULES} <= sources
    assert {redaction._EMAIL.pattern, sms._CHOICE.pattern} <= sources
    assert r"\n\s*\n" in sources  # re.split(r"\n\s*\n", ...) in knowledge/fiches.py
    # built at run time: the knowledge-base lexicon, spaCy's tokenizer, training regexes
    assert any(s.startswith("(?<![a-z0-9])(") for s in sources)
    tokenizer = models.interpreter.entities.nlp.tokenizer
    assert tokenizer.prefix_search.__self__.pattern in sources
    training = load_training_data(ROOT / "nlu" / "data" / "nlu.yml")
    assert {p for ps in training.regexes.values() for p in ps} <= sources
    assert set(Content.load().commands.values()) <= sources  # "pourquoi vous demandez ça ?"...
    assert len(inventory) > 100


def test_no_pattern_backtracks_catastrophically(inventory: list[Found]) -> None:
    slow = []
    for item in inventory:
        for length in (SHORT, _longest_input(item)):
            texts = pumping_strings(item.pattern, length)
            seconds, text = slowest_call(item.pattern, texts, BUDGET_S)
            if seconds > BUDGET_S:  # once more, to tell a busy machine from a slow pattern
                seconds = min(seconds, slowest_call(item.pattern, [text], BUDGET_S)[0])
            if seconds > BUDGET_S:
                slow.append(
                    f"{item.origin}: {item.pattern.pattern[:70]!r} took {seconds:.2f} s "
                    f"on {text[:40]!r}... ({len(text)} chars)"
                )
                break
    assert not slow, "patterns that backtrack:\n" + "\n".join(slow)


def test_the_message_that_froze_a_worker_is_parsed_at_once(models: LoadedModels) -> None:
    for text in (
        "pas" + " mon" * 30 + " permis",
        "pas" + " mon" * 999,
        "pas " + "de la " * 660,
        "'" * 3999 + "a",  # spaCy peeled 4,000 affixes, searching the rest each time: 4 s
        " " * 3999 + "?",
    ):
        started = time.thread_time()  # CPU time: other jobs on the machine do not count
        models.interpreter.parse(text, today=date(2026, 1, 5))
        assert time.thread_time() - started < 1.0


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("pas de permis", "driving_licence", "false"),
        ("je n'ai pas encore vraiment eu de permis", "driving_licence", "false"),
        ("pas du tout de voiture", "vehicle", "none"),
        ("je n'ai pas de deux roues", "vehicle", "none"),
        ("pas de la voiture", "vehicle", "none"),
        ("sans les transports en commun", "public_transport", "false"),
        ("je n'ai pas d'enfants", "children", "0"),
        ("permis : non", "driving_licence", "false"),
    ],
)
def test_negations_are_still_read(models: LoadedModels, text: str, entity: str, value: str) -> None:
    entities = models.interpreter.parse(text, today=date(2026, 1, 5)).entities
    assert {"entity": entity, "value": value}.items() <= next(
        (e for e in entities if e["entity"] == entity), {}
    ).items(), entities


def test_patterns_have_no_overlapping_alternatives_under_a_star() -> None:
    """The filler group of the rules: the exact shape of the issue's bug, named."""
    from nlu.components.rules import _FILL

    assert re.fullmatch(_FILL, " mon" * 8)
    assert re.fullmatch(_FILL, " mon" * 9) is None  # bounded
