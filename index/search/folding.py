"""Own the script of a text and the folding of letters into search keys, per script.

A search key is what a reader's spelling and the glossary's spelling have in common:
- Latin: lower case, accents and ligatures folded ("Débit" -> "debit", "œ" -> "oe"), so a
  reader who types without accents (common on phones) meets the accented form;
- Arabic: harakat (short-vowel marks), tatweel and Quranic marks removed; the alef forms
  أ إ آ ٱ folded to ا, ى to ي, ة to ه (as a key only: the glossary keeps the correct
  spelling), the Persian/Urdu keyboard letters ی ک to ي ك; Arabic-Indic digits to 0-9;
- Cyrillic: lower case, ё -> е (Russian texts mostly print е);
- Han: unchanged (Unicode NFKC, done by the caller, already makes full-width Latin letters
  and digits half-width).
Pure functions, no Whoosh, no data files.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Script = Literal["latin", "arabic", "cyrillic", "han", "other"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_CYRILLIC = "\u0400-\u052f"
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_RANGES: tuple[tuple[Script, re.Pattern[str]], ...] = (
    ("han", re.compile(f"[{_HAN}]")),
    ("arabic", re.compile(f"[{_ARABIC}]")),
    ("cyrillic", re.compile(f"[{_CYRILLIC}]")),
    ("latin", re.compile(f"[{_LATIN}]")),
)
HAN_CHAR = re.compile(f"[{_HAN}]")

# Arabic marks that readers may or may not type: harakat, shadda, sukun, superscript alef,
# Quranic annotation signs; and the tatweel (kashida) that only stretches a word.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # hamza and madda seats on alef; wasla
    "ى": "ي",  # alef maqsura, often typed for a final yeh and the reverse
    "ة": "ه",  # teh marbuta, often typed as heh
    "ی": "ي", "ک": "ك",  # Persian keyboard yeh and keheh
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Eastern Arabic-Indic digits
})
# Letters NFKD does not decompose but readers replace by plain letters.
_LATIN_LETTERS = str.maketrans({
    "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ð": "d",
    "þ": "th", "ŀ": "l",
})
# Letters of any script that mark a word as written with combining marks (for tokenising).
MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"


def script_of(text: str) -> Script:
    """The main script of a text: the one with most letters; Latin only if nothing else.

    Latin letters inside an Arabic, Cyrillic or Chinese query are usually acronyms or
    numbers ("أمن IoT", "5G 网络"), so any letters of another script decide.
    """
    counts: dict[Script, int] = {}
    for script, pattern in _RANGES:
        found = len(pattern.findall(text))
        if found:
            counts[script] = found
    others = {s: n for s, n in counts.items() if s != "latin"}
    if others:
        return max(others, key=lambda s: others[s])
    if "latin" in counts:
        return "latin"
    return "other" if any(ch.isalpha() for ch in text) else "latin"


def word_script(word: str) -> Script:
    """The script of one word (the script of its first letter)."""
    for ch in word:
        for script, pattern in _RANGES:
            if pattern.match(ch):
                return script
        if ch.isalpha():
            return "other"
    return "latin"  # digits and punctuation only: treated like Latin (passed as typed)


def fold_latin(word: str) -> str:
    """Lower case without accents or ligatures: "Sécurité" -> "securite"."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_LATIN_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_arabic(word: str) -> str:
    """The Arabic search key: no marks or tatweel, one form of alef, yeh and teh marbuta."""
    return _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", word)).translate(_ARABIC_LETTERS)


def fold_cyrillic(word: str) -> str:
    """Lower case, ё -> е."""
    return word.lower().replace("ё", "е")


def fold(word: str) -> str:
    """The search key of one word in its own script."""
    script = word_script(word)
    if script == "arabic":
        return fold_arabic(word)
    if script == "cyrillic":
        return fold_cyrillic(word)
    if script == "han":
        return word
    return fold_latin(word)
