"""Chỗ trống chưa điền: số văn bản, ngày tháng, số liệu ("…%", "…/…", "[…]", "xxx").

Blanks left in the number/symbol line, in a date, or where a figure belongs, anywhere in the draft.

Dự thảo thường để trống số và ngày cho văn thư điền khi ban hành; trước khi gửi
phải điền đủ. Quy tắc tìm: số văn bản để trống ("Số:    /BC-UBND", "Kế hoạch số -KH/ĐU"),
ngày tháng thiếu ngày, tháng hay năm ("ngày   tháng 5 năm 2026", "ngày …/…/2026", "từ ngày"
bỏ lửng), và số liệu để chấm, dấu "…" hay gạch dưới ("đạt ...%", "có ___ hộ", "…/…",
"[…]", "xxx"), cả trong ô bảng, phụ lục (một ô chỉ có "…"), và lời hướng dẫn của mẫu còn sót
trong ngoặc ("(ghi rõ số lượng)", "[tên đơn vị]"). Dấu "…" ở cuối một liệt kê không phải chỗ trống.
Các dạng giữ chỗ nằm trong từ vựng chung (``placeholder_forms``).

Ví dụ sai (FAIL)::

    Số:    /BC-UBND                 Sơn Kim, ngày    tháng 5 năm 2026
    BÁO CÁO
    I. ĐẶC ĐIỂM TÌNH HÌNH
    Toàn xã có xxx hộ, dân số …/… người; tỷ lệ hài lòng đạt ...%.

Ví dụ đúng (PASS)::

    Số: 15/BC-UBND                  Sơn Kim, ngày 20 tháng 5 năm 2026
    BÁO CÁO
    I. ĐẶC ĐIỂM TÌNH HÌNH
    Toàn xã có 1.489 hộ, dân số 5.760 người; các lĩnh vực: đất đai, xây dựng, …
"""

from __future__ import annotations

import sys

from ..facts.blanks import blanks
from .base import Context

ID = "placeholder_unfilled"
CATEGORY = "placeholder_unfilled"
SEVERITY = "warning"
SUMMARY = {"vi": "Chỗ trống chưa điền (số, ngày tháng, số liệu, …/…, [...], xxx)",
           "en": "Unfilled blanks (number, date, figure, …/…, [...], xxx)"}
RULE = sys.modules[__name__]


def check(doc, ctx: Context):
    # the header's number and date line too (a table in most drafts), then the running text
    header = [b for b in doc.blocks if b.zone == "header"]
    tables = [b for b in doc.blocks if b.kind == "table" and b.zone in ("body", "annex")]
    blocks = sorted(header + ctx.text_blocks(zones=("body", "closing", "annex")) + tables, key=lambda b: b.index)
    for block in blocks:
        for blank in blanks(ctx.facts, block):
            yield ctx.finding(RULE, block, evidence=blank.text, offset=blank.start,
                              message=_message(ctx, blank.kind, blank.text), suggestion=_suggestion(ctx, blank.kind))


def _message(ctx, what, evidence):
    if what == "number":
        return ctx.t(f"Số văn bản còn để trống: «{evidence}».", f"The document number is blank: «{evidence}».")
    if what == "date":
        return ctx.t(f"Ngày tháng còn để trống: «{evidence}».", f"The date is blank: «{evidence}».")
    if what == "template":
        return ctx.t(f"Còn sót lời hướng dẫn của mẫu chưa điền: «{evidence}».",
                     f"A template's instruction is left unfilled: «{evidence}».")
    return ctx.t(f"Số liệu còn để trống: «{evidence}».", f"A figure is left blank: «{evidence}».")


def _suggestion(ctx, what):
    if what == "number":
        return ctx.t("Điền số văn bản (văn thư cấp số khi ban hành) trước khi gửi.",
                     "Fill in the number (assigned at issue) before sending.")
    if what == "date":
        return ctx.t("Điền đủ ngày, tháng (ngày dưới 10 và tháng 1, 2 thêm số 0 phía trước).",
                     "Fill in the day and month (days under 10 and months 1-2 with a leading zero).")
    return ctx.t("Thay chỗ giữ chỗ bằng số liệu, nội dung thật.", "Replace the placeholder with the real figure or text.")
