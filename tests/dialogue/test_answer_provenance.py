"""What a candidate reads under a knowledge answer: when it was checked, and from where."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.dialogue.actions.knowledge import AnswerQuestion, long_answer, sources_payload
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.services import FicheAnswer, KnowledgeResult, Services, TurnContext
from bot.dialogue.tracker import Tracker
from knowledge.platforms import load_directory

PAGE = {
    "title": "Financer son permis de conduire",
    "url": "https://www.service-public.fr/particuliers/vosdroits/F1719",
    "date": "2026-04-01",
    "publisher": "Service-public.fr",
    "verified": "2026-12-04",
}


def _fiche(**changes: object) -> FicheAnswer:
    values: dict[str, object] = {
        "fiche_id": "aide-permis-b",
        "title": "Financer le permis B",
        "short": "Le permis B se finance surtout par le CPF.",
        "long": "Le permis B se finance surtout par le compte personnel de formation.",
        "short_source": "Service-public.fr, 2026",
        "sources": (PAGE,),
        "verified": date(2026, 12, 4),
    }
    values.update(changes)
    return FicheAnswer(**values)  # type: ignore[arg-type]


def _say(fiche: FicheAnswer) -> BotUttered:
    ctx = TurnContext(channel="rest", now=datetime(2026, 12, 5, tzinfo=UTC), services=Services())
    event = long_answer(Content.load(), fiche, ctx)
    assert isinstance(event, BotUttered)
    return event


def test_the_long_answer_says_when_it_was_checked_and_names_the_page() -> None:
    text = _say(_fiche()).text or ""
    assert "Information vérifiée le 4 décembre 2026." in text
    page = "Service-public.fr, « Financer son permis de conduire », 1er avril 2026"
    assert f"Source : {page}." in text


def test_a_fiche_past_its_review_date_is_not_presented_as_current() -> None:
    event = _say(_fiche(needs_review=True))
    assert "elle a pu changer depuis" in (event.text or "")
    assert "/human_handoff" in [button["payload"] for button in event.data["buttons"]]


def test_a_never_checked_fiche_says_so_and_offers_a_counsellor() -> None:
    event = _say(_fiche(verified=None, needs_review=True))
    assert "n'a pas encore été vérifiée" in (event.text or "")
    assert "Information vérifiée" not in (event.text or "")


def test_the_custom_payload_keeps_title_url_date_and_adds_publisher() -> None:
    payload = sources_payload(_fiche())
    assert payload == {"fiche": "aide-permis-b", "sources": [PAGE]}


class _OneFiche:
    """The knowledge base seen by the dialogue, answering every question with one fiche."""

    def __init__(self, fiche: FicheAnswer) -> None:
        self._fiche = fiche

    def answer(self, query: str, *, jobs: list[str], embedding: object = None) -> KnowledgeResult:
        return KnowledgeResult(self._fiche)

    def fiche(self, fiche_id: str) -> FicheAnswer | None:
        return self._fiche


async def _ask_where(text: str, departement: str) -> list[str]:
    where = _fiche(fiche_id="plateformes-ou-trouver", topics=("plateforme", "annuaire"))
    services = Services(knowledge=_OneFiche(where), directory=load_directory())
    ctx = TurnContext(channel="rest", now=datetime(2026, 12, 5, tzinfo=UTC), services=services)
    location = {"entity": "location", "value": departement, "departement": departement}
    message = UserUttered(
        text=text, parse_data={"intent": {"name": "question"}, "entities": [location]}
    )
    tracker = Tracker("t", ["last_fiche", "fallbacks", "departement", "jobs"])
    tracker.update(message)
    events = await AnswerQuestion(Content.load()).run(tracker, ctx)
    return [event.text or "" for event in events if isinstance(event, BotUttered)]


async def test_a_departement_without_a_known_platform_is_told_so_and_sent_to_france_travail() -> (
    None
):
    texts = await _ask_where("y a une plateforme dans le 44 ?", "44")
    # the directory's answer alone: the fiche's "give me your département" is answered
    assert len(texts) == 1
    assert "Je ne connais pas de plateforme" in texts[0] and "3949" in texts[0]
    assert "(Loire-Atlantique, 44)" in texts[0]  # the département named, not its number alone


async def test_a_departement_with_a_known_platform_gets_its_name_and_public_source() -> None:
    texts = await _ask_where("une plateforme en gironde ?", "33")
    assert len(texts) == 1 and "BAAM" in texts[0]
    assert "Source : Département de la Gironde (gironde.fr), 2026" in texts[0]
    assert "DÉMO" not in texts[0]


async def test_the_directory_names_platforms_known_from_public_pages_beyond_two() -> None:
    """Pas-de-Calais and Haute-Garonne have platforms known from their Département's own
    pages; the directory knew only the Gironde and the Finistère."""
    texts = await _ask_where("y a une plateforme dans le pas de calais ?", "62")
    assert "Professions Autonomie 62" in texts[0]
    assert "Source : Département du Pas-de-Calais (pasdecalais.fr), 2024" in texts[0]
    texts = await _ask_where("plateforme autonomie 31", "31")
    assert "Plateforme Autonomie 31" in texts[0] and "haute-garonne.fr" in texts[0]
