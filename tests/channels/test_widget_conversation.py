"""The widget's conversation in Chromium: buttons that stay valid, a long answer
read from its start, who speaks (assistant or counsellor), a message kept with
"Réessayer" when the network fails.

Skipped, not failed, only when Chromium, Playwright or axe-core is missing AND
AUTONOMIE_TEST_REQUIRE_BROWSER is unset. `make screenshots`
saves docs/widget-390.png and docs/widget-1280.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser import axe_violations, chromium, require_browser, screenshot
from tests.channels.conftest import AUTH
from tests.channels.widget_live import (
    QUESTION,
    ROLE,
    ask,
    assistant,
    assistant_writes,
    counsellor_writes,
    open_widget,
    picked_up,
    sender_of,
)

ANSWER = "diplôme d'État d'aide-soignant"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    require_browser(axe=True)
    with assistant(tmp_path_factory.mktemp("conversation")) as running:
        yield running


@pytest.fixture(scope="module")
def browser(running: tuple[str, Any]) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def _page(browser: Any, url: str, width: int = 1280, height: int = 860) -> Any:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": width, "height": height}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # a cap: every wait is on a condition
    page.goto(f"{url}/")
    return page


def test_event_buttons_stay_usable_and_only_answered_questions_are_spent(
    browser: Any, running: tuple[str, Any]
) -> None:
    url, _app = running
    page = _page(browser, url)
    log = open_widget(page)
    ask(page, QUESTION)
    log.get_by_text(ANSWER, exact=False).wait_for()
    page.get_by_role("button", name="Voir les ateliers près de chez moi").click()
    log.get_by_text("Voici les prochains rendez-vous").wait_for()
    # the earlier answer's actions are still valid
    assert page.get_by_role("button", name="Parler à un conseiller").is_enabled()

    page.get_by_role("button", name="Job dating EHPAD, jeu. 14 janv., Pessac").click()
    log.get_by_text("Vous confirmez votre inscription ?").wait_for()
    yes = page.get_by_role("button", name="Oui", exact=True)
    assert yes.is_enabled()
    ask(page, "Non")  # the question is answered: its buttons are spent...
    log.get_by_text(ANSWER, exact=False).nth(1).wait_for()
    assert yes.first.is_disabled()
    # ...the list of events is not: another one can still be chosen
    atelier = page.get_by_role(
        "button", name="Atelier découverte aide-soignant, mar. 12 janv., Mérignac"
    )
    assert atelier.is_enabled()
    atelier.click()
    log.get_by_text("Vous confirmez votre inscription ?").nth(1).wait_for()

    page.reload()  # the same after a reload
    assert atelier.is_enabled()
    assert page.get_by_role("button", name="Oui", exact=True).last.is_enabled()
    assert page.get_by_role("button", name="Oui", exact=True).first.is_disabled()
    assert axe_violations(page) == []
    page.context.close()


def test_a_long_answer_shows_its_start_on_a_phone(browser: Any, running: tuple[str, Any]) -> None:
    url, _app = running
    page = _page(browser, url, 390, 720)
    log = open_widget(page)
    ask(page, QUESTION)
    log.get_by_text(ANSWER, exact=False).wait_for()
    long = " ".join(f"Phrase numéro {i} de la réponse." for i in range(1, 50))
    ask(page, f"echo Début de la réponse. {long} Fin de la réponse.")
    log.locator(".bot", has_text="Fin de la réponse.").wait_for()
    box = page.evaluate(
        """() => {
          const root = document.querySelector('#autonomie-assistant').shadowRoot;
          const log = root.querySelector('.log');
          const last = [...root.querySelectorAll('.msg.bot')].pop();
          const l = log.getBoundingClientRect(), m = last.getBoundingClientRect();
          return {logTop: l.top, logBottom: l.bottom, top: m.top, bottom: m.bottom,
                  scrolled: log.scrollTop, max: log.scrollHeight - log.clientHeight};
        }"""
    )
    assert box["bottom"] - box["top"] > box["logBottom"] - box["logTop"]  # taller than the view
    assert box["logTop"] <= box["top"] < box["logTop"] + 40  # its first line is at the top
    assert box["scrolled"] < box["max"]  # not scrolled to the end
    page.context.close()


def test_a_counsellor_says_who_speaks_and_the_change_is_announced(
    browser: Any, running: tuple[str, Any]
) -> None:
    url, app = running
    page = _page(browser, url)
    log = open_widget(page)
    title = page.get_by_role("dialog").get_by_role("heading")
    assert title.inner_text() == "Assistant de la plateforme de Gironde"  # data-platform="33"
    ask(page, QUESTION)
    log.get_by_text(ANSWER, exact=False).wait_for()
    sender = sender_of(page)

    counsellor_writes(app, sender, "Bonjour, je suis Nadia. Quand êtes-vous disponible ?")
    picked_up(page, "Bonjour, je suis Nadia.")
    assert title.inner_text() == f"Nadia · {ROLE}"
    announced = log.get_by_text("Nadia (conseiller de la plateforme de Gironde) vous répond.")
    assert announced.is_visible()  # in the role=log live region: read out
    assert page.get_by_role("log").get_attribute("aria-live") == "polite"
    bubble = log.locator(".human", has_text="Bonjour, je suis Nadia.")
    assert bubble.locator(".who").inner_text() == f"Nadia · {ROLE}"
    assert log.locator(".human").count() == 1
    screenshot(page, "widget-1280")

    # an attempt at injection through the counsellor's name stays text
    counsellor_writes(
        app, sender, "Un second message.", name='<img src=x onerror="window.__pwned=1">'
    )
    picked_up(page, "Un second message.")
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#autonomie-assistant img").count() == 0

    assistant_writes(app, sender, "C'est de nouveau l'assistant automatique qui vous répond.")
    picked_up(page, "L'assistant automatique reprend la conversation.")
    assert title.inner_text() == "Assistant de la plateforme de Gironde"  # data-platform="33"
    page.reload()  # who speaks is kept with the transcript
    open_widget(page) if not page.get_by_role("dialog").is_visible() else None
    assert page.get_by_role("dialog").get_by_role("heading").inner_text().startswith("Assistant")
    assert axe_violations(page) == []
    page.context.close()


def test_a_counsellor_on_a_phone(browser: Any, running: tuple[str, Any]) -> None:
    url, app = running
    page = _page(browser, url, 390, 844)
    log = open_widget(page)
    ask(page, QUESTION)
    log.get_by_text(ANSWER, exact=False).wait_for()
    replies = log.locator(".bot").count()
    page.get_by_role("button", name="Parler à un conseiller").click()
    log.locator(".user", has_text="Parler à un conseiller").wait_for()
    # the console writes under the conversation's lock; this helper does not, so it
    # waits for the handoff turn to end (as a counsellor could not answer before it)
    log.locator(".bot").nth(replies).wait_for()
    counsellor_writes(app, sender_of(page), "Bonjour, je suis Nadia. Je regarde votre demande.")
    picked_up(page, "Je regarde votre demande.")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    screenshot(page, "widget-390")
    page.context.close()


def test_on_a_phone_the_keyboard_stays_in_the_open_widget(
    browser: Any, running: tuple[str, Any]
) -> None:
    """The panel covers a phone's screen: Tab and Shift+Tab go round its own controls,
    never to the page's links hidden behind it; Escape still leaves it."""
    url, _app = running
    page = _page(browser, url, 390, 844)
    log = open_widget(page)
    ask(page, QUESTION)
    log.get_by_text(ANSWER, exact=False).wait_for()
    assert page.get_by_role("dialog").get_attribute("aria-modal") == "true"
    inside = "() => document.activeElement && document.activeElement.id"
    for key in ["Tab"] * 9 + ["Shift+Tab"] * 9:
        page.keyboard.press(key)
        assert page.evaluate(inside) == "autonomie-assistant", key
    page.keyboard.press("Escape")
    assert not page.get_by_role("dialog").is_visible()
    page.context.close()


def test_a_message_is_kept_with_a_retry_when_the_network_fails(
    browser: Any, running: tuple[str, Any]
) -> None:
    url, _app = running
    page = _page(browser, url)
    ids: list[str] = []

    def down(route: Any) -> None:
        ids.append(route.request.post_data_json["message_id"])
        route.abort("internetdisconnected")

    page.route("**/webhooks/rest/webhook*", down)
    log = open_widget(page)
    ask(page, QUESTION)
    retry = page.get_by_role("button", name="Réessayer", exact=False)
    retry.wait_for(timeout=30_000)
    mine = log.locator(".user", has_text=QUESTION)
    assert mine.count() == 1 and "Message non envoyé." in mine.inner_text()
    assert "connexion" in page.get_by_role("status").inner_text()
    assert axe_violations(page) == []

    page.reload()  # still there after a reload: never lost
    retry = page.get_by_role("button", name="Réessayer", exact=False)
    retry.wait_for()
    page.unroute("**/webhooks/rest/webhook*")
    page.route(
        "**/webhooks/rest/webhook*",
        lambda route: (ids.append(route.request.post_data_json["message_id"]), route.continue_()),
    )
    retry.click()
    log.get_by_text(ANSWER, exact=False).wait_for()
    assert retry.count() == 0 and "Message non envoyé" not in log.inner_text()
    assert len(set(ids)) == 1  # the same message id each time: handled once
    sender = sender_of(page)
    tracker = httpx.get(f"{url}/conversations/{sender}/tracker", headers=AUTH).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == [QUESTION]
    page.context.close()


def test_erased_data_leave_neither_the_screen_nor_the_browser(
    browser: Any, running: tuple[str, Any]
) -> None:
    """A shared computer: once the person's data are erased, the next person to open
    the page sees nothing of the conversation, on screen or after a reload."""
    url, _app = running
    page = _page(browser, url, 390, 844)
    log = open_widget(page)
    ask(page, QUESTION)
    log.get_by_text(ANSWER, exact=False).wait_for()
    before = sender_of(page)
    ask(page, "/delete_data")
    log.get_by_text("tout ce que je savais de vous est effacé").wait_for()
    assert log.locator(".user").count() == 0 and ANSWER not in log.inner_text()
    assert sender_of(page) != before  # the next message starts unlinked
    page.reload()  # the panel opens again by itself (it was open in this tab)
    log = page.get_by_role("log")
    log.get_by_text("par exemple", exact=False).wait_for()  # the empty widget's prompt
    assert log.locator(".user").count() == 0
    assert ANSWER not in log.inner_text() and "effacé" not in log.inner_text()
    page.context.close()
