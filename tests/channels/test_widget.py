"""The web widget in a real browser (Chromium through Playwright) against a real server.

Skipped, not failed, only when Chromium (/usr/bin/chromium), Playwright or
axe-core is missing AND AUTONOMIE_TEST_REQUIRE_BROWSER is unset.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bot.settings import Settings
from tests.browser import axe_violations, chromium, require_browser
from tests.channels.conftest import AUTH
from tests.channels.fakes import serve
from tests.channels.policies import DemoPolicy
from tests.channels.widget_live import a_poll_answered, picked_up
from tests.embedded_platform import assistant_app

LAUNCHER = "Une question ? Discutons"
QUESTION = "Comment devenir aide-soignant ?"


APPS: dict[str, Any] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser(axe=True)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{tmp_path_factory.mktemp('widget')}/widget.db",
        api_token="test-token",  # type: ignore[arg-type]
        load_models=False,
        redis_url=None,
    )
    app = assistant_app(settings)
    with serve(app) as url:
        app.state.assistant.processor.policy = DemoPolicy()
        APPS[url] = app
        yield url


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(30_000)  # a cap: every wait is on a condition
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.requested = requested
    page.goto(f"{server}/")
    yield page
    context.close()


def _active_label(page: Any) -> str:
    return page.evaluate(
        """() => {
          let e = document.activeElement;
          while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
          return e ? (e.getAttribute('aria-label') || e.id || e.textContent.trim()) : '';
        }"""
    )


def requested_all_local(urls: list[str], server: str) -> bool:
    """No third-party request: everything the page loaded came from our server."""
    return bool(urls) and all(u.startswith(f"{server}/") for u in urls)


def _open_with_keyboard(page: Any) -> None:
    page.get_by_role("button", name=LAUNCHER).wait_for()
    for _ in range(15):  # Tab through the page to the bubble, as a keyboard user does
        page.keyboard.press("Tab")
        if _active_label(page) == LAUNCHER:
            break
    assert _active_label(page) == LAUNCHER
    page.keyboard.press("Enter")
    assert page.get_by_role("dialog").is_visible()
    assert _active_label(page) == "aa-input"  # focus moved into the message field


def test_a_conversation_by_keyboard_and_click_survives_a_reload(page: Any, server: str) -> None:
    _open_with_keyboard(page)
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    log = page.get_by_role("log")
    log.get_by_text("diplôme d'État d'aide-soignant", exact=False).wait_for()
    assert log.locator(".user").get_by_text(QUESTION).is_visible()
    assert log.get_by_text("Source : service-public.fr, 06/01/2025").is_visible()
    # said once: the text's own source line (for SMS and Rasa clients) gives way to the link
    assert log.locator(".bot").last.inner_text().count("service-public.fr") == 1

    page.get_by_role("button", name="Voir les ateliers près de chez moi").click()
    log.get_by_text("Voici les prochains rendez-vous").wait_for()
    assert log.locator(".user").last.inner_text().endswith("Voir les ateliers près de chez moi")
    assert page.get_by_role("button", name="Job dating EHPAD, jeu. 14 janv., Pessac").is_enabled()
    # the earlier turn's actions stay usable (test_widget_conversation.py has the rules)
    assert page.get_by_role("button", name="Parler à un conseiller").is_enabled()

    page.keyboard.press("Escape")
    assert not page.get_by_role("dialog").is_visible()
    assert _active_label(page) == LAUNCHER  # focus back on the bubble

    sender = page.evaluate("() => localStorage.getItem('autonomie-widget:33:id')")
    assert sender.startswith("web:") and len(sender) == 40
    page.reload()
    page.get_by_role("button", name=LAUNCHER).click()
    log = page.get_by_role("log")
    assert log.locator(".user").get_by_text(QUESTION).is_visible()
    assert log.get_by_text("Voici les prochains rendez-vous").is_visible()
    assert page.get_by_role("button", name="Job dating EHPAD, jeu. 14 janv., Pessac").is_enabled()

    assert requested_all_local(page.requested, server)
    tracker = httpx.get(f"{server}/conversations/{sender}/tracker", headers=AUTH).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == [
        QUESTION,
        "/list_events",
    ]


def test_bot_text_is_never_html(page: Any) -> None:
    page.get_by_role("button", name=LAUNCHER).click()
    payload = '<img src=x onerror="window.__pwned=1"><b>gras</b>'
    page.get_by_label("Votre message").fill(f"echo {payload}")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_role("log").locator(".bot").get_by_text(payload).wait_for()
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#autonomie-assistant img, #autonomie-assistant b").count() == 0


@pytest.mark.parametrize("viewport", [(1280, 860), (375, 740)], ids=["desktop", "mobile"])
def test_no_accessibility_violation(browser: Any, server: str, viewport: tuple) -> None:
    width, height = viewport
    context = browser.new_context(
        locale="fr-FR", viewport={"width": width, "height": height}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(f"{server}/")
    page.get_by_role("button", name=LAUNCHER).click()
    page.get_by_label("Votre message").fill(QUESTION)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Parler à un conseiller").wait_for()
    transition = page.evaluate(
        """() => getComputedStyle(document.querySelector('#autonomie-assistant')
                 .shadowRoot.querySelector('.panel')).transitionDuration"""
    )
    assert transition == "0s"  # prefers-reduced-motion is respected
    assert axe_violations(page) == []  # every impact, moderate ones too
    context.close()


def test_widget_is_small_and_served_as_javascript(server: str) -> None:
    response = httpx.get(f"{server}/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert len(gzip.compress(response.content, 9)) < 30_000
    again = httpx.get(f"{server}/widget.js", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    page = httpx.get(f"{server}/")
    assert page.status_code == 200 and 'data-platform="33"' in page.text
    assert "https://" not in page.text and "//" not in page.text.split("<script")[1]


def test_a_message_written_later_reaches_the_open_widget(page: Any, server: str) -> None:
    """A counsellor's reply is no answer to a post: the widget fetches it by itself."""
    from bot.dialogue.events import BotUttered

    _open_with_keyboard(page)
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    log = page.get_by_role("log")
    log.get_by_text("diplôme d'État d'aide-soignant", exact=False).wait_for()
    sender = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.endsWith(':id'))"
        ".map(k => localStorage[k])[0]"
    )
    assert sender.startswith("web:")
    written = BotUttered(text="Bonjour, ici Nadia de la plateforme.", data={"proactive": True})
    APPS[server].state.assistant.store.append(sender, "rest", [written])
    picked_up(page, "Bonjour, ici Nadia de la plateforme.")
    with a_poll_answered(page):  # the panel was open: it opens again and polls at once
        page.reload()
    log = page.get_by_role("log")
    log.get_by_text(QUESTION).wait_for()
    with a_poll_answered(page):  # and once more
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.evaluate("() => new Promise(done => setTimeout(done, 100))")  # its answer handled
    assert log.get_by_text("ici Nadia").count() == 1  # kept, and not fetched twice


def test_a_lost_answer_is_asked_again_and_the_message_handled_once(page: Any, server: str) -> None:
    """The network cuts after the server answered: the widget retries with the same id."""
    ids: list[str] = []

    def lose_the_first_answer(route: Any) -> None:
        ids.append(json.loads(route.request.post_data)["message_id"])
        if len(ids) == 1:
            route.fetch()  # the server gets the message and answers...
            route.abort("connectionreset")  # ...and the answer is lost on the way
        else:
            route.continue_()

    page.route("**/webhooks/rest/webhook*", lose_the_first_answer)
    page.get_by_role("button", name=LAUNCHER).click()
    page.get_by_label("Votre message").fill(QUESTION)
    page.get_by_role("button", name="Envoyer").click()
    log = page.get_by_role("log")
    log.get_by_text("diplôme d'État d'aide-soignant", exact=False).wait_for(timeout=30_000)
    assert len(ids) == 2 and ids[0] == ids[1]
    assert log.get_by_text("diplôme d'État d'aide-soignant", exact=False).count() == 1
    assert log.get_by_text("Le service ne répond pas").count() == 0
    sender = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.endsWith(':id'))"
        ".map(k => localStorage[k])[0]"
    )
    tracker = httpx.get(f"{server}/conversations/{sender}/tracker", headers=AUTH).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == [QUESTION]
