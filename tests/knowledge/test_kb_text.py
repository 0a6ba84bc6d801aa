from typing import Any

import pytest

from knowledge.text import Normalizer, fold, light_stem, load_lexicon


def normalizer() -> Normalizer:
    return Normalizer(load_lexicon())


def _facets(n: Normalizer, text: str) -> list[str]:
    """The facets a question names, as the retriever reads them."""
    return n.canonical_facets(n.canonical(text))


def test_fold_and_stem() -> None:
    assert fold("L'Aide-Soignante diplômée d'État !") == "l aide soignante diplomee d etat"
    assert light_stem("aides") == light_stem("aide") == "aide"
    assert light_stem("formations") == light_stem("formation")
    assert light_stem("médicaux".replace("é", "e")) == "medical"


def test_sms_and_acronyms_are_expanded() -> None:
    n = normalizer()
    assert n.tokens("jpeux faire une immersion") == n.tokens("je peux faire une immersion")
    assert n.tokens("c koi la VAE") == n.tokens("c'est quoi la vae")
    assert n.tokens("salaire AS") == n.tokens("salaire aide-soignante")
    assert n.tokens("formation tisf") == n.tokens("formation TISF")
    assert n.tokens("pr les enfants") == n.tokens("pour les enfants")


def test_lowercase_or_shouted_short_acronyms_stay_words() -> None:
    n = normalizer()
    assert n.jobs("tu as le bac ?") == []
    assert n.jobs("TU AS LE BAC ?") == []
    assert n.jobs("je suis AS en EHPAD") == ["aide_soignant"]


def test_jobs_named_in_a_question() -> None:
    n = normalizer()
    assert n.jobs("formation d'accompagnant éducatif et social") == ["aes"]
    assert n.jobs("l'AES et l'ADVF") == ["advf", "aes"]
    assert n.jobs("devenir infirmière") == ["infirmier"]
    assert n.jobs("c'est quoi la formation ?") == []
    assert n.without_jobs("combien dure la formation AES") == "combien dure la formation"


def test_bad_inputs_do_not_raise() -> None:
    n = normalizer()
    for text in ["", "   ", "?!", "x" * 5000, "مرحبا", "😀😀", "\x00\x1f"]:
        assert isinstance(n.tokens(text), list)
        assert isinstance(n.jobs(text), list)


def test_a_departement_named_after_a_preposition_reads_as_departement() -> None:
    normalizer = Normalizer(load_lexicon())
    assert "departement" in normalizer.canonical("y a une plateforme dans le 44 ?").split()
    assert "departement" in normalizer.canonical("j'habite en Gironde").split()
    assert "departement" in normalizer.canonical("dans le Nord c'est possible ?").split()
    assert "departement" not in normalizer.canonical("rendez-vous le 15 mars").split()
    assert "departement" not in normalizer.canonical("c'est cher la formation ?").split()
    assert "departement" in normalizer.canonical("une plateforme en Bretagne ?").split()


@pytest.mark.parametrize(
    ("text", "word", "read"),
    [
        # a bare code at the start or end, or after "du", "le", "département", is a place
        ("59 vous avez une antenne ?", "departement", True),
        ("une plateforme des metiers autonomie 31", "departement", True),
        ("je suis du 974, y a quelqu'un ?", "departement", True),
        ("département 76, c'est possible ?", "departement", True),
        ("chez moi c'est le 29", "departement", True),
        # a quantity, a date, an age at the end are numbers
        ("35 heures par semaine", "departement", False),
        ("rendez-vous le 15 mars", "departement", False),
        ("du 12 au 14 mai", "departement", False),
        ("la mission locale c'est pour les 16-25 ans", "departement", False),
        ("j'ai 45", "departement", False),
        ("entre 16 et 25", "departement", False),
        ("la loi du 24 octobre 2025", "departement", False),
        # "l'age" in lower case is the childcare aid unless the message speaks of an age
        ("l'age ça se demande quand", "garde", True),
        ("le plafond de l age pour 2 enfants", "garde", True),
        ("l'âge pour la formation", "garde", False),
        ("l'age limite pour une formation", "garde", False),
        ("a l age de 50 ans on peut encore ?", "garde", False),
        ("l'age maximum en apprentissage", "garde", False),
    ],
)
def test_a_bare_code_or_a_lowercase_acronym_reads_by_its_context(
    text: str, word: str, read: bool
) -> None:
    assert (word in Normalizer(load_lexicon()).canonical(text).split()) is read


def test_a_town_after_a_preposition_reads_as_a_place_but_a_word_is_kept() -> None:
    """A town is a word no fiche has: "je suis à Roubaix" must not read as a question out
    of the domain; it says where the person is, as "dans le 59" does. A town whose name
    is a French word stays a word, and so does "à la garde" (the AGE, not La Garde)."""
    normalizer = Normalizer(load_lexicon())
    assert normalizer.canonical("jsuis a Roubaix vous avez une adresse ?").split() == [
        "je", "suis", "departement", "vous", "avez", "une", "adresse",
    ]  # fmt: skip
    assert "clermont" not in normalizer.canonical("j'habite Clermont-Ferrand")
    assert "lyon" not in normalizer.canonical("une formation près de Lyon")
    assert "orange" in normalizer.canonical("ma fille a orange mon agenda")
    assert "tours" in normalizer.canonical("on travaille a tours de role")
    assert "garde" in normalizer.canonical("l'aide a la garde d'enfants c'est pour qui")


def test_an_overseas_place_reads_as_a_place_with_or_without_a_preposition() -> None:
    """ "plateforme martinique", "je vis à la Réunion": a DROM is a place even without
    "en"/"dans"; a meeting ("la réunion d'information", "la réunion est à 10 h") is not."""
    normalizer = Normalizer(load_lexicon())
    for text in ("plateforme autonomie martinique", "je vis a la Réunion", "à Mayotte ?"):
        assert "departement" in normalizer.canonical(text).split(), text
    for text in ("je vais à la réunion d'information", "la réunion est à 10 h"):
        assert "departement" not in normalizer.canonical(text).split(), text
    long = "à la réunion " * 200 + "martinique"
    assert "departement" in normalizer.canonical(long)  # capped input, no blow-up


def test_when_a_session_starts_is_asked_of_the_admission_fiches_not_history() -> None:
    """ "La formation commence quand ?" asks for a date to come (the admission fiches say
    who sets it); "ça a commencé quand ?" asks for history."""
    normalizer = Normalizer(load_lexicon())
    facets = normalizer.canonical_facets(normalizer.canonical("la formation AES commence quand"))
    assert "calendrier" in facets and "local" not in facets
    past = normalizer.canonical_facets(normalizer.canonical("ça a commencé quand ce programme"))
    assert "historique" in past and "calendrier" not in past
    assert normalizer.lexicon.required_facets >= {"calendrier", "local"}
    admission = normalizer.fiche_facets(["formation", "admission"])
    history = normalizer.fiche_facets(["plateforme", "programme", "chiffres"])
    assert "calendrier" in admission and "historique" in history


def test_the_character_ngram_channel_scores_like_scikit_learn() -> None:
    """The index's character n-gram cosines, computed with numpy, equal scikit-learn's
    TfidfVectorizer (which the serving process no longer imports)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from knowledge.fiches import load_fiches
    from knowledge.lexical import CharNgrams

    texts = [f"{f.title} {f.short} {f.long}" for f in load_fiches()]
    queries = ["combien gagne une aide-soignante", "formation AES", "zzz", "", texts[0][:80]]
    reference = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
    )
    matrix = reference.fit_transform(texts).T.tocsr()
    expected = (reference.transform(queries) @ matrix).toarray()
    assert np.allclose(CharNgrams(texts).scores(queries), expected, atol=1e-6)


def test_bm25_scores_are_the_okapi_formula() -> None:
    import math

    import numpy as np

    from knowledge.lexical import BM25

    docs = [["aide", "soignant", "salaire"], ["aide", "domicile"], ["formation"] * 3 + ["aide"], []]
    bm25 = BM25(docs)
    avgdl = sum(map(len, docs)) / len(docs)
    query = ["aide", "salaire", "inconnu", "aide"]
    expected = []
    for doc in docs:
        score = 0.0
        for term in set(query):
            df = sum(term in d for d in docs)
            tf = doc.count(term)
            if not df or not tf:
                continue
            idf = math.log1p((len(docs) - df + 0.5) / (df + 0.5))
            score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(doc) / avgdl))
        expected.append(score)
    assert np.allclose(bm25.scores(query), expected, rtol=1e-5)
    coverage = bm25.document_coverage(query)
    assert coverage[0] > 0 and coverage[3] == 0 and coverage.max() <= 1.0 + 1e-6


def test_facets_name_what_a_question_is_about() -> None:
    n = normalizer()

    assert "salaire" in _facets(n, "c cb la paye d'une AS")
    assert "immersion" in _facets(n, "je voudrais faire une PMSMP")
    assert "garde_enfants" in _facets(n, "qui garde mes gosses pendant la formation")
    assert _facets(n, "j'habite Nantes, y a des formations près de chez moi ?") == [
        "adresse",  # the town says where the person is
        "formation",
        "local",
    ]
    assert "local" in _facets(n, "ou est la plateforme la plus proche")
    # a job's name is no facet: "une aide à domicile" is a job, not an aid
    assert _facets(n, "je veux devenir aide à domicile") == []
    # what kind of answer is wanted: a definition, the steps, a duration, an amount
    assert _facets(n, "c'est quoi la VAE") == ["definition", "vae"]
    assert _facets(n, "comment je fais pour demander une PMSMP") == ["demarche", "immersion"]
    assert _facets(n, "l'immersion peut durer combien de temps") == ["duree", "immersion"]
    assert "montant" in _facets(n, "l'aide pour la garde c'est combien par mois")
    assert "comparaison" in _facets(n, "AES ou aide-soignant, lequel choisir")
    # where (a département named reads as "departement"), how many
    assert "adresse" in _facets(n, "il existe une plateforme dans le Finistère ?")
    assert "nombre" in _facets(n, "y en a combien en tout, de ces plateformes")
    # candidates' words for what the fiches say otherwise
    assert "renouveler" in n.canonical("on peut prolonger le stage ?")
    assert "parent seul" in n.canonical("je suis maman solo avec 2 enfants")
    # a particular school or session now is local: only its staff or a counsellor knows
    assert "local" in _facets(n, "l'IFAS de Quimper a encore des places ?")


def test_fiche_topics_give_the_facets_a_fiche_answers() -> None:
    n = normalizer()
    assert n.fiche_facets(("plateforme", "annuaire")) >= {"plateforme", "local"}
    assert "local" not in n.fiche_facets(("formation", "diplome"))
    assert n.fiche_facets(()) == frozenset()
    assert {"local", "retraite", "primes", "conges", "interim"} <= n.lexicon.required_facets


def test_topics_no_fiche_answers_are_required_facets_of_no_fiche() -> None:
    """Employment-law questions (leave, retirement, bonuses, temping...) name a facet no
    fiche's topics answer, so the nearest fiche is never given for them."""
    from knowledge.fiches import default_fiches_dir, load_fiches

    n = normalizer()

    assert "retraite" in _facets(n, "a quel age une auxiliaire de vie part a la retraite")
    assert "primes" in _facets(n, "le Ségur c'est combien par mois pour une AES")
    assert "interim" in _facets(n, "je voudrais bosser en interim comme ASH")
    assert "conges" in _facets(n, "combien de jours de congés par an en ehpad")
    # a workplace is not a topic: "maison de retraite" reads as an EHPAD
    assert "retraite" not in _facets(n, "je veux travailler en maison de retraite")
    assert "primes" not in _facets(n, "le salaire augmente avec l'ancienneté ?")
    # scope of practice, residence permits, training at a distance: no fiche either
    assert "actes_soins" in _facets(n, "une AS peut faire une prise de sang ?")
    assert "sejour" in _facets(n, "avec un titre de séjour étudiant je peux être ASH ?")
    assert "formation_distance" in _facets(n, "la formation ADVF existe à distance ?")
    assert "arret_travail" in _facets(n, "si je tombe malade pendant le contrat")
    # required facets that one fiche answers: near me (platforms, events), benefits (the CEJ
    # allowance and the prime d'activité), the application letter (Parcoursup), when a
    # session starts (admission, events)
    gaps = n.lexicon.required_facets - {"local", "prestations", "candidature", "calendrier"}
    for fiche in load_fiches(default_fiches_dir()):
        assert not (n.fiche_facets(fiche.topics) & gaps), fiche.id


def test_facet_matching_is_bounded_on_adversarial_input() -> None:
    import time

    n = normalizer()
    texts = [
        "près de chez " * 2000,
        "pres de chez moi " * 500,
        "aide " * 3000 + "a domicile",
        "a" * 50_000,
        "dans mon " * 3000,
    ]
    for text in texts:
        started = time.process_time()
        assert isinstance(n.canonical_facets(n.canonical(text)), list)
        assert time.process_time() - started < 1.0


def test_pasted_compatibility_forms_and_odd_apostrophes_fold_like_typed_text() -> None:
    assert fold("ﬁche d’inscription, 20 m² ÉTÉ") == "fiche d inscription 20 m2 ete"
    assert fold("ｖａｅ") == "vae"
    n = normalizer()
    assert n.tokens("c‘est quoi la VAE") == n.tokens("c'est quoi la vae")


def test_many_columns_are_summed_as_one_by_one() -> None:
    """A query's hundreds of character n-grams are added in one numpy call: the same float32
    sums, bit for bit, as adding the columns one after the other (so the same answers)."""
    import numpy as np

    from knowledge.lexical import FEW_COLUMNS, _Columns

    rng = np.random.default_rng(7)
    rows, cols = rng.integers(0, 50, 4000), rng.integers(0, 300, 4000)
    pairs = np.unique(np.stack([rows, cols], axis=1), axis=0)
    values = rng.random(len(pairs)).astype(np.float32)
    matrix = _Columns(pairs[:, 0], pairs[:, 1], values, (50, 300))
    columns = sorted(rng.choice(300, 200, replace=False).tolist())
    weights = rng.random(200).astype(np.float32).tolist()
    assert len(columns) > FEW_COLUMNS
    assert np.array_equal(matrix.combine(columns, weights), _one_by_one(matrix, columns, weights))
    assert np.array_equal(matrix.combine(columns), _one_by_one(matrix, columns, [1.0] * 200))


def _one_by_one(matrix: Any, columns: list[int], weights: list[float]) -> Any:
    """The columns added one after the other, in float32."""
    import numpy as np

    out = np.zeros(matrix.n_rows, dtype=np.float32)
    for column, weight in zip(columns, weights, strict=True):
        start, end = matrix.indptr[column], matrix.indptr[column + 1]
        out[matrix.rows[start:end]] += matrix.values[start:end] * weight
    return out


def test_the_dense_channel_reads_the_index_as_its_search_does() -> None:
    """Every passage's cosine read straight from the flat index equals what FAISS's search
    ranks, bit for bit."""
    import faiss
    import numpy as np

    from knowledge.retriever import _dense_search

    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((300, 32)).astype(np.float32)
    index = faiss.IndexFlatIP(32)
    index.add(vectors)
    query = rng.standard_normal(32).astype(np.float32)
    scores, ids = index.search(query.reshape(1, -1), 300)
    expected = np.empty(300, dtype=np.float32)
    expected[ids[0]] = scores[0]
    assert np.array_equal(_dense_search(index)(query), expected)
