"""The widget's pickup of pushed messages, as the widget does it: a poll token
from POST /webhooks/rest/token, then GET /webhooks/rest/pending with it."""

from __future__ import annotations

from typing import Any


def poll_pending(client: Any, sender: str, after: float = 0.0, base: str = "") -> Any:
    """`client`: a TestClient, an httpx.Client, or the httpx module (with `base`)."""
    issued = client.post(f"{base}/webhooks/rest/token", json={"sender": sender})
    issued.raise_for_status()
    return client.get(
        f"{base}/webhooks/rest/pending",
        params={"after": after},
        headers={"Authorization": f"Bearer {issued.json()['token']}"},
    )
