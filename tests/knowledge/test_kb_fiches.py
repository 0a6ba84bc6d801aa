"""The fiches themselves (knowledge/fiches/*.md) and their loader."""

from __future__ import annotations

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
from knowledge.gsm import gsm7_length, to_gsm7
from knowledge.text import fold

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
            assert source.name.strip() and source.date.strip(), fiche.id
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


def test_short_source() -> None:
    def short(name: str, date: str = "2025-11") -> str:
        return Fiche(
            id="x", title="t", questions=("q",), jobs=(), topics=(),
            sources=(Source(name, date),), short="s", long="l",
        ).short_source

    assert short("CNSA") == "CNSA, 2025"
    assert short("Caisse nationale de solidarité pour l'autonomie (CNSA)") == "CNSA, 2025"
    assert short("Localtis (Banque des Territoires), Métiers de l'autonomie") == "Localtis, 2025"
    assert short("Service-public.fr (F1719) ; Infos jeunes") == "Service-public.fr, 2025"
    assert short("Arrêté du 3 juillet 2023 (accès des aides-soignants)", "2023-07-03") == (
        "Arrêté du 3 juillet 2023, 2023"
    )
    assert Source("Un nom très long", "2024", short="UNTL").short_name == "UNTL"


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
sources: [{name: CNSA, date: 2025-03-01}]
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


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("nofm.md", "juste du texte", "front matter"),
        ("other.md", GOOD, "differs from the file name"),
        ("ok.md", GOOD.replace("title: Titre\n", ""), "'title'"),
        ("ok.md", GOOD.replace("sources: [{name: CNSA, date: 2025-03-01}]", "sources: []"),
         "'sources'"),
        ("ok.md", GOOD.replace("date: 2025-03-01", "url: x"), "has no date"),
        ("ok.md", GOOD.replace("jobs: [aes]", "jobs: [plombier]"), "unknown jobs"),
        ("ok.md", GOOD.replace("Réponse courte.", "x" * 231), "over 230"),
        ("ok.md", GOOD.replace("Réponse longue.\n", ""), "body"),
        ("ok.md", GOOD.replace('questions: ["Une question ?"]', 'questions: ['), "invalid YAML"),
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
