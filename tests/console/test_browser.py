"""The console in a real browser (Chromium through Playwright) against a real server:
log in, see a request arrive live, open it, answer, and the answer reaches the
candidate's conversation (the web widget on the demo page).

Skipped, not failed, only when Chromium (/usr/bin/chromium) or Playwright is
missing AND AUTONOMIE_TEST_REQUIRE_BROWSER is unset. Set
AUTONOMIE_CONSOLE_SCREENSHOT=docs/console.png to save a screenshot.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autonomie_bot.dialogue.events import SlotSet
from autonomie_bot.settings import Settings
from tests.console.live import live_server
from tests.handoff.helpers import ACCOUNTS, PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = bool(os.environ.get("AUTONOMIE_TEST_REQUIRE_BROWSER"))
SCREENSHOT = os.environ.get("AUTONOMIE_CONSOLE_SCREENSHOT")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPLY = "Bonjour, je suis Nadia. Je vous propose un rendez-vous mardi à 10h à Mérignac."


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing"
    return None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    reason = _missing()
    if reason:
        if REQUIRED:
            pytest.fail(f"AUTONOMIE_TEST_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{tmp_path}/browser.db",
        api_token="test-token",  # type: ignore[arg-type]
        load_models=False,
        redis_url=None,
    )
    with live_server(settings) as running:
        yield running


@pytest.fixture
def browser(server: tuple[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield browser
        browser.close()


def _other_requests(app: Any, url: str) -> None:
    """A few more people waiting, so that the queue looks like a real morning."""
    import httpx

    people = [
        ("web:demo-pessac", {"commune": "Pessac", "jobs": ["advf"]}, "/human_handoff"),
        ("web:demo-libourne", {"commune": "Libourne"}, "je suis en fauteuil, je peux travailler ?"),
        ("web:demo-blaye", {"commune": "Blaye", "jobs": ["aes"]}, "/human_handoff"),
    ]
    for sender, slots, text in people:
        events = [SlotSet(name=k, value=v) for k, v in {"departement": "33", **slots}.items()]
        app.state.assistant.store.append(sender, "rest", events)
        httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text})


def test_a_counsellor_answers_from_the_console(browser: Any, server: tuple[str, Any]) -> None:
    url, app = server
    console = browser.new_context(locale="fr-FR", viewport={"width": 1440, "height": 900})
    candidate = browser.new_context(locale="fr-FR", viewport={"width": 1000, "height": 800})
    page = console.new_page()
    page.set_default_timeout(10_000)

    # log in: the console sends to the login page first
    page.goto(f"{url}/console")
    assert "/console/login" in page.url
    page.get_by_label("Adresse e-mail").fill(ACCOUNTS["nadia"][0])
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="File d'attente · Gironde (33)").wait_for()
    page.locator("#live.on").wait_for()  # the SSE stream is open
    assert page.locator("#badge").inner_text() == "0"
    _other_requests(app, url)
    page.locator("#badge", has_text="3").wait_for()

    # the candidate, on the demo page's widget, asks for a counsellor
    widget = candidate.new_page()
    widget.set_default_timeout(10_000)
    widget.goto(f"{url}/")
    widget.get_by_role("button", name="Une question ? Discutons").click()
    widget.get_by_label("Votre message").fill("/help")
    widget.keyboard.press("Enter")
    widget.get_by_role("log").get_by_text("Je peux répondre", exact=False).wait_for()
    sender = widget.evaluate(
        "() => Object.keys(localStorage)"
        ".filter(k => k.endsWith(':id')).map(k => localStorage[k])[0]"
    )
    assert sender.startswith("web:")
    profile = {
        "departement": "33",
        "commune": "Mérignac",
        "postal_code": "33700",
        "jobs": ["aide_soignant"],
        "diplomas": ["none"],
        "driving_licence": False,
        "children": 2,
        "childcare_needed": True,
        "barriers": ["mobility", "childcare"],
        "consent": True,
    }
    app.state.assistant.store.append(
        sender, "rest", [SlotSet(name=k, value=v) for k, v in profile.items()]
    )
    widget.get_by_label("Votre message").fill("/human_handoff")
    widget.keyboard.press("Enter")
    widget.get_by_role("log").get_by_text("Je transmets notre échange", exact=False).wait_for()

    # it appears in the queue without a reload; the badge says 4
    row = page.locator("tr", has_text="Mérignac")
    row.wait_for()
    page.locator("#badge", has_text="4").wait_for()
    assert page.title().startswith("(4)")
    row.get_by_role("link", name="Ouvrir").click()
    page.get_by_text("Profil").wait_for()
    assert page.get_by_text("aide-soignant").first.is_visible()
    assert page.locator(".line.user", has_text="Parler à un conseiller").is_visible()

    # the candidate writes again: it shows up live in the transcript
    widget.get_by_label("Votre message").fill("Je suis disponible le matin.")
    widget.keyboard.press("Enter")
    page.locator(".transcript").get_by_text("Je suis disponible le matin.").wait_for()

    page.get_by_label("Votre réponse", exact=False).fill(REPLY)
    page.get_by_role("button", name="Prendre la main et envoyer").click()
    page.get_by_text("il s'affichera dans le widget", exact=False).wait_for()
    page.locator(".line.counsellor", has_text=REPLY).wait_for()
    assert page.locator(".state").get_by_text("par Nadia").is_visible()

    # the reply is in the candidate's conversation, signed
    pending = widget.evaluate(
        """async (sender) => {
          const r = await fetch('/webhooks/rest/pending?sender=' + encodeURIComponent(sender));
          return r.json();
        }""",
        sender,
    )
    assert [m["text"] for m in pending] == [f"{REPLY}\n— Nadia, de la plateforme"]
    tracker = app.state.assistant.store.retrieve(sender)
    assert tracker.events[-1].data["counsellor"] == "Nadia"
    assert tracker.get_slot("handoff") == "taken"

    if SCREENSHOT:
        page.locator("#transcript").evaluate("n => n.scrollTop = n.scrollHeight")
        page.screenshot(path=SCREENSHOT, full_page=True)
    console.close()
    candidate.close()
