"""A sample of the conversation simulator in `make test` (the full run: `make bench`).

Seeded simulated candidates talk to the assistant through the REST webhook on
the trained models; every turn is checked (tests/conversations/simulator.py).
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conversations.personas import generate
from tests.conversations.run import run_all
from tests.conversations.simulator import Outcome, summarise

#: twenty fewer than before: test_simulator_new.py's sample of the new vocabulary (and its
#: own app) keeps the suite's CPU time
SAMPLE = 20
SEED = 16


def test_simulated_candidates_book_without_breaking_an_invariant(client: TestClient) -> None:
    check_sample(run_all(client, generate(SEED, SAMPLE), prefix="sample"))


def check_sample(outcomes: list[Outcome]) -> None:
    """No invariant broken, median turns to book <= 6, slot accuracy >= 0.97."""
    report = summarise(outcomes)
    broken = [o.text() for o in outcomes if o.breaks]
    assert not broken, "\n\n".join(broken[:3])
    assert report.turns_to_book_median is not None and report.turns_to_book_median <= 6
    assert report.slot_accuracy >= 0.97


def test_the_candidate_model_varies_its_words() -> None:
    """The simulator is only worth its vocabulary: openings differ across personas."""
    from tests.conversations.candidate import Candidate

    openings = {Candidate(p).next([]).text for p in generate(SEED, 60)}  # type: ignore[union-attr]
    assert len(openings) >= 40


def test_the_third_vocabulary_speaks_in_registers_of_its_own() -> None:
    """`--vocabulary third`: varied openings, several registers, and `mix` draws all three
    (and session 20's fifth now and then)."""
    from tests.conversations.candidate import Candidate
    from tests.conversations.fresh_personas import personas

    third = personas(SEED, 60, "third")
    openings = {Candidate(p).next([]).text for p in third}  # type: ignore[union-attr]
    assert len(openings) >= 45
    assert len({p.vocabulary for p in third}) >= 4
    assert {p.vocabulary.partition(":")[0] for p in personas(SEED, 60, "mix")} == {
        "old",
        "new",
        "third",
        "fifth",
    }


def test_the_fourth_vocabulary_speaks_in_registers_of_its_own() -> None:
    """`--vocabulary fourth`: varied openings, several registers; `mix` keeps its three."""
    from tests.conversations.candidate import Candidate
    from tests.conversations.fresh_personas import personas

    fourth = personas(SEED, 60, "fourth")
    openings = {Candidate(p).next([]).text for p in fourth}  # type: ignore[union-attr]
    assert len(openings) >= 45
    assert len({p.vocabulary for p in fourth}) >= 5


def test_the_fifth_vocabulary_speaks_in_registers_of_its_own() -> None:
    """`--vocabulary fifth`: varied openings, all its registers, phonetic SMS spelling."""
    from tests.conversations.candidate import Candidate
    from tests.conversations.fresh_personas import personas

    fifth = personas(SEED, 60, "fifth")
    openings = {Candidate(p).next([]).text for p in fifth}  # type: ignore[union-attr]
    assert len(openings) >= 40
    assert {p.vocabulary for p in fifth} == {
        f"fifth:{r}" for r in ("phonetic", "parent", "ahead", "asker", "changer")
    }
