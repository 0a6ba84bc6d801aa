"""`autonomie kb check`: the editorial rules a fiche must meet before it can land.

The loader (`fiches.py`) checks the structure; this module checks what makes a
fiche trustworthy for a candidate:

- `source`: every source is a public page (an https URL, a publisher, a title)
  and none is an internal placeholder ("Base de faits du projet", "Autonomie
  Assistant…"); the page's date is written YYYY-MM or YYYY-MM-DD; a publisher that
  names a public body ("Sénat", "Service-public.fr") on another site's page says it is
  a copy ("Service-public.fr (repris par la commune de …)").
- `verified` / `review`: the fiche says when its facts were checked against
  those pages (`verified`, not in the future) and when to check them again
  (`review_by`, after `verified`); a fiche past its `review_by` fails.
- `link`: `see_also` ids and Markdown links to `other-fiche.md` name a fiche.
- `fact`: a figure declared in `facts:` ({key: "figure as written"}) is
  written in the fiche's text, and every fiche declaring the same key gives
  the same figure (see `fact_issues`).
- `amount`: an amount in euros is said with the date it is valid from (a year in the same
  paragraph: "au 1er janvier 2026", "depuis 2019"), is backed by at least one official
  source (a public body's own site, see `OFFICIAL_DOMAINS`, not only the press or a
  trade site), and its fiche is checked again before the 31 January after `verified`
  (amounts and aids are revised at the turn of the year).
- `verified` age: facts checked more than `MAX_VERIFIED_DAYS` ago fail, and `review_by`
  may not be set further than that after `verified`.
- `sms`: the short answer with its source fits in two SMS (GSM-7).
- `typography`: French typography in the title and the answers: a narrow no-break space
  (U+202F) before ":", ";", "!" and "?" ("44 semaines\u202f: 770 heures"), so a line never
  starts with the sign; SMS turn it into a plain space.

`check_fiches` returns every issue at once, so one run lists all the work.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from vocab.gsm import gsm7_length, to_gsm7

from .fiches import Fiche, Source
from .platforms import PlatformDirectory
from .text import fold

__all__ = [
    "MAX_VERIFIED_DAYS",
    "OFFICIAL_DOMAINS",
    "PLACEHOLDER_SOURCES",
    "PUBLIC_BODIES",
    "SMS_MAX_SEPTETS",
    "CheckIssue",
    "check_directory",
    "check_fiches",
    "fact_issues",
    "is_official",
    "sms_answer",
]

SMS_MAX_SEPTETS = 306  # two concatenated GSM-7 segments (153 septets each)
#: folded fragments of publishers or titles that are not public pages
PLACEHOLDER_SOURCES: tuple[str, ...] = (
    "base de faits",
    "autonomie assistant",
    "cet assistant",
    "donnees de demonstration",
)
#: a fiche's facts are checked again at least once a year
MAX_VERIFIED_DAYS = 366


def _listed(names: str) -> tuple[str, ...]:
    return tuple(names.split("|"))


#: the sites of public bodies (a host is official if it is one of them or a subdomain)
OFFICIAL_DOMAINS: tuple[str, ...] = _listed(
    # gouv.fr: legifrance, service-public, travail-emploi, solidarites, vae...; francetravail.org
    # and bo-pole-emploi.org: France Travail's bulletin officiel; sante.fr: the ARS
    "gouv.fr|service-public.fr|francetravail.fr|francetravail.org|bo-pole-emploi.org|"
    "pole-emploi.fr|pole-emploi.org|cnsa.fr|sante.fr|santepubliquefrance.fr|caf.fr|urssaf.fr|"
    "senat.fr|assemblee-nationale.fr|agefiph.fr|onisep.fr|francecompetences.fr|"
    "france-education-international.fr|parcoursup.fr"
)
#: an amount in euros: "416 euros", "1 823,03 €", "62,40 euros"
_AMOUNT_RE = re.compile(
    r"(?<![\d,])\d{1,6}(?:[ \u00a0\u202f.]\d{3}){0,3}(?:,\d{1,2})?[ \u00a0\u202f]?(?:€|euros?\b)"
)
#: folded publishers that name a public body: on another site, the label says it is a copy
PUBLIC_BODIES: tuple[str, ...] = _listed(
    "senat|assemblee nationale|legifrance|journal officiel|service-public|service public|"
    "france travail|pole emploi|cnsa|ministere|caf|urssaf|agefiph|onisep|dreets|ars|"
    "france competences"
)
#: folded words by which a publisher says the page is another site's copy of the body's text
COPY_MARKERS: tuple[str, ...] = ("repris", "reprise", "copie", "via ", "texte")
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_PAGE_DATE_RE = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_MD_LINK_RE = re.compile(r"\]\(([^()\s]{1,200})\)")
_FICHE_LINK_RE = re.compile(r"^(?:\./)?([a-z0-9][a-z0-9_\-]{0,120})\.md(?:#[\w\-]{0,80})?$")
_NUMBER_RE = re.compile(r"(?<=\d)[\s\u00a0\u202f.](?=\d{3}\b)")
#: ":" ";" "!" "?" ending a word or after a plain space (not "https://", not "14:30")
_BARE_PUNCT_RE = re.compile(r"(?:[^\s\u00a0\u202f]| )[:;!?](?=[\s*»)\]]|$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class CheckIssue:
    """One rule a fiche breaks. `rule` is one of source, verified, review, link, fact, amount,
    sms, typography."""

    fiche: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.fiche}: [{self.rule}] {self.message}"


def sms_answer(fiche: Fiche) -> str:
    """The short answer as an SMS carries it."""
    return to_gsm7(f"{fiche.short} Source : {fiche.short_source}.")


def _page_issues(owner: str, label: str, source: Source) -> Iterable[CheckIssue]:
    named = fold(f"{source.publisher} {source.title}")
    if any(placeholder in named for placeholder in PLACEHOLDER_SOURCES):
        yield CheckIssue(owner, "source", f"{label} is an internal placeholder, not a page")
    if not source.url or not source.url.startswith("https://"):
        yield CheckIssue(owner, "source", f"{label} has no public https URL")
    if not _PAGE_DATE_RE.match(source.date):
        yield CheckIssue(
            owner, "source", f"{label} date {source.date!r} is not YYYY-MM or YYYY-MM-DD"
        )
    publisher = fold(source.publisher)
    if (
        source.url
        and not is_official(source.url)
        and any(_names_body(publisher, body) for body in PUBLIC_BODIES)
        and not any(marker in publisher for marker in COPY_MARKERS)
    ):
        yield CheckIssue(
            owner,
            "source",
            f"{label} names a public body but the page is on {urlparse(source.url).hostname}:"
            " cite the body's own page, or say whose copy it is ('repris par ...')",
        )


def _names_body(publisher: str, body: str) -> bool:
    return publisher.startswith(body) and not publisher[len(body) : len(body) + 1].isalnum()


def _source_issues(fiche: Fiche) -> Iterable[CheckIssue]:
    for number, source in enumerate(fiche.sources, start=1):
        yield from _page_issues(fiche.id, f"source #{number} ({source.publisher})", source)


def check_directory(directory: PlatformDirectory, today: dt.date) -> list[CheckIssue]:
    """The platform directory: every platform and the national figure from a public page,
    and not past its review date."""
    owner = "platforms.yml"
    issues = list(_page_issues(owner, "network source", directory.network))
    for platform in directory.platforms:
        issues.extend(_page_issues(owner, f"source of {platform.name}", platform.source))
    if directory.review_by < today:
        issues.append(CheckIssue(owner, "review", f"past its review date {directory.review_by}"))
    return issues


def _date_issues(fiche: Fiche, today: dt.date) -> Iterable[CheckIssue]:
    if fiche.verified is None:
        yield CheckIssue(fiche.id, "verified", "no 'verified' date: check the facts, then set it")
    elif fiche.verified > today:
        yield CheckIssue(fiche.id, "verified", f"'verified' {fiche.verified} is in the future")
    elif (today - fiche.verified).days > MAX_VERIFIED_DAYS:
        yield CheckIssue(
            fiche.id,
            "verified",
            f"'verified' {fiche.verified} is over a year old: check the facts again",
        )
    if (
        fiche.verified is not None
        and fiche.review_by is not None
        and (fiche.review_by - fiche.verified).days > MAX_VERIFIED_DAYS
    ):
        yield CheckIssue(
            fiche.id, "review", "'review_by' is more than a year after 'verified': set it sooner"
        )
    if fiche.review_by is None:
        yield CheckIssue(fiche.id, "review", "no 'review_by' date")
    elif fiche.review_by < today:
        yield CheckIssue(
            fiche.id, "review", f"past its review date {fiche.review_by}: check it again"
        )
    elif fiche.verified is not None and fiche.review_by <= fiche.verified:
        yield CheckIssue(fiche.id, "review", "'review_by' must come after 'verified'")


def _link_issues(fiche: Fiche, ids: set[str]) -> Iterable[CheckIssue]:
    for target in fiche.see_also:
        if target not in ids:
            yield CheckIssue(fiche.id, "link", f"see_also names no fiche: {target!r}")
    for url in _MD_LINK_RE.findall(fiche.long):
        match = _FICHE_LINK_RE.match(url)
        if match and match.group(1) not in ids:
            yield CheckIssue(fiche.id, "link", f"link to a missing fiche: {url!r}")


def is_official(url: str | None) -> bool:
    """The page is on a public body's own site (`OFFICIAL_DOMAINS`)."""
    host = (urlparse(url or "").hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in OFFICIAL_DOMAINS)


def _paragraphs(fiche: Fiche) -> list[str]:
    """The short answer, then each paragraph of the long one; a list or a table is one
    paragraph with the one that introduces it."""
    paragraphs = [fiche.short]
    block: list[str] = []
    for line in [*fiche.long.splitlines(), ""]:
        if line.strip():
            block.append(line)
            continue
        if block and block[0].lstrip()[:1] in ("-", "*", "|") and len(paragraphs) > 1:
            paragraphs[-1] += "\n" + "\n".join(block)
        elif block:
            paragraphs.append("\n".join(block))
        block = []
    return paragraphs


def _amount_issues(fiche: Fiche) -> Iterable[CheckIssue]:
    amounts = [
        (found, paragraph)
        for paragraph in _paragraphs(fiche)
        for found in _AMOUNT_RE.findall(paragraph)
    ]
    if not amounts:
        return
    undated = sorted({found for found, paragraph in amounts if not _YEAR_RE.search(paragraph)})
    if undated:
        yield CheckIssue(
            fiche.id,
            "amount",
            f"{', '.join(repr(a) for a in undated)} without the date it is valid from"
            " (a year in the same paragraph: 'au 1er janvier 2026', 'depuis 2019')",
        )
    if not any(is_official(source.url) for source in fiche.sources):
        yield CheckIssue(
            fiche.id,
            "amount",
            "amounts in euros with no official source (a public body's own page)",
        )
    if fiche.verified is not None and fiche.review_by is not None:
        latest = dt.date(fiche.verified.year + 1, 1, 31)
        if fiche.review_by > latest:
            yield CheckIssue(
                fiche.id,
                "amount",
                f"amounts in euros change at the turn of the year: 'review_by' {latest} at the"
                " latest",
            )


def _typography_issues(fiche: Fiche) -> Iterable[CheckIssue]:
    for part, text in (("title", fiche.title), ("short", fiche.short), ("long", fiche.long)):
        found = _BARE_PUNCT_RE.findall(text)
        if found:
            yield CheckIssue(
                fiche.id,
                "typography",
                f"{part}: {len(found)} sign(s) without the no-break space before them"
                f" ({found[0].strip()!r}): write U+202F before : ; ! ?",
            )


def _canonical(text: str) -> str:
    """Folded, spaces collapsed, thousands separators dropped: "1 200 €" ~ "1200 €"."""
    return " ".join(_NUMBER_RE.sub("", fold(text)).split())


def fact_issues(fiches: Sequence[Fiche]) -> list[CheckIssue]:
    """A declared figure must be in its fiche's text, and one key has one figure.

    Why declared keys rather than guessing figures from prose: "1 540 heures"
    and "770 heures" are both right in the same sentence about the DEAS, so a
    scan of numbers cannot tell a contradiction from a detail. A key
    (`deas.heures: "1 540 heures"`) names what the figure measures; the check
    then proves that every fiche giving that measure gives the same figure,
    and that the figure is really what the fiche's text says (so editing the
    text without the key, or the key without the text, fails too).
    """
    issues: list[CheckIssue] = []
    by_key: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    written: dict[str, str] = {}  # canonical figure -> as first written
    for fiche in fiches:
        text = _canonical(f"{fiche.short}\n{fiche.long}")
        for key, value in fiche.facts:
            by_key[key][_canonical(value)].append(fiche.id)
            written.setdefault(_canonical(value), value)
            if _canonical(value) not in text:
                issues.append(
                    CheckIssue(fiche.id, "fact", f"{key}: {value!r} is not written in the fiche")
                )
    for key, values in sorted(by_key.items()):
        if len(values) < 2:
            continue
        stated = "; ".join(
            f"{written[value]!r} in {', '.join(ids)}" for value, ids in values.items()
        )
        for ids in values.values():
            for fiche_id in ids:
                issues.append(CheckIssue(fiche_id, "fact", f"{key} differs: {stated}"))
    return issues


def check_fiches(fiches: Sequence[Fiche], today: dt.date | None = None) -> list[CheckIssue]:
    """Every issue of every fiche, sorted by fiche then rule."""
    today = today or dt.date.today()
    ids = {fiche.id for fiche in fiches}
    issues: list[CheckIssue] = []
    for fiche in fiches:
        issues.extend(_source_issues(fiche))
        issues.extend(_date_issues(fiche, today))
        issues.extend(_link_issues(fiche, ids))
        issues.extend(_typography_issues(fiche))
        issues.extend(_amount_issues(fiche))
        septets = gsm7_length(sms_answer(fiche))
        if septets > SMS_MAX_SEPTETS:
            issues.append(
                CheckIssue(
                    fiche.id,
                    "sms",
                    f"short answer + source: {septets} septets, over 306 septets (2 SMS)",
                )
            )
    issues.extend(fact_issues(fiches))
    return sorted(issues, key=lambda issue: (issue.fiche, issue.rule, issue.message))


def issues_by_fiche(issues: Iterable[CheckIssue]) -> dict[str, list[CheckIssue]]:
    grouped: dict[str, list[CheckIssue]] = defaultdict(list)
    for issue in issues:
        grouped[issue.fiche].append(issue)
    return grouped


def write_audit(
    fiches: Sequence[Fiche], issues: Sequence[CheckIssue], path: Path, today: dt.date
) -> None:
    """knowledge/AUDIT.md: per fiche, when its facts were checked and the check's outcome."""
    grouped = issues_by_fiche(issues)
    failing = sum(1 for fiche in fiches if grouped.get(fiche.id))
    lines = [
        "# Audit of the fiches",
        "",
        "Generated by `autonomie kb check --audit` (the table; the notes below it are kept as",
        "written, edit them by hand). `verified` is the",
        "date a person checked the fiche's facts against its public sources; the outcome is",
        "that of `autonomie kb check` (the editorial rules) on the day below.",
        "",
        f"Last run: {today.isoformat()}: {len(fiches)} fiches, {failing} failing,"
        f" {len(issues)} issues.",
        "",
        "| fiche | verified | review by | sources | outcome |",
        "|---|---|---|---|---|",
    ]
    for fiche in fiches:
        found = grouped.get(fiche.id, [])
        outcome = "OK" if not found else "FAIL: " + ", ".join(sorted({i.rule for i in found}))
        publishers = ", ".join(dict.fromkeys(source.publisher for source in fiche.sources))
        lines.append(
            f"| {fiche.id} | {fiche.verified or '—'} | {fiche.review_by or '—'} "
            f"| {publishers.replace('|', '/')} | {outcome} |"
        )
    notes = _kept_notes(path)
    path.write_text("\n".join(lines) + "\n" + notes, encoding="utf-8")


NOTES_HEADING = "## Notes"


def _kept_notes(path: Path) -> str:
    """The hand-written notes after the table (what was read on which page), kept as they are."""
    if not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8")
    start = text.find("\n" + NOTES_HEADING)
    return "" if start < 0 else "\n" + text[start + 1 :]
