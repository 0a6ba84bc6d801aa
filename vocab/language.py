"""A message written in another language than French ("Hi, I am looking for a
job", "hola, busco trabajo"): the assistant answers only in French, so it says
so politely, offers to go on in French or to reach a counsellor, instead of
"je n'ai pas compris" again and again.

Read from short function words, the words a language cannot do without: a
message is foreign when it holds at least two words that are common in English,
Spanish, German, Italian or Portuguese and never French, and more of them than
French ones. Words French people write every day ("ok", "job", "hello", "cool",
"week-end", "thanks", "help", "please") count for neither side: "help me please"
asks for help as "help" alone does.
"""

from __future__ import annotations

import re

from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["foreign_language"]

MAX_CHARS = 300
#: words common in English, Spanish, German, Italian or Portuguese and not French (folded)
_FOREIGN_WORDS = """
    i am is are was were you your do does did can could would should will what where
    when why how who which there their they them this that these those with from have
    has had be been speak speaking english want need looking
    my our we us it its any about find work working and of to for the live near years
    hola busco buscando trabajo trabajar necesito ayuda buenos buenas dia dias tardes noches
    gracias por favor quiero tengo soy estoy puedo usted hablo habla espanol ingles
    donde cuando porque para una unos unas los del al muy tambien
    guten tag morgen abend ich suche arbeit bitte danke sprechen sie deutsch hallo und
    nicht ist bin habe haben kann wir mit auf eine einen einem der das
    buongiorno cerco lavoro grazie sono parla italiano voglio bisogno aiuto
    bom dia obrigado obrigada procuro trabalho preciso ajuda falo portugues voce
"""
_FOREIGN = frozenset(_FOREIGN_WORDS.split())
#: French function words and everyday words (folded): a message with more of these is French
_FRENCH_WORDS = """
    je j suis de la le les et un une des du au aux en vous votre vos moi mon ma mes
    pas ne n c est ce qui que qu pour avec sur dans oui non bonjour bonsoir merci
    il elle on nous ils elles y a ai avez etes travail emploi cherche metier parle
    francais aide quel quelle comment combien pourquoi ou
"""
_FRENCH = frozenset(_FRENCH_WORDS.split())
_WORD = re.compile(r"[a-z]{1,20}")


def foreign_language(text: str) -> bool:
    """The message is written in another language than French."""
    if is_payload(text):
        return False
    words = _WORD.findall(fold(text[:MAX_CHARS]).replace("'", " "))
    foreign = sum(1 for w in words if w in _FOREIGN)
    french = sum(1 for w in words if w in _FRENCH)
    return foreign >= 2 and foreign > french
