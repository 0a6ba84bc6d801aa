"""Debian's Chromium through Playwright, and axe-core, for the browser tests
(the widget, the console).

Without them a browser test is skipped, or fails when
AUTONOMIE_TEST_REQUIRE_BROWSER is set (make test installs them, CI sets it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "AXE",
    "AXE_TAGS",
    "axe_violations",
    "chart_text_sizes",
    "chromium",
    "require_browser",
    "screenshot",
]

CHROMIUM = Path("/usr/bin/chromium")
#: `make screenshots` sets it to docs/: the tests then save the screenshots of the docs
SHOTS = os.environ.get("AUTONOMIE_SHOTS")
ROOT = Path(__file__).resolve().parents[1]
AXE = Path(
    os.environ.get("AUTONOMIE_AXE_JS") or ROOT / ".cache/axe/node_modules/axe-core/axe.min.js"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(axe: bool) -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing"
    if axe and not AXE.exists():
        return f"axe-core is missing at {AXE} (make test installs it)"
    return None


def require_browser(*, axe: bool = False) -> None:
    """Skips the test, or fails it under AUTONOMIE_TEST_REQUIRE_BROWSER, when
    Chromium, Playwright or (with `axe`) axe-core is missing."""
    reason = _missing(axe)
    if reason is None:
        return
    if os.environ.get("AUTONOMIE_TEST_REQUIRE_BROWSER"):
        pytest.fail(f"AUTONOMIE_TEST_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page: Any) -> list[tuple[str, list[Any]]]:
    """axe-core's violations on the page, as (rule, targets); it must have passed some
    rules (it did look). A page under a CSP needs a context with bypass_csp=True."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    assert result["passes"]
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


def screenshot(page: Any, name: str, *, full_page: bool = False) -> None:
    """Saves `name`.png in the AUTONOMIE_SHOTS folder, when it is set (`make screenshots`)."""
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=full_page)


def chart_text_sizes(page: Any) -> list[float]:
    """The size, in CSS pixels as drawn on the screen, of every text of the page's SVG
    charts (their viewBox scales them with the screen's width)."""
    sizes: list[float] = page.evaluate(
        """() => [...document.querySelectorAll('svg[viewBox] text')].map(t => {
          const svg = t.ownerSVGElement;
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return Math.round(parseFloat(getComputedStyle(t).fontSize) * scale * 10) / 10;
        })"""
    )
    assert sizes  # there were charts to read
    return sizes
