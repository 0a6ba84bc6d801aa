"""An experienced professional looking for an employer, not for a first discovery:
the person says they do (or did) the job ("jsuis auxiliaire de vie", "j'ai été ASH
pendant 5 ans"), or names the job with how long they have done it ("AES depuis 7
ans", "aide-soignante diplômée depuis 2009"); never someone else's job ("ma mère est
aide à domicile depuis 20 ans") nor a time spent otherwise ("ça fait 2 ans que je
cherche", "au chômage depuis 3 ans")."""

from __future__ import annotations

import re

from bot.dialogue.events import UserUttered
from bot.dialogue.questions import question_start

__all__ = ["experienced", "seeks_a_way_in"]

# all bounded: no nested quantifiers
# the person's own job, just before its name: "je suis", "je bosse comme", "j'ai été"
_I_DO = re.compile(
    r"\b(?:je suis|jsuis|j['’ ]?suis|chui|je travaille|je bosse|j['’ ]?exerce|"
    r"j['’ ]?ai (?:travaill|boss|exerc)[ée]|j['’ ]?ai [ée]t[ée])"
    r"(?: comme| en tant qu[e']| en)?\s{0,3}(?:une? )?\Z",
    re.IGNORECASE,
)
# another's job: "ma mère est", "elle était"
_THIRD = re.compile(r"\b(?:est|sont|[ée]tait|[ée]taient)\s{0,3}(?:une? )?\Z", re.IGNORECASE)
_SPAN = (
    r"(?:depuis (?:plus de |presque |bient[oô]t |pr[eè]s de )?(?:\d{1,2} ans|\d{4}|"
    r"des ann[ée]es|longtemps)|pendant (?:plus de )?\d{1,2} ans|[cç]a fait (?:plus de )?\d{1,2} ans"
    r"(?! que je (?:cherche|suis au|suis sans)))"
)
# how long, right after the job's name: "AES depuis 7 ans", "diplômée depuis 2009"
_SPAN_AFTER = re.compile(rf"\A[\s,]{{0,3}}(?:dipl[oô]m[ée]e? )?{_SPAN}", re.IGNORECASE)
# experience said in so many words, anywhere before the question
_EXPERIENCE = re.compile(
    r"\b(?:\d{1,2} ans d'?exp|\d{1,2} ans (?:de m[ée]tier|dans le m[ée]tier|d'anciennet[ée])|"
    r"(?:beaucoup|plein) d'?exp[ée]rience|exp[ée]riment[ée]e?)",
    re.IGNORECASE,
)
_EMPLOYER = re.compile(
    r"\b(?:employeurs?|recruteurs?|recrut|embauch|offres? d'?emploi|cdi|cdd|un poste|patron)",
    re.IGNORECASE,
)


def experienced(message: UserUttered) -> bool:
    """An experienced professional looking for an employer, not for a first discovery."""
    text = message.text[:300]
    # the experience is said before the message's own question, if any: "oui depuis 10
    # ans, et combien dure la formation d'ADVF ?" answers a question, then asks one
    start = question_start(text)
    said = text if not start else text[:start]
    jobs = [
        (int(e.get("start") or 0), int(e.get("end") or 0))
        for e in message.parse_data.get("entities", [])
        if e.get("entity") == "job" and int(e.get("end") or 0) <= len(said)
    ]
    for begin, end in jobs:
        before = said[max(0, begin - 40) : begin]
        if _I_DO.search(before):
            return True
        if not _THIRD.search(before) and _SPAN_AFTER.match(said[end : end + 60]):
            return True
    return bool(_EXPERIENCE.search(said)) and (bool(jobs) or bool(_EMPLOYER.search(text)))


# someone out of work, retired or leaving a trade, looking for a way in (folded text)
_SITUATION = re.compile(
    r"\b(?:chomage|chomeu?se?|sans (?:emploi|travail|boulot)|demandeu?se? d'emploi|au rsa|"
    r"licencie\w{0,2}|reconversion|me reconvertir|retraite\w{0,2}|a la retraite|"
    r"changer de (?:metier|voie|vie))\b"
)
_LOOKS_FOR = re.compile(
    r"\b(?:cherche|recherche|voudrais|veux|aimerais|souhaite)\w{0,2}\b[^.?!]{0,30}?"
    r"\b(?:piste|voie|idee|orientation|direction|metier|travail|emploi|boulot|taf|job)s?\b"
)


def seeks_a_way_in(folded: str) -> bool:
    """ "au chômage, je cherche une piste", "retraitée, je veux un petit boulot": a person
    looking for a way into work, to orient (jobs, then the questions), not to turn away."""
    text = folded[:300]
    return bool(_SITUATION.search(text) or _LOOKS_FOR.search(text))
