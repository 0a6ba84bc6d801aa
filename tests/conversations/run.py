"""`python -m tests.conversations.run`: the whole simulator on the trained models.

Starts the app in-process (SQLite in a temporary directory, demo platform
data), runs the seeded simulated candidates through the REST webhook and
prints the figures as JSON (also written to --out). `make bench` runs it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.personas import Persona, generate
from tests.conversations.simulator import Outcome, run_conversation, summarise

__all__ = ["main", "run_all", "serving"]

TOKEN = "simulator-token"


@contextmanager
def serving(models_dir: Path, workdir: Path) -> Iterator[TestClient]:
    from bot.settings import Settings
    from platform_server.seed import seed_demo
    from tests.embedded_platform import assistant_app

    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{workdir}/conversations.db",
        api_token=TOKEN,  # type: ignore[arg-type]
        models_dir=models_dir,
    )
    with TestClient(assistant_app(settings)) as client:
        seed_demo(client.app.state.assistant.sessions, date.today())  # type: ignore[attr-defined]
        yield client


def run_all(client: TestClient, personas: list[Persona], prefix: str = "sim") -> list[Outcome]:
    ids = itertools.count()

    def post(sender: str, message: str) -> tuple[int, list[dict[str, Any]]]:
        response = client.post(
            "/webhooks/rest/webhook", json={"sender": sender, "message": message}
        )
        return response.status_code, response.json() if response.status_code == 200 else []

    def slots(sender: str) -> dict[str, Any]:
        response = client.get(
            f"/conversations/{sender}/tracker", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        return response.json()["slots"] if response.status_code == 200 else {}

    outcomes = []
    for persona in personas:
        sender = f"{prefix}-{persona.ident}-{next(ids)}"
        outcomes.append(run_conversation(persona, post, slots, sender))
        _free_seats(post, sender)
    return outcomes


def _free_seats(post: Any, sender: str) -> None:
    """Each candidate cancels their bookings once measured: the demo events' seats are
    few, and the next candidates should find the same events."""
    _, replies = post(sender, "/my_bookings")
    for reply in replies:
        for button in reply.get("buttons") or []:
            if button["payload"].startswith("/cancel_booking"):
                post(sender, button["payload"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--models", type=Path, default=Path("models"))
    parser.add_argument("--out", type=Path, default=Path("var/conversations.json"))
    parser.add_argument("--show", type=int, default=0, help="print this many broken transcripts")
    args = parser.parse_args(argv)
    personas = generate(args.seed, args.count)
    with tempfile.TemporaryDirectory() as workdir, serving(args.models, Path(workdir)) as client:
        outcomes = run_all(client, personas)
    report = summarise(outcomes).as_dict()
    report["seed"] = args.seed
    broken = [o for o in outcomes if o.breaks]
    for outcome in broken[: args.show]:
        print(outcome.text(), file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
