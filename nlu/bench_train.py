"""Training time of the default NLU pipeline on a training set of a given size.

The aim of issue 20 is "training ≤ 30 s on 2 cores for 2,000 examples".
:func:`training_set` builds such a set deterministically from a Rasa file (the
project's ``nlu.yml`` by default): its own examples first, then rewritten copies
of them (accents stripped, SMS spellings, one typo a word, capitals; see
:mod:`nlu.robustness`) until ``size`` distinct texts are reached, so that the
intents keep their shares. :func:`train_benchmark` trains the default pipeline on
it without saving and reports the wall time, the CPU time of the process (all
threads) and how long each step took. It is run by ``autonomie nlu bench
--train N``, never by the test suite.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from nlu.embeddings import Encoder
from nlu.robustness import perturb
from nlu.training_data import Example, TrainingData, load_training_data

__all__ = ["train_benchmark", "training_set"]

_REWRITES = ("one_typo_a_word", "sms_abbreviations", "accents_stripped", "capitals")


def training_set(base: TrainingData, size: int) -> TrainingData:
    """``size`` examples: ``base``'s, then rewritten copies (entities dropped) until enough."""
    examples = list(base.examples[:size])
    seen = {e.text for e in examples}
    for kind in _REWRITES:
        for seed in range(3):
            for e in base.examples:
                if len(examples) >= size:
                    break
                text = perturb(e.text, kind, seed=seed)
                if text not in seen:
                    seen.add(text)
                    examples.append(Example(text, e.intent))
    data = base.subset([])
    data.examples.extend(examples)
    return data


def train_benchmark(
    size: int = 2000,
    data: str | Path | None = None,
    *,
    encoder: Encoder | None = None,
) -> dict[str, Any]:
    """Trains the default pipeline on ``size`` examples; times (seconds) overall and by step."""
    from nlu.embeddings import default_encoder
    from nlu.pipeline import NLUPipeline

    base = load_training_data(data or Path(__file__).parent / "data" / "nlu.yml")
    train = training_set(base, size)
    encoder = encoder or default_encoder()
    encoder.encode(["bonjour"])  # model loading is not training
    steps: list[tuple[str, float]] = []
    last = time.perf_counter()

    def step(label: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps.append((label, now - last))
        last = now

    wall, cpu = time.perf_counter(), time.process_time()
    last = wall
    model = NLUPipeline.train(train, None, encoder=encoder, progress=step)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    by_step: dict[str, float] = {}
    for label, seconds in steps:
        key = "cross-validation folds" if label.startswith("fold ") else label
        by_step[key] = round(by_step.get(key, 0.0) + seconds, 2)
    return {
        "train_examples": len(train.examples),
        "train_examples_with_out_of_domain": model.metadata.get("examples"),
        "train_intents": len(train.intents),
        "train_wall_seconds": round(wall, 2),
        "train_cpu_seconds": round(cpu, 2),
        "train_steps_seconds": by_step,
        "chosen": {
            "C": model.metadata["intent_config"]["C"],
            "embedding_weight": model.metadata["intent_config"]["embedding_weight"],
            "threshold": model.metadata["threshold"],
            "temperature": round(model.metadata["temperature"], 3),
        },
    }
