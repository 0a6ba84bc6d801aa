"""The widget on a platform's site (`data-platform`): a person who gave no place of
their own is handed to that platform's counsellors, never to the national team."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.handoff.helpers import AUTH, login, set_slots, texts


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: the team is chosen before anything is stored."""
    return f"sqlite:///{tmp_path}/site.db"


def widget_says(client: TestClient, sender: str, text: str, platform: Any) -> list[str]:
    """A message as the widget sends it: the platform in the query and in the metadata."""
    response = client.post(
        f"/webhooks/rest/webhook?platform={platform}",
        json={"sender": sender, "message": text, "metadata": {"platform": platform}},
    )
    assert response.status_code == 200, response.text
    return texts(response.json())


def teams(client: TestClient) -> dict[str, str]:
    rows = client.get("/api/handoffs", params={"status": "open"}, headers=AUTH).json()
    return {row["sender_id"]: row["team"] for row in rows}


def test_a_handoff_from_a_platform_s_site_reaches_its_counsellors(client: TestClient) -> None:
    # a person who gave no place of their own: the site's platform
    sender = "web:0d7c3f0e-2b54-4c1e-9a1d-7e5f0c1b33aa"
    answer = widget_says(client, sender, "/human_handoff", "33")[-1]
    assert "plateforme de Gironde" in answer
    assert "9h–12h30 et 13h30–17h30" in answer  # Gironde's own opening hours
    assert teams(client)[sender] == "33"
    assert "…33aa" in login(client, "nadia").get("/console").text
    assert "…33aa" not in login(client, "camille").get("/console").text

    # their own département, once known, wins
    sender = "web:5a9e1d2c-8f3b-4e6a-b1c7-2d4f6a8c59bb"
    set_slots(client, sender, departement="59", commune="Lille")
    answer = widget_says(client, sender, "/human_handoff", "33")[-1]
    assert "plateforme du Nord" in answer
    assert teams(client)[sender] == "59"

    # a site that names no département changes nothing
    for i, platform in enumerate(["99", "<b>33</b>", "3" * 500, "", 33.5]):
        sender = f"web:7c1f0b9e-3d2a-4f5e-8a6b-9c0d1e2f30{i:02d}"
        answer = widget_says(client, sender, "/human_handoff", platform)[-1]
        assert "plateforme des métiers de l'autonomie" in answer, platform
        assert teams(client)[sender] == "national"


def test_the_greeting_names_the_platform_whose_site_embeds_the_widget(
    client: TestClient,
) -> None:
    """The Nord platform's site: its assistant says so; elsewhere, no département."""
    hello = widget_says(client, "web:1f2e3d4c-0000-4000-8000-00000000a001", "/greet", "59")
    assert "assistant automatique de la plateforme des métiers de l'autonomie du Nord" in hello[0]
    # a first message that is not a greeting is introduced the same way
    first = widget_says(client, "web:1f2e3d4c-0000-4000-8000-00000000a002", "/affirm", "91")
    assert "plateforme des métiers de l'autonomie de l'Essonne." in first[0]
    for i, platform in enumerate(["", "99", "<b>33</b>"]):
        sender = f"web:1f2e3d4c-0000-4000-8000-00000000b00{i}"
        hello = widget_says(client, sender, "/greet", platform)
        assert "assistant automatique de la plateforme des métiers de l'autonomie." in hello[0]
