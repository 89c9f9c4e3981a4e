"""Cùng một chỉ tiêu nêu hai số liệu khác nhau trong thân báo cáo.

The same metric stated twice in the body with two different values.

Một câu mở đầu bằng tên chỉ tiêu rồi đến số liệu ("Số lượng hồ sơ đang giải quyết: 5") là một
số liệu có nhãn. Hai số liệu có nhãn cùng chỉ tiêu (cùng các từ nội dung, cùng đơn vị tính nếu
có), cùng kỳ (câu nêu cùng mốc thời gian, hoặc cả hai không nêu), dưới cùng một lời dẫn (đề mục hoặc
đoạn kết thúc bằng dấu hai chấm gần nhất: "+ Số hồ sơ tiếp nhận: 120" dưới hai lời dẫn là hai chỉ
tiêu) mà khác giá trị là mâu thuẫn:
người đọc không biết số nào đúng. Phát hiện đặt ở lần nêu sau, nhắc lần nêu trước. Số liệu trong
ngoặc, trong bảng, chú thích, hoặc sau tên một đơn vị trong cùng mệnh đề ("xã A: 5; xã B: 6")
không thuộc quy tắc này.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ
    + Số lượng hồ sơ đang giải quyết 6, đã giải quyết 1.371 hồ sơ.
    + Số lượng hồ sơ đang giải quyết: 5 chiếm tỷ lệ 0,36%.

Ví dụ đúng (PASS)::

    I. KẾT QUẢ
    + Số lượng hồ sơ đang giải quyết 5, đã giải quyết 1.371 hồ sơ.
    + Số lượng hồ sơ đang giải quyết: 5 chiếm tỷ lệ 0,36%.
"""

from __future__ import annotations

import re
import sys

from ..facts.figures import figures_of, plain_text
from ..facts.tables import phrase_re
from ..normalize import fold
from .base import Context

ID = "figure_conflict"
CATEGORY = "other"
SEVERITY = "warning"
SUMMARY = {"vi": "Cùng một chỉ tiêu nêu hai số liệu khác nhau",
           "en": "The same metric stated twice with different values"}
RULE = sys.modules[__name__]

_BULLET_RE = re.compile(r"^[\s+\-*•]+")
MIN_WORDS = 3      # "hồ sơ đang giải quyết": a metric, not a bare noun ("số xã")


def _labelled(facts):
    """Figures whose sentence opens with their subject: the sentence names the metric, then gives it."""
    for fig in figures_of(facts):
        if fig.in_parens or len(fig.subject_words) < MIN_WORDS:
            continue
        text = plain_text(fig.block)
        if _BULLET_RE.sub("", text[fig.sentence[0]:fig.clause_start]).strip():
            continue
        yield fig


def _unit_facts(ctx):
    """Figures of a fact of the whole unit ("dân số 21.460 người", "dân số toàn xã 21.640 người";
    ``vocabularies.unit_facts``), wherever its clause states it; a part ("dân số thôn Đông") is not."""
    facts = [fold(w) for w in ctx.ruleset.vocab("unit_facts")]
    if not facts:
        return
    total_re = phrase_re("total_words")
    for fig in figures_of(ctx.facts):
        if fig.in_parens:
            continue
        said = " ".join(total_re.sub(" ", fig.subject).split()).strip(" :,")
        said = phrase_re("predicate_words", at_end=True).sub("", said).strip()
        if said in facts:
            yield said, fig


def _rates(ctx):
    """Rates of the whole unit named in full ("tỷ lệ hồ sơ trực tuyến toàn trình đạt 72,5%": a clause
    opening with a word of ``tables.percentage_headers``, five words at least before the rate): one value
    wherever a clause states it in the same years, as a fact of the unit."""
    opens = phrase_re("percentage_headers", anchored=True)
    links = phrase_re("rate_links", at_end=True)
    for block in ctx.text_blocks():
        text = block.text
        for n in ctx.values(block).numbers:
            if n.kind != "percent":
                continue
            start = max(text.rfind(c, 0, n.start) for c in ",;:.(") + 1
            said = links.sub("", fold(text[start:n.start])).strip()
            if "(" in text[start - 1:start] or not opens.match(said) or len(said.split()) < 6:
                continue
            sentence = text[max(text.rfind(". ", 0, n.start), 0):text.find(". ", n.end) % (len(text) + 1)]
            years = tuple(sorted(set(re.findall(r"(?<!\d)20\d\d(?!\d)", sentence))))
            yield (said, years), _Rate(block, n, text[start:n.end].strip())


class _Rate:
    """A rate stated as a fact of the unit: where, its number, and the words that state it."""
    def __init__(self, block, number, said):
        self.block, self.number, self.said = block, number, said


def _scope(doc, block):
    """What a statement is about beyond its own words: the nearest lead-in before it (a heading or
    a paragraph ending with ":")."""
    for i in range(block.index - 1, -1, -1):
        b = doc.blocks[i]
        if b.is_heading or b.kind == "heading" or (b.kind != "footnote" and b.text.rstrip().endswith(":")):
            return i
    return -1


def check(doc, ctx: Context):
    first: dict = {}
    found = [(" ".join(fig.subject_words), _scope(doc, fig.block), fig) for fig in _labelled(ctx.facts)]
    seen = {id(f) for _, _, f in found}
    found += [(k, None, f) for k, f in _unit_facts(ctx) if id(f) not in seen]   # a fact of the whole unit

    found.sort(key=lambda kf: (kf[2].block.index, kf[2].number.start))
    yield from _rate_conflicts(doc, ctx)
    for metric_key, scope, fig in found:
        # an item's own lead-in is its scope too ("- Giám sát … xây dựng (tháng 10/2025): đưa ra 19 kiến
        # nghị; UBND xã đã thực hiện 16 kiến nghị." and the next item's 06 of another supervision)
        lead = fold(fig.block.lead) if scope is not None and fig.block.lead and fig.number.start > len(fig.block.lead) \
            else None     # (a fact of the whole unit, "dân số", has one value wherever it is said)
        key = (metric_key, fig.period, scope, lead)
        seen = first.get(key)
        if seen is None:
            first[key] = fig
            continue
        if seen.unit and fig.unit and seen.unit != fig.unit:
            continue
        if seen.number.value == fig.number.value or seen.block is fig.block:
            continue
        metric = metric_key
        text = plain_text(fig.block)
        start = fig.clause_start + len(text[fig.clause_start:fig.number.start]) - len(
            _BULLET_RE.sub("", text[fig.clause_start:fig.number.start]))
        where = {lang: doc.place_text(seen.block, lang, seen.number.start) for lang in ("vi", "en")}
        yield ctx.finding(
            RULE, fig.block, evidence=text[start:fig.number.end], offset=start,
            message=ctx.t(f"Chỉ tiêu «{metric}» nêu hai số liệu khác nhau: {seen.text} ({where['vi']}) và {fig.text} ở đây.",
                          f"The metric «{metric}» is stated with two values: {seen.text} ({where['en']}) and {fig.text} here."),
            suggestion=ctx.t("Đối chiếu số liệu gốc, thống nhất một số liệu cho cả hai chỗ.",
                             "Check the source figures and state one value in both places."))


def _rate_conflicts(doc, ctx):
    """A rate of the unit stated again with another value ("… toàn trình đạt 72,5%" in the results,
    "… toàn trình đạt 75,2%" in the assessment): the later one is reported."""
    first: dict = {}
    for key, rate in _rates(ctx):
        seen = first.setdefault(key, rate)
        if seen is rate or seen.number.value == rate.number.value:
            continue
        where = {lang: doc.place_text(seen.block, lang, seen.number.start) for lang in ("vi", "en")}
        metric = key[0]
        yield ctx.finding(
            RULE, rate.block, evidence=rate.said, offset=rate.block.text.find(rate.said),
            message=ctx.t(f"Chỉ tiêu «{metric}» nêu hai số liệu khác nhau: {seen.number.text} ({where['vi']}) và "
                          f"{rate.number.text} ở đây.",
                          f"The metric «{metric}» is stated with two values: {seen.number.text} ({where['en']}) and "
                          f"{rate.number.text} here."),
            suggestion=ctx.t("Đối chiếu số liệu gốc, thống nhất một số liệu cho cả hai chỗ.",
                             "Check the source figures and state one value in both places."))
