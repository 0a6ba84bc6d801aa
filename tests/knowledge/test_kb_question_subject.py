"""What a question is about: its subject, the kind of answer it wants, or nothing at all.

Known wrong answers of issue 17 (knowledge/eval/regressions.yml) on the real index, and the
mechanisms behind them on their own: the first fiches reordered when the first is about
another subject or gives another kind of answer, "who pays" read as funding, a question that
names no subject declined, facet words that meant something else."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.reorder import FacetOrder
from knowledge.retriever import Abstention, Answer, KnowledgeBase
from knowledge.text import Normalizer, load_lexicon

ASPECTS = frozenset({"definition", "historique", "salaire"})


def _order(*facets: frozenset[str]) -> FacetOrder:
    return FacetOrder([()] * len(facets), list(facets), frozenset(), frozenset(), ASPECTS)


def test_a_fiche_on_another_subject_gives_way_to_one_on_the_question_s() -> None:
    order = _order(frozenset({"immersion", "salaire"}), frozenset({"formation", "salaire"}))
    score = np.asarray([0.5, 0.3])
    # "payé pendant la formation ?": the immersion fiche scores first, the training one fits
    moved = order.reorder(np.asarray([0, 1]), score, ("formation", "salaire"))
    assert moved.tolist() == [1, 0]
    # too far below (under the "did you mean" share of the first): kept second
    assert order.reorder(np.asarray([0, 1]), np.asarray([0.5, 0.1]), ("formation",)).tolist() == [
        0,
        1,
    ]
    # the first on the question's subject: nothing moves
    same = _order(frozenset({"formation", "salaire"}), frozenset({"formation"}))
    assert same.reorder(np.asarray([0, 1]), score, ("formation", "salaire")).tolist() == [0, 1]


def test_a_definition_is_preferred_to_history_and_a_subjectless_fiche_to_a_training_s() -> None:
    order = _order(frozenset({"plateforme", "historique"}), frozenset({"plateforme", "definition"}))
    moved = order.reorder(np.asarray([0, 1]), np.asarray([0.5, 0.4]), ("definition", "plateforme"))
    assert moved.tolist() == [1, 0]
    pay = _order(frozenset({"formation", "salaire"}), frozenset({"salaire"}))
    # "on est bien payé ?" names no training: the general salary fiche goes first
    assert pay.reorder(np.asarray([0, 1]), np.asarray([0.5, 0.4]), ("salaire",)).tolist() == [1, 0]
    # a job named and the candidate about another one: it never goes first
    jobs = FacetOrder(
        [(), ("ash",)],
        [frozenset({"formation", "salaire"}), frozenset({"salaire"})],
        frozenset(),
        frozenset(),
        ASPECTS,
    )
    kept = jobs.reorder(np.asarray([0, 1]), np.asarray([0.5, 0.4]), ("salaire",), ("aes",))
    assert kept.tolist() == [0, 1]


def test_the_fiche_about_the_job_asked_goes_before_a_close_one_about_every_job() -> None:
    sector, own = ("aide_soignant", "aes", "advf"), ("aide_soignant",)
    order = FacetOrder(
        [sector, own],
        [frozenset({"formation"}), frozenset({"formation"})],
        frozenset(),
        frozenset(),
        ASPECTS,
        fiche_subject_jobs=[sector, own],
    )
    close, far = np.asarray([0.5, 0.47]), np.asarray([0.5, 0.3])
    # "la formation d'AS dure combien ?": the aide-soignant's training, not every training's
    assert order.reorder(np.asarray([0, 1]), close, ("formation",), own).tolist() == [1, 0]
    # scored well below, or no job asked: the first stays
    assert order.reorder(np.asarray([0, 1]), far, ("formation",), own).tolist() == [0, 1]
    assert order.reorder(np.asarray([0, 1]), close, ("formation",)).tolist() == [0, 1]


def test_facet_words_that_mean_something_else_and_questions_about_nothing() -> None:
    n = Normalizer(load_lexicon())

    def facets(text: str) -> list[str]:
        return n.canonical_facets(n.canonical(text))

    assert "financement" in facets("la formation est payée par qui ?")
    assert "salaire" not in facets("qui paye ma formation ?")
    assert "fin_contrat" not in facets("je peux me former sans démissionner ?")
    assert "calendrier" not in facets("je commence quand même sans diplôme ?")
    assert "prestations" not in facets("la caisse d'allocations familiales aide pour la nounou ?")
    assert "prestations" in facets("j'ai droit à la prime d'activité ?")  # still read
    for vague in ("comment faire ?", "c'est quoi ?", "ça dure combien de temps ?", "combien ?"):
        assert n.is_vague(n.canonical(vague)), vague
    for clear in ("comment faire une VAE ?", "c'est quoi l'AES ?", "et le salaire ?", "poec ?"):
        assert not n.is_vague(n.canonical(clear)), clear
    # a count that names what it counts says what it is about
    for count in ("combien de plateformes ?", "et combien de postes ?"):
        assert not n.is_vague(n.canonical(count)), count


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("la formation aide soignante est payée par qui", {"financer-formation"}),
        (
            "je touche le RSA, est-ce que je le perds si je fais une formation ?",
            {"remuneration-pendant-formation", "rsa-france-travail-contrat-engagement"},
        ),
        (
            "on est bien payé dans ce secteur ?",
            {"salaire-metiers-autonomie", "salaire-aide-domicile-employeurs"},
        ),
        ("c'est quoi cette plateforme ?", {"plateformes-metiers-autonomie"}),
        ("parle moi de l'alternance", {"apprentissage-principe", "contrat-pro-ou-apprentissage"}),
        ("la formation d as dure combien", {"aide-soignant-formation"}),
    ],
)
def test_known_wrong_answers_get_the_fiche_about_the_question(
    real_kb: KnowledgeBase, question: str, expected: set[str]
) -> None:
    result = real_kb.answer(question)
    assert isinstance(result, Answer) and result.fiche.id in expected, result


@pytest.mark.slow
def test_a_question_about_nothing_is_declined_unless_a_job_is_known(
    real_kb: KnowledgeBase,
) -> None:
    result = real_kb.answer("comment faire ?")
    assert isinstance(result, Abstention) and result.reason == "vague"
    assert not result.best_guesses  # no "did you mean" on a fiche about anything
    with_job = real_kb.answer("comment faire ?", jobs=["aes"])
    assert not (isinstance(with_job, Abstention) and with_job.reason == "vague")
    assert isinstance(real_kb.answer("comment faire une VAE ?"), Answer)


def test_a_question_naming_no_job_gets_the_fiche_for_more_jobs_on_its_subject() -> None:
    # a pay question about the whole sector: the home-care salary fiche scored first
    order = FacetOrder(
        [("aide_domicile", "advf"), ("aide_domicile", "advf", "aes", "ash")],
        [frozenset({"salaire"}), frozenset({"salaire"})],
        frozenset(),
        frozenset(),
        ASPECTS,
    )
    score = np.asarray([0.5, 0.3])
    assert order.reorder(np.asarray([0, 1]), score, ("salaire",)).tolist() == [1, 0]
    # the job known or named: the job's own fiche stays first
    assert order.reorder(np.asarray([0, 1]), score, ("salaire",), ("advf",)).tolist() == [0, 1]
    # a wider fiche on another subject, or far below, moves nothing
    other = FacetOrder(
        [("aes",), ()],
        [frozenset({"salaire"}), frozenset({"formation", "salaire"})],
        frozenset(),
        frozenset(),
        ASPECTS,
    )
    assert other.reorder(np.asarray([0, 1]), score, ("salaire",)).tolist() == [0, 1]
    assert order.reorder(np.asarray([0, 1]), np.asarray([0.5, 0.1]), ("salaire",)).tolist() == [
        0,
        1,
    ]


def test_a_sibling_sharing_the_facets_but_not_the_topic_asked_about_stays_below() -> None:
    # "parle-moi de l'alternance": the apprenticeship's fiche (about two jobs) scored first;
    # the contrat de professionnalisation's (every job) has its facets, not its topic
    order = FacetOrder(
        [("aide_soignant", "aes"), (), ()],
        [frozenset({"apprentissage", "formation"})] * 3,
        frozenset(),
        frozenset(),
        ASPECTS,
        [
            frozenset({"apprentissage", "formation"}),
            frozenset({"alternance", "contrat", "formation"}),
            frozenset({"apprentissage", "formation", "definition"}),
        ],
        {"apprentissage": frozenset({"apprentissage", "alternance", "contrat"})},
    )
    score = np.asarray([0.5, 0.45, 0.3])
    # the sibling contract (second) is passed over; the wider fiche on the topic (third) goes first
    moved = order.reorder(np.asarray([0, 1, 2]), score, ("apprentissage",))
    assert moved.tolist() == [2, 0, 1]
    # without the third, nothing moves
    two = order.reorder(np.asarray([0, 1]), score[:2], ("apprentissage",))
    assert two.tolist() == [0, 1]


def test_a_fiche_that_only_concerns_the_job_named_gives_way_to_one_about_it() -> None:
    """Entering nursing school concerns aides-soignants (it lists them), but its title is about
    nurses: to "become an aide-soignant", the fiche about that job goes first, however far
    below it scores; a question naming the nurse keeps it first."""
    order = FacetOrder(
        [("infirmier", "aide_soignant"), ("aide_soignant", "ash")],
        [frozenset({"admission"}), frozenset({"admission"})],
        frozenset(),
        frozenset(),
        frozenset({"admission"}),
        fiche_subject_jobs=[("infirmier",), ("aide_soignant",)],
    )
    score = np.asarray([0.4, 0.06])
    moved = order.reorder(np.asarray([0, 1]), score, ("admission",), ("aide_soignant",))
    assert moved.tolist() == [1, 0]
    kept = order.reorder(np.asarray([0, 1]), score, ("admission",), ("infirmier",))
    assert kept.tolist() == [0, 1]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "je n'ai pas le bac, je peux me former pour être aide-soignante ?",
            "aide-soignant-admission",
        ),
        ("sans bac c'est possible de faire l'ifas ?", "aide-soignant-admission"),
        ("je n'ai pas le bac, je peux devenir infirmière ?", "ifsi-admission-fpc"),
    ],
)
def test_becoming_an_aide_soignant_without_the_bac_is_not_the_nursing_school_answer(
    real_kb: KnowledgeBase, question: str, expected: str
) -> None:
    result = real_kb.answer(question)
    assert isinstance(result, Answer) and result.fiche.id == expected, result
