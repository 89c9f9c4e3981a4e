"""Numbers as Vietnamese administrative text writes them.

"." groups thousands and "," is the decimal mark: "1.060" is 1060, "86,4%" is
86.4 per cent, "24,16 km²" is 24.16. Leading zeros are common ("01 Chủ tịch").
Fractions "33/51" are counts out of a whole. Dates ("16/6/2025") and document
symbols ("1669/NQ-UBTVQH15", "30/2020/NĐ-CP") are not numbers: they are taken
out first by their own parsers, and the number pattern refuses them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..docmemo import per_document
from ..limits import MAX_NUMBER_DIGITS

# 1.234.567 | 1234 | 01 | 86,4 | 1.234,5  (a group separator needs exactly three digits after it)
_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUM_RE = re.compile(_NUM)
# The same number, its first digit first: a pattern that starts with a digit lets the regex engine
# skip ahead to the next digit; one that starts with a look-behind is tried at every position.
# The look-behind after the first digit looks at the character before it.
_NUM_DIGIT_FIRST = r"\d(?<![\w./,-]\d)(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d*(?:,\d+)?)"
NUMBER_RE = re.compile(
    rf"(?P<a>{_NUM_DIGIT_FIRST})"
    rf"(?:\s*/\s*(?P<b>{_NUM})(?![\w/]|\.\d|,\d))?"      # a fraction 33/51, not 16/6/2025 nor 12/KH
    rf"(?P<pct>\s?%)?"
    rf"(?![\w/-]|\.\d|,\d)",
)


@dataclass(frozen=True)
class Number:
    value: Decimal          # the number, or the numerator of a fraction
    text: str               # as written
    start: int
    end: int
    kind: str               # int | decimal | percent | fraction
    denominator: Decimal | None = None
    decimals: int = 0       # digits after the decimal comma, for rounding checks

    @property
    def ratio(self) -> Decimal | None:
        if self.kind == "fraction" and self.denominator:
            return self.value / self.denominator
        return None


def parse_number(text: str) -> tuple[Decimal, int] | None:
    """'1.060' -> (1060, 0); '86,4' -> (86.4, 1); '01' -> (1, 0)."""
    text = text.strip()
    if not _NUM_RE.fullmatch(text):
        return None
    whole, _, frac = text.partition(",")
    whole = whole.replace(".", "")
    if len(whole) + len(frac) > MAX_NUMBER_DIGITS:
        return None      # no figure of a report; past 28 digits Decimal arithmetic fails (InvalidOperation)
    value = Decimal(whole + ("." + frac if frac else ""))
    return value, len(frac)


def find_numbers(text: str, skip: list[tuple[int, int]] | None = None) -> list[Number]:
    """Every number, percentage and fraction in ``text``, outside the ``skip`` spans."""
    found = numbers_in(text)
    if not skip:
        return list(found)
    return [n for n in found if not any(s <= n.start < e or s < n.end <= e for s, e in skip)]


@per_document()
def numbers_in(text: str) -> tuple[Number, ...]:
    """All numbers of a text (several rules ask for the same paragraph's: remembered)."""
    out: list[Number] = []
    for m in NUMBER_RE.finditer(text):
        a = parse_number(m.group("a"))
        if a is None:
            continue
        if m.group("b"):
            b = parse_number(m.group("b"))
            if b is None:
                continue
            out.append(Number(a[0], m.group(0), m.start(), m.end(), "fraction", b[0], a[1]))
        elif m.group("pct"):
            out.append(Number(a[0], m.group(0), m.start(), m.end(), "percent", None, a[1]))
        else:
            out.append(Number(a[0], m.group(0), m.start(), m.end(), "decimal" if a[1] else "int", None, a[1]))
    return tuple(out)


def format_number(value: Decimal, decimals: int = 0) -> str:
    """1060 -> '1.060'; 86.43 with 1 decimal -> '86,4'."""
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    value = value.quantize(q)
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


# -- figures left blank ----------------------------------------------------------------------
@dataclass(frozen=True)
class BlankNumber:
    """A figure left blank: "đạt ...%", "…/… người", "có ___ hộ", "xxx", "[…]"."""
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _blank_number_res() -> tuple[re.Pattern, ...]:
    from .vocabulary import alternation, vocabulary
    v = vocabulary()
    mark = "(?:" + ("|".join(v.blank_marks) or r"\.{2,}") + ")"
    units = alternation([u for u in v.units if u != "%"], folded=False)
    leads = alternation(v.value_leads, folded=False)
    words = "|".join(re.escape(w) for w in v.blank_words)
    out = [
        re.compile(rf"(?:(?<![\w])(?:{leads})[ \t]+)?{mark}[ \t]?%", re.IGNORECASE),         # đạt ...%
        re.compile(rf"(?:{mark}|{_NUM})[ \t]*/[ \t]*{mark}|{mark}[ \t]*/[ \t]*(?:{_NUM})(?![\d/])"),   # …/…, 45/…
        re.compile(r"\[[ \t]*(?:…|\.{2,}|_{2,}|)[ \t]*\]"),                                 # […], [ ]
    ]
    if units:
        # "có ... hộ": a mark right before a unit noun (not an enumeration's "…" before a verb)
        out.append(re.compile(rf"(?<![\w,;._…])(?<![,;] ){mark}[ \t]+(?:{units})(?![^\W\d_])", re.IGNORECASE))
        # "….." typed as an ellipsis then dots (or the other way round), one run of two kinds
        out.append(re.compile(rf"(?<![\w,;._…])(?<![,;] )(?:…+\.+|\.+…+)[ \t]+(?:{units})(?![^\W\d_])", re.IGNORECASE))
    if leads:
        out.append(re.compile(rf"(?<![\w])(?:{leads})[ \t]+{mark}(?=[ \t]*(?:$|[.;,)]))", re.IGNORECASE))
    if words:
        out.append(re.compile(rf"(?<![\w/])(?:{words})(?![\w/])"))
    return tuple(out)


_MAYBE_BLANK_RE = re.compile(r"\.\.|…|__|\[|xx|XX")


def find_blank_numbers(text: str) -> list[BlankNumber]:
    """Figures left blank: dots, an ellipsis or underscores where a number belongs."""
    if not _MAYBE_BLANK_RE.search(text):
        return []
    out: list[BlankNumber] = []
    for pattern in _blank_number_res():
        for m in pattern.finditer(text):
            if any(b.start < m.end() and m.start() < b.end for b in out):
                continue
            start = m.start()
            s = text[start:m.end()]
            lead = len(s) - len(s.lstrip())
            out.append(BlankNumber(s.strip(), start + lead, m.end()))
    out.sort(key=lambda b: b.start)
    return out
