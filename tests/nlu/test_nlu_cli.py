"""`autonomie nlu train/test/bench` and run_benchmark."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nlu.bench import run_benchmark
from nlu.cli import nlu_app
from nlu.embeddings import OnnxEncoder

from .conftest import TEST_FILE

runner = CliRunner()


def test_nlu_test_json_has_the_contract_keys(model_dir: Path) -> None:
    result = runner.invoke(
        nlu_app, ["test", "--data", str(TEST_FILE), "--model", str(model_dir), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"accuracy", "macro_f1", "per_intent", "entities"} <= set(report)
    assert set(report["per_intent"]["greet"]) == {"precision", "recall", "f1", "support"}
    assert "location" in report["entities"]


def test_nlu_test_text_report(model_dir: Path) -> None:
    result = runner.invoke(nlu_app, ["test", "--data", str(TEST_FILE), "--model", str(model_dir)])
    assert result.exit_code == 0, result.output
    for heading in (
        "accuracy:",
        "macro-F1:",
        "Confusion matrix",
        "Entities (type + normalised value)",
    ):
        assert heading in result.stdout


def test_nlu_train_on_another_file(tmp_path: Path) -> None:
    data = tmp_path / "mini.yml"
    lines = ["version: '3.1'", "nlu:"]
    for intent, words in {
        "greet": ["bonjour", "salut", "coucou", "bonsoir", "hello"],
        "goodbye": ["au revoir", "bye", "à plus", "bonne soirée", "ciao"],
    }.items():
        lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {w}" for w in words]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    result = runner.invoke(nlu_app, ["train", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "intent.json").is_file() and (out / "metadata.json").is_file()
    assert (out / "intent.npz").is_file() and not (out / "intent.joblib").exists()


def test_nlu_test_without_model_fails_cleanly(tmp_path: Path) -> None:
    result = runner.invoke(nlu_app, ["test", "--data", str(TEST_FILE), "--model", str(tmp_path)])
    assert result.exit_code == 1
    assert "autonomie nlu train" in result.output


def test_run_benchmark(model_dir: Path, encoder: OnnxEncoder) -> None:
    result = run_benchmark(model_dir, messages=60, encoder=encoder, cold_start=False)
    assert result["messages"] == 60
    assert 0 < result["parse_p50_ms"] <= result["parse_p95_ms"] <= result["parse_p99_ms"]
    assert result["model_size_mb"] > 0 and result["train_seconds"] > 0


def test_the_training_benchmark_set_has_the_size_asked_and_every_intent() -> None:
    from nlu.bench_train import training_set
    from nlu.training_data import load_training_data

    from .conftest import TRAIN_FILE

    base = load_training_data(TRAIN_FILE)
    data = training_set(base, 2000)
    texts = [e.text for e in data.examples]
    assert len(texts) == len(set(texts)) == 2000
    assert data.intents == base.intents
    assert texts[: len(base.examples)] == [e.text for e in base.examples]
    small = training_set(base, 100)
    assert len(small.examples) == 100 and small.synonyms == base.synonyms
