"""The fiches themselves (knowledge/fiches/*.md) and their loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knowledge.fiches import (
    JOBS,
    SHORT_MAX_CHARS,
    Fiche,
    FicheError,
    Source,
    default_fiches_dir,
    fiche_paths,
    load_fiches,
)
from knowledge.text import fold
from vocab.gsm import gsm7_length, to_gsm7

SMS_TWO_SEGMENTS = 306


def test_there_are_fiches(real_fiches: list[Fiche]) -> None:
    assert len(real_fiches) >= 20


def test_ids_are_unique_and_equal_to_file_names(real_fiches: list[Fiche]) -> None:
    stems = sorted(path.stem for path in fiche_paths(default_fiches_dir()))
    ids = sorted(fiche.id for fiche in real_fiches)
    assert ids == stems
    assert len(set(ids)) == len(ids)


def test_every_fiche_has_title_sources_and_answers(real_fiches: list[Fiche]) -> None:
    for fiche in real_fiches:
        assert fiche.title.strip(), fiche.id
        assert fiche.sources, fiche.id
        for source in fiche.sources:
            assert source.publisher and source.title and source.date.strip(), fiche.id
            assert source.year is not None, fiche.id
        assert fiche.questions and fiche.long.strip(), fiche.id
        assert 0 < len(fiche.short) <= SHORT_MAX_CHARS, fiche.id
        assert set(fiche.jobs) <= set(JOBS), fiche.id


def test_short_answer_with_source_fits_two_sms(real_fiches: list[Fiche]) -> None:
    for fiche in real_fiches:
        message = to_gsm7(f"{fiche.short} Source : {fiche.short_source}.")
        septets = gsm7_length(message)
        assert septets <= SMS_TWO_SEGMENTS, f"{fiche.id}: {septets} septets"


def test_no_two_fiches_share_a_question(real_fiches: list[Fiche]) -> None:
    owner: dict[str, str] = {}
    for fiche in real_fiches:
        for question in fiche.questions:
            key = fold(question)
            assert owner.setdefault(key, fiche.id) == fiche.id, (
                f"{question!r} is in {owner[key]} and {fiche.id}"
            )


PERMIS_URL = "https://www.service-public.fr/particuliers/vosdroits/F1719"


def _one_source_fiche(**dates: dt.date) -> Fiche:
    source = Source("Service-public.fr", "Financer son permis", "2026-04-01", PERMIS_URL)
    return Fiche("x", "t", ("q",), (), (), (source,), "s", "l", **dates)


def test_short_source_is_the_publisher_and_the_year_of_the_page() -> None:
    assert _one_source_fiche().short_source == "Service-public.fr, 2026"


def test_the_sources_payload_keeps_the_contract_and_adds_publisher_and_verification() -> None:
    fiche = _one_source_fiche(verified=dt.date(2026, 12, 4), review_by=dt.date(2027, 1, 15))
    assert fiche.sources_payload() == [
        {
            "title": "Financer son permis",
            "date": "2026-04-01",
            "url": PERMIS_URL,
            "publisher": "Service-public.fr",
            "verified": "2026-12-04",
        }
    ]
    assert not fiche.needs_review(dt.date(2027, 1, 15))
    assert fiche.needs_review(dt.date(2027, 1, 16))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """---
id: ok
title: Titre
questions: ["Une question ?"]
jobs: [aes]
sources: [{publisher: CNSA, title: Le métier, date: 2025-03-01}]
verified: 2026-12-04
review_by: 2027-06-30
facts: {aes.duree: "10 à 24 mois"}
short: Réponse courte.
---
Réponse longue.
"""


def test_loader_parses_a_good_fiche(tmp_path: Path) -> None:
    _write(tmp_path, "ok.md", GOOD)
    (fiche,) = load_fiches(tmp_path)
    assert fiche.id == "ok" and fiche.jobs == ("aes",)
    assert fiche.sources[0].date == "2025-03-01"
    assert fiche.short_source == "CNSA, 2025"
    assert fiche.paragraphs == ("Réponse longue.",)
    assert (fiche.verified, fiche.review_by) == (dt.date(2026, 12, 4), dt.date(2027, 6, 30))
    assert fiche.facts == (("aes.duree", "10 à 24 mois"),)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("nofm.md", "juste du texte", "front matter"),
        ("other.md", GOOD, "differs from the file name"),
        ("ok.md", GOOD.replace("title: Titre\n", ""), "'title'"),
        (
            "ok.md",
            GOOD.replace(
                "sources: [{publisher: CNSA, title: Le métier, date: 2025-03-01}]", "sources: []"
            ),
            "'sources'",
        ),
        ("ok.md", GOOD.replace("date: 2025-03-01", "url: x"), "has no date"),
        ("ok.md", GOOD.replace("publisher: CNSA", "name: CNSA"), "unknown keys ['name']"),
        ("ok.md", GOOD.replace("publisher: CNSA, ", ""), "needs a 'publisher'"),
        ("ok.md", GOOD.replace("review_by: 2027-06-30", "review_by: bientôt"), "'review_by'"),
        ("ok.md", GOOD.replace("verified:", "valid_until: 2026-12-31\nverified:"), "replaced"),
        ("ok.md", GOOD.replace("jobs: [aes]", "jobs: [plombier]"), "unknown jobs"),
        ("ok.md", GOOD.replace("Réponse courte.", "x" * 231), "over 230"),
        ("ok.md", GOOD.replace("Réponse longue.\n", ""), "body"),
        ("ok.md", GOOD.replace('questions: ["Une question ?"]', "questions: ["), "invalid YAML"),
    ],
)
def test_a_bad_fiche_is_reported_with_its_file(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(FicheError) as error:
        load_fiches(tmp_path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_no_fiche_presents_the_demo_platforms_as_the_real_network(
    real_fiches: list[Fiche],
) -> None:
    from platform_server.seed_data import DEMO, PLATFORMS

    for fiche in real_fiches:
        text = f"{fiche.short}\n{fiche.long}"
        assert DEMO not in text, fiche.id
        for spec in PLATFORMS:
            assert spec.phone not in text and spec.address not in text, fiche.id
    (where,) = [fiche for fiche in real_fiches if "annuaire" in fiche.topics]
    listed = [spec.departement for spec in PLATFORMS if f"({spec.departement})" in where.long]
    assert len(listed) < 2, f"{where.id} lists the demo départements {listed}"
    assert all(source.url for source in where.sources)
