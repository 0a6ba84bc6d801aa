"""The widget embedded on a partner's site (another origin), in Chromium: CORS,
a page that loads the script twice, a widget left open for a day.

Skipped, not failed, only when Chromium or Playwright is missing AND
AUTONOMIE_TEST_REQUIRE_BROWSER is unset.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.browser import chromium, require_browser, screenshot
from tests.channels.conftest import AUTH
from tests.channels.widget_live import (
    QUESTION,
    a_poll_answered,
    ask,
    assistant,
    counsellor_writes,
    host_page,
    host_site,
    open_widget,
    picked_up,
    sender_of,
)
from tests.embedded_platform import assistant_app

GIRONDE = "https://www.gironde.fr"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, str]]:
    """(assistant URL, app, partner site URL): two servers, two origins."""
    require_browser()
    folder = tmp_path_factory.mktemp("embed")
    with assistant(folder) as (url, app):
        pages = {"index.html": host_page(url), "twice.html": host_page(url, scripts=2)}
        with host_site(folder / "site", pages) as site:
            yield url, app, site


@pytest.fixture(scope="module")
def browser(running: tuple[str, Any, str]) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def _new_page(browser: Any, width: int = 1280, height: int = 860) -> Any:
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)  # a cap: every wait is on a condition
    return page


def _asked(page: Any, site: str) -> Any:
    """The site's widget, opened, once it has answered the question."""
    page.goto(f"{site}/")
    log = open_widget(page)
    ask(page, QUESTION)
    log.get_by_text("diplôme d'État d'aide-soignant", exact=False).wait_for()
    return log


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = _new_page(browser)
    yield page
    page.context.close()


def _posts(page: Any, url: str) -> list[Any]:
    posts: list[Any] = []
    page.on(
        "request",
        lambda r: (
            posts.append(r)
            if r.method == "POST" and r.url.startswith(f"{url}/webhooks/rest/webhook")
            else None
        ),
    )
    return posts


def test_a_partner_site_embeds_the_widget_and_converses(
    page: Any, running: tuple[str, Any, str]
) -> None:
    url, app, site = running
    assert site.split(":")[-1] != url.split(":")[-1]  # another port: another origin
    posts = _posts(page, url)
    page.goto(f"{site}/")
    log = open_widget(page)
    # the site's platform (data-platform="33") is named: whose assistant this is
    heading = page.get_by_role("dialog").get_by_role("heading")
    assert heading.inner_text() == "Assistant de la plateforme de Gironde"
    ask(page, QUESTION)
    log.get_by_text("diplôme d'État d'aide-soignant", exact=False).wait_for()
    assert page.evaluate("() => location.origin") == site
    assert len(posts) == 1 and posts[0].all_headers()["origin"] == site
    assert "platform=33" in posts[0].url

    # a counsellor's message reaches the embedded widget too (the poll is cross-origin)
    sender = sender_of(page)
    counsellor_writes(app, sender, "Bonjour, ici Nadia.")
    picked_up(page, "Bonjour, ici Nadia.")
    tracker = httpx.get(f"{url}/conversations/{sender}/tracker", headers=AUTH).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == [QUESTION]
    screenshot(page, "widget-site-1280")


def test_on_a_phone_the_partner_site_and_its_widget_fit_the_screen(
    browser: Any, running: tuple[str, Any, str]
) -> None:
    _url, _app, site = running
    page = _new_page(browser, 390, 844)
    _asked(page, site)
    panel = page.get_by_role("dialog").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(page, "widget-site-390")
    page.context.close()


def test_a_page_that_loads_the_script_twice_shows_one_widget(
    page: Any, running: tuple[str, Any, str]
) -> None:
    url, _app, site = running
    posts = _posts(page, url)
    page.goto(f"{site}/twice.html")
    log = open_widget(page)
    assert page.locator("#autonomie-assistant").count() == 1
    ask(page, QUESTION)
    log.get_by_text("diplôme d'État d'aide-soignant", exact=False).wait_for()
    page.wait_for_timeout(500)
    assert log.locator(".user").count() == 1
    assert log.get_by_text("diplôme d'État d'aide-soignant", exact=False).count() == 1
    assert len(posts) == 1


def test_a_widget_left_open_for_a_day_still_gets_new_messages(
    page: Any, running: tuple[str, Any, str]
) -> None:
    """A day passes, the network drops in between: polling resumes with a fresh token
    (the first one expired on the way), nothing is doubled."""
    url, app, site = running
    tokens = _token_requests(page, url)
    page.clock.install()
    log = _asked(page, site)
    sender = sender_of(page)
    counsellor_writes(app, sender, "Je lis votre question.")
    picked_up(page, "Je lis votre question.")
    assert len(tokens) == 1  # one token for every poll of its lifetime

    page.context.set_offline(True)
    page.clock.fast_forward("12:00:00")
    counsellor_writes(app, sender, "Bonsoir, je reviens vers vous demain matin.")
    page.clock.fast_forward("12:00:00")  # a day later, still offline: nothing can arrive
    assert log.get_by_text("Bonsoir, je reviens").count() == 0
    page.context.set_offline(False)  # back online: the widget asks at once
    log.get_by_text("Bonsoir, je reviens vers vous demain matin.").wait_for(timeout=60_000)
    assert len(tokens) == 2  # the day-old token was replaced before asking
    counsellor_writes(app, sender, "Bonjour, je vous appelle à 10 h ?")
    picked_up(page, "Bonjour, je vous appelle à 10 h ?")
    with a_poll_answered(page):
        page.clock.fast_forward("00:00:30")  # more polling rounds
    page.evaluate("() => new Promise(done => setTimeout(done, 100))")  # its answer handled
    assert log.get_by_text("Bonsoir, je reviens").count() == 1
    assert log.get_by_text("je vous appelle à 10 h").count() == 1
    # the page's clock is now a day ahead of the server's: the new token still serves
    # every poll of its lifetime (counted on the page's clock), none asked for again
    assert len(tokens) == 2


def test_a_refused_poll_token_is_replaced_and_nothing_is_missed(
    page: Any, running: tuple[str, Any, str]
) -> None:
    """The server refuses the token (expired, or its key changed): the widget gets a new
    one and the counsellor's message written meanwhile still arrives, once."""
    url, app, site = running
    tokens = _token_requests(page, url)
    refused: list[str] = []

    def refuse_once(route: Any) -> None:
        if not refused:
            refused.append(route.request.url)
            route.fulfill(status=401, json={"detail": "expired token"})
        else:
            route.continue_()

    _asked(page, site)
    page.route("**/webhooks/rest/pending*", refuse_once)
    counsellor_writes(app, sender_of(page), "Bonjour, ici Nadia, je reprends votre demande.")
    shown = picked_up(page, "ici Nadia, je reprends votre demande.")
    assert len(refused) == 1 and len(tokens) == 2
    assert shown.count() == 1


def _token_requests(page: Any, url: str) -> list[Any]:
    """The poll tokens the widget was given (answered requests: none while offline)."""
    tokens: list[Any] = []
    page.on(
        "response",
        lambda r: (
            tokens.append(r)
            if r.request.method == "POST" and r.url.startswith(f"{url}/webhooks/rest/token")
            else None
        ),
    )
    return tokens


def _app(tmp_path: Path, origins: dict[str, list[str]] | None = None) -> TestClient:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{tmp_path}/cors.db",
        load_models=False,
        redis_url=None,
        widget_origins=origins or {},
    )
    return TestClient(assistant_app(settings))


def _preflight(client: TestClient, origin: str, path: str) -> httpx.Response:
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


def test_any_site_may_call_the_widget_routes_by_default(tmp_path: Path) -> None:
    with _app(tmp_path) as client:
        for path in (
            "/webhooks/rest/webhook?platform=33",
            "/webhooks/rest/token?platform=33",
            "/webhooks/rest/pending?platform=33",
        ):
            answer = _preflight(client, "https://n-importe-quel-site.fr", path)
            assert answer.status_code == 204
            assert answer.headers["access-control-allow-origin"] == "*"
            assert "POST" in answer.headers["access-control-allow-methods"]
            assert answer.headers["access-control-allow-headers"] == "content-type"
        token = client.post(
            "/webhooks/rest/token", json={"sender": "web:x"}, headers={"Origin": GIRONDE}
        ).json()["token"]
        got = client.get(
            "/webhooks/rest/pending",
            headers={"Origin": GIRONDE, "Authorization": f"Bearer {token}"},
        )
        assert got.status_code == 200 and got.headers["access-control-allow-origin"] == "*"
        # only the widget's routes: the console and the admin API get no CORS headers
        other = client.get("/health", headers={"Origin": GIRONDE})
        assert "access-control-allow-origin" not in other.headers


def test_a_setting_restricts_each_platform_to_its_sites(tmp_path: Path) -> None:
    origins = {"33": [GIRONDE], "*": ["https://www.prendresoin.fr"]}
    with _app(tmp_path, origins) as client:
        ok = _preflight(client, GIRONDE, "/webhooks/rest/webhook?platform=33")
        assert ok.status_code == 204
        assert ok.headers["access-control-allow-origin"] == GIRONDE
        assert ok.headers["vary"] == "Origin"
        for origin, platform in ((GIRONDE, "59"), ("https://evil.example", "33")):
            refused = _preflight(client, origin, f"/webhooks/rest/webhook?platform={platform}")
            assert refused.status_code == 403
            assert "access-control-allow-origin" not in refused.headers
        assert (
            _preflight(
                client, "https://www.prendresoin.fr", "/webhooks/rest/webhook?platform=59"
            ).status_code
            == 204
        )
        body = {"sender": "web:cors", "message": "bonjour"}
        sneaky = client.post(
            "/webhooks/rest/webhook?platform=33",
            json=body,
            headers={"Origin": "https://evil.example"},
        )
        assert sneaky.status_code == 403  # a simple request is refused too, not only read
        assert (
            client.post("/webhooks/rest/webhook", json=body).status_code == 200
        )  # no Origin: curl
        own = client.post(
            "/webhooks/rest/webhook", json=body, headers={"Origin": "http://testserver"}
        )
        assert own.status_code == 200  # the assistant's own demo page


def test_a_platform_restricted_to_its_sites_answers_them_only(browser: Any, tmp_path: Path) -> None:
    """WIDGET_ORIGINS lists the Gironde's site: the widget converses there; the same
    script copied onto another site gets no answer, and the message waits for a retry."""
    with (
        host_site(tmp_path / "own", {}) as own,
        host_site(tmp_path / "other", {}) as other,
        assistant(tmp_path, widget_origins={"33": [own]}) as (url, _app),
    ):
        for folder in ("own", "other"):
            (tmp_path / folder / "index.html").write_text(host_page(url), "utf-8")
        page = _new_page(browser)
        _asked(page, own)

        page.goto(f"{other}/")
        log = open_widget(page)
        ask(page, QUESTION)
        page.get_by_role("button", name="Réessayer", exact=False).wait_for()
        assert log.get_by_text("diplôme d'État d'aide-soignant", exact=False).count() == 0
        page.context.close()
