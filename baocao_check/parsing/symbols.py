"""Document symbols and citations.

Three families (Nghị định 30/2020/NĐ-CP, Phụ lục I; Hướng dẫn 36-HD/VPTW):
- legal normative documents: ``30/2020/NĐ-CP``, ``01/2025/TT-BNV`` (number/year/TYPE-ISSUER);
- State documents: ``1669/NQ-UBTVQH15``, ``325/QĐ-TTg``, ``4512/UBND-NC2`` (number/TYPE-ISSUER);
- Party documents: ``57-NQ/TW``, ``1909-QĐ/TU``, ``09-QĐ/ĐU`` (number-TYPE/ISSUER).
Normative is matched first. A symbol that almost fits ("57-NQ/2025/TW", a year put into a Party
symbol; "154/NĐ-CP", a decree without its year) is kept as malformed with the reason.
A citation is a type word, "số", a symbol, and usually "ngày <date>" and "của <issuer>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize import VI_UPPER
from .dates import Date, find_dates

_UP = VI_UPPER
_CODE = rf"[{_UP}][{_UP}a-zđ]{{0,5}}"               # NQ, QĐ, CTr, TTg, HD
_ORG = rf"[{_UP}0-9][{_UP}a-zđ0-9]{{0,14}}"         # TW, TU, ĐU, UBTVQH15, UBKTĐU, NC2, CP
_ORGS = rf"{_ORG}(?:-{_ORG}){{0,2}}"

NORMATIVE_RE = re.compile(rf"(?<![\w/-])(?P<num>\d{{1,5}})/(?P<year>(?:19|20)\d{{2}})/(?P<type>{_CODE})-(?P<org>{_ORGS})(?![\w-])")
STATE_RE = re.compile(rf"(?<![\w/-])(?P<num>\d{{1,5}})/(?P<type>{_CODE})-(?P<org>{_ORGS})(?![\w/-])")
PARTY_RE = re.compile(rf"(?<![\w/-])(?P<num>\d{{1,5}})-(?P<type>{_CODE})/(?P<org>{_ORGS})(?![\w/-])")
# near misses
PARTY_WITH_YEAR_RE = re.compile(rf"(?<![\w/-])(?P<num>\d{{1,5}})-(?P<type>{_CODE})/(?P<year>(?:19|20)\d{{2}})/(?P<org>{_ORGS})(?![\w/-])")

# Type codes of the document types, for checking the word before the symbol.
TYPE_WORDS = {
    "nghị quyết": {"NQ"}, "nghị định": {"NĐ"}, "quyết định": {"QĐ"}, "quy định": {"QĐ", "QyĐ"},
    "chỉ thị": {"CT"}, "kết luận": {"KL"}, "kế hoạch": {"KH"}, "hướng dẫn": {"HD"}, "thông tư": {"TT"},
    "thông báo": {"TB"}, "báo cáo": {"BC"}, "tờ trình": {"TTr"}, "chương trình": {"CTr"}, "đề án": {"ĐA"},
    "quy chế": {"QC"}, "thông tri": {"TT"}, "công điện": {"CĐ"}, "nghị quyết liên tịch": {"NQLT"},
    "thông tư liên tịch": {"TTLT"}, "công văn": {"CV"},
}
# Codes of normative documents that always carry their year in the symbol.
NORMATIVE_TYPES = {"NĐ", "TT", "TTLT"}
_TYPE_WORD_RE = re.compile(
    r"(?P<word>" + "|".join(sorted((re.escape(w) for w in TYPE_WORDS), key=len, reverse=True)) +
    r")(?:\s+(?:số|số:))?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Symbol:
    text: str
    start: int
    end: int
    family: str              # normative | state | party
    number: str
    type: str                # NQ, QĐ, NĐ …
    issuer: str              # TW, TU, CP, UBTVQH15 …
    year: int | None = None
    problem: str | None = None   # why it is malformed, or None

    @property
    def key(self) -> tuple:
        """What identifies a document: family, number, type (the issuer may be the slip)."""
        return (self.family, self.number.lstrip("0") or "0", self.type.upper())


@dataclass(frozen=True)
class Citation:
    symbol: Symbol
    type_word: str | None        # "Nghị quyết" as written before the symbol
    date: Date | None            # "ngày 22/12/2024" right after the symbol
    start: int
    end: int


def find_symbols(text: str) -> list[Symbol]:
    out: list[Symbol] = []
    taken: list[tuple[int, int]] = []

    def free(a, b):
        return not any(s < b and a < e for s, e in taken)

    for m in PARTY_WITH_YEAR_RE.finditer(text):
        out.append(Symbol(m.group(0), m.start(), m.end(), "party", m.group("num"), m.group("type"), m.group("org"),
                          int(m.group("year")), problem="party_with_year"))
        taken.append(m.span())
    for m in NORMATIVE_RE.finditer(text):
        if free(*m.span()):
            out.append(Symbol(m.group(0), m.start(), m.end(), "normative", m.group("num"), m.group("type"),
                              m.group("org"), int(m.group("year"))))
            taken.append(m.span())
    for m in STATE_RE.finditer(text):
        if free(*m.span()):
            problem = "normative_without_year" if m.group("type") in NORMATIVE_TYPES else None
            out.append(Symbol(m.group(0), m.start(), m.end(), "state", m.group("num"), m.group("type"),
                              m.group("org"), problem=problem))
            taken.append(m.span())
    for m in PARTY_RE.finditer(text):
        if free(*m.span()):
            out.append(Symbol(m.group(0), m.start(), m.end(), "party", m.group("num"), m.group("type"),
                              m.group("org")))
            taken.append(m.span())
    out.sort(key=lambda s: s.start)
    return out


def find_citations(text: str, symbols: list[Symbol] | None = None, dates: list[Date] | None = None) -> list[Citation]:
    """Symbols with the type word before them and the date that follows ("…, ngày 16/6/2025")."""
    symbols = find_symbols(text) if symbols is None else symbols
    dates = find_dates(text) if dates is None else dates
    out = []
    for sym in symbols:
        before = text[max(0, sym.start - 40): sym.start]
        wm = _TYPE_WORD_RE.search(before)
        type_word = wm.group("word") if wm else None
        start = sym.start - (len(before) - wm.start()) if wm else sym.start
        date = None
        after = text[sym.end: sym.end + 14]
        am = re.match(r"\s*,?\s*(?:ban hành\s+)?ngày\s+", after, re.IGNORECASE)
        if am:
            date = next((d for d in dates if d.start == sym.end + am.end()), None)
        out.append(Citation(sym, type_word, date, start, date.end if date else sym.end))
    return out
