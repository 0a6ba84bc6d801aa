"""Two nodes behind HAProxy on one machine: `make cluster`, `make bench-cluster`, the tests.

Each node is `autonomie serve` on a loopback address of its own (127.0.0.2,
127.0.0.3...), with a working directory and a copy of the models of its own:
the nodes share nothing but PostgreSQL and Redis. HAProxy (Debian's package)
balances them with deploy/haproxy.cfg, the file the compose deployment uses,
and takes a node out as soon as its /health fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from bot.bench import free_port, serve_command, wait_http

__all__ = ["Cluster", "Node", "cluster_env", "haproxy_binary"]

HAPROXY_CFG = Path(__file__).resolve().parents[1] / "deploy" / "haproxy.cfg"


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).exists()), None
    )


def _stop(process: subprocess.Popen[bytes] | None, sig: signal.Signals) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)  # the whole group: uvicorn and anything it started
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Node:
    name: str
    host: str
    port: int
    workdir: Path
    cpu: int | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.address}"

    @property
    def log(self) -> Path:
        return self.workdir / "node.log"


@dataclass
class Cluster:
    """`nodes` assistant processes and one HAProxy in front, started by `start()`."""

    env: Mapping[str, str]  # AUTONOMIE_DATABASE_URL, AUTONOMIE_REDIS_URL... (shared)
    models_dir: Path
    workdir: Path
    nodes: int = 2
    pin_cpus: bool = False  # one core per node (taskset), for the throughput bench
    haproxy_cfg: Path = HAPROXY_CFG
    members: list[Node] = field(default_factory=list)
    lb_port: int = 0
    _haproxy: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    def start(self, timeout_s: float = 180.0) -> dict[str, float]:
        """Start every node, then HAProxy; the seconds each took to be ready."""
        cpus = os.cpu_count() or 1
        timings: dict[str, float] = {}
        for index in range(self.nodes):
            node = Node(
                name=f"node{index + 1}",
                host=f"127.0.0.{index + 2}",
                port=free_port(),
                workdir=self.workdir / f"node{index + 1}",
                cpu=index % cpus if self.pin_cpus else None,
            )
            self.members.append(node)
            self._start_node(node)
        for node in self.members:
            assert node.process is not None
            timings[node.name] = wait_http(f"{node.url}/health", node.process, node.log, timeout_s)
        timings["haproxy"] = self._start_haproxy()
        return timings

    def _start_node(self, node: Node) -> None:
        node.workdir.mkdir(parents=True, exist_ok=True)
        models = node.workdir / "models"  # its own copy: no disk shared between nodes
        if not models.exists():
            shutil.copytree(self.models_dir, models)
        env = {**os.environ, **self.env, "AUTONOMIE_MODELS_DIR": str(models)}
        command = serve_command(node.host, node.port)
        if node.cpu is not None and shutil.which("taskset"):
            command = ["taskset", "-c", str(node.cpu), *command]
        with node.log.open("ab") as log:
            node.process = subprocess.Popen(
                command,
                env=env,
                cwd=node.workdir,
                stdout=log,  # uvicorn's access log
                stderr=log,
                start_new_session=True,
            )

    def _start_haproxy(self) -> float:
        binary = haproxy_binary()
        if binary is None:
            raise RuntimeError("HAProxy is not installed (make cluster-deps installs it)")
        self.lb_port = self.lb_port or free_port()  # chosen before: a URL the nodes know
        addresses = [node.address for node in self.members]
        env = {
            **os.environ,
            "LB_BIND": f"127.0.0.1:{self.lb_port}",
            # the config names two servers: a one-node cluster lists its node twice
            **{f"NODE{i + 1}": addresses[i % len(addresses)] for i in range(max(2, self.nodes))},
        }
        log = self.workdir / "haproxy.log"
        with log.open("ab") as out:
            self._haproxy = subprocess.Popen(
                [binary, "-db", "-f", str(self.haproxy_cfg)],
                env=env,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        return wait_http(f"{self.url}/health", self._haproxy, log, 30)

    def kill(self, name: str) -> None:
        """SIGKILL a node and everything it started, as a crash would."""
        node = next(n for n in self.members if n.name == name)
        _stop(node.process, signal.SIGKILL)

    def restart(self, name: str, timeout_s: float = 180.0) -> float:
        node = next(n for n in self.members if n.name == name)
        self._start_node(node)
        assert node.process is not None
        return wait_http(f"{node.url}/health", node.process, node.log, timeout_s)

    def stop(self) -> None:
        _stop(self._haproxy, signal.SIGTERM)
        for node in self.members:
            _stop(node.process, signal.SIGTERM)

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def cluster_env(command: str) -> tuple[dict[str, str], Path]:
    """The nodes' environment (the shared PostgreSQL and Redis of the tests, HAProxy
    trusted on loopback) and the models' folder; exits, naming `command`, when the
    databases are not configured."""
    database_url = os.environ.get("AUTONOMIE_TEST_POSTGRES_URL")
    redis_url = os.environ.get("AUTONOMIE_TEST_REDIS_URL")
    if not (database_url and redis_url):
        sys.exit(f"{command} needs AUTONOMIE_TEST_POSTGRES_URL and AUTONOMIE_TEST_REDIS_URL")
    env = {
        "AUTONOMIE_DATABASE_URL": database_url,
        "AUTONOMIE_REDIS_URL": redis_url,
        # HAProxy on loopback passes the client's (or the load's simulated) address on
        "AUTONOMIE_TRUSTED_PROXIES": "127.0.0.1",
    }
    return env, Path(os.environ.get("AUTONOMIE_MODELS_DIR", "models")).resolve()


def main() -> None:
    """`make cluster`: two nodes and HAProxy on this machine, until Ctrl-C."""
    env, models = cluster_env("the cluster")
    workdir = Path(os.environ.get("CLUSTER_DIR", "var/cluster")).resolve()
    with Cluster(env, models, workdir) as cluster:
        for node in cluster.members:
            print(f"{node.name}: {node.url} (log {node.log})")
        print(f"HAProxy: {cluster.url}  (Ctrl-C stops everything)", flush=True)
        with suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
