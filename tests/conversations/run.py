"""`python -m tests.conversations.run`: the whole simulator on the trained models.

Starts the app in-process (SQLite in a temporary directory, demo platform
data), runs the seeded simulated candidates through the REST webhook (SMS
personas through the signed Twilio webhook, answering numbered options with
their number) and prints the figures as JSON (also written to --out).
`make bench` runs it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.fresh_personas import personas as generate
from tests.conversations.lexicon import VOCABULARIES
from tests.conversations.personas import Persona
from tests.conversations.simulator import Outcome, Post, run_conversation, summarise
from tests.conversations.sms import TWILIO_TOKEN, sms_poster

__all__ = ["PUBLIC_URL", "main", "rest_poster", "run_all", "serving", "tracker_of"]

TOKEN = "simulator-token"
PUBLIC_URL = "https://assistant.example.org"
#: turns to book over the aim (issue 16: max 8): such conversations are dumped with the broken
LONG = 8


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
        public_url=PUBLIC_URL,
        twilio_auth_token=TWILIO_TOKEN,  # type: ignore[arg-type]
        # behind a proxy, as in production: each candidate writes from an address of
        # their own (X-Forwarded-For), as real people do, and the per-address limits
        # on the anonymous channels do not take all the simulated people for one
        trusted_proxies="127.0.0.1",
    )
    with TestClient(assistant_app(settings), client=("127.0.0.1", 50000)) as client:
        seed_demo(client.app.state.assistant.sessions, date.today())  # type: ignore[attr-defined]
        yield client


def tracker_of(client: TestClient, sender: str) -> dict[str, Any]:
    """The conversation's tracker as the HTTP API gives it ({} when there is none)."""
    response = client.get(
        f"/conversations/{sender}/tracker", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    return response.json() if response.status_code == 200 else {}


def rest_poster(client: TestClient, sender: str) -> Callable[[str], list[dict[str, Any]]]:
    """Sends `sender`'s messages through the REST webhook; each call gives the replies."""

    def post(message: str) -> list[dict[str, Any]]:
        response = client.post(
            "/webhooks/rest/webhook", json={"sender": sender, "message": message}
        )
        assert response.status_code == 200
        return list(response.json())

    return post


def run_all(client: TestClient, personas: list[Persona], prefix: str = "sim") -> list[Outcome]:
    ids = itertools.count()

    def rest(sender: str, message: str) -> tuple[int, list[dict[str, Any]], list[str] | None]:
        response = client.post(
            "/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            headers={"X-Forwarded-For": _address(sender)},
        )
        return response.status_code, response.json() if response.status_code == 200 else [], None

    def tracker(sender: str) -> dict[str, Any]:
        return tracker_of(client, sender)

    def slots(sender: str) -> dict[str, Any]:
        return dict(tracker(sender).get("slots") or {})

    outcomes = []
    for persona in personas:
        number = next(ids)
        post: Post = rest
        sender = f"{prefix}-{persona.ident}-{number}"
        if persona.channel == "sms":
            sender, post = sms_poster(
                client, tracker, PUBLIC_URL, number, persona.retries, persona.rng
            )
        outcomes.append(run_conversation(persona, post, slots, sender))
        _free_seats(post, sender)
    return outcomes


def _address(sender: str) -> str:
    """A documentation address (RFC 5737) of the sender's own."""
    digest = zlib.crc32(sender.encode())
    return f"198.51.{digest % 256}.{1 + (digest >> 8) % 254}"


def _free_seats(post: Post, sender: str) -> None:
    """Each candidate cancels their bookings once measured: the demo events' seats are
    few, and the next candidates should find the same events."""
    _, replies, _ = post(sender, "/my_bookings")
    cancels = [
        button["payload"]
        for reply in replies
        for button in reply.get("buttons") or []
        if button["payload"].startswith("/cancel_booking")
    ]
    for payload in cancels:
        post(sender, payload)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--vocabulary",
        choices=VOCABULARIES,
        default="old",
        help="the candidates' words: sessions 10-15's, session 17's new layer, session 18's"
        " third (registers of writing), session 19's fourth (other people), session 20's fifth"
        " (phonetic SMS, parents, corrections, 'c quoi ?'), or one of the first three per persona"
        " (a fifth's now and then)",
    )
    parser.add_argument("--models", type=Path, default=Path("models"))
    parser.add_argument("--out", type=Path, default=Path("var/conversations.json"))
    parser.add_argument("--show", type=int, default=0, help="print this many broken transcripts")
    parser.add_argument(
        "--dump",
        type=Path,
        help="write the transcripts of broken conversations, of those over the max-turns aim and"
        " of those with an SMS turn over two segments",
    )
    args = parser.parse_args(argv)
    personas = generate(args.seed, args.count, args.vocabulary)
    with tempfile.TemporaryDirectory() as workdir, serving(args.models, Path(workdir)) as client:
        outcomes = run_all(client, personas)
    report = summarise(outcomes).as_dict()
    report["seed"] = args.seed
    report["vocabulary"] = args.vocabulary
    broken = [o for o in outcomes if o.breaks]
    for outcome in broken[: args.show]:
        print(outcome.text(), file=sys.stderr)
    if args.dump:
        worst = [o for o in outcomes if o.breaks or o.long_sms or (o.turns_to_book or 0) > LONG]
        worst.sort(key=lambda o: (not o.breaks, -(o.turns_to_book or 0)))
        args.dump.write_text("\n\n".join(o.text() for o in worst) + "\n", encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
