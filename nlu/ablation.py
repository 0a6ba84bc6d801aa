"""Ablation study behind nlu/EVALUATION.md (``python -m nlu.ablation``).

Intent: feature sets × classifiers, 5-fold CV on the training file and the
held-out test file (embeddings computed once and reused). Entities: the three
spaCy bases (load time, held-out P/R/F1, 5-fold CV). Writes one JSON file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import typer
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from nlu.embeddings import Encoder, default_encoder
from nlu.entities import BASES, EntityExtractor
from nlu.evaluate import score_predictions
from nlu.geo import Communes
from nlu.intent import IntentClassifier, IntentConfig
from nlu.pipeline import ParseResult
from nlu.text import clean_for_classifier, clean_for_embedding
from nlu.training_data import TrainingData, load_training_data

__all__ = ["entity_ablation", "intent_ablation"]

INTENT_VARIANTS: dict[str, dict[str, Any]] = {
    "lexical + SVM": {"features": "lexical", "classifier": "svc", "entity_weight": 0.0},
    "embeddings + SVM": {"features": "embeddings", "classifier": "svc", "entity_weight": 0.0},
    "both + SVM": {"features": "both", "classifier": "svc", "entity_weight": 0.0},
    "lexical + entity hints + SVM": {"features": "lexical", "classifier": "svc"},
    "both + entity hints + SVM (default)": {"features": "both", "classifier": "svc"},
    "lexical + LR": {"features": "lexical", "classifier": "lr", "C": 10.0, "entity_weight": 0.0},
    "embeddings + LR": {
        "features": "embeddings",
        "classifier": "lr",
        "C": 10.0,
        "entity_weight": 0.0,
    },
    "both + LR": {"features": "both", "classifier": "lr", "C": 10.0, "entity_weight": 0.0},
    "both + entity hints + LR": {"features": "both", "classifier": "lr", "C": 10.0},
    "both + entity hints + SVM, Platt": {
        "features": "both",
        "classifier": "svc",
        "calibration": "sigmoid",
    },
}


def _ece(probs: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    conf = probs.max(axis=1)
    total = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        mask = (conf > lo) & (conf <= lo + 1 / bins)
        if mask.any():
            total += mask.mean() * abs(conf[mask].mean() - correct[mask].mean())
    return round(float(total), 4)


def _found(extractor: EntityExtractor, texts: list[str]) -> list[list[str]]:
    return [[c.entity for c in extractor.extract(t)] for t in texts]


def intent_ablation(
    train: TrainingData, test: TrainingData, encoder: Encoder, communes: Communes
) -> dict[str, Any]:
    """Every variant: 5-fold CV on ``train`` (entity hints from a fold-trained extractor)
    and train → ``test``."""
    texts = [e.text for e in train.examples]
    x = [clean_for_classifier(t) for t in texts]
    y = np.array([e.intent for e in train.examples])
    emb = encoder.encode([clean_for_embedding(t) for t in texts])
    xt = [clean_for_classifier(e.text) for e in test.examples]
    yt = np.array([e.intent for e in test.examples])
    embt = encoder.encode([clean_for_embedding(e.text) for e in test.examples])
    folds = []
    for a, b in StratifiedKFold(5, shuffle=True, random_state=13).split(y, y):
        extractor = EntityExtractor.train(train.subset(a.tolist()), communes=communes)
        folds.append(
            (
                a,
                b,
                _found(extractor, [texts[i] for i in a]),
                _found(extractor, [texts[i] for i in b]),
            )
        )
    extractor = EntityExtractor.train(train, communes=communes)
    found, found_t = _found(extractor, texts), _found(extractor, [e.text for e in test.examples])
    results: dict[str, Any] = {}
    for name, params in INTENT_VARIANTS.items():
        cv_pred = np.empty(len(y), dtype=object)
        for a, b, found_a, found_b in folds:
            model = (
                IntentClassifier(IntentConfig(**params))
                .fit([x[i] for i in a], emb[a], y[a].tolist(), found_a)
                .export()
            )
            probs = model.predict_proba([x[i] for i in b], emb[b], found_b)
            cv_pred[b] = [model.decide(p)[0] for p in probs]
        started = time.perf_counter()
        model = IntentClassifier(IntentConfig(**params)).fit(x, emb, y.tolist(), found).export()
        fit_seconds = time.perf_counter() - started
        probs = model.predict_proba(xt, embt, found_t)
        pred = np.array([model.decide(p)[0] for p in probs])
        raw = np.array([model.classes_[i] for i in probs.argmax(axis=1)])
        results[name] = {
            "cv_accuracy": round(float(np.mean(cv_pred == y)), 4),
            "cv_macro_f1": round(float(f1_score(y, cv_pred, average="macro")), 4),
            "test_accuracy": round(float(np.mean(pred == yt)), 4),
            "test_macro_f1": round(float(f1_score(yt, pred, average="macro")), 4),
            "test_accuracy_no_threshold": round(float(np.mean(raw == yt)), 4),
            "test_ece": _ece(probs, raw == yt),
            "threshold": model.threshold,
            "fit_seconds_with_inner_cv": round(fit_seconds, 2),
        }
        typer.echo(f"{name}: {results[name]}")
    return results


def _load_seconds(base: str) -> float | None:
    code = (
        "import time; from nlu.entities import _make_base;"
        f"t = time.perf_counter(); _make_base({base!r}); print(time.perf_counter() - t)"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return round(float(out.stdout.strip().splitlines()[-1]), 2)
    except (subprocess.SubprocessError, ValueError, IndexError):
        return None


def _entity_scores(extractor: EntityExtractor, data: TrainingData) -> dict[str, Any]:
    started = time.perf_counter()
    results = [
        ParseResult(
            e.text, e.intent, 1.0, [], [c.as_dict(e.text) for c in extractor.extract(e.text)]
        )
        for e in data.examples
    ]
    ms = (time.perf_counter() - started) * 1000 / max(1, len(results))
    report = score_predictions(data.examples, results)
    return {
        "value": report["entities"]["micro avg"],
        "span": report["entities_span"]["micro avg"],
        "per_entity": report["entities"],
        "ms_per_message": round(ms, 2),
    }


def entity_ablation(train: TrainingData, test: TrainingData, communes: Communes) -> dict[str, Any]:
    results: dict[str, Any] = {}
    labels = np.array([e.intent for e in train.examples])
    for base in BASES:
        extractor = EntityExtractor.train(train, base=base, communes=communes)
        held_out = _entity_scores(extractor, test)
        cv_results: list[ParseResult] = [ParseResult("", "", 0.0, [], [])] * len(labels)
        for a, b in StratifiedKFold(5, shuffle=True, random_state=13).split(labels, labels):
            fold = EntityExtractor.train(train.subset(a.tolist()), base=base, communes=communes)
            for i in b:
                text = train.examples[i].text
                cv_results[i] = ParseResult(
                    text, "", 1.0, [], [c.as_dict(text) for c in fold.extract(text)]
                )
        cv = score_predictions(train.examples, cv_results)
        results[base] = {
            "load_seconds_fresh_process": _load_seconds(base),
            "test": held_out,
            "cv_value": cv["entities"]["micro avg"],
            "cv_span": cv["entities_span"]["micro avg"],
        }
        typer.echo(f"{base}: {results[base]['test']['value']} cv {results[base]['cv_value']}")
    return results


def main(
    train_file: Path = typer.Option(Path("nlu/data/nlu.yml"), "--train"),
    test_file: Path = typer.Option(Path("nlu/data/test.yml"), "--test"),
    out: Path = typer.Option(Path("var/nlu-ablation.json"), "--out"),
    skip_intents: bool = typer.Option(False, "--skip-intents"),
    skip_entities: bool = typer.Option(False, "--skip-entities"),
) -> None:
    train, test = load_training_data(train_file), load_training_data(test_file)
    report: dict[str, Any] = {}
    communes = Communes.from_csv()
    if not skip_intents:
        report["intents"] = intent_ablation(train, test, default_encoder(), communes)
    if not skip_entities:
        report["entities"] = entity_ablation(train, test, communes)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    typer.echo(f"written {out}")


if __name__ == "__main__":  # pragma: no cover
    typer.run(main)
