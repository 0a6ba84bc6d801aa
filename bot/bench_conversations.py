"""The conversation part of `autonomie bench`: simulated candidates, whole conversations.

Runs the simulator of the test suite (`python -m tests.conversations.run`) in a
subprocess from the source tree, on the trained models, and returns its
figures: turns from the first message to a booked event (median, max), the
share of conversations that break an invariant, slot accuracy over the final
trackers. Without the source tree (an installed package), nothing is run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["AIMS", "conversation_aims", "run_conversations"]

#: issue 16's aims for whole conversations
AIMS = {
    "turns_to_book_median": 5.0,
    "turns_to_book_max": 8.0,
    "broken_share": 0.0,
    "slot_accuracy": 0.97,
}
ROOT = Path(__file__).resolve().parents[1]


def run_conversations(models_dir: Path, count: int, seed: int = 2026) -> dict[str, Any] | None:
    if count <= 0 or not (ROOT / "tests" / "conversations" / "run.py").exists():
        return None
    with tempfile.TemporaryDirectory(prefix="autonomie-conversations-") as tmp:
        out = Path(tmp) / "conversations.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.conversations.run",
                "--count",
                str(count),
                "--seed",
                str(seed),
                "--models",
                str(models_dir.resolve()),
                "--out",
                str(out),
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def conversation_aims(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for name, aim in AIMS.items():
        value = report.get(name)
        if value is None:
            continue
        met = value >= aim if name == "slot_accuracy" else value <= aim
        out[f"conversations_{name}"] = {"aim": aim, "measured": value, "met": met}
    return out
