"""Unicode normalisation of Vietnamese text for matching.

Evidence always keeps the draft's own characters; these functions build the
keys that rules compare: NFC, one tone-mark placement ("hoà"/"hòa" and
"uỷ"/"ủy" become one spelling), one dash, folded whitespace.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .docmemo import per_document

# Combining tone marks: grave, acute, hook above, tilde, dot below.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_TONE_MARK = {v: k for k, v in _TONES.items()}
# Vowels that carry a quality diacritic take the tone first.
_MARKED_VOWELS = set("âăêôơưÂĂÊÔƠƯ")
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
# Clusters whose tone sits on the second vowel in the "new" placement.
_SECOND_VOWEL_CLUSTERS = {"oa", "oe", "uy"}

_WORD_RE = re.compile(r"[^\W\d_]+")
# Vietnamese capital letters, for regular-expression classes. (A range such as "À-Ỹ" also takes in
# lower-case letters: the Latin Extended blocks interleave the cases.)
VI_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u00a0": " ",
                         "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def _strip_tone(syllable: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = 0
    kept = []
    for ch in decomposed:
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_position(base: str) -> int | None:
    """Index of the vowel that carries the tone, by the new placement rules."""
    lower = base.lower()
    start = 0
    # "qu" and "gi" + vowel: the u / i belong to the initial consonant.
    if lower.startswith("qu") and len(lower) > 2:
        start = 2
    elif lower.startswith("gi") and len(lower) > 2 and lower[2] in "aăâeêoôơuưy":
        start = 2
    positions = [i for i in range(start, len(base)) if base[i] in _VOWELS]
    if not positions:
        positions = [i for i, ch in enumerate(base) if ch in _VOWELS]
        if not positions:
            return None
    # Keep the first contiguous vowel run only.
    run = [positions[0]]
    for p in positions[1:]:
        if p == run[-1] + 1:
            run.append(p)
        else:
            break
    marked = [p for p in run if base[p] in _MARKED_VOWELS]
    if marked:
        return marked[-1]  # "ươ" -> ơ, "uyê" -> ê
    if len(run) == 1:
        return run[0]
    has_final = run[-1] + 1 < len(base)
    if has_final:
        return run[-1]
    cluster = lower[run[0]:run[-1] + 1]
    if len(run) == 2:
        return run[1] if cluster in _SECOND_VOWEL_CLUSTERS else run[0]
    return run[1]


@lru_cache(maxsize=65536)
def canonical_syllable(syllable: str) -> str:
    """Re-place the tone mark of one syllable by a single rule."""
    base, tone = _strip_tone(syllable)
    if not tone:
        return base
    pos = _tone_position(base)
    if pos is None:
        return unicodedata.normalize("NFC", syllable)
    return unicodedata.normalize("NFC", base[:pos + 1] + _TONE_MARK[tone] + base[pos + 1:])


# Only syllables with an "oa", "oe" or "uy" cluster can carry their tone in two places
# ("hoà"/"hòa", "uỷ"/"ủy"); the others are already in their one spelling.
# the tone can sit on either vowel of "oa", "oe", "uy" only when one of the two carries it: a text
# without such a pair needs no re-placing (most do not), and in a text with some only the words
# holding one are re-placed (the callback per word is the cost)
_TONED_PAIR = "[òóỏõọùúủũụÒÓỎÕỌÙÚỦŨỤ][aeyAEY]|[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ]"
_TONED_PAIR_RE = re.compile(_TONED_PAIR)
# the characters other than " " that str.isspace() takes (the regex engine's \\s), as one class:
# listed characters are searched about ten times faster than \\s, which asks the Unicode database
OTHER_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
OTHER_SPACES_RE = re.compile(f"[{OTHER_SPACES}]")


_TRANSLATED_RE = re.compile("[\u2013\u2014\u2012\u2212\u00a0\u201c\u201d\u2018\u2019]")


def normalize_text(text: str) -> str:
    """NFC, one tone placement, one kind of dash and quote; keeps case and length class."""
    text = unicodedata.normalize("NFC", text)
    if _TRANSLATED_RE.search(text):
        text = text.translate(_DASHES)
    pair = _TONED_PAIR_RE.search(text)
    if pair is None:
        return text
    # each word holding a toned pair, re-placed: found from its pair (a literal class the regex
    # engine skips to) and widened to the letters around it
    parts, done = [], 0
    while pair is not None:
        start = pair.start()
        while start > 0 and _is_letter(text[start - 1]):
            start -= 1
        end = _WORD_RE.match(text, start).end()
        parts += [text[done:start], canonical_syllable(text[start:end])]
        done = end
        pair = _TONED_PAIR_RE.search(text, end)
    parts.append(text[done:])
    return "".join(parts)


def _is_letter(ch: str) -> bool:
    """``[^\\W\\d_]`` of the regex engine: alphanumeric, not a decimal digit, not "_"."""
    return ch.isalnum() and not ch.isdecimal() and ch != "_"


@per_document(fallback_size=65536)
def fold(text: str) -> str:
    """Matching key: normalised, lower case, whitespace collapsed (titles, keywords and phrases
    repeat across rules: remembered on the draft being checked, in a bounded LRU outside a check)."""
    return " ".join(normalize_text(text).lower().split())     # str.split's whitespace is the regex's \\s


def syllables(text: str) -> list[str]:
    """Folded syllables (letters only) of a text."""
    return _WORD_RE.findall(fold(text))


def strip_diacritics(text: str) -> str:
    """ASCII-ish skeleton, for fuzzy comparisons only (đ -> d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
