"""The report's own date: the place-and-date line of the header ("Tân Lập, ngày 12 tháng 5 năm 2026")."""

from __future__ import annotations

import datetime as dt

from ..parsing.dates import find_place_date


def report_date(doc) -> dt.date | None:
    """The date of the header's place-and-date line, or None (blank or absent).
    ``Facts.report_date`` remembers it for the draft."""
    for b in doc.blocks:
        if b.zone != "header":
            continue
        d = find_place_date(b.text)
        if d is not None and d.valid:
            return d.first_day()
    return None
