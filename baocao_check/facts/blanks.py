"""Blanks left to fill: a document number, a date part, a figure ("Số:    /BC-UBND",
"ngày tháng 5 năm 2026", "đạt ...%"). Each kind is found by the parser of its value
(parsing.symbols, parsing.dates, parsing.numbers); this module puts them together per block."""

from __future__ import annotations

from dataclasses import dataclass

from ..parsing.dates import find_blank_dates
from ..parsing.numbers import find_blank_numbers
from ..parsing.symbols import find_blank_symbols


@dataclass(frozen=True)
class Blank:
    kind: str      # number (a document's number) | date | figure
    text: str      # as written, stripped: the evidence
    start: int
    end: int


def find_blanks(text: str) -> list[Blank]:
    """Every blank of a text, in order; a blank date part is not also a blank figure."""
    out: list[Blank] = []
    for kind, found in (("number", find_blank_symbols(text)), ("date", find_blank_dates(text)),
                        ("figure", find_blank_numbers(text))):
        for b in found:
            if not any(o.start < b.end and b.start < o.end for o in out):
                out.append(Blank(kind, b.text, b.start, b.end))
    out.sort(key=lambda b: b.start)
    return out


def blanks(facts, block) -> list[Blank]:
    """The blanks of a block, found once per draft."""
    return facts.memo(("blanks", block.index), lambda: find_blanks(block.text))
