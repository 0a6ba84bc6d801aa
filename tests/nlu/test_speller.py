"""One-edit typo correction against the training vocabulary (nlu.speller)."""

from nlu.speller import Speller
from nlu.text import SMS_WORDS


def test_typos_of_training_words_are_corrected_and_the_rest_kept() -> None:
    speller = Speller.fit(
        ["je cherche du travail", "je veux annuler mon inscription"], keep=SMS_WORDS
    )
    assert speller.correct("je cherhce du travial") == "je cherche du travail"  # swaps
    assert speller.correct("annuller mon inscrption") == "annuler mon inscription"  # +1 / -1
    assert speller.correct("CHERCHE") == "CHERCHE"  # a known word, whatever its case
    assert speller.correct("je chreche") == "je cherche"
    assert speller.correct("jveux un vélo") == "jveux un vélo"  # SMS words and far words stay
    assert speller.correct("") == ""


def test_a_speller_survives_pickling() -> None:
    import pickle

    speller = pickle.loads(pickle.dumps(Speller.fit(["bonjour madame"])))
    assert speller.correct("bonjuor") == "bonjour"


def test_a_dropped_letter_of_a_short_word_comes_back_but_real_short_words_stay() -> None:
    from nlu.entities import short_words

    speller = Speller.fit(["je veux de l'info", "vous avez un bus", "sont-ils ouverts"])
    speller.keep |= short_words(speller.short_candidates())
    assert speller.correct("je vex de l'ifo") == "je veux de l'info"
    assert speller.correct("ils ont un bus") == "ils ont un bus"  # "ont" is a word, not "sont"
    assert speller.correct("en MAS") == "en MAS"  # an acronym
