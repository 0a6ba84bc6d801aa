"""Canned replies are the team's own (another platform never sees nor changes them)
and editable: "Modifier" fills the form, saving changes that reply in place."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.handoff.helpers import login


def _listed(html: str) -> list[tuple[str, str]]:
    """(shortcut, text) of each reply shown."""
    cards = re.findall(
        r'<strong class="mono">/([^<]{1,40})</strong>.*?<p class="summary">([^<]{0,2000})</p>',
        html,
        re.S,
    )
    return [(key, text) for key, text in cards]


def _id(html: str, shortcut: str) -> str:
    match = re.search(
        rf'href="/console/replies\?edit=(\d+)#canned-form" aria-label="Modifier /{shortcut}"', html
    )
    assert match, shortcut
    return match[1]


def test_a_reply_is_edited_in_place_and_stays_the_team_s(client: TestClient) -> None:
    nadia = login(client, "nadia")
    saved = nadia.post("/console/replies", {"shortcut": "/Bonjour", "text": "Bonjour, ici Nadia."})
    assert saved.status_code == 303
    nadia.post("/console/replies", {"shortcut": "rdv", "text": "Quand êtes-vous disponible ?"})
    page = nadia.get("/console/replies").text
    assert _listed(page) == [
        ("bonjour", "Bonjour, ici Nadia."),
        ("rdv", "Quand êtes-vous disponible ?"),
    ]

    reply = _id(page, "bonjour")
    form = nadia.get("/console/replies", params={"edit": reply}).text
    assert "Modifier /bonjour" in form and f'name="reply_id" value="{reply}"' in form
    assert ">Bonjour, ici Nadia.</textarea>" in form  # the text to change, filled in
    edited = nadia.post(
        "/console/replies",
        {"reply_id": reply, "shortcut": "accueil", "text": "Bonjour, je suis conseillère."},
    )
    assert edited.status_code == 303
    page = nadia.get("/console/replies").text
    assert _listed(page) == [
        ("accueil", "Bonjour, je suis conseillère."),
        ("rdv", "Quand êtes-vous disponible ?"),
    ]  # renamed in place: no second copy under the old shortcut
    taken = nadia.post("/console/replies", {"reply_id": reply, "shortcut": "rdv", "text": "x"})
    assert taken.status_code == 422 and "déjà celui d&#39;une autre réponse" in taken.text
    assert len(_listed(nadia.get("/console/replies").text)) == 2

    sophie = login(client, "sophie")  # the Nord's platform: its own list
    assert _listed(sophie.get("/console/replies").text) == []
    assert "Bonjour, je suis" not in sophie.get("/console/replies", params={"edit": reply}).text
    sophie.post("/console/replies", {"reply_id": reply, "shortcut": "accueil", "text": "Nord"})
    assert _listed(sophie.get("/console/replies").text) == [("accueil", "Nord")]  # a new one
    assert ("accueil", "Bonjour, je suis conseillère.") in _listed(
        nadia.get("/console/replies").text
    )


def test_a_reply_with_an_unknown_variable_is_refused_with_the_ones_there_are(
    client: TestClient,
) -> None:
    nadia = login(client, "nadia")
    page = nadia.get("/console/replies").text  # the variables are listed, for this team
    assert "<code>{plateforme}</code> « la plateforme de Gironde »" in page
    refused = nadia.post("/console/replies", {"shortcut": "nom", "text": "Bonjour {nom} !"})
    assert refused.status_code == 422
    assert "{nom} n&#39;est pas une variable" in refused.text
    assert "{prenom}, {conseiller} ou {plateforme}" in refused.text
    assert _listed(nadia.get("/console/replies").text) == []
    kept = nadia.post("/console/replies", {"shortcut": "b", "text": "Bonjour {prénom} !"})
    assert kept.status_code == 303  # with or without its accent
