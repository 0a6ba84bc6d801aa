"""The parse contract: Rasa's shape, payloads, robustness, held-out accuracy, embeddings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlu.embeddings import OnnxEncoder
from nlu.errors import ModelNotFoundError
from nlu.evaluate import evaluate_pipeline
from nlu.pipeline import INTENTS, NLUPipeline
from nlu.training_data import load_training_data

from .conftest import TEST_FILE

# Measured on nlu/data/test.yml with the default model (see nlu/EVALUATION.md),
# minus a margin: a regression below these fails.
ACCURACY_FLOOR = 0.875
MACRO_F1_FLOOR = 0.865
ENTITY_F1_FLOOR = 0.915


def test_parse_has_exactly_rasas_shape(nlu: NLUPipeline) -> None:
    result = nlu.parse("je veux m'inscrire au job dating de mardi à Lille").as_dict()
    assert set(result) == {"text", "intent", "intent_ranking", "entities"}
    assert set(result["intent"]) == {"name", "confidence"}
    ranking = result["intent_ranking"]
    assert 1 <= len(ranking) <= 10
    assert all(set(r) == {"name", "confidence"} for r in ranking)
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert result["intent"]["name"] == "book_event"
    for ent in result["entities"]:
        assert {"entity", "value", "start", "end", "confidence_entity", "extractor"} <= set(ent)
    assert json.loads(json.dumps(result)) == result


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("bonjour", "greet"),
        ("STOP", "opt_out"),
        ("vous êtes un robot ?", "bot_challenge"),
        ("je veux parler à un conseiller", "human_handoff"),
        ("merci beaucoup", "thank"),
        ("c'est combien le salaire d'une aide-soignante ?", "question"),
    ],
)
def test_obvious_intents(nlu: NLUPipeline, text: str, intent: str) -> None:
    assert nlu.parse(text).intent == intent


def test_button_payloads_bypass_the_classifier(nlu: NLUPipeline) -> None:
    result = nlu.parse('/book_event{"event_id": "e1"}')
    assert (result.intent, result.confidence) == ("book_event", 1.0)
    assert [(e["entity"], e["value"]) for e in result.entities] == [("event_id", "e1")]
    assert nlu.parse("/affirm").as_dict()["intent"] == {"name": "affirm", "confidence": 1.0}
    cancel = nlu.parse('/cancel_booking{"booking_id": "b7"}')
    assert cancel.intent == "cancel_booking" and cancel.entities[0]["value"] == "b7"
    assert nlu.parse("/not_an_intent").intent != "not_an_intent"


BAD_INPUTS = [
    "",
    "   ",
    "\x00\x01\x02\x1b[31m",
    "👍",
    "😀😀😀",
    "<script>alert('x')</script><b>bonjour</b>",
    "a" * 20000,
    "je cherche " * 3000,
    "How are you doing today my friend?",
    "这是中文消息",
    "مرحبا كيف حالك",
    "/book_event{pas du json",
    "]]]{{{[[[(((",
    "0612345678 75015 99999 00000",
    "caf\udce9 \ud800",  # undecodable bytes read with "surrogateescape"
]


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_inputs_never_raise_and_offsets_are_valid(nlu: NLUPipeline, text: str) -> None:
    result = nlu.parse(text)
    data = result.as_dict()
    assert data["text"] == text
    assert data["intent"]["name"] in INTENTS
    for ent in data["entities"]:
        assert 0 <= ent["start"] < ent["end"] <= len(text)


def test_undecodable_bytes_in_a_message_do_not_hide_the_rest_of_it(nlu: NLUPipeline) -> None:
    text = "je cherche un emploi d'aide-soignante \udce0 Roubaix"  # "à" in Latin-1, escaped
    result = nlu.parse(text)
    assert result.text == text and result.intent == "want_job" and result.confidence > 0.5
    places = [e for e in result.entities if e["entity"] == "location"]
    assert [text[e["start"] : e["end"]] for e in places] == ["Roubaix"]


def test_meaningless_input_is_out_of_scope(nlu: NLUPipeline) -> None:
    for text in ("", "😀😀😀", "]]]{{{[[[((("):
        assert nlu.parse(text).intent == "out_of_scope"


def test_offsets_stay_right_in_a_long_message(nlu: NLUPipeline) -> None:
    text = "é" * 1500 + " œuvre " * 200 + " j'habite à Roubaix"
    loc = [e for e in nlu.parse(text).entities if e["entity"] == "location"]
    assert len(loc) == 1
    assert text[loc[0]["start"] : loc[0]["end"]] == "Roubaix"


def test_the_speller_leaves_places_and_french_words_alone(nlu: NLUPipeline) -> None:
    # "Laon" is one edit from the training word "lyon", "lien" from "bien": neither a typo
    text = "j'habite à Laon, le lien est cassé, je cherhce du travial"
    places = [e for e in nlu.parse(text).entities if e["entity"] == "location"]
    assert [p["value"] for p in places] == ["Laon"]
    spelled = nlu._spelled(text, places)
    assert "Laon" in spelled and "lien" in spelled
    assert "cherche du travail" in spelled


def test_embedding_is_the_messages_normalised_vector(
    nlu: NLUPipeline, encoder: OnnxEncoder
) -> None:
    result = nlu.parse("comment devenir aide-soignante ?")
    assert result.embedding is not None
    assert result.embedding.shape == (384,) and result.embedding.dtype == np.float32
    assert abs(float(np.linalg.norm(result.embedding)) - 1.0) < 1e-4
    other = encoder.encode(["comment devenir aide-soignante ?"])[0]
    assert float(result.embedding @ other) > 0.99


def test_held_out_accuracy_does_not_regress(nlu: NLUPipeline) -> None:
    report = evaluate_pipeline(nlu, load_training_data(TEST_FILE))
    assert report["accuracy"] >= ACCURACY_FLOOR, report["errors"][:20]
    assert report["macro_f1"] >= MACRO_F1_FLOOR
    assert report["entities"]["micro avg"]["f1"] >= ENTITY_F1_FLOOR


def test_missing_model_dir(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError):
        NLUPipeline.load(tmp_path)


def test_model_dir_holds_the_gazetteer_cache(model_dir: Path, nlu: NLUPipeline) -> None:
    assert (model_dir / "entities" / "autonomie_gazetteer" / "communes.pkl").is_file()
    assert nlu.communes is not None and nlu.communes.is_valid_postal_code("59100")
    meta = json.loads((model_dir / "metadata.json").read_text(encoding="utf-8"))
    assert set(meta["intents"]) <= set(INTENTS)
    assert set(INTENTS) - set(meta["intents"]) <= {"opt_in"}  # opt_in: the channels' START
