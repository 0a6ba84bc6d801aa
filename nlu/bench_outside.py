"""The other-domain dev sets, each against issue 20's plain baseline.

``autonomie nlu bench --outside`` (never the test suite on the real sets: a minute
or more of CPU). Every ``X_train.yml`` of the folder (``nlu/data/dev`` by default)
that has its ``X_test.yml`` is trained with the default pipeline, as ``autonomie nlu
train --data`` trains it (nothing saved), and scored on the test file as ``autonomie
nlu test`` scores it. Beside it, the baseline the issue measures the pipeline
against: TF-IDF word 1–2-grams and char_wb 2–5-grams (sublinear) of the lowercased
message as written, its e5 vector beside them (weight 1), one linear SVM (C 1). A
figure every session measured with a script of its own until session 19.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nlu.embeddings import Encoder
from nlu.geo import Communes
from nlu.training_data import TrainingData, load_training_data

__all__ = ["DEV_DIR", "baseline_accuracy", "dev_pairs", "outside_benchmark"]

DEV_DIR = Path(__file__).parent / "data" / "dev"


def dev_pairs(folder: Path = DEV_DIR) -> list[tuple[str, Path, Path]]:
    """(name, training file, test file) of each ``X_train.yml`` with its ``X_test.yml``."""
    pairs = []
    for train in sorted(folder.glob("*_train.yml")):
        name = train.name.removesuffix("_train.yml")
        test = train.with_name(f"{name}_test.yml")
        if test.is_file():
            pairs.append((name, train, test))
    return pairs


def baseline_accuracy(train: TrainingData, test: TrainingData, encoder: Encoder) -> float:
    """Accuracy on ``test`` of the plain baseline trained on ``train``."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    def blocks(examples: TrainingData, fit: bool) -> Any:
        texts = [e.text for e in examples.examples]
        lowered = [t.lower() for t in texts]
        lexical = [v.fit_transform(lowered) if fit else v.transform(lowered) for v in vectorizers]
        return sparse.hstack([*lexical, sparse.csr_matrix(encoder.encode(texts))], format="csr")

    vectorizers = [
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    ]
    model = LinearSVC(C=1.0).fit(blocks(train, True), [e.intent for e in train.examples])
    predicted = model.predict(blocks(test, False))
    return float(np.mean(predicted == np.asarray([e.intent for e in test.examples])))


def outside_benchmark(
    folder: Path = DEV_DIR,
    *,
    encoder: Encoder | None = None,
    communes: Communes | None = None,
) -> dict[str, Any]:
    """Per set: held-out examples, the default pipeline's accuracy, macro-F1 and
    choices, the baseline's accuracy; and the means over the sets."""
    from nlu.embeddings import default_encoder
    from nlu.evaluate import evaluate_pipeline
    from nlu.pipeline import NLUPipeline

    encoder = encoder or default_encoder()
    communes = communes or Communes.from_csv()
    sets: dict[str, Any] = {}
    pairs = dev_pairs(folder)
    if not pairs:
        return {"sets": {}, "mean": {}}
    for name, train_file, test_file in pairs:
        train, test = load_training_data(train_file), load_training_data(test_file)
        model = NLUPipeline.train(train, None, encoder=encoder, communes=communes)
        report = evaluate_pipeline(model, test)
        config = model.metadata["intent_config"]
        sets[name] = {
            "examples": report["examples"],
            "accuracy": report["accuracy"],
            "macro_f1": report["macro_f1"],
            "baseline_accuracy": round(baseline_accuracy(train, test, encoder), 4),
            "chosen": {
                "C": config["C"],
                "embedding_weight": config["embedding_weight"],
                "threshold": model.metadata["threshold"],
            },
        }
    keys = ("accuracy", "macro_f1", "baseline_accuracy")
    mean = {k: round(float(np.mean([s[k] for s in sets.values()])), 4) for k in keys}
    return {"sets": sets, "mean": mean}
