"""The abstention: an out-of-domain bank compared with the fiche questions, and two
thresholds (is the top fiche right? is the question in the domain at all?) chosen together."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from knowledge.evaluate import load_eval_items
from knowledge.features import nearest_similarity
from knowledge.fiches import default_fiches_dir, load_fiches
from knowledge.fusion import choose_two_thresholds
from knowledge.retriever import SURE_IN_DOMAIN, Answer, KnowledgeBase
from knowledge.training import default_calibration_path, load_calibration
from vocab.text import fold


def test_nearest_similarity_is_the_best_cosine_and_minus_one_without_bank() -> None:
    bank = np.asarray([[1.0, 0.0], [0.6, 0.8]], dtype=np.float32)
    assert nearest_similarity(bank, np.asarray([0.0, 1.0], dtype=np.float32)) == pytest.approx(0.8)
    assert nearest_similarity(np.zeros((0, 2), dtype=np.float32), np.ones(2)) == -1.0
    assert nearest_similarity(bank, None) == -1.0


def _synthetic(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """In-domain queries score high on 'in domain', out-of-domain ones low; the top fiche
    of in-domain queries is right more often when its confidence is high."""
    n_in, n_out = 400, 100
    inside = np.r_[np.ones(n_in, bool), np.zeros(n_out, bool)]
    domain = np.r_[rng.uniform(0.5, 1.0, n_in), rng.uniform(0.0, 0.6, n_out)]
    top = rng.uniform(0.0, 1.0, n_in + n_out)
    correct = inside & (rng.uniform(0.0, 1.0, n_in + n_out) < top)
    return top, domain, correct, inside


def test_two_thresholds_decline_out_of_domain_and_a_cost_declines_unsure_answers() -> None:
    top, domain, correct, inside = _synthetic(np.random.default_rng(3))
    free_top, free_domain, free = choose_two_thresholds(top, domain, correct, inside)
    assert 0.5 <= free_domain <= 0.6  # the gap between the two populations
    assert free["abstention_recall"] >= 0.85  # a sixth of the off-topic ones score over 0.5
    assert free["abstention_precision"] >= 0.9
    costly_top, _, costly = choose_two_thresholds(
        top, domain, correct, inside, wrong_answer_cost=1.0
    )
    assert costly_top > free_top + 0.2  # wrong answers now cost: unsure ones are declined
    assert costly["answered_correct_rate"] < free["answered_correct_rate"]


def test_a_flat_optimum_gives_a_domain_cut_inside_its_plateau() -> None:
    """Every domain cut between the two populations is as good: the plateau's choice stays
    between them, as good as the best; on real data it is stable across builds."""
    rng = np.random.default_rng(5)
    inside = np.r_[np.ones(400, bool), np.zeros(100, bool)]
    domain = np.r_[rng.uniform(0.6, 1.0, 400), rng.uniform(0.0, 0.3, 100)]
    top = np.ones(500)
    correct = inside.copy()
    _, best_cut, best = choose_two_thresholds(top, domain, correct, inside)
    _, flat_cut, flat = choose_two_thresholds(top, domain, correct, inside, plateau=0.001)
    assert flat["weighted_accuracy"] == best["weighted_accuracy"] == 1.0
    assert domain[~inside].max() < best_cut <= flat_cut <= domain[inside].min()


def test_on_a_flat_optimum_one_fiche_more_does_not_move_the_domain_cut() -> None:
    """Between 0.4 and 0.7 every cut gains as many in-domain answers as it lets off-topic
    questions through; the cut is the middle of that plateau, and a few more plainly
    in-domain queries (one fiche added) leave it there: which answerable questions are
    declined does not change with a fiche added elsewhere."""
    inside = np.r_[np.ones(800, bool), np.zeros(200, bool)]
    domain = np.r_[
        np.linspace(0.8, 1.0, 700),  # plainly in the domain
        np.linspace(0.4, 0.7, 100),  # in the domain, as unsure as...
        np.linspace(0.4, 0.7, 129),  # ...these off-topic questions
        np.linspace(0.0, 0.3, 71),  # plainly off topic
    ]
    cuts = []
    for added in (0, 9):
        d = np.r_[domain, np.linspace(0.85, 0.95, added)]
        i = np.r_[inside, np.ones(added, bool)]
        _, cut, _ = choose_two_thresholds(
            np.ones(len(d)), d, i.copy(), i, ood_prior=0.15, wrong_answer_cost=0.1, plateau=0.002
        )
        cuts.append(cut)
        assert 0.45 <= cut <= 0.65  # inside the plateau, away from its ends
    assert abs(cuts[0] - cuts[1]) < 0.02


def test_the_calibration_bank_is_large_and_apart_from_the_held_out_sets() -> None:
    queries = load_calibration()
    assert len(queries) >= 300
    folder = default_calibration_path().parent / "eval"
    held_out = sorted([*folder.glob("heldout*.yml"), *(folder / f"{name}.yml" for name in "ijk")])
    assert held_out
    asked = {fold(item.q).strip(" ?!.") for item in load_eval_items(held_out)}
    assert not asked & {fold(query).strip(" ?!.") for query in queries}
    # nor do the fiches' own questions (the ranking learns from them) copy a held-out one
    fiches = load_fiches(default_fiches_dir())
    assert not asked & {fold(q).strip(" ?!.") for fiche in fiches for q in fiche.questions}


def test_the_index_stores_the_bank_and_declines_a_question_of_another_field(
    real_kb: KnowledgeBase,
) -> None:
    assert real_kb.ood_bank.shape == (len(load_calibration()), real_kb.dim)
    assert "hybrid_in_domain" in real_kb.thresholds
    # another trade, asked in the words of the domain's questions
    hits = real_kb.search("quelle formation pour devenir carrossier automobile", k=4)
    assert hits[0].in_domain < real_kb.thresholds["hybrid_in_domain"]
    assert not isinstance(real_kb.decide(hits), Answer)
    # a question of the domain stays answered
    answer = real_kb.answer("combien de temps dure la formation d'aide-soignant ?")
    assert isinstance(answer, Answer)


def test_a_job_in_the_profile_does_not_make_another_field_s_question_ours(
    real_kb: KnowledgeBase,
) -> None:
    """The bot passes the jobs of the candidate's profile with every question: a question
    no fiche answers is declined all the same (calibration gave jobs to fiche questions
    only, so a known job read as 'in the domain' and most such questions got a fiche)."""
    others = [
        "comment réparer une fuite sous l'évier",
        "quel forfait mobile choisir pour mon fils",
        "où faire réviser ma chaudière",
    ]
    for job in ("aes", "aide_soignant", "advf"):
        for question in others:
            assert not isinstance(real_kb.answer(question, jobs=[job]), Answer), (job, question)
    answer = real_kb.answer("combien de temps dure la formation ?", jobs=["aide_soignant"])
    assert isinstance(answer, Answer) and answer.fiche.id == "aide-soignant-formation"


def test_facet_features_reward_the_fiches_about_the_question() -> None:
    from knowledge.facets import facet_features, missing_facets

    fiches = [frozenset({"salaire"}), frozenset({"formation", "admission"}), frozenset()]
    x = facet_features(["salaire"], fiches)
    assert x[0].tolist() == [1.0, 0.0]  # the salary fiche matches
    assert x[1].tolist() == [0.0, 1.0]  # a training fiche does not
    assert x[2].tolist() == [0.0, 0.0]  # a fiche with no facet is neither
    assert facet_features(["formation", "local"], fiches)[1].tolist() == [0.5, 0.0]
    assert not facet_features([], fiches).any()
    assert missing_facets(["formation", "local"], fiches[1], {"local"}) == ("local",)
    assert missing_facets(["local"], frozenset({"local"}), {"local"}) == ()


def test_a_plainly_in_domain_question_needs_a_less_sure_fiche(real_kb: KnowledgeBase) -> None:
    """The in-domain model sure (SURE_IN_DOMAIN): the fiche's confidence may be down to half
    its threshold; less sure of the domain, the full threshold holds."""
    hits = real_kb.search("c'est quoi une immersion professionnelle ?", k=4)
    bar = real_kb.thresholds["hybrid"]
    cut = real_kb.thresholds["hybrid_in_domain"]
    top = replace(hits[0], confidence=0.6 * bar, missing=(), anchored=False, vague=False)
    sure = real_kb.decide([replace(top, in_domain=SURE_IN_DOMAIN), *hits[1:]])
    assert isinstance(sure, Answer) and sure.fiche.id == hits[0].fiche.id
    unsure = real_kb.decide([replace(top, in_domain=(cut + SURE_IN_DOMAIN) / 2), *hits[1:]])
    assert not isinstance(unsure, Answer)
    # under half the threshold, declined however sure the domain
    low = replace(top, confidence=0.4 * bar, in_domain=1.0)
    assert not isinstance(real_kb.decide([low, *hits[1:]]), Answer)


def test_a_question_put_to_the_service_has_a_lower_domain_bar(real_kb: KnowledgeBase) -> None:
    """Asked of "vous" (the platform, the assistant), a question whose best fiche is one of the
    platforms' is anchored: the in-domain model reads such wording as chat, yet it is ours.
    Another fiche's question keeps the full bar."""
    hits = real_kb.search("vous servez à quoi pour quelqu'un qui cherche un emploi ?", k=4)
    assert hits[0].fiche.id.startswith("plateformes-") and hits[0].anchored
    cut = real_kb.thresholds["hybrid_in_domain"]
    bar = real_kb.thresholds["hybrid"]
    top = replace(hits[0], confidence=2 * bar, in_domain=0.6 * cut, missing=(), vague=False)
    result = real_kb.decide([top, *hits[1:]])
    assert isinstance(result, Answer) and result.fiche.id == hits[0].fiche.id
    other = real_kb.search("la VAE, ça marche comment ?", k=4)
    assert not other[0].anchored
    unsure = replace(other[0], confidence=2 * bar, in_domain=0.6 * cut, missing=(), vague=False)
    assert not isinstance(real_kb.decide([unsure, *other[1:]]), Answer)
