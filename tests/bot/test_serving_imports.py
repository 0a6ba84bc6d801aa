"""The serving process loads its models without scikit-learn, SciPy or PyTorch (seconds of
start-up and 100+ MiB each): they are for training only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TRAINING_ONLY = ("sklearn", "scipy", "joblib", "torch")


def test_models_load_and_answer_without_the_training_libraries(trained_models: Path) -> None:
    probe = (
        "import sys\n"
        "from bot.serving import without_torch\n"
        "without_torch()\n"
        "from bot.integrations import load_models\n"
        "from bot.settings import Settings\n"
        f"models = load_models(Settings(_env_file=None, models_dir={str(trained_models)!r}))\n"
        "parsed = models.interpreter.parse('combien gagne une aide-soignante ?')\n"
        "kb = models.services.knowledge\n"
        "answer = kb.answer(parsed.text, jobs=[], embedding=parsed.embedding)\n"
        "print(answer.answer is not None or bool(answer.suggestions))\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({TRAINING_ONLY!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    answered, imported = done.stdout.strip().splitlines()[-2:]
    assert answered == "True"
    assert imported == "[]"
