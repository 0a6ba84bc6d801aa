"""The one-edit typo test shared by the NLU's speller and the dialogue's key words."""

from __future__ import annotations

import pytest

from vocab.text import OneEditIndex, mend_words, one_edit


@pytest.mark.parametrize(
    ("typed", "word", "near"),
    [
        ("hoaire", "horaire", True),  # a letter missing
        ("horraire", "horaire", True),  # a letter added
        ("horaure", "horaire", True),  # a letter changed
        ("hroaire", "horaire", True),  # two neighbours swapped
        ("horaire", "horaire", False),  # the word itself is no typo
        ("hraiore", "horaire", False),  # two edits
        ("horai", "horaire", False),
    ],
)
def test_one_edit(typed: str, word: str, near: bool) -> None:
    assert one_edit(typed, word) is near
    assert one_edit(word, typed) is near


_KEYS = frozenset({"combien", "jour", "salle", "lequel", "mieux"})


@pytest.mark.parametrize(
    ("folded", "mended"),
    [
        ("dans qelle sallle ?", "dans qelle salle ?"),
        ("ca coute conbien", "ca coute combien"),
        ("l'equel est le mieu", "l'equel est le mieux"),
        ("leqeul est mieux", "lequel est mieux"),
        # another first letter, a word too short, a key word itself or its plural: kept
        ("pour quel jour", "pour quel jour"),
        ("les jours", "les jours"),
        ("le jo", "le jo"),
        ("la salle des fetes", "la salle des fetes"),
    ],
)
def test_words_one_edit_from_a_key_word_are_read_as_it(folded: str, mended: str) -> None:
    assert mend_words(folded, _KEYS) == mended


def test_the_index_finds_the_words_one_edit_from_a_typo_and_no_others() -> None:
    index = OneEditIndex(["travail", "travaux", "horaire", "veux", "deux"])
    assert index.near("travial") == {"travail"}  # two neighbours swapped
    assert index.near("travaul") == {"travail", "travaux"}  # one letter from each
    assert index.near("horaire") == set()  # a word is no typo of itself
    assert index.near("hraires") == set()  # two edits
    assert index.lengthened("vex") == {"veux"}  # a letter dropped
    assert index.lengthened("eux") == {"deux", "veux"}


def test_a_word_the_dictionary_knows_is_never_mended() -> None:
    """ "quel lien ?" was read as "quel lieu ?": a word spelt right is no typo."""
    spelt = frozenset({"lien", "vide", "quel"}).__contains__
    assert mend_words("quel lien", {"lieu"}) == "quel lieu"  # without a dictionary
    assert mend_words("quel lien", {"lieu"}, spelt) == "quel lien"
    assert mend_words("le plus vide", {"vite"}, spelt) == "le plus vide"
    assert mend_words("il reste des palces", {"places"}, spelt) == "il reste des places"
