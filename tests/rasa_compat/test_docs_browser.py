"""/docs renders in Chromium with every request kept on this server (no CDN)."""

from __future__ import annotations

from urllib.parse import urlparse

from bot.settings import Settings
from tests.browser import chromium, require_browser
from tests.channels.fakes import serve
from tests.embedded_platform import assistant_app


def test_swagger_ui_renders_offline(settings: Settings) -> None:
    require_browser()
    with serve(assistant_app(settings)) as url, chromium() as browser:
        page = browser.new_page()
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
        page.goto(f"{url}/docs")
        title = page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
        assert title is not None and "Autonomie Assistant" in title.inner_text()
        page.wait_for_selector(".opblock-summary-path", timeout=30_000)  # the operations
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/webhooks/rest/webhook" in paths and "/model/parse" in paths
    assert hosts == {urlparse(url).netloc}  # nothing fetched from elsewhere
