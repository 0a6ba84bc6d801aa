"""A real server for live tests: uvicorn on a free port, logged-in counsellors, SSE."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from bot.content.domain import Domain
from bot.dialogue.events import BotUttered, SessionStarted, SlotSet, UserUttered
from bot.settings import Settings
from platform_server.seed import seed_demo
from tests.channels.fakes import serve
from tests.embedded_platform import assistant_app
from tests.handoff.helpers import ACCOUNTS, PASSWORD, create_accounts

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def live_settings(folder: Path) -> Settings:
    """A live test server's settings: SQLite in `folder`, no models, no Redis."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{folder}/live.db",
        api_token="test-token",  # type: ignore[arg-type]
        load_models=False,
        redis_url=None,
    )


@contextmanager
def live_server(settings: Settings, *, seed: bool = True) -> Iterator[tuple[str, Any]]:
    app = assistant_app(settings)
    with serve(app) as url:
        if seed:
            seed_demo(app.state.assistant.sessions, date(2026, 11, 23))
            create_accounts(app)
        yield url, app


def login(url: str, who: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=10)
    page = client.get("/console/login")
    token = CSRF.search(page.text)[1]  # type: ignore[index]
    response = client.post(
        "/console/login",
        data={"email": ACCOUNTS[who][0], "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 303, response.text
    return client


# two people of Gironde waiting in the queue, and what each said before asking for a
# counsellor (their card quotes it)
PEOPLE = [
    ("web:aa11-pessac", {"commune": "Pessac", "jobs": ["advf"], "driving_licence": False}),
    ("web:cc33-merignac", {"commune": "Mérignac", "jobs": ["aide_soignant"], "children": 2}),
]
SAID = {
    "web:aa11-pessac": "Sans permis, est-ce que je peux travailler à domicile ?",
    "web:cc33-merignac": "Qui garde mes enfants pendant la formation ?",
}


def asked_for_a_counsellor(app: Any, url: str) -> None:
    """PEOPLE's conversations so far, worded as the assistant words them (a greeting, the
    person's question, its honest "no reliable answer"), then their request for a counsellor."""
    domain = Domain.load()
    platform = "de la plateforme des métiers de l'autonomie"  # no site: no département
    greet = domain.render("utter_greet", platform=platform)
    abstain = domain.render("utter_kb_abstain")
    asked = {"intent": {"name": "question", "confidence": 0.9}}
    for sender, slots in PEOPLE:
        events = [
            SessionStarted(),
            BotUttered.from_message(greet, response="utter_greet"),
            *(SlotSet(name=k, value=v) for k, v in {"departement": "33", **slots}.items()),
            UserUttered(text=SAID[sender], parse_data=asked),
            BotUttered.from_message(abstain, response="utter_kb_abstain"),
        ]
        app.state.assistant.store.append(sender, "rest", events)
        message = {"sender": sender, "message": "/human_handoff"}
        httpx.post(f"{url}/webhooks/rest/webhook", json=message)


def with_departement(app: Any, sender: str, departement: str) -> None:
    app.state.assistant.store.append(
        sender, "rest", [SlotSet(name="departement", value=departement)]
    )


@dataclass
class Listener:
    """Reads a console's SSE stream in a thread; notes when each event arrived."""

    client: httpx.Client
    events: list[tuple[float, str, dict[str, Any]]] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        try:
            self._read()
        except (httpx.HTTPError, RuntimeError):
            if not self.stop.is_set():
                raise

    def _read(self) -> None:
        timeout = httpx.Timeout(10, read=30)
        with self.client.stream("GET", "/console/stream", timeout=timeout) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            kind = "message"
            for line in response.iter_lines():
                if self.stop.is_set():
                    return
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: "):
                    data = json.loads(line[6:])
                    self.events.append((time.perf_counter(), kind, data))
                    if kind == "hello":
                        self.ready.set()

    def arrived(self, kind: str, **match: Any) -> float | None:
        for at, event_kind, data in list(self.events):
            if event_kind == kind and all(data.get(k) == v for k, v in match.items()):
                return at
        return None

    def wait(self, kind: str, timeout: float = 5.0, **match: Any) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            at = self.arrived(kind, **match)
            if at is not None:
                return at
            time.sleep(0.002)
        raise AssertionError(f"no {kind} event {match} within {timeout} s")


@contextmanager
def listening(client: httpx.Client) -> Iterator[Listener]:
    listener = Listener(client)
    thread = threading.Thread(target=listener.run, daemon=True)
    thread.start()
    assert listener.ready.wait(10), "the stream did not say hello"
    try:
        yield listener
    finally:
        listener.stop.set()
        thread.join(timeout=5)  # the next ping ends it
        client.close()
