"""The bench machinery on a tiny bounded load (the real bench is `autonomie bench`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.bench import BenchConfig, percentile, questions, run_bench
from bot.bench_load import SCENARIOS
from bot.bench_report import markdown

ROOT = Path(__file__).resolve().parents[2]


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile(values, 99) == 99.0
    assert percentile([], 50) == 0.0
    assert percentile([7.0], 99) == 7.0


def test_bench_runs_every_scenario_on_a_tiny_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert questions(), "knowledge/eval/*.yml gives the kb questions"
    out = tmp_path / "bench.json"
    config = BenchConfig(
        requests=20,
        seconds=10,
        concurrency=4,
        load_models=False,  # the machinery, not the models: fast
        models_dir=ROOT / "models",
        out=out,
    )
    report = run_bench(config)
    assert json.loads(out.read_text()) == report
    assert [s["scenario"] for s in report["scenarios"]] == list(SCENARIOS)
    for s in report["scenarios"]:
        # a one-client pass and a 4-client pass, each of at most 20 requests
        assert 2 <= s["requests"] <= 40 and s["errors"] == 0, s
        assert 0 < s["p50_ms"] <= s["p95_ms"] <= s["p99_ms"]
        assert 0 < s["loaded_p50_ms"] <= s["loaded_p95_ms"]
        assert s["throughput_rps"] > 0
    assert report["cold_start_s"] > 0 and report["rss_ready_mb"] > 10
    assert report["memory_after_load"]["process_rss_mb"] > 10
    assert all(s["cpu_ms_per_request"] > 0 for s in report["scenarios"])
    # what shares the cores: the server's under load, the load generator's per request
    # (the server's CPU is read in 10 ms ticks: a tiny pass may show none)
    assert all(s["loaded_server_cores"] >= 0 for s in report["scenarios"])
    assert all(s["client_cpu_ms_per_request"] > 0 for s in report["scenarios"])
    aims = report["aims"]
    assert set(aims) == {
        "parse_p95_ms",
        "kb_over_parse_p95",
        "kb_answers_per_s",
        "cold_start_s",
        "rss_mb",
    }
    assert aims["cold_start_s"]["met"] == (report["cold_start_s"] <= 3.0)
    table = markdown(report)
    assert "| booking |" in table and "cold start to ready" in table
    assert "| server cores under load | load generator CPU ms/request |" in table
    assert "| kb_answers_per_s | 120.0 |" in table
