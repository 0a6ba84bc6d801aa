"""Fiches: the knowledge base's content, one Markdown file with YAML front matter each.

A fiche is `knowledge/fiches/<id>.md`:

    ---
    id: formation_aes
    title: La formation d'accompagnant éducatif et social
    questions: [Comment devenir AES ?, ...]
    jobs: [aes]
    topics: [formation]
    sources:                      # one or more public pages
      - publisher: "Service-public.fr"
        title: "Financer son permis de conduire"
        url: https://www.service-public.fr/particuliers/vosdroits/F1719
        date: "2026-04-01"        # the page's own (update) date: YYYY-MM or YYYY-MM-DD
    verified: "2026-12-04"        # when the facts were checked against those pages
    review_by: "2027-01-15"       # when they must be checked again
    facts: {cpf.plafond: "5 000 euros"}   # optional: figures shared with other fiches
    see_also: [financer-formation]        # optional: related fiches
    short: Réponse courte, 230 caractères au plus.
    ---
    Réponse longue en Markdown.

`load_fiches(directory)` validates the structure of every file and raises
`FicheError` naming the file on the first defect; `knowledge.check` applies
the editorial rules (public sources, review dates, links, shared figures).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from vocab.jobs import JOBS

__all__ = [
    "SHORT_MAX_CHARS",
    "Fiche",
    "FicheError",
    "Source",
    "default_fiches_dir",
    "fiche_paths",
    "fiches_hash",
    "load_fiche",
    "load_fiches",
    "parse_fiche",
]

SHORT_MAX_CHARS = 230
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_YEAR_RE = re.compile(r"(19|20)\d{2}")
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.S)
_SOURCE_KEYS = ("publisher", "title", "url", "date")
_SOURCE_SHAPE = "{publisher, title, url, date}"
_FACT_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_SPACES_RE = re.compile(r"[ \t\r\n]+")  # not the no-break spaces French typography needs


class FicheError(ValueError):
    """A fiche file is missing, unreadable or invalid; the message names the file."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = Path(path)
        self.reason = message


@dataclass(frozen=True, slots=True)
class Source:
    """A public page a fiche's facts come from. `date` is the page's own date, as written."""

    publisher: str
    title: str
    date: str
    url: str | None = None

    @property
    def year(self) -> str | None:
        match = _YEAR_RE.search(self.date)
        return match.group(0) if match else None

    @property
    def short_name(self) -> str:
        """The publisher, as SMS and the short answer cite it ("Service-public.fr")."""
        return self.publisher

    def as_payload(self, verified: dt.date | None = None) -> dict[str, str]:
        """The `custom.sources[]` item of the REST contract: {title, url?, date}, plus the
        publisher and, when known, the date the fiche was checked against the page."""
        payload = {"title": self.title, "date": self.date, "publisher": self.publisher}
        if self.url:
            payload["url"] = self.url
        if verified is not None:
            payload["verified"] = verified.isoformat()
        return payload


@dataclass(frozen=True, slots=True)
class Fiche:
    """One validated fiche. `long` is the Markdown body."""

    id: str
    title: str
    questions: tuple[str, ...]
    jobs: tuple[str, ...]
    topics: tuple[str, ...]
    sources: tuple[Source, ...]
    short: str
    long: str
    verified: dt.date | None = None
    review_by: dt.date | None = None
    facts: tuple[tuple[str, str], ...] = ()
    see_also: tuple[str, ...] = ()

    @property
    def short_source(self) -> str:
        """First source's publisher with its year: "CNSA, 2025"."""
        first = self.sources[0]
        return f"{first.short_name}, {first.year}" if first.year else first.short_name

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The long answer split into blocks, Markdown markers removed."""
        blocks = re.split(r"\n\s*\n", self.long)
        cleaned = (_strip_markdown(block) for block in blocks)
        return tuple(block for block in cleaned if block)

    def needs_review(self, today: dt.date | None = None) -> bool:
        """True when the facts were never checked or their review date has passed."""
        if self.verified is None or self.review_by is None:
            return True
        return self.review_by < (today or dt.date.today())

    def sources_payload(self) -> list[dict[str, str]]:
        """`custom.sources` for the REST contract."""
        return [source.as_payload(self.verified) for source in self.sources]

    def content_text(self) -> str:
        """Everything that changes retrieval, in a stable order (for hashing)."""
        parts = [self.id, self.title, *self.questions, ",".join(self.jobs), self.short, self.long]
        return "\n\x1f".join(parts)


def _strip_markdown(block: str) -> str:
    lines = []
    for line in block.splitlines():
        line = re.sub(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)  # [text](url) → text
        line = re.sub(r"[*_`]{1,3}", "", line)
        if line.strip():
            lines.append(line.strip())
    return " ".join(lines).strip()


def default_fiches_dir() -> Path:
    """The package's own fiches/ folder."""
    return Path(__file__).resolve().parent / "fiches"


def fiche_paths(directory: Path | str) -> list[Path]:
    return sorted(Path(directory).glob("*.md"))


def _string(path: Path, data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FicheError(path, f"'{key}' must be a non-empty string")
    return _SPACES_RE.sub(" ", value).strip(" ") if key != "long" else value.strip()


def _string_list(path: Path, data: dict[str, Any], key: str, *, required: bool) -> tuple[str, ...]:
    value = data.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise FicheError(path, f"'{key}' must be a non-empty list")
    items = []
    for item in value:
        if not isinstance(item, str | int | float) or not str(item).strip():
            raise FicheError(path, f"'{key}' has an empty or non-text item: {item!r}")
        items.append(" ".join(str(item).split()))
    return tuple(items)


def _date_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip() if value is not None else ""


def _sources(path: Path, data: dict[str, Any]) -> tuple[Source, ...]:
    raw = data.get("sources")
    if not isinstance(raw, list) or not raw:
        raise FicheError(path, f"'sources' must be a non-empty list of {_SOURCE_SHAPE}")
    sources = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise FicheError(path, f"source #{index} must be a mapping {_SOURCE_SHAPE}")
        unknown = sorted(set(item) - set(_SOURCE_KEYS))
        if unknown:
            raise FicheError(path, f"source #{index}: unknown keys {unknown}; use {_SOURCE_SHAPE}")
        publisher = " ".join(str(item.get("publisher") or "").split())
        title = " ".join(str(item.get("title") or "").split())
        date = _date_text(item.get("date"))
        url = str(item["url"]).strip() if item.get("url") else None
        if not publisher or not title:
            raise FicheError(path, f"source #{index} needs a 'publisher' and a 'title'")
        if not date:
            raise FicheError(path, f"source #{index} ({publisher}) has no date")
        if not _YEAR_RE.search(date):
            raise FicheError(path, f"source #{index} ({publisher}): no year in its date {date!r}")
        sources.append(Source(publisher=publisher, title=title, date=date, url=url))
    return tuple(sources)


def _day(path: Path, data: dict[str, Any], key: str) -> dt.date | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise FicheError(path, f"'{key}' is not a date YYYY-MM-DD: {value!r}") from exc


def _facts(path: Path, data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    raw = data.get("facts")
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise FicheError(path, "'facts' must be a mapping {key: \"figure as written\"}")
    facts = []
    for key, value in raw.items():
        if not _FACT_KEY_RE.match(str(key)) or not str(value or "").strip():
            raise FicheError(path, f"fact {key!r}: lowercase key and a non-empty figure needed")
        facts.append((str(key), " ".join(str(value).split())))
    return tuple(sorted(facts))


def parse_fiche(text: str, path: Path | str = "<fiche>") -> Fiche:
    """Parse and validate one fiche's text; `path` names it in errors and fixes its id."""
    path = Path(path)
    match = _FRONT_MATTER_RE.match(text.lstrip("\ufeff"))
    if not match:
        raise FicheError(path, "no YAML front matter between '---' lines")
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise FicheError(path, f"invalid YAML front matter: {exc}") from exc
    if not isinstance(data, dict):
        raise FicheError(path, "the front matter must be a YAML mapping")
    if "valid_until" in data:
        raise FicheError(path, "'valid_until' is replaced by 'verified' and 'review_by'")
    fiche_id = _string(path, data, "id")
    if not _ID_RE.match(fiche_id):
        raise FicheError(path, f"id {fiche_id!r} must be lowercase letters, digits, '_' or '-'")
    if path.suffix == ".md" and fiche_id != path.stem:
        raise FicheError(path, f"id {fiche_id!r} differs from the file name {path.stem!r}")
    jobs = _string_list(path, data, "jobs", required=False)
    unknown = sorted(set(jobs) - set(JOBS))
    if unknown:
        raise FicheError(path, f"unknown jobs {unknown}; allowed: {', '.join(JOBS)}")
    short = _string(path, data, "short")
    if len(short) > SHORT_MAX_CHARS:
        raise FicheError(path, f"'short' has {len(short)} characters, over {SHORT_MAX_CHARS}")
    long = match.group(2).strip()
    if not long:
        raise FicheError(path, "the Markdown body (long answer) is empty")
    return Fiche(
        id=fiche_id,
        title=_string(path, data, "title"),
        questions=_string_list(path, data, "questions", required=True),
        jobs=jobs,
        topics=_string_list(path, data, "topics", required=False),
        sources=_sources(path, data),
        short=short,
        long=long,
        verified=_day(path, data, "verified"),
        review_by=_day(path, data, "review_by"),
        facts=_facts(path, data),
        see_also=_string_list(path, data, "see_also", required=False),
    )


def load_fiche(path: Path | str) -> Fiche:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FicheError(path, f"cannot read: {exc}") from exc
    return parse_fiche(text, path)


def load_fiches(directory: Path | str | None = None) -> list[Fiche]:
    """Load every `*.md` fiche of `directory` (default: the package's fiches/), sorted by id."""
    folder = Path(directory) if directory is not None else default_fiches_dir()
    if not folder.is_dir():
        raise FicheError(folder, "fiche directory not found")
    fiches = [load_fiche(path) for path in fiche_paths(folder)]
    seen: dict[str, Fiche] = {}
    for fiche in fiches:
        if fiche.id in seen:
            raise FicheError(folder / f"{fiche.id}.md", "duplicate fiche id")
        seen[fiche.id] = fiche
    return sorted(fiches, key=lambda fiche: fiche.id)


def fiches_hash(source: Path | str | Iterable[Fiche] | None = None) -> str:
    """SHA-256 of the fiches' content (a directory, or already loaded fiches).

    Hashes the raw files of a directory so any edit, even one that does not
    parse, marks an index stale.
    """
    digest = hashlib.sha256()
    if source is None or isinstance(source, str | Path):
        folder = Path(source) if source is not None else default_fiches_dir()
        for path in fiche_paths(folder):
            digest.update(path.name.encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
        return digest.hexdigest()
    for fiche in sorted(source, key=lambda item: item.id):
        digest.update(fiche.content_text().encode())
        digest.update(b"\0")
    return digest.hexdigest()
