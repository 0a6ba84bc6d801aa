"""GET /metrics: Prometheus text, from a registry of the app's own (never the global one).

Request latency is measured by a small ASGI middleware (label: the route's
path template); messages, NLU confidence, knowledge-base abstentions and
handoffs are counted from each handled turn; the outbox depth is read at scrape.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.dialogue.events import BotUttered, Event, SlotSet, UserUttered
from bot.dialogue.tracker import Tracker
from vocab.payloads import is_payload

__all__ = ["AppMetrics", "MetricsMiddleware", "route_template", "router"]

log = logging.getLogger(__name__)
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONFIDENCE_BUCKETS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)


class _OutboxDepth(Collector):
    def __init__(self, depth: Callable[[], int | None]) -> None:
        self._depth = depth

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(
            "autonomie_outbox_depth", "Messages waiting in the outbox (pending)."
        )
        try:
            value = self._depth()
        except Exception:  # the database is down: say nothing rather than fail the scrape
            log.warning("outbox depth unavailable for /metrics")
            value = None
        if value is not None:
            gauge.add_metric([], float(value))
        yield gauge


class _DeadLetters(Collector):
    def __init__(self, count: Callable[[], int | None]) -> None:
        self._count = count

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(
            "autonomie_inbox_dead_letters",
            "Messages set aside: their turn failed or overran its budget twice.",
        )
        try:
            value = self._count()
        except Exception:  # the database is down: say nothing rather than fail the scrape
            value = None
        if value is not None:
            gauge.add_metric([], float(value))
        yield gauge


class AppMetrics:
    def __init__(
        self,
        outbox_depth: Callable[[], int | None] = lambda: None,
        dead_letters: Callable[[], int | None] = lambda: None,
    ) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.latency = Histogram(
            "autonomie_http_request_duration_seconds",
            "HTTP request latency by route template.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.messages = Counter(
            "autonomie_messages", "User messages handled, by channel.", ["channel"], registry=r
        )
        self.confidence = Histogram(
            "autonomie_nlu_intent_confidence",
            "Confidence of the NLU's top intent (typed text, not button payloads).",
            buckets=CONFIDENCE_BUCKETS,
            registry=r,
        )
        self.abstentions = Counter(
            "autonomie_kb_abstentions", "Questions the knowledge base did not answer.", registry=r
        )
        self.handoffs = Counter(
            "autonomie_handoffs", "Conversations put in a counsellor queue.", registry=r
        )
        r.register(_OutboxDepth(outbox_depth))
        r.register(_DeadLetters(dead_letters))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    async def on_turn(self, tracker: Tracker, events: Sequence[Event]) -> None:
        """Processor listener: one stored turn."""
        for event in events:
            if isinstance(event, UserUttered) and not is_payload(event.text):
                confidence = (event.parse_data.get("intent") or {}).get("confidence")
                if isinstance(confidence, int | float):
                    self.confidence.observe(float(confidence))
            elif isinstance(event, BotUttered) and event.data.get("response") == (
                "utter_kb_abstain"
            ):
                self.abstentions.inc()
            elif isinstance(event, SlotSet) and event.name == "handoff" and event.value == "open":
                self.handoffs.inc()


class MetricsMiddleware:
    """Times every HTTP request; the label is the route template, never the raw path."""

    def __init__(self, app: ASGIApp, metrics: AppMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]

        async def send_status(message: Any) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            self.metrics.latency.labels(
                scope.get("method", ""), route_template(scope), str(status[0])
            ).observe(time.perf_counter() - start)


def route_template(scope: Scope) -> str:
    """The matched route's whole path template ('/conversations/{sender}/tracker').

    FastAPI hands the route as it was declared in its router: under
    `include_router(prefix=...)` its template lacks the prefix. The prefix is
    the part of the path before the route's own match, its path parameters
    written back as `{name}` so that no raw value (a sender id) becomes a label.
    """
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    if not isinstance(template, str) or not template:
        return "unmatched"
    root = scope.get("root_path", "")
    path = str(scope.get("path", ""))
    if root and path.startswith(root):
        path = path[len(root) :]
    regex = getattr(route, "path_regex", None)
    prefix = ""
    if regex is not None and not regex.match(path):
        starts = [i for i, char in enumerate(path) if char == "/" and i > 0]
        cut = next((i for i in starts if regex.match(path[i:])), None)
        if cut is None:
            return "unmatched"
        outer = {
            str(value): name
            for name, value in scope.get("path_params", {}).items()
            if "{" + name + "}" not in template and "{" + name + ":" not in template
        }
        prefix = "/".join(
            "{" + outer[part] + "}" if part in outer else part for part in path[:cut].split("/")
        )
    return root + prefix + template


router = APIRouter(tags=["observability"])


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    app_metrics: AppMetrics = request.app.state.metrics
    return Response(app_metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
