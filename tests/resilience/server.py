"""The real service in a child process, to kill and restart (`autonomie serve`)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from bot.bench import free_port, serve_command, wait_ready

TOKEN = "resilience-token"


class Server:
    """`autonomie serve` on a free port; `kill` is a SIGKILL of every process of it."""

    def __init__(self, env: dict[str, str | None], workdir: Path, workers: int = 1) -> None:
        """`env` overrides the environment; None removes a variable."""
        merged: dict[str, str | None] = {
            **os.environ,
            "AUTONOMIE_API_TOKEN": TOKEN,
            "AUTONOMIE_PLATFORM_URL": None,  # the reference platform, a child process
            **env,
        }
        self.env = {k: v for k, v in merged.items() if v is not None}
        self.workdir = workdir
        self.workers = workers
        self.port = free_port()
        self.log = workdir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 120.0) -> float:
        """Start and wait for /health; the seconds it took."""
        started = time.perf_counter()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                serve_command("127.0.0.1", self.port, "--workers", str(self.workers)),
                env=self.env,
                cwd=self.workdir,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,  # its own process group: kill() reaches the workers
            )
        return wait_ready(self.process, self.port, started, timeout_s, self.log)

    def pids(self) -> list[int]:
        """The server's processes: the parent, and its workers if any (not the platform)."""
        import psutil

        assert self.process is not None
        parent = psutil.Process(self.process.pid)
        workers = [
            c.pid
            for c in parent.children(recursive=True)
            if "platform_server" not in " ".join(c.cmdline())
        ]
        return [parent.pid, *workers]

    def pause(self) -> None:
        """Freezes every process of it (SIGSTOP): what it has committed stays as it is
        until `resume` or `kill` (SIGKILL ends a stopped process too)."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGCONT)

    def kill(self) -> None:
        """Its process group: the workers and the platform child too."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
