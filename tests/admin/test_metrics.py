"""GET /metrics: Prometheus text from the app's own registry."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from bot.settings import Settings
from bot.web.metrics import AppMetrics, MetricsMiddleware
from tests.admin.helpers import assistant
from tests.embedded_platform import assistant_app
from tests.handoff.helpers import say, set_slots


def _samples(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def test_metrics_count_requests_messages_handoffs_and_outbox(client: TestClient) -> None:
    say(client, "web:m", "bonjour")
    say(client, "web:m", "/help")
    set_slots(client, "web:m", departement="33")
    say(client, "web:m", "/human_handoff")
    assistant(client).outbox.put("web:m", "rest", {"text": "plus tard"})
    client.get("/health")
    samples = _samples(client)
    assert samples[("autonomie_messages_total", (("channel", "rest"),))] == 3
    assert samples[("autonomie_handoffs_total", ())] == 1
    assert samples[("autonomie_kb_abstentions_total", ())] == 0
    assert samples[("autonomie_outbox_depth", ())] >= 1
    webhook = (
        "autonomie_http_request_duration_seconds_count",
        (("method", "POST"), ("route", "/webhooks/rest/webhook"), ("status", "200")),
    )
    assert samples[webhook] == 3
    health = (
        "autonomie_http_request_duration_seconds_count",
        (("method", "GET"), ("route", "/health"), ("status", "200")),
    )
    assert samples[health] == 1
    # raw paths never become labels (unbounded cardinality)
    client.get("/conversations/web:m/tracker")
    assert any(
        dict(labels).get("route") == "/conversations/{sender}/tracker"
        for (_name, labels) in _samples(client)
    )
    assert not any("web:m" in str(labels) for (_name, labels) in _samples(client))


def test_each_app_has_its_own_registry(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as one, TestClient(assistant_app(settings)) as two:
        one.post("/webhooks/rest/webhook", json={"sender": "a", "message": "bonjour"})
        assert ("autonomie_messages_total", (("channel", "rest"),)) in _samples(one)
        assert ("autonomie_messages_total", (("channel", "rest"),)) not in _samples(two)
    assert REGISTRY.get_sample_value("autonomie_messages_total", {"channel": "rest"}) is None


def test_the_confidence_histogram_counts_typed_messages_only(client: TestClient) -> None:
    say(client, "web:c", "bonjour")  # typed: the (payload-only) interpreter is sure of nothing
    say(client, "web:c", "/help")  # a button: its intent is given, not guessed
    say(client, "web:c", "merci")
    samples = _samples(client)
    assert samples[("autonomie_nlu_intent_confidence_count", ())] == 2
    assert samples[("autonomie_nlu_intent_confidence_bucket", (("le", "0.1"),))] == 2
    assert samples[("autonomie_nlu_intent_confidence_sum", ())] == 0.0


def test_a_route_under_prefixed_routers_is_labelled_with_its_whole_template() -> None:
    """FastAPI keeps an included router's routes as they were declared: the label
    must still be the whole template, with the prefix's parameters, never a raw id."""
    inner = APIRouter()

    @inner.get("/tracker/{part}")
    def tracker(sender: str, part: str) -> dict[str, str]:
        return {"sender": sender, "part": part}

    middle = APIRouter()
    middle.include_router(inner, prefix="/conversations/{sender}")
    app = FastAPI()
    app.include_router(middle, prefix="/api")
    metrics = AppMetrics()
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    with TestClient(app) as client:
        assert client.get("/api/conversations/sms:+33612345678/tracker/last").status_code == 200
        assert client.get("/nowhere").status_code == 404
    text = metrics.exposition().decode()
    assert 'route="/api/conversations/{sender}/tracker/{part}"' in text
    assert 'route="unmatched"' in text
    assert "33612345678" not in text
