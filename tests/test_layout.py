"""The layout: import names are folder names (no other distribution claims them), one
composition root builds the assistant, and no source file grows past 400 lines."""

from __future__ import annotations

import ast
import importlib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOP_LEVEL = (
    "bot",
    "nlu",
    "knowledge",
    "channels",
    "platform_server",
    "platform_api",
    "sqlkit",
    "vocab",
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


def _sources() -> list[Path]:
    return sorted(
        path
        for name in TOP_LEVEL
        for path in (ROOT / name).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def _calls(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {
        node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
    }


def test_one_composition_root_builds_the_assistant() -> None:
    """Only `bot.app.build_assistant` builds the core (and wires the turn listeners), so
    every entry point (HTTP app, chat, workers, Telegram polling) runs every listener."""
    builders = {
        "build_core": {"bot/app.py"},
        "MessageProcessor": {"bot/assistant.py"},
        "Assistant": {"bot/assistant.py"},
    }
    found: dict[str, set[str]] = {name: set() for name in builders}
    for path in _sources():
        for name in _calls(path) & set(builders):
            found[name].add(path.relative_to(ROOT).as_posix())
    assert found == builders


def test_no_source_file_over_400_lines() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): lines
        for path in _sources()
        if (lines := len(path.read_text("utf-8").splitlines())) > 400
    }
    assert not long, f"split these by responsibility: {long}"


def test_no_local_environment_is_tracked() -> None:
    """A worktree's `.venv` or `models` is often a symlink to the main checkout's, which a
    '.venv/' rule (directories only) does not ignore: once committed, a merge replaced the
    main checkout's virtualenv by a link to itself. Neither may be tracked, as either."""
    import shutil
    import subprocess

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)

    staged = git("ls-files", "-s").stdout.splitlines()
    links = [line.split("\t")[-1] for line in staged if line.startswith("120000")]
    assert not links, f"symlinks tracked: {links}"
    for name in (".venv", "models", "var"):  # a file or link of that name is ignored too
        assert git("check-ignore", "-q", "--no-index", name).returncode == 0, name


def test_the_nlu_folds_text_through_nlu_text() -> None:
    """One folding for the NLU: its modules take it from `nlu.text` (which alone reads
    `vocab.text`), so training data, lexicons and messages are folded the same way."""
    folding = {"fold", "fold_char", "strip_accents"}
    elsewhere = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "nlu").rglob("*.py")
        if path != ROOT / "nlu" / "text.py"
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom)
        and node.module == "vocab.text"
        and folding & {alias.name for alias in node.names}
    )
    assert not elsewhere, f"import the folding from nlu.text: {elsewhere}"


def _strings(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Call) and node.args:  # frozenset({...})
        return _strings(node.args[0])
    items = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else [node]
    return [e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def _named(node: ast.expr) -> str:
    while isinstance(node, ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


def test_the_core_names_intents_from_the_one_list() -> None:
    """An intent the dialogue or a channel compares with (`intent == "opt_in"`,
    `intent_name in (...)`, `POLITE_INTENTS = frozenset(...)`) is one `nlu.intents`
    lists: a misspelt name would silently never match."""
    from nlu.intents import INTENTS

    known = {*INTENTS, "nlu_fallback"}
    named: list[tuple[str, int, str]] = []
    for top in ("bot", "channels"):
        for path in (ROOT / top).rglob("*.py"):
            where = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Compare):
                    sides = [node.left, *node.comparators]
                    if any("intent" in _named(side).lower() for side in sides):
                        named += [(where, node.lineno, s) for side in sides for s in _strings(side)]
                elif isinstance(node, ast.Assign) and any(
                    _named(t).endswith("_INTENTS") for t in node.targets
                ):
                    named += [(where, node.lineno, s) for s in _strings(node.value)]
    assert len(named) > 50  # the scan still finds them
    unknown = [entry for entry in named if entry[2] not in known]
    assert not unknown, f"not in nlu/intents.py: {unknown}"
