"""What the benchmark reads of the server's processes: memory, CPU time, model sizes."""

from __future__ import annotations

import math
from pathlib import Path

import psutil

__all__ = ["cpu_s", "dir_mb", "memory", "percentile", "rss_mb", "serving"]


def rss_mb(pid: int) -> float:
    """RSS of the server process and its children, in MiB."""
    try:
        process = psutil.Process(pid)
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            total += child.memory_info().rss
    except psutil.Error:
        return 0.0
    return round(total / 2**20, 1)


def serving(pid: int) -> list[psutil.Process]:
    """The server process and its workers; not the reference platform child."""
    process = psutil.Process(pid)
    children = process.children(recursive=True)
    return [process, *(c for c in children if "platform_server" not in " ".join(c.cmdline()))]


def memory(pid: int) -> dict[str, float]:
    """The serving processes' memory in MiB: the largest RSS (one process), and the
    sum of PSS (all of them; a page shared by forked workers counted once)."""
    try:
        infos = [p.memory_full_info() for p in serving(pid)]
    except psutil.Error:
        return {}
    return {
        "process_rss_mb": round(max(i.rss for i in infos) / 2**20, 1),
        "serving_pss_mb": round(sum(i.pss for i in infos) / 2**20, 1),
    }


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by the serving processes."""
    try:
        return sum(sum(p.cpu_times()[:2]) for p in serving(pid))
    except psutil.Error:
        return 0.0


def dir_mb(path: Path) -> float:
    if not path.exists():
        return 0.0
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return round(size / 2**20, 2)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]
