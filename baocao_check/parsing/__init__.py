"""One parser per kind of value, shared by all rules: numbers, dates, document symbols.

``extract`` runs them in the order that keeps them apart: symbols first
("1669/NQ-UBTVQH15" is no fraction), then dates ("16/6/2025" is no fraction),
then numbers outside both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import Date, find_dates
from .numbers import Number, find_numbers
from .symbols import Citation, Symbol, find_citations, find_symbols


@dataclass(frozen=True)
class Values:
    symbols: list[Symbol]
    citations: list[Citation]
    dates: list[Date]
    numbers: list[Number]


_EMPTY = Values([], [], [], [])
_DIGIT_RE = re.compile(r"\d")


def extract(text: str) -> Values:
    if not _DIGIT_RE.search(text):
        return _EMPTY   # no digit: no symbol, date or number (most headings and many paragraphs)
    symbols = find_symbols(text)
    dates = [d for d in find_dates(text) if not any(s.start < d.end and d.start < s.end for s in symbols)]
    citations = find_citations(text, symbols, dates)
    skip = [(s.start, s.end) for s in symbols] + [(d.start, d.end) for d in dates]
    numbers = find_numbers(text, skip)
    return Values(symbols, citations, dates, numbers)


__all__ = ["Values", "extract", "Date", "Number", "Symbol", "Citation"]
