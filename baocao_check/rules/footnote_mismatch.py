"""Chú thích không khớp: số chú thích không có lời chú thích, lời chú thích không có số, nhảy số, trùng số.

Footnote markers without a footnote text, texts without a marker, gaps and repeats.

Trong văn bản xuất từ Word, chú thích là chữ số nhỏ (¹ ²³) trong câu và lời chú
thích đứng giữa các đoạn. Mỗi số phải có lời chú thích và ngược lại; các chú
thích đánh số liên tiếp từ 1, không trùng. "km²", "m³" là đơn vị, không phải chú
thích. Trong tệp Word, chú thích thật (footnotes) luôn khớp; quy tắc vẫn kiểm tra
các chữ số nhỏ gõ tay.

Ví dụ sai (FAIL)::

    I. ĐẶC ĐIỂM TÌNH HÌNH
    Diện tích 24,16 km², có 03 cơ quan tham mưu¹ và 9 đơn vị sự nghiệp².
    ¹ Ban Xây dựng Đảng; Ủy ban Kiểm tra; Văn phòng Đảng ủy.
    ³ Trung tâm Dịch vụ công; Trạm Y tế.

Ví dụ đúng (PASS)::

    I. ĐẶC ĐIỂM TÌNH HÌNH
    Diện tích 24,16 km², có 03 cơ quan tham mưu¹ và 9 đơn vị sự nghiệp².
    ¹ Ban Xây dựng Đảng; Ủy ban Kiểm tra; Văn phòng Đảng ủy.
    ² Trung tâm Dịch vụ công; Trạm Y tế.
"""

from __future__ import annotations

import re
import sys
from collections import Counter

from .base import Context

ID = "footnote_mismatch"
CATEGORY = "footnote_mismatch"
SEVERITY = "warning"
SUMMARY = {"vi": "Chú thích không khớp: thiếu lời, thiếu số, nhảy số, trùng số",
           "en": "Footnote markers and texts do not match: missing, skipped or repeated"}
RULE = sys.modules[__name__]


_LEFT_MARKER_RE = re.compile(r"\[\^(\w{1,4})\]")
_NOTE_MARK_RE = re.compile(r"^\s*(?:\[\^\w+\]:?|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\(?\d{1,3}\)?[.:]?)?[\s.:;,\-–]*")


def check(doc, ctx: Context):
    notes = [b for b in doc.blocks if b.kind == "footnote" and b.footnote_number is not None]
    refs = doc.footnote_refs
    if doc.format != "markdown":
        # "… định kỳ 10 buổi[^5]": a Markdown footnote mark a converter left as text in a Word or text draft
        for b in doc.blocks:
            if b.kind == "footnote" or b.zone not in ("body", "annex"):
                continue
            for m in _LEFT_MARKER_RE.finditer(b.text):
                yield ctx.finding(RULE, b, evidence=m.group(0), offset=m.start(), code="marker_left_as_text",
                                  message=ctx.t(f"Dấu chú thích «{m.group(0)}» còn nằm trong chữ, không có lời chú thích.",
                                                f"The footnote mark «{m.group(0)}» is left in the text, with no footnote."),
                                  suggestion=ctx.t("Chèn chú thích thật (Tham chiếu > Chèn chú thích) hoặc bỏ dấu này.",
                                                   "Insert a real footnote or remove the mark."))
    if not notes and not refs:
        return
    # a footnote with nothing in it
    first_ref = {}
    for r in refs:
        first_ref.setdefault(r.number, r)
    for b in notes:
        if _NOTE_MARK_RE.sub("", b.text, count=1).strip(" \t\n\\"):     # "[^2]: \\" (a line break only) is empty
            continue
        r = first_ref.get(b.footnote_number)
        at, offset = (doc.blocks[r.block_index], r.offset) if r is not None else (b, None)
        yield ctx.finding(RULE, at, evidence=r.marker if r is not None else "", offset=offset, code="empty_text",
                          message=ctx.t(f"Lời chú thích số {b.footnote_number} để trống.",
                                        f"Footnote {b.footnote_number} has no text."),
                          suggestion=ctx.t(f"Ghi nội dung chú thích số {b.footnote_number} hoặc bỏ chú thích.",
                                           f"Write footnote {b.footnote_number} or remove it."))
    note_numbers = Counter(b.footnote_number for b in notes)
    ref_numbers = {r.number for r in refs}
    # repeated footnote texts
    for number, count in sorted(note_numbers.items()):
        if count > 1:
            dup = [b for b in notes if b.footnote_number == number][1]
            marker = dup.text.split()[0] if dup.text.split() else str(number)
            yield ctx.finding(RULE, dup, evidence=marker, code="repeated",
                              message=ctx.t(f"Chú thích số {number} bị trùng ({count} lời chú thích cùng số).",
                                            f"Footnote {number} is repeated ({count} texts with this number)."),
                              suggestion=ctx.t("Đánh lại số chú thích cho liên tiếp, không trùng.",
                                               "Renumber the footnotes in sequence, without repeats."))
    orphan_refs = [r for r in refs if r.number not in note_numbers]
    orphan_notes = [b for b in notes if b.footnote_number not in ref_numbers]
    # one marker without text and one text without marker, side by side: one misnumbering, one finding
    paired = {}
    if orphan_refs and len({r.number for r in orphan_refs}) == len(orphan_notes):
        by_number = sorted({r.number for r in orphan_refs})
        pairs = list(zip(by_number, orphan_notes))
        if all(abs(n - b.footnote_number) <= 2 for n, b in pairs):
            paired = {n: b for n, b in pairs}
    for number, b in paired.items():
        r = next(x for x in orphan_refs if x.number == number)
        where = doc.place_text(doc.blocks[r.block_index], ctx.lang, r.offset)
        excerpt = _opening(b.text)
        yield ctx.finding(RULE, b, evidence=excerpt, code="misnumbered",
                          message=ctx.t(f"Lời chú thích số {b.footnote_number} không có số chú thích nào trỏ tới, còn số "
                                        f"chú thích {number} («{r.marker}»{', ' + where if where else ''}) không có lời "
                                        f"chú thích: có thể đánh số nhầm.",
                                        f"Footnote text {b.footnote_number} has no marker pointing to it, and marker "
                                        f"{number} («{r.marker}»{', ' + where if where else ''}) has no text: probably "
                                        f"misnumbered."),
                          suggestion=ctx.t(f"Sửa số chú thích «{r.marker}» hoặc số của lời chú thích cho khớp nhau.",
                                           f"Make the marker «{r.marker}» and the footnote's number agree."))
    # markers with no text
    for r in orphan_refs:
        if r.number in paired:
            continue
        block = doc.blocks[r.block_index]
        yield ctx.finding(RULE, block, evidence=r.marker, offset=r.offset, code="marker_without_text",
                          message=ctx.t(f"Số chú thích {r.number} («{r.marker}») không có lời chú thích.",
                                        f"Footnote marker {r.number} («{r.marker}») has no footnote text."),
                          suggestion=ctx.t(f"Bổ sung lời chú thích số {r.number} hoặc bỏ số chú thích.",
                                           f"Add footnote text {r.number} or remove the marker."))
    # texts with no marker
    for b in orphan_notes:
        if b in paired.values():
            continue
        marker = b.text.split()[0] if not doc.real_footnotes and b.text.split() else str(b.footnote_number)
        yield ctx.finding(RULE, b, evidence=marker, code="text_without_marker",
                          message=ctx.t(f"Lời chú thích số {b.footnote_number} không có số chú thích nào trỏ tới.",
                                        f"Footnote text {b.footnote_number} has no marker pointing to it."),
                          suggestion=ctx.t("Đặt số chú thích vào đúng chỗ trong câu hoặc bỏ lời chú thích thừa.",
                                           "Put the marker in the sentence it explains, or remove the text."))
    # "tổ chức 06 hội nghị¹" whose footnote lists five: the count and its footnote disagree
    from .arithmetic_total import footnote_enumerations
    yield from footnote_enumerations(doc, ctx, RULE)
    # gaps in the numbering of the texts
    numbers = sorted(note_numbers)
    if numbers and numbers[-1] <= 999:
        expected = set(range(1, numbers[-1] + 1))
        missing = sorted(expected - set(numbers) - ref_numbers)
        if missing:
            after = next((b for b in notes if b.footnote_number > missing[0]), notes[-1])
            listed = ", ".join(map(str, missing))
            yield ctx.finding(RULE, after, evidence=after.text.split()[0] if after.text.split() else "", code="gap",
                              message=ctx.t(f"Chú thích nhảy số: không có chú thích số {listed}.",
                                            f"Footnote numbering skips: no footnote {listed}."),
                              suggestion=ctx.t("Đánh lại số chú thích cho liên tiếp.", "Renumber the footnotes in sequence."))
    # markers out of order (a later number used before an earlier one first appears)
    first_seen: dict[int, int] = {}
    for r in refs:
        first_seen.setdefault(r.number, len(first_seen))
    order = sorted(first_seen, key=first_seen.get)
    for prev, cur in zip(order, order[1:]):
        if cur < prev and cur in note_numbers and prev in note_numbers:
            r = next(x for x in refs if x.number == cur)
            yield ctx.finding(RULE, doc.blocks[r.block_index], evidence=r.marker, offset=r.offset, severity="info", code="order",
                              message=ctx.t(f"Chú thích số {cur} xuất hiện sau chú thích số {prev}: sai thứ tự.",
                                            f"Footnote {cur} appears after footnote {prev}: out of order."),
                              suggestion=ctx.t("Đánh số chú thích theo thứ tự xuất hiện.",
                                               "Number the footnotes in order of appearance."))


def _opening(text: str, words: int = 10) -> str:
    """The first words of a footnote's text, without its marker: what a reviewer recognises it by."""
    parts = text.split()
    if parts and not any(c.isalpha() for c in parts[0]):
        parts = parts[1:]
    return " ".join(parts[:words])
