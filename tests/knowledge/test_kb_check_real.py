"""CI gate on the real fiches: `autonomie kb check`'s rules, with the audit log as a ratchet.

A fiche listed as FAIL in knowledge/AUDIT.md is known debt (not yet checked against
its public pages); every other fiche must pass every rule today. So a new fiche, an
edited one or one whose `review_by` has passed fails `make test` until it is fixed.
After fixing debt, regenerate the log: `autonomie kb check --audit knowledge/AUDIT.md`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from knowledge.check import check_directory, check_fiches, issues_by_fiche
from knowledge.fiches import default_fiches_dir, load_fiches
from knowledge.platforms import load_directory

AUDIT = Path(default_fiches_dir()).parent / "AUDIT.md"
_ROW = re.compile(r"^\| ([a-z0-9_\-]+) \| [^|]* \| [^|]* \| [^|]* \| (OK|FAIL[^|]*) \|$")


def _audit() -> dict[str, str]:
    rows = (_ROW.match(line) for line in AUDIT.read_text(encoding="utf-8").splitlines())
    return {row.group(1): row.group(2).strip() for row in rows if row}


def test_every_fiche_passes_the_check_unless_the_audit_lists_it_as_debt() -> None:
    failing = issues_by_fiche(check_fiches(load_fiches(), dt.date.today()))
    audit = _audit()
    new = {
        fiche_id: [str(issue) for issue in found]
        for fiche_id, found in failing.items()
        if not audit.get(fiche_id, "OK").startswith("FAIL")
    }
    assert not new, f"fiches that break the rules of `autonomie kb check`: {new}"


def test_the_platform_directory_passes_the_check() -> None:
    assert check_directory(load_directory(), dt.date.today()) == []
