"""Rasa's server endpoints that clients probe before talking: GET /version, GET /status.

Shapes follow Rasa 3.x's HTTP API, so a tool written for a Rasa server (Rasa
X-style dashboards, Chatwoot's bridge health checks) finds what it expects.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends

from bot import __version__
from bot.web.dependencies import SettingsDep, require_api_token
from channels.http import RasaRoute, documented

router = APIRouter(tags=["health"], route_class=RasaRoute)

#: the Rasa release whose HTTP API and channel payloads this service mirrors.
RASA_API_VERSION = "3.6.0"


@router.get("/version")
def version() -> dict[str, str]:
    """Rasa's `GET /version` (public, as in Rasa)."""
    return {
        "version": __version__,
        "minimum_compatible_version": __version__,
        "rasa_api_version": RASA_API_VERSION,
    }


def _fingerprint(models: Path) -> dict[str, Any]:
    """What each trained model was built from (the digests `autonomie train` writes)."""
    found: dict[str, Any] = {}
    for part in ("nlu", "kb"):
        path = models / part / "trained_from.json"
        if path.is_file():
            found[part] = json.loads(path.read_text("utf-8"))
    return found


@router.get("/status", dependencies=[Depends(require_api_token)], responses=documented(401))
def status(settings: SettingsDep) -> dict[str, Any]:
    """Rasa's `GET /status`: the loaded model and its fingerprint (admin token, as in Rasa)."""
    fingerprint = _fingerprint(settings.models_dir)
    digest = hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()
    return {
        "model_file": str(settings.models_dir),
        "model_id": digest[:32],
        "num_active_training_jobs": 0,
        "fingerprint": fingerprint,
    }
