"""Tỷ lệ phần trăm không khớp với phân số hoặc số lượng đứng cạnh, quá sai số làm tròn.

A percentage that does not follow from the fraction or the counts beside it, beyond rounding.

Hai dạng: phân số rồi tỷ lệ ("đã giải quyết 30/40 hồ sơ, đạt 80%") và số lượng là một
phần của tổng nêu trong cùng câu ("đã giải quyết 1.371 hồ sơ, trong đó trước hạn 1.290
hồ sơ, chiếm tỷ lệ 94,1%"); hoặc số đã xử lý trên số tiếp nhận cùng loại nêu trước nó trong
câu ("tiếp nhận 9.420 hồ sơ, giải quyết đúng hạn 9.315 hồ sơ, đạt 98,9%"; không so khi tỷ lệ
là so với kế hoạch, chỉ tiêu), hoặc tỷ lệ trong ngoặc ngay sau lời nêu đối tượng ("38/44 cán bộ,
công chức được cấp chữ ký số (86,4%)"). Tỷ lệ được làm tròn hoặc cắt theo số chữ số thập phân đã
viết: 51/59 = 86,44…% viết "86,4%" là đúng. Các tỷ lệ của những phần của cùng một
tổng cộng lại quá 100% cũng bị báo. Trong bảng, ô tổng của cột tỷ lệ là tỷ lệ chung (tổng
cột tử số trên tổng cột mẫu số, nhận ra từ các dòng), không phải tổng hay trung bình các tỷ lệ.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ
    Đã giải quyết 30/40 hồ sơ, đạt 80%.
    Đã giải quyết 1.371 hồ sơ, trong đó: trước hạn 1.290 hồ sơ, chiếm tỷ lệ 96,1%; đúng hạn 81 hồ sơ, chiếm tỷ lệ 5,9%.

Ví dụ đúng (PASS)::

    I. KẾT QUẢ
    Đã giải quyết 51/59 hồ sơ, đạt 86,4%; số hóa 1.370/1.371 hồ sơ, đạt 99,93%.
    Đã giải quyết 1.371 hồ sơ, trong đó: trước hạn 1.290 hồ sơ, chiếm tỷ lệ 94,1%; đúng hạn 81 hồ sơ, chiếm tỷ lệ 5,9%.
    Xếp hạng từ vị trí 117/124 lên vị trí 97/124, đạt 91,61 điểm; tỷ lệ hồ sơ trực tuyến đạt 91,1%.
"""

from __future__ import annotations

import re
from functools import lru_cache
import sys
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ..arithmetic import TRIGGER_RE, sentence_end, sentence_spans, sentence_start, trigger_matches, unit_after
from ..normalize import fold
from ..parsing.numbers import format_number
from .base import Context

ID = "arithmetic_percent"
CATEGORY = "arithmetic_percent"
SEVERITY = "error"
SUMMARY = {"vi": "Tỷ lệ phần trăm không khớp phân số hoặc số lượng bên cạnh",
           "en": "A percentage that does not follow from the fraction or counts beside it"}
RULE = sys.modules[__name__]

# between a fraction (or a count) and its percentage: words like "đạt", "chiếm tỷ lệ", "=", no other figure
_LINK_RE = re.compile(r"^[\s,:;(=]*(?:[^\W\d_]+(?:[\s,:]+|$)){0,6}$")   # a word ends at a separator: no backtracking
# "38/44 cán bộ, công chức được cấp chữ ký số cá nhân (86,4%)": the share in brackets right after the
# words that say what was counted
_PAREN_LINK_RE = re.compile(r"^[\s,:;=]*(?:[^\W\d_]+[\s,:]+){0,12}\(\s*$")


def agrees(true_pct: Decimal, written: Decimal, decimals: int) -> bool:
    """Written at ``decimals`` places: rounded, or cut (never rounded up: 2/8.260 = 0,024% is not
    "0,03%", the share a writer forces so that two rates make 100%)."""
    q = Decimal(1).scaleb(-decimals)
    return written in {true_pct.quantize(q, ROUND_HALF_UP), true_pct.quantize(q, ROUND_DOWN)} if decimals <= 4 else True


def check(doc, ctx: Context):
    for block in ctx.text_blocks():
        numbers = ctx.values(block).numbers
        text = block.text
        for i, n in enumerate(numbers):
            if n.kind != "percent":
                continue
            prev = numbers[i - 1] if i else None
            link = text[prev.end:n.start] if prev is not None else ""
            if prev is None or not (_LINK_RE.match(link) or _PAREN_LINK_RE.match(link) or _long_link_re().match(fold(link))) \
                    or re.search(r"[.;]\s", link):
                continue
            if prev.kind == "fraction" and prev.denominator:
                true = prev.value * 100 / prev.denominator
                # "03/8 thôn đạt đủ 10/10 tiêu chí (37,5%)": a whole fraction ("10/10") describes the things
                # counted by the fraction before it in the clause, whose rate this is
                earlier = [m for m in numbers[:i - 1] if m.kind == "fraction" and m.denominator
                           and not re.search(r"[.;,]", text[m.end:prev.start])]
                if prev.value == prev.denominator and earlier:
                    prev = earlier[-1]
                    true = prev.value * 100 / prev.denominator
                if not agrees(true, n.value, n.decimals):
                    yield _finding(ctx, block, prev.start, n.end, n, true,
                                   f"{prev.text} = {format_number(true, max(n.decimals, 1))}%")
            elif (target := _stated_target(text, numbers, i)) is not None:
                # "đạt 17,5 tỷ đồng, đạt 112,4% dự toán (dự toán 15,0 tỷ đồng)": the target is given
                true = prev.value * 100 / target.value
                if not agrees(true, n.value, n.decimals):
                    yield _finding(ctx, block, prev.start, n.end, n, true,
                                   f"{prev.text}/{target.text} = {format_number(true, max(n.decimals, 1))}%")
            elif prev.kind == "int":
                spans = sentence_spans(text, False)
                base = _base_of(text, numbers, i - 1, spans) or _same_unit_base(text, numbers, i - 1, n, spans) \
                    or _whole_of_pairs(text, numbers, i - 1, spans)
                if base is not None and base.value:
                    true = prev.value * 100 / base.value
                    if not agrees(true, n.value, n.decimals):
                        yield _finding(ctx, block, prev.start, n.end, n, true,
                                       f"{prev.text}/{base.text} = {format_number(true, max(n.decimals, 1))}%")
                elif (told := _told_before(ctx, block, numbers, i - 1, n, spans)) is not None:
                    base, where = told
                    true = prev.value * 100 / base.value
                    if not agrees(true, n.value, n.decimals):
                        unit = unit_after(where.text, base.end)
                        yield _finding(ctx, block, prev.start, n.end, n, true,
                                       f"{prev.text}/{base.text} {unit} = {format_number(true, max(n.decimals, 1))}%",
                                       severity="warning",
                                       whole=ctx.t(f" (tổng {base.text} {unit} nêu ở câu trước)",
                                                   f" (the whole, {base.text} {unit}, stated in the sentence before)"))
        yield from _shares_over_100(ctx, block, numbers)
    yield from _table_ratios(ctx)


def _table_ratios(ctx):
    """A ratio column's total row is the overall ratio (total of the numerator column over the
    total of the denominator column), not the sum or the mean of the rows' ratios."""
    from ..facts.tables import PERCENT, tables_of
    for model in tables_of(ctx.facts):
        name = f" {model.table.identifier}" if model.table.identifier else ""
        for col in model.columns:
            fit = model.ratio_misfits(col) if col.kind == PERCENT else None
            if fit is None:
                continue
            num, den, (row,) = fit
            a, b, decimals = row.values[num.index], row.values[den.index], row.decimals[col.index]
            cell = row.cells[col.index].strip()
            comp = f"{format_number(a, row.decimals[num.index])}/{format_number(b, row.decimals[den.index])} = " \
                   f"{format_number(a * 100 / b, max(decimals, 1))}%"
            yield ctx.finding(RULE, model.block, evidence=cell, offset=model.offset_of(row, col), code="table_row",
                              message=ctx.t(f"Dòng «{row.label}» của bảng{name}, cột «{col.header}»: ghi {cell} nhưng "
                                            f"«{num.header}»/«{den.header}» là {comp} (các dòng khác đều tính như vậy).",
                                            f"Row «{row.label}» of the table{name}, column «{col.header}»: {cell} but "
                                            f"«{num.header}»/«{den.header}» is {comp} (as every other row computes it)."),
                              suggestion=ctx.t(f"Sửa tỷ lệ thành {format_number(a * 100 / b, decimals)}% hoặc kiểm tra lại số liệu của dòng.",
                                               f"Write {format_number(a * 100 / b, decimals)}% or check the row's figures."))
        for check in model.total_checks():
            if check.kind != "ratio" or check.agrees:
                continue
            row, col = check.row, check.column
            num, den = model._ratio_of(col)
            cell = row.cells[col.index].strip()
            a, b = row.values[num.index], row.values[den.index]
            name = f" {model.table.identifier}" if model.table.identifier else ""
            decimals = row.decimals[col.index]
            comp = f"{format_number(a, row.decimals[num.index])}/{format_number(b, row.decimals[den.index])} = " \
                   f"{format_number(a * 100 / b, max(decimals, 1))}%"
            yield ctx.finding(RULE, model.block, evidence=cell, offset=model.offset_of(row, col),
                              message=ctx.t(f"Dòng «{row.label}» của bảng{name}, cột «{col.header}»: ghi {cell} nhưng tỷ lệ "
                                            f"chung là «{num.header}»/«{den.header}»: {comp}.",
                                            f"Row «{row.label}» of the table{name}, column «{col.header}»: {cell} but the "
                                            f"overall ratio is «{num.header}»/«{den.header}»: {comp}."),
                              suggestion=ctx.t(f"Sửa tỷ lệ thành {format_number(a * 100 / b, decimals)}% (tỷ lệ chung, "
                                               "không cộng các tỷ lệ của từng dòng).",
                                               f"Write {format_number(a * 100 / b, decimals)}% (the overall ratio, not the "
                                               "sum of the rows' ratios)."))


def _base_of(text, numbers, idx, spans=None):
    """The total a count is part of: the count right before "trong đó" in the same sentence, and
    in the same clause ("…, trong đó trực tuyến 4.083 hồ sơ; đã giải quyết 4.815 hồ sơ, đúng hạn
    4.796 hồ sơ (99,6%)": after the ";" the share is of 4.815, not of the total before "trong đó")."""
    count = numbers[idx]
    start = max(sentence_start(text, count.start, spans), text.rfind(";", 0, count.start) + 1)
    window = text[start:count.start]
    m = None
    for m in TRIGGER_RE.finditer(window):
        pass
    if m is None or not m.group("trig").lower().startswith("trong"):
        return None
    trig_at = start + m.start()
    before = [x for x in numbers if x.end <= trig_at and x.kind == "int" and x.start >= start]
    if not before or re.search(r"\d", text[before[-1].end:trig_at]):
        return None
    return before[-1]


def _rate_nouns() -> str:
    """"tỷ lệ", "tỉ lệ" (the lexicon's ``tables.percentage_headers``) after a rate link: "chiếm tỷ lệ 5,9%"."""
    from ..facts.tables import words
    nouns = [w for w in words().get("percentage_headers", ()) if w[:1].isalpha()]
    return "|".join(re.escape(w) for w in sorted(nouns, key=len, reverse=True)) or r"(?!x)x"


# written folded, not passed through fold(): that would lower \W to \w
@lru_cache(maxsize=1)
def _rate_link_re():
    """"đạt", "chiếm", "tương ứng" (the lexicon's ``tables.rate_links``), or "=", between a count and its share."""
    from ..facts.tables import words
    alts = "|".join(re.escape(w) for w in sorted(words().get("rate_links", ()), key=len, reverse=True)) or r"(?!x)x"
    return re.compile(rf"^\W*(?:{alts}|=)(?:\s+(?:{_rate_nouns()}))?\W*$")


@lru_cache(maxsize=1)
def _long_link_re():
    """"42/48 người được xếp loại hoàn thành tốt nhiệm vụ trở lên, đạt 90,5%": the words saying what
    was counted, then a rate link (``tables.rate_links``) right before the share."""
    from ..facts.tables import words
    alts = "|".join(re.escape(w) for w in sorted(words().get("rate_links", ()), key=len, reverse=True)) or r"(?!x)x"
    return re.compile(rf"^[\s,:]*(?:[^\W\d_]+[\s,:]+){{0,24}}(?:{alts})(?:\s+(?:{_rate_nouns()}))?[\s:]*$")


def _target_after_re():
    """A share of a target, not of the count before it ("đạt 95% kế hoạch"): ``tables.target_words``."""
    from ..facts.tables import phrase_re
    return phrase_re("target_words", anchored=True)


def _share_unit(text, count, pct, brackets=False) -> str | None:
    """The unit of a count whose share follows it as a share of a whole of that unit: linked by
    "đạt"/"chiếm"/"bằng" (or, with ``brackets``, in brackets: "4.796 hồ sơ (99,6%)"), at most 100%,
    and no plan target after the percentage ("đạt 117% kế hoạch" compares with a target not given)."""
    unit = unit_after(text, count.end)
    link = fold(text[count.end:pct.start]).replace(unit, "", 1)
    if not unit or pct.value > 100 or not (_rate_link_re().match(link) or brackets and link.strip() == "("):
        return None
    if _target_after_re().match(fold(text[pct.end:pct.end + 20])):
        return None
    return unit


def _same_unit_base(text, numbers, idx, pct, spans=None):
    """The received count a handled count is a share of: "tiếp nhận 9.420 hồ sơ, giải quyết đúng
    hạn 9.315 hồ sơ, đạt 98,9%". Only when one earlier count in the same clause chain counts the
    same thing, the link is "đạt"/"chiếm"/"bằng", the share is at most the whole and no plan
    target follows the percentage ("đạt 117% kế hoạch" compares with a target not given)."""
    count = numbers[idx]
    unit = _share_unit(text, count, pct, brackets=True)
    if unit is None:
        return None
    start = max(sentence_start(text, count.start, spans), text.rfind(";", 0, count.start) + 1)
    same = [x for x in numbers[:idx] if x.start >= start and x.kind == "int" and unit_after(text, x.end) == unit]
    if len(same) != 1 or same[0].value < count.value:
        return None
    if any(x.kind == "percent" and same[0].end <= x.start < count.start for x in numbers):
        return None
    return same[0]


def _whole_of_pairs(text, numbers, idx, spans=None):
    """"đối với 44 cán bộ, công chức: hoàn thành xuất sắc 06 người (13,6%), hoàn thành tốt 35 người
    (79,5%), hoàn thành 03 người (6,8%)": three or more counts of one sentence, each with its share
    in brackets, that add up to a count stated before them: that count is the whole of each share."""
    count = numbers[idx]
    a = sentence_start(text, count.start, spans)
    b = sentence_end(text, count.start, spans)
    pairs = []
    for k in range(1, len(numbers)):
        x, p = numbers[k - 1], numbers[k]
        if a <= x.start < b and x.kind == "int" and p.kind == "percent" and \
                re.fullmatch(r"\s*[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s*\(\s*", text[x.end:p.start]):
            pairs.append(x)
    if len(pairs) < 3 or count not in pairs:
        return None
    total = sum((x.value for x in pairs), Decimal(0))
    whole = [x for x in numbers if a <= x.start < pairs[0].start and x.kind == "int" and x.value == total]
    return whole[-1] if whole else None


def _stated_target(text, numbers, idx):
    """The target a share of a target is of, when the sentence states it: "đạt 112,4% dự toán (dự toán
    15,0 tỷ đồng)", "bằng 95% kế hoạch (kế hoạch giao 120 hộ)": the target word after the share, then
    the same word with a value in the unit of the count before the share."""
    pct, count = numbers[idx], numbers[idx - 1]
    if count.kind not in ("int", "decimal") or not count.value:
        return None
    after = fold(text[pct.end:pct.end + 20])
    m = _target_after_re().match(after)
    if not m:
        return None
    word = after[m.start():m.end()].strip(" ,.;:()")
    if len(word) < 3:
        return None
    unit = unit_after(text, count.end)
    end = sentence_end(text, pct.end)
    semi = text.find(";", pct.end, end)
    end = semi if semi >= 0 else end          # in the share's own clause
    for x in numbers[idx + 1:]:
        if x.start >= end:
            break
        if x.kind in ("int", "decimal") and x.value and word in fold(text[max(pct.end, x.start - 25):x.start]) \
                and unit and unit_after(text, x.end) == unit:
            return x
    return None


def _shares_over_100(ctx, block, numbers):
    text = block.text
    spans = None
    for m in trigger_matches(text):
        if not any(n.kind == "percent" and n.start >= m.end() for n in numbers):
            continue
        spans = spans if spans is not None else sentence_spans(text, False)
        end = sentence_end(text, m.end(), spans)
        pcts = [n for n in numbers if m.end() <= n.start < end and n.kind == "percent"]
        counts = [n for n in numbers if m.end() <= n.start < end and n.kind == "int"]
        if len(pcts) >= 2 and len(pcts) == len(counts):
            total = sum((p.value for p in pcts), Decimal(0))
            slack = Decimal("0.5") * len(pcts) * Decimal(1).scaleb(-max(p.decimals for p in pcts))
            if total > 100 + slack:
                yield ctx.finding(RULE, block, evidence=text[pcts[0].start:pcts[-1].end], offset=pcts[0].start,
                                  message=ctx.t(f"Các tỷ lệ của cùng một tổng cộng lại {format_number(total, 2)}%, "
                                                "vượt 100%.",
                                                f"The shares of one total add up to {format_number(total, 2)}%, over 100%."),
                                  suggestion=ctx.t("Kiểm tra lại các tỷ lệ.", "Check the percentages."))


def _told_before(ctx, block, numbers, idx, pct, spans):
    """"Mặt trận xã tiếp nhận 58 ý kiến … . Đến nay đã giải quyết, trả lời 49 ý kiến, đạt 86,2%.": a
    share whose sentence states no whole, of the one count of the same thing the sentence before
    states (in this paragraph, or the paragraph before when the share opens its own). Only when the
    count's sentence has no other count, the link is a rate word, the share is at most the whole and
    no plan target follows it. Returns (whole, the block holding it)."""
    text = block.text
    count = numbers[idx]
    unit = _share_unit(text, count, pct)
    if unit is None or len(unit.split()) > 3 or count.kind != "int":
        return None
    start = sentence_start(text, count.start, spans)
    if any(x.kind in ("int", "decimal", "fraction", "percent") and start <= x.start < count.start for x in numbers):
        return None
    if start > 0:
        where, lo, hi = block, sentence_start(text, max(start - 2, 0), spans), start
        candidates = [x for x in numbers if lo <= x.start < hi]
    else:
        blocks = ctx.doc.blocks
        k = block.index - 1
        if k < 0 or blocks[k].kind not in ("paragraph", "list_item") or blocks[k].zone != "body":
            return None
        where = blocks[k]
        wspans = sentence_spans(where.text, False)
        lo = sentence_start(where.text, max(len(where.text.rstrip()) - 2, 0), wspans)
        candidates = [x for x in ctx.values(where).numbers if x.start >= lo]
    same = [x for x in candidates if x.kind == "int" and unit_after(where.text, x.end) == unit]
    if len(same) > 1 and trigger_matches(where.text[same[0].end:same[1].start]):
        same = same[:1]       # "tiếp nhận 58 ý kiến …, gồm 21 ý kiến …, 17 ý kiến …": the whole and its parts
    if len(same) != 1 or same[0].value <= count.value:
        return None
    if any(x.kind == "percent" for x in candidates):
        return None
    return same[0], where


def _finding(ctx, block, start, end, pct, true, computation, severity=None, whole=""):
    return ctx.finding(RULE, block, evidence=block.text[start:end], offset=start, severity=severity,
                       message=ctx.t(f"Tỷ lệ «{pct.text.strip()}» không khớp số liệu{whole}: {computation}.",
                                     f"Percentage «{pct.text.strip()}» does not follow from the figures{whole}: {computation}."),
                       suggestion=ctx.t(f"Sửa tỷ lệ thành {format_number(true, pct.decimals)}% hoặc kiểm tra lại số liệu.",
                                        f"Write {format_number(true, pct.decimals)}% or check the figures."))
