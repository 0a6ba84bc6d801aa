"""Latency and size figures of the knowledge base, for `autonomie bench`."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .encoder import encode_normalized
from .retriever import KnowledgeBase

__all__ = ["directory_size", "run_benchmark"]


def directory_size(folder: Path | str) -> int:
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())


def _percentiles(samples: list[float]) -> dict[str, float]:
    values = np.asarray(samples, dtype=np.float64) * 1000.0
    return {
        "p50_ms": round(float(np.percentile(values, 50)), 2),
        "p95_ms": round(float(np.percentile(values, 95)), 2),
        "max_ms": round(float(values.max()), 2),
    }


def run_benchmark(kb: KnowledgeBase, queries: Sequence[str], *, repeats: int = 3) -> dict[str, Any]:
    """Search latency p50/p95 (with the query embedding given, as NLU does, and with the
    encoding included), plus the index's build time, size and load time."""
    texts = [query for query in queries if query.strip()]
    if not texts:
        raise ValueError("no query to benchmark")
    vectors = encode_normalized(kb.encoder, texts) if kb.encoder is not None else None
    for text in texts[:3]:  # warm-up
        kb.answer(text)
    with_embedding: list[float] = []
    end_to_end: list[float] = []
    for _ in range(max(repeats, 1)):
        for index, text in enumerate(texts):
            vector = vectors[index] if vectors is not None else None
            started = time.perf_counter()
            kb.answer(text, embedding=vector)
            with_embedding.append(time.perf_counter() - started)
    for text in texts:
        started = time.perf_counter()
        kb.answer(text)
        end_to_end.append(time.perf_counter() - started)
    result: dict[str, Any] = {
        "n_queries": len(texts),
        "n_fiches": len(kb.fiches),
        "search": _percentiles(with_embedding),
        "search_with_encoding": _percentiles(end_to_end),
        "index_build_seconds": kb.manifest.get("build_seconds"),
        "n_passages": kb.manifest.get("n_passages"),
    }
    if kb.index_dir is not None:
        result["index_size_bytes"] = directory_size(kb.index_dir)
        started = time.perf_counter()
        KnowledgeBase.load(kb.index_dir, kb.encoder, check_encoder=False)
        result["index_load_seconds"] = round(time.perf_counter() - started, 3)
    return result
