"""Dead letters in the console: a platform administrator sees the messages set aside
(text masked, reason), retries one (the worker answers it) or discards one; both are
audited, and /metrics counts what is left."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from bot.worker import work_once
from tests.handoff.helpers import login
from tests.pending import poll_pending

PHONE = "06 12 34 56 78"


def _set_aside(app: Any, sender: str, message_id: str, text: str) -> None:
    inbox = app.state.assistant.inbox
    inbox.receive(sender, "rest", message_id, text)
    inbox.failed(sender, message_id, "RuntimeError")
    inbox.resume(sender, message_id)
    assert inbox.failed(sender, message_id, "budget")


def _metric(client: TestClient) -> str:
    line = next(
        line
        for line in client.get("/metrics").text.splitlines()
        if line.startswith("autonomie_inbox_dead_letters ")
    )
    return line.split()[1]


async def test_an_administrator_lists_retries_and_discards_dead_letters(
    client: TestClient,
) -> None:
    app: Any = client.app
    _set_aside(app, "web:dl-one", "m1", f"bonjour, rappelez-moi au {PHONE} <b>vite</b>")
    _set_aside(app, "web:dl-two", "m2", "un autre message")
    assert _metric(client) == "2.0"

    assert login(client, "nadia").get("/console/dead-letters").status_code == 403
    admin = login(client, "admin33")
    page = admin.get("/console/dead-letters")
    assert page.status_code == 200
    html = page.text
    assert PHONE not in html and "[téléphone]" in html  # the text is shown masked
    assert "&lt;b&gt;vite" in html and "<b>vite" not in html
    assert "temps de traitement dépassé" in html and "dl-one" not in html  # sender masked
    ids = {d.text[:7]: d.id for d in app.state.assistant.inbox.list_dead()}

    retried = admin.post(f"/console/dead-letters/{ids['un autr']}/retry")
    assert retried.status_code == 303
    assert "remis en traitement" in admin.get(retried.headers["location"]).text
    assert app.state.assistant.inbox.depth() == 1
    done = await work_once(app.state.assistant, {})
    assert done.recovered == 1  # answered, its reply pushed to the widget
    assert poll_pending(client, "web:dl-two").json()

    discarded = admin.post(f"/console/dead-letters/{ids['bonjour']}/discard")
    assert discarded.status_code == 303
    assert app.state.assistant.inbox.dead_letters() == 0 and _metric(client) == "0.0"
    assert admin.post(f"/console/dead-letters/{ids['un autr']}/retry").status_code == 404
    actions = [e.action for e in app.state.console.audit.recent("33")]
    assert "dead_letter_retry" in actions and "dead_letter_discard" in actions
    # without the CSRF token, nothing happens
    admin.use()
    assert client.post("/console/dead-letters/1/retry").status_code == 403
