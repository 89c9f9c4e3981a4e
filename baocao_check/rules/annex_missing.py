"""Phụ lục, biểu được nhắc "kèm theo" nhưng không có trong văn bản; thiếu các biểu phụ lục Kế hoạch yêu cầu.

An annex the text refers to as attached is not in the document; the plan's required annex tables are absent.

Ghi chú của Đề cương: "Có biểu phụ lục 1, 2, 3, 4 kèm theo" (``annexes.required`` của bộ quy
tắc) và tài sản công dôi dư phải "lập phụ lục chi tiết". Mỗi "Phụ lục 3", "biểu 6B kèm
theo", "chi tiết tại Phụ lục 2" trong bài phải có phụ lục, biểu tương ứng trong văn bản
(bảng có tên "Phụ lục …"/"Biểu …" hoặc phần "PHỤ LỤC …" sau phần ký). "Các phụ lục gửi kèm"
mà văn bản không có phụ lục nào cũng bị nhắc. Bản xuất ra văn bản thuần thường không
mang theo bảng: khi đó hãy kiểm tra bản Word.

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

from ..annexes import annex_tables, generic_reference, has, present, references
from ..clauses import surplus_asset_mentions
from ..matching import Phrase
from ..normalize import fold
from .base import Context

ID = "annex_missing"
CATEGORY = "annex_missing"
SEVERITY = "warning"
SUMMARY = {"vi": "Phụ lục, biểu được nhắc nhưng không kèm theo; thiếu biểu phụ lục Kế hoạch yêu cầu",
           "en": "Annex referred to but not attached; annex tables required by the plan absent"}
RULE = sys.modules[__name__]


def check(doc, ctx: Context):
    found = present(doc)
    spec = ctx.ruleset.get("annexes") or {}
    clause = spec.get("clause")
    reported = set()
    for block in ctx.text_blocks():
        for ref in references(block.text, block.key):
            if has(found, ref.kind, ref.ident) or (ref.kind, ref.ident) in reported:
                continue
            reported.add((ref.kind, ref.ident))
            name = f"{ref.kind.capitalize()} {ref.ident}"
            yield ctx.finding(RULE, block, evidence=ref.text, offset=ref.start, clause=clause,
                              message=ctx.t(f"Bài viết nhắc «{ref.text}» kèm theo nhưng văn bản không có {name}.",
                                            f"The text refers to «{ref.text}» as attached but the document has no {name}."),
                              suggestion=ctx.t(f"Đính kèm {name} hoặc bỏ phần nhắc đến.",
                                               f"Attach {name} or remove the reference."))
        span = generic_reference(block.text, block.key)
        if span and not found and ("generic",) not in reported:
            reported.add(("generic",))
            yield ctx.finding(RULE, block, evidence=block.text[span[0]:span[1]], offset=span[0], clause=clause,
                              message=ctx.t("Bài viết nói có các phụ lục gửi kèm nhưng văn bản không có phụ lục nào.",
                                            "The text says annexes are attached but the document has none."),
                              suggestion=ctx.t("Đính kèm các phụ lục, biểu mẫu.", "Attach the annexes."))
    required = [str(r) for r in spec.get("required", [])]
    absent = [r for r in required if not has(found, "phụ lục", r) and not has(found, "biểu", r)]
    if absent:
        anchor = _closing_paragraph(doc) or ctx.first_body_block()
        listed = ", ".join(absent)
        yield ctx.finding(RULE, anchor, clause=clause,
                          message=ctx.t(f"Thiếu biểu phụ lục số {listed} mà Kế hoạch yêu cầu kèm theo báo cáo.",
                                        f"Annex tables {listed} required by the plan are not attached."),
                          suggestion=ctx.t(f"Đính kèm các biểu phụ lục {listed} theo mẫu của Kế hoạch.",
                                           f"Attach annex tables {listed} in the plan's format."))
    if spec.get("surplus_asset_annex"):
        yield from _surplus_annex(doc, ctx, clause)


def _closing_paragraph(doc):
    """"Trên đây là báo cáo …": where a reviewer notes what is not attached."""
    for b in reversed(doc.blocks):
        if b.zone == "body" and b.key.lstrip().startswith("trên đây"):
            return b
    return None


def _surplus_annex(doc, ctx, clause):
    vocab = ctx.ruleset.get("vocabularies") or {}
    surplus = [Phrase(p, strict=True) for p in vocab.get("surplus_markers", [])]
    if any(any(p.pattern.search(fold(t.text)) for p in surplus) for t in annex_tables(doc)):
        return
    mentions = surplus_asset_mentions(ctx)
    if mentions:
        block, start, end = mentions[0]
        yield ctx.finding(RULE, block, evidence=block.text[start:end], offset=start,
                          clause=(ctx.ruleset.get("requirements") or {}).get("surplus_assets", {}).get("clause", clause),
                          message=ctx.t("Có tài sản công dôi dư nhưng không có phụ lục chi tiết từng tài sản.",
                                        "Surplus public assets are reported without a detailed annex."),
                          suggestion=ctx.t("Lập phụ lục chi tiết: từng tài sản, hướng xử lý, cơ quan chủ trì, thời hạn.",
                                           "Add an annex listing each asset, its plan, body in charge and deadline."))
