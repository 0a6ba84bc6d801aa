"""CI gate on the real fiches: every fiche passes every rule of `autonomie kb check` today.

There is no known debt any more (all 122 fiches were checked against public pages on
2026-12-04), so a new fiche, an edited one or one whose `review_by` has passed fails
`make test` until it is fixed. The audit log must agree: no fiche listed as FAIL.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from knowledge.check import check_directory, check_fiches, issues_by_fiche
from knowledge.fiches import default_fiches_dir, load_fiches
from knowledge.platforms import load_directory
from vocab.departements import DEPARTEMENTS, departement_name

AUDIT = Path(default_fiches_dir()).parent / "AUDIT.md"
_ROW = re.compile(r"^\| ([a-z0-9_\-]+) \| [^|]* \| [^|]* \| [^|]* \| (OK|FAIL[^|]*) \|$")


def _audit() -> dict[str, str]:
    rows = (_ROW.match(line) for line in AUDIT.read_text(encoding="utf-8").splitlines())
    return {row.group(1): row.group(2).strip() for row in rows if row}


def test_every_fiche_passes_the_check() -> None:
    failing = issues_by_fiche(check_fiches(load_fiches(), dt.date.today()))
    found = {fiche_id: [str(issue) for issue in issues] for fiche_id, issues in failing.items()}
    assert not found, f"fiches that break the rules of `autonomie kb check`: {found}"


def test_the_audit_log_lists_every_fiche_and_no_failure() -> None:
    audit = _audit()
    assert {fiche.id for fiche in load_fiches()} <= set(audit), "regenerate knowledge/AUDIT.md"
    assert not [fiche for fiche, outcome in audit.items() if outcome != "OK"]


def test_the_platform_directory_passes_the_check() -> None:
    assert check_directory(load_directory(), dt.date.today()) == []


def test_the_where_fiche_names_exactly_the_departements_of_the_directory() -> None:
    """plateformes-ou-trouver lists the départements where a platform is known from a
    public page; that list is the directory's (knowledge/platforms.yml), never more
    (demo data or a guess), never fewer (a platform added but not said)."""
    fiche = next(f for f in load_fiches() if f.id == "plateformes-ou-trouver")
    known = next(line for line in fiche.long.splitlines() if "par une page publique" in line)
    named = {code for code, name in DEPARTEMENTS.items() if re.search(rf"\b{name}\b", known)}
    in_directory = {code for p in load_directory().platforms for code in p.departements}
    missing = sorted(str(departement_name(code)) for code in in_directory - named)
    extra = sorted(str(departement_name(code)) for code in named - in_directory)
    assert not missing and not extra, f"say {missing}, drop {extra}"
