"""Thuật ngữ viết sai thành những âm tiết có nghĩa khác ("chuyên đổi số" → "chuyển đổi số").

A domain term misspelt into other valid syllables, which a spell checker does not catch.

Danh sách nhầm lẫn nằm trong bộ quy tắc (``vocabularies.term_confusions``: ``wrong``,
``right``); người dùng thêm cặp mới vào bộ quy tắc của mình. So khớp theo cả âm
tiết, không phân biệt hoa thường, sau khi chuẩn hoá dấu thanh.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ THỰC HIỆN
    Đẩy mạnh chuyên đổi số, hướng dẫn người dân nộp hồ sơ trên công dịch vụ công quốc gia.

Ví dụ đúng (PASS)::

    I. KẾT QUẢ THỰC HIỆN
    Đẩy mạnh chuyển đổi số, hướng dẫn người dân nộp hồ sơ trên Cổng Dịch vụ công quốc gia; đội ngũ chuyên môn được tăng cường.
"""

from __future__ import annotations

import re
import sys

from ..matching import Phrase
from ..normalize import fold
from .base import Context

ID = "term_typo"
CATEGORY = "term_typo"
SEVERITY = "warning"
SUMMARY = {"vi": "Thuật ngữ bị gõ sai thành âm tiết khác (theo danh sách trong bộ quy tắc)",
           "en": "Domain term misspelt into other valid syllables (list in the ruleset)"}
RULE = sys.modules[__name__]


def _keep_case(found: str, right: str) -> str:
    """The correction written with the draft's capitals, syllable by syllable."""
    found_words, right_words = found.split(), right.split()
    if len(found_words) != len(right_words):
        return right[:1].upper() + right[1:] if found[:1].isupper() else right
    out = []
    for f, r in zip(found_words, right_words):
        out.append(r.upper() if f.isupper() and len(f) > 1 else (r[:1].upper() + r[1:] if f[:1].isupper() else r))
    return " ".join(out)


def check(doc, ctx: Context):
    pairs = [p for p in (ctx.ruleset.get("vocabularies") or {}).get("term_confusions", []) if isinstance(p, dict)]
    if not pairs:
        return
    compiled = [(Phrase(p["wrong"], strict=True), p["wrong"], p["right"]) for p in pairs]
    # one pass per block: the first words of every wrong form, then the exact pattern where one occurs
    firsts = re.compile("|".join(sorted({re.escape(fold(w).split(" ")[0]) for _, w, _ in compiled}, key=len,
                                        reverse=True)))
    for block in ctx.text_blocks(zones=("body", "annex")):
        key = block.key
        if not firsts.search(key):
            continue
        for phrase, wrong, right in compiled:
            for m in phrase.pattern.finditer(key):
                found = block.text[m.start():m.end()]
                fix = _keep_case(found, right)
                yield ctx.finding(RULE, block, evidence=found, offset=m.start(),
                                  message=ctx.t(f"Viết sai thuật ngữ: «{found}» (đúng là «{fix}»).",
                                                f"Misspelt term: «{found}» (should be «{fix}»)."),
                                  suggestion=ctx.t(f"Sửa thành «{fix}».", f"Write «{fix}»."))
