"""The serving process loads its models without scikit-learn, SciPy or PyTorch (seconds of
start-up and 100+ MiB each): they are for training only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.settings import Settings
from bot.storage.db import make_engine, upgrade

#: the training libraries, and spaCy's command line (weasel), which its package imports
#: for `spacy.info` alone
NOT_SERVED = ("sklearn", "scipy", "joblib", "torch", "weasel")


def test_models_load_and_answer_without_the_training_libraries(trained_models: Path) -> None:
    probe = (
        "import sys\n"
        "from bot.serving import without_unserved\n"
        "without_unserved()\n"
        "from bot.integrations import load_models\n"
        "from bot.settings import Settings\n"
        f"models = load_models(Settings(_env_file=None, models_dir={str(trained_models)!r}))\n"
        "parsed = models.interpreter.parse('combien gagne une aide-soignante ?')\n"
        "kb = models.services.knowledge\n"
        "answer = kb.answer(parsed.text, jobs=[], embedding=parsed.embedding)\n"
        "print(answer.answer is not None or bool(answer.suggestions))\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({NOT_SERVED!r})))\n"
    )
    answered, imported = _last_two_lines(probe)
    assert answered == "True"
    assert imported == "[]"


#: imported only when their channel is configured, when Redis is (redis), when a holiday
#: is asked about (holidays), or (Alembic) a migration is due
NOT_AT_START = ("telegram", "aiohttp", "alembic", "redis", "holidays")


def test_a_started_app_has_not_imported_what_it_does_not_use(settings: Settings) -> None:
    """A database already at its head is not migrated through Alembic; Telegram's library
    waits for a token; aiohttp (socket.io's client side) is never imported to serve, nor
    redis without a Redis URL, nor the holidays calendars before a handoff's deadline."""
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    probe = (
        "import sys\n"
        "from bot.serving import without_unserved\n"
        "without_unserved(('redis',))\n"
        "from fastapi.testclient import TestClient\n"
        "from bot.app import create_app\n"
        "from bot.settings import Settings\n"
        f"settings = Settings(_env_file=None, database_url={settings.database_url!r},\n"
        "    load_models=False, worker_interval_s=0)\n"
        "with TestClient(create_app(settings)) as client:\n"
        "    print(client.get('/health').status_code)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({NOT_AT_START!r})))\n"
    )
    status, imported = _last_two_lines(probe)
    assert status == "200"
    assert imported == "[]"


def _last_two_lines(probe: str) -> list[str]:
    """The last two lines a probe printed, run in a fresh interpreter (what a
    process imports shows only there)."""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-2:]


def test_the_warm_up_before_the_fork_builds_the_slot_values_table(trained_models: Path) -> None:
    """Each worker would otherwise build it (0.2 s of CPU) on its first person's job."""
    from bot.dialogue import slot_values
    from bot.integrations import load_models
    from bot.serving import warm_up

    models = load_models(Settings(_env_file=None, models_dir=trained_models))  # type: ignore[call-arg]
    slot_values._forms.cache_clear()
    warm_up(models)
    assert slot_values._forms.cache_info().currsize == 1
    assert slot_values.canonical("job", "auxiliaire de vie aux familles") == "advf"
