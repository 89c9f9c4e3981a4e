"""Việc tồn đọng không nêu ai chịu trách nhiệm và đến bao giờ; tài sản dôi dư không có thời hạn xử lý.

An outstanding issue without who is responsible and by when; a surplus asset without a deadline.

Đề cương mục II.3: "Báo cáo rõ những tồn đọng, khó khăn chưa xử lý được (nếu có) và
trách nhiệm, thời hạn giải quyết"; mục II.5.2: trụ sở, tài sản công dôi dư phải có "thời
hạn giải quyết đối với từng tài sản". Câu nêu việc còn tồn đọng, chưa xử lý, chưa giải
quyết (``vocabularies.outstanding_markers``) mà trong cùng đoạn không có cơ quan, người
chịu trách nhiệm hoặc không có thời hạn thì bị nhắc; câu nói đã xử lý xong, không còn tồn
đọng thì không. Câu nêu tài sản dôi dư cụ thể (có số lượng hoặc tên) mà không có thời hạn
xử lý cũng bị nhắc. Câu dẫn tới một phụ lục có trong văn bản ("phương án xử lý, cơ quan chủ
trì và thời hạn tại Phụ lục 3") được tính là có thời hạn, trách nhiệm nếu cột "Thời hạn",
"Cơ quan chủ trì" của phụ lục đó có ghi (``annex_deadline_columns``); cột ghi "Chưa xác định"
thì không. Đề xuất, kiến nghị thiếu thời hạn do ``proposal_incomplete`` báo.

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

import sys

from ..facts import xrefs
from ..facts.statements import deadline_in, lexis, quantities, responsible_in, surplus_asset_mentions
from ..facts.text import clause_spans, sentences
from ..matching import Phrase
from .base import Context

ID = "deadline_missing"
CATEGORY = "deadline_missing"
SEVERITY = "warning"
SUMMARY = {"vi": "Việc tồn đọng thiếu trách nhiệm, thời hạn; tài sản dôi dư thiếu thời hạn xử lý",
           "en": "Outstanding issue without responsibility and deadline; surplus asset without a deadline"}
RULE = sys.modules[__name__]


def _phrases(ctx, name):
    return [Phrase(p if isinstance(p, str) else p["phrase"], strict=True) for p in ctx.ruleset.vocab(name)]


def check(doc, ctx: Context):
    facts = ctx.facts
    outstanding = _phrases(ctx, "outstanding_markers")
    resolved = _phrases(ctx, "resolved_markers")
    not_after = _phrases(ctx, "not_outstanding_after")
    clause_out = ctx.ruleset.requirement("outstanding_issues").clause
    clause_surplus = ctx.ruleset.requirement("surplus_assets").clause
    lx = lexis(facts)
    for block in facts.text_blocks():
        if block.kind not in ("paragraph", "list_item", "footnote"):
            continue
        key = block.key
        if not any(p.pattern.search(key) for p in outstanding):
            continue
        values = facts.values(block)
        text = block.text
        whole_deadline = deadline_in(facts, text, values)
        whole_who = responsible_in(facts, text)
        done = False
        for a, b in sentences(text):
            for ca, cb in clause_spans(text, a, b):
                ckey = key[ca:cb]
                m_out = next((m for p in outstanding if (m := p.pattern.search(ckey))), None)
                if not m_out or not _is_outstanding(text, values, (a, b), (ca, cb), m_out, key, resolved, not_after, lx):
                    continue
                who, when = whole_who, whole_deadline
                # "… (chi tiết tại Phụ lục 2)": the annex the statement refers to may give them
                for _, annex in xrefs.referenced(facts, block, a, b):
                    if annex is not None:
                        who = who or ("annex" if xrefs.answers(facts, annex, "responsible") else None)
                        when = when or ("annex" if xrefs.answers(facts, annex, "deadline") else None)
                missing = []
                if who is None:
                    missing.append(("trách nhiệm", "who is responsible"))
                if when is None:
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
                done = True
                break
            if done:
                break
    for m in surplus_asset_mentions(facts):
        block = m.block
        if deadline_in(facts, block.text, facts.values(block)) is not None:
            continue
        a, b = m.clause
        refs = [(ref, annex) for ref, annex in xrefs.referenced(facts, block, a, b) if annex is not None]
        if any(xrefs.answers(facts, annex, "deadline") for _, annex in refs):
            continue
        if refs:
            # the annex it refers to gives no deadline: quote the clause that refers to it
            ref = refs[0][0]
            ca, cb = next(((x, y) for x, y in clause_spans(block.text, a, b) if x <= ref.start < y), (a, b))
            evidence, offset = block.text[ca:cb].strip(" ;."), ca + len(block.text[ca:cb]) - len(block.text[ca:cb].lstrip(" ;"))
            message = ctx.t(f"Tài sản công dôi dư: {ref.text} được dẫn tới nhưng không nêu thời hạn xử lý từng tài sản.",
                            f"Surplus public assets: {ref.text} is referred to but gives no deadline for each asset.")
        else:
            evidence, offset = block.text[m.start:m.end], m.start
            message = ctx.t("Tài sản công dôi dư được nêu nhưng chưa có thời hạn xử lý đối với từng tài sản.",
                            "A surplus public asset is reported without a deadline for dealing with it.")
        yield ctx.finding(
            RULE, block, evidence=evidence, offset=offset, clause=clause_surplus, message=message,
            suggestion=ctx.t("Nêu hướng xử lý, cơ quan chủ trì và thời hạn cho từng tài sản, lập phụ lục chi tiết.",
                             "Give the plan, the body in charge and a deadline for each asset, with a detailed annex."))


def _is_outstanding(text, values, sentence, clause, m, key, resolved, not_after, lx) -> bool:
    """Does this clause report work still undone (not merely mention a backlog that was dealt with)?"""
    ca, cb = clause
    ckey = key[ca:cb]
    if any(p.pattern.search(ckey) for p in resolved) or lx.negated_re.search(ckey):
        return False
    after = ckey[m.end(): m.end() + 20]
    if any(p.pattern.match(after.lstrip()) for p in not_after):
        return False      # "chưa giải quyết kịp thời": late, not outstanding
    word = ckey[m.start():m.end()]
    if word.startswith(("còn", "chưa")):
        return True
    # a bare "tồn đọng" needs a count, and the sentence must not say how the backlog was dealt with
    # ("09 đơn tồn đọng … chuyển sang; đã giải quyết 55 đơn")
    a, b = sentence
    return bool(quantities(text, values, ca, cb)) and not lx.dealt_re.search(key[a:b])
