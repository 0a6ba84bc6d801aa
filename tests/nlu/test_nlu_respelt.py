"""Entities a typo hid are read once the speller corrected the message (nlu.respelt)."""

from __future__ import annotations

from typing import Any

from nlu.pipeline import NLUPipeline

from .conftest import TODAY


def _facts(nlu: NLUPipeline, text: str) -> dict[str, tuple[Any, str]]:
    return {e["entity"]: (e["value"], e["text"]) for e in nlu.parse(text, today=TODAY).entities}


def test_a_misspelt_diploma_and_licence_are_read_on_the_words_as_written(
    nlu: NLUPipeline,
) -> None:
    facts = _facts(nlu, "titulaire d'un bac pro asssp, et j'ai aussi mon permiss")
    assert facts["diploma"] == ("bac_pro_assp", "bac pro asssp")
    assert facts["driving_licence"][0] == "true"
    assert facts["driving_licence"][1].endswith("permiss")


def test_a_typo_elsewhere_changes_no_entity_and_keeps_the_places(nlu: NLUPipeline) -> None:
    written = _facts(nlu, "j'habite à Tours, j'ai un CAP petite enfance")
    misspelt = _facts(nlu, "j'habitte à Tours, j'ai un CAP petite enfance")
    assert misspelt == written
    assert written["location"][1] == "Tours"
    assert written["diploma"][0] == "cap_aepe"


def test_a_one_word_typo_of_a_training_word_is_that_word_not_a_village(
    nlu: NLUPipeline,
) -> None:
    # "merki" is one edit from "merci" and from the village Merri: a thank-you, not a place
    thanks = nlu.parse("merki", today=TODAY)
    assert thanks.intent == "thank"
    assert not thanks.entities
    # a misspelt town after a cue, or alone when no training word is that close, stays one
    assert _facts(nlu, "j'habite amien")["location"][0] == "Amiens"
    assert _facts(nlu, "beauvai")["location"][0] == "Beauvais"
