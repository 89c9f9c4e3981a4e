"""Document symbols and citations.

Three families (Nghị định 30/2020/NĐ-CP, Phụ lục I; Hướng dẫn 36-HD/VPTW):
- legal normative documents: ``30/2020/NĐ-CP``, ``01/2025/TT-BNV`` (number/year/TYPE-ISSUER);
- State documents: ``1669/NQ-UBTVQH15``, ``325/QĐ-TTg``, ``4512/UBND-NC2`` (number/TYPE-ISSUER);
- Party documents: ``57-NQ/TW``, ``1909-QĐ/TU``, ``09-QĐ/ĐU`` (number-TYPE/ISSUER).

A symbol is read leniently — a number, then segments joined by "/" or "-" — and its family is
decided by what it says, not by how it is punctuated: a Party issuer (TW, TU, ĐU, HU… in the
lexicon) makes a Party document, a year a normative one, otherwise a State one. The symbol is then
written in its family's form; when that differs from the draft's, the symbol is kept as malformed
with the reason and the right form: a year put into a Party symbol ("57-NQ/2025/TW"), a Party
document in the State form ("16/KL-TW") or with hyphens only ("71-NQ-TW"), the hyphen between
type and issuer left out ("150/2025/NĐCP"), a decree without its year ("154/NĐ-CP").
A citation is a type word, "số", a symbol, and usually "ngày <date>" and "của <issuer>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import VI_UPPER
from .dates import Date, find_dates
from .vocabulary import Vocabulary, alternation, vocabulary

_UP = VI_UPPER
_SEG = rf"[{_UP}0-9][{_UP}a-zđ0-9]{{0,14}}"           # NQ, QĐ, CTr, TTg, TW, ĐU, UBTVQH15, NC2, 2025
# digit first (the engine skips ahead to a digit); the look-behind then checks the character before it
CANDIDATE_RE = re.compile(rf"(?P<num>\d(?<![\w/.,-]\d)\d{{0,4}})(?P<rest>(?:[/-]{_SEG}){{1,5}})(?![\w/-])")
_PART_RE = re.compile(rf"([/-])({_SEG})")
_YEAR_RE = re.compile(r"(?:19|20)\d{2}")
_HAS_UPPER_RE = re.compile(rf"[{_UP}]")


@dataclass(frozen=True)
class Symbol:
    text: str
    start: int
    end: int
    family: str              # normative | state | party (what the symbol is, however written)
    number: str
    type: str                # NQ, QĐ, NĐ … ("" when the symbol names only its issuer: "63/2020/QH14")
    issuer: str              # TW, TU, CP, UBTVQH15 …
    year: int | None = None
    problem: str | None = None   # why it is malformed, or None
    fixed: str | None = None     # the symbol written in its family's form, when it is malformed

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


@dataclass(frozen=True)
class BlankSymbol:
    """A symbol whose number is left blank ("Số:    /BC-UBND")."""
    text: str
    start: int
    end: int


def _split_glued(code: str, v: Vocabulary) -> tuple[str, str] | None:
    """"NĐCP" -> ("NĐ", "CP"): a type code and an issuer written without the hyphen."""
    for t in v.codes_longest_first:
        if code.startswith(t) and len(code) > len(t):
            rest = code[len(t):]
            if v.is_state_issuer(rest) or v.is_party_issuer(rest):
                return t, rest
    return None


def _shape(seps: list[str], year_at: int | None, n_codes: int) -> str:
    if year_at is None:
        if n_codes >= 2 and seps[:2] == ["-", "/"] and all(s == "-" for s in seps[2:]):
            return "party"
        if seps[0] == "/" and all(s == "-" for s in seps[1:]):
            return "state"
        return "other"
    if year_at == 0 and seps[:2] == ["/", "/"] and all(s == "-" for s in seps[2:]):
        return "normative"
    return "other"


def _read(m: re.Match, v: Vocabulary) -> Symbol | None:
    num, rest = m.group("num"), m.group("rest")
    parts = _PART_RE.findall(rest)
    seps = [p[0] for p in parts]
    segs = [p[1] for p in parts]
    years = [i for i, s in enumerate(segs) if _YEAR_RE.fullmatch(s)]
    if len(years) > 1:
        return None
    year_at = years[0] if years else None
    codes = [s for i, s in enumerate(segs) if i != year_at]
    if not codes or not all(_HAS_UPPER_RE.search(c) for c in codes):
        return None   # a date, a fraction, a range
    year = int(segs[year_at]) if year_at is not None else None
    shape = _shape(seps, year_at, len(codes))
    glued = _split_glued(codes[0], v) if len(codes) == 1 else None
    if glued:
        type_, issuers = glued[0], [glued[1]]
    elif len(codes) == 1:
        if shape not in ("state", "normative"):
            return None   # "5-Khu": not a symbol
        type_, issuers = "", codes      # "12/UBND", "63/2020/QH14"
    else:
        type_, issuers = codes[0], codes[1:]
    issuer = "-".join(issuers)
    party = any(v.is_party_issuer(i) for i in issuers)
    state = any(v.is_state_issuer(i) for i in issuers)
    known_type = type_ in v.known_codes

    def make(family, problem=None, fixed=None):
        return Symbol(m.group(0), m.start(), m.end(), family, num, type_, issuer, year, problem, fixed)

    def form(family):
        if family == "party":
            return f"{num}-{type_}/{issuer}"
        if family == "normative":
            return f"{num}/{year}/{type_}-{issuer}" if type_ else f"{num}/{year}/{issuer}"
        return f"{num}/{type_}-{issuer}" if type_ else f"{num}/{issuer}"

    if glued:
        family = "party" if party else "normative" if year else "state"
        return make(family, "missing_hyphen", form(family))
    either = any(v.is_either_issuer(i) for i in issuers)
    if shape == "party":
        if state and not party and known_type and not either:
            return make("state", "state_as_party", form("state"))
        return make("party")
    if shape == "state":
        if party and known_type and not either:
            return make("party", "party_as_state", form("party"))
        if type_ in v.normative_codes:
            return make("state", "normative_without_year")
        return make("state")
    if shape == "normative":
        if party and known_type:
            return make("party", "party_with_year", form("party"))
        return make("normative")
    # any other punctuation: only when the symbol is clearly one ("71-NQ-TW", "57-NQ/2025/TW")
    if not known_type or not (party or state or year):
        return None
    if party:
        return make("party", "party_with_year" if year else "separators", form("party"))
    family = "normative" if year else "state"
    return make(family, "separators", form(family))


def find_symbols(text: str, vocab: Vocabulary | None = None) -> list[Symbol]:
    """Every symbol of ``text``; ``vocab`` (the lexicon's by default) says which codes are
    document types and which issuers are Party or State bodies."""
    v = vocab or vocabulary()
    out = []
    for m in CANDIDATE_RE.finditer(text):
        sym = _read(m, v)
        if sym is not None:
            out.append(sym)
    if any(ch.isdigit() for ch in text):
        for pattern in _glued_number_re(v):
            for m in pattern.finditer(text):
                sym = _read_glued_number(m, v)
                if sym is None:
                    continue
                over = [o for o in out if o.start < sym.end and sym.start < o.end]
                if all(any(ch.isdigit() for ch in o.type or "") for o in over):
                    # "150/2025NĐ-CP" first read as of type "2025NĐ": the year is against the type
                    out = [o for o in out if o not in over] + [sym]
        out.sort(key=lambda x: x.start)
    return out


def _glued_number_re(v: Vocabulary) -> tuple[re.Pattern, re.Pattern]:
    """"245QĐ-UBND", "31HD/BTCTW": the number written against the type code, no separator; and
    "150/2025NĐ-CP": the year written against it."""
    return _glued_number_re_of(v.codes_longest_first)


@lru_cache(maxsize=4)
def _glued_number_re_of(codes: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    alts = "|".join(re.escape(c) for c in codes) or r"(?!x)x"
    num = r"(?P<num>\d(?<![\w/.,-]\d)\d{0,4})"
    rest = rf"(?P<type>{alts})(?P<rest>(?:[/-]{_SEG}){{1,3}})(?![\w/-])"
    return re.compile(num + rest), re.compile(num + r"/(?P<year>(?:19|20)\d\d)" + rest)


def _read_glued_number(m: re.Match, v: Vocabulary) -> Symbol | None:
    num, type_ = m.group("num"), m.group("type")
    segs = [p[1] for p in _PART_RE.findall(m.group("rest"))]
    years = [s for s in segs if _YEAR_RE.fullmatch(s)] + ([m.group("year")] if "year" in m.groupdict() else [])
    issuers = [s for s in segs if not _YEAR_RE.fullmatch(s)]
    if len(years) > 1 or not issuers:
        return None
    issuer = "-".join(issuers)
    party = any(v.is_party_issuer(i) for i in issuers)
    state = any(v.is_state_issuer(i) for i in issuers)
    if not (party or state):
        return None
    year = int(years[0]) if years else None
    if party:
        family, fixed = "party", f"{num}-{type_}/{issuer}"
    elif year:
        family, fixed = "normative", f"{num}/{year}/{type_}-{issuer}"
    else:
        family, fixed = "state", f"{num}/{type_}-{issuer}"
    problem = "year_glued" if "year" in m.groupdict() else "number_glued"
    return Symbol(m.group(0), m.start(), m.end(), family, num, type_, issuer, year, problem, fixed)


@lru_cache(maxsize=1)
def _type_word_re() -> re.Pattern:
    names = alternation((t.name for t in vocabulary().document_types), folded=False)
    return re.compile(rf"(?P<word>{names})(?:\s+(?:số|số:))?\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _blank_symbol_res() -> tuple[re.Pattern, re.Pattern]:
    v = vocabulary()
    names = alternation((t.name for t in v.document_types), folded=False)
    codes = "|".join(sorted((re.escape(c) for c in v.known_codes | v.state_issuers), key=len, reverse=True))
    # the symbol's tail after its missing number ("/BC-UBND", "-KH/ĐU"), found by its separator
    tail = re.compile(rf"[/-](?:(?<![\w/-][/-])|(?<=[xX]{{2}}[/-]))(?:{codes})(?![a-zđ])(?:[/-]{_SEG})*(?![\w/-])")
    # what stands before it: "Số:", "Kế hoạch số" (then the gap)
    lead = re.compile(rf"(?:(?<![\w])(?i:{names})\s+số|(?<![\w])[Ss]ố)\s*:?$")
    return tail, lead


# the blank where a number should be: spaces, dots, an ellipsis, underscores, or "xxx" typed in its place
_GAP_END_RE = re.compile(r"(?:[ \t._…]|&nbsp;|(?<![^\W\d_])(?:xx+|XX+))*$")
_BLANK_MARK_RE = re.compile(r"[._…]|xx|XX")


def find_blank_symbols(text: str) -> list[BlankSymbol]:
    """Symbols with the number left blank: "Số:    /BC-UBND", "Kế hoạch số -KH/ĐU", "…/QĐ-UBND"."""
    if "/" not in text and "-" not in text:
        return []
    tail_re, lead_re = _blank_symbol_res()
    out = []
    for m in tail_re.finditer(text):
        before = text[max(0, m.start() - 60):m.start()]
        gap = _GAP_END_RE.search(before).group(0)
        lead = lead_re.search(before[:len(before) - len(gap)])
        if lead is None and not _BLANK_MARK_RE.search(gap):
            continue   # "/BC-UBND" after a word is not a blank ("UBND xã/BC" …)
        if lead is not None:
            start = m.start() - len(gap) - (len(before) - len(gap) - lead.start())
        else:
            start = m.start() - len(gap.lstrip(" \t"))
        out.append(BlankSymbol(text[start:m.end()].strip(), start, m.end()))
    return out


def find_citations(text: str, symbols: list[Symbol] | None = None, dates: list[Date] | None = None) -> list[Citation]:
    """Symbols with the type word before them and the date that follows ("…, ngày 16/6/2025")."""
    symbols = find_symbols(text) if symbols is None else symbols
    dates = find_dates(text) if dates is None else dates
    out = []
    type_word_re = _type_word_re()
    for sym in symbols:
        before = text[max(0, sym.start - 40): sym.start]
        wm = type_word_re.search(before)
        type_word = wm.group("word") if wm else None
        start = sym.start - (len(before) - wm.start()) if wm else sym.start
        date = None
        after = text[sym.end: sym.end + 24]
        am = re.match(r"\s*,?\s*(?:ban hành\s+)?ngày\s+", after, re.IGNORECASE)
        if am:
            # "ngày 16/6/2025" (the date follows "ngày") or "ngày 04 tháng 5 năm 2026" (the date holds "ngày")
            word_at = sym.end + am.group(0).lower().rfind("ngày")
            date = next((d for d in dates if d.start in (sym.end + am.end(), word_at)), None)
        out.append(Citation(sym, type_word, date, start, date.end if date else sym.end))
    return out
