from knowledge.text import Normalizer, fold, light_stem, load_lexicon


def normalizer() -> Normalizer:
    return Normalizer(load_lexicon())


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
