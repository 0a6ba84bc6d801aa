"""Messages whose form alone says they ask nothing of a French assistant.

The classifier ranks every message among the intents; a message with no French in it
still lands on one, sometimes confidently ("hhhhhhh" on greet, a script tag on affirm,
"do you speak English?" on greet, as the cross-validation showed). Three forms are
read as ``out_of_scope`` before it, whatever the training data:

* one letter repeated, or a keyboard run without a vowel ("hhhhhhh", "qsdfghj");
* no Latin letter at all (Arabic, Cyrillic, Chinese: the assistant answers in French
  and a counsellor is offered, rather than an intent guessed from an unread script);
* markup or code for the most part ("<script>alert(1)</script>"), or a database
  statement ("SELECT * FROM users;", "INSERT INTO t VALUES (1)");
* another language (:func:`vocab.language.foreign_language`, the detector the dialogue
  answers "je ne réponds qu'en français" from: "do you speak English?", "hola, busco
  trabajo"; "ok thank you" and "hello" stay with the classifier).

Every check reads at most :data:`MAX_CHARS` characters with bounded expressions.
"""

from __future__ import annotations

import re

from vocab.language import foreign_language

__all__ = ["MAX_CHARS", "reads_as_noise", "unread"]

MAX_CHARS = 400
LATIN_END = 0x250  # Basic Latin to Latin Extended-B
_WORD = re.compile(r"[^\W\d_]+")
_TAG = re.compile(r"<[^<>\n]{0,200}>")
#: a message that opens as an SQL statement: its verb, then its clause word
_SQL = re.compile(
    r"^\W{0,3}(?:select|insert|update|delete|drop|create|alter)\s[^;]{0,200}?"
    r"\b(?:from|into|table|set|values|where)\b",
    re.IGNORECASE,
)
_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæ")


def _mashed(words: list[str]) -> bool:
    """One letter repeated (3 or more), or no vowel at all with a run of 5+ letters
    using 4 different ones: typed to try the bot, not to say something."""
    joined = "".join(words).lower()
    if any(ord(ch) >= LATIN_END for ch in joined):
        return False
    if len(joined) >= 3 and len(set(joined)) == 1:
        return True
    if any(ch in _VOWELS for ch in joined):
        return False
    return any(len(w) >= 5 and len(set(w.lower())) >= 4 for w in words)


def _mostly_markup(text: str) -> bool:
    """Tags make at least half of the non-space characters."""
    tagged = sum(len(m.group(0)) for m in _TAG.finditer(text))
    shown = sum(1 for ch in text if not ch.isspace())
    return tagged > 0 and 2 * tagged >= shown


def reads_as_noise(text: str) -> bool:
    """True when the message is a keyboard run, markup or code, another script or
    another language."""
    text = text[:MAX_CHARS]
    if _mostly_markup(text) or _SQL.search(text):
        return True
    words = _WORD.findall(text)
    if not words:
        return False
    if not any(ord(ch) < LATIN_END for w in words for ch in w):
        return True
    return _mashed(words) or foreign_language(text)


def unread(clean: str, text: str) -> bool:
    """True when parsing answers ``out_of_scope`` before the classifier reads ``text``:
    nothing alphanumeric is left in its view ``clean`` (emoji, punctuation), or the
    message reads as noise. Training leaves such examples out of the classifier too:
    they would only teach it that a short message it does not know is out of scope
    ("2", "hi", "thx" fell there in cross-validation)."""
    return not any(ch.isalnum() for ch in clean) or reads_as_noise(text)
