"""What a statement of the report says it has: a figure, a concrete place or body, who is
responsible, by when. Shared by the rules that enforce the plan's notes (concrete
limitations, complete proposals, outstanding issues with responsibility and deadline).

Patterns run first; underthesea's POS tagger is loaded only when a statement still
looks unspecific, to look for proper nouns and nouns the patterns do not know.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize import VI_UPPER, fold
from .parsing import Values
from .places import find_places

# A sentence ends at . ! ? ; followed by a space and a capital or an opening bracket, or at a line end.
_SENT_RE = re.compile(rf"(?<=[.!?;…])\s+(?=[\"“(+\-*•{VI_UPPER}])")

# Bodies and offices that make a statement concrete ("tại Phòng Kinh tế", "Trung tâm Phục vụ hành chính công").
_ORG_HEADS = (r"Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Đảng ủy|Đảng uỷ|Thường trực|Văn phòng|Phòng|Trung tâm|Trạm|Trường|Sở|Bộ|"
              r"Ban|Công an|Mặt trận|MTTQ|Chính phủ|Thủ tướng|Quốc hội|Trung ương|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|"
              r"Chủ tịch|Phó Chủ tịch|Bí thư|Tổ|Đoàn|Hội|Chi bộ|Bộ phận|Kho|Nhà văn hóa|Nhà văn hoá|Cổng|Hệ thống")
ORG_RE = re.compile(rf"(?<![\w])(?:{_ORG_HEADS})(?:\s+[{VI_UPPER}0-9][\wĐđ-]*)+")
# Named addressees of a proposal, lower case included ("đề nghị thành phố quan tâm").
ADDRESSEE_RE = re.compile(fold(
    r"(?<!\w)(trung ương|chính phủ|quốc hội|thủ tướng|bộ chính trị|ban bí thư|ban chấp hành trung ương|"
    r"ủy ban thường vụ quốc hội|bộ [a-zđà-ỹ]+(?: [a-zđà-ỹ]+){0,3}|các bộ|bộ, ngành|ban tổ chức|tỉnh ủy|thành ủy|"
    r"ubnd tỉnh|ủy ban nhân dân tỉnh|ủy ban nhân dân thành phố|hđnd|ubnd|tỉnh|thành phố|sở [a-zđà-ỹ]+|các sở|"
    r"đảng ủy|ban thường vụ|văn phòng|phòng [a-zđà-ỹ]+|trung tâm|công an|mặt trận|ủy ban kiểm tra|ban xây dựng đảng)(?!\w)"))
_QUANTITY_EXCLUDE_AFTER = re.compile(r"^\s*(?:cấp|năm|tháng|ngày|quý|giờ|tuần)\b", re.IGNORECASE)
DEADLINE_RE = re.compile(fold(
    r"(?:trước|chậm nhất|đến hết|hoàn thành|xong)\s+(?:ngày|tháng|quý|năm)|trong\s+(?:tháng|quý|năm)\s+(?:này|tới|sau|nay)"))
_CUE_RE = re.compile(fold(r"(?<!\w)(?:trong|đến|trước|hoàn thành|xong|hết|từ nay đến|ngay)(?!\w)"))
_YEAR_RE = re.compile(r"(?<!\w)năm\s+(20\d\d)(?!\d)")
# "trong giai đoạn 2026 - 2030", "đến hết giai đoạn 2026-2030": bounded by the period's last year
_SPAN_RE = re.compile(fold(r"(?<!\w)(?:trong|đến hết|đến|hết)\s+(?:cả\s+)?giai đoạn\s+(20\d\d)\s*[-–]\s*(20\d\d)(?!\d)"))


def sentences(text: str, semicolons: bool = True) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph (no sentence ends inside parentheses). With
    ``semicolons`` a ";" before a capital also ends one (statements listed in one paragraph);
    without, only . ! ? do (a breakdown "…; Trạm y tế: 3 cơ sở" goes on)."""
    spans = []
    start = 0
    depth = 0
    pos = 0
    for m in _SENT_RE.finditer(text):
        for ch in text[pos:m.start()]:
            depth += (ch == "(") - (ch == ")" and depth > 0)
        pos = m.start()
        if depth or (not semicolons and text[m.start() - 1] == ";"):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def quantities(text: str, values: Values, lo: int = 0, hi: int | None = None):
    """Figures in text[lo:hi] that count something ("18/51 biên chế", "03 phòng"), not "02 cấp" or dates."""
    hi = len(text) if hi is None else hi
    out = []
    for n in values.numbers:
        if n.start < lo or n.end > hi:
            continue
        if n.kind == "int" and _QUANTITY_EXCLUDE_AFTER.match(text[n.end:n.end + 8]):
            continue
        out.append(n)
    return out


def places_and_bodies(text: str, lo: int = 0, hi: int | None = None) -> list[str]:
    """Named places ("xã An Khánh", "thôn Tân Nam") and named bodies ("Phòng Kinh tế") in text[lo:hi]."""
    hi = len(text) if hi is None else hi
    found = [text[p.start:p.end] for p in find_places(text) if lo <= p.start < hi and not p.name.isdigit()]
    found += [m.group(0) for m in ORG_RE.finditer(text, lo, hi) if len(m.group(0).split()) >= 2]
    return found


def deadline_in(text: str, values: Values, lo: int = 0, hi: int | None = None, not_before=None) -> str | None:
    """The words giving a time limit in text[lo:hi], if any. A date or year before ``not_before``
    (the start of the reported period, or the report's date) is history, not a deadline."""
    hi = len(text) if hi is None else hi
    for d in values.dates:
        if lo <= d.start < hi and d.valid and (not_before is None or d.last_day() > not_before):
            return d.text
    key = fold(text[lo:hi])
    for m in _YEAR_RE.finditer(key):
        cue = _CUE_RE.search(key[max(0, m.start() - 16):m.start()])
        if cue and (not_before is None or int(m.group(1)) >= not_before.year):
            if not any(d.start <= lo + m.start() < d.end for d in values.dates):
                return text[lo + m.start(): lo + m.end()]
    for m in _SPAN_RE.finditer(key):
        if not_before is None or int(m.group(2)) >= not_before.year:
            return text[lo + m.start(): lo + m.end()]
    for m in DEADLINE_RE.finditer(key):
        # "trước ngày 01/7/2025": when a date follows, the date decides (checked above)
        if any(0 <= d.start - (lo + m.end()) <= 3 for d in values.dates):
            continue
        return text[lo + m.start(): lo + m.end()]
    return None


def addressee_in(text: str, lo: int = 0, hi: int | None = None) -> str | None:
    hi = len(text) if hi is None else hi
    m = ADDRESSEE_RE.search(fold(text[lo:hi]))
    return text[lo + m.start(): lo + m.end()] if m else None


@lru_cache(maxsize=4096)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """underthesea's POS tags, loaded on first use (offline, ~1 s the first time)."""
    from underthesea import pos_tag   # lazy: only statements that need it pay for it
    return tuple(pos_tag(text))


# Words the administrative style capitalises that name nothing concrete.
_CONVENTIONAL_CAPS = {"Nhân", "Nhà", "Đảng", "Tổ", "Quốc", "Nhân dân", "Nhà nước", "Tổ quốc", "Bác", "Hồ",
                      "Chủ", "Nghị", "Quyết", "Luật", "Kế", "Chương", "Đề", "Kết", "Thông", "Hướng", "Quy"}
_WORD_RE = re.compile(r"[^\W_]+")


def proper_nouns(text: str) -> list[str]:
    """Names: runs of two or more capitalised words (or a capitalised word and a number, "Km 9") that do
    not open a sentence and are not the capitals of administrative style ("Nhân dân", "Đảng")."""
    out = []
    for a, b in sentences(text):
        words = [(m.start(), m.group(0)) for m in _WORD_RE.finditer(text, a, b)]
        run: list[tuple[int, str]] = []
        for i, (pos, w) in enumerate(words + [(b, "")]):
            capital = bool(w) and (w[0].isupper() or (w.isdigit() and bool(run)))
            adjacent = run and not text[run[-1][0] + len(run[-1][1]):pos].strip()
            if capital and (not run or adjacent):
                run.append((pos, w))
                continue
            if len(run) >= 2 and run[0][0] != words[0][0]:
                names = [x for _, x in run]
                if not (" ".join(names[:2]) in _CONVENTIONAL_CAPS or (names[0] in _CONVENTIONAL_CAPS and len(names) <= 2)):
                    out.append(" ".join(names))
            run = [(pos, w)] if capital else []
    return out


def has_noun(text: str) -> bool:
    return any(t in ("N", "Np", "Nc", "Nu") for _, t in pos_tags(text))


_UNDONE_RE = re.compile(fold(r"chưa\s+(?:thực hiện|xử lý|giải quyết|có phương án)"))
_NEGATED_RE = re.compile(fold(r"(?<!\w)(?:không có|không còn|không phát sinh|chưa phát sinh|không để)(?!\w)"))


def clause_spans(text: str, a: int, b: int):
    """The clauses of a sentence, split at ";" (lists of different matters)."""
    start = a
    for i in range(a, b):
        if text[i] == ";":
            yield start, i
            start = i + 1
    yield start, b


def surplus_asset_mentions(ctx) -> list[tuple]:
    """Surplus public assets the draft reports concretely: (block, start, end) of "dôi dư".

    "dôi dư" after an asset noun (``vocabularies.asset_nouns``: not surplus staff), in a clause
    that is not negated ("không có cơ sở nhà đất dôi dư") and that is concrete: a count, a
    named place or body, or "chưa xử lý / chưa thực hiện"."""
    cached = getattr(ctx, "_surplus_mentions", None)
    if cached is not None:
        return cached
    from .matching import Phrase
    vocab = ctx.ruleset.get("vocabularies") or {}
    surplus = [Phrase(p, strict=True) for p in vocab.get("surplus_markers", [])]
    assets = [Phrase(p, strict=True) for p in vocab.get("asset_nouns", [])]
    out = []
    for block in ctx.text_blocks():
        key = block.key
        if not any(p.pattern.search(key) for p in surplus):
            continue
        values = ctx.values(block)
        for a, b in sentences(block.text):
            for ca, cb in clause_spans(block.text, a, b):
                ckey = key[ca:cb]
                m = next((m for p in surplus if (m := p.pattern.search(ckey))), None)
                if m is None or _NEGATED_RE.search(ckey):
                    continue
                if not any(x.pattern.search(ckey[max(0, m.start() - 40):m.start()]) for x in assets):
                    continue
                if quantities(block.text, values, ca, cb) or places_and_bodies(block.text, ca, cb) \
                        or _UNDONE_RE.search(ckey):
                    out.append((block, ca + m.start(), ca + m.end()))
    ctx._surplus_mentions = out
    return out
