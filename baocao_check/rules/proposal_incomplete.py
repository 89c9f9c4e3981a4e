"""Đề xuất, kiến nghị thiếu nội dung, cơ quan chịu trách nhiệm / được đề nghị, hoặc thời hạn.

A proposal that lacks its content, the body responsible or addressed, or a deadline.

Ghi chú của Đề cương: "Đề xuất, kiến nghị cụ thể, rõ nội dung, trách nhiệm, thời hạn giải
quyết". Mỗi đoạn, gạch đầu dòng hoặc mục đánh số trong phần đề xuất, kiến nghị phải có
nội dung, cơ quan được đề nghị hoặc chịu trách nhiệm (trong câu, hoặc ở tiêu đề mục như
"Kiến nghị với Chính phủ") và thời hạn ("trước ngày 30/9/2026", "trong quý III/2026",
"năm 2026"). "Cấp có thẩm quyền", "cấp trên" không phải cơ quan cụ thể. Quy tắc này là nơi
duy nhất báo đề xuất thiếu thời hạn (``deadline_missing`` không báo lại). Khi từ ba đề xuất
trở lên trong cùng một mục cùng thiếu một yếu tố, một phát hiện ở tiêu đề mục liệt kê
các dòng. Các mục "nhiệm vụ, giải pháp" được xét ở mức lưu ý.

Ví dụ sai (FAIL)::

    IV. ĐỀ XUẤT, KIẾN NGHỊ
    1. Đề nghị cấp có thẩm quyền sớm bổ sung biên chế cho xã.
    2. Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ lưu trữ cho công chức cấp xã.

Ví dụ đúng (PASS)::

    IV. ĐỀ XUẤT, KIẾN NGHỊ
    1. Đề nghị Sở Nội vụ bổ sung 05 biên chế công chức địa chính cho xã trong quý III/2026.
    2. Kiến nghị Ủy ban nhân dân tỉnh bố trí kinh phí số hóa 75,6 mét tài liệu, hoàn thành trước ngày 31/12/2026.
"""

from __future__ import annotations

import sys

from ..clauses import addressee_in, deadline_in
from ..matching import leads_with, phrases
from ..normalize import fold
from .base import Context

ID = "proposal_incomplete"
CATEGORY = "proposal_incomplete"
SEVERITY = "warning"
SUMMARY = {"vi": "Đề xuất, kiến nghị thiếu nội dung, cơ quan trách nhiệm hoặc thời hạn",
           "en": "Proposal without content, responsible or addressed body, or deadline"}
RULE = sys.modules[__name__]
GROUP_AT = 3
_TASK_WORDS = phrases(["nhiệm vụ", "giải pháp", "phương hướng"])
_ELEMENTS = {"content": ("nội dung", "content"), "responsible": ("cơ quan chịu trách nhiệm/được đề nghị", "responsible or addressed body"),
             "deadline": ("thời hạn", "deadline")}


def _proposal_sections(doc, ctx):
    req = (ctx.ruleset.get("requirements") or {}).get("proposals") or {}
    scope = phrases(req.get("sections") or ["đề xuất", "kiến nghị"])
    outer = []
    for sec in doc.sections():
        if not sec.is_heading:
            continue
        if leads_with(scope, sec.norm_title) or leads_with(_TASK_WORDS, sec.norm_title):
            if not any(o.contains(sec) for o in outer):
                outer.append(sec)
    return outer


def check(doc, ctx: Context):
    vocab = ctx.ruleset.get("vocabularies") or {}
    vague_bodies = [fold(v) for v in vocab.get("vague_bodies", [])]
    clause = ((ctx.ruleset.get("requirements") or {}).get("proposals") or {}).get("clause")
    req_scope = phrases(((ctx.ruleset.get("requirements") or {}).get("proposals") or {}).get("sections")
                        or ["đề xuất", "kiến nghị"])
    for sec in _proposal_sections(doc, ctx):
        is_task = not leads_with(req_scope, sec.norm_title)
        missing_by_element: dict[str, list] = {"content": [], "responsible": [], "deadline": []}
        items = 0
        for i in range(sec.block_index + 1, sec.end_index):
            block = doc.blocks[i]
            if block.zone != "body" or block.kind not in ("paragraph", "list_item", "heading"):
                continue
            if block.kind == "heading" and block.section is not None and block.section.block_index == block.index \
                    and block.section.end_index - block.index > 1:
                continue   # a sub-heading with text under it ("1. Kiến nghị với Chính phủ") gives context
            text = block.text
            if fold(text).startswith(("trên đây", "nơi nhận")):
                continue
            items += 1
            values = ctx.values(block)
            context = " ".join(s.heading_text for s in (block.section.path() if block.section else []) if s.level >= sec.level)
            who = addressee_in(text) or addressee_in(context)
            if who and fold(who) in vague_bodies:
                who = None
            if who is None and any(v in fold(text) for v in vague_bodies):
                who = None
            if len(text.split()) < 5:
                missing_by_element["content"].append(block)
            if who is None:
                missing_by_element["responsible"].append(block)
            if deadline_in(text, values, not_before=ctx.not_before) is None:
                missing_by_element["deadline"].append(block)
        severity = "info" if is_task else None
        for element, blocks in missing_by_element.items():
            if element == "responsible" and is_task:
                continue   # tasks for the years ahead are the unit's own: no addressee to name
            vi, en = _ELEMENTS[element]
            if len(blocks) >= GROUP_AT:
                heading = doc.blocks[sec.block_index]
                where = ", ".join(str(doc.location_of(b)["line"] or doc.location_of(b)["paragraph"]) for b in blocks)
                unit_vi = "dòng" if doc.format != "docx" else "đoạn"
                unit_en = "lines" if doc.format != "docx" else "paragraphs"
                yield ctx.finding(
                    RULE, heading, evidence=heading.text[:120], clause=clause, severity=severity,
                    message=ctx.t(f"{len(blocks)}/{items} đề xuất trong mục «{sec.heading_text[:80]}» chưa nêu {vi} "
                                  f"({unit_vi} {where}).",
                                  f"{len(blocks)} of {items} proposals in «{sec.heading_text[:80]}» give no {en} "
                                  f"({unit_en} {where})."),
                    suggestion=_suggestion(ctx, element))
            else:
                for b in blocks:
                    yield ctx.finding(
                        RULE, b, evidence=b.text[:60].rsplit(" ", 1)[0] if len(b.text) > 60 else b.text, clause=clause,
                        severity=severity,
                        message=ctx.t(f"Đề xuất chưa nêu {vi}.", f"The proposal gives no {en}."),
                        suggestion=_suggestion(ctx, element))


def _suggestion(ctx, element):
    if element == "deadline":
        return ctx.t("Nêu thời hạn giải quyết (ví dụ: «trong quý III/2026», «trước ngày 31/12/2026»).",
                     "Give a deadline (e.g. «in Q3 2026», «before 31/12/2026»).")
    if element == "responsible":
        return ctx.t("Nêu rõ cơ quan được đề nghị hoặc chịu trách nhiệm (ví dụ: «Sở Nội vụ», «UBND tỉnh»), "
                     "không ghi chung chung «cấp có thẩm quyền».",
                     "Name the body addressed or responsible (e.g. the Department of Home Affairs), not "
                     "«the competent authority».")
    return ctx.t("Nêu rõ nội dung đề xuất.", "State what is proposed.")
