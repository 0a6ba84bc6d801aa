"""The `autonomie` command line as a person meets it: --help, --version, setup errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sklearn", "torch", "onnxruntime", "faiss", "spacy", "fastapi", "sqlalchemy")
#: the settings (pydantic-settings: a third of the start) are read by the commands that run
BEFORE_A_COMMAND = ("pydantic_settings", "bot.settings")


def autonomie(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def test_version() -> None:
    from bot import __version__

    done = autonomie("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"autonomie-assistant {__version__}"


def test_help_lists_every_group_without_loading_the_models_libraries() -> None:
    probe = (
        "import sys\n"
        "from bot.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {(*HEAVY, *BEFORE_A_COMMAND)!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "--help"], capture_output=True, text=True, timeout=120
    )
    for group in ("serve", "train", "chat", "db", "platform", "telegram", "kb", "nlu", "console"):
        assert f" {group} " in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"  # none imported: --help stays fast


def test_help_gives_each_command_one_line_on_a_wide_terminal() -> None:
    """A command's summary reads on its row, not cut by the docstring's own line breaks
    ("...without" / "AUTONOMIE_PLATFORM_URL, the" / "reference platform too")."""
    done = autonomie("--help", COLUMNS="120")
    panel = done.stdout.split("Commands")[1]
    rows = [line.strip("│ ") for line in panel.splitlines()[1:] if line.startswith("│")]
    assert len(rows) >= 14
    for row in rows:
        name, _, summary = row.partition(" ")
        assert name.isidentifier() and summary.strip().endswith((".", ")")), row


@pytest.mark.parametrize("group", ["nlu", "kb", "platform", "console", "telegram"])
def test_each_group_still_runs_its_commands(group: str) -> None:
    done = autonomie(group, "--help")
    assert done.returncode == 0 and "Usage: autonomie" in done.stdout and "Commands" in done.stdout


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("nonsense", "is not a database URL"),
        ("mysql+nodriver://ops:s3cret@db/autonomie", "is not a database URL"),
        ("postgresql://ops:s3cret@127.0.0.1:1/autonomie", "cannot reach the database"),
    ],
)
def test_a_wrong_database_url_is_one_clear_line(url: str, said: str) -> None:
    done = autonomie("db", "upgrade", AUTONOMIE_DATABASE_URL=url)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("autonomie: ") and said in lines[0]
    assert "s3cret" not in done.stderr  # a password in the URL is never printed


@pytest.mark.parametrize(
    ("command", "prefix"),
    [
        (("serve", "--port", "1"), "autonomie: "),
        (("platform", "seed"), "autonomie platform: "),
    ],
)
def test_commands_that_start_the_platform_tell_a_wrong_database_in_one_line(
    command: tuple[str, ...], prefix: str
) -> None:
    """Before anything starts (the reference platform child, the models), not as the
    child's traceback."""
    url = "postgresql://ops:s3cret@127.0.0.1:1/autonomie"
    done = autonomie(*command, AUTONOMIE_DATABASE_URL=url)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "s3cret" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), lines
    assert "cannot reach the database (AUTONOMIE_DATABASE_URL)" in lines[0]


def test_missing_models_are_one_clear_line(tmp_path: Path) -> None:
    """`autonomie chat` run from another directory (models/ is relative) or before
    `autonomie train`: one line saying what to do, not a traceback."""
    done = subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", "chat"],
        capture_output=True,
        text=True,
        timeout=180,
        input="bonjour\n",
        cwd=tmp_path,
        env={
            **os.environ,
            "AUTONOMIE_DATABASE_URL": f"sqlite:///{tmp_path}/chat.db",
            "AUTONOMIE_PLATFORM_URL": "http://127.0.0.1:1",  # no platform child
            "AUTONOMIE_MODELS_DIR": "no-models",
        },
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "╭" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("autonomie: "), lines
    assert "no-models" in lines[0] and "autonomie train" in lines[0]
