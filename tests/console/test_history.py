"""A candidate's whole history on one page: SMS and WhatsApp from one number,
past requests to a counsellor, in time order; nothing of anybody else."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

from bot.dialogue.events import BotUttered, SlotSet, UserUttered
from bot.handoff.store import NewHandoff
from tests.handoff.helpers import login

NUMBER = "+33611223344"


def _write(app: Any, sender: str, channel: str, text: str) -> None:
    app.state.assistant.store.append(
        sender,
        channel,
        [
            UserUttered(text=text, channel=channel, timestamp=time.time()),
            BotUttered(text=f"réponse à « {text} »", timestamp=time.time()),
        ],
    )


def test_sms_and_whatsapp_of_one_number_on_one_page(client: TestClient) -> None:
    app: Any = client.app
    store = app.state.assistant.store
    store.append(f"sms:{NUMBER}", "sms", [SlotSet(name="departement", value="33")])
    _write(app, f"sms:{NUMBER}", "sms", "Bonjour, je cherche une formation")
    _write(app, f"whatsapp:{NUMBER}", "whatsapp", "C'est encore moi, sur WhatsApp")
    _write(app, "sms:+33699999999", "sms", "Un autre candidat")
    handoffs = app.state.console.handoffs
    for sender, channel in ((f"sms:{NUMBER}", "sms"), (f"whatsapp:{NUMBER}", "whatsapp")):
        handoffs.open(
            NewHandoff(
                sender_id=sender, channel=channel, departement="33", team="33", reason="asked"
            )
        )
    cid = handoffs.active(f"whatsapp:{NUMBER}").conversation_id

    nadia = login(client, "nadia")
    page = nadia.get(f"/console/conversations/{cid}")
    assert "Tout l'historique de la personne" in page.text
    html = nadia.get(f"/console/conversations/{cid}/history").text
    first = html.index("je cherche une formation")
    second = html.index("encore moi, sur WhatsApp")
    assert first < second  # in time order, across the two channels
    assert "Un autre candidat" not in html
    assert "Demandes de conseiller (2)" in html
    sophie = login(client, "sophie")  # another team: not theirs
    assert sophie.get(f"/console/conversations/{cid}/history").status_code == 404
