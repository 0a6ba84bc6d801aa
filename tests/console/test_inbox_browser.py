"""The console's inbox in Chromium, after Chatwoot's: cards that tell people apart,
"mine / unassigned / all" views, search, unread counts, canned replies inserted
with "/", keyboard shortcuts, a counsellor logged in twice, a phone-width screen.
axe-core finds no violation on any page.

Skipped, not failed, only when Chromium, Playwright or axe-core is missing AND
AUTONOMIE_TEST_REQUIRE_BROWSER is unset. `make screenshots` saves
docs/console-queue-{390,1280}.png, docs/console-conversation-{390,1280}.png,
docs/console-week-{390,1280}.png and docs/console-replies-{390,1280}.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.console.cli import demo_replies
from bot.console.replies import seed_replies
from bot.dialogue.events import BotUttered, SlotSet, UserUttered
from tests.browser import (
    axe_violations,
    chart_text_sizes,
    chromium,
    require_browser,
    screenshot,
)
from tests.console.live import SAID, asked_for_a_counsellor, live_server, live_settings
from tests.handoff.helpers import ACCOUNTS, PASSWORD
from tests.pending import poll_pending

HTML_REPLY = (
    "Bonjour <b>{prénom}</b>, ici {conseiller}, de {plateforme}."
    ' <img src=x onerror="window.__pwned=1"> à bientôt'
)
# its variables filled in for the person (a first name with HTML, from a channel) and Nadia
HTML_FIRST_NAME = "<i>Fatou</i>"
HTML_FILLED = (
    "Bonjour <b><i>Fatou</i></b>, ici Nadia, de la plateforme de Gironde."
    ' <img src=x onerror="window.__pwned=1"> à bientôt'
)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    require_browser(axe=True)
    with live_server(live_settings(tmp_path)) as running:
        url, app = running
        asked_for_a_counsellor(app, url)
        yield url, app


@pytest.fixture
def browser(running: tuple[str, Any]) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def _login(browser: Any, url: str, who: str = "nadia", width: int = 1280) -> Any:
    # the console's CSP stands (the page's own checks); axe-core needs its script let in
    context = browser.new_context(
        locale="fr-FR", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{url}/console/login")
    page.get_by_label("Adresse e-mail").fill(ACCOUNTS[who][0])
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="File d'attente · Gironde (33)").wait_for()
    return page


def _no_sideways_scroll(page: Any) -> bool:
    width: int = page.evaluate("() => document.documentElement.scrollWidth")
    return width <= page.viewport_size["width"]


def test_the_queue_tells_people_apart_with_views_and_search(
    browser: Any, running: tuple[str, Any]
) -> None:
    url, _app = running
    page = _login(browser, url)
    cards = page.locator("li.card")
    assert cards.count() == 2  # the two web requests
    pessac = cards.filter(has_text="Pessac")
    assert pessac.locator(".avatar").inner_text() == "SS"
    assert pessac.locator(".who-link").inner_text() == "Personne …ssac"
    assert pessac.locator(".channel").inner_text() == "Site web"
    assert "Pessac (33)" in pessac.locator(".summary").inner_text()
    assert "pas de permis" in pessac.locator(".summary").inner_text()
    assert "attend depuis" in pessac.inner_text() and "répondre avant le" in pessac.inner_text()
    assert f"« {SAID['web:aa11-pessac']} »" in pessac.locator(".said").inner_text()
    assert axe_violations(page) == []

    # keyboard: "/" goes to the search box; a word from the profile finds the person
    page.keyboard.press("/")
    page.keyboard.type("pessac")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=pessac*")
    assert page.locator("li.card").count() == 1

    # take one: "Les miennes" shows it, "Non assignées" no longer does
    page.goto(f"{url}/console")
    page.locator("li.card", has_text="Mérignac").get_by_role("link", name="Ouvrir").click()
    page.get_by_role("button", name="Prendre la main", exact=True).click()
    page.get_by_text("Vous avez pris la main").wait_for()
    page.goto(f"{url}/console?view=mine")
    assert page.locator("li.card").count() == 1
    assert "Mérignac" in page.locator("li.card").inner_text()
    page.goto(f"{url}/console?view=unassigned")
    assert page.locator("li.card").count() == 1
    assert page.locator("li.card", has_text="Pessac").count() == 1

    # the person writes twice: two unread messages on the card, until Nadia answers
    sender = "web:cc33-merignac"
    for text in ("Vous êtes là ?", "Je suis disponible lundi."):
        httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
    page.goto(f"{url}/console?view=mine")
    assert page.locator("li.card .unread").inner_text() == "2 non lus"
    assert page.locator(".views .unread").inner_text() == "2 non lus"  # on the tab too
    page.context.close()


def test_canned_replies_are_inserted_with_slash_and_stay_text(
    browser: Any, running: tuple[str, Any]
) -> None:
    url, app = running
    first_name = SlotSet(name="first_name", value=HTML_FIRST_NAME)
    app.state.assistant.store.append("web:aa11-pessac", "rest", [first_name])
    page = _login(browser, url)
    page.get_by_role("link", name="Réponses types").click()
    page.get_by_label("Raccourci").fill("bonjour")
    page.get_by_label("Texte").fill(HTML_REPLY)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Réponse enregistrée.").wait_for()
    assert page.locator("li.card .summary").inner_text() == HTML_REPLY  # shown as text
    assert page.evaluate("() => window.__pwned") is None
    assert axe_violations(page) == []
    page.get_by_role("link", name="Modifier /bonjour").click()  # editable: the form is filled
    page.get_by_role("heading", name="Modifier /bonjour").wait_for()
    assert page.get_by_label("Texte").input_value() == HTML_REPLY
    assert axe_violations(page) == []

    page.goto(f"{url}/console")
    page.locator("li.card", has_text="Pessac").get_by_role("link", name="Ouvrir").click()
    page.wait_for_load_state("load")  # console.js (deferred) listens for the shortcuts
    page.keyboard.press("r")  # the shortcut to the reply box
    assert page.evaluate("() => document.activeElement.id") == "reply-text"
    page.keyboard.type("Re /bon")
    options = page.get_by_role("listbox", name="Réponses types").get_by_role("option")
    options.first.wait_for()
    assert options.count() == 1 and "/bonjour" in options.inner_text()
    page.keyboard.press("Enter")
    box = page.get_by_label("Votre réponse", exact=False)
    assert box.input_value() == f"Re {HTML_FILLED}"  # variables filled, HTML as text
    assert axe_violations(page) == []
    page.keyboard.press("Control+Enter")  # sends
    page.get_by_text("il s'affichera dans le widget", exact=False).wait_for()
    page.locator(".line.counsellor", has_text="<b><i>Fatou</i></b>, ici Nadia").wait_for()
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator(".transcript b, .transcript i, .transcript img").count() == 0
    page.context.close()


def test_a_counsellor_logged_in_twice_sends_each_message_once(
    browser: Any, running: tuple[str, Any]
) -> None:
    url, _app = running
    first, second = _login(browser, url), _login(browser, url)
    for page in (first, second):
        page.goto(f"{url}/console")
        page.locator("li.card", has_text="Pessac").get_by_role("link", name="Ouvrir").click()
    first.get_by_label("Votre réponse", exact=False).fill("Premier message.")
    first.get_by_role("button", name="Prendre la main et envoyer").click()
    first.get_by_text("il s'affichera dans le widget", exact=False).wait_for()
    second.locator(".line.counsellor", has_text="Premier message.").wait_for()  # live
    second.reload()
    second.get_by_label("Votre réponse", exact=False).fill("Second message.")
    second.get_by_role("button", name="Envoyer", exact=True).click()
    second.get_by_text("il s'affichera dans le widget", exact=False).wait_for()
    first.locator(".line.counsellor", has_text="Second message.").wait_for()
    pending = poll_pending(httpx, "web:aa11-pessac", base=url).json()
    texts = [m["text"].split("\n")[0] for m in pending]
    assert texts == ["Premier message.", "Second message."]
    for page in (first, second):
        page.context.close()


def test_a_phone_width_screen_does_not_scroll_sideways(
    browser: Any, running: tuple[str, Any]
) -> None:
    url, _app = running
    for width in (390, 1280):
        page = _login(browser, url, width=width)
        assert _no_sideways_scroll(page)
        assert axe_violations(page) == []
        screenshot(page, f"console-queue-{width}", full_page=True)
        page.locator("li.card", has_text="Pessac").get_by_role("link", name="Ouvrir").click()
        page.get_by_role("heading", name="Profil").wait_for()
        assert _no_sideways_scroll(page)
        assert axe_violations(page) == []
        screenshot(page, f"console-conversation-{width}", full_page=width > 400)
        page.get_by_role("link", name="Tout l'historique de la personne", exact=False).click()
        page.get_by_role("heading", name="Échanges, tous canaux").wait_for()
        assert _no_sideways_scroll(page)
        assert axe_violations(page) == []
        page.context.close()


def test_the_week_page_reads_at_phone_and_desktop_width(
    browser: Any, running: tuple[str, Any]
) -> None:
    url, app = running
    app.state.assistant.store.append(
        "web:aa11-pessac",
        "rest",
        [
            UserUttered(text="Combien de places à l'IFAS de Libourne ?"),
            BotUttered(text="Je ne sais pas.", data={"response": "utter_kb_abstain"}),
        ],
    )
    for width in (390, 1280):
        page = _login(browser, url, width=width)
        page.get_by_role("link", name="La semaine").click()
        page.get_by_role("heading", name="Demandes de conseiller").wait_for()
        assert page.get_by_role("img", name="Demandes de conseiller par jour", exact=False).count()
        assert "IFAS de Libourne" in page.locator(".declined").inner_text()
        sizes = chart_text_sizes(page)  # readable charts
        assert min(sizes) >= 11 and max(sizes) <= 16, sizes
        assert _no_sideways_scroll(page)
        assert axe_violations(page) == []
        screenshot(page, f"console-week-{width}", full_page=True)
        page.context.close()


def test_the_demo_canned_replies_read_on_a_phone_and_are_offered_with_slash(
    browser: Any, running: tuple[str, Any]
) -> None:
    """What `autonomie console seed-demo` gives a team: its replies page, and "/" in
    the reply box offers them."""
    url, app = running
    demo = demo_replies()
    seed_replies(app.state.assistant.sessions, "33", demo, "démo")
    for width in (390, 1280):
        page = _login(browser, url, width=width)
        page.goto(f"{url}/console/replies")
        page.get_by_role("heading", name="Réponses types", exact=False).first.wait_for()
        assert page.locator("li.card").count() == len(demo)
        assert page.get_by_role("link", name="Modifier /bonjour").count() == 1
        assert _no_sideways_scroll(page)
        assert axe_violations(page) == []
        screenshot(page, f"console-replies-{width}", full_page=True)
        page.context.close()

    page = _login(browser, url)
    page.locator("li.card", has_text="Pessac").get_by_role("link", name="Ouvrir").click()
    page.wait_for_load_state("load")  # console.js (deferred) listens for the shortcuts
    page.get_by_label("Votre réponse", exact=False).focus()
    page.keyboard.type("/")
    options = page.get_by_role("listbox", name="Réponses types").get_by_role("option")
    options.first.wait_for()
    assert options.count() == len(demo)
    page.keyboard.type("bonjour")
    page.keyboard.press("Enter")
    # no first name from this person's channel: "{prenom}" goes with its space
    box = page.get_by_label("Votre réponse", exact=False)
    assert box.input_value().startswith(
        "Bonjour, je suis Nadia, de la plateforme de Gironde. Je prends le relais"
    )
    page.context.close()


def test_labels_tag_conversations_and_are_found_by_search(
    browser: Any, running: tuple[str, Any]
) -> None:
    url, _app = running
    page = _login(browser, url)
    page.locator("li.card", has_text="Pessac").get_by_role("link", name="Ouvrir").click()
    for label in ("à rappeler", "<b>IFSI</b>"):
        page.get_by_label("Ajouter une étiquette").fill(label)
        page.get_by_role("button", name="Ajouter", exact=True).click()
        page.locator("#labels .chip", has_text=label).wait_for()
    assert page.locator("#labels b").count() == 0  # HTML in a label stays text
    assert axe_violations(page) == []

    page.goto(f"{url}/console")
    pessac = page.locator("li.card", has_text="Pessac")
    assert pessac.locator(".chip.label").all_inner_texts() == ["<b>IFSI</b>", "à rappeler"]
    page.goto(f"{url}/console?q=rappeler")
    assert page.locator("li.card").count() == 1

    page.goto(f"{url}/console")
    pessac.get_by_role("link", name="Ouvrir").click()
    page.get_by_role("button", name="Retirer l'étiquette à rappeler").click()
    page.locator("#labels .chip", has_text="<b>IFSI</b>").wait_for()
    assert page.locator("#labels .chip", has_text="à rappeler").count() == 0
    page.context.close()


def test_a_new_request_notifies_and_the_keyboard_walks_the_queue(
    browser: Any, running: tuple[str, Any]
) -> None:
    """With the permission granted and the console's tab in the background, a new
    request raises a browser notification; "?" shows the shortcuts, j/k move between
    people, Enter opens."""
    url, app = running
    page = _login(browser, url)
    page.context.grant_permissions(["notifications"], origin=url)
    page.add_init_script(
        """(() => {
          Object.defineProperty(document, 'hidden', {get: () => true});
          const Real = window.Notification; window.__shown = [];
          window.Notification = function (title, options) {
            window.__shown.push([title, options.body]); return new Real(title, options);
          };
          window.Notification.permission = Real.permission;
          window.Notification.requestPermission = () => Real.requestPermission();
        })()"""
    )
    page.reload()
    page.locator("#live.on").wait_for()
    sender = "web:dd44-cenon"
    app.state.assistant.store.append(
        sender,
        "rest",
        [SlotSet(name="departement", value="33"), SlotSet(name="commune", value="Cenon")],
    )
    httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": "/human_handoff"})
    page.wait_for_function("() => window.__shown.length === 1")
    title, body = page.evaluate("() => window.__shown[0]")
    assert title == "Nouvelle demande d'un candidat" and "3 en attente" in body

    page.locator("li.card", has_text="Cenon").wait_for()
    help_line = page.get_by_text("afficher ou masquer cette aide")
    page.keyboard.press("?")  # the shortcuts' help opens from the keyboard, Escape closes it
    help_line.wait_for()
    page.keyboard.press("Escape")
    help_line.wait_for(state="hidden")
    page.keyboard.press("j")
    first = page.evaluate("() => document.activeElement.textContent")
    # a message arriving meanwhile redraws the queue: the counsellor keeps their place
    page.evaluate("() => { document.querySelector('#queue .cards').dataset.old = '1'; }")
    said = {"sender": "web:aa11-pessac", "message": "Vous êtes toujours là ?"}
    httpx.post(f"{url}/webhooks/rest/webhook", json=said)
    page.wait_for_function("() => !document.querySelector('#queue .cards').dataset.old")
    assert page.evaluate("() => document.activeElement.textContent") == first
    page.keyboard.press("j")
    second = page.evaluate("() => document.activeElement.textContent")
    assert first.startswith("Personne") and second.startswith("Personne") and first != second
    page.keyboard.press("k")
    assert page.evaluate("() => document.activeElement.textContent") == first
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Profil").wait_for()
    page.context.close()


def test_a_long_conversation_scrolls_by_keyboard_on_a_phone(
    browser: Any, running: tuple[str, Any]
) -> None:
    """A transcript longer than the screen is a region the keyboard can reach and
    scroll (axe-core's scrollable-region-focusable), at phone and desktop width."""
    url, app = running
    sender = "web:ee55-talence"
    turns: list[Any] = [
        SlotSet(name=k, value=v) for k, v in (("departement", "33"), ("commune", "Talence"))
    ]
    for n in range(15):
        turns += [UserUttered(text=f"Question {n} sur la formation ?"), BotUttered(text="Oui.")]
    app.state.assistant.store.append(sender, "rest", turns)
    httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": "/human_handoff"})
    for width in (390, 1280):
        page = _login(browser, url, width=width)
        page.locator("li.card", has_text="Talence").get_by_role("link", name="Ouvrir").click()
        box = page.locator("#transcript")
        box.get_by_text("Question 14 sur la formation ?").wait_for()
        assert page.evaluate(
            "() => { const t = document.getElementById('transcript');"
            " return t.scrollHeight > t.clientHeight; }"
        )
        assert axe_violations(page) == []
        page.get_by_role("region", name="Échanges avec la personne").focus()
        page.keyboard.press("Home")
        page.wait_for_function("() => document.getElementById('transcript').scrollTop === 0")
        assert box.get_by_text("Question 0 sur la formation ?").is_visible()
        page.context.close()


def test_the_first_tab_skips_the_console_s_header(browser: Any, running: tuple[str, Any]) -> None:
    """On a phone the header holds eight links and buttons before the queue: the first
    Tab offers to skip them, as on the demo page."""
    url, _app = running
    page = _login(browser, url, width=390)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("n => n === document.activeElement") and skip.is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "q"  # the search box
    page.context.close()
