"""Dates as Vietnamese administrative text writes them.

"16/6/2025", "ngày 05/01/2026", "ngày 05 tháng 01 năm 2020", "tháng 5/2026",
"tháng 5 năm 2026", "quý II/2026", and ranges "từ 01/7/2025 đến nay". A date
that cannot exist (31/02/2026) is still found, with ``valid`` False.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..labels import roman_to_int

# digit first (the engine skips ahead to a digit); the look-behind then checks the character before it
_DMY_RE = re.compile(r"(?P<d>\d(?<![\d/.-]\d)\d?)\s?(?P<s>[/.-])\s?(?P<m>\d{1,2})(?P=s)\s?(?P<y>(?:19|20)\d{2})(?![\d/])")
_WORDS_RE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d{2})", re.IGNORECASE)
_MONTH_RE = re.compile(r"tháng\s+(?P<m>\d{1,2})\s*(?:/|\s+năm\s+)(?P<y>(?:19|20)\d{2})(?![\d/])", re.IGNORECASE)
_QUARTER_RE = re.compile(r"quý\s+(?P<q>IV|I{1,3}|[1-4])\s*(?:/|\s+năm\s+)(?P<y>(?:19|20)\d{2})", re.IGNORECASE)


@dataclass(frozen=True)
class Date:
    text: str
    start: int
    end: int
    year: int
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    precision: str = "day"      # day | month | quarter
    valid: bool = True

    def first_day(self) -> dt.date | None:
        if not self.valid:
            return None
        if self.precision == "day":
            return dt.date(self.year, self.month, self.day)
        if self.precision == "month":
            return dt.date(self.year, self.month, 1)
        return dt.date(self.year, 3 * (self.quarter - 1) + 1, 1)

    def last_day(self) -> dt.date | None:
        if not self.valid:
            return None
        if self.precision == "day":
            return self.first_day()
        if self.precision == "month":
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        end_month = 3 * self.quarter
        return dt.date(self.year, end_month, calendar.monthrange(self.year, end_month)[1])

    def display(self) -> str:
        if self.precision == "day":
            return f"{self.day}/{self.month}/{self.year}"
        if self.precision == "month":
            return f"tháng {self.month}/{self.year}"
        return f"quý {self.quarter}/{self.year}"


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def find_dates(text: str) -> list[Date]:
    """Every date in ``text``, in order; overlapping matches keep the most precise."""
    found: list[Date] = []
    taken: list[tuple[int, int]] = []

    def free(a, b):
        return not any(s < b and a < e for s, e in taken)

    for m in _WORDS_RE.finditer(text):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        found.append(Date(m.group(0), m.start(), m.end(), y, mo, d, precision="day", valid=_valid(y, mo, d)))
        taken.append(m.span())
    for m in _DMY_RE.finditer(text):
        if not free(*m.span()):
            continue
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if m.group("s") == "." and not (1 <= mo <= 12):
            continue   # "1.376.2025"-like numbers are not dates
        found.append(Date(m.group(0), m.start(), m.end(), y, mo, d, precision="day", valid=_valid(y, mo, d)))
        taken.append(m.span())
    for m in _MONTH_RE.finditer(text):
        if not free(*m.span()):
            continue
        y, mo = int(m.group("y")), int(m.group("m"))
        found.append(Date(m.group(0), m.start(), m.end(), y, mo, precision="month", valid=1 <= mo <= 12))
        taken.append(m.span())
    for m in _QUARTER_RE.finditer(text):
        if not free(*m.span()):
            continue
        q_text = m.group("q").upper()
        q = int(q_text) if q_text.isdigit() else roman_to_int(q_text)
        found.append(Date(m.group(0), m.start(), m.end(), int(m.group("y")), quarter=q, precision="quarter",
                          valid=bool(q) and 1 <= q <= 4))
        taken.append(m.span())
    found.sort(key=lambda d: d.start)
    return found


def parse_iso(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# -- the report's own date -------------------------------------------------------------------
# "Tân Lập, ngày 12 tháng 5 năm 2026": the place-and-date line of the header, in words.
PLACE_DATE_RE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.IGNORECASE)


def find_place_date(text: str) -> Date | None:
    """The date of a place-and-date line ("…, ngày 12 tháng 5 năm 2026"), or None."""
    m = PLACE_DATE_RE.search(text)
    if not m:
        return None
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    return Date(m.group(0), m.start(), m.end(), y, mo, d, precision="day", valid=_valid(y, mo, d))


# -- dates left blank ------------------------------------------------------------------------
@dataclass(frozen=True)
class BlankDate:
    """A date with a part left blank: "ngày    tháng 5 năm 2026", "ngày …/…/2026", "từ ngày."."""
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _blank_date_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    from .vocabulary import alternation, vocabulary
    v = vocabulary()
    mark = "(?:" + ("|".join(v.blank_marks) or r"\.{2,}") + ")"
    part = rf"(?:\d{{1,2}}|{mark}|)"               # a day or month: a number, a mark, or nothing
    year = rf"(?:\d{{4}}|{mark})"
    words = re.compile(
        rf"\bngày[ \t\u00a0\u202f]*(?P<d>{part})[ \t\u00a0\u202f]*tháng[ \t\u00a0\u202f]*(?P<m>{part})[ \t\u00a0\u202f]*năm[ \t\u00a0\u202f]*(?P<y>{year}|(?=[\s,.;)]|$))",
        re.IGNORECASE)
    numeric = re.compile(
        rf"(?:\bngày[ \t\u00a0\u202f]*)?(?P<d>\d{{1,2}}|{mark}|(?<=ngày )|(?<=ngày))[ \t\u00a0\u202f]*/[ \t\u00a0\u202f]*(?P<m>\d{{1,2}}|{mark}|)[ \t\u00a0\u202f]*/[ \t\u00a0\u202f]*"
        rf"(?P<y>\d{{4}}|{mark})(?![\d/])", re.IGNORECASE)
    leads = alternation(v.date_leads, folded=False) or "từ|đến"
    dangling = re.compile(rf"(?<![\w])(?:{leads})[ \t\u00a0\u202f]+ngày[ \t\u00a0\u202f]*(?P<b>{mark})?[ \t\u00a0\u202f]*(?=$|[.;,:)\]]|[ \t\u00a0\u202f]+(?:đến|và)\b)",
                          re.IGNORECASE)
    return words, numeric, dangling


_MARK_CHARS_RE = re.compile(r"[._…]")
# blank spaces include the non-breaking ones Word keeps ("ngày\u00a0\u00a0\u00a0tháng 5 năm 2026")
# cheap tests before the slower patterns: a mark or "ngày" beside a "/"; "ngày" with nothing after it
_NUMERIC_MAYBE_RE = re.compile(r"[._…][ \t\u00a0\u202f]*/|/[ \t\u00a0\u202f]*[._…]|ngày[ \t\u00a0\u202f]*/", re.IGNORECASE)
_DANGLING_MAYBE_RE = re.compile(r"ngày[ \t\u00a0\u202f]*(?:[._…]|$|[.;,:)\]]|[ \t\u00a0\u202f]+(?:đến|và)\b)")


def find_blank_dates(text: str) -> list[BlankDate]:
    """Dates with a day, month or year left blank (spaces, dots, an ellipsis or underscores)."""
    low = text.lower()
    if "ngày" not in low and "/" not in text:
        return []
    words, numeric, dangling = _blank_date_res()
    out: list[BlankDate] = []
    for m in words.finditer(text):
        d, mo, y = m.group("d"), m.group("m"), m.group("y")
        if d.isdigit() and mo.isdigit() and (y.isdigit()):
            continue   # a full date
        if not (d.isdigit() and mo.isdigit()) and not y and not _MARK_CHARS_RE.search(d + mo):
            continue   # "ngày tháng năm sinh": words, not a form to fill
        out.append(BlankDate(m.group(0).strip(), m.start(), m.end()))
    for m in (numeric.finditer(text) if _NUMERIC_MAYBE_RE.search(text) else ()):
        d, mo, y = m.group("d"), m.group("m"), m.group("y")
        if d.isdigit() and mo.isdigit() and y.isdigit():
            continue
        if not m.group(0).lower().startswith("ngày") and not _MARK_CHARS_RE.search(m.group(0)):
            continue
        if y.isdigit() and not mo and not d:
            continue
        if any(b.start < m.end() and m.start() < b.end for b in out):
            continue
        out.append(BlankDate(m.group(0).strip(), m.start(), m.end()))
    for m in (dangling.finditer(text) if _DANGLING_MAYBE_RE.search(low) else ()):
        if any(b.start < m.end() and m.start() < b.end for b in out):
            continue
        out.append(BlankDate(m.group(0).strip(), m.start(), m.end()))
    out.sort(key=lambda b: b.start)
    return out
