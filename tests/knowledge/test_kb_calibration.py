"""The abstention's calibration queries: generated negatives, kept apart from the eval sets."""

from __future__ import annotations

import pytest
import yaml

from knowledge.evaluate import load_eval_items
from knowledge.training import default_calibration_path, expand_templates, load_calibration
from vocab.text import fold


def test_templates_cross_their_slot_values() -> None:
    generated = {
        "slots": {"job": ["plombier", "maçon"], "doc": ["passeport"]},
        "templates": ["comment devenir {job}", "{doc} en ligne"],
    }
    assert expand_templates(generated) == [
        "comment devenir plombier",
        "comment devenir maçon",
        "passeport en ligne",
    ]
    with pytest.raises(ValueError):
        expand_templates({"slots": {"job": ["x"]}, "templates": ["sans emplacement"]})


def test_calibration_has_generated_negatives_and_none_is_an_eval_question() -> None:
    queries = load_calibration()
    assert len(queries) > 300
    eval_questions = {fold(item.q) for item in load_eval_items()}
    held_out = sorted(default_calibration_path().parent.glob("eval/heldout*.yml"))
    assert held_out
    assert not {fold(item.q) for item in load_eval_items(held_out)} & {fold(q) for q in queries}
    data = yaml.safe_load(default_calibration_path().read_text(encoding="utf-8"))
    values = [v for vs in data["generated_out_of_domain"]["slots"].values() for v in vs]
    named = {v for v in values for q in eval_questions if f" {fold(v)} " in f" {q} "}
    assert not named, f"generated slot values named by an eval question: {named}"
