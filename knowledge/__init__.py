"""Knowledge layer of Autonomie Assistant: fiches, hybrid retrieval, answer or abstain.

Kept import-light on purpose (importing a module does not pull FAISS or
scikit-learn until it is used). Public API, by module:

- `fiches`: `Fiche`, `Source`, `FicheError`, `load_fiches(dir=None)`, `default_fiches_dir()`
- `index`: `build_index(fiches_dir, out_dir, encoder)`, `index_is_stale(fiches_dir, index_dir)`,
  `ensure_index(fiches_dir, index_dir, encoder)`, `default_index_dir()`
- `retriever`: `KnowledgeBase.load(index_dir, encoder)`, `.search(...)`, `.answer(...)`,
  `Hit`, `Answer`, `Abstention`, `KnowledgeIndexError`
- `encoder`: `Encoder` (Protocol), `load_default_encoder()`, `SentenceTransformerEncoder`
- `evaluate`: `evaluate(kb, items)`, `load_eval_items()`, `format_table(result)`
- `bench`: `run_benchmark(kb, queries)`
- `check`: `check_fiches(fiches, today)`: the editorial rules of `autonomie kb check`
- `cli`: `kb_app` (mounted as `autonomie kb`)

The names the assistant uses are also importable from the package itself, loaded on first
use (``from knowledge import KnowledgeBase``): the rest of the code base goes through here,
never through the modules (an import-linter contract holds it).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below, typed; at run time they load on first use
    from knowledge.evaluate import evaluate as evaluate_kb
    from knowledge.evaluate import load_eval_items
    from knowledge.fiches import Fiche
    from knowledge.index import build_index, index_is_stale
    from knowledge.platforms import Platform, PlatformDirectory, load_directory
    from knowledge.retriever import Answer, KnowledgeBase

__all__ = [
    "Answer",
    "Fiche",
    "KnowledgeBase",
    "Platform",
    "PlatformDirectory",
    "build_index",
    "evaluate_kb",
    "index_is_stale",
    "load_directory",
    "load_eval_items",
]

_WHERE = {
    "Answer": "knowledge.retriever",
    "Fiche": "knowledge.fiches",
    "KnowledgeBase": "knowledge.retriever",
    "Platform": "knowledge.platforms",
    "PlatformDirectory": "knowledge.platforms",
    "build_index": "knowledge.index",
    "evaluate_kb": "knowledge.evaluate:evaluate",  # `evaluate` would name the module
    "index_is_stale": "knowledge.index",
    "load_directory": "knowledge.platforms",
    "load_eval_items": "knowledge.evaluate",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        module, _, attribute = _WHERE[name].partition(":")
        return getattr(import_module(module), attribute or name)
    raise AttributeError(f"module 'knowledge' has no attribute {name!r}")
