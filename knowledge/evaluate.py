"""Evaluation of the knowledge base: hybrid against the BM25-only and dense-only baselines.

Eval items are `{q: str, fiche: id | null}` (null = out of domain, the right
behaviour is to abstain), optionally with `jobs: [...]` (conversation context) and
`also: [ids]` (a two-topic question: any of these fiches first is right too).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from .encoder import encode_normalized
from .retriever import METHODS, Answer, KnowledgeBase, Method

__all__ = ["EvalItem", "default_eval_paths", "evaluate", "format_table", "load_eval_items"]


@dataclass(frozen=True, slots=True)
class EvalItem:
    q: str
    fiche: str | None
    jobs: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # other fiches that answer a two-topic question

    @property
    def accepted(self) -> frozenset[str]:
        """The fiches that are a right first answer."""
        return frozenset((self.fiche, *self.also)) if self.fiche else frozenset()


def default_eval_paths() -> list[Path]:
    return sorted((Path(__file__).resolve().parent / "eval").glob("*.yml"))


def load_eval_items(paths: Iterable[Path | str] | None = None) -> list[EvalItem]:
    """Read eval YAML files (default: knowledge/eval/*.yml)."""
    items: list[EvalItem] = []
    for path in paths if paths is not None else default_eval_paths():
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
        if isinstance(data, dict):
            data = data.get("items") or []
        for entry in data:
            if not isinstance(entry, dict) or not isinstance(entry.get("q"), str):
                raise ValueError(f"{path}: every item needs a string 'q': {entry!r}")
            fiche = entry.get("fiche")
            jobs = tuple(str(job) for job in entry.get("jobs") or [])
            also = tuple(str(other) for other in entry.get("also") or [])
            items.append(EvalItem(entry["q"], str(fiche) if fiche else None, jobs, also))
    return items


def _ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _method_metrics(
    kb: KnowledgeBase, items: Sequence[EvalItem], vectors: np.ndarray | None, method: Method
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    ranks: list[int] = []
    should_abstain = did_abstain = both = correct = answered_in_domain = 0
    misses: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        vector = vectors[index] if vectors is not None else None
        hits = kb.search(item.q, jobs=item.jobs, embedding=vector, k=len(kb.fiches), method=method)
        decision = kb.decide(hits[:4])
        abstained = not isinstance(decision, Answer)
        did_abstain += abstained
        if item.fiche is None:
            should_abstain += 1
            both += abstained
            correct += abstained
            if not abstained:
                misses.append({"q": item.q, "expected": None, "got": hits[0].fiche.id})
            continue
        accepted = item.accepted
        rank = next((h.rank for h in hits if h.fiche.id in accepted), len(kb.fiches) + 1)
        ranks.append(rank)
        answered_right = not abstained and hits[0].fiche.id in accepted
        answered_in_domain += not abstained
        correct += answered_right
        if not answered_right:
            got = None if abstained else hits[0].fiche.id
            misses.append({"q": item.q, "expected": item.fiche, "got": got, "rank": rank})
    r = np.asarray(ranks, dtype=np.float64)
    metrics = {
        "hit@1": _ratio(float((r == 1).sum()), len(r)),
        "hit@3": _ratio(float((r <= 3).sum()), len(r)),
        "mrr": round(float((1.0 / r).mean()), 4) if len(r) else 0.0,
        "abstention_precision": _ratio(both, did_abstain),
        "abstention_recall": _ratio(both, should_abstain),
        "answer_accuracy": _ratio(correct, len(items)),
        # of the in-domain questions answered, the share that cite the right fiche first
        "answered_right_first": _ratio(correct - both, answered_in_domain),
        # of the in-domain questions, the share answered with the right fiche first
        "in_domain_right": _ratio(correct - both, len(ranks)),
        "threshold": round(float(kb.thresholds[method]), 4),
    }
    return metrics, misses


def evaluate(
    kb: KnowledgeBase,
    items: Sequence[EvalItem],
    *,
    methods: Sequence[Method] = METHODS,
    with_misses: bool = False,
) -> dict[str, Any]:
    """hit@1, hit@3, MRR (in-domain items), abstention precision/recall (positive = should
    abstain; each method with its own calibrated threshold) and answer accuracy, per method.

    Items naming a fiche that does not exist are left out and listed in `unknown_fiches`.
    """
    known = [item for item in items if item.fiche is None or item.fiche in kb.by_id]
    unknown = sorted({i.fiche for i in items if i.fiche is not None and i.fiche not in kb.by_id})
    texts = [item.q for item in known]
    vectors = None
    if kb.encoder is not None and texts and any(text.strip() for text in texts):
        vectors = encode_normalized(kb.encoder, [text if text.strip() else "?" for text in texts])
    result: dict[str, Any] = {
        "n_items": len(known),
        "n_in_domain": sum(item.fiche is not None for item in known),
        "n_out_of_domain": sum(item.fiche is None for item in known),
        "unknown_fiches": unknown,
        "methods": {},
    }
    for method in methods:
        metrics, misses = _method_metrics(kb, known, vectors, method)
        result["methods"][method] = metrics
        if with_misses:
            result.setdefault("misses", {})[method] = misses
    return result


def format_table(result: dict[str, Any]) -> str:
    """The result as a Markdown table, one row per method."""
    columns = (
        "hit@1",
        "hit@3",
        "mrr",
        "abstention_precision",
        "abstention_recall",
        "answer_accuracy",
        "answered_right_first",
        "in_domain_right",
    )
    headers = (
        "method",
        "hit@1",
        "hit@3",
        "MRR",
        "abst. P",
        "abst. R",
        "answer acc.",
        "answered: right first",
        "in domain: right",
    )
    lines = [
        f"{result['n_items']} items: {result['n_in_domain']} in domain, "
        f"{result['n_out_of_domain']} out of domain",
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    for method, metrics in result["methods"].items():
        cells = [f"{metrics[column]:.3f}" for column in columns]
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    if result.get("unknown_fiches"):
        lines.append("")
        lines.append("unknown fiche ids in the eval set: " + ", ".join(result["unknown_fiches"]))
    return "\n".join(lines)
