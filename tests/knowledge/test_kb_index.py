"""Index building, loading and staleness on the sample fiches (hashing encoder, fast)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from kb_helpers import HashingEncoder, write_sample_fiches

from knowledge.index import build_index, ensure_index, index_is_stale, read_manifest
from knowledge.retriever import Abstention, Answer, KnowledgeBase, KnowledgeIndexError


def test_build_writes_a_complete_index(small_index: tuple[Path, Path, HashingEncoder]) -> None:
    _, index_dir, _ = small_index
    names = {path.name for path in index_dir.iterdir()}
    expected = {"manifest.json", "fiches.json", "passages.json", "lexicon.yml", "dense.faiss"}
    assert expected | {"ood.npy"} <= names
    manifest = read_manifest(index_dir)
    assert manifest["n_fiches"] == 5
    assert set(manifest["thresholds"]) == {"hybrid", "hybrid_in_domain", "bm25", "dense"}
    assert (
        "cross-validation" in manifest["calibration"]["method"]
        or "CV" in (manifest["calibration"]["method"])
    )


def test_load_is_fast_and_searches(small_index: tuple[Path, Path, HashingEncoder]) -> None:
    _, index_dir, encoder = small_index
    started = time.process_time()  # CPU time: the machine's load does not count
    kb = KnowledgeBase.load(index_dir, encoder)
    assert time.process_time() - started < 3.0
    hits = kb.search("combien gagne une aide soignante", k=3)
    assert hits[0].fiche.id == "salaire-as"
    assert [hit.rank for hit in hits] == [1, 2, 3]
    for method in ("bm25", "dense"):
        assert kb.search("salaire aide soignante", method=method, k=2)
    with pytest.raises(ValueError):
        kb.search("salaire", method="nope")  # type: ignore[arg-type]


def test_embedding_passed_by_the_caller_is_used(
    small_index: tuple[Path, Path, HashingEncoder],
) -> None:
    _, index_dir, encoder = small_index
    kb = KnowledgeBase.load(index_dir, encoder)
    query = "garde de mes enfants"
    vector = encoder.encode([query])[0]
    own = kb.search(query, k=5)
    given = kb.search(query, embedding=vector, k=5)
    assert [h.fiche.id for h in own] == [h.fiche.id for h in given]
    assert np.allclose([h.score for h in own], [h.score for h in given], atol=1e-5)
    wrong_size = kb.search(query, embedding=np.ones(7, dtype=np.float32), k=5)  # ignored
    assert [h.fiche.id for h in wrong_size] == [h.fiche.id for h in own]
    no_encoder = KnowledgeBase.load(index_dir, None)
    assert no_encoder.search(query, embedding=vector, k=1)[0].fiche.id == own[0].fiche.id
    assert no_encoder.search(query, k=1)  # lexical channels only, no error


def test_answer_payload_and_abstention(small_index: tuple[Path, Path, HashingEncoder]) -> None:
    _, index_dir, encoder = small_index
    kb = KnowledgeBase.load(index_dir, encoder)
    result = kb.answer("aide pour la garde de mes enfants pendant la formation")
    assert isinstance(result, Answer)
    assert result.custom_payload() == {
        "fiche": "garde-enfants",
        "sources": [
            {
                "title": "Aide à la garde",
                "publisher": "France Travail",
                "date": "2026-01",
                "url": "https://www.francetravail.fr",
            }
        ],
    }
    assert isinstance(kb.answer(""), Abstention)
    assert kb.answer("").reason == "empty_query"  # type: ignore[union-attr]


def test_another_encoder_is_refused(small_index: tuple[Path, Path, HashingEncoder]) -> None:
    _, index_dir, _ = small_index
    with pytest.raises(KnowledgeIndexError, match="another encoder"):
        KnowledgeBase.load(index_dir, HashingEncoder(salt="other"))


def test_missing_or_broken_index(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeIndexError):
        KnowledgeBase.load(tmp_path / "nothing", HashingEncoder())
    assert index_is_stale(None, tmp_path / "nothing")


def test_stale_index_detection(tmp_path: Path) -> None:
    fiches_dir = write_sample_fiches(tmp_path / "fiches")
    index_dir = tmp_path / "index"
    encoder = HashingEncoder()
    assert index_is_stale(fiches_dir, index_dir)
    assert ensure_index(fiches_dir, index_dir, encoder, progress=False) is not None
    assert not index_is_stale(fiches_dir, index_dir)
    assert ensure_index(fiches_dir, index_dir, encoder, progress=False) is None  # fresh: no work

    path = fiches_dir / "immersion.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", "utf-8")
    assert index_is_stale(fiches_dir, index_dir)  # a fiche changed
    build_index(fiches_dir, index_dir, encoder, progress=False)
    assert not index_is_stale(fiches_dir, index_dir)

    shutil.copy(path, fiches_dir / "immersion-bis.md")
    assert index_is_stale(fiches_dir, index_dir)  # a fiche was added
    (fiches_dir / "immersion-bis.md").unlink()
    assert not index_is_stale(fiches_dir, index_dir)
    (fiches_dir / "immersion.md").unlink()
    assert index_is_stale(fiches_dir, index_dir)  # a fiche was removed
    write_sample_fiches(fiches_dir)

    lexicon = tmp_path / "lexicon.yml"
    lexicon.write_text("sms: {slt: salut}\n", encoding="utf-8")
    assert index_is_stale(fiches_dir, index_dir, lexicon_path=lexicon)  # another lexicon

    manifest = index_dir / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["format_version"] = -1
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert index_is_stale(fiches_dir, index_dir)  # another index format
    (index_dir / "dense.faiss").unlink()
    assert index_is_stale(fiches_dir, index_dir)
