"""Every page a person or a counsellor opens loads without an error in the browser's
console: no failed request (a missing /favicon.ico was one on every page), no
script error, no refused resource.

Skipped, not failed, only when Chromium or Playwright is missing AND
AUTONOMIE_TEST_REQUIRE_BROWSER is unset.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser import chromium, require_browser
from tests.console.live import live_server, live_settings, with_departement
from tests.handoff.helpers import ACCOUNTS, PASSWORD


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    require_browser()
    with live_server(live_settings(tmp_path)) as running:
        yield running


def _watched(browser: Any, width: int) -> tuple[Any, list[str]]:
    """A page whose console errors, uncaught exceptions and failed requests are noted."""
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 860})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # leaving a page cancels its live stream (net::ERR_ABORTED): not an error
    page.on(
        "requestfailed",
        lambda r: None if r.failure == "net::ERR_ABORTED" else errors.append(f"{r.url}"),
    )
    page.on(
        "response", lambda r: errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    return page, errors


def _settled(page: Any) -> None:
    """Waits until the browser has fetched what it fetches after the load (the icon)."""
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_widget_and_console_pages_log_no_error(running: tuple[str, Any], width: int) -> None:
    url, app = running
    with_departement(app, "web:errors", "33")  # one person waiting in Nadia's queue
    httpx.post(
        f"{url}/webhooks/rest/webhook", json={"sender": "web:errors", "message": "/human_handoff"}
    )
    with chromium() as browser:
        page, errors = _watched(browser, width)
        page.goto(f"{url}/")
        page.get_by_role("button", name="Une question ? Discutons").click()
        page.get_by_label("Votre message").fill("bonjour")
        page.keyboard.press("Enter")
        page.get_by_role("log").locator(".bot").first.wait_for()
        _settled(page)
        page.goto(f"{url}/confidentialite")
        _settled(page)
        assert errors == []  # the demo page, its widget, the privacy notice

        page.goto(f"{url}/console/login")
        page.get_by_label("Adresse e-mail").fill(ACCOUNTS["nadia"][0])
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("heading", name="File d'attente · Gironde (33)").wait_for()
        page.locator("#live.on").wait_for()  # the live stream is open
        page.get_by_role("link", name="Ouvrir").first.click()
        page.get_by_role("heading", name="Profil").wait_for()
        for path in ("/console/replies", "/console/week", "/console/stats", "/docs"):
            page.goto(f"{url}{path}")
            _settled(page)
        assert errors == []
