"""Section labels of Vietnamese administrative text: ``I.``, ``A.``, ``1.``, ``2.1.``, ``a)``, ``(1)``.

One parser for every reader and rule. A label has a *kind* (its numbering
system) and an ordinal *value* so that siblings can be compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Vietnamese alphabetical order used for lettered items: no f, j, w, z; đ after d.
VI_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
_LETTER_INDEX = {ch: i + 1 for i, ch in enumerate(VI_LETTERS)}

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
ROMAN_RE = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"

_LABEL_PATTERNS = [
    # kind, regex (matched at the start of the text)
    # (a hyphen ends a label too, as typists write "I-", "1-", "1.1-", "a-" — a letter after it)
    ("roman", re.compile(r"^(?P<v>" + ROMAN_RE + r")\s*(?:[.:/]\s+(?=\S)|[-–]\s*(?=[^\W\d_]))")),
    # "A.", "B)": an upper-case letter; "I.", "V.", "X." read as Roman numerals here, the reader
    # takes them as letters where they continue a letter sequence (see ``upper_follows``)
    ("upper", re.compile(r"^(?P<v>[A-ZĐ])\s*[.)]\s+(?=\S)")),
    ("dotted", re.compile(r"^(?P<v>\d{1,2}(?:\.\d{1,2}){1,3})(?:\s*[-–]\s*(?=[^\W\d_])|\.?\s+(?=\S))")),
    ("arabic", re.compile(r"^(?P<v>\d{1,2})\s*(?:[./]\s+(?=\S)|[-–]\s*(?=[^\W\d_]))")),
    ("letter", re.compile(r"^(?P<v>[a-zđ])\s*(?:\)\s*(?=\S)|[-/]\s+(?=[^\W\d_]))")),
    ("paren", re.compile(r"^\((?P<v>\d{1,2}|[a-zđ])\)\s*(?=\S)")),
    ("paren", re.compile(r"^(?P<v>\d{1,2})\)\s+(?=\S)")),
]

# Kinds that are enumerations in running text rather than section headings.
LIST_KINDS = {"paren"}


@dataclass(frozen=True)
class Label:
    kind: str          # roman | upper | arabic | dotted | letter | paren
    text: str          # as written, e.g. "2.1."
    value: tuple[int, ...]  # ordinal: (2, 1) for "2.1.", (5,) for "đ)"

    @property
    def last(self) -> int:
        return self.value[-1]

    def display(self) -> str:
        return self.text.strip()


def roman_to_int(text: str) -> int | None:
    text = text.upper()
    if not text or not re.fullmatch(ROMAN_RE, text):
        return None
    total = 0
    prev = 0
    for ch in reversed(text):
        val = _ROMAN_VALUES[ch]
        if val < prev:
            total -= val
        else:
            total += val
            prev = val
    return total or None


def int_to_roman(value: int) -> str:
    out = []
    for num, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                     (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= num:
            out.append(sym)
            value -= num
    return "".join(out)


def letter_value(ch: str) -> int | None:
    return _LETTER_INDEX.get(ch.lower())


def upper_value(ch: str) -> int:
    """Ordinal of an upper-case letter label: the Vietnamese order (A, B, C, D, Đ, E, G …), a Latin
    letter outside it (F, J, W, Z) by its place in A–Z, as the plan reader counts them."""
    return letter_value(ch) or (ord(ch.upper()) - 64)


def upper_follows(prev: str, cur: str) -> bool:
    """Does the letter ``cur`` come right after ``prev`` (Vietnamese order or A–Z)?"""
    p, c = prev.upper(), cur.upper()
    if upper_value(c) == upper_value(p) + 1 and letter_value(c) and letter_value(p):
        return True
    return p.isascii() and c.isascii() and ord(c) == ord(p) + 1


def letter_for(value: int) -> str:
    return VI_LETTERS[value - 1] if 1 <= value <= len(VI_LETTERS) else "?"


def parse_label(text: str) -> tuple[Label | None, str]:
    """Split a leading section label from ``text``; returns (label, rest)."""
    for kind, pattern in _LABEL_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        raw = m.group("v")
        if kind == "roman":
            val = roman_to_int(raw)
            if val is None or val > 30:
                continue
            value = (val,)
        elif kind == "upper":
            value = (upper_value(raw),)
        elif kind == "dotted":
            value = tuple(int(p) for p in raw.split("."))
        elif kind == "arabic":
            value = (int(raw),)
        elif kind == "letter":
            val = letter_value(raw)
            if val is None:
                continue
            value = (val,)
        else:  # paren
            value = (int(raw),) if raw.isdigit() else (letter_value(raw) or 0,)
        return Label(kind, m.group(0).strip(), value), text[m.end():]
    # "II KẾT QUẢ THỰC HIỆN": a Roman numeral typed without its dot, before a title in capitals
    m = _ROMAN_BARE_RE.match(text)
    if m and (val := roman_to_int(m.group("v"))) and val <= 30:
        letters = [c for c in text[m.end():] if c.isalpha()]
        if len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.85 * len(letters):
            return Label("roman", m.group("v"), (val,)), text[m.end():]
    return None, text


_ROMAN_BARE_RE = re.compile(r"^(?P<v>" + ROMAN_RE + r")[ \t]+(?=[A-ZĐÀ-Ỹ])")


def format_value(kind: str, value: tuple[int, ...]) -> str:
    """How a label of this kind and value is written, for messages."""
    if kind == "roman":
        return int_to_roman(value[-1]) + "."
    if kind == "letter":
        return letter_for(value[-1]) + ")"
    if kind == "upper":
        return letter_for(value[-1]).upper() + "."
    if kind == "paren":
        return f"({value[-1]})"
    if kind == "dotted":
        return ".".join(str(v) for v in value) + "."
    return f"{value[-1]}."


# A part of a report or plan, by its title (folded): "Phần thứ hai …", "PHẦN II …", "Phần 3 …"
PART_ORDINALS = {"nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
                 "tám": 8, "chín": 9, "mười": 10}
PART_RE = re.compile(r"^phần\s+(?:thứ\s+(?P<ord>nhất|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)|(?P<num>[ivx]{1,4}|\d{1,2}))"
                     r"(?!\w)\s*[.:\-–—]?\s*")
