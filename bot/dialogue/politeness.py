"""The core of a message wrapped in politeness: "bonjour non", "Bonjour, oui",
"2 enfants merci 🙂". The NLU reads a whole message and a greeting or a thank
you can win over the answer it carries; the processor parses the core again
when the whole reads as politeness only (`core_span`)."""

from __future__ import annotations

import re

from vocab.payloads import is_payload

__all__ = ["POLITE_INTENTS", "UNREAD_INTENTS", "after_greeting", "closing_start", "core_span"]

#: intents a message carrying an answer may be mistaken for
POLITE_INTENTS = frozenset({"greet", "thank", "goodbye"})
#: a core read as these says nothing more than its politeness
UNREAD_INTENTS = frozenset({"out_of_scope", "nlu_fallback"})
MAX_CHARS = 400

# Bounded: a few whole words at the start, a few at the end; no nesting.
_LEADING = re.compile(
    r"(?:(?:bonjour|bonsoir|bjr|slt|salut|coucou|hello|hi|re|allo|all[ôo])"
    r"(?: (?:madame|monsieur|mme|mr|m\.|à vous|a vous|a tous|à tous))?[\s,.!:;-]+){1,2}",
    re.IGNORECASE,
)
#: a closing run must hold one of these ("bien" alone is an answer)
_THANKS = frozenset(
    {"merci", "mrc", "mci", "svp", "stp", "cordialement", "bisous", "bisou", "bonne"}
)
#: words that close a message politely (compared word by word from the end): the
#: thanks and what follows them
_CLOSING = (
    _THANKS
    | {"beaucoup", "bcp", "d'avance", "davance", "bien"}  # merci beaucoup, bien cordialement
    | {"journee", "journée", "soiree", "soirée", "continuation"}  # bonne journée
)
_SEPARATORS = " \t\n,.!-;:"


def _is_decoration(char: str) -> bool:
    """Emoji, pictographs and punctuation closing a message."""
    code = ord(char)
    return (
        char.isspace()
        or char in "!.…,;:-)(<3"
        or 0x2600 <= code <= 0x27BF
        or 0x1F000 <= code <= 0x1FAFF
        or code == 0xFE0F
    )


def closing_start(text: str, start: int = 0) -> int:
    """Where the polite closing of text[start:] begins ("c'est où merci bonne journée
    🙂" -> after "où"; len(text), or the end before its emoji, without one)."""
    end = len(text)
    while end > start and _is_decoration(text[end - 1]):
        end -= 1
    words = text[start:end].split()
    kept = len(words)
    while kept and words[kept - 1].lower().strip(_SEPARATORS) in _CLOSING:
        kept -= 1
    if kept == len(words) or not {w.lower().strip(_SEPARATORS) for w in words[kept:]} & _THANKS:
        return end
    # the offset of word number `kept` in text[start:end]
    position = start
    for word in words[:kept]:
        position = text.index(word, position) + len(word)
    return position


def after_greeting(text: str) -> str:
    """The message after its opening greeting ("Bonjour, pourquoi ..." -> "pourquoi
    ..."); the message itself without one."""
    lead = _LEADING.match(text) if len(text) <= MAX_CHARS else None
    return text[lead.end() :] if lead else text


def core_span(text: str) -> tuple[int, int] | None:
    """(start, end) of what the message says inside its politeness, when there is
    politeness around something else; None otherwise."""
    if len(text) > MAX_CHARS or is_payload(text):
        return None
    start = 0
    lead = _LEADING.match(text)
    if lead:
        start = lead.end()
    end = closing_start(text, start)
    while end > start and text[end - 1] in _SEPARATORS:
        end -= 1
    core = text[start:end]
    if (start, end) == (0, len(text)) or sum(c.isalnum() for c in core) < 2:
        return None
    return start, end
