"""Giai đoạn, nhiệm kỳ của nhiệm vụ, giải pháp khác với Kế hoạch.

Tasks and solutions set for a period other than the plan's.

Kế hoạch đề ra nhiệm vụ, giải pháp "giai đoạn 2026 - 2030" và nhiệm kỳ "2025 - 2030" (khoá
``period`` của bộ quy tắc). "Giai đoạn 2026 - 2031" ở phần nhiệm vụ, giải pháp, định hướng là
sai. Nhiệm kỳ có thật của cơ quan khác không bị báo (khoá ``legitimate_terms``: Hội đồng nhân
dân, Quốc hội khoá 2026 - 2031; Ủy ban nhân dân 2021 - 2026), giai đoạn, nhiệm kỳ đã qua cũng
không; cách viết "2026-2030", "2026 – 2030" là như nhau.

Ví dụ sai (FAIL)::

    V. NHIỆM VỤ, GIẢI PHÁP GIAI ĐOẠN 2026 - 2031
    1. Tiếp tục kiện toàn bộ máy đến hết nhiệm kỳ 2023 - 2030.

Ví dụ đúng (PASS)::

    V. NHIỆM VỤ, GIẢI PHÁP GIAI ĐOẠN 2026–2030
    1. Thực hiện Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2025-2030; bầu cử đại biểu Hội đồng nhân dân nhiệm kỳ 2026 - 2031.
    2. Kết quả giai đoạn 2021 - 2025 là cơ sở; Ủy viên Ủy ban nhân dân nhiệm kỳ 2021 - 2026.
"""

from __future__ import annotations

import re
import sys

from ..facts.text import sentence_at
from ..matching import phrases
from ..normalize import fold
from ..parsing.periods import find_periods
from .base import Context

ID = "period_mismatch"
CATEGORY = "period_mismatch"
SEVERITY = "warning"
SUMMARY = {"vi": "Giai đoạn, nhiệm kỳ khác với Kế hoạch", "en": "A period or term other than the plan's"}
RULE = sys.modules[__name__]



def check(doc, ctx: Context):
    period = ctx.ruleset.part("period")
    plan = tuple(period.get("plan_period") or ())
    term = tuple(period.get("term") or ())
    legit = period.get("legitimate_terms") or []
    clause = period.get("clause")
    ahead = phrases(ctx.ruleset.vocab("forward_looking"))
    for block in ctx.text_blocks(zones=("header", "body")):
        key = block.key
        for p in find_periods(key):
            years = (p.first, p.last)
            expected = plan if p.kind == "plan" else term
            if not expected or years == expected:
                continue
            if years[1] < expected[0]:
                continue   # a period already over: history, not a plan
            a, b = sentence_at(block.text, p.start)
            sentence = key[a:b]
            if p.kind == "term" and _legitimate(years, sentence, p.start - a, legit, period.get("term_context") or []):
                continue
            section_title = fold(block.section.heading_text) if block.section else ""
            if p.kind == "plan" and not any(x.matches(sentence) or x.matches(section_title) for x in ahead):
                continue
            written = block.text[p.start:p.end]
            right = f"{p.word} {expected[0]} - {expected[1]}"
            yield ctx.finding(RULE, block, evidence=written, offset=p.start, clause=clause,
                              code="term" if p.kind == "term" else "plan_period",
                              message=ctx.t(f"«{written}» khác với Kế hoạch ({right}).",
                                            f"«{written}» differs from the plan ({right})."),
                              suggestion=ctx.t(f"Sửa thành «{right}».", f"Write «{right}»."))


def _last_at(head: str, words) -> int:
    """Where the last of these words is named in ``head`` (whole words); -1 when none is."""
    at = -1
    for w in words:
        for m in re.finditer(rf"(?<!\w){re.escape(fold(w))}(?!\w)", head):
            at = max(at, m.start())
    return at


def _legitimate(years, sentence, at, legit, own) -> bool:
    """Is this other term the real term of the body the sentence names for it? The body named last
    before the term is the term's ("đại biểu HĐND … nhiệm kỳ 2026 - 2031"); a body of the plan's own
    term named after them ("Nghị quyết Đại hội Đảng bộ phường …, nhiệm kỳ 2026 - 2031, Thường trực
    HĐND kiến nghị": ``period.term_context``) makes it the plan's term written wrong."""
    head = sentence[:at]
    own_at = _last_at(head, own)
    for entry in legit:
        if tuple(entry.get("years", ())) != years:
            continue
        ctx_at = _last_at(head, entry.get("context", []))
        if ctx_at > own_at or (ctx_at < 0 and own_at < 0 and any(fold(c) in sentence for c in entry.get("context", []))):
            return True
    return False
