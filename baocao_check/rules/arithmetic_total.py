"""Tổng số không bằng tổng các thành phần được liệt kê.

A stated total that is not the sum of its listed parts.

Quy tắc cộng các thành phần sau "gồm", "bao gồm", "cụ thể", "trong đó" (trong câu,
trong ngoặc, trong lời chú thích của con số, hoặc trong các gạch đầu dòng ngay sau
đoạn kết thúc bằng dấu hai chấm) và dòng "Tổng cộng" của bảng, rồi so với tổng đã
nêu. "Trong đó" chỉ được cộng khi các thành phần rõ ràng là phân chia của tổng (cùng
đơn vị, hoặc dạng "tên: số"). Tổng ước chừng ("gần", "khoảng", "trên") chỉ bị nhắc
khi các thành phần mâu thuẫn với nó. Con số trong ngoặc của một thành phần là
thông tin thêm, không cộng vào.

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

from ..arithmetic import TRIGGER_RE, Breakdown, find_breakdowns, parse_parts, unit_after
from ..normalize import fold
from ..parsing.numbers import find_numbers, format_number, parse_number
from .base import Context

ID = "arithmetic_total"
CATEGORY = "arithmetic_total"
SEVERITY = "error"
SUMMARY = {"vi": "Tổng số không bằng tổng các thành phần được liệt kê",
           "en": "A total that is not the sum of its listed parts"}
RULE = sys.modules[__name__]

_TOTAL_ROW_RE = re.compile(r"^\W*(?:tổng\s+cộng|tổng\s+số|tổng|cộng|toàn\s+(?:xã|phường))\b")


def _skip(values):
    return [(s.start, s.end) for s in values.symbols] + [(d.start, d.end) for d in values.dates]


def check(doc, ctx: Context):
    blocks = ctx.text_blocks()
    for block in blocks:
        values = ctx.values(block)
        for bd in find_breakdowns(block.text, _skip(values)):
            if not bd.consistent():
                yield _finding(ctx, block, bd, block.text)
    yield from _footnote_breakdowns(doc, ctx)
    yield from _list_breakdowns(doc, ctx, blocks)
    yield from _table_totals(doc, ctx)


def _computation(bd: Breakdown) -> str:
    return " + ".join(format_number(p.number.value) for p in bd.parts) + f" = {format_number(bd.sum)}"


def _finding(ctx, block, bd: Breakdown, text: str, evidence: str | None = None, where_parts: str = ""):
    total = format_number(bd.total.value)
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
        start_of_sentence = max(block.text.rfind(". ", 0, ref.offset) + 1, 0)
        nums = [n for n in find_numbers(block.text[:ref.offset]) if n.start >= start_of_sentence
                and n.kind == "int" and not any(s <= n.start < e for s, e in skip)]
        if not nums:
            continue
        total = nums[-1]
        offset = note.text.index(body) + m.end()
        parts = parse_parts(note.text[offset:], offset, _skip(ctx.values(note)))
        if not parts:
            continue
        from ..arithmetic import APPROX_RE
        am = APPROX_RE.search(block.text[max(0, total.start - 15):total.start])
        bd = Breakdown(total, am.group("w") if am else None, True, unit_after(block.text, total.end), parts)
        if not bd.consistent():
            yield _finding(ctx, block, bd, block.text, evidence=block.text[total.start:total.end],
                           where_parts=ctx.t(f" (chú thích {ref.number})", f" (footnote {ref.number})"))


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
        nums = [n for n in find_numbers(text[:m.start()]) if n.kind == "int" and not any(s <= n.start < e for s, e in skip)]
        if not nums or re.search(r"\d", text[nums[-1].end:m.start()]):
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


def _cell_value(cell: str):
    cell = cell.strip()
    parsed = parse_number(cell) if cell else None
    return parsed[0] if parsed else None


def _table_totals(doc, ctx):
    for block in doc.tables():
        table = block.table
        if table.is_header or len(table.rows) < 4:
            continue
        start = 1   # the first row is the header
        for r, row in enumerate(table.rows):
            if r < start or not row:
                continue
            label = fold(" ".join(c for c in row[:2] if c and _cell_value(c) is None))
            if not _TOTAL_ROW_RE.match(label):
                continue
            body = [rw for rw in table.rows[start:r]]
            for c, cell in enumerate(row):
                total = _cell_value(cell)
                if total is None:
                    continue
                column = [_cell_value(rw[c]) if c < len(rw) else None for rw in body]
                column = [v for v in column if v is not None]
                if len(column) < 2:
                    continue
                s = sum(column, Decimal(0))
                if s != total:
                    header = table.rows[0][c] if c < len(table.rows[0]) else str(c + 1)
                    comp = " + ".join(format_number(v) for v in column) + f" = {format_number(s)}"
                    yield ctx.finding(RULE, block, evidence=cell.strip(),
                                      message=ctx.t(f"Dòng «{row[0].strip() or label}» của bảng{_name(table)}, cột «{header}»: "
                                                    f"ghi {cell.strip()} nhưng các dòng trên cộng lại là {comp}.",
                                                    f"Row «{row[0].strip() or label}» of the table{_name(table)}, column "
                                                    f"«{header}»: {cell.strip()} but the rows above add up to {comp}."),
                                      suggestion=ctx.t("Sửa dòng tổng hoặc số liệu các dòng cho khớp.",
                                                       "Correct the total row or the rows above."))
            start = r + 1


def _name(table):
    return f" {table.identifier}" if table.identifier else ""
