"""`autonomie serve`: start-up in parallel, models loaded once, worker processes forked.

The reference platform child (when AUTONOMIE_PLATFORM_URL is unset) is spawned
first and starts on the other core while this process loads the models; its
/health is awaited only then. With `--workers N` the models are loaded once in
the parent, then N processes are forked from it, each serving the same listening
socket: the ONNX weights, the FAISS index, spaCy's tables and the NLU matrices
are shared copy-on-write instead of being loaded N times (uvicorn's own
`--workers` spawns fresh interpreters that load everything again). A worker that
dies is forked again (unless workers keep dying at start); SIGTERM or SIGINT
stops them all.

The serving process never imports PyTorch: the encoder runs on onnxruntime, and
spaCy's thinc imports torch only to note that it is installed (about 4 s of CPU
and 180 MiB of RSS for nothing). Nor aiohttp: python-socketio's package imports
its client classes, whose engine.io client imports aiohttp when it is installed
(the test suite's socket.io client needs it; the server never does).
"""

from __future__ import annotations

import gc
import importlib.abc
import importlib.machinery
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from bot.integrations import LoadedModels
    from bot.settings import Settings

__all__ = ["NotServed", "serve", "warm_up", "without_unserved"]

log = logging.getLogger(__name__)

#: a worker that dies this soon after its start died at start...
_MIN_LIFETIME_S = 5.0
#: ...and after this many such deaths in a row the server stops (a crash loop)
_MAX_EARLY_DEATHS = 3


#: installed, imported by our libraries when present, never used by the serving process
NOT_SERVED = ("torch", "aiohttp")


class NotServed(importlib.abc.MetaPathFinder):
    """An import finder for which the given top-level packages are not installed."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"{fullname} is not used when serving", name=fullname)
        return None


def _no_spacy_cli(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("spaCy's command line is not loaded in the serving process")


def without_unserved(also: Sequence[str] = ()) -> None:
    """From now on this process cannot import the NOT_SERVED packages, nor those
    `also` names, that it has not imported yet (the serving process: nothing it runs
    needs them), nor spaCy's command line: spaCy's package imports it for `spacy.info`
    alone (weasel, confection, its typer apps: 0.2 s of CPU at start), so it gets a
    stand-in."""
    names = frozenset(n for n in (*NOT_SERVED, *also) if n not in sys.modules)
    if names and not any(isinstance(f, NotServed) for f in sys.meta_path):
        sys.meta_path.insert(0, NotServed(names))
    if "spacy" not in sys.modules:
        cli, info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
        cli.__path__ = []  # a package with no submodule: `import spacy.cli.x` fails
        info.info = _no_spacy_cli  # type: ignore[attr-defined]
        cli.info = info  # type: ignore[attr-defined]
        sys.modules.setdefault("spacy.cli", cli)
        sys.modules.setdefault("spacy.cli.info", info)


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serves until SIGTERM/SIGINT; PlatformError if the reference platform fails."""
    # before spaCy and python-socketio are imported; without a Redis URL, redis too
    # (python-socketio imports it for a Redis manager the server does not use)
    without_unserved(() if settings.redis_url else ("redis",))
    # Start-up allocates much and frees almost nothing: the cyclic collector would walk
    # the growing heap again and again (about 0.5 s of CPU of the imports and the model
    # loading). It runs again once the models are loaded, which it then leaves alone.
    gc.disable()
    import uvicorn

    from bot.app import create_app
    from bot.platform.process import spawned_platform

    if workers > 1:
        # the parent loads the models and forks: no thread pools before the fork
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("OMP_NUM_THREADS", "1")
    with spawned_platform(settings) as (settings, platform_ready):
        models = _load_models(settings)  # meanwhile the platform starts on the other core
        platform_ready()
        if workers == 1:
            _collect_from_now_on()
            uvicorn.run(
                create_app(settings, models=models),
                host=host,
                port=port,
                log_level="info",
                proxy_headers=False,  # AUTONOMIE_TRUSTED_PROXIES: bot.web.proxies
            )
            return
        if models is not None:
            warm_up(models)
        from bot.storage.db import make_engine, upgrade

        engine = make_engine(settings.database_url)
        try:
            upgrade(engine)  # once, before the workers start (they would race on it)
        finally:
            engine.dispose()
        _prefork(lambda: create_app(settings, models=models), host, port, workers)


def _load_models(settings: Settings) -> LoadedModels | None:
    if not settings.load_models:
        return None
    from bot.integrations import ModelsMissing, load_models

    try:
        return load_models(settings)
    except ModelsMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc


#: a message through every NLU component (typos: the speller and its dictionary, a
#: misspelt commune: the gazetteer's French words) and the knowledge base
WARM_UP_TEXT = "bonjour, je cherche une formaton d'aide-soignnte à Bordeau, vazy dites-moi"


def warm_up(models: LoadedModels) -> None:
    """One parse and one knowledge-base query in the parent, before the fork: the
    tables the models read on first use (the French words' hashes, the tokenizer's
    piece scores: about 70 ms of CPU and 5 MiB) are then read once and shared, not
    again in each worker on its first person's message. The slot values' table of the
    NLU's vocabulary (about 0.2 s of CPU the first time a job or diploma is stored) is
    built here too."""
    from bot.dialogue.slot_values import canonical

    parse = models.interpreter.parse(WARM_UP_TEXT)
    if models.services.knowledge is not None:
        models.services.knowledge.answer(WARM_UP_TEXT, jobs=[], embedding=parse.embedding)
    canonical("job", "aide-soignante")


def _collect_from_now_on() -> None:
    """The objects alive now (modules, models) are kept out of the cyclic collector for
    good (`gc.freeze`: each full collection would walk them again, and in forked
    workers, touch their pages), and the collector runs again for what comes next."""
    gc.freeze()
    gc.enable()


def _prefork(app: Callable[[], FastAPI], host: str, port: int, workers: int) -> None:
    """Forks `workers` uvicorn servers, each on a listening socket of its own, and keeps
    them alive."""
    listeners = _listeners(host, port, workers)
    gc.collect()
    gc.freeze()  # the models' objects stay out of the collector: fewer pages copied
    children: dict[int, tuple[float, int]] = {}  # pid: (born, its listener's index)
    stopping = False
    early_deaths = 0

    def fork(index: int) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                gc.enable()  # the parent's objects stay frozen: shared pages stay shared
                for other, listener in enumerate(listeners):
                    if other != index:
                        listener.close()
                _serve_socket(app(), listeners[index])
            except BaseException:  # reported, then the worker ends
                log.exception("worker %d failed", os.getpid())
                code = 1
            finally:
                os._exit(code)
        children[pid] = (time.monotonic(), index)

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        for index in range(workers):
            fork(index)
        log.info("serving on http://%s:%d with %d forked workers", host, port, workers)
        while children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            child = children.pop(pid, None)
            if child is None or stopping:
                continue
            born, index = child
            log.error("worker %d ended (status %d): forking another", pid, status)
            early = time.monotonic() - born < _MIN_LIFETIME_S
            early_deaths = early_deaths + 1 if early else 0
            if early_deaths >= _MAX_EARLY_DEATHS:
                log.error("workers die at start: stopping")
                stop(signal.SIGTERM, None)
            else:
                fork(index)  # on the same socket: what waits in its queue is served
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for listener in listeners:
            listener.close()


def _listeners(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` listening sockets on one address (SO_REUSEPORT): the kernel shares new
    connections out between them. On one shared socket, the first worker awake took
    every connection waiting (uvloop accepts until none is left): 8 keep-alive clients
    connecting together all went to one worker in half the runs, the other idle. The
    parent keeps them open: a worker that dies leaves its queue to the one forked again."""
    listeners: list[socket.socket] = []
    for _ in range(count):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        listener.bind((host, port))
        port = listener.getsockname()[1]  # port 0: the others on the one given
        listener.listen(2048)
        listener.set_inheritable(True)
        listeners.append(listener)
    return listeners


def _serve_socket(app: FastAPI, listener: socket.socket) -> None:
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, log_level="info", proxy_headers=False))
    server.run(sockets=[listener])
