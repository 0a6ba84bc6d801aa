"""Rule-based extractors: licence, vehicle, public transport, children, diploma level, dates.

All patterns run on the folded text (lower case, no accents) and are
negation-aware: "pas le permis", "pa de voiture", "sans permis", "ni voiture"
give false / "none". Positive mentions inside a question ("faut-il le permis ?")
are not taken as facts about the person.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from spacy.tokens import Doc

from nlu.components.base import folded, propose_folded, reference_day
from nlu.components.dates import find_dates
from nlu.components.numbers import NUMBER_WORDS
from nlu.text import fold

__all__ = ["NUMBER_WORDS", "RuleExtractor"]

EXTRACTOR = "RuleEntityExtractor"
RULE_ENTITIES = frozenset({"driving_licence", "vehicle", "public_transport", "children", "date"})

_NEG = r"(?:pas|pa|plus|jamais|sans|aucune?|ni|non|point)"
# Words between a negation and its object ("pas encore de permis"). No alternative is a
# sequence of others (no "de la" next to "de" and "la"), at most eight of them, taken
# possessively: the filler never backtracks (issue 18: "pas" followed by thirty " mon"
# took half an hour with overlapping alternatives under "*"). A word ends at a word
# boundary: the "de" of "deux roues" is not a filler.
_FILL = (
    r"(?:\s++(?:d'une|d'un|d'|de|les|le|la|l'|mon|ma|mes|du\s++tout|du|une|un|encore|eu|"
    r"obtenu|son|sa|vraiment|toujours|tjs|tjrs|avoir|possede|non\s++plus)\b){0,8}+"
)
# "une auto", "en auto", but not "auto-école" nor "auto-entrepreneur"
_CAR = (
    r"(?:voitures?|vehicul(?:e|ee|es|ees)|automobiles?|bagnoles?|motorisee?s?|"
    r"autos?(?![\s-]?(?:ecole|entrepreneu|entreprise|stop|radio|partage)))"
)
#: a car said by its make or model ("une clio", "ma 208", "je roule en twingo"): after a
#: determiner only, the names being words too ("golf", "panda")
_CAR_MODEL = (
    r"(?:clio|twingo|megane|scenic|captur|kangoo|sandero|logan|duster|c[1-5]|ds[3-7]|picasso|"
    r"berlingo|saxo|xsara|polo|golf|yaris|aygo|corsa|fiesta|micra|punto|panda|ibiza|fabia|"
    r"i[12]0|picanto|[1-5]0[4-8]|[235]008|renault|peugeot|citroen|dacia|toyota|fiat|"
    r"volkswagen|opel|ford|nissan|kia|hyundai|seat|skoda|suzuki|bmw|audi|mercedes|tesla)"
)
_TWO = (
    r"(?:scooters?|scoots?|motos?|mobylettes?|mob|deux[\s-]roues|2[\s-]?roues|velos?|cyclomoteurs?|"
    r"trottinettes?(?:\s+electriques?)?)"
)
_PT = (
    r"(?:transports?\s+en\s+communs?|transports?\s+(?:publics?|collectifs?)|les\s+transports|"
    r"transports|bus|tram|tramway|metro|rer|ter|train(?!\s+de\b)|navettes?|autocars?|tcl|ratp|tisseo|"
    r"ilevia|tbm|transpole)"
)
_LICENCE = r"permis(?!\s+de\s+(?:travail|sejour|construire|chasse|bateau|port))"
_QUESTION_CUES = re.compile(
    r"\b(?:faut|faut-il|besoin|obligatoire|necessaire|exige|requis|doit|doit-on|demande|"
    r"est-ce|est ce|combien|comment|pourquoi|quel|quelle)\b"
)
_CLAUSE_END = re.compile(r"[.!?;\n]")
_NUM = r"(?:\d{1,2}|zero|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)"
_KIDS = r"(?:enfants?|gosses?|momes?|bebes?|gamins?|gamines?|loulous?|marmots?)"
_KIDS_WIDE = _KIDS[:-1] + r"|filles?|fils|garcons?|petits|ados?|adolescents?)"


class _Rule(NamedTuple):
    """Where `pattern` matches, `entity` is `value`, proposed at `priority`. A value "=N"
    is the number in group 1, "=BAC" the level of the "bac+N" in group 1."""

    entity: str
    value: str
    pattern: re.Pattern[str]
    priority: int


def _rule(entity: str, value: str, regex: str, priority: int) -> _Rule:
    return _Rule(entity, value, re.compile(regex), priority)


_RULES = (
    _rule("driving_licence", "false", rf"\b{_NEG}\b{_FILL}\s*+(?:d')?\s*+{_LICENCE}\b", 30),
    _rule("driving_licence", "false", rf"\b{_LICENCE}\s*+[:,-]?\s*+(?:non|nan|no|pas)\b", 30),
    _rule(
        "driving_licence",
        "false",
        (
            r"\b(?:rate|loupe|echoue|perdu|retire|suspendu|annule)e?\s+(?:le\s+|mon\s+|du\s+)?permis\b|"
            r"\bpermis\s+(?:suspendu|retire|annule|perdu|invalide|rate)e?\b"
        ),
        30,
    ),
    _rule(
        "driving_licence",
        "false",
        (
            r"\b(?:passe|passer|prepare|preparer|apprends?|apprendre|commence)\s+(?:le|mon)\s+"
            r"(?:permis|code)\b|\bpermis\s+en\s+cours\b|\bauto[\s-]?ecole\b|\bcours\s+de\s+conduite\b|"
            # "j'ai que le code", "le code mais pas la conduite": the code alone, no licence
            r"\b(?:que|juste|seulement|uniquement)\s+(?:le|mon)\s+code\b(?!\s+postal)|"
            r"\bcode\s+mais\s+pas\b|"
            # "je ne conduis pas." (not "pas la nuit"), "je sais pas conduire": no licence
            r"\bconduis\s+pas(?:\s+du\s+tout)?\s*(?:[.,!;\n]|et\b|$)|\bsais\s+pas\s+conduire\b"
        ),
        25,
    ),
    _rule("driving_licence", "true", rf"\b{_LICENCE}(?:\s+(?:b|de\s+conduire|voiture|vl))?\b", 10),
    _rule(
        "vehicle",
        "none",
        (
            # "enfin non un scooter" names a scooter: "non" before an article denies nothing
            rf"\b(?!non\s++une?\b){_NEG}\b{_FILL}\s*+(?:d')?\s*+"
            rf"(?:{_CAR}|{_TWO}|{_CAR_MODEL}|moyens?\s+de\s+(?:locomotion|deplacement))\b|"
            # "je suis à pied", "je me déplace à pied": no vehicle
            r"\b(?:suis|chui|jsuis|jsui|deplace|deplacer|vais\s+partout)\s+a\s+pied\b"
        ),
        30,
    ),
    # public transport for everything: no vehicle ("je prends le bus partout", "je fais
    # tout en tram", "je me déplace qu'en bus"); the span is the word saying so, the
    # transport's own stays public_transport
    _rule(
        "vehicle",
        "none",
        (
            rf"\b{_PT}\s++(?P<at>partout|tout\s+le\s+temps|pour\s+tout|uniquement|seulement)\b|"
            rf"\b(?P<at2>partout|tout)\s+en\s+{_PT}\b|"
            r"\b(?:prends|prend|utilise|deplace|circule|roule|bouge)\s++"
            rf"(?P<at3>que|qu'|uniquement|seulement)\s*+(?:en|le|la|les|l')?\s*+{_PT}\b"
        ),
        30,
    ),
    _rule("vehicle", "car", rf"\b{_CAR}\b", 10),
    _rule("vehicle", "car", rf"\b(?:une|ma|sa|la|en|petite|vieille)\s++{_CAR_MODEL}\b", 10),
    _rule(
        "driving_licence",
        "true",
        r"\bje\s+(?:sais\s+)?conduis\b|\bje\s+sais\s+conduire\b|\bpermis\s+en\s+poche\b",
        10,
    ),
    _rule("vehicle", "two_wheeler", rf"\b{_TWO}\b", 10),
    _rule(
        "vehicle",
        "two_wheeler",
        r"\b(?:une|un|ma|mon)\s+(?:50|125|250|500)(?:\s*(?:cc|cm3))?\b",
        10,
    ),
    _rule("public_transport", "false", rf"\b{_NEG}\b{_FILL}\s*+(?:d')?\s*+{_PT}\b", 30),
    _rule(
        "public_transport",
        "false",
        (
            rf"\b(?:mal|pas|peu|rarement)\s+desservie?s?\b|\b{_PT}\s+(?:ne\s+)?passe\s+(?:pas|plus|jamais)\b|"
            rf"\b{_PT}\s+(?:est|sont)\s+(?:nuls?|nulle|inexistante?s?|rares?|catastrophiques?|pourris?)\b"
        ),
        30,
    ),
    _rule("public_transport", "true", rf"\b{_PT}\b|\bbien\s+desservie?s?\b", 10),
    _rule(
        "children",
        "0",
        rf"\b(?:pas|pa|aucun|sans|point|jamais\s+eu)\s*+(?:d'|de\s++)?\s*+{_KIDS}\b",
        30,
    ),
    _rule(
        "children", "=N", rf"(?<!dont )\b({_NUM})\s+(?:petite?s?\s+|jeunes\s+)?{_KIDS_WIDE}\b", 20
    ),
    _rule("children", "2", r"\b(?:des|mes|deux)\s+(?:jumeaux|jumelles)\b", 20),
    _rule("children", "3", r"\b(?:des|mes|trois)\s+(?:triples|triplees)\b", 20),
    _rule("children", "1", r"\b(?:mon|ma|un|une)\s+(?:fils|fille|enfant)\s+unique\b", 20),
    _rule(
        "children",
        "=N",
        rf"\bj'?\s?en\s+ai\s+({_NUM})\b(?!\s*(?:ans?|mois|annees?|heures?|euros?|jours?))",
        20,
    ),
    _rule(
        "children",
        "=N",
        (
            rf"\b(?:maman|mere|papa|pere|parent)\s+(?:celibataire\s+|solo\s+|seule?\s+|isolee?\s+)?"
            rf"(?:de\s+)?({_NUM})\b(?!\s*(?:ans?|mois))"
        ),
        20,
    ),
    _rule("children", "=N", rf"\benfants?\s*[:=]\s*({_NUM})\b", 20),
    # "un petit de 2 ans", "une petite de 8 mois": one child told by its age
    _rule("children", "1", r"\b(?:un|une)\s+(?:petite?|ado)\s+de\s+\d{1,2}\s+(?:ans|mois)\b", 20),
    _rule("diploma", "=BAC", r"\bbac\s*\+\s*(\d)\b", 40),
)
_IN_PROGRESS = 25
# "j'ai le permis, ça compte ?" states a fact even inside a question
_FIRST_PERSON = re.compile(
    r"(?:\bj'?\s?ai|\bjai|\bje\s+suis|\bjsuis|\bje\s+prends|\bje\s+peux\s+prendre|"
    r"\bje\s+me\s+deplace|\bj'?\s?utilise|\bje\s+conduis|\bje\s+passe)"
    r"(?:\s+(?:le|la|les|l'|mon|ma|une?|en|du|des|deja|aussi|bien))*\s*$"
)
_POSITIVE_NEEDS_STATEMENT = {
    ("driving_licence", "true"),
    ("vehicle", "car"),
    ("vehicle", "two_wheeler"),
    ("public_transport", "true"),
}


def _is_question(text: str, start: int, end: int) -> bool:
    """True when the mention sits in a question: a "?" after it or a cue just before it."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_END.search(text, end)
    if right_match and right_match.group(0) == "?":
        return True
    return bool(_QUESTION_CUES.search(text[max(left, start - 40) : start]))


class RuleExtractor:
    """spaCy component proposing rule-based entities (and training-data regexes)."""

    def __init__(self, name: str = "autonomie_rules") -> None:
        self.name = name
        self.regexes: dict[str, list[str]] = {}
        self.synonyms: dict[str, str] = {}
        self._compiled: list[tuple[str, re.Pattern[str]]] = []

    def initialize(
        self, regexes: dict[str, list[str]], synonyms: dict[str, str], entities: Iterable[str]
    ) -> None:
        """Keeps the training regexes named after an entity (Rasa's RegexEntityExtractor),
        except for the entities the rules and the gazetteer already normalise."""
        wanted = set(entities) - RULE_ENTITIES - {"location"}
        self.regexes = {k: list(v) for k, v in regexes.items() if k in wanted}
        self.synonyms = {fold(k): v for k, v in synonyms.items()}
        self._compile()

    def _compile(self) -> None:
        self._compiled = []
        for entity, patterns in self.regexes.items():
            for pattern in patterns:
                try:
                    self._compiled.append((entity, re.compile(pattern, re.IGNORECASE)))
                except re.error:
                    continue

    def __call__(self, doc: Doc) -> Doc:
        ft = folded(doc)
        text = ft.text
        for entity, value, pattern, priority in _RULES:
            for m in pattern.finditer(text):
                needs_statement = (
                    entity,
                    value,
                ) in _POSITIVE_NEEDS_STATEMENT or priority == _IN_PROGRESS
                first_person = bool(_FIRST_PERSON.search(text, max(0, m.start() - 30), m.start()))
                if needs_statement and not first_person and _is_question(text, *m.span()):
                    continue
                resolved = self._value(value, m)
                if resolved is None:
                    continue
                extra: dict[str, Any] = {}
                if entity == "driving_licence" and priority == _IN_PROGRESS:
                    extra["in_progress"] = True
                at = [g for g in ("at", "at2", "at3") if m.groupdict().get(g) is not None]
                span = m.span(at[0]) if at else m.span()  # the word that says it
                propose_folded(
                    doc, *span, entity, resolved, EXTRACTOR, priority=priority, extra=extra
                )
        for start, end, extra in find_dates(text, reference_day(doc)):
            value = ft.original[slice(*ft.to_original(start, end))]
            propose_folded(doc, start, end, "date", value, EXTRACTOR, priority=20, extra=extra)
        for entity, regex in self._compiled:
            for m in regex.finditer(ft.original):
                if m.end() > m.start():
                    surface = m.group(0)
                    value = self.synonyms.get(fold(surface), surface)
                    propose_folded(
                        doc, *m.span(), entity, value, "RegexEntityExtractor", priority=5
                    )
        return doc

    @staticmethod
    def _value(value: str, m: re.Match[str]) -> str | None:
        if value == "=N":
            raw = m.group(1)
            n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
            return None if n is None or n > 15 else str(n)
        if value == "=BAC":
            n = int(m.group(1))
            return "bac" if n < 2 else ("bac+2" if n == 2 else "bac+3")
        return value

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / "rules.json").write_text(
            json.dumps({"regexes": self.regexes, "synonyms": self.synonyms}, ensure_ascii=False),
            encoding="utf-8",
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RuleExtractor:
        state = json.loads((Path(path) / "rules.json").read_text(encoding="utf-8"))
        self.regexes, self.synonyms = state["regexes"], state["synonyms"]
        self._compile()
        return self
