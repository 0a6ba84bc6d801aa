"""The intent model parsing loads (numpy only) predicts what the scikit-learn model predicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nlu.embeddings import OnnxEncoder
from nlu.entities import EntityExtractor
from nlu.intent import IntentClassifier, IntentConfig
from nlu.intent_model import IntentModel
from nlu.pipeline import MAX_CLASSIFIER_CHARS, NLUPipeline, with_out_of_domain
from nlu.robustness import first_per_intent
from nlu.text import clean_for_classifier, clean_for_embedding
from nlu.training_data import load_training_data

from .conftest import TEST_FILE, TRAIN_FILE

Inputs = tuple[list[str], np.ndarray, list[str], list[list[str]]]


@pytest.fixture(scope="module")
def training_set(encoder: OnnxEncoder, nlu: NLUPipeline) -> Inputs:
    # the export must equal scikit-learn's model on any data: 20 examples an intent
    # (with the out-of-domain messages: an unbalanced out_of_scope) keep the fits short
    data = first_per_intent(with_out_of_domain(load_training_data(TRAIN_FILE)), 20)
    texts = [clean_for_classifier(e.text, MAX_CLASSIFIER_CHARS) for e in data.examples]
    embeddings = encoder.encode([clean_for_embedding(e.text) for e in data.examples])
    entities: EntityExtractor = nlu.entities
    found = [[c.entity for c in entities.extract(e.text)] for e in data.examples]
    return texts, embeddings, [e.intent for e in data.examples], found


# two folds (calibration, the out-of-domain check): what is checked is the export, not the fit
@pytest.mark.parametrize(
    "config",
    [
        IntentConfig(C=0.3, embedding_weight=1.0, cv_folds=2, selection_folds=2),
        IntentConfig(C=0.3, embedding_weight=2.0, classifier="lr", cv_folds=2, selection_folds=2),
        IntentConfig(C=0.3, features="lexical", cv_folds=2, selection_folds=2),
        IntentConfig(
            C=0.3, features="embeddings", entity_weight=0.0, cv_folds=2, selection_folds=2
        ),
    ],
    ids=["svc-both", "lr-both", "svc-lexical", "svc-embeddings"],
)
def test_the_numpy_model_predicts_the_scikit_learn_models_intents(
    training_set: Inputs, config: IntentConfig, tmp_path: Path
) -> None:
    texts, embeddings, labels, found = training_set
    classifier = IntentClassifier(config).fit(texts, embeddings, labels, found)
    reference = classifier.sklearn_proba(texts, embeddings, found)
    exported = classifier.export()
    exported.save(tmp_path)
    loaded = IntentModel.load(tmp_path)
    probs = loaded.predict_proba(texts, embeddings, found)
    assert (probs.argmax(axis=1) == reference.argmax(axis=1)).all()
    assert np.allclose(probs, reference, atol=1e-5)
    decided = [loaded.decide(p)[0] for p in probs]
    assert decided == [classifier.export().decide(r)[0] for r in reference]
    assert loaded.classes_ == classifier.classes_


def test_a_two_intent_model_exports_too(training_set: Inputs) -> None:
    texts, embeddings, labels, found = training_set
    keep = [i for i, label in enumerate(labels) if label in ("greet", "goodbye")]
    for kind in ("svc", "lr"):
        classifier = IntentClassifier(IntentConfig(C=1.0, embedding_weight=1.0, classifier=kind))
        classifier.fit(
            [texts[i] for i in keep], embeddings[keep], [labels[i] for i in keep],
            [found[i] for i in keep],
        )  # fmt: skip
        sub = [texts[i] for i in keep]
        reference = classifier.sklearn_proba(sub, embeddings[keep], [found[i] for i in keep])
        probs = classifier.export().predict_proba(sub, embeddings[keep], [found[i] for i in keep])
        assert np.allclose(probs, reference, atol=1e-5), kind


def test_a_saved_pipeline_parses_held_out_messages_as_before_saving(
    nlu: NLUPipeline, model_dir: Path, encoder: OnnxEncoder
) -> None:
    assert not (model_dir / "intent.joblib").exists()  # no pickle
    again = NLUPipeline.load(model_dir, encoder=encoder)
    for example in load_training_data(TEST_FILE).examples[:200]:
        first, second = nlu.parse(example.text), again.parse(example.text)
        assert first.as_dict() == second.as_dict()


def test_loading_and_parsing_never_imports_scikit_learn_or_scipy(trained_models: Path) -> None:
    probe = (
        "import sys\n"
        "from nlu.pipeline import NLUPipeline\n"
        f"nlu = NLUPipeline.load({str(trained_models / 'nlu')!r})\n"
        "nlu.parse('jsuis a roubaix jai le permis')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'joblib'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
