"""The console in a real browser (Chromium through Playwright) against a real server:
log in, see a request arrive live, open it, answer, and the answer reaches the
candidate's conversation (the web widget on the demo page); the statistics page
under the console's CSP, on a wide and a narrow screen, checked by axe-core.

Skipped, not failed, only when Chromium (/usr/bin/chromium) or Playwright (or,
for the statistics page, axe-core) is missing AND AUTONOMIE_TEST_REQUIRE_BROWSER
is unset. `make screenshots` saves docs/console-stats-{390,1280}.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.events import SlotSet, UserUttered
from tests.browser import (
    axe_violations,
    chart_text_sizes,
    chromium,
    require_browser,
    screenshot,
)
from tests.console.live import live_server, live_settings
from tests.handoff.helpers import ACCOUNTS, PASSWORD

REPLY = "Bonjour, je suis Nadia. Je vous propose un rendez-vous mardi à 10h à Mérignac."


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    require_browser()
    with live_server(live_settings(tmp_path)) as running:
        yield running


@pytest.fixture
def browser(server: tuple[str, Any]) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


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
    row = page.locator("li.card", has_text="Mérignac")
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
          const t = await fetch('/webhooks/rest/token', {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify({sender})});
          const {token} = await t.json();
          const r = await fetch('/webhooks/rest/pending',
            {headers: {Authorization: 'Bearer ' + token}});
          return r.json();
        }""",
        sender,
    )
    assert [m["text"] for m in pending] == [f"{REPLY}\n— Nadia, de la plateforme"]
    tracker = app.state.assistant.store.retrieve(sender)
    assert tracker.events[-1].data["counsellor"] == "Nadia"
    assert tracker.get_slot("handoff") == "taken"

    console.close()
    candidate.close()


def _statistics_demo(app: Any, url: str) -> None:
    """Eight weeks of people in three départements, through the webhook and the
    platform API; then their activity is moved back to the week it stands for."""
    import httpx
    from sqlalchemy import select, update

    from bot.handoff.tables import Handoff
    from bot.storage.models import Conversation, ConversationEvent, utcnow
    from platform_server.auth import create_api_key
    from platform_server.tables import (
        PlatformBooking,
        PlatformEvent,
        PlatformImmersionRequest,
    )
    from tests.embedded_platform import platform_client

    assistant = app.state.assistant
    platform = platform_client(app)
    key = {"Authorization": f"Bearer {create_api_key(assistant.sessions, None)}"}
    with assistant.sessions() as session:
        events = {
            dep: session.scalars(
                select(PlatformEvent.id)
                .where(PlatformEvent.departement == dep, PlatformEvent.starts_at > utcnow())
                .where(PlatformEvent.seats_left > 0)
                .order_by(PlatformEvent.starts_at)
                .limit(20)
            ).all()
            for dep in ("33", "59", "69")
        }
    jobs = [["aide_soignant"], ["aes"], ["advf"], ["aide_domicile"], ["aes", "advf"]]
    channels = [("web", "rest"), ("tg", "telegram"), ("sms", "sms")]
    moved: dict[str, int] = {}
    for i in range(64):
        weeks_ago = [0, 1, 1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 7, 7, 9, 10][i % 16]
        prefix, channel = channels[0 if i % 5 < 3 else 1 if i % 5 == 3 else 2]
        sender = f"{prefix}:demo{i:02d}"
        dep = "33" if i % 3 else ("59" if i % 2 else "69")
        slots = {"departement": dep, "jobs": jobs[i % 5]}
        if i % 4:
            slots["consent"] = True
        if i % 4 and i % 3 != 2:
            slots["oriented"] = True
        assistant.store.append(sender, channel, [UserUttered(text="bonjour", channel=channel)])
        assistant.store.append(
            sender, channel, [SlotSet(name=k, value=v) for k, v in slots.items()]
        )
        if slots.get("oriented") and i % 2:
            for event_id in events[dep]:  # the first with a seat left
                booking = platform.post(
                    "/platform/v1/bookings",
                    json={"event_id": event_id, "candidate_ref": sender},
                    headers={**key, "Idempotency-Key": f"demo-{i}-{event_id}"},
                )
                if booking.status_code != 409:
                    break
            assert booking.status_code == 201, booking.text
        if i % 6 == 1:
            httpx.post(
                f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": "/human_handoff"}
            )
        if i % 7 == 2:
            immersion = platform.post(
                "/platform/v1/immersion-requests",
                json={
                    "candidate_ref": sender,
                    "job": jobs[i % 5][0],
                    "commune": "Mérignac",
                    "departement": dep,
                    "period": {"text": "en janvier"},
                },
                headers=key,
            )
            assert immersion.status_code == 201, immersion.text
            if i % 2:
                decided = platform.patch(
                    f"/platform/v1/immersion-requests/{immersion.json()['id']}",
                    json={"status": "validated", "counsellor": "Nadia"},
                    headers=key,
                )
                assert decided.status_code == 200, decided.text
        moved[sender] = weeks_ago
    with assistant.sessions.begin() as session:
        for sender, weeks_ago in moved.items():
            at = utcnow() - timedelta(weeks=weeks_ago)
            conversation = select(Conversation.id).where(Conversation.sender_id == sender)
            session.execute(
                update(ConversationEvent)
                .where(ConversationEvent.conversation_id.in_(conversation))
                .values(created_at=at)
            )
            for table, column in (
                (Handoff, Handoff.sender_id),
                (PlatformBooking, PlatformBooking.candidate_ref),
                (PlatformImmersionRequest, PlatformImmersionRequest.candidate_ref),
            ):
                session.execute(update(table).where(column == sender).values(created_at=at))


def _log_in(page: Any, url: str, who: str, target: str) -> None:
    page.goto(f"{url}/console/login?next={target}")
    page.get_by_label("Adresse e-mail").fill(ACCOUNTS[who][0])
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "mobile"])
def test_the_statistics_page_is_accessible(
    browser: Any, server: tuple[str, Any], viewport: tuple[int, int]
) -> None:
    require_browser(axe=True)
    url, app = server
    _statistics_demo(app, url)
    width, height = viewport
    size = {"width": width, "height": height}

    # under the console's CSP: nothing refused, the charts drawn, nothing wider than the screen
    strict = browser.new_context(locale="fr-FR", viewport=size)
    page = strict.new_page()
    page.set_default_timeout(10_000)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    _log_in(page, url, "admin33", "/console/stats")
    page.get_by_role("heading", name="Statistiques", exact=True).wait_for()
    funnel = page.get_by_role("img", name="Entonnoir", exact=False)
    assert funnel.is_visible() and funnel.bounding_box()["height"] > 100
    assert page.get_by_role("img", name="par semaine", exact=False).is_visible()
    conversations = page.locator("table.numbers tbody tr").first.locator("td").first
    assert conversations.inner_text() == "64"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    # the charts' words read as the page's text does, neither tiny on a phone nor huge
    sizes = chart_text_sizes(page)
    assert min(sizes) >= 11 and max(sizes) <= 16, sizes
    page.get_by_label("Département", exact=True).select_option("59")
    page.get_by_role("button", name="Afficher").click()
    page.get_by_role("option", name="Nord (59)", selected=True).wait_for(state="attached")
    assert "departement=59" in page.url
    nord = page.locator("table.numbers tbody tr").first.locator("td").first
    assert 0 < int(nord.inner_text()) < 64
    page.goto(f"{url}/console/stats")
    page.get_by_role("img", name="Entonnoir", exact=False).wait_for()
    screenshot(page, f"console-stats-{width}", full_page=True)
    assert refused == []
    strict.close()

    # axe-core needs its own script in the page: a context that lets it in
    context = browser.new_context(locale="fr-FR", viewport=size, bypass_csp=True)
    page = context.new_page()
    _log_in(page, url, "admin33", "/console/stats")
    page.get_by_role("img", name="Entonnoir", exact=False).wait_for()
    assert axe_violations(page) == []  # every impact, moderate ones too
    # the access log (the admin's reads above are in it) reads on a phone too
    page.goto(f"{url}/console/audit")
    assert page.locator("tbody tr").count() > 0
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    context.close()
