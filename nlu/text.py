"""Text normalisation that keeps offsets into the original message.

Everything the NLU matches on is *folded*: lower case, accents stripped, curly
apostrophes and dashes made ASCII. Folding can change a string's length ("œ"
becomes "oe"), so :class:`FoldedText` keeps, for each folded character, the
index of the original character it comes from; entity offsets are always
mapped back through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vocab.text import fold, fold_char, strip_accents

__all__ = [
    "SMS_WORDS",
    "FoldedText",
    "clean_for_classifier",
    "clean_for_embedding",
    "expand_sms",
    "fold",
    "fold_key",
    "key_word",
    "mask_markup",
    "stem",
    "strip_accents",
]

_KEY_SEP = re.compile(r"[\s'\-\.,/()]+")
_KEY_ABBREV = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_ORDINAL = re.compile(r"0*(\d{1,3})(?:e|eme|em|er|ere|ieme|me)?")


def key_word(word: str) -> str:
    """One folded word as it appears in name keys ("st" → "saint", "15e" → "15")."""
    ordinal = _ORDINAL.fullmatch(word)
    if ordinal:
        return ordinal.group(1)
    return _KEY_ABBREV.get(word, word)


def fold_key(text: str) -> str:
    """Folds a name into a lookup key: "Saint-Étienne" and "st etienne" → "saint etienne"."""
    words = [w for w in _KEY_SEP.split(fold(text)) if w]
    return " ".join(key_word(w) for w in words)


@dataclass(frozen=True)
class FoldedText:
    """A folded string plus, per folded character, its index in the original."""

    original: str
    text: str
    index: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> FoldedText:
        parts: list[str] = []
        index: list[int] = []
        for i, char in enumerate(original):
            folded = fold_char(char)
            parts.append(folded)
            index.extend([i] * len(folded))
        return cls(original=original, text="".join(parts), index=tuple(index))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Maps a folded span [start, end) back to original offsets."""
        if not self.index or start >= len(self.index):
            return len(self.original), len(self.original)
        o_start = self.index[start]
        o_end = self.index[end - 1] + 1 if end > start else o_start
        return o_start, o_end


_MARKUP = re.compile(r"<[^<>\n]{0,200}>|&[a-zA-Z]{2,8};|&#\d{1,6};|https?://\S+|www\.\S+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
#: longer runs without a space are no word; spaCy's tokenizer peels affixes off a token one
#: by one, each time searching the rest: 4,000 apostrophes took 4 s (issue 18).
MAX_TOKEN_CHARS = 60
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")


def mask_markup(text: str) -> str:
    """Replaces tags, entities, URLs, control characters and runs of more than
    MAX_TOKEN_CHARS characters without a space by spaces (same length)."""
    text = _CONTROL.sub(" ", text)
    text = _MARKUP.sub(lambda m: " " * len(m.group(0)), text)
    return _LONG_RUN.sub(lambda m: " " * len(m.group(0)), text)


_EMOJI_WORDS = {
    "👍": " oui ok ",
    "👌": " ok ",
    "✅": " oui ",
    "👎": " non ",
    "❌": " non ",
    "🙏": " merci ",
    "👋": " bonjour ",
    "😊": " ",
    "❤": " merci ",
}
# emojis, pictographs, dingbats, arrows, variation selectors, joiners: one of them each
_SYMBOLS = re.compile(
    "[\u2190-\u21ff\u2300-\u23ff\u2500-\u27bf\u2900-\u297f\u2b00-\u2bff"
    "\ufe00-\ufe0f\u200d\u20e3\U0001f000-\U0001faff\U000e0000-\U000e007f]"
)
_SMS = {
    "jcherche": "je cherche",
    "jcherch": "je cherche",
    "chui": "je suis",
    "chuis": "je suis",
    "jsuis": "je suis",
    "jsui": "je suis",
    "jai": "j'ai",
    "jveux": "je veux",
    "jvoudrais": "je voudrais",
    "jpeux": "je peux",
    "jpourrais": "je pourrais",
    "jhabite": "j'habite",
    "jbosse": "je travaille",
    "pa": "pas",
    "ya": "il y a",
    "bjr": "bonjour",
    "bsr": "bonsoir",
    "slt": "salut",
    "cc": "coucou",
    "mrc": "merci",
    "mci": "merci",
    "stp": "s'il te plait",
    "svp": "s'il vous plait",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "koi": "quoi",
    "kan": "quand",
    "qd": "quand",
    "cb": "combien",
    "ds": "dans",
    "bcp": "beaucoup",
    "tjs": "toujours",
    "tjrs": "toujours",
    "rdv": "rendez-vous",
    "auj": "aujourd'hui",
    "dmain": "demain",
    "pr": "pour",
    "vs": "vous",
    "ok": "ok",
    "dac": "d'accord",
    "daccord": "d'accord",
    "taf": "travail",
    "boulot": "travail",
    "jsp": "je ne sais pas",
    "chai": "je sais",
    "cmt": "comment",
    "cmnt": "comment",
    "ptit": "petit",
    "mtn": "maintenant",
    "tt": "tout",
    "oki": "ok",
    "okay": "ok",
    "wesh": "salut",
    "nn": "non",
    "ui": "oui",
    "ouai": "ouais",
    "ca": "ça",  # "ca coute combien" is no question to the encoder, "ça coûte combien" is
    # common spellings of texting French (question words, pronouns, "c'est", "est-ce que")
    "c": "c'est",
    "ke": "que",
    "ki": "qui",
    "kel": "quel",
    "kelle": "quelle",
    "kom": "comme",
    "koman": "comment",
    "kand": "quand",
    "koa": "quoi",
    "kwa": "quoi",
    "pkoi": "pourquoi",
    "pourkoi": "pourquoi",
    "keske": "qu'est-ce que",
    "kesk": "qu'est-ce que",
    "eske": "est-ce que",
    "esk": "est-ce que",
    "ns": "nous",
    "ms": "mais",
    "dc": "donc",
    "tjr": "toujours",
    "ajd": "aujourd'hui",
    "aujd": "aujourd'hui",
    "mnt": "maintenant",
    "pdt": "pendant",
    "tte": "toute",
    "ttes": "toutes",
    "tts": "tous",
    "qqn": "quelqu'un",
    "qqch": "quelque chose",
    "qq": "quelques",
    "pcq": "parce que",
    "pck": "parce que",
    "psk": "parce que",
    "paske": "parce que",
    "dsl": "désolé",
    "pb": "problème",
    "pbm": "problème",
    "msg": "message",
    "dispo": "disponible",
    "ptet": "peut-être",
    "jvoudrai": "je voudrais",
    "jvais": "je vais",
    "jsais": "je sais",
    "jpense": "je pense",
    "jcrois": "je crois",
    "jdois": "je dois",
    "jfais": "je fais",
    "jme": "je me",
    "jte": "je te",
}
#: the SMS spellings the normaliser expands (a speller must leave them as written)
SMS_WORDS = frozenset(_SMS)
_SMS_FOLDED = {short: fold(long) for short, long in _SMS.items()}  # the classifier's view
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)?")


def _markup_free(text: str, max_chars: int) -> str:
    """What both views start from: markup masked, emojis said in words."""
    text = mask_markup(text[: max_chars * 2])
    for emoji, words in _EMOJI_WORDS.items():
        if emoji in text:
            text = text.replace(emoji, words)
    if not text.isascii():  # the other emojis and symbols carry no request: dropped
        text = _SYMBOLS.sub(" ", text)
    return text


def _unshout(text: str) -> str:
    """A message written in capitals, in lower case (the encoder reads "JE VEUX" as rare
    pieces); a message with a few capital words is left alone."""
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    return text.lower() if upper >= 4 and upper >= 0.7 * (upper + lower) else text


def expand_sms(folded: str) -> str:
    """Texting words of a folded text in full ("c qd" → "c'est quand", "ya" → "il y a")."""
    return _WORD.sub(lambda m: _SMS_FOLDED.get(m.group(0), m.group(0)), folded)


def clean_for_classifier(text: str, max_chars: int = 1000) -> str:
    """The classifier's view of a message: markup-free, folded, SMS-expanded, truncated."""
    expanded = expand_sms(fold(_markup_free(text, max_chars)))
    return " ".join(expanded.split())[:max_chars]


_STEM_SUFFIXES = (
    ("trices", "teur"),
    ("trice", "teur"),
    ("euses", "eur"),
    ("euse", "eur"),
    ("iennes", "ien"),
    ("ienne", "ien"),
    ("antes", "ant"),
    ("ante", "ant"),
    ("ives", "if"),
    ("ive", "if"),
    ("ieres", "ier"),
    ("iere", "ier"),
    ("ees", "e"),
    ("ee", "e"),
    ("ales", "al"),
    ("ale", "al"),
    ("aux", "al"),
    ("es", "e"),
    ("s", ""),
    ("x", ""),
)


def stem(word: str) -> str:
    """A crude French stem on a folded word: plural and feminine endings removed.

    "soignantes" → "soignant", "educatrice" → "educateur", "d'" → "d". Used on
    both the patterns and the text, so it only has to be consistent.
    """
    word = word.rstrip("'")
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, replacement in _STEM_SUFFIXES:
        if word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    return word


_ANY_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def clean_for_embedding(text: str, max_chars: int = 1000) -> str:
    """The encoder's view: markup-free, SMS words expanded, accents and case kept (but
    a message in capitals is lowered)."""
    text = _unshout(_markup_free(text, max_chars))
    expanded = _ANY_WORD.sub(lambda m: _SMS.get(fold(m.group(0)), m.group(0)), text)
    return " ".join(expanded.split())[:max_chars]
