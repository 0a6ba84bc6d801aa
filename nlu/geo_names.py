"""Commune names as people write them (the INSEE's COG, else a readable form of La
Poste's upper-case spelling), and how close a misspelt name is to one."""

from __future__ import annotations

import csv
from pathlib import Path

from vocab.text import one_edit

__all__ = ["cog_names", "nice_name", "short_typo", "words_one_edit"]


def cog_names(path: Path) -> dict[str, tuple[str, int | None]]:
    """INSEE code → (name as written, population) from ``communes_cog.csv`` (see
    nlu/data/README.md); empty when the file is absent."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["code_insee"]: (row["nom"], int(row["population"]) if row["population"] else None)
            for row in csv.DictReader(handle, delimiter=";")
        }


_LOWER_WORDS = {"de", "du", "des", "la", "le", "les", "sur", "sous", "en", "et", "aux", "au", "lez"}


def nice_name(laposte: str) -> str:
    """Readable name: "ST ETIENNE" → "Saint-Etienne", "L HAY LES ROSES" → "L'Hay-les-Roses"."""
    words = laposte.split()
    if not words:
        return laposte
    out: list[str] = []
    article = ""
    if words[0] in {"LE", "LA", "LES"} and len(words) > 1:
        article = words[0].capitalize() + " "
        words = words[1:]
    for i, word in enumerate(words):
        low = word.lower()
        if low == "st":
            low = "saint"
        elif low == "ste":
            low = "sainte"
        if low.isdigit():
            out.append(str(int(low)))
        elif i > 0 and low in _LOWER_WORDS:
            out.append(low)
        elif len(low) == 1 and low in {"l", "d"} and i + 1 < len(words):
            out.append(("L" if i == 0 else low) + "'")
        else:
            out.append(low.capitalize())
    text = ""
    for i, part in enumerate(out):
        if i == 0:
            text = part
        elif text.endswith("'"):
            text += part
        elif part.isdigit():
            text += " " + part
        else:
            text += "-" + part
    return article + text


def words_one_edit(written: list[str], name: list[str]) -> bool:
    """Each word equal or one edit away (3-letter words equal), at least one edited."""
    edited = False
    for a, b in zip(written, name, strict=True):
        if a == b:
            continue
        if len(a) <= 3 or len(b) <= 3 or a[0] != b[0] or not one_edit(a, b):
            return False
        edited = True
    return edited


def short_typo(typed: str, name: str) -> bool:
    """``typed`` is a short ``name`` with one letter doubled ("pauu", "daxx", "agenn") or
    two neighbours swapped past the first letter ("agne", "pua"); never a letter dropped
    nor changed ("alex" is no typo of Alès, "sans" none of Sens)."""
    if not typed or not name or typed[0] != name[0] or typed == name:
        return False
    if len(typed) == len(name) + 1:
        return any(
            typed[i] == typed[i - 1] and typed[:i] + typed[i + 1 :] == name
            for i in range(1, len(typed))
        )
    if len(typed) != len(name):
        return False
    diff = [i for i in range(len(name)) if typed[i] != name[i]]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and (typed[diff[0]], typed[diff[1]]) == (name[diff[1]], name[diff[0]])
    )
