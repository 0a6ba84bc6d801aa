"""A Rasa-style config.yml chooses the components; errors name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlu.cli import nlu_app
from nlu.config import ConfigError, load_config
from nlu.intent import IntentConfig

RASA_LIKE = """language: fr
pipeline:
  - name: WhitespaceTokenizer
  - name: RegexFeaturizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 2
    max_ngram: 5
  - name: LanguageModelFeaturizer
  - name: DIETClassifier
    epochs: 100
  - name: EntitySynonymMapper
  - name: FallbackClassifier
    threshold: 0.3
"""


def test_a_rasa_config_maps_to_the_intent_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "config.yml"
    path.write_text(RASA_LIKE, encoding="utf-8")
    config = load_config(path)
    assert config.features == "both" and config.classifier == "svc"
    assert config.char_ngrams == (2, 5) and config.threshold == 0.3
    assert config.C is None and config.needs_selection  # still chosen by cross-validation


def test_lexical_only_and_fixed_hyperparameters(tmp_path: Path) -> None:
    path = tmp_path / "config.yml"
    path.write_text(
        "pipeline:\n- name: CountVectorsFeaturizer\n- name: LogisticRegressionClassifier\n"
        "  C: 1\n  entity_hints: false\n",
        encoding="utf-8",
    )
    config = load_config(path)
    assert (config.features, config.classifier, config.C, config.entity_weight) == (
        "lexical", "lr", 1.0, 0.0,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pipeline:\n- name: CountVectorsFeaturizer\n- name: TEDPolicy\n", ":3: unknown component"),
        ("pipeline:\n- name: LanguageModelFeaturizer\n  dims: 3\n", ":2: LanguageModelFeaturizer"),
        ("language: en\npipeline: []\n", "French"),
        ("pipeline:\n- name: FallbackClassifier\n", "no featurizer"),
    ],
)
def test_what_the_pipeline_cannot_do_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_nlu_train_takes_a_config(tmp_path: Path) -> None:
    data = tmp_path / "nlu.yml"
    lines = ["nlu:"]
    for intent, words in {
        "greet": ["bonjour", "salut", "coucou", "bonsoir"],
        "goodbye": ["au revoir", "bye", "à plus", "bonne soirée"],
    }.items():
        lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {w}" for w in words]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = tmp_path / "config.yml"
    config.write_text("pipeline:\n- name: CountVectorsFeaturizer\n- name: LinearSVMClassifier\n")
    out = tmp_path / "model"
    runner = CliRunner()
    args = ["train", "--data", str(data), "--config", str(config), "--out", str(out)]
    result = runner.invoke(nlu_app, args)
    assert result.exit_code == 0, result.output
    assert '"features": "lexical"' in (out / "metadata.json").read_text(encoding="utf-8")
    assert IntentConfig().features == "both"  # the default without a config
