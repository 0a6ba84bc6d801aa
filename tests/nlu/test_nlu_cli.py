"""`autonomie nlu train/test/bench` and run_benchmark."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from nlu.bench import run_benchmark
from nlu.cli import _train_steps, nlu_app
from nlu.embeddings import OnnxEncoder
from nlu.intent import IntentConfig
from nlu.pipeline import NLUPipeline, with_out_of_domain
from nlu.training_data import Example, TrainingData

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


def _mini_nlu(tmp_path: Path) -> Path:
    """A two-intent Rasa nlu.yml, small enough to train in seconds."""
    data = tmp_path / "mini.yml"
    lines = ["version: '3.1'", "nlu:"]
    for intent, words in {
        "greet": ["bonjour", "salut", "coucou", "bonsoir", "hello"],
        "goodbye": ["au revoir", "bye", "à plus", "bonne soirée", "ciao"],
    }.items():
        lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {w}" for w in words]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


def test_nlu_train_on_another_file(tmp_path: Path) -> None:
    data = _mini_nlu(tmp_path)
    out = tmp_path / "model"
    result = runner.invoke(nlu_app, ["train", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "intent.json").is_file() and (out / "metadata.json").is_file()
    assert (out / "intent.npz").is_file() and not (out / "intent.joblib").exists()


def test_nlu_train_shows_its_progress_in_a_terminal(tmp_path: Path, trained_models: Path) -> None:
    """From a shell, `autonomie nlu train` draws a progress bar up to 100 % on the
    terminal, and nothing else (no library's warning) breaks into it."""
    data = _mini_nlu(tmp_path)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "encoder").symlink_to(trained_models / "encoder")
    terminal, stderr = pty.openpty()
    command = [sys.executable, "-c", "from bot.cli import main; main()", "nlu", "train"]
    done = subprocess.Popen(
        [*command, "--data", str(data), "--out", str(tmp_path / "model")],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(stderr)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the program ended: the terminal is closed
            break
        if not chunk:
            break
        shown += chunk
    out, _ = done.communicate(timeout=600)
    os.close(terminal)
    assert done.returncode == 0, shown.decode(errors="replace")
    text = re.sub(r"\x1b\[[0-9;?]{0,8}[A-Za-z]", "", shown.decode())  # cursor codes
    frames = [f.strip() for f in text.replace("\n", "\r").split("\r") if "training" in f]
    percents = [int(f.rsplit(None, 1)[-1].rstrip("%")) for f in frames if f.endswith("%")]
    assert percents[0] == 0 and percents[-1] == 100 and len(set(percents)) >= 4
    assert percents == sorted(percents)  # it only moves forward
    assert "WARNING" not in text
    assert out.decode().startswith("trained on 10 examples, 2 intents")


def test_the_progress_bar_moves_through_every_cross_validation(encoder: OnnxEncoder) -> None:
    """Each fold of the out-of-domain check and of both selection phases is a step: the
    bar no longer waits at one place while they run, and it ends with the training."""
    data = TrainingData(
        examples=[
            Example(f"{word} {n}", intent)
            for intent, words in {
                "greet": ["bonjour", "salut", "coucou"],
                "goodbye": ["au revoir", "bye", "à plus"],
                "out_of_scope": ["la météo", "un poème", "le loto"],
            }.items()
            for word in words
            for n in ("", "à tous")
        ]
    )
    config, steps = IntentConfig(), []
    NLUPipeline.train(data, None, encoder=encoder, config=config, progress=steps.append)
    assert len(steps) == _train_steps(config, with_out_of_domain(data)) == 2 + 3 + 3 + 3 + 3 + 5
    assert steps.count("fold 1/3") == 4


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
