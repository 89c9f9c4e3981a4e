"""The report's own date: the place-and-date line of the header ("Tân Lập, ngày 12 tháng 5 năm 2026")."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..normalize import fold
from ..parsing.dates import find_place_date


# the right-hand lines of a header (the state's or the Party's name and motto), when the reader gives them
# as lines of their own: not the issuer
_MOTTO_RE = re.compile(r"(?:cộng hòa xã hội|cộng hoà xã hội|độc lập\s*-\s*tự do|đảng cộng sản việt nam)")


def issuer_text(doc) -> str:
    """The issuing body as the header names it on its last line before "Số:" (the lines above name
    the body it belongs to), folded, with the unit word made "xã": "ĐẢNG BỘ TỈNH CÀ MAU / ĐẢNG ỦY XÃ
    VĨNH HƯNG TÂY" -> "đảng ủy xã vĩnh hưng tây", "ỦY BAN NHÂN DÂN TỈNH NAM SƠN / SỞ NỘI VỤ" -> "sở
    nội vụ"; "" when the header does not name it."""
    parts = []
    for b in doc.blocks:
        if b.zone != "header" or re.match(r"\s*(?:BÁO CÁO|BAO CAO)\s*$", b.text):
            break
        # (a header table holds the issuer and the place and date in two columns: the left one first)
        head = re.split(r"(?i)(?<!\w)số\b(?=\s*:|\s*\d)|\|", b.text, maxsplit=1)[0]   # "Số: 15/BC-UBND", "Số 45-BC/ĐU"
        if find_place_date(head) is not None:
            break
        if head.strip():
            parts.append(head)
        if len(head) < len(b.text):
            break
    lines = [" ".join(ln.split()) for ln in "\n".join(parts).split("\n")
             if re.search(r"\w", ln) and not _MOTTO_RE.match(fold(ln.strip()))]
    if len(lines) >= 2 and _unit_re().match(fold(lines[-1])):
        lines[-2:] = [lines[-2] + " " + lines[-1]]     # "ỦY BAN NHÂN DÂN / PHƯỜNG MẪU": one name on two lines
    return body_key(lines[-1]) if lines else ""


def body_key(name: str) -> str:
    """A body's name to compare by: folded, abbreviations written out (lexicon ``body_abbreviations``:
    "UBND xã" -> "ủy ban nhân dân xã"), the commune-level unit word made "xã" ("… phường" -> "… xã"):
    an issuer and the bodies a plan binds compare alike."""
    from ..lexicon import lexicon
    key = fold(name)
    for short, full in (lexicon().get("body_abbreviations") or {}).items():
        key = re.sub(rf"(?<!\w){re.escape(fold(short))}(?!\w)", fold(full), key)
    return _unit_re("commune").sub("xã", key)


def issuer_head(issuer: str) -> str:
    """What kind of body an issuer is: its words before its unit ("đảng ủy" of "đảng ủy xã hòa phú");
    "" when it names no unit."""
    head = _unit_re().split(issuer, maxsplit=1)[0].strip()
    return head if head != issuer else ""


@lru_cache(maxsize=2)
def _unit_re(kind: str = "admin") -> re.Pattern:
    """The lexicon's unit words (``place_kinds.admin``: xã, phường, huyện, tỉnh …; ``commune``) as whole words."""
    from ..lexicon import lexicon
    words = sorted((fold(w) for w in (lexicon().get("place_kinds") or {}).get(kind, [])), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + ("|".join(re.escape(w) for w in words) or r"(?!x)x") + r")(?!\w)")


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
