"""Multi-turn conversations through the REST channel (tests/dialogue/stories.yml,
regressions.yml: whole-conversation failures seen once, kept fixed, and immersion.yml:
the immersion request and places named in words).

Each story is one test; every step's replies and tracker slots are checked.
The session's slot accuracy is printed at the end of the run.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from bot.settings import Settings
from platform_server.seed import seed_demo
from tests.embedded_platform import assistant_app

STORIES = {
    "stories": [
        story
        for name in ("stories.yml", "regressions.yml", "immersion.yml")
        for story in yaml.safe_load((Path(__file__).parent / name).read_text(encoding="utf-8"))[
            "stories"
        ]
    ]
}
AUTH = {"Authorization": "Bearer test-token"}
SLOT_RESULTS: list[bool] = []
_ids = itertools.count()


@pytest.fixture(scope="module")
def client(trained_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{tmp_path_factory.mktemp('stories')}/stories.db",
        api_token="test-token",  # type: ignore[arg-type]
        models_dir=trained_models,
    )
    with TestClient(assistant_app(settings)) as test_client:
        seed_demo(test_client.app.state.assistant.sessions, date.today())  # type: ignore[attr-defined]
        yield test_client


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("’", "'")


@pytest.mark.parametrize("story", STORIES["stories"], ids=lambda s: s["story"])
def test_story(story: dict[str, Any], client: TestClient) -> None:
    sender = f"story-{next(_ids)}"
    processor = client.app.state.assistant.processor  # type: ignore[attr-defined]
    offset = timedelta()
    processor.clock = lambda: datetime.now(UTC) + offset
    failures: list[str] = []
    replies: list[dict[str, Any]] = []
    for number, step in enumerate(story["steps"], 1):
        offset += timedelta(days=step.get("after_days", 0))
        if "click" in step:  # the first offered button whose payload starts so
            offered = [b["payload"] for r in replies for b in r.get("buttons", [])]
            step = {
                **step,
                "user": next((p for p in offered if p.startswith(step["click"])), step["click"]),
            }
        where = f"step {number} ({step['user']!r})"
        # a story's `metadata` is sent with each message (the widget's: {platform: "26"})
        body = {"sender": sender, "message": step["user"], "metadata": story.get("metadata", {})}
        response = client.post("/webhooks/rest/webhook", json=body)
        if response.status_code != 200:
            failures.append(f"{where}: HTTP {response.status_code}")
            continue
        replies = response.json()
        failures += [f"{where}: {problem}" for problem in _check_replies(step, replies)]
        tracker = client.get(f"/conversations/{sender}/tracker", headers=AUTH)
        if step.get("erased"):
            if tracker.status_code != 404:
                failures.append(f"{where}: the conversation is still stored")
            continue
        slots = tracker.json()["slots"] if tracker.status_code == 200 else {}
        for name, expected in (step.get("slots") or {}).items():
            ok = _same(slots.get(name), expected)
            SLOT_RESULTS.append(ok)
            if not ok:
                failures.append(
                    f"{where}: slot {name} = {slots.get(name)!r}, expected {expected!r}"
                )
    assert not failures, "\n".join(failures)


def _check_replies(step: dict[str, Any], replies: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    text = _fold(" ".join(r.get("text") or "" for r in replies))
    if step.get("silent"):
        return [f"expected no reply, got {text!r}"] if replies else []
    if not replies:
        return ["no reply"]
    wanted = [_fold(w) for w in step.get("bot", [])]
    if step.get("any"):
        if wanted and not any(w in text for w in wanted):
            problems.append(f"none of {wanted} in {text!r}")
    else:
        problems += [f"{w!r} missing from {text!r}" for w in wanted if w not in text]
    problems += [
        f"{w!r} should not be in {text!r}" for w in step.get("bot_not", []) if _fold(w) in text
    ]
    payloads = {b["payload"] for r in replies for b in r.get("buttons", [])}
    problems += [
        f"button {p} missing from {sorted(payloads)}"
        for p in step.get("buttons", [])
        if p not in payloads
    ]
    prefix = step.get("buttons_prefix")
    if prefix and not any(p.startswith(prefix) for p in payloads):
        problems.append(f"no button starting with {prefix} in {sorted(payloads)}")
    if "fiche" in step:
        fiches = [r["custom"]["fiche"] for r in replies if (r.get("custom") or {}).get("fiche")]
        if not fiches or (step["fiche"] != "any" and step["fiche"] not in fiches):
            problems.append(
                f"expected an answer from fiche {step['fiche']}, got {fiches} ({text!r})"
            )
        for reply in replies:
            custom = reply.get("custom") or {}
            if custom.get("fiche") and not all(
                {"title", "date"} <= set(s) for s in custom["sources"]
            ):
                problems.append(f"sources without title or date: {custom}")
    return problems


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list) and isinstance(actual, list):
        return sorted(map(str, actual)) == sorted(map(str, expected))
    return bool(actual == expected)


def _metric(client: TestClient, name: str) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    text = client.get("/metrics").text
    return sum(
        s.value for f in text_string_to_metric_families(text) for s in f.samples if s.name == name
    )


def test_metrics_see_the_nlu_confidence_and_the_abstentions(client: TestClient) -> None:
    count = "autonomie_nlu_intent_confidence_count"
    before = {n: _metric(client, n) for n in (count, "autonomie_nlu_intent_confidence_sum")}
    abstained = _metric(client, "autonomie_kb_abstentions_total")
    sender = f"metrics-{next(_ids)}"
    questions = (
        "c'est quoi le salaire d'une aide-soignante ?",
        "est-ce que les aides-soignantes ont le droit de faire grève ?",  # no fiche says
    )
    for text in questions:
        client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    assert _metric(client, count) - before[count] == 2
    assert (
        _metric(client, "autonomie_nlu_intent_confidence_sum")
        - before["autonomie_nlu_intent_confidence_sum"]
        > 0.5
    )
    assert _metric(client, "autonomie_kb_abstentions_total") - abstained == 1
