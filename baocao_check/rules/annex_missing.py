"""Phụ lục, biểu được nhắc "kèm theo" nhưng không có trong văn bản; thiếu các biểu phụ lục Kế hoạch yêu cầu.

An annex the text refers to as attached is not in the document; the plan's required annex tables are absent.

Ghi chú của Đề cương: "Có biểu phụ lục 1, 2, 3, 4 kèm theo" (``annexes.required`` của bộ quy
tắc) và tài sản công dôi dư phải "lập phụ lục chi tiết". Mỗi "Phụ lục 3", "biểu 6B kèm
theo", "chi tiết tại Phụ lục 2" trong bài phải có phụ lục, biểu tương ứng trong văn bản
(bảng có tên "Phụ lục …"/"Biểu …" hoặc phần "PHỤ LỤC …" sau phần ký). "Các phụ lục gửi kèm"
mà văn bản không có phụ lục nào cũng bị nhắc. Một phụ lục Kế hoạch yêu cầu mà bài viết có
nhắc tới thì được báo một lần, tại chỗ nhắc; phụ lục yêu cầu không được nhắc tới thì báo ở
đoạn kết. Tài sản dôi dư được nêu kèm "tại Phụ lục 3" mà có Phụ lục 3 thì đã có phụ lục chi
tiết. Bản xuất ra văn bản thuần thường không mang theo bảng: khi đó hãy kiểm tra bản Word.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ
    Kết quả đánh giá, xếp loại cán bộ (có biểu 6B và biểu 7B kèm theo).

Ví dụ đúng (PASS)::

    I. KẾT QUẢ
    Kết quả đánh giá, xếp loại cán bộ (chi tiết tại Phụ lục 1 kèm theo).
    Phụ lục 1
    | Chỉ tiêu | Số lượng |
    |---|---|
    | Hoàn thành tốt nhiệm vụ | 14 |
    Phụ lục 2
    | Chỉ tiêu | Số lượng |
    |---|---|
    | Biên chế | 51 |
    Phụ lục 3
    | Chỉ tiêu | Số lượng |
    |---|---|
    | Hồ sơ | 1.376 |
    Phụ lục 4
    | Chỉ tiêu | Số lượng |
    |---|---|
    | Tài sản | 0 |
"""

from __future__ import annotations

import sys

from ..annexes import generic_reference
from ..facts import xrefs
from ..facts.statements import surplus_asset_mentions
from ..annexes import ANNEX, SHEET
from .base import Context

ID = "annex_missing"
CATEGORY = "annex_missing"
SEVERITY = "warning"
SUMMARY = {"vi": "Phụ lục, biểu được nhắc nhưng không kèm theo; thiếu biểu phụ lục Kế hoạch yêu cầu",
           "en": "Annex referred to but not attached; annex tables required by the plan absent"}
RULE = sys.modules[__name__]


def check(doc, ctx: Context):
    facts = ctx.facts
    spec = ctx.ruleset.part("annexes")
    clause = spec.get("clause")
    required = {str(r) for r in spec.get("required", [])}
    reported = set()
    generic = None
    for block in facts.text_blocks():
        for ref, annex in xrefs.referenced(facts, block):
            if annex is not None or (ref.kind, ref.ident) in reported:
                continue
            reported.add((ref.kind, ref.ident))
            name = f"{ref.kind.capitalize()} {ref.ident}"
            why_vi = " (Kế hoạch yêu cầu kèm theo phụ lục này)" if ref.ident in required else ""
            why_en = " (the plan requires this annex)" if ref.ident in required else ""
            yield ctx.finding(RULE, block, evidence=ref.text, offset=ref.start, clause=clause,
                              code="reference.required" if ref.ident in required else "reference",
                              message=ctx.t(f"Báo cáo dẫn «{ref.text}» kèm theo nhưng văn bản không có {name}{why_vi}.",
                                            f"The report refers to «{ref.text}» as attached but the document has no "
                                            f"{name}{why_en}."),
                              suggestion=ctx.t(f"Đính kèm {name} hoặc bỏ phần dẫn tới phụ lục này.",
                                               f"Attach {name} or remove the reference."))
        span = generic_reference(block.text, block.key)
        if span and not xrefs.annexes(facts) and generic is None:
            generic = (block, span)
    # required annexes neither attached nor already reported where the body refers to them
    absent = [str(r) for r in spec.get("required", []) if xrefs.resolve(facts, ANNEX, str(r)) is None
              and (ANNEX, str(r)) not in reported and (SHEET, str(r)) not in reported]
    listed = ", ".join(absent)
    if generic is not None:
        # "… và các phụ lục gửi kèm" with no annex at all: one fault, said where the report says it
        block, (a, b) = generic
        need_vi = f" (Kế hoạch yêu cầu biểu phụ lục số {listed})" if absent else ""
        need_en = f" (the plan requires annex tables {listed})" if absent else ""
        yield ctx.finding(RULE, block, evidence=block.text[a:b], offset=a, clause=clause, code="generic",
                          message=ctx.t(f"Báo cáo nêu có các phụ lục gửi kèm nhưng văn bản không có phụ lục nào{need_vi}.",
                                        f"The report says annexes are attached but the document has none{need_en}."),
                          suggestion=ctx.t("Đính kèm các phụ lục, biểu mẫu.", "Attach the annexes."))
    elif absent:
        anchor = _closing_paragraph(doc, ctx) or ctx.first_body_block()
        yield ctx.finding(RULE, anchor, clause=clause, code="required",
                          message=ctx.t(f"Thiếu biểu phụ lục số {listed} mà Kế hoạch yêu cầu kèm theo báo cáo.",
                                        f"Annex tables {listed} required by the plan are not attached."),
                          suggestion=ctx.t(f"Đính kèm các biểu phụ lục {listed} theo mẫu của Kế hoạch.",
                                           f"Attach annex tables {listed} in the plan's format."))
    if spec.get("surplus_asset_annex"):
        yield from _surplus_annex(ctx)


def _closing_paragraph(doc, ctx):
    """"Trên đây là báo cáo …": where a reviewer notes what is not attached."""
    closing = ctx.ruleset.phrases("closing_openers")
    endings = ctx.ruleset.phrases("closing_endings")
    for b in reversed(doc.blocks):
        if b.zone != "body":
            continue
        tail = b.key.rstrip(" ./")
        if any(p.pattern.match(b.key.lstrip()) for p in closing) or \
                any((m := p.pattern.search(tail)) and m.end() == len(tail) for p in endings):
            return b
    return None


def _surplus_annex(ctx):
    """Surplus assets need a detailed annex: one that lists them (its title or rows say "dôi dư"),
    or one the statement itself refers to."""
    facts = ctx.facts
    lx = xrefs.lexis(facts)
    if any(any(p.pattern.search(a.text) for p in lx.surplus) for a in xrefs.annexes(facts).values()):
        return
    mentions = surplus_asset_mentions(facts)
    if not mentions:
        return
    for m in mentions:
        if any(annex is not None for _, annex in xrefs.referenced(facts, m.block)):
            return
        # "…, chi tiết như sau:" and a table of the assets right after it in the body
        if any(any(p.pattern.search(t.text) for p in lx.surplus) or m.block.text.rstrip().endswith(":")
               for t in xrefs.details_near(facts, m.block)):
            return
    m = mentions[0]
    yield ctx.finding(RULE, m.block, evidence=m.block.text[m.start:m.end], offset=m.start, code="surplus",
                      clause=ctx.ruleset.requirement("surplus_assets").clause or ctx.ruleset.part("annexes").get("clause"),
                      message=ctx.t("Có tài sản công dôi dư nhưng không có phụ lục chi tiết từng tài sản.",
                                    "Surplus public assets are reported without a detailed annex."),
                      suggestion=ctx.t("Lập phụ lục chi tiết: từng tài sản, hướng xử lý, cơ quan chủ trì, thời hạn.",
                                       "Add an annex listing each asset, its plan, body in charge and deadline."))
