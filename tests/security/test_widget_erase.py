"""'Supprimer mes données' in the widget leaves nothing in the browser (issue 18).

The transcript was kept in localStorage after the erase: anyone using the same
computer could read it. Chromium through Playwright against a real server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bot.app import create_app
from bot.settings import Settings
from tests.browser import chromium, require_browser
from tests.channels.conftest import AUTH
from tests.channels.fakes import serve

LAUNCHER = "Une question ? Discutons"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{tmp_path_factory.mktemp('erase')}/erase.db",
        api_token="test-token",  # type: ignore[arg-type]
        load_models=False,
        redis_url=None,
    )
    with serve(create_app(settings)) as url:
        yield url


def _storage(page: Any) -> dict[str, str]:
    return dict(
        page.evaluate(
            """() => [localStorage, sessionStorage].flatMap(s =>
                 Object.keys(s).map(k => [k, s.getItem(k)]))"""
        )
    )


def _say(page: Any, text: str, expected: str | None = None) -> None:
    """Sends `text` and waits for the reply: the text `expected` (new in the log), or
    else the assistant's next message; the next message is never typed while a reply
    is pending (the erase empties the log, so counting replies cannot tell there)."""
    log = page.get_by_role("log")
    replies = log.locator(".bot").count()
    field = page.get_by_label("Votre message")
    field.fill(text)
    field.press("Enter")
    if expected:
        log.get_by_text(expected, exact=False).last.wait_for()
    else:
        log.locator(".bot").nth(replies).wait_for()


def test_erasing_in_the_widget_clears_the_browser(server: str) -> None:
    with chromium() as browser:
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{server}/")
        page.get_by_role("button", name=LAUNCHER).click()
        _say(page, "Je m'appelle Fatou Diallo, 06 12 34 56 78")
        before = _storage(page)
        sender = before["autonomie-widget:33:id"]
        assert "Fatou" in before.get("autonomie-widget:33:log", "")
        _say(page, "/delete_data", "C'est définitif")
        _say(page, "/affirm", "tout ce que je savais de vous est effacé")

        after = _storage(page)
        assert not any("Fatou" in v or "06 12" in v for v in after.values()), after
        assert after.get("autonomie-widget:33:id") not in (None, sender)  # a new, unlinked id
        page.reload()
        page.get_by_role("button", name=LAUNCHER).click()
        assert page.get_by_role("log").get_by_text("Fatou").count() == 0
        context.close()
    tracker = httpx.get(f"{server}/conversations/{sender}/tracker", headers=AUTH)
    assert tracker.status_code == 404 or not [
        e for e in tracker.json()["events"] if e["event"] == "user"
    ]


def test_the_widget_never_puts_its_id_in_a_url(server: str) -> None:
    """Its poll for counsellors' messages carries a signed token in a header (issue 18)."""
    with chromium() as browser:
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.set_default_timeout(30_000)
        urls: list[str] = []
        page.on("request", lambda request: urls.append(request.url))
        page.goto(f"{server}/")
        page.get_by_role("button", name=LAUNCHER).click()
        _say(page, "bonjour")
        sender = _storage(page)["autonomie-widget:33:id"]
        with page.expect_response(lambda r: "/webhooks/rest/pending" in r.url) as polled:
            page.evaluate("() => window.dispatchEvent(new Event('online'))")
        assert polled.value.status == 200
        assert polled.value.request.header_value("authorization").startswith("Bearer v1.")
        context.close()
    bare = sender.partition(":")[2]
    assert urls and not [u for u in urls if bare in u], urls
