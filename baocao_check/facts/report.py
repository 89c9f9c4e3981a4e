"""The report's own date: the place-and-date line of the header ("Tân Lập, ngày 12 tháng 5 năm 2026")."""

from __future__ import annotations

import datetime as dt
import re

from ..normalize import fold
from ..parsing.dates import find_place_date


def issuer_text(doc) -> str:
    """The issuing body as the header names it on its last line before "Số:" (the lines above name
    the body it belongs to), folded, with the unit word made "xã": "ĐẢNG BỘ TỈNH CÀ MAU / ĐẢNG ỦY XÃ
    VĨNH HƯNG TÂY" -> "đảng ủy xã vĩnh hưng tây", "ỦY BAN NHÂN DÂN TỈNH NAM SƠN / SỞ NỘI VỤ" -> "sở
    nội vụ"; "" when the header does not name it."""
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
    lines = [ln for ln in "\n".join(parts).split("\n") if re.search(r"\w", ln)]
    text = fold(" ".join(lines[-1].split())) if lines else ""
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


def bound_bodies(dl) -> list[str]:
    """The bodies a deadline binds, folded, without a leading "các" ("các chi bộ" -> "chi bộ")."""
    return [re.sub(r"^các\s+", "", fold(b)) for b in dl.get("binds", [])]


def named_at(dl, key: str) -> int | None:
    """Where the first body the deadline binds is named in ``key``; None when none is."""
    at = [m.start() for b in bound_bodies(dl) for m in [re.search(rf"(?<!\w){re.escape(b)}(?!\w)", key)] if m]
    return min(at, default=None)
