"""Lexicon extractor: canonical values from surface forms (Rasa's entity ruler + synonym mapper).

Patterns come from ``data/vocabulary.yml`` (canonical values of job, diploma,
event_type, workplace) and from the training data: annotated example spans,
synonyms and lookup tables. Matching uses a spaCy ``PhraseMatcher`` on
``NORM``, which the normaliser sets to the folded, stemmed token, so
"Aides-soignantes" matches "aide soignant". Short acronyms that are also words
("AS") match case-sensitively on ``ORTH``.

A word one edit away from a word of the lexicon ("aide soigante", "assitante de vie",
"auxilaire") is read as that word when it is no French word and no other lexicon word
is one edit away too (the most used one when several are); a capitalised word past the
first is a name. A match that needs such a word ranks below the places (a commune's
name is never a misspelt job).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlu.components.base import Candidate, propose
from nlu.french_words import is_french_word
from nlu.text import fold, stem
from vocab.text import OneEditIndex

__all__ = ["IGNORE", "LexiconExtractor", "Pattern", "load_vocabulary"]

EXTRACTOR = "LexiconEntityExtractor"
IGNORE = "_ignore"  # vocabulary.yml's section of phrases to drop ("cap emploi")
FUZZY_MIN = 6  # a stem this long or longer may be read through a one-edit typo
_PRIORITY, _FUZZY_PRIORITY = 15, 11  # the gazetteer's places: 12


@dataclass(frozen=True)
class Pattern:
    entity: str
    value: str
    phrase: str
    case_sensitive: bool = False
    source: str = "vocabulary"


def load_vocabulary(path: str | Path | None = None) -> list[Pattern]:
    """Reads vocabulary.yml: ``{entity: {value: {forms: [...], case_sensitive: [...]}}}``."""
    if path is None:
        text = (resources.files("nlu") / "data" / "vocabulary.yml").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    doc = yaml.safe_load(text) or {}
    patterns: list[Pattern] = []
    for entity, values in doc.items():
        for value, spec in (values or {}).items():
            spec = spec or {}
            for form in spec.get("forms") or []:
                patterns.append(Pattern(str(entity), str(value), str(form)))
            for form in spec.get("case_sensitive") or []:
                patterns.append(Pattern(str(entity), str(value), str(form), case_sensitive=True))
    return patterns


def normalise_tokens(doc: Doc) -> Doc:
    for token in doc:
        token.norm_ = stem(fold(token.text))
    return doc


#: a form this long (in words) is a full title, written with a comma inside at times
_TITLE_WORDS = 4


def _variants(phrase: str) -> set[str]:
    base = " ".join(phrase.split())
    found = {base, base.replace("-", " "), base.replace(" ", "-"), base.replace("'", " ")}
    words = base.split()
    if len(words) >= _TITLE_WORDS:
        # "bac pro accompagnement, soins et services à la personne": one comma after any
        # word but the first ("aide, à domicile" is two things)
        found |= {" ".join(words[:k]) + " , " + " ".join(words[k:]) for k in range(2, len(words))}
    return found


class LexiconExtractor:
    """spaCy component: PhraseMatcher over the lexicon, longest match wins later."""

    def __init__(self, nlp: Language, name: str = "autonomie_lexicon") -> None:
        self.nlp = nlp
        self.name = name
        self.patterns: list[Pattern] = []
        self._values: list[tuple[str, str]] = []
        self._matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._near = OneEditIndex(())  # the lexicon words a typo may stand for
        self._counts: Counter[str] = Counter()  # lexicon word (folded) -> patterns using it

    def initialize(self, patterns: Sequence[Pattern]) -> None:
        seen: set[tuple[str, str, str, bool]] = set()
        unique = []
        for p in patterns:
            key = (
                p.entity,
                p.value,
                fold(p.phrase) if not p.case_sensitive else p.phrase,
                p.case_sensitive,
            )
            if key not in seen and p.phrase.strip():
                seen.add(key)
                unique.append(p)
        self.patterns = unique
        self._build()

    def _build(self) -> None:
        self._matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self._exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._values = []
        self._counts = Counter()
        for i, p in enumerate(self.patterns):
            key = str(i)
            self._values.append((p.entity, p.value))
            if p.case_sensitive:
                self._exact.add(key, [self.nlp.make_doc(p.phrase)])
            else:
                docs = [normalise_tokens(self.nlp.make_doc(v)) for v in _variants(fold(p.phrase))]
                self._matcher.add(key, [d for d in docs if len(d)])
                if p.entity != IGNORE:
                    self._counts.update({t.lower_ for d in docs for t in d if t.is_alpha})
        self._near = OneEditIndex(word for word in self._counts if len(word) >= FUZZY_MIN)

    def _respell(self, doc: Doc) -> set[int]:
        """Sets the NORM of each misspelt lexicon word to that word's (the most used of
        those one edit away); the token indices respelt."""
        fixed = set()
        for token in doc:
            word = fold(token.text)
            if len(word) < FUZZY_MIN or not word.isalpha() or word in self._counts:
                continue
            if token.i > 0 and token.text[:1].isupper() and not token.text.isupper():
                continue  # a name ("quartier des Sablons" is no misspelt "salons")
            ranked = sorted((self._counts[w], w) for w in self._near.near(word))
            if not ranked or (len(ranked) > 1 and ranked[-1][0] == ranked[-2][0]):
                continue
            if not is_french_word(word):
                token.norm_ = stem(ranked[-1][1])
                fixed.add(token.i)
        return fixed

    def __call__(self, doc: Doc) -> Doc:
        fixed = self._respell(doc)
        matches = [
            (self._values[int(self.nlp.vocab.strings[match_id])], start, end)
            for matcher in (self._matcher, self._exact)
            for match_id, start, end in matcher(doc)
        ]
        # a phrase to ignore drops what it covers, not a longer form that contains it
        # ("services à la personne" inside "bac pro accompagnement soins et services à la
        # personne": the diploma stands)
        kept = [(start, end) for (entity, _), start, end in matches if entity != IGNORE]
        for (entity, value), start, end in matches:
            priority = _PRIORITY
            if fixed.intersection(range(start, end)):
                priority = _FUZZY_PRIORITY
            if entity == IGNORE:
                if any(s <= start and end <= e and e - s > end - start for s, e in kept):
                    continue
                priority = 50
            span = doc[start:end]
            propose(
                doc,
                Candidate(
                    span.start_char,
                    span.end_char,
                    entity,
                    value,
                    EXTRACTOR,
                    priority=priority,
                ),
            )
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        data: list[dict[str, Any]] = [asdict(p) for p in self.patterns]
        (Path(path) / "patterns.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LexiconExtractor:
        data = json.loads((Path(path) / "patterns.json").read_text("utf-8"))
        self.patterns = [Pattern(**item) for item in data]
        self._build()
        return self
