"""Answers from the knowledge base: a fiche's short answer with its source,
its long answer on "en savoir plus", or an honest abstention."""

from __future__ import annotations

from typing import Any

from bot.dialogue.actions.base import Speaks, say, set_slots
from bot.dialogue.answers import yes_or_no
from bot.dialogue.content import Content
from bot.dialogue.ellipsis import job_switch
from bot.dialogue.events import BotUttered, Event, UserUttered
from bot.dialogue.formatting import french_full_date, french_page_date
from bot.dialogue.intents import PERSONAL_FACTS
from bot.dialogue.questions import asks, question_start
from bot.dialogue.regions import Region, region_named
from bot.dialogue.services import FicheAnswer, Knowledge, KnowledgeResult, TurnContext
from bot.dialogue.smsbudget import fits_sms, previous_turn_messages
from bot.dialogue.subject import SCHEMES, about_subject, immersion_requested, subject_at_hand
from bot.dialogue.topics import question_clauses
from bot.dialogue.tracker import Tracker
from channels.messages import Button
from vocab.departements import DEPARTEMENTS

__all__ = [
    "AnswerQuestion",
    "MoreDetails",
    "context_jobs",
]

RECENT_MESSAGES = 4
#: a question clause shorter than this is not searched alone ("et ça ?")
MIN_CLAUSE = 12


def context_jobs(tracker: Tracker, window: int = RECENT_MESSAGES) -> list[str]:
    """Jobs the conversation is about: named now, else in the profile, else in the
    person's `window` latest messages."""
    recent = [e for e in tracker.events if isinstance(e, UserUttered)][-window:]
    if recent and (named := _jobs_named(recent[-1])):
        return named
    if tracker.get_slot("jobs"):
        return list(tracker.get_slot("jobs"))
    for message in reversed(recent[:-1]):
        if named := _jobs_named(message):
            return named
    return []


def _jobs_named(message: UserUttered) -> list[str]:
    named = [
        str(e["value"]) for e in message.parse_data.get("entities", []) if e.get("entity") == "job"
    ]
    return list(dict.fromkeys(named))


def _just_answered(tracker: Tracker, fiche_id: str) -> bool:
    """The assistant's previous turn gave this fiche's short answer."""
    return any(
        m.data.get("response") == "utter_answer"
        and (m.data.get("custom") or {}).get("fiche") == fiche_id
        for m in previous_turn_messages(tracker)
    )


def sources_payload(fiche: FicheAnswer) -> dict[str, Any]:
    """`custom` of a knowledge answer: {"fiche", "sources": [{title, url?, date, ...}]}."""
    return {"fiche": fiche.fiche_id, "sources": [dict(source) for source in fiche.sources]}


class AnswerQuestion(Speaks):
    name = "action_answer_question"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        knowledge = ctx.services.knowledge
        message = tracker.latest_message
        if knowledge is None or message is None:
            return [say(self._content, "utter_kb_abstain", ctx)]
        asked = _entity(message, "fiche")
        if asked:  # "en savoir plus" button: /question{"fiche": "id"}
            fiche = knowledge.fiche(asked)
            if fiche is None:
                return [say(self._content, "utter_kb_abstain", ctx)]
            return [
                *set_slots(tracker, last_fiche=fiche.fiche_id),
                long_answer(self._content, fiche, ctx),
            ]
        jobs = context_jobs(tracker)
        both = _two_topics(knowledge, message.text, jobs)
        if both:
            return [
                *set_slots(tracker, last_fiche=both[0].fiche_id, fallbacks=0),
                *self._two(both, ctx),
            ]
        # "et pour aide-soignante ?" after the pay of a home help: the same question asked
        # of that job, or declined (never a fiche off the topic)
        switched = job_switch(tracker)
        if switched is not None:
            result = knowledge.answer(switched[0], jobs=switched[1])
        else:
            result = _search(knowledge, message, jobs, ctx)
        subject = subject_at_hand(tracker, knowledge)
        if subject is not None:
            result = about_subject(
                knowledge, message, result, subject, requested=immersion_requested(tracker)
            )
        if result.answer is None:
            suggestions = [
                Button(f.title, f'/question{{"fiche": "{f.fiche_id}"}}')
                for f in result.suggestions[:2]
            ]
            return [say(self._content, "utter_kb_abstain", ctx, buttons=suggestions)]
        fiche = result.answer
        if switched is None and _just_answered(tracker, fiche.fiche_id):
            # the same question again in other words: the same answer would be a loop
            return [
                *set_slots(tracker, fallbacks=0),
                say(
                    self._content,
                    "utter_answer_again",
                    ctx,
                    custom={"fiche": fiche.fiche_id},  # its sources were given just before
                    fiche=fiche.fiche_id,
                ),
            ]
        # the platforms of the département known replace the fiche's "which département?"
        here = self._platforms_here(fiche, message, tracker, ctx)
        return [
            *set_slots(tracker, last_fiche=fiche.fiche_id, fallbacks=0),
            *(here or [self._answer(fiche, ctx)]),
        ]

    def _answer(self, fiche: FicheAnswer, ctx: TurnContext) -> BotUttered:
        """The fiche's short answer with its source (and the sources in `custom`)."""
        return say(
            self._content,
            "utter_answer",
            ctx,
            custom=sources_payload(fiche),
            answer=fiche.short,
            source=fiche.short_source,
            fiche=fiche.fiche_id,
        )

    def _two(self, fiches: list[FicheAnswer], ctx: TurnContext) -> list[Event]:
        """Both short answers, or, when they would not fit an SMS, the first one and the
        second offered next (one tap: its fiche), so neither question goes unanswered."""
        answers = [self._answer(fiche, ctx) for fiche in fiches]
        if ctx.channel != "sms" or fits_sms(answers):
            return list(answers)
        second = fiches[1]
        next_one = Button(second.title, f'/question{{"fiche": "{second.fiche_id}"}}')
        return [answers[0], say(self._content, "utter_kb_second_next", ctx, buttons=[next_one])]

    def _platforms_here(
        self, fiche: FicheAnswer, message: UserUttered, tracker: Tracker, ctx: TurnContext
    ) -> list[Event]:
        """For a fiche about where platforms are (topic `annuaire`): the platforms the
        directory knows in the département named now or known from the profile, or that
        it knows none there (with the fiche's sources: not every département has one)."""
        directory = ctx.services.directory
        named = _departement(message)
        if directory is None or "annuaire" not in fiche.topics:
            return []
        if not named and (region := region_named(message.text)) is not None:
            return self._platforms_in_region(fiche, region, ctx)
        departement = named or tracker.get_slot("departement")
        if not departement:
            return []
        found = directory.in_departement(str(departement))
        name = DEPARTEMENTS.get(str(departement), "")
        departement = f"{name}, {departement}" if name else departement  # "Nord, 59"
        if not found:
            return [
                say(
                    self._content,
                    "utter_platform_unknown",
                    ctx,
                    custom=sources_payload(fiche),
                    departement=departement,
                )
            ]
        names = ", ".join(platform.name for platform in found)
        first = found[0].source
        return [
            say(
                self._content,
                "utter_platform_known",
                ctx,
                custom={"fiche": fiche.fiche_id, "sources": [first.as_payload()]},
                departement=departement,
                platforms=names,
                source=f"{first.publisher}, {first.year}",
            )
        ]

    def _platforms_in_region(
        self, fiche: FicheAnswer, region: Region, ctx: TurnContext
    ) -> list[Event]:
        """A region named ("y a une plateforme en Bretagne ?"): the platforms the directory
        knows in its départements, each with its département, or that it knows none there."""
        found = [
            (platform, code)
            for code in region.departements
            for platform in ctx.services.directory.in_departement(code)
        ]
        if not found:
            return [
                say(
                    self._content,
                    "utter_platform_unknown_region",
                    ctx,
                    custom=sources_payload(fiche),
                    region=region.name,
                )
            ]
        names = ", ".join(f"{p.name} ({DEPARTEMENTS.get(code, code)})" for p, code in found)
        first = found[0][0].source
        return [
            say(
                self._content,
                "utter_platform_known_region",
                ctx,
                custom={"fiche": fiche.fiche_id, "sources": [first.as_payload()]},
                region=region.name,
                platforms=names,
                source=f"{first.publisher}, {first.year}",
            )
        ]


class MoreDetails(Speaks):
    """ "en savoir plus" typed as text: the long answer of the latest fiche."""

    name = "action_more_details"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        knowledge = ctx.services.knowledge
        fiche_id = tracker.get_slot("last_fiche")
        fiche = knowledge.fiche(fiche_id) if knowledge and fiche_id else None
        if fiche is None:
            return [say(self._content, "utter_help", ctx)]
        return [long_answer(self._content, fiche, ctx)]


def long_answer(content: Content, fiche: FicheAnswer, ctx: TurnContext) -> Event:
    """The long answer, with the date its facts were checked and its source; a fiche past
    its review date says it may have changed and offers a counsellor."""
    if fiche.verified is None:
        response = "utter_answer_long_unverified"
    elif fiche.needs_review:
        response = "utter_answer_long_to_review"
    else:
        response = "utter_answer_long"
    return say(
        content,
        response,
        ctx,
        custom=sources_payload(fiche),
        answer=fiche.long,
        verified=french_full_date(fiche.verified) if fiche.verified else "",
        source=long_source(fiche),
    )


def long_source(fiche: FicheAnswer) -> str:
    """ "Service-public.fr, « Financer son permis de conduire », avril 2026" (two at most)."""
    parts = []
    for source in fiche.sources[:2]:
        publisher, title = source.get("publisher"), source.get("title")
        named = f"{publisher}, « {title} »" if publisher and title != publisher else str(title)
        parts.append(f"{named}, {french_page_date(str(source.get('date', '')))}")
    return " ; ".join(parts) or fiche.short_source


def _two_topics(knowledge: Knowledge, text: str, jobs: list[str]) -> list[FicheAnswer]:
    """Two fiches when the message asks two questions (bot/dialogue/topics.py) that
    different fiches answer with confidence; [] otherwise. A later clause that names
    no topic of its own is asked of the scheme the first answer is about ("c'est payé
    une immersion ? et ça dure combien de temps ?": the immersion's length)."""
    found: dict[str, FicheAnswer] = {}
    subject: str | None = None
    for clause in question_clauses(text or ""):
        result = knowledge.answer(clause, jobs=jobs)
        if subject is not None:
            result = about_subject(knowledge, UserUttered(text=clause), result, subject)
        if result.answer is None:
            continue
        found.setdefault(result.answer.fiche_id, result.answer)
        if subject is None and result.answer.topics and result.answer.topics[0] in SCHEMES:
            subject = result.answer.topics[0]
    return list(found.values())[:2] if len(found) >= 2 else []


def _search(
    knowledge: Knowledge, message: UserUttered, jobs: list[str], ctx: TurnContext
) -> KnowledgeResult:
    """The fiche for the message's question. When facts come before the question ("je
    suis à Lille avec deux enfants, et la VAE c'est quoi ?"), the question's own clause,
    the whole message, and the clause with the sentence just before it are searched and
    the surest answer is kept: the facts may pull the search off the question, or be
    what it is about ("je suis dans le 47, y a une plateforme ?" is asked of the
    département), and a short question needs the sentence it follows ("… j'aimerais
    devenir AES. Par où commencer ?"). After a bare yes or no (an answer
    to the question pending: "non, pas de RQTH. et le DEAES c'est quoi ?"), the clause
    alone, the answer's topic is not the question's. Otherwise the whole message, and
    its clause when that abstains."""
    text = message.text
    start = question_start(text) or 0
    clause = text[start:].strip() if start else ""
    if len(clause) < MIN_CLAUSE:
        return knowledge.answer(text, jobs=jobs, embedding=ctx.embedding)
    facts_first = any(
        e.get("entity") in PERSONAL_FACTS and int(e.get("end") or 0) <= start
        for e in message.parse_data.get("entities", [])
    )
    if not facts_first and yes_or_no(text[:start], None, []) is not None:
        alone = knowledge.answer(clause, jobs=jobs)
        if alone.answer is not None:
            return alone
    if facts_first:
        readings = [
            knowledge.answer(text, jobs=jobs, embedding=ctx.embedding),
            knowledge.answer(clause, jobs=jobs),
        ]
        if (sentence := _sentence_before(text, start)) is not None:
            # "… j'habite à Lens et j'aimerais devenir AES. Par où commencer ?": the
            # question needs the sentence it follows, not the facts before that
            readings.append(knowledge.answer(f"{sentence} {clause}", jobs=jobs))
        return _surest(readings)
    result = knowledge.answer(text, jobs=jobs, embedding=ctx.embedding)
    return result if result.answer is not None else knowledge.answer(_asked_part(clause), jobs=jobs)


def _asked_part(clause: str) -> str:
    """The question clause without what follows its last "?" when that asks nothing
    ("... ce métier ? Désolée si je ne suis pas claire.")."""
    last = clause.rfind("?")
    return clause if last < 0 or asks(clause[last + 1 :]) else clause[: last + 1]


def _surest(readings: list[KnowledgeResult]) -> KnowledgeResult:
    """The reading of the question the others agree with, then the surest: each
    reading supports the fiche it answers with, or, abstaining, the closest fiche it
    names. Confidences of readings this close are no vote ("Comment je m'y prends ?"
    alone drew the VAE procedure a shade surer than its reading with "je voudrais
    devenir AES", which the whole message also pointed to)."""
    votes: dict[str, int] = {}
    for reading in readings:
        best = reading.answer or next(iter(reading.suggestions), None)
        if best is not None:
            votes[best.fiche_id] = votes.get(best.fiche_id, 0) + 1
    answered = [(r, r.answer.fiche_id) for r in readings if r.answer is not None]
    if not answered:
        return readings[0]
    return max(answered, key=lambda pair: (votes[pair[1]], pair[0].confidence))[0]


def _sentence_before(text: str, start: int) -> str | None:
    """The sentence (or the comma-separated clause) just before the question clause,
    when there is more before it (a sole one is the whole message's beginning: None)."""
    before = text[:start].rstrip(" ,.")
    cut = max(before.rfind(mark) for mark in ".!?;,\n")
    sentence = before[cut + 1 :].strip()
    return sentence if cut >= 0 and len(sentence) >= MIN_CLAUSE else None


def _departement(message: UserUttered) -> str | None:
    for entity in message.parse_data.get("entities", []):
        if entity.get("entity") == "location" and entity.get("departement"):
            return str(entity["departement"])
    return None


def _entity(message: UserUttered, name: str) -> str | None:
    for entity in message.parse_data.get("entities", []):
        if entity.get("entity") == name:
            return str(entity.get("value"))
    return None
