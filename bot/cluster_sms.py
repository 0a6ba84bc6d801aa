"""`make bench-cluster`'s kill pass over SMS: people text the signed Twilio webhook
through HAProxy while a node is killed; the replies they get (TwiML) and the SMS the
nodes push (a fake Twilio REST API) are counted, so a message lost or an SMS sent
twice shows.

A person's client is Twilio: it posts each SMS until it gets a 200, with the same
MessageSid. A message a dead node left unanswered is answered by the worker, its
replies pushed through Twilio's API; a person who got a reply in the TwiML response
and again as a pushed SMS got it twice.
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote
from xml.etree import ElementTree

import httpx
from twilio.request_validator import RequestValidator

__all__ = ["ACCOUNT", "AUTH_TOKEN", "FROM_NUMBER", "FakeTwilioApi", "sms_kill_run"]

ACCOUNT = "AC" + "0" * 32
AUTH_TOKEN = "bench-cluster-twilio"
FROM_NUMBER = "+33700000000"


class FakeTwilioApi:
    """Twilio's Messages resource on a loopback port: records every SMS pushed."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []  # (To, Body)
        lock = threading.Lock()
        sent = self.sent

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode("utf-8"))
                to, body = form.get("To", [""])[0], form.get("Body", [""])[0]
                with lock:
                    sent.append((to, body))
                    sid = f"SM{len(sent):032x}"
                answer = json.dumps(
                    {"sid": sid, "to": to, "body": body, "status": "queued", "num_segments": "1"}
                ).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeTwilioApi:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _bodies(twiml: str) -> list[str]:
    return [m.text or "" for m in ElementTree.fromstring(twiml).iter("Message")]


async def sms_kill_run(
    url: str,
    kill: Callable[[], None],
    pushed: list[tuple[str, str]],
    *,
    people: int,
    texts: list[str],
    api_token: str,
    settle_s: float = 8.0,
) -> dict[str, Any]:
    """`people` SMS conversations of `texts` through the balancer at `url`; `kill()`
    once a third of the messages are answered. Then, after `settle_s` for the worker
    to answer what the dead node left: messages lost (never stored), stored twice,
    conversations stored out of the order sent, and SMS delivered twice (a pushed
    SMS the person had already received)."""
    validator = RequestValidator(AUTH_TOKEN)
    webhook = f"{url}/webhooks/twilio/webhook"
    sent: dict[str, list[str]] = {}
    received: dict[str, list[str]] = {}
    answered = [0]
    retried = [0]
    total = people * len(texts)

    async def converse(client: httpx.AsyncClient, phone: str) -> None:
        sent[phone], received[phone] = [], []
        for text in texts:
            sid = "SM" + uuid.uuid4().hex
            sent[phone].append(sid)
            form = {
                "MessageSid": sid,
                "AccountSid": ACCOUNT,
                "From": phone,
                "To": FROM_NUMBER,
                "Body": text,
                "NumMedia": "0",
            }
            headers = {"X-Twilio-Signature": validator.compute_signature(webhook, form)}
            for _attempt in range(60):  # Twilio's retries: the same MessageSid
                try:
                    response = await client.post(webhook, data=form, headers=headers, timeout=60)
                    if response.status_code == 200:
                        received[phone].extend(_bodies(response.text))
                        break
                except httpx.HTTPError:
                    pass
                retried[0] += 1
                await asyncio.sleep(0.5)
            answered[0] += 1

    async with httpx.AsyncClient() as client:
        run = asyncio.gather(
            *(converse(client, f"+336{uuid.uuid4().int % 10**8:08d}") for _ in range(people))
        )
        while answered[0] < total // 3:
            await asyncio.sleep(0.02)
        killed_at = answered[0]
        kill()
        await run
        await asyncio.sleep(settle_s)  # the worker's turn on what the dead node left
        lost = stored_twice = out_of_order = 0
        auth = {"Authorization": f"Bearer {api_token}"}
        for phone, sids in sent.items():
            tracker = await client.get(
                f"{url}/conversations/{quote('sms:' + phone)}/tracker", headers=auth, timeout=60
            )
            events = tracker.json()["events"]
            stored = [e.get("message_id") for e in events if e["event"] == "user"]
            lost += sum(1 for sid in sids if sid not in stored)
            stored_twice += len(stored) - len(set(stored))
            out_of_order += [m for m in stored if m in sids] != [m for m in sids if m in stored]
    pushes = Counter(pushed)
    got = {phone: Counter(bodies) for phone, bodies in received.items()}
    # an SMS pushed that the person already had in a response, or pushed twice
    twice = sum(
        count - 1 + (1 if got.get(to, Counter())[body] else 0)
        for (to, body), count in pushes.items()
    )
    return {
        "channel": "sms (signed Twilio webhook)",
        "messages": total,
        "killed_after": killed_at,
        "failed_requests_retried": retried[0],
        "lost": lost,
        "duplicated": stored_twice,
        "conversations_out_of_order": out_of_order,
        "sms_pushed": len(pushed),
        "sms_twice": twice,
    }
