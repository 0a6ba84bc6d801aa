"""Rasa nlu.yml loading: annotations, synonyms, lookups, regexes, merging."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.errors import TrainingDataError
from nlu.training_data import (
    load_training_data,
    parse_annotated_text,
    parse_training_yaml,
)

from .conftest import TEST_FILE, TRAIN_FILE

SAMPLE = """
version: "3.1"
nlu:
- intent: inform
  examples: |
    - jsuis a [roubaix](location) et [pas le permis]{"entity": "driving_licence", "value": "false"}
    - je suis [AMP](job:aes)
    - j'ai [deux enfants]{"entity": "children", "value": 2}
- intent: want_job
  examples:
    - text: je veux être [auxiliaire de vie](job)
- synonym: advf
  examples: |
    - auxiliaire de vie
- lookup: job
  examples: |
    - aide-soignant
    - ASH
- regex: postal_code
  examples: |
    - \\b\\d{5}\\b
"""


def test_annotations_are_stripped_and_offsets_index_the_plain_text() -> None:
    text, entities = parse_annotated_text(
        'jsuis a [roubaix](location) sans [permis]{"entity": "driving_licence", "value": "false"}'
    )
    assert text == "jsuis a roubaix sans permis"
    assert [(text[e.start : e.end], e.entity, e.value) for e in entities] == [
        ("roubaix", "location", "roubaix"),
        ("permis", "driving_licence", "false"),
    ]


def test_yaml_blocks_synonyms_lookups_and_regexes() -> None:
    data = parse_training_yaml(SAMPLE)
    assert [e.intent for e in data.examples] == ["inform", "inform", "inform", "want_job"]
    first = data.examples[0]
    assert first.text == "jsuis a roubaix et pas le permis"
    assert [(a.entity, a.value) for a in first.entities] == [
        ("location", "roubaix"),
        ("driving_licence", "false"),
    ]
    assert data.examples[1].entities[0].value == "aes"  # [AMP](job:aes)
    assert data.examples[2].entities[0].value == "2"  # JSON number → "2"
    assert data.examples[3].entities[0].value == "advf"  # synonym applied to the bare annotation
    assert data.synonyms == {"auxiliaire de vie": "advf"}
    assert data.lookups == {"job": ["aide-soignant", "ASH"]}
    assert data.regexes == {"postal_code": [r"\b\d{5}\b"]}


def test_several_files_merge(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yml", tmp_path / "b.yml"
    a.write_text(SAMPLE, encoding="utf-8")
    b.write_text(
        "nlu:\n- intent: greet\n  examples: |\n    - salut\n"
        "- lookup: job\n  examples: |\n    - TISF\n",
        encoding="utf-8",
    )
    data = load_training_data([a, b])
    assert data.intent_counts()["greet"] == 1 and len(data.examples) == 5
    assert data.lookups["job"] == ["aide-soignant", "ASH", "TISF"]


@pytest.mark.parametrize(
    "content",
    ["nlu: [1]", "nlu:\n- intent: x\n  examples: |\n    pas de tiret", "nlu:\n- foo: bar", ": : :"],
)
def test_malformed_files_raise_a_training_data_error(content: str) -> None:
    with pytest.raises(TrainingDataError):
        parse_training_yaml(content)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError, match="not found"):
        load_training_data(tmp_path / "nope.yml")


def test_project_files_load_with_all_intents() -> None:
    train, test = load_training_data(TRAIN_FILE), load_training_data(TEST_FILE)
    assert len(train.intents) == 20 and set(test.intents) == set(train.intents)
    assert "synonym" not in TEST_FILE.read_text(encoding="utf-8")
    assert train.synonyms and train.lookups and train.regexes


def test_a_file_of_50000_examples_trains_on_a_bounded_sample(tmp_path: Path) -> None:
    from nlu.intent import IntentConfig
    from nlu.pipeline import NLUPipeline
    from nlu.training_data import MAX_TRAINING_EXAMPLES

    lines = ["nlu:"]
    for intent, stem in (
        ("ask_price", "combien coûte le modèle"),
        ("ask_stock", "vous avez en stock le modèle"),
        ("greet", "bonjour je suis le client"),
    ):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {stem} {i}" for i in range(50_000 // 3 + 1)]
    path = tmp_path / "nlu.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = load_training_data(path)
    assert len(data.examples) == 50_001
    assert any("training uses a sample of 10,000" in note for note in data.check())
    model = NLUPipeline.train(data, None, config=IntentConfig(features="lexical"))
    assert model.metadata["examples"] <= MAX_TRAINING_EXAMPLES
    assert model.parse("combien coûte le modèle 77777").intent == "ask_price"
