"""Số thứ tự mục bị nhảy, lặp, đảo; hoặc các mục của Đề cương không theo thứ tự.

Section numbers skipped, repeated or out of order; required sections out of the outline's order.

Các mục cùng cấp, cùng kiểu đánh số (``I.`` ``II.``; ``1.`` ``2.``; ``2.1.``
``2.2.``; ``a)`` ``b)``; ``(1)`` ``(2)``) phải liên tiếp, bắt đầu từ 1 (hoặc
``a``), không lặp. Thứ tự chữ cái tiếng Việt (a, b, c, d, đ, e, g, h, i, k…)
không phải là nhảy mục; thứ tự a, b, c, d, e của đánh số tự động trong Word
cũng vậy; đánh số tiếp nối qua các nhóm con ("1. Đối với UBND tỉnh: (1)…(4);
2. Đối với Ban Thường vụ: (5), (6)") cũng vậy. Mục ``2.1.`` phải nằm dưới mục
``2.``. Các mục của Đề cương (khi có trong báo cáo) phải theo thứ tự của Đề
cương: mục chỉ tìm thấy ngoài thứ tự (nội dung, không phải số thứ tự, quyết
định) được báo giữa các phần lớn hoặc giữa các mục cùng một phần; mục dự thảo
đặt sang phần khác chỉ được nhắc ở mức thông tin; mục nằm lồng trong mục khác
không bị coi là đảo thứ tự.

Ví dụ sai (FAIL)::

    I. ĐẶC ĐIỂM TÌNH HÌNH
    II. KẾT QUẢ THỰC HIỆN
    III. ĐÁNH GIÁ CHUNG
    1. Ưu điểm
    2. Hạn chế, khuyết điểm
    3. Khó khăn, vướng mắc
    3. Bài học kinh nghiệm
    V. ĐỀ XUẤT, KIẾN NGHỊ

("3." lặp lại; sau "III." là "V.", thiếu "IV.")

Ví dụ đúng (PASS)::

    I. ĐẶC ĐIỂM TÌNH HÌNH
    II. KẾT QUẢ THỰC HIỆN
    III. ĐÁNH GIÁ CHUNG
    1. Ưu điểm
    2. Hạn chế, khuyết điểm
    3. Khó khăn, vướng mắc
    4. Bài học kinh nghiệm
    a) Về lãnh đạo
    b) Về tổ chức
    c) Về cán bộ
    d) Về tài sản
    đ) Về dữ liệu
    e) Về phối hợp
    IV. ĐỀ XUẤT, KIẾN NGHỊ
"""

from __future__ import annotations

import sys

from ..labels import VI_LETTERS, format_value
from ..model import Section
from .base import Context

ID = "section_order_or_numbering"
CATEGORY = "section_order_or_numbering"
SEVERITY = "warning"
SUMMARY = {"vi": "Số thứ tự mục nhảy, lặp, đảo; mục của Đề cương sai thứ tự",
           "en": "Section numbers skipped, repeated or out of order; outline sections out of order"}
RULE = sys.modules[__name__]


def check(doc, ctx: Context):
    yield from _numbering(doc, ctx, doc.outline)
    yield from _outline_order(doc, ctx)


def _group_key(sec: Section) -> str:
    label = sec.label
    return f"dotted{len(label.value)}" if label.kind == "dotted" else label.kind


def _letter_successor_ok(prev: int, cur: int) -> bool:
    # Vietnamese order (… d, đ, e …) or the a, b, c, d, e of Word's automatic lettering.
    if cur == prev + 1:
        return True
    p, c = VI_LETTERS[prev - 1], VI_LETTERS[cur - 1] if 0 < cur <= len(VI_LETTERS) else "?"
    return ord(c) == ord(p) + 1 if len(p) == len(c) == 1 and p.isascii() and c.isascii() else False


def _carried_from(node: Section, key: str) -> Section | None:
    """The last section numbered the same way under the nearest previous sibling of ``node`` that
    has such sections: a sub-group may continue its numbering ("1. Đối với UBND Thành phố: (1)…(4);
    2. Đối với Ban Thường vụ: (5), (6)")."""
    parent = node.parent
    if parent is None or node not in parent.children:
        return None
    for sib in reversed(parent.children[: parent.children.index(node)]):
        same = [c for c in sib.children if c.label is not None and _group_key(c) == key]
        if same:
            return same[-1]
    return None


def _numbering(doc, ctx: Context, node: Section):
    groups: dict[str, list[Section]] = {}
    for child in node.children:
        if child.label is not None:
            groups.setdefault(_group_key(child), []).append(child)
    for key, sibs in groups.items():
        prev: Section | None = None
        for sec in sibs:
            cur = sec.label.last
            block = doc.blocks[sec.block_index]
            shown = sec.label.text
            if key.startswith("dotted") and node.label is not None and node.label.kind in ("arabic", "dotted"):
                if sec.label.value[:-1] != node.label.value:
                    expected = format_value("dotted", node.label.value + (cur,))
                    yield ctx.finding(
                        RULE, block, evidence=shown,
                        message=ctx.t(f"Mục «{shown}» nằm trong mục «{node.label.text}» nhưng số không khớp mục cha.",
                                      f"Section «{shown}» sits under «{node.label.text}» but its number does not match."),
                        suggestion=ctx.t(f"Đánh lại số thành «{expected}».", f"Renumber it «{expected}»."))
            if prev is None:
                carried = None if key.startswith("dotted") else _carried_from(node, key)
                if carried is not None and cur == carried.label.last + 1:
                    pass  # numbering continued from the previous sub-group: "1. … (1)…(4); 2. … (5)(6)"
                elif carried is not None and cur > carried.label.last + 1 and carried.label.last > 0:
                    missing = ", ".join(format_value(sec.label.kind, sec.label.value[:-1] + (v,))
                                        for v in range(carried.label.last + 1, cur))
                    yield ctx.finding(
                        RULE, block, evidence=shown,
                        message=ctx.t(f"Nhảy số thứ tự: mục trước kết thúc ở «{carried.label.text}», mục này bắt đầu từ "
                                      f"«{shown}», thiếu «{missing}».",
                                      f"Numbering skips: the previous group ends at «{carried.label.text}», this one "
                                      f"starts at «{shown}»; «{missing}» is missing."),
                        suggestion=ctx.t("Đánh lại số cho liên tiếp hoặc bổ sung mục còn thiếu.",
                                         "Renumber in sequence or add the missing section."))
                elif cur != 1:
                    first = format_value(sec.label.kind, sec.label.value[:-1] + (1,))
                    yield ctx.finding(
                        RULE, block, evidence=shown,
                        message=ctx.t(f"Các mục cùng cấp bắt đầu từ «{shown}», thiếu «{first}».",
                                      f"Sibling sections start at «{shown}»; «{first}» is missing."),
                        suggestion=ctx.t(f"Đánh lại số từ «{first}» hoặc bổ sung mục còn thiếu.",
                                         f"Renumber from «{first}» or add the missing section."))
            else:
                p = prev.label.last
                if cur == p:
                    nxt = format_value(sec.label.kind, sec.label.value[:-1] + (cur + 1,))
                    yield ctx.finding(
                        RULE, block, evidence=shown,
                        message=ctx.t(f"Số thứ tự «{shown}» bị lặp (mục trước cũng là «{prev.label.text}»).",
                                      f"Number «{shown}» is repeated (the previous section is also «{prev.label.text}»)."),
                        suggestion=ctx.t(f"Đánh lại số thành «{nxt}» và các mục sau cho liên tiếp.",
                                         f"Renumber it «{nxt}» and the following ones in sequence."))
                elif cur < p:
                    yield ctx.finding(
                        RULE, block, evidence=shown,
                        message=ctx.t(f"Số thứ tự «{shown}» đứng sau «{prev.label.text}»: ngược thứ tự.",
                                      f"Number «{shown}» comes after «{prev.label.text}»: out of order."),
                        suggestion=ctx.t("Sắp xếp lại hoặc đánh lại số các mục cho liên tiếp.",
                                         "Reorder or renumber the sections in sequence."))
                elif cur > p + 1 and not (sec.label.kind == "letter" and _letter_successor_ok(p, cur)):
                    missing = ", ".join(format_value(sec.label.kind, sec.label.value[:-1] + (v,))
                                        for v in range(p + 1, cur))
                    yield ctx.finding(
                        RULE, block, evidence=shown,
                        message=ctx.t(f"Nhảy số thứ tự: sau «{prev.label.text}» là «{shown}», thiếu «{missing}».",
                                      f"Numbering skips: «{shown}» follows «{prev.label.text}»; «{missing}» is missing."),
                        suggestion=ctx.t("Đánh lại số cho liên tiếp hoặc bổ sung mục còn thiếu.",
                                         "Renumber in sequence or add the missing section."))
            prev = sec
    for child in node.children:
        yield from _numbering(doc, ctx, child)


def _outline_order(doc, ctx: Context):
    """Items the alignment found only out of the outline's order (``displaced``), against the
    siblings it found in order. Between two parts it is a warning, as between two siblings inside
    the part that answers their parent; an item the draft put in another part (its own skeleton)
    is a remark."""
    match = ctx.outline_match

    def in_part(index: int, parent_req) -> bool:
        """Is a block inside the section that answers ``parent_req``?"""
        cand = match.found.get(parent_req.id)
        sec = cand.section if cand is not None else None
        return sec is not None and sec.block_index <= index < sec.end_index

    def walk(reqs, parent_req):
        placed = [(r, match.position(r)) for r in reqs]
        # items found as headings: a paragraph's run-in lead ("**Về cải cách hành chính:** …") tells
        # what the paragraph is about, in whatever order the section tells it, not where an item stands
        placed = [(r, p) for r, p in placed if p is not None and not _run_in(doc.blocks[p])]
        order = {r.id: k for k, r in enumerate(reqs)}
        for req, pos in placed:
            if req.id not in match.displaced:
                continue
            conflicts = [(r, p) for r, p in placed if r.id not in match.displaced and not _nested(match, req, r)
                         and ((order[r.id] < order[req.id] and p > pos) or (order[r.id] > order[req.id] and p < pos))]
            if not conflicts:
                continue
            other, other_pos = conflicts[0]
            block = doc.blocks[pos]
            same_part = parent_req is None or (in_part(pos, parent_req) and in_part(other_pos, parent_req))
            severity = None if same_part else "info"
            if order[other.id] < order[req.id]:
                vi = f"Mục «{req.display()}» đứng trước mục «{other.display()}», trái thứ tự của Đề cương."
                en = f"Section «{req.display()}» comes before «{other.display()}», against the outline's order."
                fix_vi, fix_en = f"Chuyển mục này xuống sau mục «{other.title}».", f"Move this section after «{other.title}»."
            else:
                vi = f"Mục «{req.display()}» đứng sau mục «{other.display()}», trái thứ tự của Đề cương."
                en = f"Section «{req.display()}» comes after «{other.display()}», against the outline's order."
                fix_vi, fix_en = f"Chuyển mục này lên trước mục «{other.title}».", f"Move this section before «{other.title}»."
            yield ctx.finding(RULE, block, clause=req.clause, severity=severity, evidence=_heading_span(block),
                              message=ctx.t(vi, en), suggestion=ctx.t(fix_vi, fix_en))
        for r in reqs:
            yield from walk(r.children, r)

    yield from walk(match.requirements, None)


def _run_in(block) -> bool:
    """A paragraph opened by a lead-in that runs into its text, or a row of a table of tasks: not a
    heading of its own."""
    return block.kind == "table" or \
        not block.is_heading and bool(block.lead) and len(block.text.strip()) > len(block.lead.strip()) + 1


def _heading_span(block, limit: int = 120) -> str:
    """The heading as written, cut at a word boundary when long (an exact prefix of the text)."""
    text = block.text
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit]


def _nested(match, a, b) -> bool:
    ca, cb = match.found.get(a.id), match.found.get(b.id)
    if ca is None or cb is None:
        return False
    return ca.nests(cb)
