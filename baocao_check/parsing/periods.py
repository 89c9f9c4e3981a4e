"""Periods and terms: "giai đoạn 2026 - 2030", "nhiệm kỳ 2025-2030", "trong giai đoạn 2026 – 2030"."""

from __future__ import annotations

import re
from dataclasses import dataclass

# on folded text (lower case, dashes normalised)
PERIOD_RE = re.compile(r"(?<!\w)(?P<kind>giai đoạn|nhiệm kỳ|nhiệm kì)\s*:?\s*(?P<a>(?:19|20)\d\d)\s*[-–]\s*(?P<b>(?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class Period:
    kind: str          # "giai đoạn" | "nhiệm kỳ"
    first: int
    last: int
    start: int         # offsets in the text searched
    end: int


def find_periods(key: str) -> list[Period]:
    """The periods and terms of a folded text."""
    return [Period("nhiệm kỳ" if m.group("kind").startswith("nhiệm") else "giai đoạn",
                   int(m.group("a")), int(m.group("b")), m.start(), m.end()) for m in PERIOD_RE.finditer(key)]
