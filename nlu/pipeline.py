"""The NLU pipeline: train, save, load, parse (Rasa's ``/model/parse`` shape).

    pipeline = NLUPipeline.train(load_training_data("nlu/data/nlu.yml"), "models/nlu")
    pipeline = NLUPipeline.load("models/nlu", encoder=shared_encoder)
    result = pipeline.parse("jsuis a roubaix jai le permis")
    result.as_dict()   # {"text", "intent", "intent_ranking", "entities"}
    result.embedding   # the message's sentence embedding (reuse it for retrieval)

``parse`` never raises: any failure inside degrades to ``out_of_scope`` with
confidence 0 and no entities (logged).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nlu.calibration import FALLBACK_INTENT
from nlu.components.base import Candidate
from nlu.embedding_cache import encode_remembered
from nlu.embeddings import Encoder, default_encoder
from nlu.entities import EntityExtractor
from nlu.errors import ModelNotFoundError
from nlu.frames import FRAME_WORDS, classifier_view, encoder_view
from nlu.geo import Communes
from nlu.intent_model import INTENT_ARRAYS, INTENT_FILE, IntentModel
from nlu.intents import INTENTS
from nlu.noise import unread
from nlu.payloads import parse_payload
from nlu.respelt import respelt_entities, typo_places
from nlu.speller import Speller
from nlu.text import SMS_WORDS, clean_for_embedding, fold, mask_markup
from nlu.training_data import Example, TrainingData, load_training_data

if TYPE_CHECKING:  # training only: parsing never imports scikit-learn
    from nlu.intent import IntentConfig, Progress

__all__ = ["DEFAULT_MODEL_DIR", "INTENTS", "NLUPipeline", "ParseResult"]

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = "models/nlu"
RANKING_SIZE = 10
MAX_CLASSIFIER_CHARS = 1000
MAX_ENTITY_CHARS = 5000
#: lone surrogates: what undecodable bytes become with "surrogateescape" (spaCy's and the
#: tokenizer's UTF-8 encoding refuse them); each is read as U+FFFD, offsets unchanged
_SURROGATE = re.compile("[\ud800-\udfff]")


def with_out_of_domain(data: TrainingData) -> TrainingData:
    """``data`` plus the packaged out-of-domain messages (nlu/data/out_of_domain.yml) as
    ``out_of_scope`` examples, when ``data`` has that intent; texts it already has are
    left out."""
    if FALLBACK_INTENT not in data.intent_counts():
        return data
    extra = load_training_data(Path(__file__).parent / "data" / "out_of_domain.yml")
    seen = {fold(e.text).strip() for e in data.examples}
    added = [
        Example(e.text, FALLBACK_INTENT) for e in extra.examples if fold(e.text).strip() not in seen
    ]
    merged = data.subset(range(len(data.examples)))
    merged.examples.extend(added)
    return merged


@dataclass
class ParseResult:
    """One parsed message. ``as_dict()`` is exactly Rasa's parse result."""

    text: str
    intent: str
    confidence: float
    ranking: list[tuple[str, float]]
    entities: list[dict[str, Any]]
    _embedding: np.ndarray | None = field(default=None, repr=False)
    _embed: Callable[[], np.ndarray] | None = field(default=None, repr=False)

    @property
    def embedding(self) -> np.ndarray | None:
        """The sentence embedding (float32, unit length), computed at most once."""
        if self._embedding is None and self._embed is not None:
            try:
                self._embedding = self._embed()
            except Exception:  # never let a parse consumer crash on it
                log.exception("embedding failed")
            self._embed = None
        return self._embedding

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "intent": {"name": self.intent, "confidence": round(float(self.confidence), 4)},
            "intent_ranking": [
                {"name": name, "confidence": round(float(conf), 4)}
                for name, conf in self.ranking[:RANKING_SIZE]
            ],
            "entities": [dict(e) for e in self.entities],
        }


class NLUPipeline:
    """Entity extractor + intent classifier (+ the shared sentence encoder)."""

    def __init__(
        self,
        entities: EntityExtractor,
        intents: IntentModel,
        encoder: Encoder | None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.entities = entities
        self.intents = intents
        self._encoder = encoder
        self.metadata = metadata or {}

    # --- training -----------------------------------------------------------------
    @classmethod
    def train(
        cls,
        data: TrainingData,
        out_dir: str | Path | None = DEFAULT_MODEL_DIR,
        *,
        encoder: Encoder | None = None,
        config: IntentConfig | None = None,
        spacy_base: str = "xx",
        communes: Communes | None = None,
        progress: Progress | None = None,
    ) -> NLUPipeline:
        """Trains on ``data`` and, unless ``out_dir`` is None, saves into it.
        ``progress`` is called with a short label after each step (for a progress bar)."""
        if not data.examples:
            raise ValueError("no training examples")
        from nlu.intent import IntentClassifier, IntentConfig

        started = time.perf_counter()
        config = config or IntentConfig()
        data = data.capped()
        own = len(data.examples)
        if config.out_of_domain:
            data = with_out_of_domain(data)
        texts = [classifier_view(e.text, MAX_CLASSIFIER_CHARS) for e in data.examples]
        read = [i for i, e in enumerate(data.examples) if not unread(texts[i], e.text)]
        if len({data.examples[i].intent for i in read}) == len(data.intent_counts()):
            data, texts = data.subset(read), [texts[i] for i in read]  # parsing's rule
            own = sum(1 for i in read if i < own)
        extra = [i >= own for i in range(len(data.examples))]
        labels = [e.intent for e in data.examples]
        embeddings = None
        if config.features in ("embeddings", "both"):
            encoder = encoder or default_encoder()
            embeddings = encode_remembered(
                encoder,
                [encoder_view(e.text) for e in data.examples],
                Path(out_dir) if out_dir is not None else None,
            )
        if progress:
            progress("sentence embeddings")
        entities = EntityExtractor.train(data, base=spacy_base, communes=communes)
        found = [[c.entity for c in entities.extract(e.text)] for e in data.examples]
        if progress:
            progress("entities")
        classifier = IntentClassifier(config)
        classifier.fit(texts, embeddings, labels, found, progress, extra if any(extra) else None)
        if "out_of_domain" in classifier.cv_report and not classifier.used_extra:
            data = data.subset(range(own))
        intents = classifier.export()
        if config.spelling:
            vocabulary = [*(e.text for e in data.examples), FRAME_WORDS]
            intents.speller = Speller.fit(vocabulary, keep=SMS_WORDS)
        metadata = {
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "examples": len(data.examples),
            "intents": classifier.classes_,
            "entity_types": data.entity_types,
            "intent_config": classifier.config.as_dict(),
            "selection": classifier.selection,
            "cross_validation": classifier.cv_report,
            "threshold": classifier.threshold,
            "out_of_domain_used": classifier.used_extra,
            "temperature": classifier.temperature,
            "spacy_base": spacy_base,
            "train_seconds": round(time.perf_counter() - started, 2),
        }
        pipeline = cls(entities, intents, encoder, metadata)
        if out_dir is not None:
            pipeline.save(out_dir)
        return pipeline

    def save(self, out_dir: str | Path) -> None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        self.intents.save(out)
        (out / "intent.joblib").unlink(missing_ok=True)  # a pickle from before the export
        self.entities.save(out / "entities")
        (out / "metadata.json").write_text(json.dumps(self.metadata, indent=2), encoding="utf-8")

    @classmethod
    def load(
        cls, model_dir: str | Path = DEFAULT_MODEL_DIR, encoder: Encoder | None = None
    ) -> NLUPipeline:
        """Loads a trained model; pass the app's shared encoder to avoid a second copy."""
        path = Path(model_dir)
        if not (path / "metadata.json").is_file():
            raise ModelNotFoundError(f"no NLU model in {path} (run `autonomie nlu train`)")
        intents = _load_intents(path)
        entities = EntityExtractor.load(path / "entities")
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
        if encoder is None and intents.uses_embeddings:
            encoder = default_encoder()
        return cls(entities, intents, encoder, metadata)

    # --- accessors ----------------------------------------------------------------
    @property
    def encoder(self) -> Encoder | None:
        return self._encoder

    @property
    def communes(self) -> Communes | None:
        """The gazetteer's commune table (lookups, postal codes, coordinates)."""
        return self.entities.communes

    @property
    def known_intents(self) -> set[str]:
        return set(self.intents.classes_) | set(INTENTS)

    # --- parsing ------------------------------------------------------------------
    def parse(self, text: str, *, today: date | None = None) -> ParseResult:
        """Intent, ranking, entities and embedding of one message. Never raises."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        try:
            result = self._parse(_SURROGATE.sub("\ufffd", text), today)
            result.text = text
            return result
        except Exception:
            log.exception("NLU parse failed; answering out_of_scope")
            return ParseResult(text, FALLBACK_INTENT, 0.0, [(FALLBACK_INTENT, 0.0)], [])

    def _embedder(self, text: str) -> Callable[[], np.ndarray] | None:
        encoder = self._encoder
        if encoder is None:
            return None
        return lambda: encoder.encode([clean_for_embedding(text, MAX_CLASSIFIER_CHARS)])[0]

    def _spelled(
        self, text: str, entities: Sequence[dict[str, Any]], dictionary: bool = False
    ) -> str:
        """``text`` with one-edit typos of training words corrected (for the intent only:
        entities are read from the text as written, their offsets point into it), except
        in the places found ("Tours" is a town, not "jours" misspelt)."""
        speller = getattr(self.intents, "speller", None)
        if speller is None:
            return text
        places = [(e["start"], e["end"]) for e in entities if e["entity"] == "location"]
        # French words beyond the training data: for the encoder only (the lexical
        # features keep the written word's n-grams: "pacser" is no typo of "passer")
        score = getattr(self._encoder, "word_score", None) if dictionary else None
        return speller.correct(mask_markup(text[: MAX_CLASSIFIER_CHARS * 2]), places, score)

    def _hints(
        self, entities: list[dict[str, Any]], read: str, folded: tuple[str, str, str],
        respelt: list[Candidate], today: date | None,
    ) -> list[str]:  # fmt: skip
        """The entity types the classifier is told about: those found in the text, and
        when the speller corrected it, those found in the corrected text too ("auxliaire
        de vie" is a job once spelt right). ``folded``: the message as written (markup
        masked), spelt and read, folded."""
        names = [e["entity"] for e in entities]
        written, spelled, folded_read = folded
        # accents put back change no entity (they are matched on folded text)
        if folded_read != written:
            extra = respelt if folded_read == spelled else self._extract(read, today)
            names += [c.entity for c in extra if c.entity not in names]
        return names

    def _extract(self, text: str, today: date | None) -> list[Candidate]:
        return self.entities.extract(text, today=today, max_chars=MAX_ENTITY_CHARS)

    def _read(
        self, text: str, today: date | None
    ) -> tuple[list[dict[str, Any]], str, str, list[str]]:
        """(the entities, the text with training words' typos corrected, with French
        words' too, the entity types the classifier is told about)."""
        speller = getattr(self.intents, "speller", None)
        found = typo_places(text, self._extract(text, today), speller and speller.correction)
        entities = [c.as_dict(text) for c in found]
        spelled = self._spelled(text, entities)
        read = self._spelled(text, entities, dictionary=True)
        folded = (fold(mask_markup(text[: MAX_CLASSIFIER_CHARS * 2])), fold(spelled), fold(read))
        respelt: list[Candidate] = []
        if folded[1] != folded[0]:
            respelt = self._extract(spelled, today)  # typos of the training words corrected
            entities = [c.as_dict(text) for c in respelt_entities(text, spelled, found, respelt)]
        return entities, spelled, read, self._hints(entities, read, folded, respelt, today)

    def _parse(self, text: str, today: date | None) -> ParseResult:
        payload = parse_payload(text, self.known_intents)
        if payload is not None:
            intent, entities = payload
            return ParseResult(
                text, intent, 1.0, [(intent, 1.0)], entities, _embed=self._embedder(text)
            )
        entities, spelled, read, hints = self._read(text, today)
        clean = classifier_view(spelled, MAX_CLASSIFIER_CHARS)
        if unread(clean, text):
            ranking = [(FALLBACK_INTENT, 1.0)]
            return ParseResult(
                text, FALLBACK_INTENT, 1.0, ranking, entities, _embed=self._embedder(text)
            )
        embedding, view = None, encoder_view(read, MAX_CLASSIFIER_CHARS)
        if self.intents.uses_embeddings and self._encoder is not None:
            embedding = self._encoder.encode([view])
        probs = self.intents.predict_proba([clean], embedding, [hints])[0]
        ranking = self.intents.rank(probs)
        intent, confidence = self.intents.decide(probs)
        if intent == FALLBACK_INTENT and ranking[0][0] != FALLBACK_INTENT:
            confidence = self.intents.threshold
        # retrieval reads the message as written, not as a request reframed for the intent
        as_written = embedding is not None and view == clean_for_embedding(
            read, MAX_CLASSIFIER_CHARS
        )
        return ParseResult(
            text,
            intent,
            confidence,
            ranking,
            entities,
            _embedding=embedding[0] if embedding is not None and as_written else None,
            _embed=None if as_written else self._embedder(text if embedding is None else read),
        )

    def parse_batch(self, texts: Sequence[str], *, today: date | None = None) -> list[ParseResult]:
        """Like :meth:`parse` for many texts, encoding them in batches (for evaluation)."""
        texts = [_SURROGATE.sub("\ufffd", t) for t in texts]
        read = [self._read(t, today) for t in texts]
        all_entities = [r[0] for r in read]
        spelled, reads, found = [r[1] for r in read], [r[2] for r in read], [r[3] for r in read]
        cleans = [classifier_view(t, MAX_CLASSIFIER_CHARS) for t in spelled]
        embeddings = None
        if self.intents.uses_embeddings and self._encoder is not None:
            embeddings = self._encoder.encode(
                [encoder_view(t, MAX_CLASSIFIER_CHARS) for t in reads]
            )
        probs = self.intents.predict_proba(cleans, embeddings, found) if texts else np.zeros((0, 0))
        results = []
        for i, text in enumerate(texts):
            payload = parse_payload(text, self.known_intents)
            if payload is not None:
                results.append(ParseResult(text, payload[0], 1.0, [(payload[0], 1.0)], payload[1]))
                continue
            ents = all_entities[i]
            if unread(cleans[i], text):
                results.append(
                    ParseResult(text, FALLBACK_INTENT, 1.0, [(FALLBACK_INTENT, 1.0)], ents)
                )
                continue
            intent, confidence = self.intents.decide(probs[i])
            ranking = self.intents.rank(probs[i])
            if intent == FALLBACK_INTENT and ranking[0][0] != FALLBACK_INTENT:
                confidence = self.intents.threshold
            emb = embeddings[i] if embeddings is not None else None
            results.append(ParseResult(text, intent, confidence, ranking, ents, _embedding=emb))
        return results


def _load_intents(path: Path) -> IntentModel:
    """The exported intent model; a model trained before the export existed (a pickled
    scikit-learn classifier, ``intent.joblib``) still loads, slowly, until retrained."""
    if (path / INTENT_FILE).is_file() and (path / INTENT_ARRAYS).is_file():
        return IntentModel.load(path)
    legacy = path / "intent.joblib"
    if not legacy.is_file():
        raise ModelNotFoundError(f"no NLU model in {path} (run `autonomie nlu train`)")
    import joblib

    log.warning("%s is a pickled classifier: `autonomie train` makes it load faster", legacy)
    classifier = joblib.load(legacy)
    model: IntentModel = classifier.export()
    model.speller = getattr(classifier, "speller", None)
    return model
