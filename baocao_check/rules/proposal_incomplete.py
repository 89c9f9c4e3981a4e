"""Đề xuất, kiến nghị thiếu nội dung, cơ quan chịu trách nhiệm / được đề nghị, hoặc thời hạn.

A proposal that lacks its content, the body responsible or addressed, or a deadline.

Ghi chú của Đề cương: "Đề xuất, kiến nghị cụ thể, rõ nội dung, trách nhiệm, thời hạn giải
quyết". Mỗi đoạn, gạch đầu dòng hoặc mục đánh số trong phần đề xuất, kiến nghị phải có
nội dung, cơ quan được đề nghị hoặc chịu trách nhiệm (trong câu, hoặc ở tiêu đề mục như
"Kiến nghị với Chính phủ") và thời hạn ("trước ngày 30/9/2026", "trong quý III/2026",
"năm 2026"). "Cấp có thẩm quyền", "cấp trên" không phải cơ quan cụ thể. Quy tắc này là nơi
duy nhất báo đề xuất thiếu thời hạn (``deadline_missing`` không báo lại). Các yếu tố phải có
là ``requirements.proposals.needs`` của bộ quy tắc (thêm ``quantity`` thì mỗi đề xuất phải
có con số). Mỗi đề xuất thiếu yếu tố là một phát hiện, ngay tại đề xuất đó, nêu mọi yếu tố
còn thiếu. Câu dẫn mở đầu danh sách ("Để …, UBND xã đề xuất, kiến nghị:") không phải là đề
xuất. Các mục "nhiệm vụ, giải pháp" là chương trình của chính đơn vị, không phải đề xuất: không xét ở đây.

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

from ..facts.statements import ELEMENTS, element_in
from ..facts.text import introduces_list, opening
from ..matching import leads_with, phrases
from .base import Context

ID = "proposal_incomplete"
CATEGORY = "proposal_incomplete"
SEVERITY = "warning"
SUMMARY = {"vi": "Đề xuất, kiến nghị thiếu nội dung, cơ quan trách nhiệm hoặc thời hạn",
           "en": "Proposal without content, responsible or addressed body, or deadline"}
RULE = sys.modules[__name__]
_DEFAULT_NEEDS = ("content", "responsible", "deadline")


def _scope(ctx):
    """The outermost sections of proposals. Tasks for the years ahead ("Nhiệm vụ, giải pháp") are the
    unit's own programme, not proposals: their period is period_mismatch's matter."""
    req = ctx.ruleset.requirement("proposals")
    proposals = phrases(req.sections or ctx.ruleset.vocab("proposal_sections"))
    outer = []
    for sec in ctx.doc.sections():
        if sec.is_heading and leads_with(proposals, sec.norm_title) and not any(o.contains(sec) for o, _ in outer):
            outer.append((sec, False))
    return outer


def _items(doc, sec, closing, endings, openers=()):
    """The proposals of a section: its paragraphs and items, not the sub-headings that group them,
    the sentence that introduces them, or the closing lines ("Trên đây là báo cáo…", "Nơi nhận:")."""
    def is_closing(block):
        if block.zone != "body" or any(p.pattern.match(block.key.lstrip()) for p in closing):
            return True
        tail = block.key.rstrip(" ./")
        return any((m := p.pattern.search(tail)) and m.end() == len(tail) for p in endings)

    # a list of proposals ("- Đề nghị …" items): a paragraph after it not opened as a proposal is the
    # section's closing ("Trên cơ sở kết quả sơ kết, Đảng bộ tập trung …"), not one more proposal
    listed = [i for i in range(sec.block_index + 1, sec.end_index) if doc.blocks[i].kind == "list_item"
              and any(p.pattern.match(opening(doc.blocks[i])) for p in openers)]
    last_item = listed[-1] if len(listed) >= 2 else None
    for i in range(sec.block_index + 1, sec.end_index):
        block = doc.blocks[i]
        if block.kind not in ("paragraph", "list_item", "heading") or is_closing(block):
            continue
        if last_item is not None and i > last_item and block.kind == "paragraph" \
                and not any(p.pattern.match(block.key.lstrip()) for p in openers):
            continue
        if block.kind == "heading" and block.section is not None and block.section.block_index == block.index \
                and any(not is_closing(doc.blocks[j]) and doc.blocks[j].kind != "footnote"
                        for j in range(block.index + 1, block.section.end_index)):
            continue   # a sub-heading with text under it ("1. Kiến nghị với Chính phủ") gives context
        if introduces_list(block.text):
            continue
        yield block


def check(doc, ctx: Context):
    req = ctx.ruleset.requirement("proposals")
    needs = req.needs or _DEFAULT_NEEDS
    closing = ctx.ruleset.phrases("closing_openers")
    endings = ctx.ruleset.phrases("closing_endings")
    openers = ctx.ruleset.phrases("proposal_openers")
    for sec, is_task in _scope(ctx):
        for block in _items(doc, sec, closing, endings, openers):
            context = " ".join(s.heading_text for s in (block.section.path() if block.section else [])
                               if s.level >= sec.level)
            missing = [e for e in needs
                       if not (e == "responsible" and is_task)   # tasks ahead are the unit's own
                       and element_in(ctx.facts, e, block, context=context, via_annex=False) is None]
            if not missing:
                continue
            vi = ", ".join(ELEMENTS[e][0] for e in missing)
            en = ", ".join(ELEMENTS[e][1] for e in missing)
            # the proposal's opening words, without a typed bullet (Word's automatic ones are not text)
            text = block.text.lstrip("-+*•– \t")
            start = len(block.text) - len(text)
            yield ctx.finding(
                RULE, block, evidence=text[:60].rsplit(" ", 1)[0] if len(text) > 60 else text, offset=start,
                clause=req.clause,
                severity="info" if is_task else None, code=".".join(missing),
                message=ctx.t(f"Đề xuất chưa nêu {vi}.", f"The proposal gives no {en}."),
                suggestion=" ".join(_suggestion(ctx, e) for e in missing))


def _suggestion(ctx, element):
    if element == "deadline":
        return ctx.t("Nêu thời hạn giải quyết (ví dụ: «trong quý III/2026», «trước ngày 31/12/2026»).",
                     "Give a deadline (e.g. «in Q3 2026», «before 31/12/2026»).")
    if element == "responsible":
        return ctx.t("Nêu rõ cơ quan được đề nghị hoặc chịu trách nhiệm (ví dụ: «Sở Nội vụ», «UBND tỉnh»), "
                     "không ghi chung chung «cấp có thẩm quyền».",
                     "Name the body addressed or responsible (e.g. the Department of Home Affairs), not "
                     "«the competent authority».")
    if element == "quantity":
        return ctx.t("Nêu rõ số lượng (bao nhiêu biên chế, bao nhiêu kinh phí…).",
                     "State how many or how much (posts, funds…).")
    return ctx.t("Nêu rõ nội dung đề xuất.", "State what is proposed.")
