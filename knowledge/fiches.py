"""Fiches: the knowledge base's content, one Markdown file with YAML front matter each.

A fiche is `knowledge/fiches/<id>.md`:

    ---
    id: formation_aes
    title: La formation d'accompagnant éducatif et social
    questions: [Comment devenir AES ?, ...]
    jobs: [aes]
    topics: [formation]
    sources: [{name: CNSA, date: 2025-03, url: https://..., short: CNSA}]  # url, short optional
    valid_until: 2026-12-31      # optional
    short: Réponse courte, 230 caractères au plus.
    ---
    Réponse longue en Markdown.

`load_fiches(directory)` validates every file and raises `FicheError` naming
the file on the first defect.
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

__all__ = [
    "JOBS",
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

JOBS: tuple[str, ...] = (
    "aide_soignant",
    "aes",
    "advf",
    "aide_domicile",
    "ash",
    "infirmier",
    "tisf",
    "moniteur_educateur",
    "educateur_specialise",
)
SHORT_MAX_CHARS = 230
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_YEAR_RE = re.compile(r"(19|20)\d{2}")
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.S)
_SHORT_NAME_MAX = 40
_SHORT_NAME_SOFT_MAX = 28
_CUT_RE = re.compile(r" (relatif|relative|pour|sur|des|du|de la|de l'|en matière) ")


class FicheError(ValueError):
    """A fiche file is missing, unreadable or invalid; the message names the file."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = Path(path)
        self.reason = message


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fiche's facts come from. `date` is kept as written (ISO date, month or year)."""

    name: str
    date: str
    url: str | None = None
    short: str | None = None  # optional short name for SMS ("CNSA")

    @property
    def year(self) -> str | None:
        match = _YEAR_RE.search(self.date)
        return match.group(0) if match else None

    @property
    def short_name(self) -> str:
        """The publisher part of the name: "Localtis (Banque des Territoires), Métiers..." →
        "Localtis"; "Arrêté du 3 juillet 2023 (accès...)" → "Arrêté du 3 juillet 2023";
        "Caisse nationale de solidarité pour l'autonomie (CNSA)" → "CNSA". A source may
        set its own `short`."""
        if self.short:
            return self.short
        full = " ".join(self.name.split())
        name = re.sub(r"(?<!\s)\s*+\([^()]*+\)", "", full).strip() or full
        for separator in (", ", " ; ", "; ", " : ", " — ", " – ", " - "):
            name = name.split(separator, 1)[0].strip()
        acronym = re.match(re.escape(name) + r"\s*\(([A-Z]{2,10})\)", full)
        if acronym:
            return acronym.group(1)
        if len(name) > _SHORT_NAME_SOFT_MAX:
            cut = _CUT_RE.search(name[8:])
            if cut:
                name = name[: 8 + cut.start()]
        if len(name) > _SHORT_NAME_MAX:
            name = name[:_SHORT_NAME_MAX].rsplit(" ", 1)[0]
        return name

    def as_payload(self, title: str | None = None) -> dict[str, str]:
        """The `custom.sources[]` item of the REST contract: {title, url?, date}."""
        payload = {"title": title or self.name, "date": self.date}
        if self.url:
            payload["url"] = self.url
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
    valid_until: dt.date | None = None

    @property
    def short_source(self) -> str:
        """First source, shortened, with its year: "CNSA, 2025"."""
        first = self.sources[0]
        return f"{first.short_name}, {first.year}" if first.year else first.short_name

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The long answer split into blocks, Markdown markers removed."""
        blocks = re.split(r"\n\s*\n", self.long)
        cleaned = (_strip_markdown(block) for block in blocks)
        return tuple(block for block in cleaned if block)

    def is_expired(self, today: dt.date | None = None) -> bool:
        if self.valid_until is None:
            return False
        return self.valid_until < (today or dt.date.today())

    def sources_payload(self) -> list[dict[str, str]]:
        """`custom.sources` for the REST contract."""
        return [source.as_payload() for source in self.sources]

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
    return " ".join(value.split()) if key != "long" else value.strip()


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
        raise FicheError(path, "'sources' must be a non-empty list of {name, date, url?}")
    sources = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise FicheError(path, f"source #{index + 1} must be a mapping {{name, date, url?}}")
        name = str(item.get("name") or "").strip()
        date = _date_text(item.get("date"))
        url = str(item["url"]).strip() if item.get("url") else None
        short = str(item["short"]).strip() if item.get("short") else None
        if not name:
            raise FicheError(path, f"source #{index + 1} has no name")
        if not date:
            raise FicheError(path, f"source #{index + 1} ({name}) has no date")
        if not _YEAR_RE.search(date):
            raise FicheError(path, f"source #{index + 1} ({name}) has no year in its date {date!r}")
        sources.append(Source(name=name, date=date, url=url, short=short))
    return tuple(sources)


def _valid_until(path: Path, value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise FicheError(path, f"'valid_until' is not an ISO date: {value!r}") from exc


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
        valid_until=_valid_until(path, data.get("valid_until")),
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
