"""Một mục bắt buộc của Đề cương, hoặc một lĩnh vực nội dung của Kế hoạch, không có trong báo cáo.

A required section of the outline, or a content area of the plan, is absent.

Mỗi mục của Đề cương (bộ quy tắc, khoá ``outline``) phải có tiêu đề trong báo
cáo. Các tiêu đề của dự thảo được dóng hàng với Đề cương theo thứ tự: cách diễn
đạt có thể khác (từ đồng nghĩa ``match`` trong bộ quy tắc và trong
``rulesets/lexicon.yaml``, từ đảo thứ tự, tên đơn vị như "UBND phường" thay cho
"cơ quan, đơn vị"), số thứ tự có thể khác (dự thảo đánh lại số sau một mục bị
bỏ), một tiêu đề gộp ("Ưu điểm và hạn chế") trả lời cả hai mục, và mục có thể
nằm dưới mục cha khác. Mục chỉ gồm các mục con được coi là có khi có một mục
con; mục ``required: false`` (hoặc ``optional: true``) không bắt buộc. Phát hiện
nêu chỗ cần bổ sung: sau tiêu đề nào, trước tiêu đề nào của dự thảo. Với mục có ``text_fallback``, nếu không có tiêu đề riêng
nhưng nội dung đã được nêu lồng ghép, chỉ nhắc ở mức thông tin. Mỗi lĩnh vực
nội dung của Kế hoạch (khoá ``content_areas``) phải được đề cập: có tiêu đề
khớp, hoặc bài viết đề cập đủ số khía cạnh (``min_aspects``); khía cạnh còn
thiếu của một lĩnh vực có mặt được nhắc ở mức thông tin.

Ví dụ sai (FAIL)::

    I. ĐẶC ĐIỂM TÌNH HÌNH
    1. Đặc điểm
    2. Thuận lợi, khó khăn
    II. KẾT QUẢ THỰC HIỆN
    1. Công tác lãnh đạo, chỉ đạo
    2. Kiện toàn tổ chức bộ máy, biên chế
    3. Phân cấp, phân quyền, ủy quyền
    4. Bàn giao, tiếp nhận, xử lý công việc chuyển tiếp
    5. Mô hình, sáng kiến sau sắp xếp
    6. Tài chính, ngân sách
    7. Trụ sở, cơ sở vật chất, tài sản công
    8. Hạ tầng số, cơ sở dữ liệu
    9. Cải cách hành chính, thủ tục hành chính
    10. Tiếp công dân, giải quyết khiếu nại, tố cáo
    11. Kiểm tra, giám sát
    III. ĐÁNH GIÁ CHUNG
    1. Ưu điểm, nguyên nhân
    2. Khó khăn, vướng mắc
    3. Bài học kinh nghiệm
    IV. KIẾN NGHỊ

(thiếu mục "Hạn chế, khuyết điểm, nguyên nhân" của Đề cương, mục III.2)

Ví dụ đúng (PASS)::

    I. ĐẶC ĐIỂM TÌNH HÌNH
    1. Đặc điểm
    2. Thuận lợi, khó khăn
    II. KẾT QUẢ THỰC HIỆN
    1. Công tác lãnh đạo, chỉ đạo
    2. Kiện toàn tổ chức bộ máy, biên chế
    3. Phân cấp, phân quyền, ủy quyền
    4. Bàn giao, tiếp nhận, xử lý công việc chuyển tiếp
    5. Mô hình, sáng kiến sau sắp xếp
    6. Tài chính, ngân sách
    7. Trụ sở, cơ sở vật chất, tài sản công
    8. Hạ tầng số, cơ sở dữ liệu
    9. Cải cách hành chính, thủ tục hành chính
    10. Tiếp công dân, giải quyết khiếu nại, tố cáo
    11. Kiểm tra, giám sát
    III. ĐÁNH GIÁ CHUNG
    1. Ưu điểm, nguyên nhân
    2. Hạn chế, nguyên nhân
    3. Khó khăn, vướng mắc
    4. Bài học kinh nghiệm
    IV. KIẾN NGHỊ

(tiêu đề khác chữ của Đề cương, như "Hạn chế, nguyên nhân", vẫn được nhận)
"""

from __future__ import annotations

import re
import sys

from ..facts.figures import content_words
from ..facts.tables import words as table_words
from ..normalize import fold
from ..matching import Requirement, phrases, text_coverage
from .base import Context

ID = "missing_section"
CATEGORY = "missing_section"
SEVERITY = "error"
SUMMARY = {"vi": "Thiếu mục bắt buộc của Đề cương hoặc lĩnh vực nội dung của Kế hoạch",
           "en": "A required outline section or plan content area is missing"}
RULE = sys.modules[__name__]


def check(doc, ctx: Context):
    match = ctx.outline_match
    yield from _sections(doc, ctx, match, match.requirements, parent_anchor=None)
    yield from _content_areas(doc, ctx)


def _anchor_for(ctx: Context, req: Requirement, match, parent_anchor):
    """The block where the missing section belongs: after its previous sibling (as the draft placed
    it), else its parent."""
    siblings = req.parent.children if req.parent else match.requirements
    before = siblings[: siblings.index(req)]
    for sib in reversed(before):
        pos = match.position(sib)
        if pos is not None and sib.id not in match.displaced:
            return ctx.doc.blocks[pos], sib
    if parent_anchor is not None:
        return parent_anchor, req.parent
    return ctx.first_body_block(), None


def _next_for(ctx: Context, req: Requirement, match):
    """The draft's heading the missing section comes before: its next sibling found in order."""
    siblings = req.parent.children if req.parent else match.requirements
    for sib in siblings[siblings.index(req) + 1:]:
        pos = match.position(sib)
        if pos is not None and sib.id not in match.displaced:
            return ctx.doc.blocks[pos]
    return None


def _heading_as_written(block, limit: int = 70) -> str:
    text = " ".join(block.text.replace("*", " ").replace("#", " ").split())
    if block.label is not None and not text.startswith(block.label.text.strip()):
        text = f"{block.label.text.strip()} {text}"     # Word's automatic numbering is not in the text
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sections(doc, ctx: Context, match, reqs, parent_anchor):
    for req in reqs:
        if match.satisfied(req):
            cand = match.found.get(req.id)
            anchor = cand.block if cand is not None else parent_anchor
            if cand is not None and req.contents:
                yield from _contents(doc, ctx, match, req, cand)
            yield from _sections(doc, ctx, match, req.children, anchor)
            continue
        if not req.required:
            continue
        block, after = _anchor_for(ctx, req, match, parent_anchor)
        fallback = req.text_fallback
        if fallback:
            hits, first = text_coverage(doc, fallback["keywords"])
            if hits >= fallback.get("min_hits", 2) and first is not None:
                yield ctx.finding(
                    RULE, first.block, severity="info", clause=req.clause, evidence=first.text,
                    message=ctx.t(
                        f"Chưa có mục riêng «{req.display()}» theo {req.clause}; nội dung này mới được nêu "
                        "lồng ghép trong mục khác (xem trích dẫn).",
                        f"No section of its own for «{req.display()}» ({req.clause}); the topic is only "
                        "mentioned inside another section (see the evidence)."),
                    suggestion=ctx.t(f"Tách thành mục «{req.title}» như Đề cương yêu cầu.",
                                     f"Make it a section «{req.title}» as the outline requires."))
                continue
        children = [c for c in req.children if c.required]
        listing = "; ".join(c.display() for c in children)
        after_txt_vi = after_txt_en = ""
        if after is not None:
            written = _heading_as_written(block)
            after_txt_vi = f" sau mục «{written}» (ứng với mục {after.id} của Đề cương)"
            after_txt_en = f" after «{written}» (outline item {after.id})"
        nxt = _next_for(ctx, req, match)
        if nxt is not None:
            after_txt_vi += f", trước mục «{_heading_as_written(nxt)}»"
            after_txt_en += f", before «{_heading_as_written(nxt)}»"
        yield ctx.finding(
            RULE, block, severity=req.severity, clause=req.clause,
            message=ctx.t(
                f"Thiếu mục «{req.display()}» theo {req.clause}." + (f" Gồm: {listing}." if listing else ""),
                f"Section «{req.display()}» required by {req.clause} is missing." + (f" It has: {listing}." if listing else "")),
            suggestion=ctx.t(f"Bổ sung mục «{req.title}»{after_txt_vi}.",
                             f"Add a section «{req.title}»{after_txt_en}."))


MIN_WORDS = 20     # words under a heading before its contents are judged


def _span(doc, match, req, cand) -> list[str]:
    """The folded texts a found heading answers for, its own title left out: the section it opens
    (an inline heading: up to the draft's next heading). A heading the draft nests one level deeper
    than the outline ("2.1. Hạn chế, khó khăn" under "2. Hạn chế, nguyên nhân", which answers another
    item) shares that parent's text, where one "2.2. Nguyên nhân" answers for both."""
    if cand.section is not None:
        sec = cand.section
        parent = sec.parent
        own_parent = match.found.get(req.parent.id) if req.parent is not None else None
        owners = {c.block.index for c in match.found.values()}
        if parent is not None and parent.block_index in owners and (
                own_parent is None or own_parent.block.index != parent.block_index):
            sec = parent
        return [b.key for b in doc.blocks[sec.block_index + 1:sec.end_index]]
    later = [c.index for c in match.candidates if c.index > cand.index]
    end = later[0] if later else len(doc.blocks)
    own = cand.block.key
    lead = fold(cand.block.lead or "")
    at = own.find(lead) if lead else -1
    return [own[at + len(lead):] if at >= 0 else own] + \
        [b.key for b in doc.blocks[cand.index + 1:end] if b.zone == "body"]


def _contents(doc, ctx: Context, match, req, cand):
    """Each content the outline item asks for ("Ưu điểm, nguyên nhân": the causes) is stated in the
    section that answers it; a cause may be stated without the word ("là do", "nhờ", "dẫn đến")."""
    text = " " + " ".join(_span(doc, match, req, cand)) + " "
    if len(text.split()) < MIN_WORDS:
        return      # a heading with (almost) nothing under it: nothing stated to judge
    causes = [fold(w) for w in ctx.ruleset.vocab("cause_markers")]
    rate_words = {w for h in table_words().get("percentage_headers", ()) for w in fold(h).split()}
    missing = []
    present = set(re.findall(r"[^\W\d_]+", text))
    for content in req.contents:
        key = fold(content)
        if key in causes:       # "nguyên nhân": a cause, however it is worded
            if not any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in causes):
                missing.append(content)
            continue
        # "số cơ sở dữ liệu đã xây dựng", "tỷ lệ dữ liệu được kết nối": the words of what is counted
        # ("Xây dựng 04 cơ sở dữ liệu …; 75% dữ liệu được kết nối"), the figure however written
        words = [w for w in content_words(key) if w not in rate_words]
        if words and not set(words) <= present:
            missing.append(content)
    if not missing:
        return
    written = _heading_as_written(cand.block)
    listing = "; ".join(missing)
    yield ctx.finding(
        RULE, cand.block, severity=req.severity or "warning", clause=req.clause, evidence=cand.block.text.strip()[:80],
        code="content_missing",
        message=ctx.t(f"Mục «{written}» (mục {req.id} «{req.title}» của Đề cương) chưa nêu: {listing}.",
                      f"Section «{written}» (outline item {req.id} «{req.title}») does not state: {listing}."),
        suggestion=ctx.t(f"Bổ sung vào mục này: {listing} ({req.clause}).",
                         f"Add to this section: {listing} ({req.clause})."))


def _content_areas(doc, ctx: Context):
    areas = ctx.ruleset.items("content_areas")
    match = ctx.outline_match
    for area in areas:
        # the section where the plan expects this area: its outline section, else a heading naming it
        heading = match.found.get(area.get("section", ""))
        pats = phrases(area.get("match"))
        if heading is None:
            heading = next((c for c in match.candidates if c.section is not None
                            and any(p.matches(c.key) for p in pats)), None)
        aspect_hits = []
        for aspect in area["aspects"]:
            hits, first = text_coverage(doc, aspect["keywords"])
            aspect_hits.append((aspect, first if hits else None))
        covered = [a for a, first in aspect_hits if first is not None]
        needed = area.get("min_aspects", 1)
        if heading is None and len(covered) < needed:
            yield ctx.finding(
                RULE, ctx.first_body_block(), severity=area.get("severity", "warning"), clause=area["clause"],
                message=ctx.t(f"Báo cáo chưa đề cập lĩnh vực «{area['title']}» mà {area['clause']} yêu cầu đánh giá.",
                              f"The report does not cover «{area['title']}», required by {area['clause']}."),
                suggestion=ctx.t("Bổ sung nội dung đánh giá: " + "; ".join(a["title"] for a in area["aspects"]) + ".",
                                 "Add an assessment of: " + "; ".join(a["title"] for a in area["aspects"]) + "."))
            continue
        if heading is not None:
            anchor = heading.block
        else:
            anchor = next((first.block for _, first in aspect_hits if first is not None), ctx.first_body_block())
        for aspect, first in aspect_hits:
            if first is None:
                yield ctx.finding(
                    RULE, anchor, severity=aspect.get("severity", "info"), clause=area["clause"],
                    message=ctx.t(f"Lĩnh vực «{area['title']}» chưa nêu: {aspect['title']} ({area['clause']}).",
                                  f"«{area['title']}» does not mention: {aspect['title']} ({area['clause']})."),
                    suggestion=ctx.t(f"Bổ sung đánh giá về {aspect['title']}.",
                                     f"Add an assessment of {aspect['title']}."))

