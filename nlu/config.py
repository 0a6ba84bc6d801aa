"""A Rasa-style ``config.yml`` chooses the NLU components; without one, the default.

    language: fr
    pipeline:
      - name: CountVectorsFeaturizer      # word n-grams (lexical features)
      - name: CountVectorsFeaturizer      # char n-grams
        analyzer: char_wb
        min_ngram: 1
        max_ngram: 4
      - name: LanguageModelFeaturizer     # multilingual-e5-small sentence embeddings
      - name: LinearSVMClassifier         # or LogisticRegressionClassifier
        C: 0.3                            # omitted: chosen by cross-validation
        embedding_weight: 2               # omitted: chosen by cross-validation
        entity_hints: true
      - name: FallbackClassifier
        threshold: 0.3                    # omitted: set from the calibration

Rasa's tokenizers, regex/lookup featurizers, entity extractors and synonym mapper are
accepted: their work is built in (rules, lexicon, gazetteer, regexes and lookups of the
training data). A component or option this pipeline does not have is an error naming
the file and line; ``DIETClassifier`` and ``SklearnIntentClassifier`` map to the SVM.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from nlu.errors import NLUError
from nlu.intent import IntentConfig
from nlu.training_data import sequence_items

__all__ = ["ConfigError", "load_config"]

_BUILT_IN = {
    "WhitespaceTokenizer", "SpacyTokenizer", "SpacyNLP", "RegexFeaturizer",
    "LexicalSyntacticFeaturizer", "RegexEntityExtractor", "EntitySynonymMapper",
    "CRFEntityExtractor", "SpacyEntityExtractor", "DucklingEntityExtractor",
    "ResponseSelector", "KeywordIntentClassifier",
}  # fmt: skip
_CLASSIFIERS = {
    "LinearSVMClassifier": "svc",
    "DIETClassifier": "svc",
    "SklearnIntentClassifier": "svc",
    "LogisticRegressionClassifier": "lr",
}
_OPTIONS = {
    "CountVectorsFeaturizer": {"analyzer", "min_ngram", "max_ngram"},
    "LanguageModelFeaturizer": {"model_name", "model_weights"},
    "FallbackClassifier": {"threshold", "ambiguity_threshold"},
    **{name: {"C", "embedding_weight", "entity_hints", "epochs"} for name in _CLASSIFIERS},
}


class ConfigError(NLUError):
    """A config.yml this pipeline cannot follow."""


def load_config(path: Path) -> IntentConfig:
    """The intent configuration a Rasa-style config.yml describes."""
    try:
        content = path.read_text(encoding="utf-8")
        doc = yaml.safe_load(content) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the config: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("pipeline", []), list):
        raise ConfigError(f"{path}: expected a mapping with a 'pipeline' list")
    language = str(doc.get("language", "fr"))
    if language not in ("fr", "xx"):
        raise ConfigError(f"{path}: language {language!r}: this NLU is French ('fr')")
    lines = [item.start_mark.line + 1 for item in sequence_items(content, "pipeline")]
    config = IntentConfig()
    lexical = embeddings = False
    char: tuple[int, int] | None = None
    word: tuple[int, int] | None = None
    for n, item in enumerate(doc.get("pipeline") or []):
        where = f"{path}:{lines[n]}" if n < len(lines) else f"{path}: pipeline[{n}]"
        if not isinstance(item, dict) or "name" not in item:
            raise ConfigError(f"{where}: a component needs a 'name'")
        name = str(item["name"])
        options = {k: v for k, v in item.items() if k != "name"}
        if name in _BUILT_IN:
            continue
        if name not in _OPTIONS:
            raise ConfigError(f"{where}: unknown component {name!r}")
        unknown = sorted(set(options) - _OPTIONS[name])
        if unknown:
            raise ConfigError(f"{where}: {name} has no option {unknown[0]!r}")
        try:
            if name == "CountVectorsFeaturizer":
                lexical = True
                span = (int(options.get("min_ngram", 1)), int(options.get("max_ngram", 1)))
                if str(options.get("analyzer", "word")).startswith("char"):
                    char = span if "max_ngram" in options else (1, 4)
                else:
                    word = span if "max_ngram" in options else (1, 2)
            elif name == "LanguageModelFeaturizer":
                embeddings = True
            elif name == "FallbackClassifier":
                if "threshold" in options:
                    config = replace(config, threshold=float(options["threshold"]))
            else:
                config = replace(config, classifier=_CLASSIFIERS[name])  # type: ignore[arg-type]
                if "C" in options:
                    config = replace(config, C=float(options["C"]))
                if "embedding_weight" in options:
                    config = replace(config, embedding_weight=float(options["embedding_weight"]))
                if options.get("entity_hints") is False:
                    config = replace(config, entity_weight=0.0)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: {name}: {exc}") from exc
    if not lexical and not embeddings:
        raise ConfigError(
            f"{path}: no featurizer (CountVectorsFeaturizer, LanguageModelFeaturizer)"
        )
    features = "both" if lexical and embeddings else "lexical" if lexical else "embeddings"
    return replace(
        config,
        features=features,  # type: ignore[arg-type]
        char_ngrams=char or config.char_ngrams,
        word_ngrams=word or config.word_ngrams,
    )
