"""Thuật ngữ viết sai thành những âm tiết có nghĩa khác ("chuyên đổi số" → "chuyển đổi số").

A domain term misspelt into other valid syllables, which a spell checker does not catch.

Danh sách nhầm lẫn nằm trong từ vựng chung và bộ quy tắc (``vocabularies.term_confusions``:
``wrong``, ``right``); người dùng thêm cặp mới vào bộ quy tắc của mình. Tên cố định của cơ
quan (``fixed_names`` trong từ vựng chung: "Ủy ban nhân dân"…) viết thiếu âm tiết cuối ("Ủy ban
nhân phường") cũng là lỗi gõ. So khớp theo cả âm tiết, không phân biệt hoa thường, sau khi chuẩn
hoá dấu thanh.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ THỰC HIỆN
    Đẩy mạnh chuyên đổi số, hướng dẫn người dân nộp hồ sơ trên công dịch vụ công quốc gia.
    Ủy ban nhân phường tiếp nhận hồ sơ.

Ví dụ đúng (PASS)::

    I. KẾT QUẢ THỰC HIỆN
    Đẩy mạnh chuyển đổi số, hướng dẫn người dân nộp hồ sơ trên Cổng Dịch vụ công quốc gia; đội ngũ chuyên môn được tăng cường.
    Ủy ban nhân dân phường tiếp nhận hồ sơ; Hội đồng nhân dân phường giám sát.
"""

from __future__ import annotations

import sys

from ..facts.terms import slips
from .base import Context

ID = "term_typo"
CATEGORY = "term_typo"
SEVERITY = "warning"
SUMMARY = {"vi": "Thuật ngữ bị gõ sai thành âm tiết khác (theo danh sách trong từ vựng, bộ quy tắc)",
           "en": "Domain term misspelt into other valid syllables (list in the lexicon and ruleset)"}
RULE = sys.modules[__name__]


def check(doc, ctx: Context):
    tables = [b for b in doc.blocks if b.kind == "table" and b.zone in ("body", "annex")]
    for block in sorted(ctx.text_blocks(zones=("body", "annex")) + tables, key=lambda b: b.index):
        for slip in slips(ctx.facts, block):
            yield ctx.finding(RULE, block, evidence=slip.found, offset=slip.start,
                              message=ctx.t(f"Viết sai thuật ngữ: «{slip.found}» (đúng là «{slip.right}»).",
                                            f"Misspelt term: «{slip.found}» (should be «{slip.right}»)."),
                              suggestion=ctx.t(f"Sửa thành «{slip.right}».", f"Write «{slip.right}»."))
