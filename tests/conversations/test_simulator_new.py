"""A sample of session 17's vocabulary (`--vocabulary new`) in `make test`: its own
module, so its own database (an SMS persona's number is drawn from its rank, and the
old sample's conversations would be taken up again)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conversations.fresh_personas import personas
from tests.conversations.run import run_all
from tests.conversations.test_simulator import check_sample

NEW_SAMPLE = 12
NEW_SEED = 18


def test_candidates_of_the_new_vocabulary_book_without_breaking_an_invariant(
    client: TestClient,
) -> None:
    check_sample(run_all(client, personas(NEW_SEED, NEW_SAMPLE, "new"), prefix="sample-new"))
