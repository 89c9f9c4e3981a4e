"""Hạn chế, khó khăn nêu chung chung: không có số lượng, không có địa chỉ cụ thể.

A limitation or difficulty stated vaguely, with no figure, named unit or place.

Ghi chú của Đề cương: "Khi nêu hạn chế phải xác định rõ đối tượng, nội dung, số lượng,
địa chỉ cụ thể; không nêu chung chung". Trong các mục hạn chế, khuyết điểm, khó khăn,
vướng mắc (và các gạch đầu dòng "- Khó khăn: …"), mỗi đoạn hoặc gạch đầu dòng dựa vào
cách nói chung chung ("một số", "một bộ phận", "có lúc", "còn hạn chế", "chưa cao",
"chưa đồng bộ"… — danh sách ``vocabularies.vague_quantifiers`` của bộ quy tắc) mà cả đoạn
không có con số (không tính "02 cấp", ngày tháng) và không có địa danh, cơ quan, đơn vị
cụ thể thì bị nhắc; thông báo nói rõ thiếu yếu tố nào trong bốn yếu tố. Khó khăn kể trong
phần đặc điểm tình hình (``vocabularies.context_sections``: "Thuận lợi, khó khăn" của phần I)
chỉ ở mức lưu ý. Số liệu nằm ở câu
sau trong cùng đoạn vẫn được tính. Phần "Nguyên nhân" không phải là hạn chế. Câu "Tuy
nhiên, … còn …" ở các mục khác cũng được xét, ở mức lưu ý. Tên riêng (các từ viết hoa liền
nhau không đứng đầu câu) được tính là địa chỉ cụ thể; với câu rất ngắn, từ loại do underthesea
gán cho biết câu có nêu đối tượng hay không (chỉ những câu đó mới cần đến bộ gán từ loại).
Một cụm chung chung có thể mang thông báo riêng trong từ vựng:
``{phrase: "chưa quyết liệt", message: "…", suggestion: "…"}``.

Ví dụ sai (FAIL)::

    III. ĐÁNH GIÁ CHUNG
    2. Hạn chế, khuyết điểm, nguyên nhân
    - Một bộ phận cán bộ, công chức còn lúng túng trong tiếp cận mô hình tổ chức mới.
    - Công tác phối hợp giữa một số cơ quan, đơn vị có lúc chưa chặt chẽ.

Ví dụ đúng (PASS)::

    III. ĐÁNH GIÁ CHUNG
    2. Hạn chế, khuyết điểm, nguyên nhân
    - Còn thiếu 18/51 biên chế tại Phòng Kinh tế; 02 công chức địa chính phải kiêm nhiệm.
    - Một số hồ sơ đất đai giải quyết chậm. Cụ thể: 12 hồ sơ tại thôn Tân Nam quá hạn từ 5 đến 10 ngày.
    * Nguyên nhân: một số quy định còn chưa đồng bộ.
"""

from __future__ import annotations

import sys

from ..facts.statements import ELEMENTS, element_in
from ..facts.text import sentences
from ..matching import Phrase, leads_with, phrases
from ..normalize import fold
from .base import Context

ID = "generic_limitation"
CATEGORY = "generic_limitation"
SEVERITY = "warning"
SUMMARY = {"vi": "Hạn chế, khó khăn nêu chung chung (thiếu số lượng, địa chỉ cụ thể)",
           "en": "Limitation or difficulty stated vaguely (no figure, no concrete place or body)"}
RULE = sys.modules[__name__]

# the elements that make a limitation concrete: any one of them will do
_CONCRETE = ("quantity", "address")


def _scoped_blocks(doc, ctx):
    """Blocks stating limitations: inside limitation sections (causes excluded), and lead-in items."""
    req = ctx.ruleset.requirement("limitations")
    scope = phrases(req.sections or ctx.ruleset.words("limitation_sections"))
    exclude = phrases(ctx.ruleset.vocab("limitation_exclude_sections"))

    def about_limits(key: str) -> bool:
        """A title about limitations, not about their causes: "Hạn chế, nguyên nhân" yes,
        "Nguyên nhân của khó khăn, vướng mắc" no."""
        first_scope = min((m.start() for p in scope if (m := p.pattern.search(key))), default=None)
        if first_scope is None:
            return False
        first_excl = min((m.start() for p in exclude if (m := p.pattern.search(key))), default=None)
        return first_excl is None or first_scope < first_excl

    context = phrases(ctx.ruleset.vocab("context_sections"))
    however = _however(ctx)

    def in_context(block) -> bool:
        """Difficulties told as part of the situation (part I, "Thuận lợi, khó khăn") are notes."""
        return any(any(p.matches(s.norm_title) for p in context) for s in (block.section.path() if block.section else []))

    spans = [sec for sec in doc.sections() if sec.is_heading and about_limits(sec.norm_title)]
    inside = set()
    for sec in spans:
        for i in range(sec.block_index + 1, sec.end_index):
            owner = doc.blocks[i].section
            # the "Nguyên nhân" sub-sections of a limitation section are causes
            if owner is not None and owner is not sec and not about_limits(owner.norm_title) \
                    and any(p.matches(owner.norm_title) for p in exclude):
                continue
            inside.add(i)
    out = []
    in_causes = False
    for b in doc.blocks:
        if b.is_heading:
            in_causes = False     # a "Nguyên nhân:" lead covers the items after it, up to the next heading
        if b.zone != "body" or (b.kind not in ("paragraph", "list_item") and b.text_at is None):
            continue      # (a heading that carries its text, "a) Về năng lực: một số …", is read too)
        lead = fold(b.lead or "")
        if b.lead and any(p.matches(lead) for p in exclude):
            in_causes = True
        elif b.lead or b.is_heading:
            in_causes = False
        if b.index in inside and not in_causes:
            out.append((b, "context" if in_context(b) else "section"))
        elif b.lead and about_limits(lead):
            out.append((b, "context" if in_context(b) else "lead"))
        elif any(however(b.key[a:z]) for a, z in sentences(b.text)):
            out.append((b, "however"))
    return out


def _however(ctx):
    """A sentence that turns from results to what is still lacking: "Tuy nhiên, … còn …"."""
    openers = ctx.ruleset.phrases("contrast_openers")
    still = ctx.ruleset.phrases("still_markers", strict=True)

    def test(key: str) -> bool:
        lead = key.lstrip(" -+*•–(")
        return any(p.pattern.match(lead) for p in openers) and any(p.pattern.search(lead) for p in still)
    return test


def _vague(ctx):
    """Vague wordings: phrases, and spaCy token patterns (``{pattern: […], message: …}``)."""
    out, patterns = [], []
    for entry in ctx.ruleset.vocab("vague_quantifiers"):
        if isinstance(entry, dict) and "pattern" in entry:
            patterns.append(entry)
        elif isinstance(entry, dict):
            out.append((Phrase(entry["phrase"], strict=True), entry))
        else:
            out.append((Phrase(entry, strict=True), None))
    if patterns:
        from ..facts.tokens import TokenMatcher   # spaCy: only when the vocabulary has token patterns
        matcher = ctx.facts.memo("vague_patterns", lambda: TokenMatcher(patterns))
        out.append((matcher, None))
    return out


def _search(facts, block, matcher, a, b):
    """The first vague wording in text[a:b]: (start, end, entry) or None."""
    if isinstance(matcher, Phrase):
        m = matcher.pattern.search(block.key[a:b])
        return (a + m.start(), a + m.end(), None) if m else None
    found = matcher.find(facts, block, a, b)
    return found[0] if found else None


def _addressed(facts, block, vague_end: int) -> bool:
    """A named place or body in the paragraph, other than the kind of body the vague words quantify
    ("một số Ban Công tác Mặt trận ở khu dân cư": some committees, none named)."""
    text = block.text
    found = element_in(facts, "address", block)
    if not found:
        return False
    at = text.find(found, vague_end)
    if at < 0 or at - vague_end > 2:
        return True
    return bool(element_in(facts, "address", block, 0, vague_end) or
                element_in(facts, "address", block, at + len(found)))


def check(doc, ctx: Context):
    facts = ctx.facts
    vague = _vague(ctx)
    however = _however(ctx)
    req = ctx.ruleset.requirement("limitations")
    # "Nguyên nhân khách quan là …": a sentence that gives causes (or solutions, lessons) is not a limitation
    not_limits = phrases(ctx.ruleset.vocab("limitation_exclude_sections"))
    for block, why in _scoped_blocks(doc, ctx):
        text = block.text
        hit = None
        for a, b in sentences(text):
            key = block.key[a:b]
            if why == "however" and not however(key):
                continue
            if leads_with(not_limits, key.lstrip(" -+*•–\t")):
                continue
            # the earliest wording, the longest of those that start there
            found = [(m[0], -m[1], i, m[2] if m[2] is not None else entry)
                     for i, (p, entry) in enumerate(vague) if (m := _search(facts, block, p, a, b))]
            if found:
                start, neg_end, _, entry = min(found, key=lambda x: x[:3])
                hit = (a, b, start, -neg_end, entry)
            if hit:
                break
        if hit is None:
            continue
        # a figure or a named place or body anywhere in the paragraph makes it concrete
        if element_in(facts, "quantity", block) or _addressed(facts, block, hit[3]):
            continue
        a, b, ms, me, entry = hit
        sentence = text[a:b]
        missing = list(_CONCRETE)
        if len(sentence.split()) <= 8:
            # a short statement may not even say what it is about: the POS tagger tells (loaded only here)
            if not element_in(facts, "object", block, a, b):
                missing.insert(0, "object")
            if len(sentence.split()) <= 6:
                missing.insert(0 if "object" not in missing else 1, "content")
        vi = ", ".join(ELEMENTS[m][0] for m in missing)
        en = ", ".join(ELEMENTS[m][1] for m in missing)
        word = text[ms:me]
        message = ctx.t(f"Hạn chế nêu chung chung («{word}»): chưa rõ {vi}.",
                        f"Limitation stated vaguely («{word}»): no {en}.")
        suggestion = ctx.t("Nêu rõ đối tượng, nội dung, số lượng và địa chỉ cụ thể (bao nhiêu, ở đâu, "
                           "đơn vị nào), ví dụ: «thiếu 18/51 biên chế tại Phòng Kinh tế».",
                           "State who or what, what exactly, how many and where (which unit or place), "
                           "e.g. «18 of 51 posts vacant in the Economic Office».")
        if entry is not None:
            message = ctx.t(entry.get("message") or message, entry.get("message_en") or entry.get("message") or message)
            suggestion = ctx.t(entry.get("suggestion") or suggestion,
                               entry.get("suggestion_en") or entry.get("suggestion") or suggestion)
        yield ctx.finding(RULE, block, evidence=word, offset=ms, clause=req.clause,
                          code="vague" if why in ("section", "lead") else f"vague.{why}",
                          severity="info" if why in ("however", "context") else None, message=message, suggestion=suggestion)
