"""The import names are the folder names, and no other distribution claims them."""

from __future__ import annotations

import importlib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOP_LEVEL = (
    "bot", "nlu", "knowledge", "channels", "platform_server", "platform_api", "sqlkit", "vocab"
)
OURS = "autonomie-assistant"


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_import_name_is_the_folder(name: str) -> None:
    module = importlib.import_module(name)
    assert Path(module.__file__ or "").resolve().parent == ROOT / name


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_no_other_distribution_provides_the_name(name: str) -> None:
    owners = packages_distributions().get(name, [])
    others = sorted({d for d in owners if d.replace("_", "-").lower() != OURS})
    assert not others, f"{name!r} is also installed by {others}: imports would be ambiguous"


def test_no_setup_py_and_no_package_dir_mapping() -> None:
    assert not (ROOT / "setup.py").exists()
    assert "package-dir" not in (ROOT / "pyproject.toml").read_text("utf-8")
