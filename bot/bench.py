"""`autonomie bench`: the service in a subprocess, loaded from another process.

Starts `autonomie serve` on a free loopback port (SQLite in a temporary
directory by default, or a PostgreSQL URL; several worker processes with
Redis if asked), seeds the reference platform, measures the cold start (spawn
to a 200 on /health) and the server's RSS, then runs each scenario twice from
a separate load process, each pass bounded by a number of requests and a
duration: one client alone gives the latency (p50/p95/p99), `concurrency`
clients give the throughput and the latency under load. Reports training
times, model sizes and the project's aims met or missed. Prints Markdown,
writes var/bench.json.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.bench_conversations import conversation_aims, run_conversations
from bot.bench_load import SCENARIOS
from bot.bench_process import cpu_s, dir_mb, percentile, rss_mb
from bot.bench_process import memory as process_memory

__all__ = [
    "BenchConfig",
    "free_port",
    "kb_quality",
    "percentile",
    "questions",
    "run_bench",
    "serve_command",
    "wait_http",
    "wait_ready",
]

TOKEN = "bench-token"


#: the project's aims on 2 cores (issue "Speed and scale-out"), one server process;
#: with several workers, AIMS_WORKERS replaces some of them.
AIMS = {
    "parse_p95_ms": 8.0,
    "kb_over_parse_p95": 1.5,
    "kb_answers_per_s": 120.0,
    "cold_start_s": 3.0,
    # the serving process's RSS after the load (not the reference platform child)
    "rss_mb": 450.0,
    # knowledge base on its held-out questions (issue 17, knowledge/eval/heldout.yml)
    "kb_answered_right_first": 0.90,
    "kb_decline_precision": 0.90,
    "kb_decline_recall": 0.90,
}
#: with `--workers 2`: the throughput, and the memory of the serving processes
#: together (PSS: a page shared by the forked workers is counted once)
AIMS_WORKERS = {"kb_answers_per_s": 200.0, "memory_mb": 800.0}
#: aims where more is better
HIGHER_IS_BETTER = frozenset(
    {"kb_answers_per_s", "kb_answered_right_first", "kb_decline_precision", "kb_decline_recall"}
)
HELD_OUT = Path("knowledge/eval/heldout.yml")


@dataclass
class BenchConfig:
    requests: int = 2000
    seconds: float = 30.0
    concurrency: int = 8
    #: requests of the one-client latency pass (bounded by `seconds` too)
    latency_requests: int = 300
    scenarios: tuple[str, ...] = SCENARIOS
    postgres_url: str | None = None
    #: server worker processes; more than one needs `redis_url`
    workers: int = 1
    redis_url: str | None = None
    models_dir: Path = Path("models")
    load_models: bool = True
    out: Path | None = Path("var/bench.json")
    #: simulated conversations run after the load (0: none)
    conversations: int = 300
    startup_timeout_s: float = 300.0
    extra_env: dict[str, str] = field(default_factory=dict)


def serve_command(host: str, port: int, *options: str) -> list[str]:
    """`autonomie serve` in a child process: this interpreter, this checkout's code."""
    cli = "from bot.cli import main; main()"
    return [sys.executable, "-c", cli, "serve", "--host", host, "--port", str(port), *options]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def questions(root: Path = Path("knowledge/eval")) -> list[str]:
    """The answerable questions of the knowledge-base evaluation sets."""
    found: list[str] = []
    for path in sorted(root.glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(item, dict) and item.get("fiche") and item.get("q"):
                found.append(str(item["q"]))
    return found


def _seed(database_url: str) -> None:
    """The assistant's tables, and the reference platform's demo data (its own program)."""
    from bot.settings import environment_with
    from bot.storage.db import make_engine, upgrade

    engine = make_engine(database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    subprocess.run(
        [sys.executable, "-m", "platform_server", "seed", "--today", date.today().isoformat()],
        env=environment_with({"AUTONOMIE_DATABASE_URL": database_url}),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _training(models_dir: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, path, key in (
        ("nlu_train_s", models_dir / "nlu" / "metadata.json", "train_seconds"),
        ("kb_build_s", models_dir / "kb" / "manifest.json", "build_seconds"),
    ):
        try:
            out[name] = json.loads(path.read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError):
            out[name] = None
    out["nlu_size_mb"] = dir_mb(models_dir / "nlu")
    out["kb_size_mb"] = dir_mb(models_dir / "kb")
    out["encoder_size_mb"] = dir_mb(models_dir / "encoder")
    return out


def _load(job: dict[str, Any]) -> dict[str, Any]:
    """One scenario, from a process of its own."""
    module = "bot.bench_flood" if job["scenario"] == "flood" else "bot.bench_load"
    done = subprocess.run(
        [sys.executable, "-m", module],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=max(float(job["seconds"]), 60.0) + 180,  # the flood: a minute and more
    )
    if done.returncode:
        raise RuntimeError(f"{module} failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _summary(
    scenario: str, alone: dict[str, Any], loaded: dict[str, Any], cpu_s: float, loaded_cpu_s: float
) -> dict[str, Any]:
    """Latency from the one-client pass, throughput from the loaded one; the server's
    CPU per request over both passes (valid on a busy machine, unlike the rest); the
    cores the server used under load (one process can use more than one: the encoder
    and SQLite run without the GIL) and the load generator's CPU per request."""
    latencies: list[float] = alone["latencies_ms"]
    under_load: list[float] = loaded["latencies_ms"]
    elapsed = loaded["elapsed_s"] or 1e-9
    return {
        "scenario": scenario,
        "requests": len(latencies) + len(under_load),
        "errors": alone["errors"] + loaded["errors"],
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "throughput_rps": round(len(under_load) / elapsed, 1),
        "loaded_p50_ms": round(percentile(under_load, 50), 1),
        "loaded_p95_ms": round(percentile(under_load, 95), 1),
        "elapsed_s": round(elapsed + (alone["elapsed_s"] or 0), 2),
        "cpu_ms_per_request": round(1000 * cpu_s / max(1, len(latencies) + len(under_load)), 1),
        "loaded_server_cores": round(loaded_cpu_s / elapsed, 2),
        "client_cpu_ms_per_request": round(
            1000 * loaded.get("cpu_s", 0) / max(1, len(under_load)), 2
        ),
    }


def kb_quality(models_dir: Path, held_out: Path) -> dict[str, float]:
    """The trained knowledge base on held-out questions: of those it answers, the share
    citing the right fiche first; declines (abstentions) precision and recall."""
    from knowledge import KnowledgeBase, evaluate_kb, load_eval_items
    from nlu import load_encoder

    kb = KnowledgeBase.load(models_dir / "kb", load_encoder(models_dir / "encoder"))
    hybrid = evaluate_kb(kb, load_eval_items([held_out]), methods=("hybrid",))["methods"]["hybrid"]
    return {
        "kb_answered_right_first": hybrid["answered_right_first"],
        "kb_decline_precision": hybrid["abstention_precision"],
        "kb_decline_recall": hybrid["abstention_recall"],
    }


def _aims(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    by_name = {s["scenario"]: s for s in report["scenarios"]}
    memory = report.get("memory_after_load") or {}
    measured: dict[str, float | None] = {"cold_start_s": report["cold_start_s"]}
    if report.get("workers", 1) > 1:
        measured["memory_mb"] = memory.get("serving_pss_mb")
    else:
        measured["rss_mb"] = memory.get("process_rss_mb")
    if "parse" in by_name:
        measured["parse_p95_ms"] = by_name["parse"]["p95_ms"]
    if "kb" in by_name:
        measured["kb_answers_per_s"] = by_name["kb"]["throughput_rps"]
    measured.update(report.get("kb_quality") or {})
    if "parse" in by_name and "kb" in by_name and by_name["parse"]["p95_ms"]:
        ratio = by_name["kb"]["p95_ms"] / by_name["parse"]["p95_ms"]
        measured["kb_over_parse_p95"] = round(ratio, 2)
    aims = {**AIMS, **AIMS_WORKERS} if report.get("workers", 1) > 1 else AIMS
    out: dict[str, dict[str, Any]] = {}
    for name, aim in aims.items():
        value = measured.get(name)
        if value is None:
            continue
        met = value >= aim if name in HIGHER_IS_BETTER else value <= aim
        out[name] = {"aim": aim, "measured": value, "met": met}
    return out


def run_bench(config: BenchConfig) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="autonomie-bench-") as tmp:
        database_url = config.postgres_url or f"sqlite:///{tmp}/bench.db"
        _seed(database_url)
        port = free_port()
        env = {
            **os.environ,
            "AUTONOMIE_DATABASE_URL": database_url,
            "AUTONOMIE_API_TOKEN": TOKEN,
            "AUTONOMIE_MODELS_DIR": str(config.models_dir.resolve()),
            "AUTONOMIE_LOAD_MODELS": "true" if config.load_models else "false",
            # the load comes from one address: the per-client limits would refuse it
            "AUTONOMIE_LIMIT_PARSE_PER_MINUTE": "0",
            "AUTONOMIE_LIMIT_MESSAGES_PER_MINUTE": "0",
            # the bench's client plays HAProxy: the simulated people's addresses travel
            # in X-Forwarded-For (bot.bench_load, bot.bench_flood)
            "AUTONOMIE_TRUSTED_PROXIES": "127.0.0.1",
            # every scenario repeats its texts (the parse pass the KB pass's questions):
            # with the encoder's cache the bench would measure the cache, not a turn
            "AUTONOMIE_ENCODER_CACHE": "0",
            **config.extra_env,
        }
        for name in ("AUTONOMIE_PLATFORM_URL", "AUTONOMIE_REDIS_URL"):
            env.pop(name, None)
        if config.workers > 1 and not config.redis_url:
            raise ValueError("several workers need a Redis URL")
        if config.redis_url:  # one worker on Redis too: the same stack as two, to compare
            env["AUTONOMIE_REDIS_URL"] = config.redis_url
        log_path = Path(tmp) / "server.log"
        log_file = log_path.open("wb")
        started = time.perf_counter()
        server = subprocess.Popen(
            serve_command("127.0.0.1", port, "--workers", str(config.workers)),
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=log_file,  # a file: a full pipe would stall the server
        )
        try:
            cold_start = wait_ready(server, port, started, config.startup_timeout_s, log_path)
            report: dict[str, Any] = {
                "database": "postgresql" if config.postgres_url else "sqlite",
                "workers": config.workers,
                "redis": bool(config.redis_url),
                "models_loaded": config.load_models,
                "cold_start_s": round(cold_start, 2),
                "cold_start_cpu_s": round(cpu_s(server.pid), 2),
                "rss_ready_mb": rss_mb(server.pid),
                "memory_ready": process_memory(server.pid),
                "concurrency": config.concurrency,
                "bounds": {"requests": config.requests, "seconds": config.seconds},
                "cpu_count": os.cpu_count(),
                "load_avg_1m": round(os.getloadavg()[0], 2),
                "scenarios": [],
            }
            job = {
                "url": f"http://127.0.0.1:{port}",
                "requests": config.requests,
                "seconds": config.seconds,
                "concurrency": config.concurrency,
                "questions": questions(),
                "run": os.urandom(3).hex(),
            }
            for scenario in config.scenarios:
                if scenario == "flood":  # bot/bench_flood.py: its own summary
                    report["flood"] = _load({**job, "scenario": "flood", "server_pid": server.pid})
                    continue
                cpu_before = cpu_s(server.pid)
                alone = _load(
                    {
                        **job,
                        "scenario": scenario,
                        "concurrency": 1,
                        "requests": min(config.latency_requests, config.requests),
                    }
                )
                cpu_alone = cpu_s(server.pid)
                loaded = _load({**job, "scenario": scenario})
                cpu_after = cpu_s(server.pid)
                summary = _summary(
                    scenario, alone, loaded, cpu_after - cpu_before, cpu_after - cpu_alone
                )
                report["scenarios"].append(summary)
            report["rss_after_load_mb"] = rss_mb(server.pid)
            report["memory_after_load"] = process_memory(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log_file.close()
    report["training"] = _training(config.models_dir)
    if config.load_models and HELD_OUT.is_file():
        report["kb_quality"] = kb_quality(config.models_dir, HELD_OUT)
    report["aims"] = _aims(report)
    # whole conversations need the trained models
    conversations = run_conversations(
        config.models_dir, config.conversations if config.load_models else 0
    )
    if conversations is not None:
        report["conversations"] = conversations
        report["aims"].update(conversation_aims(conversations))
    if config.out is not None:
        config.out.parent.mkdir(parents=True, exist_ok=True)
        config.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def wait_ready(
    server: subprocess.Popen[bytes], port: int, started: float, limit: float, log: Path
) -> float:
    """Seconds from `started` until the server on `port` answers /health."""
    return wait_http(f"http://127.0.0.1:{port}/health", server, log, limit, started)


def wait_http(
    url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    limit: float,
    started: float | None = None,
) -> float:
    """Seconds from `started` (now by default) until `url` answers 200; fails with
    the end of `log` if `process` exits first, or after `limit` seconds."""
    from bot.platform.process import wait_healthy

    started = time.perf_counter() if started is None else started
    try:
        return wait_healthy(process, url, started, limit)
    except ChildProcessError as exc:
        err = log.read_text(encoding="utf-8", errors="replace")
        raise RuntimeError(f"{url}: the process exited ({exc}):\n{err[-3000:]}") from exc
    except TimeoutError as exc:
        raise TimeoutError(f"{url} was not ready after {limit:.0f} s") from exc
