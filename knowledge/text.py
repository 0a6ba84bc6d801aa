"""French text normalisation for lexical retrieval.

raw text → capitalised acronyms expanded ("AS" → aide-soignant) → lowercase,
accents folded, punctuation removed → SMS tokens expanded ("jpeux" → je peux)
→ synonyms rewritten to a canonical phrase → stop words dropped → light
stemming (plural and feminine endings). The same `Normalizer` is applied to
fiches and queries, so both sides meet on the same tokens.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from vocab.text import fold as fold_text

__all__ = [
    "MAX_QUERY_CHARS",
    "Lexicon",
    "Normalizer",
    "default_lexicon_path",
    "fold",
    "light_stem",
    "load_lexicon",
    "sms_words",
]

MAX_QUERY_CHARS = 2000
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
_NON_WORD_APOSTROPHE_RE = re.compile(r"[^a-z0-9']+")
_SHOUTING_RATIO = 0.6

_STOPWORDS_TEXT = """
    a ai aie aient aies ait alors as au aucun aucune aupres aussi autre autres aux avaient
    avais avait avant avec avez aviez avions avoir avons ayant bien c ca car ce ceci cela celle
    celles celui cependant certain certaine ces cet cette ceux chaque chez ci comme d dans de des
    deja deux doit donc dont du elle elles en encore es est et etaient etais etait etant ete
    etes etiez etions etre eu eue eues eurent eus eut eux fait faites fois font hui ici il ils
    j je jusqu l la le les leur leurs lui m ma mais me meme memes mes moi mon n ne ni nos notre
    nous o on ont or ou par parce pas peu plus plutot puis qu quand que quel quelle quelles
    quels qui quoi s sa sans sauf se sera serai seraient serais serait seras serez seriez serions
    serons seront ses si sien soi soient sois soit sommes son sont sous suis sur t ta te tes
    toi ton toujours tous tout toute toutes tres tu un une unes uns vers voici voila vos votre
    vous vu y bonjour bonsoir salut merci svp stp plait pour
"""
FRENCH_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
# Words kept although most lists drop them: they carry the question's topic.
_KEEP = frozenset({"sans", "combien", "comment", "pourquoi", "quand", "avant", "apres", "nuit"})
# ... but they name no subject: a question made of them and vague facets says nothing of its own
_QUESTION_WORDS = frozenset({"combien", "comment", "pourquoi", "quand"})


def _ascii_lower(text: str) -> str:
    """The shared folding (`vocab.text.fold`) after the compatibility forms are
    resolved ("ﬁ" → "fi", "m²" → "m2", full-width letters), as pasted text has them."""
    return fold_text(unicodedata.normalize("NFKC", text))


def fold(text: str) -> str:
    """Lowercase, strip accents, keep letters and digits separated by single spaces."""
    return _NON_WORD_RE.sub(" ", _ascii_lower(text)).strip()


def sms_words(text: str) -> list[str]:
    """Lowercase accent-free words that keep their apostrophes ("c'est", "d'acc")."""
    return _NON_WORD_APOSTROPHE_RE.sub(" ", _ascii_lower(text)).split()


def light_stem(token: str) -> str:
    """A light French stemmer (after Savoy): plural, feminine and -er endings.

    Each rule applies only if at least four characters remain, so "aides",
    "aide" and "aider" all become "aide".
    """
    if not token.isalpha() or len(token) <= 4:
        return token
    if token.endswith("aux") and len(token) > 5:
        return token[:-3] + "al"
    for suffix in ("s", "x"):
        if token.endswith(suffix) and len(token) - 1 >= 4:
            token = token[:-1]
            break
    for suffix in ("r", "e", "e"):
        if token.endswith(suffix) and len(token) - 1 >= 4:
            token = token[:-1]
    if len(token) > 5 and token[-1] == token[-2] and token[-1] in "lnst":
        token = token[:-1]
    return token


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The editable vocabulary of lexicon.yml, keys already folded."""

    sms: dict[str, str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)  # variant → canonical
    jobs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    #: département names and codes; "dans le 44", "en gironde" → "departement"
    places: tuple[str, ...] = ()
    #: towns (folded); after "à", "sur", "de", "vers", "habite" they read as "departement"
    cities: tuple[str, ...] = ()
    #: overseas places named without a preposition ("plateforme martinique") → "departement"
    overseas: tuple[str, ...] = ()
    #: words after a bare département code that make it a quantity or a date ("35 heures")
    code_units: tuple[str, ...] = ()
    #: acronyms that are also French words, read after "l'" in lower case unless one of
    #: their `unless` words says the ordinary sense ("l'age c'est combien" vs "l'age limite")
    lowercase_acronyms: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    #: facet → phrases naming it in a question (knowledge/facets.py)
    facet_phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: facet → the fiche topics that answer it
    facet_topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: facets a fiche must answer, or the question is declined
    required_facets: frozenset[str] = frozenset()
    #: facets that vouch for the domain: named by the question and answered by the top fiche,
    #: the question needs a lower in-domain probability (knowledge/retriever.py)
    anchor_facets: frozenset[str] = frozenset()
    #: facets that say what kind of answer is wanted (a definition, the steps, an amount),
    #: not what it is about; the others are subjects (knowledge/facets.py)
    aspect_facets: frozenset[str] = frozenset()
    #: facets too general to say what a question is about on their own ("comment faire ?")
    vague_facets: frozenset[str] = frozenset()
    digest: str = ""


def default_lexicon_path() -> Path:
    return Path(__file__).resolve().parent / "lexicon.yml"


def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """Read lexicon.yml (default: the package's own)."""
    lexicon_path = Path(path) if path is not None else default_lexicon_path()
    raw_bytes = lexicon_path.read_bytes()
    data = yaml.safe_load(raw_bytes) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{lexicon_path}: the lexicon must be a YAML mapping")
    synonyms: dict[str, str] = {}
    for canonical, variants in (data.get("synonyms") or {}).items():
        for variant in variants or []:
            if fold(str(variant)) and fold(str(variant)) != fold(str(canonical)):
                synonyms[fold(str(variant))] = fold(str(canonical))
    facets = data.get("facets") or {}
    if not isinstance(facets, dict) or not all(isinstance(v, dict) for v in facets.values()):
        raise ValueError(f"{lexicon_path}: 'facets' maps a name to {{phrases, topics}}")
    return Lexicon(
        sms={" ".join(sms_words(str(k))): fold(str(v)) for k, v in (data.get("sms") or {}).items()},
        acronyms={str(k): str(v) for k, v in (data.get("acronyms") or {}).items()},
        synonyms=synonyms,
        jobs={
            str(job): tuple(fold(str(phrase)) for phrase in phrases or [])
            for job, phrases in (data.get("jobs") or {}).items()
        },
        stopwords=frozenset(fold(str(word)) for word in data.get("stopwords") or []),
        places=tuple(fold(str(place)) for place in data.get("places") or []),
        cities=tuple(fold(str(city)) for city in data.get("cities") or [] if fold(str(city))),
        overseas=tuple(fold(str(name)) for name in data.get("overseas") or [] if fold(str(name))),
        code_units=tuple(
            fold(str(unit)) for unit in data.get("code_units") or [] if fold(str(unit))
        ),
        lowercase_acronyms={
            fold(str(word)): (str(spec["means"]), frozenset(fold(str(u)) for u in spec["unless"]))
            for word, spec in (data.get("lowercase_acronyms") or {}).items()
        },
        facet_phrases={
            str(name): tuple(str(p) for p in spec.get("phrases") or [] if fold(str(p)))
            for name, spec in facets.items()
        },
        facet_topics={
            str(name): tuple(str(t) for t in spec.get("topics") or [])
            for name, spec in facets.items()
        },
        required_facets=frozenset(str(n) for n, spec in facets.items() if spec.get("required")),
        anchor_facets=frozenset(str(n) for n, spec in facets.items() if spec.get("anchor")),
        aspect_facets=frozenset(str(n) for n, spec in facets.items() if spec.get("aspect")),
        vague_facets=frozenset(str(n) for n, spec in facets.items() if spec.get("vague")),
        digest=hashlib.sha256(raw_bytes).hexdigest(),
    )


def _phrase_regex(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    return re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, ordered)) + r")(?![a-z0-9])")


class Normalizer:
    """Turns text into retrieval tokens and finds the jobs a text names."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._stopwords = (FRENCH_STOPWORDS | lexicon.stopwords) - _KEEP
        self._acronym_re = (
            re.compile(r"\b(" + "|".join(map(re.escape, lexicon.acronyms)) + r")\b")
            if lexicon.acronyms
            else None
        )
        self._synonym_re = _phrase_regex(list(lexicon.synonyms))
        names = sorted((p for p in lexicon.places if not p[:1].isdigit()), key=len, reverse=True)
        codes = sorted((p for p in lexicon.places if p[:1].isdigit()), key=len, reverse=True)
        # names after a preposition; codes only after "dans le" ("le 15 mars" is a date)
        self._place_re = (
            re.compile(
                r"(?<![a-z0-9])(?:(?:dans le|dans la|dans les|dans l|en|du|de la|de l)\s(?:"
                + "|".join(map(re.escape, names or ["-"]))
                + r")|dans le\s(?:"
                + "|".join(map(re.escape, codes or ["-"]))
                + r"))(?![a-z0-9])"
            )
            if lexicon.places
            else None
        )
        # a bare code at the message's start or end, or after "du", "le", "département": "62
        # plateforme ?", "plateforme autonomie 13", "je suis du 87"; not a quantity or a date
        # ("35 heures", "le 15 mars", "16-25 ans") nor an age at the end ("j'ai 45")
        units = "|".join(map(re.escape, sorted(lexicon.code_units, key=len, reverse=True)))
        alternatives = "|".join(map(re.escape, codes or ["-"]))
        not_a_quantity = rf"(?![a-z0-9])(?!\s(?:[0-9]|(?:{units or '-'})(?![a-z0-9])))"
        self._code_re = (
            re.compile(
                rf"(?:(?<![a-z0-9])(?:du|le|departement|dept|dpt|dep)\s|^)(?:{alternatives})"
                + not_a_quantity
                + rf"|(?<![a-z0-9])(?<!ai )(?<!a )(?<!de )(?<!et )(?<![0-9] )(?:{alternatives})$"
            )
            if codes
            else None
        )
        lowercase = sorted(lexicon.lowercase_acronyms, key=len, reverse=True)
        self._lowercase_re = (
            re.compile(
                r"(?<![^\W\d_])(l['’ʼ ]\s{0,2})("
                + "|".join(map(re.escape, lowercase))
                + r")(?![^\W\d_])",
                re.IGNORECASE,
            )
            if lowercase
            else None
        )
        cities = sorted(set(lexicon.cities), key=len, reverse=True)
        # "je suis à roubaix", "près de lyon", "j'habite brest": the town itself is a word no
        # fiche has (the question would look out of the domain); what it says is that the
        # person names where they are, as "dans le 59" does
        self._city_re = (
            re.compile(
                r"(?<![a-z0-9])(?:a|sur|de|vers|habite)\s(?:"
                + "|".join(map(re.escape, cities))
                + r")(?![a-z0-9])"
            )
            if cities
            else None
        )
        # "à la Réunion" only at a clause's end: "à la réunion d'information" is a meeting
        self._overseas_re = (
            re.compile(
                r"(?<![a-z0-9])(?:"
                + "|".join(map(re.escape, sorted(lexicon.overseas, key=len, reverse=True)))
                + r")(?![a-z0-9])(?! d[a-z ])"
            )
            if lexicon.overseas
            else None
        )
        phrase_to_jobs: dict[str, list[str]] = {}
        for job, phrases in lexicon.jobs.items():
            for phrase in phrases:
                phrase_to_jobs.setdefault(phrase, []).append(job)
        self._phrase_jobs = phrase_to_jobs
        self._job_re = _phrase_regex(list(phrase_to_jobs))
        phrase_to_facets: dict[str, set[str]] = {}
        for facet, facet_phrases in lexicon.facet_phrases.items():
            for phrase in facet_phrases:  # written as a question would: canonical like one
                if canonical_phrase := self.canonical(phrase):
                    phrase_to_facets.setdefault(canonical_phrase, set()).add(facet)
        self._phrase_facets = phrase_to_facets
        self._facet_re = _phrase_regex(list(phrase_to_facets))

    def _expand_acronyms(self, text: str) -> str:
        letters = [ch for ch in text if ch.isalpha()]
        if letters and sum(ch.isupper() for ch in letters) / len(letters) > _SHOUTING_RATIO:
            return text  # an all-caps message: "TU AS" is not "aide-soignant"
        if self._acronym_re is not None:
            acronyms = self.lexicon.acronyms
            text = self._acronym_re.sub(lambda m: " " + acronyms[m.group(1)] + " ", text)
        if self._lowercase_re is None:
            return text
        words = set(fold(text).split())

        def read(match: re.Match[str]) -> str:
            means, unless = self.lexicon.lowercase_acronyms[match.group(2).lower()]
            return match.group(0) if words & unless else f"{match.group(1)} {means} "

        return self._lowercase_re.sub(read, text)

    def _expand_word(self, word: str) -> str:
        sms = self.lexicon.sms
        if word in sms:
            return sms[word]
        if "'" in word:  # "l'aes" → "l" + "aes"
            parts = word.split("'")
            return " ".join(sms.get(p, p) if len(p) > 1 else p for p in parts)
        return word

    def canonical(self, text: str) -> str:
        """Folded text with acronyms, SMS tokens and synonyms rewritten."""
        text = self._expand_acronyms(text[:MAX_QUERY_CHARS])
        expanded = fold(" ".join(self._expand_word(word) for word in sms_words(text)))
        if self._place_re is not None:  # a place named after a preposition is a département
            expanded = self._place_re.sub(" departement ", expanded)
        if self._code_re is not None:
            expanded = self._code_re.sub(" departement ", expanded)
        if self._city_re is not None:
            expanded = self._city_re.sub(" departement ", expanded)
        if self._overseas_re is not None:
            expanded = self._overseas_re.sub(" departement ", expanded)
        if self._synonym_re is not None:
            expanded = self._synonym_re.sub(lambda m: self.lexicon.synonyms[m.group(1)], expanded)
        return expanded

    def tokens(self, text: str) -> list[str]:
        """Retrieval tokens: canonical words without stop words, stemmed."""
        return self.canonical_tokens(self.canonical(text))

    def canonical_tokens(self, canonical: str) -> list[str]:
        """:meth:`tokens` of a text whose :meth:`canonical` form is already known."""
        return [
            light_stem(word)
            for word in canonical.split()
            if word not in self._stopwords and (len(word) > 1 or word.isdigit())
        ]

    def jobs(self, text: str) -> list[str]:
        """Job entity values named in `text` ("formation AES" → ["aes"])."""
        return self.canonical_jobs(self.canonical(text))

    def canonical_jobs(self, canonical: str) -> list[str]:
        """:meth:`jobs` of a text whose :meth:`canonical` form is already known."""
        if self._job_re is None:
            return []
        found: set[str] = set()
        for match in self._job_re.finditer(canonical):
            found.update(self._phrase_jobs[match.group(1)])
        return sorted(found)

    def canonical_facets(self, canonical: str) -> list[str]:
        """The facets (lexicon `facets`) a canonical text names, job names left out first
        ("une aide à domicile" names a job, not an aid)."""
        if self._facet_re is None:
            return []
        text = self._job_re.sub(" ", canonical) if self._job_re is not None else canonical
        found: set[str] = set()
        for match in self._facet_re.finditer(text):
            found.update(self._phrase_facets[match.group(1)])
        return sorted(found)

    def is_vague(self, canonical: str) -> bool:
        """The canonical question names no job, only vague facets and no other word:
        "comment faire ?", "c'est quoi ?", "ça dure combien de temps ?"."""
        facets = set(self.canonical_facets(canonical))
        if not facets <= self.lexicon.vague_facets or self.canonical_jobs(canonical):
            return False
        rest = self._facet_re.sub(" ", canonical) if self._facet_re is not None else canonical
        return not set(self.canonical_tokens(rest)) - _QUESTION_WORDS

    def fiche_facets(self, topics: Sequence[str]) -> frozenset[str]:
        """The facets a fiche with these topics answers."""
        have = set(topics)
        return frozenset(f for f, answer in self.lexicon.facet_topics.items() if have & set(answer))

    def without_jobs(self, text: str) -> str:
        """Canonical text with the job names removed ("formation aes" → "formation")."""
        canonical = self.canonical(text)
        if self._job_re is None:
            return canonical
        return " ".join(self._job_re.sub(" ", canonical).split())

    def sms_expanded(self, text: str) -> str:
        """Text with SMS tokens and acronyms expanded but accents kept (for the encoder)."""
        text = self._expand_acronyms(text[:MAX_QUERY_CHARS])
        out = []
        for word in text.split():
            key = " ".join(sms_words(word))
            out.append(self.lexicon.sms.get(key, word))
        return " ".join(out)
