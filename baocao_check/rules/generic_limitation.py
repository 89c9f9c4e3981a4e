"""Hạn chế, khó khăn nêu chung chung: không có số lượng, không có địa chỉ cụ thể.

A limitation or difficulty stated vaguely, with no figure, named unit or place.

Ghi chú của Đề cương: "Khi nêu hạn chế phải xác định rõ đối tượng, nội dung, số lượng,
địa chỉ cụ thể; không nêu chung chung". Trong các mục hạn chế, khuyết điểm, khó khăn,
vướng mắc (và các gạch đầu dòng "- Khó khăn: …"), mỗi đoạn hoặc gạch đầu dòng dựa vào
cách nói chung chung ("một số", "một bộ phận", "có lúc", "còn hạn chế", "chưa cao",
"chưa đồng bộ"… — danh sách ``vocabularies.vague_quantifiers`` của bộ quy tắc) mà cả đoạn
không có con số (không tính "02 cấp", ngày tháng) và không có địa danh, cơ quan, đơn vị
cụ thể thì bị nhắc; thông báo nói rõ thiếu yếu tố nào trong bốn yếu tố. Số liệu nằm ở câu
sau trong cùng đoạn vẫn được tính. Phần "Nguyên nhân" không phải là hạn chế. Câu "Tuy
nhiên, … còn …" ở các mục khác cũng được xét, ở mức lưu ý. Tên riêng (các từ viết hoa liền
nhau không đứng đầu câu) được tính là địa chỉ cụ thể; với câu rất ngắn, từ loại do underthesea
gán cho biết câu có nêu đối tượng hay không (chỉ những câu đó mới cần đến bộ gán từ loại).

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

import re
import sys

from ..clauses import has_noun, places_and_bodies, proper_nouns, quantities, sentences
from ..matching import Phrase, phrases
from ..normalize import fold
from .base import Context

ID = "generic_limitation"
CATEGORY = "generic_limitation"
SEVERITY = "warning"
SUMMARY = {"vi": "Hạn chế, khó khăn nêu chung chung (thiếu số lượng, địa chỉ cụ thể)",
           "en": "Limitation or difficulty stated vaguely (no figure, no concrete place or body)"}
RULE = sys.modules[__name__]

# written folded (lower case, one tone placement), not passed through fold(): that would lower \W to \w
_HOWEVER_RE = re.compile(r"^\W*tuy nhiên\b.*\bcòn\b")
_ELEMENTS = {"object": ("đối tượng", "object"), "content": ("nội dung", "content"),
             "quantity": ("số lượng", "quantity"), "address": ("địa chỉ cụ thể", "concrete place or body")}


def _scoped_blocks(doc, ctx):
    """Blocks stating limitations: inside limitation sections (causes excluded), and lead-in items."""
    req = (ctx.ruleset.get("requirements") or {}).get("limitations") or {}
    scope = phrases(req.get("sections") or ["hạn chế", "khó khăn", "vướng mắc"])
    vocab = ctx.ruleset.get("vocabularies") or {}
    exclude = phrases(vocab.get("limitation_exclude_sections") or ["nguyên nhân"])
    def about_limits(key: str) -> bool:
        """A title about limitations, not about their causes: "Hạn chế, nguyên nhân" yes,
        "Nguyên nhân của khó khăn, vướng mắc" no."""
        first_scope = min((m.start() for p in scope if (m := p.pattern.search(key))), default=None)
        if first_scope is None:
            return False
        first_excl = min((m.start() for p in exclude if (m := p.pattern.search(key))), default=None)
        return first_excl is None or first_scope < first_excl

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
        if b.zone != "body" or b.kind not in ("paragraph", "list_item"):
            continue
        lead = fold(b.lead or "")
        if b.lead and any(p.matches(lead) for p in exclude):
            in_causes = True
        elif b.lead or b.is_heading:
            in_causes = False
        if b.index in inside and not in_causes:
            out.append((b, "section"))
        elif b.lead and about_limits(lead):
            out.append((b, "lead"))
        elif _HOWEVER_RE.match(b.key):
            out.append((b, "however"))
    return out


def check(doc, ctx: Context):
    vocab = ctx.ruleset.get("vocabularies") or {}
    vague = [Phrase(v, strict=True) for v in vocab.get("vague_quantifiers", [])]
    clause = ((ctx.ruleset.get("requirements") or {}).get("limitations") or {}).get("clause")
    for block, why in _scoped_blocks(doc, ctx):
        text = block.text
        values = ctx.values(block)
        hit = None
        for a, b in sentences(text):
            key = block.key[a:b]
            if why == "however" and not _HOWEVER_RE.match(key):
                continue
            for p in vague:
                m = p.pattern.search(key)
                if m:
                    hit = (a, b, a + m.start(), a + m.end())
                    break
            if hit:
                break
        if hit is None:
            continue
        if quantities(text, values) or places_and_bodies(text):
            continue
        if proper_nouns(text):
            continue
        a, b, ms, me = hit
        sentence = text[a:b]
        missing = ["quantity", "address"]
        if len(sentence.split()) <= 8:
            # a short statement may not even say what it is about: the POS tagger tells (loaded only here)
            if not has_noun(sentence):
                missing.insert(0, "object")
            if len(sentence.split()) <= 6:
                missing.insert(0 if "object" not in missing else 1, "content")
        vi = ", ".join(_ELEMENTS[m][0] for m in missing)
        en = ", ".join(_ELEMENTS[m][1] for m in missing)
        word = text[ms:me]
        yield ctx.finding(
            RULE, block, evidence=word, offset=ms, clause=clause, severity="info" if why == "however" else None,
            message=ctx.t(f"Hạn chế nêu chung chung («{word}»): chưa rõ {vi}.",
                          f"Limitation stated vaguely («{word}»): no {en}."),
            suggestion=ctx.t("Nêu rõ đối tượng, nội dung, số lượng và địa chỉ cụ thể (bao nhiêu, ở đâu, "
                             "đơn vị nào), ví dụ: «thiếu 18/51 biên chế tại Phòng Kinh tế».",
                             "State who or what, what exactly, how many and where (which unit or place), "
                             "e.g. «18 of 51 posts vacant in the Economic Office»."))
