"""Số liệu trong báo cáo lời khác với số liệu cùng loại trong biểu phụ lục.

A figure in the body and the same figure in an annex table disagree.

Ghi chú của Đề cương: "Các nội dung có phụ lục minh họa cần phù hợp giữa báo cáo lời và biểu
mẫu". Một con số trong bài (giá trị, danh từ đơn vị, chủ ngữ, thời kỳ: ``facts/figures.py``)
được nối với ô của biểu phụ lục có cùng tên dòng và cùng tiêu đề cột: tên dòng là tên nêu
gần nhất trước con số trong câu ("trụ sở xã A (cũ) …, diện tích 1.240 m²" — dòng «Trụ sở xã
A (cũ)»), hoặc dòng tổng khi chủ ngữ nói là tổng ("tổng số hồ sơ tiếp nhận là 2.964"); cột là
cột mà chủ ngữ nêu đủ các từ của tiêu đề ngay trước con số ("tiếp nhận" — «Tiếp nhận»), hoặc
cùng đơn vị đo ("m²" — «Diện tích đất (m²)»). Một con số kèm danh từ chỉ đối tượng ("17 công
chức") được so với dòng có đúng tên đó ("Công chức"): nếu không ô số nào của dòng bằng con số
thì bị nhắc. Số hiệu ("tầng 2", "tổ dân phố số 5"), thay đổi, chênh lệch ("giảm 11", "còn
thiếu") không phải số liệu của ô. Dòng tổng của biểu không cộng đúng
do ``arithmetic_total`` báo.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ
    Hiện có 17 công chức làm việc tại các phòng chuyên môn.
    Phụ lục 1
    | Chỉ tiêu | Được giao | Hiện có |
    |---|---|---|
    | Công chức | 32 | 15 |

Ví dụ đúng (PASS)::

    I. KẾT QUẢ
    Hiện có 15 công chức làm việc tại các phòng chuyên môn; 32 công chức được giao.
    Phụ lục 1
    | Chỉ tiêu | Được giao | Hiện có |
    |---|---|---|
    | Công chức | 32 | 15 |
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from ..facts.figures import annex_models, figures_of, fraction_figures, link, sentence_spans
from ..facts.tables import tables_of, ADDITIVE, label_key, phrase_re
from ..facts.tables import words as lexicon_words
from ..normalize import fold
from ..parsing.numbers import format_number
from .base import Context

ID = "annex_mismatch"
CATEGORY = "annex_mismatch"
SEVERITY = "warning"
SUMMARY = {"vi": "Số liệu trong báo cáo lời khác với biểu phụ lục",
           "en": "A figure in the body disagrees with the annex table"}
RULE = sys.modules[__name__]

_CLAUSE_END_RE = re.compile(r"[;.:(\n]|, (?=\d)")


def check(doc, ctx: Context):
    clause = ctx.ruleset.part("annexes").get("clause")
    models = annex_models(ctx.facts)
    figures = figures_of(ctx.facts)
    if models:
        yield from _cells(ctx, figures, models, clause)
    yield from _row_counts(ctx, figures, clause)


def _row_counts(ctx, figures, clause):
    """"dôi dư 06 cơ sở nhà, đất (chi tiết tại Phụ lục 1)" with a Phụ lục 1 that lists five: a count
    of the things a table lists one per row, when the table the statement refers to (or that follows
    it, "chi tiết như sau:") has no column for it. The rows counted: every item row when the label
    column names the thing («Tên cơ sở nhà, đất»), else the rows whose label starts with it ("Xe ô tô …")."""
    from ..facts import xrefs
    models = {m.block.index: m for m in tables_of(ctx.facts)}
    starts_by_block: dict[int, list[int]] = {}
    amounts = set(lexicon_words().get("amount_units", ()))
    figures = figures + fraction_figures(ctx.facts)
    for f in figures:
        # the counts that end a statement: not a share in brackets nor an amount of the same things
        # ("dôi dư 06 cơ sở (chiếm 54,5%) với tổng diện tích 3.207 m² … (có Phụ lục 03 kèm theo)")
        if f.in_parens or f.unit.split()[:1] and f.unit.split()[0] in amounts:
            continue
        starts_by_block.setdefault(f.block.index, []).append(f.number.start)
    for fig in figures:
        n = fig.number
        # "dôi dư 06/14 cơ sở": the table lists the six, or the fourteen
        if n.kind not in ("int", "fraction") or fig.in_parens or not fig.unit or _changed(fig) or n.value > 200:
            continue
        sa, sb = fig.sentence
        text = fig.block.text
        later = [x for x in starts_by_block.get(fig.block.index, []) if x > n.start]
        # the sentence after it may give the reference ("dôi dư 06/14 cơ sở. UBND phường đã xây dựng
        # phương án … (chi tiết tại Phụ lục 2 kèm theo).")
        sb = next((b for a, b in sentence_spans(ctx.facts, fig.block) if a >= sb), sb)
        stop = min([x for x in later if x < sb] or [sb])
        # the reference right after the figure, no other count between ("dôi dư 06 cơ sở … (chi tiết tại Phụ lục 1)")
        tables = [a for _, a in xrefs.referenced(ctx.facts, fig.block, n.end, stop) if a is not None]
        if text.rstrip().endswith(":") and stop >= len(text.rstrip()) - 1 and ";" not in text[n.end:]:
            tables += xrefs.detail_tables(ctx.facts, fig.block)     # "…, chi tiết như sau:" and the table
        if len(tables) != 1 or len(tables[0].tables) != 1:
            continue
        model = models.get(tables[0].tables[0].index)
        if model is None or model.label_col is None or link(fig, [model]) is not None:
            continue
        part = _part(fig)
        if part is not None and (part not in fold(" ".join((model.name, model.caption, model.columns[model.label_col].header)))
                                 or not phrase_re("held_before", at_end=True).search(fold(text[fig.clause_start:n.start]))):
            # "05 cơ sở … chưa xử lý": a part of what the table lists, unless the table lists that part
            # («… DÔI DƯ») and the draft says it has them all ("xã có 05 …", not "bán đấu giá 02 …")
            continue
        head = fig.unit.split()[0]
        label_head = fold(model.columns[model.label_col].header)
        items = [r for r in model.rows if r.kind == "item"]
        title = fold(" ".join((model.name, model.caption)))
        named = rf"(?<!\w){re.escape(fig.unit)}(?!\w)"
        if re.search(named, label_head) or (phrase_re("list_titles").search(title) and re.search(named, title)):
            counted = items      # the label column, or the table's title ("DANH SÁCH … ĐIỂN HÌNH"), names what it lists
        else:
            counted = [r for r in items if fold(r.label).startswith(fig.unit + " ") or fold(r.label) == fig.unit]
            if not counted or head in lexicon_words().get("generic_unit_heads", ()):
                continue
        if len(counted) in (n.value, n.denominator) or len(counted) < 2:
            continue
        # "03/04 trụ sở dôi dư …, trong đó 01 …, 02 trụ sở đề xuất bán đấu giá (chi tiết tại Biểu 4)" and
        # three rows: an earlier count of the sentence, of the same things, is the table's, and this one
        # a part of it (not "đang sử dụng 05 cơ sở, dôi dư 06 cơ sở" and five rows)
        if any(len(counted) in (g.number.value, g.number.denominator) and n.value < (g.number.denominator or g.number.value)
               for g in figures if g.block is fig.block and sa <= g.number.start < n.start
               and g.unit.split()[:1] == fig.unit.split()[:1]):
            continue
        name = model.table.identifier or ctx.t("bảng chi tiết", "the detail table")
        noun = re.match(r"\s*((?:[^\W\d_]+[ \t]*){1,3})", text[n.end:n.end + 40])
        said = (text[n.start:n.end] + " " + noun.group(1).strip()) if noun else text[n.start:n.end]
        said = said if said in text else text[n.start:n.end]
        yield ctx.finding(RULE, fig.block, evidence=said, offset=n.start, clause=clause, code="row_count",
                          message=ctx.t(f"Báo cáo ghi «{said}» nhưng {name} chỉ liệt kê {len(counted)} dòng." if len(counted) < n.value
                                        else f"Báo cáo ghi «{said}» nhưng {name} liệt kê {len(counted)} dòng.",
                                        f"The text says «{said}» but {name} lists {len(counted)} rows."),
                          suggestion=ctx.t("Thống nhất số lượng giữa báo cáo lời và bảng chi tiết.",
                                           "Make the count in the text and the rows of the table agree."))


@lru_cache(maxsize=1)
def _change_re() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in lexicon_words().get("change_before", ()))
                      + r")(?:\s+\w+){0,2}\s*$")


def _is_change(fig) -> bool:
    """"giảm 11 công chức", "06 công chức … còn thiếu": a change, a gap or a part, not the count itself."""
    return _changed(fig) or _part(fig) is not None


def _changed(fig) -> bool:
    """"giảm 11 công chức", "thêm 02 xe": the words before the figure make it a change."""
    return bool(_change_re().search(fold(fig.block.text[max(0, fig.number.start - 30):fig.number.start])))


def _part(fig) -> str | None:
    """"06 công chức … còn thiếu", "05 cơ sở nhà, đất dôi dư": the word of its clause making the
    figure a part of the things (the gap, the surplus), or None."""
    rest = fig.block.text[fig.number.end:fig.number.end + 120]
    end = _CLAUSE_END_RE.search(rest)
    m = phrase_re("part_after").search(fold(rest[:end.start() if end else len(rest)]))
    return m.group(0).strip() if m else None


def _rows_by_label(models):
    """label key -> [(model, row)] for the item rows of the annex tables."""
    out: dict[str, list] = {}
    for m in models:
        for row in m.rows:
            key = label_key(row.label)
            if key and row.kind != "total":
                out.setdefault(key, []).append((m, row))
    return out


def _cells(ctx, figures, models, clause):
    rows = _rows_by_label(models)
    target = phrase_re("target_words")
    for fig in figures:
        n = fig.number
        ln = link(fig, models)
        if ln is not None:
            if target.search(fig.subject) and not target.search(fold(ln.column.header)):
                continue     # "(chỉ tiêu năm 2026 là 02 đảng viên)": a target, not the count the column gives
            if ln.value != n.value:
                yield _finding(ctx, fig, ln.model, ln.row, f"{ln.column.header}", ln.cell, clause)
            continue
        if n.kind != "int" or _is_change(fig):
            continue
        # the unit noun names the row: "17 công chức" and the row «Công chức»
        after = re.match(r"[ \t]+((?:[^\W\d_]+[ \t]*){1,3})", fig.block.text[n.end:n.end + 40])
        if not after:
            continue     # "21, xây dựng 07": the words after a comma are another part's name
        words = re.findall(r"[^\W\d_]+", fold(after.group(1)))[:3]
        for k in range(min(3, len(words)), 0, -1):
            hits = rows.get(" ".join(words[:k]))
            if not hits:
                continue
            if len(hits) == 1:
                model, row = hits[0]
                cells = [v for c, v in zip(model.columns, row.values) if c.kind in ADDITIVE and v is not None]
                if cells and n.value not in cells:
                    shown = ", ".join(format_number(c) for c in cells)
                    tail = re.match(r"\s*(?:[^\W\d_]+\s*){%d}" % k, fig.block.text[n.end:])
                    said = (fig.block.text[n.start:n.end] + (tail.group(0) if tail else "")).strip()
                    yield _finding(ctx, fig, model, row, None, shown, clause, said=said)
            break


def _finding(ctx, fig, model, row, column, shown, clause, said=None):
    block = fig.block
    if said is None:
        unit = re.match(r"\s*(?:m²|m2|km²|[^\W\d_]+(?:\s+[^\W\d_]+)?)?", block.text[fig.number.end:])
        said = (block.text[fig.number.start:fig.number.end] + (unit.group(0) if unit else "")).strip()
        lead = block.text[fig.clause_start:fig.number.start].strip()
        if lead and len(lead) <= 60:
            said = f"{lead} {said}"
    name = model.table.identifier or ctx.t("phụ lục", "annex")
    row_name = row.label or row.marker
    where_vi = f"dòng «{row_name}»" + (f", cột «{column}»" if column else "")
    where_en = f"row «{row_name}»" + (f", column «{column}»" if column else "")
    return ctx.finding(RULE, block, evidence=said, offset=block.text.find(said) if said in block.text else fig.number.start,
                       clause=clause,
                       message=ctx.t(f"Báo cáo ghi «{said}» nhưng {name}, {where_vi} ghi {shown}.",
                                     f"The text says «{said}» but {name}, {where_en} has {shown}."),
                       suggestion=ctx.t("Thống nhất số liệu giữa báo cáo lời và biểu phụ lục.",
                                        "Make the text and the annex table agree."))
