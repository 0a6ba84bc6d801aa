"""`autonomie kb check`: the editorial rules that keep a wrong or stale fiche from landing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from knowledge.check import check_fiches
from knowledge.cli import kb_app
from knowledge.fiches import load_fiches

runner = CliRunner()
TODAY = dt.date(2026, 12, 4)

GOOD = """---
id: {id}
title: "Financer le permis B"
questions: ["Comment payer mon permis ?"]
jobs: []
sources:
  - publisher: "Service-public.fr"
    title: "Financer son permis de conduire"
    url: https://www.service-public.fr/particuliers/vosdroits/F1719
    date: "2026-04-01"
verified: "2026-12-04"
review_by: "2027-01-15"
facts: {{cpf.plafond: "5 000 euros"}}
short: "Le permis B se finance avec le CPF, jusqu'à 5 000 euros sur le compte (2026)."
---
Depuis 2019, le compte personnel de formation est plafonné à 5000 euros.
"""


def _folder(tmp_path: Path, **fiches: str) -> Path:
    folder = tmp_path / "fiches"
    folder.mkdir(parents=True)
    for fiche_id, text in fiches.items():
        (folder / f"{fiche_id}.md").write_text(text.format(id=fiche_id), encoding="utf-8")
    return folder


def _issues(tmp_path: Path, today: dt.date = TODAY, **fiches: str) -> list[str]:
    return [str(issue) for issue in check_fiches(load_fiches(_folder(tmp_path, **fiches)), today)]


def test_a_sourced_verified_consistent_fiche_passes(tmp_path: Path) -> None:
    assert _issues(tmp_path, a=GOOD, b=GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('publisher: "Service-public.fr"', 'publisher: "Base de faits du projet"'),
            "internal placeholder",
        ),
        (
            (
                'title: "Financer son permis de conduire"',
                'title: "Autonomie Assistant, base de faits vérifiés"',
            ),
            "internal placeholder",
        ),
        (
            ("    url: https://www.service-public.fr/particuliers/vosdroits/F1719\n", ""),
            "no public https URL",
        ),
        (('date: "2026-04-01"', 'date: "2026"'), "is not YYYY-MM or YYYY-MM-DD"),
        (('verified: "2026-12-04"\n', ""), "no 'verified' date"),
        (('verified: "2026-12-04"', 'verified: "2026-12-05"'), "in the future"),
        (('review_by: "2027-01-15"', 'review_by: "2026-12-03"'), "past its review date"),
        (('review_by: "2027-01-15"\n', ""), "no 'review_by' date"),
        (("jobs: []", "jobs: []\nsee_also: [aide-permis]"), "see_also names no fiche"),
        (
            ("plafonné à 5000 euros.", "plafonné, voir [le CPF](cpf-montants.md)."),
            "link to a missing fiche",
        ),
        (
            ('short: "Le permis', 'short: "' + "Ceci est long. " * 10 + "Le permis"),
            "over 306 septets",
        ),
        (("avec le CPF,", "avec le CPF:"), "no-break space"),
        (("5000 euros.", "5000 euros ; il est personnel."), "no-break space"),
        (('title: "Financer le permis B"', 'title: "Financer le permis B ?"'), "no-break space"),
        # an amount says since when it is valid, comes from a public body's page, is rechecked
        # after the turn of the year, and no fiche goes more than a year unchecked
        (("Depuis 2019, le compte", "Le compte"), "'5000 euros' without the date it is valid"),
        (
            ("https://www.service-public.fr/particuliers/", "https://www.journal-auto.fr/"),
            "amounts in euros with no official source",
        ),
        (('review_by: "2027-01-15"', 'review_by: "2027-06-30"'), "'review_by' 2027-01-31 at"),
        (('review_by: "2027-01-15"', 'review_by: "2028-01-15"'), "more than a year after"),
        (('verified: "2026-12-04"', 'verified: "2025-12-01"'), "is over a year old"),
        # a public body's name on another site's page: say whose copy it is
        (
            ("https://www.service-public.fr/particuliers/", "https://blog-auto.fr/"),
            "names a public body but the page is on blog-auto.fr",
        ),
    ],
)
def test_each_rule_names_the_fiche_and_the_defect(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    old, new = change
    assert old in GOOD
    text = GOOD.replace(old, new)
    if expected == "over 306 septets":  # a long publisher and a full short answer
        text = text.replace("Service-public.fr", "Service public " * 6)
    issues = _issues(tmp_path, broken=text)
    assert issues and all(issue.startswith("broken: ") for issue in issues)
    assert any(expected in issue for issue in issues), issues


def test_french_typography_passes_and_survives_loading(tmp_path: Path) -> None:
    text = GOOD.replace("avec le CPF,", "avec le CPF\u202f:").replace(
        "5000 euros.", "5000 euros (voir https://www.service-public.fr à 14:30)\u202f!"
    )
    folder = _folder(tmp_path, nbsp=text)
    (fiche,) = load_fiches(folder)
    assert "CPF\u202f: jusqu" in fiche.short
    assert check_fiches([fiche], TODAY) == []


@pytest.mark.parametrize(
    ("lead", "passes"),
    [("Depuis 2019, chaque année\u202f:", True), ("**Chaque année**", False)],
)
def test_a_list_of_amounts_takes_its_date_from_the_line_that_introduces_it(
    tmp_path: Path, lead: str, passes: bool
) -> None:
    text = GOOD.replace(
        "Depuis 2019, le compte personnel de formation est plafonné à 5000 euros.",
        f"{lead}\n\n- 500 euros\u202f;\n- 5000 euros au plus.\n\nVoir votre compte.",
    )
    issues = _issues(tmp_path, listed=text)
    assert (issues == []) is passes, issues


@pytest.mark.parametrize(
    "publisher",
    ["Service-public.fr (repris par la commune de Chapet)", "Blog des partenaires de la CAF"],
)
def test_a_copy_that_says_so_or_a_site_that_names_itself_passes(
    tmp_path: Path, publisher: str
) -> None:
    text = GOOD.replace('"Service-public.fr"', f'"{publisher}"').replace(
        "https://www.service-public.fr/particuliers/", "https://www.chapet.fr/"
    )
    issues = _issues(tmp_path, copied=text)
    assert not [issue for issue in issues if "names a public body" in issue], issues


def test_a_figure_stated_differently_in_two_fiches_fails_both(tmp_path: Path) -> None:
    other = GOOD.replace("5 000 euros", "8 000 euros").replace("5000 euros", "8 000 euros")
    issues = _issues(tmp_path, permis=GOOD, cpf=other)
    assert len(issues) == 2
    assert all("cpf.plafond differs" in issue for issue in issues)
    assert "'5 000 euros' in permis" in issues[0] and "'8 000 euros' in cpf" in issues[0]


def test_a_declared_figure_must_be_the_one_the_text_says(tmp_path: Path) -> None:
    edited = GOOD.replace("5 000 euros sur", "6 000 euros sur").replace("5000", "6000")
    (issue,) = _issues(tmp_path, permis=edited)
    assert "cpf.plafond: '5 000 euros' is not written in the fiche" in issue


def test_an_out_of_date_fiche_fails_on_the_day_after_its_review_date(tmp_path: Path) -> None:
    assert _issues(tmp_path / "1", dt.date(2027, 1, 15), a=GOOD) == []
    (issue,) = _issues(tmp_path / "2", dt.date(2027, 1, 16), a=GOOD)
    assert "past its review date 2027-01-15" in issue


def test_the_command_exits_1_lists_the_defects_and_writes_the_audit(tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD, stale=GOOD.replace("2027-01-15", "2026-11-30"))
    audit = tmp_path / "AUDIT.md"
    args = ["check", "--fiches", str(folder), "--today", "2026-12-04", "--audit", str(audit)]
    result = runner.invoke(kb_app, args)
    assert result.exit_code == 1, result.output
    assert "FAIL stale" in result.output and "FAIL good" not in result.output
    assert "2 fiches checked on 2026-12-04: 1 OK, 1 failing, 1 issues" in result.output
    table = audit.read_text(encoding="utf-8")
    assert "| good | 2026-12-04 | 2027-01-15 | Service-public.fr | OK |" in table
    assert "| stale | 2026-12-04 | 2026-11-30 | Service-public.fr | FAIL: review |" in table
    (folder / "stale.md").unlink()
    assert runner.invoke(kb_app, args[:-2]).exit_code == 0


def test_a_fiche_that_does_not_load_fails_the_check(tmp_path: Path) -> None:
    folder = _folder(tmp_path, bad=GOOD.replace("publisher:", "name:"))
    result = runner.invoke(kb_app, ["check", "--fiches", str(folder)])
    assert result.exit_code == 1


def test_rewriting_the_audit_keeps_the_hand_written_notes(tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD)
    audit = tmp_path / "AUDIT.md"
    args = ["check", "--fiches", str(folder), "--today", "2026-12-04", "--audit", str(audit)]
    assert runner.invoke(kb_app, args).exit_code == 0
    notes = "\n## Notes\n\ngood: amount read on service-public F1719.\n"
    audit.write_text(audit.read_text(encoding="utf-8") + notes, encoding="utf-8")
    assert runner.invoke(kb_app, args).exit_code == 0
    text = audit.read_text(encoding="utf-8")
    assert text.count("## Notes") == 1 and text.endswith(notes)
    assert "| good | 2026-12-04 | 2027-01-15 | Service-public.fr | OK |" in text
