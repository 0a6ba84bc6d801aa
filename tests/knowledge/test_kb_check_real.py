"""CI gate on the real fiches: `autonomie kb check`'s rules, with the audit log as a ratchet.

A fiche listed as FAIL in knowledge/AUDIT.md is known debt (not yet checked against
its public pages); every other fiche must pass every rule today. So a new fiche, an
edited one or one whose `review_by` has passed fails `make test` until it is fixed,
and a fiche fixed without regenerating the audit fails too, so the log stays true.
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
REGENERATE = "autonomie kb check --audit knowledge/AUDIT.md"


def _audit() -> dict[str, str]:
    rows = (_ROW.match(line) for line in AUDIT.read_text(encoding="utf-8").splitlines())
    return {row.group(1): row.group(2).strip() for row in rows if row}


def test_every_fiche_passes_the_check_unless_the_audit_lists_it_as_debt() -> None:
    fiches = load_fiches()
    today = dt.date.today()
    failing = issues_by_fiche(check_fiches(fiches, today))
    audit = _audit()
    missing = sorted({fiche.id for fiche in fiches} - set(audit))
    assert not missing, f"fiches missing from knowledge/AUDIT.md (run {REGENERATE}): {missing}"
    new = {
        fid: [str(i) for i in found]
        for fid, found in failing.items()
        if audit.get(fid, "OK") == "OK"
    }
    assert not new, f"fiches that break the rules of `autonomie kb check`: {new}"
    fixed = sorted(
        fid for fid, outcome in audit.items() if outcome.startswith("FAIL") and fid not in failing
    )
    assert not fixed, f"fixed fiches still listed as FAIL: run {REGENERATE} ({fixed})"


def test_the_platform_directory_passes_the_check() -> None:
    assert check_directory(load_directory(), dt.date.today()) == []
