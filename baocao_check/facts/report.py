"""The report's own date: the place-and-date line of the header ("Tân Lập, ngày 12 tháng 5 năm 2026")."""

from __future__ import annotations

import datetime as dt

from ..parsing.dates import find_place_date


def issuer_text(doc) -> str:
    """The issuing body as the header names it, folded, with the unit word made "xã" ("ĐẢNG BỘ TỈNH
    CÀ MAU / ĐẢNG ỦY XÃ VĨNH HƯNG TÂY", "ỦY BAN NHÂN DÂN / PHƯỜNG ĐỒI THÔNG" -> "… ủy ban nhân dân
    xã đồi thông"); "" when the header does not name it (before its "Số:" line)."""
    import re
    from ..normalize import fold
    parts = []
    for b in doc.blocks:
        if b.zone != "header" or find_place_date(b.text) is not None or re.match(r"\s*(?:BÁO CÁO|BAO CAO)\s*$", b.text):
            break
        head = re.split(r"(?im)^\s*số\b|\|", b.text, maxsplit=1)[0]
        if head.strip():
            parts.append(head)
        if len(head) < len(b.text):
            break
    text = fold(" ".join(" ".join(parts).split()))
    return re.sub(r"(?<!\w)(?:phường|thị trấn|đặc khu)(?!\w)", "xã", text)


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
