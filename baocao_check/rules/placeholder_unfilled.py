"""Chỗ trống chưa điền: số văn bản, ngày tháng, "…/…", "[…]", "xxx".

Blanks left in the number/symbol line and the date line, and placeholders left in the text.

Dự thảo thường để trống số và ngày cho văn thư điền khi ban hành; trước khi gửi
phải điền đủ. Quy tắc tìm: dòng "Số:" không có số ("Số:    /BC-UBND",
"Số: -KH/ĐU"), dòng ngày tháng bỏ trống ("ngày   tháng   năm 2026", "ngày /5/2026"),
và các chỗ giữ chỗ "…/…", "[…]", "xxx". Dấu "…" ở cuối một liệt kê không phải chỗ trống.

Ví dụ sai (FAIL)::

    Số:    /BC-UBND                 Sơn Kim, ngày    tháng    năm 2026
    BÁO CÁO
    I. ĐẶC ĐIỂM TÌNH HÌNH
    Toàn xã có xxx hộ, dân số …/… người.

Ví dụ đúng (PASS)::

    Số: 15/BC-UBND                  Sơn Kim, ngày 20 tháng 5 năm 2026
    BÁO CÁO
    I. ĐẶC ĐIỂM TÌNH HÌNH
    Toàn xã có 1.489 hộ, dân số 5.760 người; các lĩnh vực: đất đai, xây dựng, …
"""

from __future__ import annotations

import re
import sys

from .base import Context

ID = "placeholder_unfilled"
CATEGORY = "placeholder_unfilled"
SEVERITY = "warning"
SUMMARY = {"vi": "Chỗ trống chưa điền (số, ngày tháng, …/…, [...], xxx)",
           "en": "Unfilled blanks (number, date, …/…, [...], xxx)"}
RULE = sys.modules[__name__]

_GAP = r"(?:[\s._…]|&nbsp;)*"
PATTERNS = [
    ("number", re.compile(rf"\bSố\s*:?{_GAP}(?=[/-][A-ZĐ])[/-][A-ZĐ][\wĐđ.-]*(?:/[\wĐđ-]+)?")),
    ("number", re.compile(r"\b(?:Kế hoạch|Báo cáo|Quyết định|Nghị quyết|Công văn|Tờ trình)\s+số\s+(?=[/-][A-ZĐ])[/-][A-ZĐ][\wĐđ-]*(?:/[\wĐđ-]+)?")),
    ("date", re.compile(rf"\bngày{_GAP}\s[\s._…]*tháng{_GAP}\s[\s._…]*năm\s*(?:\d{{4}}|[._…]+)", re.IGNORECASE)),
    ("date", re.compile(r"\bngày\s+(?:[._…]+\s*)?/\s*\d{1,2}\s*/\s*\d{4}", re.IGNORECASE)),
    ("date", re.compile(r"\bngày\s+\d{1,2}\s*/\s*(?:[._…]+\s*)?/\s*\d{4}", re.IGNORECASE)),
    ("blank", re.compile(r"(?:…|\.{3,})\s*/\s*(?:…|\.{3,})")),
    ("blank", re.compile(r"\[\s*(?:…|\.{2,}|\s*)\s*\]")),
    ("blank", re.compile(r"(?<![\w])(?:x{3,}|X{3,})(?![\w])")),
]
_MAYBE_RE = re.compile(r"[Ss]ố\s*:|số\s+[-/]|[Nn]gày(?:\s*[._…/]|\s{2,}|\s+tháng)|…|\.\.\.|\[|xxx|XXX")
_DATE_WORDS_OK = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm", re.IGNORECASE)


def check(doc, ctx: Context):
    for block in ctx.text_blocks(zones=("header", "body", "closing", "annex")):
        if not _MAYBE_RE.search(block.text):
            continue   # no "Số:", "số -", an empty "ngày", "…", "...", "[" or "xxx": nothing to look at
        seen: list[tuple[int, int]] = []
        for what, pattern in PATTERNS:
            for m in pattern.finditer(block.text):
                if any(a < m.end() and m.start() < b for a, b in seen):
                    continue
                if what == "date" and _DATE_WORDS_OK.match(m.group(0)):
                    continue
                seen.append(m.span())
                evidence = m.group(0).strip()
                yield ctx.finding(RULE, block, evidence=evidence, offset=m.start(), message=_message(ctx, what, evidence),
                                  suggestion=_suggestion(ctx, what))


def _message(ctx, what, evidence):
    if what == "number":
        return ctx.t(f"Số văn bản còn để trống: «{evidence}».", f"The document number is blank: «{evidence}».")
    if what == "date":
        return ctx.t(f"Ngày tháng còn để trống: «{evidence}».", f"The date is blank: «{evidence}».")
    return ctx.t(f"Còn chỗ giữ chỗ chưa điền: «{evidence}».", f"A placeholder is left unfilled: «{evidence}».")


def _suggestion(ctx, what):
    if what == "number":
        return ctx.t("Điền số văn bản (văn thư cấp số khi ban hành) trước khi gửi.",
                     "Fill in the number (assigned at issue) before sending.")
    if what == "date":
        return ctx.t("Điền đủ ngày, tháng (ngày dưới 10 và tháng 1, 2 thêm số 0 phía trước).",
                     "Fill in the day and month (days under 10 and months 1-2 with a leading zero).")
    return ctx.t("Thay chỗ giữ chỗ bằng số liệu, nội dung thật.", "Replace the placeholder with the real figure or text.")
