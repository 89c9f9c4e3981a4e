"""Blanks left to fill: a document number, a date part, a figure ("Số:    /BC-UBND",
"ngày tháng 5 năm 2026", "đạt ...%"). Each kind is found by the parser of its value
(parsing.symbols, parsing.dates, parsing.numbers); this module puts them together per block."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..parsing.dates import find_blank_dates
from ..parsing.numbers import find_blank_numbers
from ..parsing.symbols import find_blank_symbols
from ..parsing.vocabulary import vocabulary


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
                        ("figure", find_blank_numbers(text)), ("template", _template_notes(text))):
        for b in found:
            if not any(o.start < b.end and b.start < o.end for o in out):
                out.append(Blank(kind, b.text, b.start, b.end))
    out.sort(key=lambda b: b.start)
    return out


@dataclass(frozen=True)
class _Span:
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _template_re() -> re.Pattern:
    """A template's instruction left in the text: "(ghi rõ số lượng)", "[tên đơn vị]" (lexicon
    ``placeholder_forms.instructions``)."""
    from ..lexicon import lexicon
    words = (lexicon().get("placeholder_forms") or {}).get("instructions") or []
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"
    return re.compile(rf"[(\[]\s*(?i:{body})(?!\w)[^()\[\]\n]{{0,40}}[)\]]")


def _template_notes(text: str) -> list[_Span]:
    return [_Span(m.group(0), m.start(), m.end()) for m in _template_re().finditer(text)]


@lru_cache(maxsize=1)
def _lone_cell_re() -> re.Pattern:
    marks = "|".join(vocabulary().blank_marks) or r"\.{2,}"
    words = "|".join(re.escape(w) for w in vocabulary().blank_words)
    return re.compile(rf"(?m)(?:^|(?<=\| ))(?:{marks}|{words})[ \t]*%?(?=[ \t]*(?:\||$))")


def find_table_blanks(text: str) -> list[Blank]:
    """Blanks of a table's text (cells joined by " | ", rows by new lines): a cell that is only a
    mark ("…", "....", "___") stands for a figure; a blank inside a cell is found as in a paragraph."""
    out = find_blanks(text)
    for m in _lone_cell_re().finditer(text):
        if text[:m.start()].count("\n") == 0:
            continue   # the header row
        if not any(o.start < m.end() and m.start() < o.end for o in out):
            out.append(Blank("figure", m.group(0).strip(), m.start(), m.end()))
    out.sort(key=lambda b: b.start)
    return out


def blanks(facts, block) -> list[Blank]:
    """The blanks of a block (a paragraph or a table), found once per draft."""
    if block.kind == "table":
        return facts.memo(("blanks", block.index), lambda: find_table_blanks(block.text))
    return facts.memo(("blanks", block.index), lambda: find_blanks(block.text))
