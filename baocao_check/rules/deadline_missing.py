"""Việc tồn đọng không nêu ai chịu trách nhiệm và đến bao giờ; tài sản dôi dư không có thời hạn xử lý.

An outstanding issue without who is responsible and by when; a surplus asset without a deadline.

Đề cương mục II.3: "Báo cáo rõ những tồn đọng, khó khăn chưa xử lý được (nếu có) và
trách nhiệm, thời hạn giải quyết"; mục II.5.2: trụ sở, tài sản công dôi dư phải có "thời
hạn giải quyết đối với từng tài sản". Câu nêu việc còn tồn đọng, chưa xử lý, chưa giải
quyết (``vocabularies.outstanding_markers``) mà trong cùng đoạn không có cơ quan, người
chịu trách nhiệm hoặc không có thời hạn thì bị nhắc; câu nói đã xử lý xong, không còn tồn
đọng thì không. Câu nêu tài sản dôi dư cụ thể (có số lượng hoặc tên) mà không có thời hạn
xử lý cũng bị nhắc. Đề xuất, kiến nghị thiếu thời hạn do ``proposal_incomplete`` báo.

Ví dụ sai (FAIL)::

    II. KẾT QUẢ THỰC HIỆN
    Hiện còn 12 hồ sơ đất đai tồn đọng từ các xã cũ chưa xử lý được.
    Nhà đất dôi dư: 01 cơ sở nhà đất (Phòng khám đa khoa cũ), địa phương sẽ nghiên cứu phương án chuyển đổi công năng.

Ví dụ đúng (PASS)::

    II. KẾT QUẢ THỰC HIỆN
    Hiện còn 12 hồ sơ đất đai tồn đọng từ các xã cũ; giao Phòng Kinh tế chủ trì giải quyết xong trước ngày 30/9/2026.
    Nhà đất dôi dư: 01 cơ sở (Phòng khám đa khoa cũ), giao Phòng Kinh tế lập phương án xử lý trong quý III/2026.
    Xã không có cơ sở nhà đất dôi dư; 100% hồ sơ tồn đọng đã giải quyết xong.
"""

from __future__ import annotations

import re
import sys

from ..clauses import addressee_in, clause_spans, deadline_in, quantities, sentences, surplus_asset_mentions
from ..matching import Phrase
from ..normalize import fold
from .base import Context

ID = "deadline_missing"
CATEGORY = "deadline_missing"
SEVERITY = "warning"
SUMMARY = {"vi": "Việc tồn đọng thiếu trách nhiệm, thời hạn; tài sản dôi dư thiếu thời hạn xử lý",
           "en": "Outstanding issue without responsibility and deadline; surplus asset without a deadline"}
RULE = sys.modules[__name__]

_NEGATION = [Phrase(p, strict=True) for p in ("không có", "không còn", "không phát sinh", "không để", "chưa phát sinh")]
_DEALT = re.compile(fold(r"(?:đã|được)\s+(?:\w+\s+){0,3}(?:giải quyết|xử lý)(?!\w)"))
_RESPONSIBLE = [Phrase(p, strict=True) for p in ("giao", "chủ trì", "phụ trách", "phân công", "chịu trách nhiệm")]


def check(doc, ctx: Context):
    vocab = ctx.ruleset.get("vocabularies") or {}
    reqs = ctx.ruleset.get("requirements") or {}
    outstanding = [Phrase(p, strict=True) for p in vocab.get("outstanding_markers", [])]
    resolved = [Phrase(p, strict=True) for p in vocab.get("resolved_markers", [])]
    not_after = [Phrase(p, strict=True) for p in vocab.get("not_outstanding_after", [])]
    clause_out = (reqs.get("outstanding_issues") or {}).get("clause")
    clause_surplus = (reqs.get("surplus_assets") or {}).get("clause")
    for block in ctx.text_blocks():
        if block.kind not in ("paragraph", "list_item", "footnote"):
            continue
        key = block.key
        if not any(p.pattern.search(key) for p in outstanding):
            continue
        values = ctx.values(block)
        text = block.text
        whole_deadline = deadline_in(text, values, not_before=ctx.not_before)
        whole_who = _responsible(text)
        for a, b in sentences(text):
            for ca, cb in clause_spans(text, a, b):
                ckey = key[ca:cb]
                m_out = next((m for p in outstanding if (m := p.pattern.search(ckey))), None)
                if m_out and _is_outstanding(text, values, ca, cb, m_out, ckey, resolved + _NEGATION, not_after):
                    missing = []
                    if whole_who is None:
                        missing.append(("trách nhiệm", "who is responsible"))
                    if whole_deadline is None:
                        missing.append(("thời hạn giải quyết", "a deadline"))
                    if missing:
                        word = text[ca + m_out.start(): ca + m_out.end()]
                        vi = " và ".join(x[0] for x in missing)
                        en = " and ".join(x[1] for x in missing)
                        yield ctx.finding(
                            RULE, block, evidence=word, offset=ca + m_out.start(), clause=clause_out,
                            message=ctx.t(f"Việc còn tồn đọng («{word}») chưa nêu {vi}.",
                                          f"The outstanding issue («{word}») has no {en}."),
                            suggestion=ctx.t("Nêu rõ cơ quan, người chịu trách nhiệm và thời hạn giải quyết "
                                             "(ví dụ: «giao Phòng Kinh tế chủ trì, xong trước ngày 30/9/2026»).",
                                             "Say who is responsible and by when (e.g. «the Economic Office, by 30/9/2026»)."))
                        break
            else:
                continue
            break
    for block, start, end in surplus_asset_mentions(ctx):
        if deadline_in(block.text, ctx.values(block), not_before=ctx.not_before) is not None:
            continue
        yield ctx.finding(
            RULE, block, evidence=block.text[start:end], offset=start, clause=clause_surplus,
            message=ctx.t("Tài sản công dôi dư được nêu nhưng chưa có thời hạn xử lý đối với từng tài sản.",
                          "A surplus public asset is reported without a deadline for dealing with it."),
            suggestion=ctx.t("Nêu hướng xử lý, cơ quan chủ trì và thời hạn cho từng tài sản, lập phụ lục chi tiết.",
                             "Give the plan, the body in charge and a deadline for each asset, with a detailed annex."))


def _is_outstanding(text, values, ca, cb, m, ckey, negations, not_after) -> bool:
    """Does this clause report work still undone (not merely mention a backlog that was dealt with)?"""
    if any(p.pattern.search(ckey) for p in negations):
        return False
    after = ckey[m.end(): m.end() + 20]
    if any(p.pattern.match(after.lstrip()) for p in not_after):
        return False      # "chưa giải quyết kịp thời": late, not outstanding
    word = ckey[m.start():m.end()]
    if word.startswith(("còn", "chưa")):
        return True
    # a bare "tồn đọng" needs a count and no word that it was dealt with
    return bool(quantities(text, values, ca, cb)) and not _DEALT.search(ckey)


def _responsible(text: str) -> str | None:
    key = fold(text)
    if any(p.pattern.search(key) for p in _RESPONSIBLE):
        return addressee_in(text) or "giao"
    return None
