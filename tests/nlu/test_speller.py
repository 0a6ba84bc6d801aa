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
    speller = Speller.fit(["je veux de l'info", "vous avez un bus", "sont-ils ouverts"])
    assert speller.correct("je vex de l'ifo") == "je veux de l'info"
    assert speller.correct("ils ont un bus") == "ils ont un bus"  # "ont" is a word, not "sont"
    assert speller.correct("en MAS") == "en MAS"  # an acronym


def test_a_french_word_the_training_data_lacks_is_never_corrected() -> None:
    speller = Speller.fit(["je vais bien", "pour un soin", "le conseil", "c'est bon"])
    # each is one edit from a training word, and a word of its own
    assert speller.correct("le lien est loin") == "le lien est loin"
    assert speller.correct("POUR le BON CONSEIL") == "POUR le BON CONSEIL"
    assert speller.correct("ca a ete geré") == "ca a ete geré"
    # typos still are corrected, with or without accents
    assert speller.correct("je vias bein") == "je vais bien"
    assert speller.correct("un conseiil pour un soinn") == "un conseil pour un soin"


def test_protected_spans_are_left_as_written() -> None:
    speller = Speller.fit(["tous les jours", "je cherche"])
    text = "je cherhce à Mours"  # a commune the gazetteer found, one edit from "jours"
    assert speller.correct(text) == "je cherche à jours"
    assert speller.correct(text, [(text.index("Mours"), len(text))]) == "je cherche à Mours"


def test_the_french_word_list_is_the_installed_models() -> None:
    import numpy as np

    from nlu.french_words import (
        build_hashes,
        is_french_form,
        is_french_word,
        is_stop_word,
        load_tables,
    )

    stored = load_tables()  # `python -m nlu.french_words` writes it
    for name, array in build_hashes().items():
        assert np.array_equal(stored[name], array), name
    # invariable nouns and irregular forms are words ("temps", "mois", "prends")
    for word in ("géré", "gere", "PAYEES", "hospitalieres", "aux", "ont", "temps", "mois"):
        assert is_french_word(word), word
    for word in ("travial", "cherhce", "bonjuor", "vex", "jveux"):
        assert not is_french_word(word), word
    assert not is_french_form("travial") and not is_french_form("cherhce")
    assert is_stop_word("ONT") and is_stop_word("à") and not is_stop_word("pet")
    # forms the model's corpus never wrote, that the lemmatizer's rules and tables make
    for word in ("effacez", "annulez", "soignante", "prends", "agent", "éteins"):
        assert is_french_form(word), word


def test_accents_the_training_data_always_writes_come_back_for_the_encoder() -> None:
    speller = Speller.fit(["le réveil sonne", "la marche à pied", "le marché du samedi"])
    assert speller.correct("reveil a 7h") == "réveil a 7h"
    assert speller.correct("Reveil") == "Réveil"
    assert speller.correct("le marche") == "le marche"  # written both ways: two words
    assert speller.correct("REVEIL") == "RÉVEIL"


def _score(word: str) -> tuple[int, float]:
    """A stand-in for the tokenizer: listed words are one likely piece, others rare."""
    common = {"machine": -12.0, "travail": -11.0, "prix": -12.0, "pris": -10.0, "laver": -13.0}
    return (1, common[word]) if word in common else (3, -30.0)


def test_a_typo_of_a_french_word_the_training_data_lacks_is_read_as_that_word() -> None:
    speller = Speller.fit(["je veux jeter une vieille chose"])
    assert speller.correct("une mcahine", score=_score) == "une machine"
    assert speller.correct("une mcahine") == "une mcahine"  # without the tokenizer: as written
    assert speller.correct("du tarvail", score=_score) == "du travail"
    assert speller.correct("le prix", score=_score) == "le prix"  # one piece: a word
    assert speller.correct("à Mcahine", score=_score) == "à Mcahine"  # a name
    assert speller.correct("Mcahine à laver", score=_score) == "machine à laver"  # first word
    assert speller.correct("xcahine", score=_score) == "xcahine"  # the first letter is kept


def test_a_typo_of_a_form_the_models_corpus_never_wrote_is_corrected() -> None:
    speller = Speller.fit(["je veux changer mon billet"])

    def score(word: str) -> tuple[int, float]:
        return (2, -14.0) if word in {"annulez", "effacez"} else (3, -30.0)

    # imperatives in -ez: made by the lemmatizer's rules, not in its corpus's vocabulary
    assert speller.correct("anulez mon billet", score=score) == "annulez mon billet"
    assert speller.correct("effaecz tout", score=score) == "effacez tout"
    # a form the lemmatizer knows is never read as another word
    assert (
        speller.correct("soignante", score=lambda w: (3, -30.0 if w != "soignant" else -10.0))
        == "soignante"
    )


def test_a_long_message_looks_up_a_bounded_number_of_new_words() -> None:
    calls = []

    def score(word: str) -> tuple[int, float]:
        calls.append(word)
        return _score(word)

    speller = Speller.fit(["bonjour"])
    text = " ".join(f"mcahin{a}{b}" for a in "abcdefgh" for b in "abcdefgh")  # 64 new words
    speller.correct(text, score=score)
    assert 0 < len(set(calls) & set(text.split())) <= 20  # 20 new words looked up at most


def test_a_key_typed_twice_is_read_once() -> None:
    speller = Speller.fit(["je veux gagner ma vie", "c'est comment", "le salaire", "mon fils"])

    def far(word: str) -> tuple[int, float]:
        return (2, -20.0)  # no likelihood says anything: the doubled key alone decides

    # a training word with one letter twice: that word, not another one edit away
    assert speller.correct("gagnner plus") == "gagner plus"
    assert speller.correct("mes fills") == "mes fils"
    # a French word the data lacks: not a training word one other edit away ...
    assert speller.correct("en ce momment") == "en ce momment"
    # ... but that word, for the encoder, whatever the tokenizer's pieces
    assert speller.correct("en ce momment", score=far) == "en ce moment"
    assert speller.correct("le bullletin de salaire", score=far) == "le bulletin de salaire"
    assert speller.correct("c'est duurer longtemps", score=far) == "c'est durer longtemps"
    # real words with their own doubles stay, and so does a word no dedoubling makes French
    assert speller.correct("le salaire est correct", score=far) == "le salaire est correct"
    assert speller.correct("zzzz", score=far) == "zzzz"
    # the accents as written
    assert speller.correct("je viens de déménaager", score=far) == "je viens de déménager"
