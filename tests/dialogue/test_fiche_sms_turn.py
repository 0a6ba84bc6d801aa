"""Every fiche's SMS answer, followed in the same turn by a profile question, fits
the two segments a turn may take (conversation-design.md). smsfit cuts a short
answer after its first sentences but never below the first one, and the question
drops "Pour reprendre :" and its options: a first sentence too long for that
leaves the candidate with three SMS for one reply."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.dialogue.actions.knowledge import AnswerQuestion
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.services import FicheAnswer, Services, TurnContext
from bot.dialogue.smsbudget import fits_sms, turn_messages
from bot.dialogue.smsfit import fit_sms_turn
from bot.dialogue.tracker import Tracker
from knowledge.fiches import Fiche, default_fiches_dir, load_fiches

CONTENT = Content.load()
ANSWERS = AnswerQuestion(CONTENT)
CTX = TurnContext(channel="sms", now=datetime(2026, 12, 7, tzinfo=UTC), services=Services())
FICHES = load_fiches(default_fiches_dir())


def _questions() -> list[str]:
    """The SMS wording of each profile question (and of the consent question), as it
    ends a full turn: the bare question, without options."""
    asks = {slot.ask for slots in CONTENT.forms.values() for slot in slots if slot.ask}
    asks.add("utter_ask_consent")
    texts = []
    for name in sorted(asks):
        variants = CONTENT.domain.responses[name]
        chosen = [v for v in variants if "sms" in v.channels] or [
            v for v in variants if not v.channels
        ]
        texts.extend(v.text for v in chosen if "{" not in v.text)
    return texts


QUESTIONS = _questions()


def _turn(fiche: Fiche, question: str) -> list[BotUttered]:
    answer = FicheAnswer(
        fiche_id=fiche.id,
        title=fiche.title,
        short=fiche.short,
        long=fiche.long,
        short_source=fiche.short_source,
        sources=tuple(s.as_payload() for s in fiche.sources),
    )
    tracker = Tracker("sms-turn", [])
    tracker.update(UserUttered(text="une question", channel="sms"))
    tracker.update(ANSWERS._answer(answer, CTX))  # the answer as the action says it
    tracker.update(BotUttered(text=question, data={"response": "utter_resume_short"}))
    fit_sms_turn(tracker)
    return turn_messages(tracker)


def test_the_questions_are_read_from_the_content() -> None:
    assert len(QUESTIONS) >= 5
    assert any("commune" in q for q in QUESTIONS)


@pytest.mark.parametrize("fiche", FICHES, ids=[f.id for f in FICHES])
def test_the_answer_and_a_resumed_question_fit_two_sms(fiche: Fiche) -> None:
    for question in QUESTIONS:
        messages = _turn(fiche, question)
        assert fits_sms(messages), [m.text for m in messages]
        assert " Source : " in (messages[0].text or ""), "the answer lost its source"
