"""The widget's browser tests: a live assistant with the demo policy, and a host
page served from another origin by a static file server of its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from bot.dialogue.events import BotUttered
from bot.settings import Settings
from tests.channels.fakes import serve
from tests.channels.policies import DemoPolicy
from tests.embedded_platform import assistant_app

LAUNCHER = "Une question ? Discutons"
QUESTION = "Comment devenir aide-soignant ?"
ROLE = "Conseiller de la plateforme de Gironde"


@contextmanager
def assistant(folder: Path, **settings: Any) -> Iterator[tuple[str, Any]]:
    """(base URL, app) of the assistant with the demo dialogue policy."""
    app = assistant_app(
        Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite:///{folder}/widget.db",
            api_token="test-token",  # type: ignore[arg-type]
            load_models=False,
            redis_url=None,
            **settings,
        )
    )
    with serve(app) as url:
        app.state.assistant.processor.policy = DemoPolicy()
        yield url, app


@contextmanager
def host_site(folder: Path, pages: dict[str, str]) -> Iterator[str]:
    """A partner's site: static files on another port, hence another origin."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        (folder / name).write_text(html, "utf-8")
    with serve(Starlette(routes=[Mount("/", StaticFiles(directory=folder, html=True))])) as url:
        yield url


def host_page(assistant_url: str, scripts: int = 1) -> str:
    tag = f'<script src="{assistant_url}/widget.js" data-platform="33" defer></script>\n'
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        "<title>Plateforme de Gironde</title></head><body><main><h1>Bienvenue</h1>"
        "<p>Le site d'un partenaire.</p></main>\n" + tag * scripts + "</body></html>"
    )


def sender_of(page: Any) -> str:
    sender: str = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.endsWith(':id'))"
        ".map(k => localStorage[k])[0]"
    )
    return sender


def counsellor_writes(app: Any, sender: str, text: str, name: str = "Nadia") -> None:
    """A counsellor's message as the console stores it (picked up by the widget's poll)."""
    data = {"counsellor": name, "counsellor_role": ROLE, "proactive": True, "delivery": "pickup"}
    app.state.assistant.store.append(sender, "rest", [BotUttered(text=text, data=data)])


def assistant_writes(app: Any, sender: str, text: str) -> None:
    """The assistant takes the conversation back (hand-back notice)."""
    data = {"response": "utter_handoff_returned", "proactive": True}
    app.state.assistant.store.append(sender, "rest", [BotUttered(text=text, data=data)])


def picked_up(page: Any, text: str, timeout: float = 60_000) -> Any:
    """Waits until the widget's poll has brought `text` (a counsellor's message): it is
    asked to poll at once, as when the network comes back, then polls every 5 s by
    itself; the wait is on the message shown, the timeout only a cap for a loaded CI."""
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    shown = page.get_by_role("log").get_by_text(text, exact=False)
    shown.first.wait_for(timeout=timeout)
    return shown


def a_poll_answered(page: Any) -> Any:
    """A context manager around an action: waits for the widget's next poll answered."""
    return page.expect_response(
        lambda r: "/webhooks/rest/pending" in r.url and r.request.method == "GET",
        timeout=60_000,
    )


def ask(page: Any, text: str) -> None:
    page.get_by_label("Votre message").fill(text)
    page.keyboard.press("Enter")


def open_widget(page: Any) -> Any:
    page.get_by_role("button", name=LAUNCHER).click()
    return page.get_by_role("log")
