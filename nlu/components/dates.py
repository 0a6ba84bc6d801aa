"""French date expressions resolved against a reference day.

``find_dates(folded_text, today)`` returns ``(start, end, extra)`` triples where
``extra`` is ``{"date": "2026-01-12"}`` for a day or ``{"date_from": ..., "date_to": ...}``
for a range ("la semaine prochaine", "en janvier"). Offsets index the folded
text; the caller maps them back to the original.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from nlu.components.numbers import NUMBER_WORDS

__all__ = ["find_dates"]

WEEKDAYS = {
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
}
MONTHS = {
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}
#: "dans deux semaines", "dans huit jours", "dans quinze jours"
_NUMBERS = {word: n for word, n in NUMBER_WORDS.items() if n and word.isalpha()}
_NUMBERS["quinze"] = 15
_WD = "|".join(WEEKDAYS)
_MO = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = r"\d{1,2}|" + "|".join(_NUMBERS)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "span",
        re.compile(
            rf"\bdu\s+(1er|\d{{1,2}})\s+(?:({_MO})\s+)?au\s+(\d{{1,2}})\s+({_MO})(?:\s+(\d{{4}}))?\b"
        ),
    ),
    (
        "holidays",
        re.compile(
            r"\b(?:pendant|durant|pour|aux)\s+(?:les\s+)?vacances(?:\s+(?:scolaires|d'ete|de\s+noel|"
            r"de\s+paques|de\s+la\s+toussaint|de\s+fevrier|d'hiver|de\s+printemps))?\b"
        ),
    ),
    ("numeric", re.compile(r"\b(?:le\s+)?(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\b")),
    (
        "day_month",
        re.compile(
            rf"\b(?:(?:{_WD})\s+)?(?:le\s+)?(1er|\d{{1,2}})\s+({_MO})\.?(?:\s+(\d{{4}}))?\b"
        ),
    ),
    ("weekday_num", re.compile(rf"\b(?:(?:ce|le)\s+)?({_WD})\s+(\d{{1,2}})\b(?!\s*[/h:])")),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?:ce|le)\s+)?({_WD})(?:\s+(prochain|suivant|d'apres|en\s+huit|qui\s+vient|pro(?:ch)?))?\b"
        ),
    ),
    (
        "relative_day",
        re.compile(
            r"\b(apres[\s-]demain|demain|aujourd'?\s?hui|auj|ce\s+soir|ce\s+matin|cet\s+apres[\s-]midi|"
            r"cette\s+nuit|ce\s+midi)\b"
        ),
    ),
    (
        "period",
        re.compile(
            r"\b(?:(la|cette|le|ce|ce\s+mois|d'?\s?ici\s+la)\s+)?"
            r"(semaine|mois|week[\s-]?end|we)(?:[\s-](ci))?"
            r"(?:\s+(prochaine?|suivante?|d'apres|qui\s+vient|pro(?:ch)?))?\b"  # SMS "pro"
        ),
    ),
    (
        "month_end",
        re.compile(r"\b(?:d'?\s?ici\s+(?:la\s+)?|a\s+la\s+|en\s+)?fin\s+(?:du|de)\s+mois\b"),
    ),
    ("in_n", re.compile(rf"\bdans\s+({_NUM})\s+(jours?|semaines?|mois)\b")),
    (
        "month",
        re.compile(
            rf"(?<!')\b(?:(en|au\s+mois\s+de|debut|fin|mi|courant)[\s-]+)?({_MO})(?:\s+(\d{{4}}))?\b"
        ),
    ),
]


def _next_weekday(today: date, weekday: int, strictly_after: bool) -> date:
    delta = (weekday - today.weekday()) % 7
    if delta == 0 and strictly_after:
        delta = 7
    return today + timedelta(days=delta)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _upcoming_year(today: date, month: int, day: int = 1) -> int:
    try:
        candidate = date(today.year, month, day)
    except ValueError:
        return today.year
    return today.year if candidate >= today - timedelta(days=31) else today.year + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day(d: date) -> dict[str, str]:
    return {"date": d.isoformat()}


def _range(a: date, b: date) -> dict[str, str]:
    return {"date_from": a.isoformat(), "date_to": b.isoformat()}


def _numeric(m: re.Match[str], today: date) -> dict[str, str] | None:
    day, month = int(m.group(1)), int(m.group(2))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    year_s = m.group(3)
    if year_s:
        year = int(year_s) + (2000 if len(year_s) == 2 else 0)
    else:
        year = _upcoming_year(today, month, min(day, 28))
    d = _safe_date(year, month, day)
    return _day(d) if d else None


def _day_month(m: re.Match[str], today: date) -> dict[str, str] | None:
    day = 1 if m.group(1) == "1er" else int(m.group(1))
    month = MONTHS[m.group(2)]
    year = int(m.group(3)) if m.group(3) else _upcoming_year(today, month, min(day, 28))
    d = _safe_date(year, month, day)
    return _day(d) if d else None


def _weekday_num(m: re.Match[str], today: date) -> dict[str, str] | None:
    day = int(m.group(2))
    for offset in range(0, 3):
        month = (today.month - 1 + offset) % 12 + 1
        year = today.year + (today.month - 1 + offset) // 12
        d = _safe_date(year, month, day)
        if d and d >= today and d.weekday() == WEEKDAYS[m.group(1)]:
            return _day(d)
    d = _safe_date(today.year, today.month, day) if 1 <= day <= 31 else None
    return _day(d) if d else None


def _weekday(m: re.Match[str], today: date) -> dict[str, str] | None:
    modifier = m.group(2) or ""
    d = _next_weekday(today, WEEKDAYS[m.group(1)], strictly_after=bool(modifier))
    if modifier.startswith("d'apres") or modifier.startswith("en"):
        d += timedelta(days=7)
    return _day(d)


def _relative_day(m: re.Match[str], today: date) -> dict[str, str] | None:
    word = m.group(1)
    if word.startswith("apres"):
        return _day(today + timedelta(days=2))
    if word == "demain":
        return _day(today + timedelta(days=1))
    return _day(today)


def _period(m: re.Match[str], today: date) -> dict[str, str] | None:
    det, unit, ci, modifier = m.group(1) or "", m.group(2), m.group(3), m.group(4) or ""
    nxt = bool(modifier)
    if not nxt and not ci and det not in {"cette", "ce", "ce mois"}:
        return None
    later = 2 if modifier.startswith("d'apres") else (1 if nxt else 0)
    if unit == "semaine":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=later)
        return _range(max(monday, today), monday + timedelta(days=6))
    if unit == "mois":
        month_index = today.month - 1 + later
        year, month = today.year + month_index // 12, month_index % 12 + 1
        first, last = _month_range(year, month)
        return _range(max(first, today), last)
    saturday = _next_weekday(today, 5, strictly_after=False) + timedelta(weeks=later)
    if today.weekday() == 6 and not later:
        return _range(today, today)
    return _range(saturday, saturday + timedelta(days=1))


def _in_n(m: re.Match[str], today: date) -> dict[str, str] | None:
    raw = m.group(1)
    n = int(raw) if raw.isdigit() else _NUMBERS[raw]
    unit = m.group(2)
    if unit.startswith("jour"):
        return _day(today + timedelta(days=n))
    if unit.startswith("semaine"):
        start = today + timedelta(weeks=n)
        monday = start - timedelta(days=start.weekday())
        return _range(monday, monday + timedelta(days=6))
    month_index = today.month - 1 + n
    return _range(*_month_range(today.year + month_index // 12, month_index % 12 + 1))


def _month(m: re.Match[str], today: date) -> dict[str, str] | None:
    prefix, name, year_s = m.group(1) or "", m.group(2), m.group(3)
    if not prefix and not year_s and name in {"sept", "oct", "nov", "dec", "fev", "avr", "juil"}:
        return None  # too ambiguous alone ("mai", "sept")
    month = MONTHS[name]
    year = int(year_s) if year_s else _upcoming_year(today, month, 28)
    first, last = _month_range(year, month)
    if prefix == "debut":
        last = first + timedelta(days=9)
    elif prefix == "fin":
        first = last - timedelta(days=9)
    elif prefix == "mi":
        first, last = first + timedelta(days=9), first + timedelta(days=19)
    return _range(first, last)


def _span(m: re.Match[str], today: date) -> dict[str, str] | None:
    first = 1 if m.group(1) == "1er" else int(m.group(1))
    end_month = MONTHS[m.group(4)]
    start_month = MONTHS[m.group(2)] if m.group(2) else end_month
    year = int(m.group(5)) if m.group(5) else _upcoming_year(today, start_month, min(first, 28))
    a = _safe_date(year, start_month, first)
    b = _safe_date(year + (1 if end_month < start_month else 0), end_month, int(m.group(3)))
    return _range(a, b) if a and b and a <= b else None


def _month_end(m: re.Match[str], today: date) -> dict[str, str] | None:
    last = _month_range(today.year, today.month)[1]
    return _range(max(today, last - timedelta(days=9)), last)


def _holidays(m: re.Match[str], today: date) -> dict[str, str] | None:
    return {"period": "vacances"}


_RESOLVERS = {
    "span": _span,
    "holidays": _holidays,
    "month_end": _month_end,
    "numeric": _numeric,
    "day_month": _day_month,
    "weekday_num": _weekday_num,
    "weekday": _weekday,
    "relative_day": _relative_day,
    "period": _period,
    "in_n": _in_n,
    "month": _month,
}


_DAY_KINDS = {"numeric", "day_month", "weekday_num", "weekday", "relative_day"}
_TIME_TAIL = re.compile(
    r"(?<!\s)(?:\s++(?:au\s++)?(?:matin|apres[\s-]midi|aprem|soir|midi|en\s+matinee|"
    r"dans\s+l'apres[\s-]midi))?(?:\s++(?:(?:a|vers|des|pour)\s*+)?(\d{1,2})\s*+h\s*+(\d{2})?)?"
)


def _with_time(folded: str, end: int, extra: dict[str, str]) -> tuple[int, dict[str, str]]:
    """Extends a day to a following part of day or hour ("mardi matin", "demain à 14h")."""
    tail = _TIME_TAIL.match(folded, end)
    if tail is None or tail.end() == end:
        return end, extra
    if tail.group(1) is not None and int(tail.group(1)) < 24:
        extra = {**extra, "time": f"{int(tail.group(1)):02d}:{tail.group(2) or '00'}"}
    return tail.end(), extra


def find_dates(folded: str, today: date) -> list[tuple[int, int, dict[str, str]]]:
    """Date expressions in folded text, longest first, not overlapping."""
    found: list[tuple[int, int, dict[str, str]]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            extra = _RESOLVERS[kind](m, today)
            if extra is None:
                continue
            if kind in _DAY_KINDS:
                end, extra = _with_time(folded, end, extra)
            taken.append((start, end))
            found.append((start, end, extra))
    found.sort()
    return found
