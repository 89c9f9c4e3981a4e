"""Cùng một chỉ tiêu nêu hai số liệu khác nhau trong thân báo cáo.

The same metric stated twice in the body with two different values.

Một câu mở đầu bằng tên chỉ tiêu rồi đến số liệu ("Số lượng hồ sơ đang giải quyết: 5") là một
số liệu có nhãn. Hai số liệu có nhãn cùng chỉ tiêu (cùng các từ nội dung, cùng đơn vị tính nếu
có), cùng kỳ (câu nêu cùng mốc thời gian, hoặc cả hai không nêu) mà khác giá trị là mâu thuẫn:
người đọc không biết số nào đúng. Phát hiện đặt ở lần nêu sau, nhắc lần nêu trước. Số liệu trong
ngoặc, trong bảng, chú thích, hoặc sau tên một đơn vị trong cùng mệnh đề ("xã A: 5; xã B: 6")
không thuộc quy tắc này.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ
    + Số lượng hồ sơ đang giải quyết 6, đã giải quyết 1.371 hồ sơ.
    + Số lượng hồ sơ đang giải quyết: 5 chiếm tỷ lệ 0,36%.

Ví dụ đúng (PASS)::

    I. KẾT QUẢ
    + Số lượng hồ sơ đang giải quyết 5, đã giải quyết 1.371 hồ sơ.
    + Số lượng hồ sơ đang giải quyết: 5 chiếm tỷ lệ 0,36%.
"""

from __future__ import annotations

import re
import sys

from ..facts.figures import figures_of, plain_text
from .base import Context

ID = "figure_conflict"
CATEGORY = "other"
SEVERITY = "warning"
SUMMARY = {"vi": "Cùng một chỉ tiêu nêu hai số liệu khác nhau",
           "en": "The same metric stated twice with different values"}
RULE = sys.modules[__name__]

_BULLET_RE = re.compile(r"^[\s+\-*•]+")
MIN_WORDS = 3      # "hồ sơ đang giải quyết": a metric, not a bare noun ("số xã")


def _labelled(facts):
    """Figures whose sentence opens with their subject: the sentence names the metric, then gives it."""
    for fig in figures_of(facts):
        if fig.in_parens or len(fig.subject_words) < MIN_WORDS:
            continue
        text = plain_text(fig.block)
        if _BULLET_RE.sub("", text[fig.sentence[0]:fig.clause_start]).strip():
            continue
        yield fig


def check(doc, ctx: Context):
    first: dict = {}
    for fig in _labelled(ctx.facts):
        key = (" ".join(fig.subject_words), fig.period)
        seen = first.get(key)
        if seen is None:
            first[key] = fig
            continue
        if seen.unit and fig.unit and seen.unit != fig.unit:
            continue
        if seen.number.value == fig.number.value or seen.block is fig.block:
            continue
        metric = " ".join(fig.subject_words)
        text = plain_text(fig.block)
        start = fig.clause_start + len(text[fig.clause_start:fig.number.start]) - len(
            _BULLET_RE.sub("", text[fig.clause_start:fig.number.start]))
        where = {lang: doc.place_text(seen.block, lang, seen.number.start) for lang in ("vi", "en")}
        yield ctx.finding(
            RULE, fig.block, evidence=text[start:fig.number.end], offset=start,
            message=ctx.t(f"Chỉ tiêu «{metric}» nêu hai số liệu khác nhau: {seen.text} ({where['vi']}) và {fig.text} ở đây.",
                          f"The metric «{metric}» is stated with two values: {seen.text} ({where['en']}) and {fig.text} here."),
            suggestion=ctx.t("Đối chiếu số liệu gốc, thống nhất một số liệu cho cả hai chỗ.",
                             "Check the source figures and state one value in both places."))
