"""The report's own date: the place-and-date line of the header ("Tân Lập, ngày 12 tháng 5 năm 2026")."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..normalize import fold
from ..parsing.dates import find_place_date
from ..parsing.vocabulary import vocabulary


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


REPORT_TYPE = "báo cáo"      # the document type this tool checks (lexicon ``document_types``, code BC)

# a line of spaced capitals ("K Ế  H O Ạ C H"): single letters, one space between them
_SPACED_RE = re.compile(r"^(?:\w ){2,}\w$")
_MARKUP_RE = re.compile(r"[#*_`>|]+")


@lru_cache(maxsize=4)
def _title_names(extra: tuple[str, ...]) -> tuple[str, ...]:
    names = {fold(t.name) for t in vocabulary().document_types} | {fold(n) for n in extra}
    return tuple(sorted(names, key=len, reverse=True))


def document_type(doc) -> tuple[str, object] | None:
    """What the document says it is: the type named by its title line (folded: "báo cáo", "kế hoạch",
    "đề cương") and the title's block; None when its opening names no type.

    The title is the first line in capitals before the body starts (the first numbered heading, list
    item or long paragraph, within the first 30 blocks) that opens with the name of a document type
    of the lexicon (``document_types``, ``outline_titles``): "BÁO CÁO", "KẾ HOẠCH", "ĐỀ CƯƠNG BÁO CÁO",
    "**QUYẾT ĐỊNH**", letter-spaced "B Á O  C Á O", or run together with the subtitle ("BÁO CÁO sơ kết
    …"). The header's own lines (the issuer, the motto)
    name no type and are passed over."""
    from ..lexicon import lexicon
    names = _title_names(tuple(lexicon().get("outline_titles") or ()))
    for b in doc.blocks[:30]:
        if b.kind in ("list_item", "footnote") or (b.label is not None and b.zone != "header"):
            break
        if b.kind == "table":
            continue
        for raw in (b.text or "").split("\n"):
            raw = _MARKUP_RE.sub(" ", raw).strip()
            line = " ".join(raw.split())
            if not line or not any(ch.isalpha() for ch in line):
                continue
            if _SPACED_RE.match(line):
                # letters spaced out, the words apart by two spaces or more
                line = " ".join("".join(w.split()) for w in re.split(r"\s{2,}", raw))
            if line != line.upper():
                # a title run together with its subtitle ("BÁO CÁO sơ kết 1 năm …", one paragraph in
                # some DOCX): its words in capitals
                words = line.split()
                n = next(i for i, w in enumerate(words) if w != w.upper())
                line = " ".join(words[:n])
                if not line:
                    continue
            elif len(line.split()) > 20:
                continue
            key = fold(line)
            for name in names:
                if key == name or key.startswith(name + " "):
                    return name, b
        if b.kind == "paragraph" and len((b.text or "").split()) > 40:
            break
    return None


def not_a_report(doc) -> str | None:
    """The type a document's title names when it is not a report ("kế hoạch", "đề cương"), else None."""
    found = document_type(doc)
    if found is None or found[0] == REPORT_TYPE:
        return None
    return found[0]
