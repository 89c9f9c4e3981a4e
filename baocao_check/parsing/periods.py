"""Periods and terms: "giai đoạn 2026 - 2030", "nhiệm kỳ 2025-2030", "trong giai đoạn 2026 – 2030"."""

from __future__ import annotations

import re
from dataclasses import dataclass

# on folded text (lower case, dashes normalised)
# (the look-behind after the first letter: a pattern that opens with a literal is searched fast)
PERIOD_RE = re.compile(r"(?P<kind>g(?<!\w.)iai đoạn|n(?<!\w.)hiệm k[ỳì])\s*:?\s*(?P<a>(?:19|20)\d\d)\s*[-–]\s*(?P<b>(?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class Period:
    kind: str          # "plan" (giai đoạn) | "term" (nhiệm kỳ)
    word: str          # as the text names it, folded: "giai đoạn", "nhiệm kỳ"
    first: int
    last: int
    start: int         # offsets in the text searched
    end: int


def find_periods(key: str) -> list[Period]:
    """The periods and terms of a folded text."""
    return [Period("term" if m.group("kind").startswith("nhiệm") else "plan", m.group("kind"),
                   int(m.group("a")), int(m.group("b")), m.start(), m.end()) for m in PERIOD_RE.finditer(key)]


# "từ ngày 01/7/2025 đến hết ngày 25/5/2026": a range of dates
_FROM_BEFORE_RE = re.compile(r"(?<!\w)từ\s+(?:ngày\s+)?$", re.IGNORECASE)
_UNTIL_BEFORE_RE = re.compile(r"(?<!\w)đến\s+(?:hết\s+)?(?:ngày\s+)?$", re.IGNORECASE)


def opens_range(text: str, date) -> bool:
    """Is this date the start of a range ("từ ngày 01/7/2025 …")?"""
    return bool(_FROM_BEFORE_RE.search(text[max(0, date.start - 12):date.start]))


def range_end(text: str, date, dates) -> bool:
    """Is this date the end of a range opened by an earlier date ("từ 01/7/2025 đến hết ngày 25/5/2026")?"""
    if not _UNTIL_BEFORE_RE.search(text[max(0, date.start - 16):date.start]):
        return False
    return any(d.end <= date.start and date.start - d.end <= 40 and opens_range(text, d) for d in dates)


_AS_OF_BEFORE_RE = re.compile(r"(?:tính\s+)?đến(?:\s+hết)?\s+(?:ngày\s+)?$", re.IGNORECASE)


_PERIOD_START_RE = re.compile(r"(?<!\w)từ\s+(?:ngày\s+)?\d", re.IGNORECASE)


def is_as_of(text: str, date) -> bool:
    """Is this the date figures are given as of? "tính đến ngày 25/5/2026"; a bare "đến (hết) ngày …"
    only where it opens its clause ("Đến ngày 30/4/2026, …") or ends a period ("từ ngày 01/7/2025 đến
    ngày …") — not "phấn đấu đến ngày 30/9/2026", "hợp đồng đến hết ngày 31/12/2026"."""
    lo = max(0, date.start - 20)
    m = _AS_OF_BEFORE_RE.search(text[lo:date.start])
    if not m:
        return False
    if m.group(0).lower().startswith("tính"):
        return True
    at = lo + m.start()
    clause = text[max(text.rfind(". ", 0, at), text.rfind(";", 0, at), text.rfind(",", 0, at),
                      text.rfind(":", 0, at), text.rfind("\n", 0, at)) + 1:at]
    return not re.search(r"[^\W\d_]", clause) or bool(_PERIOD_START_RE.search(clause))
