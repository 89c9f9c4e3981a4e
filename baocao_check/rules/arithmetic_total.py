"""Tổng số không bằng tổng các thành phần được liệt kê.

A stated total that is not the sum of its listed parts.

Quy tắc cộng các thành phần sau "gồm", "bao gồm", "cụ thể", "trong đó" (trong câu,
trong ngoặc, trong lời chú thích của con số, hoặc trong các gạch đầu dòng ngay sau
đoạn kết thúc bằng dấu hai chấm), rồi so với tổng đã nêu; danh sách phân cách bằng dấu
phẩy kết thúc ở dấu chấm phẩy đầu tiên. "Trong đó" chỉ được cộng khi các thành phần rõ ràng
là phân chia của tổng (cùng đơn vị, hoặc dạng "tên: số"). Tổng ước chừng ("gần", "khoảng",
"trên") chỉ bị nhắc khi các thành phần mâu thuẫn với nó. Con số trong ngoặc của một thành
phần là thông tin thêm, không cộng vào. Một số đếm ("tổ chức 06 hội nghị¹") có lời chú thích
liệt kê từng việc (mỗi việc một ngày hoặc một số hiệu văn bản, cách nhau bằng dấu chấm phẩy)
được so với số việc liệt kê (cảnh báo); chú thích chỉ nêu ví dụ ("như", "tiêu biểu") thì không.
Con số có ngoặc liệt kê các phần cùng đơn vị ("07 kỳ họp (02 kỳ họp thường lệ, 05 kỳ họp chuyên
đề)") cũng được cộng, không cần "gồm". "Trong đó" có các phần là chính các loại mà tổng nêu tên ("Tổng số cán bộ, công chức là 45 người,
trong đó: 18 cán bộ, 27 công chức") được cộng. Danh sách kết thúc đoạn và tiếp tục ở gạch đầu dòng
sau ("- Nhà đất dôi dư: 01 cơ sở nhà đất") được cộng cả dòng đó. Trong một vế câu, số được giao
(định mức, vị trí việc làm) trừ số hiện có phải bằng số thiếu ("được giao 48 biên chế, hiện có 44
người, thiếu 04"), số hiện có trừ số được giao bằng số dôi dư.

Bảng được đọc như bảng (mô hình bảng của ``facts/tables.py``): mỗi dòng tổng chỉ so với các
dòng con của nó — dòng nhóm "I", "II" với các dòng 1, 2… bên dưới, "Tổng cộng (I + II)" với
dòng I và II, dòng "Cộng" với nhóm của nó, "Tổng cộng" sau các dòng "Cộng" với các dòng
"Cộng"; các dòng "Trong đó" không cộng vào; cột tỷ lệ, năm, thời hạn không cộng. Một cột mà
các dòng cộng lại đúng gấp đôi tổng là dấu hiệu bảng liệt kê cả dòng tổng nhóm và dòng chi
tiết, không phải lỗi.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ
    Tổng biên chế được giao: 71 biên chế, trong đó: Cơ quan đảng: 18 biên chế, Mặt trận Tổ quốc: 9 biên chế, khối chính quyền: 42 biên chế.
    Toàn xã có 40 tổ chức cơ sở đảng (gồm 02 đảng bộ, 15 chi bộ cơ sở, 21 chi bộ trực thuộc).

Ví dụ đúng (PASS)::

    I. KẾT QUẢ
    Tổng biên chế được giao: 71 biên chế, trong đó: Cơ quan đảng: 18 biên chế, Mặt trận Tổ quốc: 9 biên chế, khối chính quyền: 44 biên chế.
    Toàn xã có 40 tổ chức cơ sở đảng (gồm 02 đảng bộ, 15 chi bộ cơ sở, 23 chi bộ trực thuộc).
    Đã ban hành gần 950 văn bản, gồm: 120 nghị quyết, 300 kế hoạch, 520 công văn.
    Cán bộ, công chức có 60 người, trong đó: 25 nữ, 50 đảng viên.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal

from ..arithmetic import (TRIGGER_RE, Breakdown, without_parens, find_breakdowns, find_distributed_breakdowns, find_paren_breakdowns, parse_parts, sentence_start,
                          unit_after)
from ..facts import note_number_span
from ..facts.figures import JOIN_RE, unit_at
from ..facts.tables import phrase_re, tables_of
from ..facts.tables import words as lexicon_words
from ..normalize import fold
from ..parsing.numbers import find_numbers, format_number
from .base import Context

ID = "arithmetic_total"
CATEGORY = "arithmetic_total"
SEVERITY = "error"
SUMMARY = {"vi": "Tổng số không bằng tổng các thành phần được liệt kê",
           "en": "A total that is not the sum of its listed parts"}
RULE = sys.modules[__name__]

def _skip(values):
    return [(s.start, s.end) for s in values.symbols] + [(d.start, d.end) for d in values.dates]


def check(doc, ctx: Context):
    blocks = ctx.text_blocks()
    for block in blocks:
        values = ctx.values(block)
        skip = _skip(values) + note_number_span(block)
        for bd in find_breakdowns(block.text, skip):
            if not bd.consistent() and not _continued(doc, ctx, block, bd):
                yield _finding(ctx, block, bd, block.text)
        for bd in find_paren_breakdowns(block.text, skip) + find_distributed_breakdowns(block.text, skip):
            if not bd.consistent():
                yield _finding(ctx, block, bd, block.text)
    yield from _footnote_breakdowns(doc, ctx)
    yield from _gaps(ctx, blocks)
    yield from _flows(ctx, blocks)
    yield from _list_breakdowns(doc, ctx, blocks)
    yield from _table_totals(doc, ctx)


def _continued(doc, ctx, block, bd: Breakdown) -> bool:
    """A breakdown that ends its paragraph and goes on in the list items after it ("…; Trạm y tế: 3 cơ
    sở nhà đất." then "- Nhà đất dôi dư: 01 cơ sở nhà đất"): those items, one "tên: số <same unit>"
    each, are parts too."""
    if block.text[bd.end:].strip(" .;") or bd.sum >= bd.total.value:
        return False
    head = bd.unit.split()[0] if bd.unit else ""
    total = bd.sum
    for b in doc.blocks[block.index + 1:block.index + 6]:
        if b.kind not in ("list_item", "paragraph") or b.zone != block.zone:
            break
        m = re.match(r"^\W*[^\d:]{2,80}:\s*(\d[\d.]*)\s+(\w+)", b.text)
        nums = [n for n in ctx.values(b).numbers if n.kind == "int"]
        if not m or not nums or nums[0].start != m.start(1) or fold(m.group(2)) != head:
            break
        total += nums[0].value
        if total >= bd.total.value:
            break
    return total == bd.total.value


def _computation(bd: Breakdown) -> str:
    places = max([bd.total.decimals] + [p.number.decimals for p in bd.parts])
    return " + ".join(format_number(p.number.value, p.number.decimals) for p in bd.parts) + \
        f" = {format_number(bd.sum, places)}"


def _finding(ctx, block, bd: Breakdown, text: str, evidence: str | None = None, where_parts: str = ""):
    total = format_number(bd.total.value, bd.total.decimals)
    approx_vi = f"{bd.approx} " if bd.approx else ""
    # "trong đó" whose parts fall short may be an incomplete list rather than a wrong sum
    partial = not bd.exhaustive and bd.sum < bd.total.value
    severity = "warning" if (bd.approx or partial) else None
    ev = evidence if evidence is not None else text[bd.total.start:bd.end].strip()
    return ctx.finding(
        RULE, block, evidence=ev, offset=bd.total.start if evidence is None else None, severity=severity,
        message=ctx.t(f"Tổng nêu là {approx_vi}{total} {bd.unit} nhưng các thành phần{where_parts} cộng lại là "
                      f"{_computation(bd)}.",
                      f"The total is {approx_vi}{total} {bd.unit} but the parts{where_parts} add up to {_computation(bd)}."),
        suggestion=ctx.t("Kiểm tra lại tổng hoặc từng thành phần cho khớp"
                         + ("; nếu danh sách chưa đủ, nêu rõ phần còn lại." if partial else "."),
                         "Check the total or each part so that they agree"
                         + ("; if the list is incomplete, state the rest." if partial else ".")))


def _footnote_breakdowns(doc, ctx):
    """"917 văn bản¹" in the text, "¹ Gồm: 01 đề án, 37 kết luận, …" in the footnote."""
    notes = {b.footnote_number: b for b in doc.blocks if b.kind == "footnote" and b.footnote_number is not None}
    done = set()
    for ref in doc.footnote_refs:
        note = notes.get(ref.number)
        if note is None or ref.number in done:
            continue
        body = re.sub(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹\s]+", "", note.text)
        m = TRIGGER_RE.match(body)
        if not m:
            continue
        done.add(ref.number)
        block = doc.blocks[ref.block_index]
        values = ctx.values(block)
        skip = _skip(values)
        start_of_sentence = sentence_start(block.text, max(ref.offset - 1, 0))
        nums = [n for n in find_numbers(block.text[:ref.offset]) if n.start >= start_of_sentence
                and n.kind == "int" and not any(s <= n.start < e for s, e in skip)]
        if not nums:
            continue
        total = nums[-1]
        offset = note.text.index(body) + m.end()
        parts = parse_parts(note.text[offset:], offset, _skip(ctx.values(note)))
        if not parts:
            continue
        # "21 lớp tập huấn với 1.046 lượt người¹" — "¹ Gồm 09 lớp …, 07 lớp …, 05 lớp …": the parts
        # count classes, so they are the parts of the figure that counts classes, not of the nearest
        heads = {tuple(unit_after(p.text, p.number.end).split()[:1]) for p in parts}
        head = next(iter(heads))[0] if len(heads) == 1 and () not in heads else None
        if head and unit_after(block.text, total.end).split()[:1] != [head]:
            same = [n for n in nums if unit_after(block.text, n.end).split()[:1] == [head]]
            if not same:
                continue
            total = same[-1]
        from ..arithmetic import APPROX_RE
        am = APPROX_RE.search(block.text[max(0, total.start - 15):total.start])
        bd = Breakdown(total, am.group("w") if am else None, True, unit_after(block.text, total.end), parts)
        if not bd.consistent():
            yield _finding(ctx, block, bd, block.text, evidence=block.text[total.start:total.end],
                           where_parts=ctx.t(f" (chú thích {ref.number})", f" (footnote {ref.number})"))


def footnote_enumerations(doc, ctx, rule):
    # reported by footnote_mismatch (``rule``): a count that its footnote's list does not bear out is a
    # fault of the footnote, as reviewers file it
    """"tổ chức 06 hội nghị¹" with "¹ Hội nghị … ngày 01/7/2025; tập huấn … ngày 15/7/2025; …": the
    footnote lists the things counted, one dated or numbered item per ";" (or per line). Only a
    list whose every item names one thing (a date or a document symbol, no count of its own) is
    counted; a footnote giving examples ("như", "tiêu biểu") is not a full list."""
    from ..facts.figures import plain_text, sentence_spans
    notes = {b.footnote_number: b for b in doc.blocks if b.kind == "footnote" and b.footnote_number is not None}
    partial = phrase_re("enumeration_partial", True)
    not_count = phrase_re("not_count_units", True)
    done = set()
    for ref in doc.footnote_refs:
        note = notes.get(ref.number)
        if note is None or ref.number in done:
            continue
        done.add(ref.number)
        body_at = len(note.text) - len(re.sub(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹\d\s.)]+", "", note.text))
        body = note.text[body_at:]
        trig = TRIGGER_RE.match(body)
        if trig and fold(trig.group("trig")).startswith("trong"):
            continue
        start = body_at + (trig.end() if trig else 0)
        if partial.match(fold(note.text[start:])) or re.search(r"\.{3}|…|v\.v", note.text):
            continue
        nvalues = ctx.values(note)
        named = [(s.start, s.end) for s in nvalues.symbols] + [(d.start, d.end) for d in nvalues.dates]
        if len(named) < 2:
            continue
        items = _items(note.text, start)
        if len(items) < 2:
            continue
        if not all(any(a <= s < b for s, _ in named) for a, b in items):
            continue
        if any(a <= n.start < b and n.kind == "int" and not not_count.match(fold(unit_after(note.text, n.end)))
               for n in nvalues.numbers for a, b in items):
            continue     # an item with a count of its own: a breakdown, not a list of things
        block = doc.blocks[ref.block_index]
        values = ctx.values(block)
        text = plain_text(block)     # markers out of the words, offsets kept
        sent = next(((a, b) for a, b in sentence_spans(ctx.facts, block) if a <= ref.offset <= b), (0, ref.offset))
        counts = [n for n in values.numbers if sent[0] <= n.start and n.end <= ref.offset and n.kind == "int"
                  and not not_count.match(fold(unit_after(text, n.end)))]
        if not counts:
            continue
        count = counts[-1]
        between = text[count.end:ref.offset]
        if re.search(r"[;:]", between) or len(between.split()) > 25:
            continue    # the marker closes another clause than the count's
        from ..arithmetic import APPROX_RE
        if APPROX_RE.search(block.text[max(0, count.start - 15):count.start]) or not 2 <= count.value <= 100:
            continue
        # an item may name several documents ("các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND …"): each counts,
        # once ("Quy định số 07-QĐ/ĐU … (thay thế Quy định số 03-QĐ/ĐU …)" names 03 a second time)
        seen: set[str] = set()
        listed = 0
        for a, b in items:
            new = {s.text for s in nvalues.symbols if a <= s.start < b} - seen
            seen |= new
            listed += max(1, len(new))
        head = unit_after(text, count.end).split()[:1]
        if any(n.value == listed and unit_after(text, n.end).split()[:1] == head for n in counts):
            continue    # "02 cuộc …, 03 cuộc, 06 cuộc¹" with two items: the note may be the first count's
        m = re.match(r"\s*(?:[^\W\d_]+\s*){1,2}", text[count.end:])
        said = (text[count.start:count.end] + (m.group(0) if m else "")).strip()
        yield ctx.finding(rule, block, evidence=said, offset=count.start, code="count_against_list",
                          message=ctx.t(f"Báo cáo nêu {said} nhưng chú thích {ref.number} liệt kê {listed}.",
                                        f"The text says {said} but footnote {ref.number} lists {listed}."),
                          suggestion=ctx.t("Thống nhất số lượng trong bài với danh sách trong chú thích.",
                                           "Make the number in the text agree with the footnote's list."))


_SUPERSCRIPT_RE = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")


def _ends_with(key: str, text: str) -> bool:
    return bool(phrase_re(key, at_end=True).search(text))


def _gaps(ctx, blocks):
    """"được giao 48 biên chế, hiện có 44 người (…), thiếu 04 công chức": in one clause, the quota minus
    the present count is the shortage (the present count minus the quota, the surplus)."""
    from ..facts.figures import sentence_spans
    from ..facts.text import clause_spans
    gap_re = phrase_re("shortage_before")
    surplus_re = phrase_re("surplus_before")
    for block in blocks:
        text = block.text
        numbers = [n for n in ctx.values(block).numbers if n.kind == "int"]
        if len(numbers) < 3 or not (gap_re.search(block.key) or surplus_re.search(block.key)):
            continue
        for sa, sb in sentence_spans(ctx.facts, block):
            for a, b in clause_spans(text, sa, sb):
                nums = [n for n in numbers if a <= n.start < b and text[a:n.start].count("(") <= text[a:n.start].count(")")]
                roles = {}
                for n in nums:
                    before = fold(text[max(a, n.start - 30):n.start])
                    after = fold(text[n.end:min(b, n.end + 40)])
                    if _ends_with("shortage_before", before):
                        role = "short"
                    elif _ends_with("surplus_before", before):
                        role = "surplus"
                    elif _ends_with("present_before", before) or phrase_re("present_after").search(
                            " ".join(after.split()[:5])):
                        role = "present"
                    elif _ends_with("quota_before", before) or phrase_re("quota_units", True).match(after):
                        role = "quota"
                    else:
                        continue
                    if role in roles:
                        roles[role] = None      # two of a kind: not one plain difference
                    else:
                        roles[role] = n
                q, p = roles.get("quota"), roles.get("present")
                for role, sign in (("short", 1), ("surplus", -1)):
                    g = roles.get(role)
                    if not (q and p and g) or not (q.start < p.start < g.start):
                        continue
                    expected = (q.value - p.value) * sign
                    if expected == g.value or expected <= 0:
                        continue
                    comp = (f"{format_number(q.value)} − {format_number(p.value)} = {format_number(expected)}" if sign > 0
                            else f"{format_number(p.value)} − {format_number(q.value)} = {format_number(expected)}")
                    said = text[q.start:g.end]
                    yield ctx.finding(RULE, block, evidence=said, offset=q.start,
                                      message=ctx.t(f"Số {'thiếu' if sign > 0 else 'dôi dư'} ghi {g.text} nhưng theo số "
                                                    f"liệu trong cùng câu là {comp}.",
                                                    f"The {'shortage' if sign > 0 else 'surplus'} is given as {g.text} "
                                                    f"but the figures of the same clause give {comp}."),
                                      suggestion=ctx.t("Kiểm tra lại số được giao, số hiện có và số thiếu (dôi dư) cho khớp.",
                                                       "Check the quota, the present count and the difference."))


_PARENS_RE = re.compile(r"\([^()]*\)")
_FLOW_ROLES = ("received", "resolved", "pending", "withdrawn", "carried")
FLOW_REACH = 4      # the statements of one flow: its paragraph and the few list items after it


def _flow_role(lookback: str) -> str | None:
    """The role of a number from the words before it in its clause ("đã giải quyết: 1.371" — resolved);
    None when no role, or two ("đã tiếp nhận và giải quyết 1.200": received and resolved at once)."""
    key = fold(_PARENS_RE.sub(" ", lookback))
    hits = []
    for role in _FLOW_ROLES:
        hits += [(m.start(), -len(m.group()), m.end(), role) for m in phrase_re(f"{role}_before").finditer(key)]
    if not hits:
        return None
    hits.sort()
    kept, end = [], -1
    for start, _, stop, role in hits:      # overlapping phrases: the one that starts first ("chưa giải quyết xong")
        if start >= end:
            kept.append((stop, role))
            end = stop
    stop, role = kept[-1]
    if len({r for _, r in kept}) > 1 or JOIN_RE.search(key[stop:] + " "):
        return None
    return role


def _flows(ctx, blocks):
    """Files and petitions: the number received (with any carried over from the previous period) is the
    number resolved plus the number pending (plus any returned or withdrawn): "tổng số hồ sơ tiếp nhận
    1.376 …; số lượng hồ sơ đang giải quyết 6, đã giải quyết 1.371" (1.377). Read over a paragraph and
    the list items after it; a number after "trong đó"/"gồm" in its sentence is a breakdown, not a
    state; another number of the same unit among them, or a state given twice, leaves it unread."""
    from ..facts.figures import sentence_spans
    body = [b for b in blocks if b.zone == "body" and b.kind != "footnote"]
    by_index = {b.index: k for k, b in enumerate(body)}
    done: set[int] = set()
    for k, block in enumerate(body):
        if block.index in done or not phrase_re("received_before").search(block.key):
            continue
        window = [block]
        for nxt in body[k + 1:k + 1 + FLOW_REACH]:
            if nxt.is_heading or nxt.kind == "heading" or by_index[nxt.index] != by_index[window[-1].index] + 1:
                break
            window.append(nxt)
        state: dict = {}
        for b in window:
            text = b.text
            spans = sentence_spans(ctx.facts, b) or [(0, len(text))]
            prev_end = None
            for n in ctx.values(b).numbers:
                sent = next(((a, z) for a, z in spans if a <= n.start < z), (0, len(text)))
                if prev_end is None or prev_end < sent[0]:
                    prev_end = sent[0]
                lookback_at, lookback, prev_end = prev_end, text[prev_end:n.start], n.end
                inside = text[sent[0]:n.start]
                if n.kind != "int" or inside.count("(") > inside.count(")") or TRIGGER_RE.search(inside):
                    continue
                m = re.search(r"[,;:](?=[^,;:]*$)", lookback.rstrip(" :"))
                role = _flow_role(lookback)
                unit = unit_at(text, n.end)
                if role is None:
                    if "received" in state and unit and unit == state["received"][2] and not m:
                        state["mixed"] = True    # another count of the same things: not a plain flow
                    continue
                if role == "received" and ("received" not in state or len(state) == 1):
                    state = {"received": (b, n, unit, lookback_at)}
                    continue
                if "received" not in state or role in state or role == "received":
                    state["mixed"] = True
                    continue
                whole_unit = state["received"][2]
                if unit and whole_unit and unit != whole_unit:
                    continue
                state[role] = (b, n, unit, lookback_at + (m.end() if m else 0))
            if "mixed" in state or {"received", "resolved", "pending"} <= state.keys():
                break
        if "mixed" in state or not {"received", "resolved", "pending"} <= state.keys():
            continue
        done.update(b.index for b in window)
        wb, whole, unit, _ = state["received"]
        carried = state.get("carried")
        expected = whole.value + (carried[1].value if carried else 0)
        parts = [state[r][1] for r in ("resolved", "pending", "withdrawn") if r in state]
        got = sum(p.value for p in parts)
        if got == expected or (got > expected and not carried and not _is_total(wb.text, whole)):
            continue     # more resolved than received: files carried over from before, unless the total says all
        last_block, last = max(((state[r][0], state[r][1]) for r in ("resolved", "pending", "withdrawn") if r in state),
                               key=lambda bn: (bn[0].index, bn[1].start))
        ev_start = min(state[r][3] for r in ("resolved", "pending", "withdrawn") if r in state and state[r][0] is last_block)
        tail = unit_at(last_block.text, last.end)
        ev_end = last.end + (len(tail) + 1 if tail else 0)
        comp = " + ".join(format_number(p.value) for p in parts) + f" = {format_number(got)}"
        said = format_number(expected) + (f" ({format_number(whole.value)} + {format_number(carried[1].value)})" if carried else "")
        where = {lang: ("" if wb is last_block else " (" + ctx.doc.place_text(wb, lang, whole.start) + ")") for lang in ("vi", "en")}
        evidence = last_block.text[ev_start:ev_end].strip(" +-;,")
        yield ctx.finding(RULE, last_block, evidence=evidence, offset=last_block.text.find(evidence, ev_start),
                          message=ctx.t(f"Số đã giải quyết và đang giải quyết cộng lại là {comp}, khác số tiếp nhận "
                                        f"{said}{where['vi']}.",
                                        f"Resolved and pending add up to {comp}, not the {said} received{where['en']}."),
                          suggestion=ctx.t("Kiểm tra lại số tiếp nhận, số đã giải quyết và số đang giải quyết cho khớp.",
                                           "Check the numbers received, resolved and pending so that they agree."))


def _is_total(text: str, whole) -> bool:
    return bool(phrase_re("total_words").search(fold(text[max(0, whole.start - 120):whole.start])))


def _items(text: str, start: int) -> list[tuple[int, int]]:
    """The items of a footnote's list: split at ";" outside parentheses, else at line breaks."""
    spans, depth, a = [], 0, start
    sep = ";" if ";" in text[start:] else "\n"
    for i in range(start, len(text)):
        ch = text[i]
        depth += (ch == "(") - (ch == ")" and depth > 0)
        if ch == sep and depth == 0:
            spans.append((a, i))
            a = i + 1
    spans.append((a, len(text)))
    return [(x, y) for x, y in spans if text[x:y].strip(" .;\n")]


def _list_breakdowns(doc, ctx, blocks):
    """A paragraph ending "…: 115 biên chế, trong đó:" and one list item per part."""
    by_index = {b.index: b for b in blocks}
    for block in blocks:
        text = block.text.rstrip()
        if not text.endswith(":") or block.kind == "footnote":
            continue
        m = None
        for m in TRIGGER_RE.finditer(text):
            pass
        if m is None or m.end() < len(text) - 1:
            continue
        skip = _skip(ctx.values(block))
        lead = without_parens(text[:m.start()])     # "07 cơ sở (Phụ lục 3), cụ thể như sau:": 07
        nums = [n for n in find_numbers(lead) if n.kind == "int" and not any(s <= n.start < e for s, e in skip)]
        if not nums or re.search(r"\d", lead[nums[-1].end:]):
            continue
        total = nums[-1]
        items = []
        i = block.index + 1
        while i in by_index and by_index[i].kind == "list_item":
            items.append(by_index[i])
            i += 1
        if len(items) < 2:
            continue
        parts = []
        for item in items:
            ns = [n for n in find_numbers(item.text) if not any(s <= n.start < e for s, e in _skip(ctx.values(item)))]
            if len(ns) != 1 or ns[0].kind != "int":
                parts = None
                break
            parts.append(ns[0])
        if not parts:
            continue
        unit = unit_after(text, total.end)
        amounts = set(lexicon_words().get("amount_units", ()))
        if not (unit and unit.split()[0] in amounts) and any(
                unit_at(it.text, n.end).split()[:1] and unit_at(it.text, n.end).split()[0] in amounts
                for it, n in zip(items, parts)):
            continue     # "- Trụ sở xã A (cũ), diện tích 3.150 m²: …" under "07 cơ sở": an area, not a count
        exhaustive = not fold(m.group("trig")).startswith("trong")
        if not exhaustive:
            heads = {unit_after(it.text, n.end).split()[0] if unit_after(it.text, n.end) else "" for it, n in zip(items, parts)}
            if not (unit and heads == {unit.split()[0]}) and not all(":" in it.text for it in items):
                continue
        s = sum((n.value for n in parts), Decimal(0))
        if s != total.value:
            comp = " + ".join(format_number(n.value) for n in parts) + f" = {format_number(s)}"
            yield ctx.finding(RULE, block, evidence=text[total.start:total.end], offset=total.start,
                              message=ctx.t(f"Tổng nêu là {format_number(total.value)} {unit} nhưng các dòng liệt kê "
                                            f"bên dưới cộng lại là {comp}.",
                                            f"The total is {format_number(total.value)} {unit} but the items listed "
                                            f"below add up to {comp}."),
                              suggestion=ctx.t("Kiểm tra lại tổng hoặc từng dòng cho khớp.",
                                               "Check the total or each item so that they agree."))


def _table_totals(doc, ctx):
    """Each total of a table against its own children (the table model): a group row "I" against
    the rows under it, "Tổng cộng (I + II)" against I and II, a "Cộng" row against its group."""
    for model in tables_of(ctx.facts):
        for check in model.total_checks():
            if check.kind == "ratio" or check.agrees:
                continue
            row, col = check.row, check.column
            decimals = max([row.decimals[col.index]] + [r.decimals[col.index] for r, _ in check.parts])
            comp = " + ".join(format_number(v, decimals) for _, v in check.parts) + f" = {format_number(check.expected, decimals)}"
            cell = row.cells[col.index].strip()
            label = row.label or row.marker
            if check.kind == "subset":
                yield ctx.finding(RULE, model.block, evidence=cell, offset=model.offset_of(row, col), code="table.subset",
                                  message=ctx.t(f"Dòng «{label}» của bảng{_name(model.table)}, cột «{col.header}»: ghi {cell} "
                                                f"nhưng các dòng «trong đó» của nó cộng lại là {comp}, lớn hơn chính nó.",
                                                f"Row «{label}» of the table{_name(model.table)}, column «{col.header}»: "
                                                f"{cell} but its «of which» rows add up to {comp}, more than the row itself."),
                                  suggestion=ctx.t("Phần «trong đó» không thể lớn hơn tổng: kiểm tra lại dòng này và các dòng con.",
                                                   "The «of which» parts cannot exceed the whole: check the row and its parts."))
                continue
            if row.kind == "total":
                whose_vi, whose_en = "các dòng cộng vào nó", "the rows it totals"
                if any(r.kind == "group" for r, _ in check.parts):
                    names = ", ".join(r.marker or r.label for r, _ in check.parts)
                    whose_vi, whose_en = f"các dòng {names}", f"rows {names}"
            else:
                whose_vi, whose_en = "các dòng thuộc nó", "its rows"
            yield ctx.finding(RULE, model.block, evidence=cell, offset=model.offset_of(row, col),
                              message=ctx.t(f"Dòng «{label}» của bảng{_name(model.table)}, cột «{col.header}»: "
                                            f"ghi {cell} nhưng {whose_vi} cộng lại là {comp}.",
                                            f"Row «{label}» of the table{_name(model.table)}, column "
                                            f"«{col.header}»: {cell} but {whose_en} add up to {comp}."),
                              suggestion=ctx.t("Sửa dòng tổng hoặc số liệu các dòng cho khớp.",
                                               "Correct the total row or the rows it adds."))


def _name(table):
    return f" {table.identifier}" if table.identifier else ""
