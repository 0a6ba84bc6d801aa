"""A question mixing two topics gets both fiches, or on SMS (when both will not fit)
the first one and the second offered next, never "which one first?"."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.dialogue.actions.knowledge import AnswerQuestion
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.services import FicheAnswer, KnowledgeResult, Services, TurnContext
from bot.dialogue.topics import question_clauses
from bot.dialogue.tracker import Tracker
from bot.settings import Settings
from platform_server.seed import seed_demo
from tests.embedded_platform import assistant_app

_ids = itertools.count()


@pytest.fixture(scope="module")
def client(trained_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{tmp_path_factory.mktemp('topics')}/topics.db",
        api_token="test-token",  # type: ignore[arg-type]
        models_dir=trained_models,
    )
    with TestClient(assistant_app(settings)) as test_client:
        seed_demo(test_client.app.state.assistant.sessions, date.today())  # type: ignore[attr-defined]
        yield test_client


def _ask(client: TestClient, text: str) -> list[dict[str, object]]:
    sender = f"topics-{next(_ids)}"
    reply = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    assert reply.status_code == 200
    return list(reply.json())


def _fiches(messages: list[dict[str, object]]) -> list[str]:
    found = []
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("fiche"):
            found.append(str(custom["fiche"]))
    return found


def test_clauses_are_questions_only() -> None:
    assert question_clauses("combien gagne une aide-soignante ? et la VAE c'est quoi ?") == [
        "combien gagne une aide-soignante ?",
        "la VAE c'est quoi ?",
    ]
    assert question_clauses("les horaires de nuit et de week-end ?") == []
    assert question_clauses("je suis aide soignante et je veux devenir infirmière") == []
    assert question_clauses("c'est quoi la VAE ?") == []
    assert question_clauses("x ? " * 400) == []  # a very long message is not cut
    # "qui" and "où" inside a clause are relatives, not questions
    assert question_clauses("c'est ma mère qui les garde, et on commence quand ?") == []
    assert question_clauses("la ville où je vis et ça paie combien ?") == []
    assert question_clauses("où ça se passe ? et qui peut s'inscrire ?") == [
        "où ça se passe ?",
        "qui peut s'inscrire ?",
    ]


def test_a_second_question_naming_no_topic_is_asked_of_the_first_ones_scheme(
    client: TestClient,
) -> None:
    """ "et ça prend combien de semaines ?" after a question about the immersion is about
    the immersion, not some training's length."""
    messages = _ask(client, "une immersion, on est rémunéré ? et ça prend combien de semaines ?")
    assert _fiches(messages) == ["pmsmp-remuneration", "pmsmp-duree"]


def test_two_questions_get_both_fiches_through_the_webhook(client: TestClient) -> None:
    messages = _ask(client, "combien gagne une aide-soignante ? et la VAE c'est quoi ?")
    assert _fiches(messages) == ["aide-soignant-salaire", "vae-principe"]
    answers = [m for m in messages if isinstance(m.get("custom"), dict)]
    assert all("Source" in str(m.get("text")) for m in answers)


def test_one_question_still_gets_one_fiche(client: TestClient) -> None:
    assert _fiches(_ask(client, "la formation d'AES dure combien de temps ?")) == ["aes-formation"]


class _TwoLongFiches:
    """A knowledge service whose two fiches are too long to share an SMS."""

    def answer(self, query: str, *, jobs: list[str], embedding: object = None) -> KnowledgeResult:
        fiche_id = "salaire" if "gagne" in query else "vae"
        return KnowledgeResult(
            FicheAnswer(
                fiche_id=fiche_id,
                title=f"Fiche {fiche_id}",
                short="Une réponse longue. " * 12,
                long="",
                short_source="Source publique, 2026",
                sources=(),
                verified=date(2026, 12, 4),
            )
        )

    def fiche(self, fiche_id: str) -> FicheAnswer | None:
        return None


@pytest.mark.parametrize(("channel", "on_sms"), [("sms", True), ("rest", False)])
async def test_on_sms_two_long_answers_give_the_first_and_offer_the_second(
    channel: str, on_sms: bool
) -> None:
    tracker = Tracker("someone", ["last_fiche", "fallbacks", "departement", "jobs"])
    tracker.update(UserUttered(text="combien on gagne ? et la VAE c'est quoi ?"))
    services = Services(knowledge=_TwoLongFiches())  # type: ignore[arg-type]
    ctx = TurnContext(channel=channel, now=datetime(2026, 12, 5, tzinfo=UTC), services=services)
    events = await AnswerQuestion(Content.load()).run(tracker, ctx)
    said = [event for event in events if isinstance(event, BotUttered)]
    if on_sms:
        assert len(said) == 2
        assert said[0].data["custom"]["fiche"] == "salaire"  # the first question answered
        assert "?" not in (said[1].text or "")  # no question back
        payloads = [button["payload"] for button in said[1].data["buttons"]]
        assert payloads == ['/question{"fiche": "vae"}']  # the second, one tap away
    else:
        assert [event.data["custom"]["fiche"] for event in said] == ["salaire", "vae"]
