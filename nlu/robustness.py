"""How the NLU holds up: perturbed test sets and a learning curve.

:func:`perturb` rewrites a message the way people type it: accents stripped,
SMS abbreviations, one typo a word, all capitals, an emoji added. Each rewrite
is deterministic (seeded), so two runs compare. :func:`learning_curve` trains
on the first 10, 20, 50 examples of each intent and scores on a test set.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import Any

from nlu.text import strip_accents
from nlu.training_data import Example, TrainingData

__all__ = ["PERTURBATIONS", "learning_curve", "perturb", "perturbed"]

# Common French SMS spellings (written for this module, independently of the
# normaliser's own table in nlu.text, so that the test is not circular).
_SMS_OUT = {
    "je suis": "jsuis",
    "je ne sais pas": "jsp",
    "c'est": "c",
    "qu'est-ce que": "keske",
    "est-ce que": "eske",
    "pourquoi": "pk",
    "quoi": "koi",
    "quand": "qd",
    "que": "ke",
    "qui": "ki",
    "beaucoup": "bcp",
    "aujourd'hui": "ajd",
    "rendez-vous": "rdv",
    "s'il vous plaît": "svp",
    "s'il te plaît": "stp",
    "bonjour": "bjr",
    "merci": "mrc",
    "avec": "avc",
    "pour": "pr",
    "dans": "ds",
    "vous": "vs",
    "nous": "ns",
    "toujours": "tjr",
    "tout": "tt",
    "comment": "cmt",
    "maintenant": "mtn",
    "j'ai": "jai",
    "je voudrais": "jvoudrai",
    "je veux": "jveux",
    "d'accord": "dac",
    "pas": "pa",
}
_SMS_RE = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(k) for k in sorted(_SMS_OUT, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
_EMOJIS = ("🙂", "😀", "🤔", "😅", "🙃", "✨")
_TOKEN = re.compile(r"\w+")


def _strip_accents(text: str, rng: random.Random) -> str:
    return strip_accents(text)


def _sms(text: str, rng: random.Random) -> str:
    return _SMS_RE.sub(lambda m: _SMS_OUT[m.group(0).lower()], text)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # swap two neighbours
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # a letter dropped
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # a letter doubled


def _typos(text: str, rng: random.Random) -> str:
    return _TOKEN.sub(lambda m: _typo(m.group(0), rng), text)


def _capitals(text: str, rng: random.Random) -> str:
    return text.upper()


def _emoji(text: str, rng: random.Random) -> str:
    emoji = rng.choice(_EMOJIS)
    return f"{text} {emoji}" if rng.random() < 0.7 else f"{emoji} {text}"


PERTURBATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "accents_stripped": _strip_accents,
    "sms_abbreviations": _sms,
    "one_typo_a_word": _typos,
    "capitals": _capitals,
    "emoji_added": _emoji,
}


def perturb(text: str, kind: str, seed: int = 13) -> str:
    return PERTURBATIONS[kind](text, random.Random(f"{seed}:{text}"))


def perturbed(data: TrainingData, kind: str) -> TrainingData:
    """The examples of ``data`` rewritten (intents kept; entities dropped: offsets move)."""
    examples = [Example(perturb(e.text, kind), e.intent) for e in data.examples]
    return TrainingData(examples=examples)


def first_per_intent(data: TrainingData, n: int) -> TrainingData:
    """The first ``n`` examples of each intent (all of an intent that has fewer)."""
    taken: dict[str, int] = {}
    keep = []
    for i, e in enumerate(data.examples):
        if taken.get(e.intent, 0) < n:
            taken[e.intent] = taken.get(e.intent, 0) + 1
            keep.append(i)
    return data.subset(keep)


def learning_curve(
    train: TrainingData,
    score: Callable[[TrainingData], dict[str, Any]],
    sizes: Sequence[int] = (10, 20, 50),
) -> list[dict[str, Any]]:
    """``score(subset)`` for the first 10, 20, 50 examples of each intent."""
    rows = []
    for n in sizes:
        subset = first_per_intent(train, n)
        report = score(subset)
        rows.append(
            {
                "per_intent": n,
                "examples": len(subset.examples),
                "accuracy": report["accuracy"],
                "macro_f1": report["macro_f1"],
            }
        )
    return rows
